import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, type OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { merge } from 'rxjs';

import { type CaseSummary, type CounsellorSummary, REALTIME_EVENTS } from '@contracts/cases';

import { CaseBoardHost } from '../../core/features/case-hosts';
import { I18n } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { Realtime } from '../../core/realtime/realtime';
import { ActionState } from '../../shared/ui/action-state';
import { FeatureOutletComponent } from '../portal/feature-outlet.component';
import { PortalStore } from '../portal/portal.store';
import { memberNames } from './case-list.component';
import { caseActions, caseEvents } from './case-parts';
import { CasesApi } from './cases.api';
import { RoutingComponent } from './routing.component';

/**
 * The administration's board: new enquiries with their routing data (never the text), all cases
 * with their counsellor, reassignment, the counsellors with their absence state, and what the
 * licensed features let the administration do where a case has nobody to answer (e.g. a notice).
 */
@Component({
  selector: 'bd-assignment-board',
  imports: [DatePipe, TranslatePipe, FeatureOutletComponent, RoutingComponent],
  providers: [{ provide: CaseBoardHost, useExisting: AssignmentBoardComponent }],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (action.notice(); as n) { <p role="status" class="success">{{ n }}</p> }
    @if (action.error(); as e) { <p role="alert" class="form-error">{{ e }}</p> }
    <h2>{{ 'board.new' | t }}</h2>
    @if (newCases().length === 0) { <p class="hint">{{ 'board.noNew' | t }}</p> }
    <ul class="board">
      @for (c of newCases(); track c.id) {
        <li class="card board-case">
          <p class="board-head"><strong>{{ names(c) }}</strong> <time [attr.datetime]="c.createdAt">{{ c.createdAt | date: 'dd.MM.yyyy HH:mm' }}</time></p>
          @if (c.routing) { <bd-routing [routing]="c.routing" /> }
          <div class="assign-row">
            <label [for]="'assign-' + c.id">{{ 'board.assignTo' | t }}</label>
            <select [id]="'assign-' + c.id" #pick>
              @for (p of counsellors(); track p.id) {
                <option [value]="p.id">{{ p.name }} ({{ 'board.openCases' | t: { count: p.openCases } }}@if (p.absent) {, {{ 'board.absent' | t }}})</option>
              }
            </select>
            <button type="button" (click)="assign(c, pick.value)" [disabled]="action.busy() || counsellors().length === 0">{{ 'board.assign' | t }}</button>
          </div>
          <bd-feature-outlet [components]="actions()" [inputs]="{ centre: centre(), caseId: c.id, compact: false }" />
        </li>
      }
    </ul>

    <h2>{{ 'board.assigned' | t }}</h2>
    <div class="table-scroll">
      <table class="data responsive">
        <thead>
          <tr>
            <th scope="col">{{ 'board.clients' | t }}</th>
            <th scope="col">{{ 'board.counsellor' | t }}</th>
            <th scope="col">{{ 'board.lastActivity' | t }}</th>
            <th scope="col">{{ 'board.reassign' | t }}</th>
          </tr>
        </thead>
        <tbody>
          @for (c of assignedCases(); track c.id) {
            <tr [class.attention]="!!c.counsellorAbsence">
              <td [attr.data-label]="'board.clients' | t">@if (c.kind === 'group') { {{ c.title }}: } {{ names(c) }}</td>
              <td [attr.data-label]="'board.counsellor' | t">{{ c.counsellor?.name }}@if (c.counsellorAbsence) { · {{ 'board.absent' | t }} }</td>
              <td [attr.data-label]="'board.lastActivity' | t">{{ c.lastActivityAt | date: 'dd.MM.yyyy HH:mm' }}</td>
              <td class="actions">
                <label [for]="'re-' + c.id" class="visually-hidden">{{ 'board.reassign' | t }}</label>
                <select [id]="'re-' + c.id" #re>
                  @for (p of counsellors(); track p.id) {
                    <option [value]="p.id" [selected]="p.id === c.counsellor?.id">{{ p.name }}</option>
                  }
                </select>
                <button type="button" class="small secondary" (click)="assign(c, re.value)">{{ 'board.reassign' | t }}</button>
                @if (c.counsellorAbsence) {
                  <bd-feature-outlet [components]="actions()" [inputs]="{ centre: centre(), caseId: c.id, compact: true }" />
                }
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>

    <h2>{{ 'board.counsellors' | t }}</h2>
    <ul class="counsellor-list">
      @for (p of counsellors(); track p.id) {
        <li>
          <div class="checkbox">
            <input type="checkbox" [id]="'abs-' + p.id" [checked]="p.absent" (change)="setAbsence(p, $any($event.target).checked)" />
            <label [for]="'abs-' + p.id">{{ 'board.absentSwitch' | t: { name: p.name } }} ({{ 'board.openCases' | t: { count: p.openCases } }})</label>
          </div>
        </li>
      }
    </ul>
  `,
})
export class AssignmentBoardComponent implements OnInit, CaseBoardHost {
  readonly centre = input.required<string>();
  private readonly api = inject(CasesApi);
  private readonly i18n = inject(I18n);
  private readonly portal = inject(PortalStore);
  readonly action = new ActionState(this.i18n);
  protected readonly actions = computed(() => caseActions(this.portal.features()));
  protected readonly cases = signal<CaseSummary[]>([]);
  protected readonly counsellors = signal<CounsellorSummary[]>([]);
  protected readonly newCases = computed(() => this.cases().filter((c) => c.status === 'new'));
  protected readonly assignedCases = computed(() => this.cases().filter((c) => c.status !== 'new'));

  ngOnInit(): void {
    void this.load();
  }

  constructor() {
    const realtime = inject(Realtime);
    // The centre's features are known here: the portal shows its pages once its info is loaded.
    const features = caseEvents(this.portal.features()).map((event) => realtime.on(event));
    merge(realtime.on(REALTIME_EVENTS.caseNew), realtime.on(REALTIME_EVENTS.caseUpdated), realtime.on(REALTIME_EVENTS.registration), ...features)
      .pipe(takeUntilDestroyed())
      .subscribe(() => void this.load());
  }

  private async load(): Promise<void> {
    const [cases, counsellors] = await Promise.all([this.api.cases(this.centre()), this.api.counsellors(this.centre())]);
    this.cases.set(cases);
    this.counsellors.set(counsellors);
  }

  protected names(c: CaseSummary): string {
    return memberNames(c);
  }

  async assign(c: CaseSummary, counsellorId: string): Promise<void> {
    const name = this.counsellors().find((p) => p.id === counsellorId)?.name ?? '';
    await this.action.run(() => this.api.assign(this.centre(), c.id, counsellorId), this.i18n.t('board.assigned.done', { name }));
    await this.load();
  }

  async setAbsence(p: CounsellorSummary, on: boolean): Promise<void> {
    await this.action.run(() => this.api.setAbsenceFor(this.centre(), p.id, on));
    await this.load();
  }
}
