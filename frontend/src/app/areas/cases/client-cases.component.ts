import { ChangeDetectionStrategy, Component, computed, inject, input, type OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Router } from '@angular/router';
import { merge } from 'rxjs';

import { type CaseSummary, REALTIME_EVENTS } from '@contracts/cases';

import { CaseViewHost } from '../../core/features/case-hosts';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { Realtime } from '../../core/realtime/realtime';
import { LoadFailedComponent } from '../../shared/ui/load-failed.component';
import { FeatureOutletComponent } from '../portal/feature-outlet.component';
import { PortalStore } from '../portal/portal.store';
import { CaseListComponent } from './case-list.component';
import { CasesApi } from './cases.api';
import { caseEvents, caseOpeners, casePanels } from './case-parts';

/**
 * The client's counselling: until there is a case, the ways the licensed features offer to open
 * one; then the case (or a choice of them) with what the features show in it.
 */
@Component({
  selector: 'bd-client-cases',
  imports: [LoadFailedComponent, TranslatePipe, CaseListComponent, FeatureOutletComponent],
  providers: [{ provide: CaseViewHost, useExisting: ClientCasesComponent }],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (cases(); as list) {
      @if (list.length === 0) {
        <bd-feature-outlet [components]="openers()" [inputs]="{ centre: centre() }" />
      } @else {
        @if (list.length > 1) {
          <nav [attr.aria-label]="'cases.conversations' | t">
            <bd-case-list [cases]="list" [base]="'/' + centre() + '/start'" [selected]="current()?.id ?? null" perspective="client" />
          </nav>
        }
        @if (current(); as c) {
          <h2>
            @if (c.kind === 'group') { {{ c.title }} }
            @else if (c.counsellor) { {{ 'cases.with' | t: { name: c.counsellor.name } }} }
            @else { {{ 'cases.awaitingTitle' | t }} }
          </h2>
          @if (!c.counsellor && c.kind === 'individual') { <p class="hint">{{ 'cases.awaitingText' | t }}</p> }
          @if (c.counsellorAbsence; as absence) {
            <p class="notice" role="note">
              {{ 'cases.absent' | t: { name: c.counsellor?.name ?? '' } }}
              @if (absence.text) { <br /><span class="pre">{{ absence.text }}</span> }
            </p>
          }
          <bd-feature-outlet [components]="panels()" [inputs]="{ centre: centre(), caseId: c.id }" />
        }
      }
    } @else {
      @if (loadFailed()) {
        <bd-load-failed (retry)="retry()" />
      } @else {
        <p role="status">{{ 'common.loading' | t }}</p>
      }
    }
  `,
})
export class ClientCasesComponent implements OnInit, CaseViewHost {
  readonly centre = input.required<string>();
  readonly caseId = input<string>();
  private readonly api = inject(CasesApi);
  private readonly router = inject(Router);
  private readonly portal = inject(PortalStore);
  protected readonly openers = computed(() => caseOpeners(this.portal.features()));
  protected readonly panels = computed(() => casePanels(this.portal.features(), 'client'));
  protected readonly cases = signal<CaseSummary[] | null>(null);
  protected readonly loadFailed = signal(false);
  protected readonly current = computed(() => {
    const list = this.cases() ?? [];
    return list.find((c) => c.id === this.caseId()) ?? list.find((c) => c.kind === 'individual') ?? list.at(0) ?? null;
  });

  constructor() {
    const realtime = inject(Realtime);
    // A reconnect too: what changed while the connection was away (e.g. a phone asleep). The
    // centre's features are known here: the portal shows its pages once its info is loaded.
    const features = caseEvents(this.portal.features()).map((event) => realtime.on(event));
    merge(realtime.on(REALTIME_EVENTS.caseUpdated), realtime.on(REALTIME_EVENTS.caseAssigned), realtime.connects, ...features)
      .pipe(takeUntilDestroyed())
      .subscribe(() => void this.load());
  }

  ngOnInit(): void {
    void this.load();
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

  async opened(caseId: string): Promise<void> {
    await this.load();
    await this.router.navigate(['/', this.centre(), 'start', caseId]);
  }

  markedRead(caseId: string): void {
    this.cases.update((list) => list?.map((c) => (c.id === caseId ? { ...c, unread: 0 } : c)) ?? null);
  }
}
