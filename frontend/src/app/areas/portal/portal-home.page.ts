import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';

import type { FeatureKey } from '@contracts/modules';

import { ApiError } from '../../core/api/api-error';
import { AuthStore } from '../../core/auth/auth.store';
import type { TextKey } from '../../core/i18n/de';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { PasswordInputComponent } from '../../shared/ui/password-input.component';
import { PortalStore } from './portal.store';

@Component({
  selector: 'bd-portal-home',
  imports: [ReactiveFormsModule, TranslatePipe, PasswordInputComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (store.centre(); as centre) {
      <div class="portal-grid">
        <section class="portal-intro">
          @if (centre.imageUrl) {
            <img class="portal-image" [src]="centre.imageUrl" alt="" />
          }
          <h1>{{ 'portal.welcome' | t }}</h1>
          <p class="lead">{{ 'portal.intro' | t }}</p>
          @if (offers().length > 0) {
            <h2>{{ 'portal.offers' | t }}</h2>
            <ul class="offers">
              @for (key of offers(); track key) {
                <li>{{ key | t }}</li>
              }
            </ul>
          }
          @if (centre.homepageUrl) {
            <p><a [href]="centre.homepageUrl" rel="noopener noreferrer">{{ 'portal.homepage' | t }}</a></p>
          }
        </section>

        @if (!centre.suspended) {
          <section class="card" aria-labelledby="login-title">
            @if (signedIn(); as me) {
              <p>{{ 'login.signedInAs' | t: { name: me.displayName } }}</p>
              <button type="button" class="secondary" (click)="logout()">{{ 'common.logout' | t }}</button>
            } @else {
              <h2 id="login-title">{{ 'login.title' | t }}</h2>
              <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
                <div class="field">
                  <label for="login">{{ 'login.login' | t }}</label>
                  <input id="login" formControlName="login" autocomplete="username" autocapitalize="off" spellcheck="false" required />
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
            }
          </section>
        }
      </div>
    }
  `,
})
export class PortalHomePage {
  protected readonly store = inject(PortalStore);
  private readonly auth = inject(AuthStore);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly form = this.fb.group({
    login: ['', [Validators.required, Validators.maxLength(254)]],
    password: ['', [Validators.required, Validators.maxLength(256)]],
  });
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly offers = computed(() => (this.store.centre()?.modules ?? []).map((m: FeatureKey) => `module.${m}` as TextKey));
  /** Only a session of this very centre counts as signed in here. */
  protected readonly signedIn = computed(() => {
    const me = this.auth.me();
    return me && me.centre === this.store.slug() ? me : null;
  });

  constructor() {
    void this.auth.ensureLoaded().catch(() => null);
  }

  async submit(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid) {
      this.error.set(null);
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      const { login, password } = this.form.getRawValue();
      await this.auth.loginCentre(this.store.slug(), login, password);
      this.form.reset();
    } catch (e) {
      const error = ApiError.from(e);
      this.error.set(error.detail ?? error.code);
    } finally {
      this.busy.set(false);
    }
  }

  async logout(): Promise<void> {
    await this.auth.logout();
  }
}
