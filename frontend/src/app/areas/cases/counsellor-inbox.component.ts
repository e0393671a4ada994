import { ChangeDetectionStrategy, Component, computed, inject, input, type OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { merge } from 'rxjs';

import { type CaseSummary, REALTIME_EVENTS } from '@contracts/cases';

import { CaseViewHost } from '../../core/features/case-hosts';
import { I18n } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { Realtime } from '../../core/realtime/realtime';
import { ActionState } from '../../shared/ui/action-state';
import { LoadFailedComponent } from '../../shared/ui/load-failed.component';
import { ParticipantPickerComponent } from '../../shared/ui/participant-picker.component';
import { FeatureOutletComponent } from '../portal/feature-outlet.component';
import { PortalStore } from '../portal/portal.store';
import { CaseListComponent, memberNames } from './case-list.component';
import { caseEvents, casePanels } from './case-parts';
import { CasesApi } from './cases.api';
import { RoutingComponent } from './routing.component';

/**
 * The counsellor's inbox: cases (unread first), the open case with what the licensed features
 * show in it, absence, groups.
 */
@Component({
  selector: 'bd-counsellor-inbox',
  imports: [LoadFailedComponent, ReactiveFormsModule, TranslatePipe, CaseListComponent, FeatureOutletComponent, ParticipantPickerComponent, RoutingComponent],
  providers: [{ provide: CaseViewHost, useExisting: CounsellorInboxComponent }],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="absence-bar">
      <div class="checkbox">
        <input id="absence-on" type="checkbox" [checked]="absent()" (change)="toggleAbsence($any($event.target).checked)" />
        <label for="absence-on">{{ 'cases.absenceSwitch' | t }}</label>
      </div>
      @if (absent()) {
        <form [formGroup]="absenceForm" (ngSubmit)="saveAbsenceText()" class="inline-form" novalidate>
          <label for="absence-text" class="visually-hidden">{{ 'cases.absenceText' | t }}</label>
          <input id="absence-text" formControlName="text" [placeholder]="'cases.absenceText' | t" maxlength="1000" />
          <button type="submit" class="small secondary">{{ 'common.save' | t }}</button>
        </form>
      }
    </div>
    <div class="inbox">
      <nav class="inbox-list" [class.has-selection]="!!current()" [attr.aria-label]="'cases.conversations' | t">
        @if (cases(); as list) {
          @if (list.length === 0) { <p class="hint">{{ 'cases.noCases' | t }}</p> }
          <bd-case-list [cases]="list" [base]="'/' + centre() + '/beratung'" [selected]="current()?.id ?? null" />
          @if (individualClients().length >= 2) {
            <details class="group-form">
              <summary>{{ 'cases.groupCreate' | t }}</summary>
              <form [formGroup]="groupForm" (ngSubmit)="createGroup()" novalidate>
                <div class="field">
                  <label for="group-title">{{ 'cases.groupTitle' | t }}</label>
                  <input id="group-title" formControlName="title" maxlength="100" />
                </div>
                <bd-participant-picker [people]="individualClients()" legend="cases.groupMembers" idPrefix="member" [(chosen)]="members" />
                @if (action.error(); as e) { <p class="form-error" role="alert">{{ e }}</p> }
                <button type="submit" [disabled]="action.busy()">{{ 'cases.groupSubmit' | t }}</button>
              </form>
            </details>
          }
        } @else {
          @if (loadFailed()) {
            <bd-load-failed (retry)="retry()" />
          } @else {
            <p role="status">{{ 'common.loading' | t }}</p>
          }
        }
      </nav>
      @if (current(); as c) {
        <section class="inbox-thread" [attr.aria-label]="'cases.thread' | t">
          <h2>@if (c.kind === 'group') { {{ c.title }} } @else { {{ names(c) }} }</h2>
          @if (c.routing) { <bd-routing [routing]="c.routing" /> }
          <bd-feature-outlet [components]="panels()" [inputs]="{ centre: centre(), caseId: c.id }" />
        </section>
      }
    </div>
  `,
})
export class CounsellorInboxComponent implements OnInit, CaseViewHost {
  readonly centre = input.required<string>();
  readonly caseId = input<string>();
  private readonly api = inject(CasesApi);
  private readonly router = inject(Router);
  private readonly portal = inject(PortalStore);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly action = new ActionState(inject(I18n));
  protected readonly panels = computed(() => casePanels(this.portal.features(), 'counsellor'));
  protected readonly cases = signal<CaseSummary[] | null>(null);
  protected readonly loadFailed = signal(false);
  protected readonly absent = signal(false);
  protected readonly members = signal<ReadonlySet<string>>(new Set());
  protected readonly absenceForm = this.fb.group({ text: [''] });
  protected readonly groupForm = this.fb.group({ title: ['', [Validators.required, Validators.maxLength(100)]] });
  protected readonly current = computed(() => (this.cases() ?? []).find((c) => c.id === this.caseId()) ?? null);
  protected readonly individualClients = computed(() =>
    (this.cases() ?? []).filter((c) => c.kind === 'individual').flatMap((c) => c.members),
  );

  constructor() {
    const realtime = inject(Realtime);
    // A reconnect too: what changed while the connection was away (e.g. a phone asleep). The
    // centre's features are known here: the portal shows its pages once its info is loaded.
    const features = caseEvents(this.portal.features()).map((event) => realtime.on(event));
    merge(realtime.on(REALTIME_EVENTS.caseAssigned), realtime.on(REALTIME_EVENTS.caseUpdated), realtime.connects, ...features)
      .pipe(takeUntilDestroyed())
      .subscribe(() => void this.load());
  }

  ngOnInit(): void {
    void this.load();
    void this.api.absence(this.centre()).then((a) => {
      this.absent.set(a.enabled);
      this.absenceForm.setValue({ text: a.text ?? '' });
    });
  }

  protected retry(): void {
    this.loadFailed.set(false);
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.cases.set(await this.api.cases(this.centre()));
      this.loadFailed.set(false);
    } catch {
      // Shown only while nothing is on screen yet; a later failure keeps what is shown.
      if (this.cases() === null) this.loadFailed.set(true);
    }
  }

  protected names(c: CaseSummary): string {
    return memberNames(c);
  }

  markedRead(caseId: string): void {
    this.cases.update((list) => list?.map((c) => (c.id === caseId ? { ...c, unread: 0 } : c)) ?? null);
  }

  async opened(caseId: string): Promise<void> {
    await this.load();
    await this.router.navigate(['/', this.centre(), 'beratung', caseId]);
  }

  async toggleAbsence(on: boolean): Promise<void> {
    const saved = await this.api.setAbsence(this.centre(), on, this.absenceForm.controls.text.value || null);
    this.absent.set(saved.enabled);
  }

  async saveAbsenceText(): Promise<void> {
    await this.api.setAbsence(this.centre(), true, this.absenceForm.controls.text.value || null);
  }

  async createGroup(): Promise<void> {
    this.groupForm.markAllAsTouched();
    if (this.groupForm.invalid) return;
    if (await this.action.run(() => this.api.createGroup(this.centre(), this.groupForm.controls.title.value, [...this.members()]))) {
      this.groupForm.reset();
      this.members.set(new Set());
      await this.load();
    }
  }
}
