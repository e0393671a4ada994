import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';

import { ApiError } from '../../core/api/api-error';
import { CsrfToken } from '../../core/api/csrf';
import { AuthStore } from '../../core/auth/auth.store';
import { I18n } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { errorText } from '../../shared/ui/errors';
import { LangSwitchComponent } from '../../shared/ui/lang-switch.component';
import { PasswordInputComponent } from '../../shared/ui/password-input.component';
import { OperatorApi } from './operator.api';

/**
 * The operator's login: password, then (always, once set up) the second factor — a code from
 * the authenticator app or one of the recovery codes. A first login goes on to setting it up.
 */
@Component({
  selector: 'bd-operator-login',
  imports: [ReactiveFormsModule, TranslatePipe, LangSwitchComponent, PasswordInputComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="site-header">
      <span class="brand">BeraDIG</span>
      <bd-lang-switch />
    </header>
    <main id="content" class="page narrow">
      <section class="card">
        <h1>{{ 'login.operatorTitle' | t }}</h1>
        <p class="hint">{{ 'login.operatorHint' | t }}</p>
        <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
          <div class="field">
            <label for="email">{{ 'common.email' | t }}</label>
            <input id="email" type="email" formControlName="email" autocomplete="username" required
              [attr.aria-invalid]="emailInvalid() || null" [attr.aria-describedby]="emailInvalid() ? 'email-error' : null" />
            @if (emailInvalid()) {
              <p class="field-error" id="email-error">{{ 'field.email' | t }}</p>
            }
          </div>
          <div class="field">
            <label for="password">{{ 'common.password' | t }}</label>
            <bd-password-input [control]="form.controls.password" inputId="password" />
          </div>
          @if (needsCode()) {
            <p class="hint" id="totp-hint">{{ 'operatorAccount.loginCodeHint' | t }}</p>
            <div class="field">
              <label for="totp">{{ 'login.totp' | t }}</label>
              <input id="totp" formControlName="totp" autocomplete="one-time-code" inputmode="text" autocapitalize="off" spellcheck="false"
                aria-describedby="totp-hint" />
            </div>
          }
          @if (error(); as message) {
            <p class="form-error" role="alert">{{ message }}</p>
          }
          <button type="submit" [disabled]="busy()">{{ 'login.submit' | t }}</button>
        </form>
      </section>
    </main>
  `,
})
export class OperatorLoginPage {
  private readonly api = inject(OperatorApi);
  private readonly auth = inject(AuthStore);
  private readonly csrf = inject(CsrfToken);
  private readonly i18n = inject(I18n);
  private readonly router = inject(Router);
  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', [Validators.required]],
    totp: [''],
  });
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly needsCode = signal(false);

  protected emailInvalid(): boolean {
    const c = this.form.controls.email;
    return c.invalid && c.touched;
  }

  async submit(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const { email, password, totp } = this.form.getRawValue();
      const result = await this.api.login(email, password, this.needsCode() ? totp.trim() : undefined);
      this.csrf.set(result.csrfToken);
      const me = await this.auth.reload();
      this.form.reset();
      this.needsCode.set(false);
      await this.router.navigateByUrl(me?.twoFactorSetupPending ? '/operator/konto' : '/operator');
    } catch (e) {
      const error = ApiError.from(e);
      if (error.code === 'TOTP_REQUIRED') {
        this.needsCode.set(true);
        setTimeout(() => document.getElementById('totp')?.focus());
      }
      if (error.code === 'TOTP_INVALID') this.form.controls.totp.reset();
      this.error.set(errorText(error, this.i18n));
    } finally {
      this.busy.set(false);
    }
  }
}
