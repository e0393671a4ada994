import { ChangeDetectionStrategy, Component, inject, input, type OnInit, signal, ViewEncapsulation } from '@angular/core';
import { RouterLink } from '@angular/router';

import type { TeamMemberView } from '@modules/scheduling/contracts';

import { AuthStore } from '../../core/auth/auth.store';
import { LabelPipe } from '../../core/i18n/label.pipe';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { LoadFailedComponent } from '../../shared/ui/load-failed.component';
import { SchedulingApi } from './scheduling.api';

/** The centre's team, public: who presents themself, their ways of contact, whether there are free appointments. */
@Component({
  selector: 'bd-team-page',
  imports: [LabelPipe, LoadFailedComponent, RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // The feature's styles come with its pages and apply to every part of it once loaded.
  styleUrl: './scheduling.css',
  encapsulation: ViewEncapsulation.None,
  template: `
    <h1>{{ 'scheduling.teamTitle' | t }}</h1>
    <p class="lead">{{ 'scheduling.teamIntro' | t }}</p>
    @if (members(); as list) {
      @if (list.length === 0) {
        <p class="hint empty-state">{{ 'scheduling.teamEmpty' | t }}</p>
      } @else {
        <ul class="team">
          @for (m of list; track m.id) {
            <li class="team-member card">
              @if (m.photoUrl) {
                <img class="team-photo" [src]="m.photoUrl" [alt]="'scheduling.photoOf' | t: { name: m.name }" width="160" height="160" />
              } @else {
                <div class="team-photo placeholder" aria-hidden="true">{{ initials(m.name) }}</div>
              }
              <h2>{{ m.name }}</h2>
              @if (m.bio) { <p class="pre">{{ m.bio }}</p> }
              @if (m.contactTypes.length > 0) {
                <p class="hint">{{ 'scheduling.offers' | t }}: @for (c of m.contactTypes; track c) { {{ c | label: 'contact' }}@if (!$last) {, } }</p>
              }
              <p [class.success]="m.hasFreeSlots">{{ (m.hasFreeSlots ? 'scheduling.hasFree' : 'scheduling.noFree') | t }}</p>
            </li>
          }
        </ul>
        <p>
          @if (signedIn()) {
            <a class="button" [routerLink]="['/', centre(), 'termine']">{{ 'scheduling.toBooking' | t }}</a>
          } @else {
            <a class="button" [routerLink]="['/', centre()]">{{ 'scheduling.loginToBook' | t }}</a>
          }
        </p>
      }
    } @else if (failed()) {
      <bd-load-failed (retry)="load()" />
    } @else {
      <p role="status">{{ 'common.loading' | t }}</p>
    }
  `,
})
export class TeamPage implements OnInit {
  readonly centre = input.required<string>();
  private readonly api = inject(SchedulingApi);
  private readonly auth = inject(AuthStore);
  protected readonly members = signal<TeamMemberView[] | null>(null);
  protected readonly failed = signal(false);
  protected readonly signedIn = () => {
    const me = this.auth.me();
    return me?.centre === this.centre() && me.role === 'client';
  };

  ngOnInit(): void {
    void this.auth.ensureLoaded().catch(() => null);
    void this.load();
  }

  async load(): Promise<void> {
    try {
      this.members.set(await this.api.team(this.centre()));
      this.failed.set(false);
    } catch {
      this.failed.set(true);
    }
  }

  protected initials(name: string): string {
    return name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((part) => part[0]!.toUpperCase())
      .join('');
  }
}
