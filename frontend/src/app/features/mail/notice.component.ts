import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';

import { CaseBoardHost } from '../../core/features/case-hosts';
import { I18n } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { MailApi } from './mail.api';

/**
 * The administration's notice to the client of a case nobody answers yet (new, or its
 * counsellor away): a message in the thread, written by the administration.
 */
@Component({
  selector: 'bd-notice',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <details>
      <summary>{{ 'mail.notice' | t }}</summary>
      <label [for]="'notice-' + caseId()" class="visually-hidden">{{ 'mail.notice' | t }}</label>
      <textarea [id]="'notice-' + caseId()" rows="3" maxlength="20000" #notice></textarea>
      <button type="button" class="secondary" [class.small]="compact()" (click)="send(notice)">{{ 'mail.noticeSend' | t }}</button>
    </details>
  `,
})
export class NoticeComponent {
  readonly centre = input.required<string>();
  readonly caseId = input.required<string>();
  /** In a table row: a smaller button. */
  readonly compact = input(false);
  private readonly api = inject(MailApi);
  private readonly i18n = inject(I18n);
  /** The outcome shows above the board, as for its own actions. */
  private readonly board = inject(CaseBoardHost);

  async send(field: HTMLTextAreaElement): Promise<void> {
    const text = field.value.trim();
    if (!text) return;
    if (await this.board.action.run(() => this.api.notice(this.centre(), this.caseId(), text), this.i18n.t('mail.noticeSent'))) field.value = '';
  }
}
