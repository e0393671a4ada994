import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';

import { ApiError } from '../../core/api/api-error';
import { AuthStore } from '../../core/auth/auth.store';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { LangSwitchComponent } from '../../shared/ui/lang-switch.component';
import { PasswordInputComponent } from '../../shared/ui/password-input.component';

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
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', [Validators.required]],
  });
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

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
      const { email, password } = this.form.getRawValue();
      await this.auth.loginOperator(email, password);
      await this.router.navigateByUrl('/operator');
      this.form.reset();
    } catch (e) {
      const error = ApiError.from(e);
      this.error.set(error.detail ?? error.code);
    } finally {
      this.busy.set(false);
    }
  }
}
