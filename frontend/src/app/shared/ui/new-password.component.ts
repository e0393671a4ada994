import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import {
  type AbstractControl,
  type FormControl,
  type FormGroup,
  type NonNullableFormBuilder,
  ReactiveFormsModule,
  type ValidationErrors,
  Validators,
} from '@angular/forms';

import { I18n, type TextKey } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { PasswordInputComponent } from './password-input.component';

export const PASSWORD_MIN = 12;

export type NewPasswordGroup = FormGroup<{ password: FormControl<string>; repeat: FormControl<string> }>;

function sameAsPassword(control: AbstractControl): ValidationErrors | null {
  return control.parent && control.value !== control.parent.get('password')?.value ? { mismatch: true } : null;
}

/** A new password typed twice. The server checks strength; this checks length and the repeat. */
export function newPasswordGroup(fb: NonNullableFormBuilder): NewPasswordGroup {
  const group = fb.group({
    password: ['', [Validators.required, Validators.minLength(PASSWORD_MIN), Validators.maxLength(256)]],
    repeat: ['', [Validators.required, sameAsPassword]],
  });
  group.controls.password.valueChanges.subscribe(() => group.controls.repeat.updateValueAndValidity({ emitEvent: false }));
  return group;
}

@Component({
  selector: 'bd-new-password',
  imports: [ReactiveFormsModule, TranslatePipe, PasswordInputComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p class="hint" [id]="idPrefix() + '-rules'">{{ 'register.passwordHint' | t }}</p>
    <div class="field">
      <label [for]="idPrefix() + '-password'">{{ label() | t }}</label>
      <bd-password-input
        [control]="group().controls.password"
        [inputId]="idPrefix() + '-password'"
        autocomplete="new-password"
        [describedBy]="idPrefix() + '-rules'"
        [invalid]="!!passwordError()"
      />
      @if (passwordError(); as message) {
        <p class="field-error">{{ message }}</p>
      }
    </div>
    <div class="field">
      <label [for]="idPrefix() + '-repeat'">{{ 'invitation.passwordRepeat' | t }}</label>
      <bd-password-input [control]="group().controls.repeat" [inputId]="idPrefix() + '-repeat'" autocomplete="new-password" [invalid]="showRepeatError()" />
      @if (showRepeatError()) {
        <p class="field-error">{{ 'field.mismatch' | t }}</p>
      }
    </div>
  `,
})
export class NewPasswordComponent {
  readonly group = input.required<NewPasswordGroup>();
  readonly idPrefix = input('new');
  readonly label = input<TextKey>('invitation.password');
  /** A message from the server for the password field (e.g. too common). */
  readonly serverError = input<string | null | undefined>(null);
  private readonly i18n = inject(I18n);

  protected passwordError(): string | null {
    const control = this.group().controls.password;
    if (this.serverError()) return this.serverError()!;
    if (control.invalid && control.touched) return this.i18n.t('field.minLength', { min: PASSWORD_MIN });
    return null;
  }

  protected showRepeatError(): boolean {
    const control = this.group().controls.repeat;
    return control.invalid && control.touched && !!control.value;
  }
}
