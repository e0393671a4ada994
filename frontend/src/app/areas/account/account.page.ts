import { ChangeDetectionStrategy, Component, computed, inject, input, type OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';

import { AuthStore } from '../../core/auth/auth.store';
import { homeFor } from '../../core/auth/home';
import { I18n } from '../../core/i18n/i18n.service';
import { LabelPipe } from '../../core/i18n/label.pipe';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { ActionState } from '../../shared/ui/action-state';
import { NewPasswordComponent, newPasswordGroup } from '../../shared/ui/new-password.component';
import { AccountApi, type AccountProfile } from './account.api';
import { TwoFactorComponent } from './two-factor.component';
import { type FeatureComponent, FeatureOutletComponent } from '../portal/feature-outlet.component';
import { PortalStore } from '../portal/portal.store';

type Section = 'profile' | 'password' | 'email' | 'export' | 'delete' | 'logout';

/** My account: details, password, e-mail, two-factor login, data export, deletion. */
@Component({
  selector: 'bd-account-page',
  imports: [LabelPipe, ReactiveFormsModule, TranslatePipe, NewPasswordComponent, TwoFactorComponent, FeatureOutletComponent],
  providers: [AccountApi],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'account.title' | t }}</h1>
    @if (profile(); as p) {
      @if (onlyTwoFactor()) {
        <section class="card" aria-labelledby="tf-title">
          <h2 id="tf-title">{{ 'account.twoFactorTitle' | t }}</h2>
          <p class="notice">{{ 'account.twoFactorRequired' | t }}</p>
          <bd-two-factor [profile]="p" (changed)="afterTwoFactor()" />
        </section>
      } @else {
        <div class="stack">
          <section class="card" aria-labelledby="profile-title">
            <h2 id="profile-title">{{ 'account.profile' | t }}</h2>
            <dl class="facts">
              @if (p.username) {
                <dt>{{ 'common.username' | t }}</dt><dd>{{ p.username }}</dd>
              }
              <dt>{{ 'common.email' | t }}</dt><dd>{{ p.email }}</dd>
              <dt>{{ 'common.role' | t }}</dt><dd>{{ p.role | label: 'role' }}</dd>
            </dl>
            <form [formGroup]="profileForm" (ngSubmit)="saveProfile()" novalidate>
              @if (p.role !== 'client') {
                <div class="field">
                  <label for="acc-name">{{ 'account.displayName' | t }}</label>
                  <input id="acc-name" formControlName="displayName" autocomplete="name" />
                </div>
              }
              <div class="field">
                <label for="acc-notify">{{ 'account.notifyTitle' | t }}</label>
                <select id="acc-notify" formControlName="notifyMode" aria-describedby="acc-notify-hint">
                  <option value="each">{{ 'account.notify.each' | t }}</option>
                  <option value="hourly">{{ 'account.notify.hourly' | t }}</option>
                  @if (p.role !== 'client') { <option value="off">{{ 'account.notify.off' | t }}</option> }
                </select>
                <p class="hint" id="acc-notify-hint">{{ 'account.notifyText' | t }}</p>
              </div>
              <div class="field">
                <label for="acc-locale">{{ 'common.language' | t }}</label>
                <select id="acc-locale" formControlName="locale">
                  <option value="de">{{ 'common.german' | t }}</option>
                  <option value="en">{{ 'common.english' | t }}</option>
                </select>
              </div>
              <button type="submit" [disabled]="action.busy()">{{ 'common.save' | t }}</button>
            </form>
            @if (message('profile'); as m) { <p role="status" class="success">{{ m }}</p> }
          </section>

          <bd-feature-outlet [components]="panels()" [inputs]="{ centre: centre() }" />

          <section class="card" aria-labelledby="pw-title">
            <h2 id="pw-title">{{ 'account.passwordTitle' | t }}</h2>
            <form [formGroup]="passwordForm" (ngSubmit)="changePassword()" novalidate>
              <div class="field">
                <label for="acc-current">{{ 'account.currentPassword' | t }}</label>
                <input id="acc-current" type="password" formControlName="current" autocomplete="current-password" />
                @if (action.field('currentPassword'); as e) { <p class="field-error">{{ e }}</p> }
              </div>
              <bd-new-password [group]="passwordForm.controls.next" idPrefix="acc-new" label="account.newPassword" [serverError]="action.field('newPassword')" />
              <button type="submit" [disabled]="action.busy()">{{ 'common.save' | t }}</button>
            </form>
            @if (message('password'); as m) { <p role="status" class="success">{{ m }}</p> }
          </section>

          <section class="card" aria-labelledby="email-title">
            <h2 id="email-title">{{ 'account.emailTitle' | t }}</h2>
            <form [formGroup]="emailForm" (ngSubmit)="changeEmail()" novalidate>
              <div class="field">
                <label for="acc-email">{{ 'account.newEmail' | t }}</label>
                <input id="acc-email" type="email" formControlName="email" autocomplete="email" />
                @if (action.field('email'); as e) { <p class="field-error">{{ e }}</p> }
              </div>
              <div class="field">
                <label for="acc-email-pw">{{ 'account.deleteConfirm' | t }}</label>
                <input id="acc-email-pw" type="password" formControlName="password" autocomplete="current-password" />
              </div>
              <button type="submit" [disabled]="action.busy()">{{ 'common.save' | t }}</button>
            </form>
            @if (message('email'); as m) { <p role="status" class="success">{{ m }}</p> }
          </section>

          @if (p.twoFactor.available) {
            <section class="card" aria-labelledby="tf-title">
              <h2 id="tf-title">{{ 'account.twoFactorTitle' | t }}</h2>
              <bd-two-factor [profile]="p" (changed)="afterTwoFactor()" />
            </section>
          }

          <section class="card" aria-labelledby="export-title">
            <h2 id="export-title">{{ 'account.exportTitle' | t }}</h2>
            <p>{{ 'account.exportText' | t }}</p>
            <button type="button" class="secondary" (click)="download()" [disabled]="action.busy()">{{ 'account.exportButton' | t }}</button>
          </section>

          <section class="card" aria-labelledby="logout-title">
            <h2 id="logout-title">{{ 'account.logoutAll' | t }}</h2>
            <p>{{ 'account.logoutAllText' | t }}</p>
            <button type="button" class="secondary" (click)="logoutEverywhere()" [disabled]="action.busy()">{{ 'account.logoutAll' | t }}</button>
          </section>

          <section class="card danger-zone" aria-labelledby="delete-title">
            <h2 id="delete-title">{{ 'account.deleteTitle' | t }}</h2>
            <p>{{ 'account.deleteText' | t }}</p>
            <form [formGroup]="deleteForm" (ngSubmit)="deleteAccount()" novalidate>
              <div class="field">
                <label for="acc-delete-pw">{{ 'account.deleteConfirm' | t }}</label>
                <input id="acc-delete-pw" type="password" formControlName="password" autocomplete="current-password" />
              </div>
              <button type="submit" class="danger" [disabled]="action.busy()">{{ 'account.deleteButton' | t }}</button>
            </form>
          </section>
        </div>
      }
      @if (action.error(); as e) {
        <p class="form-error" role="alert">{{ e }}</p>
      }
    } @else {
      <p role="status">{{ 'common.loading' | t }}</p>
    }
  `,
})
export class AccountPage implements OnInit {
  readonly centre = input.required<string>();
  /** The route for staff who must set up two-factor login first shows only that. */
  readonly onlyTwoFactor = input(false);
  private readonly api = inject(AccountApi);
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly i18n = inject(I18n);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly profile = signal<AccountProfile | null>(null);
  private readonly portal = inject(PortalStore);
  /** The licensed features' parts of the account for this person's role (e.g. crisis duty). */
  protected readonly panels = computed<FeatureComponent[]>(() => {
    const role = this.auth.me()?.role;
    return this.portal.features().flatMap((f) => (f.accountPanel && role && f.accountPanel.roles.includes(role) ? [{ id: f.key, feature: f.key, load: f.accountPanel.component }] : []));
  });
  protected readonly action = new ActionState(inject(I18n));
  /** Which card the last notice belongs to. */
  private readonly noticeFor = signal<Section | null>(null);

  protected readonly profileForm = this.fb.group({
    displayName: [''],
    locale: ['de' as 'de' | 'en'],
    notifyMode: ['each' as 'each' | 'hourly' | 'off'],
  });
  protected readonly passwordForm = this.fb.group({ current: ['', Validators.required], next: newPasswordGroup(this.fb) });
  protected readonly emailForm = this.fb.group({ email: ['', [Validators.required, Validators.email]], password: ['', Validators.required] });
  protected readonly deleteForm = this.fb.group({ password: ['', Validators.required] });

  ngOnInit(): void {
    this.api.forCentre(this.centre());
    void this.load();
  }

  protected message(section: Section): string | null {
    return this.noticeFor() === section ? this.action.notice() : null;
  }

  private async load(): Promise<void> {
    const profile = await this.api.profile();
    this.profile.set(profile);
    this.profileForm.setValue({ displayName: profile.displayName ?? '', locale: profile.locale, notifyMode: profile.notifyMode });
  }

  private run(section: Section, work: () => Promise<unknown>, done?: string): Promise<boolean> {
    this.noticeFor.set(section);
    return this.action.run(work, done);
  }

  async saveProfile(): Promise<void> {
    const { displayName, locale, notifyMode } = this.profileForm.getRawValue();
    const isClient = this.profile()?.role === 'client';
    await this.run('profile', async () => {
      this.profile.set(await this.api.update(isClient ? { locale, notifyMode } : { locale, notifyMode, displayName }));
      this.i18n.set(locale);
      await this.auth.reload();
    }, this.i18n.t('common.saved'));
  }

  async changePassword(): Promise<void> {
    this.passwordForm.markAllAsTouched();
    if (this.passwordForm.invalid) return;
    const { current, next } = this.passwordForm.getRawValue();
    const ok = await this.run('password', () => this.api.changePassword(current, next.password), this.i18n.t('account.passwordChanged'));
    if (ok) this.passwordForm.reset();
  }

  async changeEmail(): Promise<void> {
    this.emailForm.markAllAsTouched();
    if (this.emailForm.invalid) return;
    const { email, password } = this.emailForm.getRawValue();
    const ok = await this.run('email', () => this.api.changeEmail(email, password), this.i18n.t('account.emailSent'));
    if (ok) this.emailForm.reset();
  }

  async afterTwoFactor(): Promise<void> {
    await this.load();
    const me = await this.auth.reload();
    if (this.onlyTwoFactor() && me && !me.twoFactorSetupPending) await this.router.navigateByUrl(homeFor(me));
  }

  async download(): Promise<void> {
    await this.run('export', async () => {
      const blob = await this.api.exportData();
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `beradig-${this.centre()}-${new Date().toISOString().slice(0, 10)}.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    });
  }

  async logoutEverywhere(): Promise<void> {
    if (await this.run('logout', () => this.api.logoutEverywhere())) {
      this.auth.forget();
      await this.router.navigate(['/', this.centre()]);
    }
  }

  async deleteAccount(): Promise<void> {
    this.deleteForm.markAllAsTouched();
    if (this.deleteForm.invalid) return;
    if (!confirm(this.i18n.t('account.deleteText'))) return;
    if (await this.run('delete', () => this.api.remove(this.deleteForm.controls.password.value))) {
      this.auth.forget();
      await this.router.navigate(['/', this.centre()], { state: { notice: 'account.deleted' } });
    }
  }
}
