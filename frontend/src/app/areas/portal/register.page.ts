import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import { ApiError } from '../../core/api/api-error';
import { I18n } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { errorText } from '../../shared/ui/errors';
import { NewPasswordComponent, newPasswordGroup } from '../../shared/ui/new-password.component';
import { RichTextComponent } from '../../shared/ui/rich-text.component';
import { PortalStore } from './portal.store';

/** Client self-registration: pseudonym, e-mail, password, consent to the privacy statement. */
@Component({
  selector: 'bd-register-page',
  imports: [ReactiveFormsModule, RouterLink, TranslatePipe, NewPasswordComponent, RichTextComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card narrow">
      <h1>{{ 'register.title' | t }}</h1>
      @if (done()) {
        <p role="status" class="success">{{ 'register.done' | t }}</p>
        <a class="button" [routerLink]="['/', store.slug()]">{{ 'register.toLogin' | t }}</a>
      } @else {
        <p>{{ 'register.intro' | t }}</p>
        <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
          <div class="field">
            <label for="reg-username">{{ 'register.username' | t }}</label>
            <input id="reg-username" formControlName="username" autocomplete="username" autocapitalize="off" spellcheck="false" required
              aria-describedby="reg-username-hint" [attr.aria-invalid]="!!fieldError('username') || null" />
            <p class="hint" id="reg-username-hint">{{ 'register.usernameHint' | t }}</p>
            @if (fieldError('username'); as message) {
              <p class="field-error">{{ message }}</p>
            }
          </div>
          <div class="field">
            <label for="reg-email">{{ 'common.email' | t }}</label>
            <input id="reg-email" type="email" formControlName="email" autocomplete="email" required [attr.aria-invalid]="!!fieldError('email') || null" />
            @if (fieldError('email'); as message) {
              <p class="field-error">{{ message }}</p>
            }
          </div>
          <fieldset class="plain" [formGroup]="form.controls.passwords">
            <legend class="visually-hidden">{{ 'common.password' | t }}</legend>
            <bd-new-password [group]="form.controls.passwords" idPrefix="reg" label="common.password" [serverError]="server()?.field('password')" />
          </fieldset>
          <details class="privacy">
            <summary>{{ 'register.privacyShow' | t }}</summary>
            <div class="prose" lang="de"><bd-rich-text [text]="store.centre()?.privacyText ?? ''" /></div>
          </details>
          <div class="field checkbox">
            <input id="reg-privacy" type="checkbox" formControlName="privacyAccepted" required />
            <label for="reg-privacy">{{ 'register.privacyAccept' | t }}</label>
          </div>
          @if (fieldError('privacyAccepted'); as message) {
            <p class="field-error">{{ message }}</p>
          }
          @if (error(); as message) {
            <p class="form-error" role="alert">{{ message }}</p>
          }
          <button type="submit" [disabled]="busy()">{{ 'register.submit' | t }}</button>
        </form>
      }
    </section>
  `,
})
export class RegisterPage {
  protected readonly store = inject(PortalStore);
  private readonly http = inject(HttpClient);
  private readonly i18n = inject(I18n);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    username: ['', [Validators.required, Validators.minLength(3), Validators.maxLength(30), Validators.pattern(/^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u)]],
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
    passwords: newPasswordGroup(this.fb),
    privacyAccepted: [false, Validators.requiredTrue],
  });
  protected readonly busy = signal(false);
  protected readonly done = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly server = signal<ApiError | null>(null);

  protected fieldError(name: 'username' | 'email' | 'privacyAccepted'): string | null {
    const fromServer = this.server()?.field(name);
    if (fromServer) return fromServer;
    const control = this.form.controls[name];
    if (!control.touched || control.valid) return null;
    if (name === 'email') return this.i18n.t('field.email');
    if (name === 'privacyAccepted') return this.i18n.t('field.privacyRequired');
    return control.hasError('required') ? this.i18n.t('field.required') : this.i18n.t('field.username');
  }

  async submit(): Promise<void> {
    this.form.markAllAsTouched();
    this.server.set(null);
    if (this.form.invalid) return;
    this.busy.set(true);
    this.error.set(null);
    const { username, email, passwords, privacyAccepted } = this.form.getRawValue();
    try {
      await firstValueFrom(
        this.http.post(`/api/v1/centres/${encodeURIComponent(this.store.slug())}/registrations`, {
          username,
          email,
          password: passwords.password,
          privacyAccepted,
          locale: this.i18n.lang(),
        }),
      );
      this.done.set(true);
    } catch (e) {
      const error = ApiError.from(e);
      this.server.set(error);
      this.error.set(errorText(error, this.i18n));
    } finally {
      this.busy.set(false);
    }
  }
}
