import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { type AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, type ValidationErrors, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import { ApiError } from '../../core/api/api-error';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { PasswordInputComponent } from '../../shared/ui/password-input.component';
import { PortalStore } from './portal.store';

const MIN = 12;

function sameAs(other: string) {
  return (control: AbstractControl): ValidationErrors | null =>
    control.parent && control.value !== control.parent.get(other)?.value ? { mismatch: true } : null;
}

/** Invited staff land here from their e-mail and choose their own password. */
@Component({
  selector: 'bd-invitation-page',
  imports: [ReactiveFormsModule, RouterLink, TranslatePipe, PasswordInputComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card narrow">
      <h1>{{ 'invitation.title' | t }}</h1>
      @if (done()) {
        <p role="status">{{ 'invitation.done' | t }}</p>
        <a class="button" [routerLink]="['/', store.slug()]">{{ 'invitation.toLogin' | t }}</a>
      } @else if (!token()) {
        <p role="alert" class="notice">{{ 'invitation.invalid' | t }}</p>
      } @else {
        <p id="pw-rules">{{ 'invitation.intro' | t }}</p>
        <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
          <div class="field">
            <label for="new-password">{{ 'invitation.password' | t }}</label>
            <bd-password-input [control]="form.controls.password" inputId="new-password" autocomplete="new-password" describedBy="pw-rules" [invalid]="showError('password')" />
            @if (showError('password')) {
              <p class="field-error">{{ serverField() ?? ('field.minLength' | t: { min: min }) }}</p>
            }
          </div>
          <div class="field">
            <label for="repeat-password">{{ 'invitation.passwordRepeat' | t }}</label>
            <bd-password-input [control]="form.controls.repeat" inputId="repeat-password" autocomplete="new-password" [invalid]="showError('repeat')" />
            @if (showError('repeat')) {
              <p class="field-error">{{ 'invitation.mismatch' | t }}</p>
            }
          </div>
          @if (error(); as message) {
            <p class="form-error" role="alert">{{ message }}</p>
          }
          <button type="submit" [disabled]="busy()">{{ 'invitation.submit' | t }}</button>
        </form>
      }
    </section>
  `,
})
export class InvitationPage {
  readonly token = input<string>('');
  protected readonly store = inject(PortalStore);
  private readonly http = inject(HttpClient);
  protected readonly min = MIN;
  protected readonly form = inject(NonNullableFormBuilder).group({
    password: ['', [Validators.required, Validators.minLength(MIN), Validators.maxLength(256)]],
    repeat: ['', [Validators.required, sameAs('password')]],
  });
  protected readonly busy = signal(false);
  protected readonly done = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly serverField = signal<string | null>(null);

  protected showError(name: 'password' | 'repeat'): boolean {
    const control = this.form.controls[name];
    return control.invalid && (control.touched || control.dirty);
  }

  async submit(): Promise<void> {
    this.form.controls.repeat.updateValueAndValidity();
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      await firstValueFrom(
        this.http.post(`/api/v1/centres/${encodeURIComponent(this.store.slug())}/invitations/accept`, {
          token: this.token(),
          password: this.form.controls.password.value,
        }),
      );
      this.done.set(true);
    } catch (e) {
      const error = ApiError.from(e);
      this.serverField.set(error.field('password') ?? null);
      this.error.set(error.detail ?? error.code);
    } finally {
      this.busy.set(false);
    }
  }
}
