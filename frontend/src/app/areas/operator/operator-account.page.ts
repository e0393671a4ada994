import { ChangeDetectionStrategy, Component, computed, inject, type OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';

import { AuthStore } from '../../core/auth/auth.store';
import { I18n } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { ActionState } from '../../shared/ui/action-state';
import { OperatorApi, type OperatorProfile, type TotpSetup } from './operator.api';

/**
 * The operator's account: two-factor login, mandatory. At the first login nothing else is
 * possible until it is set up (QR code and secret, a code to confirm, the recovery codes shown
 * once); afterwards the recovery codes left and new ones. There is no switch to turn it off.
 */
@Component({
  selector: 'bd-operator-account',
  imports: [ReactiveFormsModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'operatorAccount.title' | t }}</h1>
    @if (profile(); as p) {
      <section class="card" aria-labelledby="tf-title">
        <h2 id="tf-title">{{ 'account.twoFactorTitle' | t }}</h2>
        @if (recoveryCodes(); as codes) {
          <h3>{{ 'account.recoveryTitle' | t }}</h3>
          <p>{{ 'account.recoveryHint' | t }}</p>
          <ul class="codes">
            @for (code of codes; track code) {
              <li><code>{{ code }}</code></li>
            }
          </ul>
          <button type="button" (click)="done()">{{ (pending() ? 'operatorAccount.continue' : 'common.close') | t }}</button>
        } @else if (p.twoFactor.enabled) {
          <p>{{ 'account.twoFactorOn' | t: { count: p.twoFactor.recoveryCodesLeft } }}</p>
          <p class="hint">{{ 'operatorAccount.lostHint' | t }}</p>
          <form [formGroup]="passwordForm" (ngSubmit)="newCodes()" class="inline-form" novalidate>
            <div class="field">
              <label for="tf-password">{{ 'account.deleteConfirm' | t }}</label>
              <input id="tf-password" type="password" formControlName="password" autocomplete="current-password" />
            </div>
            <button type="submit" class="secondary" [disabled]="action.busy()">{{ 'account.recoveryNew' | t }}</button>
          </form>
        } @else {
          <p class="notice">{{ 'operatorAccount.setupRequired' | t }}</p>
          @if (setup(); as s) {
            <p>{{ 'account.twoFactorScan' | t }}</p>
            <img class="qr" [src]="s.qrCode" alt="QR-Code" width="200" height="200" />
            <p>{{ 'account.twoFactorSecret' | t }}: <code class="secret">{{ s.secret }}</code></p>
            <form [formGroup]="codeForm" (ngSubmit)="confirm()" novalidate>
              <div class="field">
                <label for="tf-code">{{ 'account.twoFactorCode' | t }}</label>
                <input id="tf-code" formControlName="code" inputmode="numeric" autocomplete="one-time-code" maxlength="7" />
              </div>
              <button type="submit" [disabled]="action.busy()">{{ 'account.twoFactorConfirm' | t }}</button>
            </form>
          } @else {
            <p>{{ 'account.twoFactorOff' | t }}</p>
            <button type="button" (click)="begin()" [disabled]="action.busy()">{{ 'account.twoFactorStart' | t }}</button>
          }
        }
        @if (action.error(); as message) {
          <p class="form-error" role="alert">{{ message }}</p>
        }
      </section>
    } @else {
      <p role="status">{{ 'common.loading' | t }}</p>
    }
  `,
})
export class OperatorAccountPage implements OnInit {
  private readonly api = inject(OperatorApi);
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly i18n = inject(I18n);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly profile = signal<OperatorProfile | null>(null);
  protected readonly setup = signal<TotpSetup | null>(null);
  protected readonly recoveryCodes = signal<string[] | null>(null);
  protected readonly pending = computed(() => !!this.auth.me()?.twoFactorSetupPending);
  protected readonly action = new ActionState(this.i18n);
  protected readonly codeForm = this.fb.group({ code: ['', [Validators.required, Validators.pattern(/^\s*\d{3}\s?\d{3}\s*$/)]] });
  protected readonly passwordForm = this.fb.group({ password: ['', Validators.required] });

  ngOnInit(): void {
    void this.load();
  }

  private async load(): Promise<void> {
    this.profile.set(await this.api.profile());
  }

  async begin(): Promise<void> {
    await this.action.run(async () => this.setup.set(await this.api.beginTwoFactor()));
  }

  async confirm(): Promise<void> {
    if (this.codeForm.invalid) {
      this.action.error.set(this.i18n.t('account.twoFactorCode'));
      return;
    }
    await this.action.run(async () => {
      const result = await this.api.confirmTwoFactor(this.codeForm.controls.code.value);
      this.setup.set(null);
      this.codeForm.reset();
      this.recoveryCodes.set(result.recoveryCodes);
    });
  }

  async newCodes(): Promise<void> {
    if (this.passwordForm.invalid) return;
    await this.action.run(async () => {
      const result = await this.api.newRecoveryCodes(this.passwordForm.controls.password.value);
      this.passwordForm.reset();
      this.recoveryCodes.set(result.recoveryCodes);
    });
  }

  /** The codes are written down: on to the console (after a first setup) or back to the account. */
  async done(): Promise<void> {
    this.recoveryCodes.set(null);
    if (this.pending()) {
      await this.auth.reload();
      await this.router.navigateByUrl('/operator');
      return;
    }
    await this.load();
  }
}
