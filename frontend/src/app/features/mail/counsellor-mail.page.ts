import { ChangeDetectionStrategy, Component, computed, inject, input, type OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { merge } from 'rxjs';

import type { CaseSummary } from '@contracts/cases';

import { I18n } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import type { DocumentsPortalInfo } from '@modules/documents/contracts';

import { PortalStore } from '../../areas/portal/portal.store';
import { DocumentBoxComponent } from '../documents/document-box.component';
import { Realtime } from '../../core/realtime/realtime';
import { ActionState } from '../../shared/ui/action-state';
import { CaseListComponent } from './case-list.component';
import { MailApi } from './mail.api';
import { NotesComponent } from './notes.component';
import { RoutingComponent } from './routing.component';
import { ThreadComponent } from './thread.component';
import { LoadFailedComponent } from '../../shared/ui/load-failed.component';

/** The counsellor's inbox: cases (unread first), the open thread, private notes, absence, groups. */
@Component({
  selector: 'bd-counsellor-mail',
  imports: [LoadFailedComponent, ReactiveFormsModule, TranslatePipe, CaseListComponent, DocumentBoxComponent, NotesComponent, RoutingComponent, ThreadComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="absence-bar">
      <div class="checkbox">
        <input id="absence-on" type="checkbox" [checked]="absent()" (change)="toggleAbsence($any($event.target).checked)" />
        <label for="absence-on">{{ 'mail.absenceSwitch' | t }}</label>
      </div>
      @if (absent()) {
        <form [formGroup]="absenceForm" (ngSubmit)="saveAbsenceText()" class="inline-form" novalidate>
          <label for="absence-text" class="visually-hidden">{{ 'mail.absenceText' | t }}</label>
          <input id="absence-text" formControlName="text" [placeholder]="'mail.absenceText' | t" maxlength="1000" />
          <button type="submit" class="small secondary">{{ 'common.save' | t }}</button>
        </form>
      }
    </div>
    <div class="inbox">
      <nav class="inbox-list" [class.has-selection]="!!current()" [attr.aria-label]="'mail.conversations' | t">
        @if (cases(); as list) {
          @if (list.length === 0) { <p class="hint">{{ 'mail.noCases' | t }}</p> }
          <bd-case-list [cases]="list" [base]="'/' + centre() + '/beratung'" [selected]="current()?.id ?? null" />
          @if (individualClients().length >= 2) {
            <details class="group-form">
              <summary>{{ 'mail.groupCreate' | t }}</summary>
              <form [formGroup]="groupForm" (ngSubmit)="createGroup()" novalidate>
                <div class="field">
                  <label for="group-title">{{ 'mail.groupTitle' | t }}</label>
                  <input id="group-title" formControlName="title" maxlength="100" />
                </div>
                <fieldset>
                  <legend>{{ 'mail.groupMembers' | t }}</legend>
                  @for (p of individualClients(); track p.id) {
                    <div class="checkbox">
                      <input type="checkbox" [id]="'member-' + p.id" [checked]="members().has(p.id)" (change)="toggleMember(p.id, $any($event.target).checked)" />
                      <label [for]="'member-' + p.id">{{ p.name }}</label>
                    </div>
                  }
                </fieldset>
                @if (action.error(); as e) { <p class="form-error" role="alert">{{ e }}</p> }
                <button type="submit" [disabled]="action.busy()">{{ 'mail.groupSubmit' | t }}</button>
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
        <section class="inbox-thread" [attr.aria-label]="'mail.thread' | t">
          <h2>@if (c.kind === 'group') { {{ c.title }} } @else { {{ names(c) }} }</h2>
          @if (c.routing) { <bd-routing [routing]="c.routing" /> }
          <bd-thread [centre]="centre()" [caseId]="c.id" [summary]="c" (read)="markedRead($event)" />
          @if (documentMaxBytes(); as max) { <bd-document-box [centre]="centre()" [caseId]="c.id" [maxBytes]="max" /> }
          <details class="notes-panel">
            <summary>{{ 'mail.notes' | t }}</summary>
            <bd-notes [centre]="centre()" [caseId]="c.id" />
          </details>
        </section>
      }
    </div>
  `,
})
export class CounsellorMailPage implements OnInit {
  readonly centre = input.required<string>();
  readonly caseId = input<string>();
  /** The document box shows where the centre has the `documents` module. */
  private readonly portal = inject(PortalStore);
  protected readonly documentMaxBytes = computed(() => (this.portal.centre()?.features['documents'] as DocumentsPortalInfo | undefined)?.maxBytes ?? null);
  private readonly api = inject(MailApi);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly action = new ActionState(inject(I18n));
  protected readonly cases = signal<CaseSummary[] | null>(null);
  protected readonly absent = signal(false);
  protected readonly members = signal(new Set<string>());
  protected readonly absenceForm = this.fb.group({ text: [''] });
  protected readonly groupForm = this.fb.group({ title: ['', [Validators.required, Validators.maxLength(100)]] });
  protected readonly current = computed(() => (this.cases() ?? []).find((c) => c.id === this.caseId()) ?? null);
  protected readonly individualClients = computed(() =>
    (this.cases() ?? []).filter((c) => c.kind === 'individual').flatMap((c) => c.members),
  );

  ngOnInit(): void {
    void this.load();
    void this.api.absence(this.centre()).then((a) => {
      this.absent.set(a.enabled);
      this.absenceForm.setValue({ text: a.text ?? '' });
    });
  }

  constructor() {
    const realtime = inject(Realtime);
    // A reconnect too: what changed while the connection was away (e.g. a phone asleep).
    merge(realtime.on('mail.unread'), realtime.on('case.assigned'), realtime.on('case.updated'), realtime.connects)
      .pipe(takeUntilDestroyed())
      .subscribe(() => void this.load());
  }

  protected readonly loadFailed = signal(false);

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
    return c.members.map((m) => m.name).join(', ');
  }

  protected markedRead(caseId: string): void {
    this.cases.update((list) => list?.map((c) => (c.id === caseId ? { ...c, unread: 0 } : c)) ?? null);
  }

  async toggleAbsence(on: boolean): Promise<void> {
    const saved = await this.api.setAbsence(this.centre(), on, this.absenceForm.controls.text.value || null);
    this.absent.set(saved.enabled);
  }

  async saveAbsenceText(): Promise<void> {
    await this.api.setAbsence(this.centre(), true, this.absenceForm.controls.text.value || null);
  }

  protected toggleMember(id: string, on: boolean): void {
    const next = new Set(this.members());
    if (on) next.add(id);
    else next.delete(id);
    this.members.set(next);
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
