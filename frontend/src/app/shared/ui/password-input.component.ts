import { ChangeDetectionStrategy, Component, input, signal } from '@angular/core';
import { type FormControl, ReactiveFormsModule } from '@angular/forms';

import { TranslatePipe } from '../../core/i18n/t.pipe';

/** A password field with a show/hide toggle: typing blind on a phone is error-prone. */
@Component({
  selector: 'bd-password-input',
  imports: [ReactiveFormsModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="password-input">
      <input
        [id]="inputId()"
        [type]="visible() ? 'text' : 'password'"
        [formControl]="control()"
        [attr.autocomplete]="autocomplete()"
        [attr.aria-describedby]="describedBy() || null"
        [attr.aria-invalid]="invalid() || null"
        required
        spellcheck="false"
        autocapitalize="off"
      />
      <button type="button" class="link-button" (click)="visible.set(!visible())" [attr.aria-pressed]="visible()" [attr.aria-controls]="inputId()">
        {{ (visible() ? 'common.hidePassword' : 'common.showPassword') | t }}
      </button>
    </div>
  `,
})
export class PasswordInputComponent {
  readonly control = input.required<FormControl<string>>();
  readonly inputId = input.required<string>();
  readonly autocomplete = input<'current-password' | 'new-password'>('current-password');
  readonly describedBy = input<string>('');
  readonly invalid = input(false);
  protected readonly visible = signal(false);
}
