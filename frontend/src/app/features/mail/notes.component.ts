import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';

import { MAX_MESSAGE_LENGTH } from '@modules/mail/contracts';

import { I18n } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { ActionState } from '../../shared/ui/action-state';
import { MailApi } from './mail.api';

/** The counsellor's private notes on a case: nobody else can read them. A private case panel. */
@Component({
  selector: 'bd-notes',
  imports: [DatePipe, ReactiveFormsModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <details class="notes-panel">
      <summary>{{ 'mail.notes' | t }}</summary>
      <form [formGroup]="form" (ngSubmit)="save()" novalidate>
        <label [for]="'notes-' + caseId()">{{ 'mail.notes' | t }}</label>
        <p class="hint">{{ 'mail.notesHint' | t }}</p>
        <textarea [id]="'notes-' + caseId()" formControlName="text" rows="8" [attr.maxlength]="max"></textarea>
        <div class="compose-row">
          <span class="hint">@if (updatedAt(); as at) { {{ 'mail.notesSaved' | t }} {{ at | date: 'dd.MM.yyyy HH:mm' }} }</span>
          <button type="submit" class="secondary" [disabled]="action.busy()">{{ 'common.save' | t }}</button>
        </div>
        @if (action.error(); as e) { <p class="form-error" role="alert">{{ e }}</p> }
      </form>
    </details>
  `,
})
export class NotesComponent {
  readonly centre = input.required<string>();
  readonly caseId = input.required<string>();
  private readonly api = inject(MailApi);
  protected readonly action = new ActionState(inject(I18n));
  protected readonly max = MAX_MESSAGE_LENGTH;
  protected readonly updatedAt = signal<string | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({ text: [''] });

  constructor() {
    effect(() => {
      const caseId = this.caseId();
      untracked(() => void this.load(caseId));
    });
  }

  private async load(caseId: string): Promise<void> {
    // Never show (or save) one case's private notes under another while loading.
    this.form.setValue({ text: '' });
    this.updatedAt.set(null);
    const note = await this.api.note(this.centre(), caseId);
    if (caseId !== this.caseId()) return;
    this.form.setValue({ text: note.text });
    this.updatedAt.set(note.updatedAt);
  }

  async save(): Promise<void> {
    const caseId = this.caseId();
    await this.action.run(async () => {
      const saved = await this.api.saveNote(this.centre(), caseId, this.form.controls.text.value);
      if (caseId === this.caseId()) this.updatedAt.set(saved.updatedAt);
    });
  }
}
