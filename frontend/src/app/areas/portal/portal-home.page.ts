import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';

import { ApiError } from '../../core/api/api-error';
import { AuthStore } from '../../core/auth/auth.store';
import { homeFor } from '../../core/auth/home';
import { I18n } from '../../core/i18n/i18n.service';
import { LabelPipe } from '../../core/i18n/label.pipe';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { errorText } from '../../shared/ui/errors';
import { PasswordInputComponent } from '../../shared/ui/password-input.component';
import { type FeatureComponent, FeatureOutletComponent } from './feature-outlet.component';
import { PortalStore } from './portal.store';

@Component({
  selector: 'bd-portal-home',
  imports: [LabelPipe, ReactiveFormsModule, RouterLink, TranslatePipe, PasswordInputComponent, FeatureOutletComponent],
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
              @for (module of offers(); track module) {
                <li>{{ module | label: 'module' }}</li>
              }
            </ul>
          }
          @if (centre.homepageUrl) {
            <p><a [href]="centre.homepageUrl" rel="noopener noreferrer">{{ 'portal.homepage' | t }}</a></p>
          }
          @if (!centre.suspended) {
            <bd-feature-outlet [components]="sections()" [inputs]="{ centre: centre.slug }" />
          }
        </section>

        @if (!centre.suspended) {
          <section class="card" aria-labelledby="login-title">
            @if (signedIn(); as me) {
              <p>{{ 'login.signedInAs' | t: { name: me.displayName } }}</p>
              <a class="button" [routerLink]="home()">{{ 'nav.start' | t }}</a>
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
                @if (needsCode()) {
                  <p class="hint">{{ 'login.totpHint' | t }}</p>
                  <div class="field">
                    <label for="totp">{{ 'login.totp' | t }}</label>
                    <input id="totp" formControlName="totp" autocomplete="one-time-code" inputmode="text" autocapitalize="off" spellcheck="false" />
                  </div>
                }
                @if (error(); as message) {
                  <p class="form-error" role="alert">{{ message }}</p>
                }
                <button type="submit" [disabled]="busy()">{{ 'login.submit' | t }}</button>
              </form>
              <p class="below-form">
                <a [routerLink]="['/', centre.slug, 'registrieren']">{{ 'login.register' | t }}</a><br />
                <a [routerLink]="['/', centre.slug, 'passwort-vergessen']">{{ 'login.forgot' | t }}</a>
              </p>
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
  private readonly router = inject(Router);
  private readonly i18n = inject(I18n);

  protected readonly form = inject(NonNullableFormBuilder).group({
    login: ['', [Validators.required, Validators.maxLength(254)]],
    password: ['', [Validators.required, Validators.maxLength(256)]],
    totp: [''],
  });
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly needsCode = signal(false);
  protected readonly offers = computed(() => this.store.centre()?.modules ?? []);
  /** What the licensed features show everyone on the portal page (e.g. the team). */
  protected readonly sections = computed<FeatureComponent[]>(() =>
    this.store.features().flatMap((f) => (f.portalSection ? [{ id: f.key, feature: f.key, load: f.portalSection }] : [])),
  );
  protected readonly signedIn = computed(() => {
    const me = this.auth.me();
    return me && me.centre === this.store.slug() ? me : null;
  });
  protected readonly home = computed(() => {
    const me = this.signedIn();
    return me ? homeFor(me) : '/';
  });

  async submit(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const { login, password, totp } = this.form.getRawValue();
      const me = await this.auth.loginCentre(this.store.slug(), login, password, this.needsCode() ? totp : undefined);
      this.form.reset();
      await this.router.navigateByUrl(homeFor(me));
    } catch (e) {
      const error = ApiError.from(e);
      if (error.code === 'TOTP_REQUIRED') {
        this.needsCode.set(true);
        setTimeout(() => document.getElementById('totp')?.focus());
      }
      this.error.set(errorText(error, this.i18n));
    } finally {
      this.busy.set(false);
    }
  }
}
