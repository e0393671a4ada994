import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';

import { I18n } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { errorText } from '../../shared/ui/errors';
import { AccountApi, type AccountProfile, type TotpSetup } from './account.api';

/** Setting up (and managing) two-factor login: QR code, confirmation code, recovery codes. */
@Component({
  selector: 'bd-two-factor',
  imports: [ReactiveFormsModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (recoveryCodes(); as codes) {
      <h3>{{ 'account.recoveryTitle' | t }}</h3>
      <p>{{ 'account.recoveryHint' | t }}</p>
      <ul class="codes">
        @for (code of codes; track code) {
          <li><code>{{ code }}</code></li>
        }
      </ul>
      <button type="button" (click)="recoveryCodes.set(null); changed.emit()">{{ 'common.close' | t }}</button>
    } @else if (profile().twoFactor.enabled) {
      <p>{{ 'account.twoFactorOn' | t: { count: profile().twoFactor.recoveryCodesLeft } }}</p>
      <form [formGroup]="passwordForm" class="inline-form" novalidate>
        <div class="field">
          <label for="tf-password">{{ 'account.deleteConfirm' | t }}</label>
          <input id="tf-password" type="password" formControlName="password" autocomplete="current-password" />
        </div>
        <div class="button-row">
          <button type="button" class="secondary" (click)="newCodes()" [disabled]="busy()">{{ 'account.recoveryNew' | t }}</button>
          @if (!profile().twoFactor.required) {
            <button type="button" class="secondary" (click)="disable()" [disabled]="busy()">{{ 'account.twoFactorDisable' | t }}</button>
          }
        </div>
      </form>
    } @else if (setup(); as s) {
      <p>{{ 'account.twoFactorScan' | t }}</p>
      <img class="qr" [src]="s.qrCode" alt="QR-Code" width="200" height="200" />
      <p>{{ 'account.twoFactorSecret' | t }}: <code class="secret">{{ s.secret }}</code></p>
      <form [formGroup]="codeForm" (ngSubmit)="confirm()" novalidate>
        <div class="field">
          <label for="tf-code">{{ 'account.twoFactorCode' | t }}</label>
          <input id="tf-code" formControlName="code" inputmode="numeric" autocomplete="one-time-code" maxlength="7" />
        </div>
        <button type="submit" [disabled]="busy()">{{ 'account.twoFactorConfirm' | t }}</button>
      </form>
    } @else {
      <p>{{ 'account.twoFactorOff' | t }}</p>
      <button type="button" (click)="begin()" [disabled]="busy()">{{ 'account.twoFactorStart' | t }}</button>
    }
    @if (error(); as message) {
      <p class="form-error" role="alert">{{ message }}</p>
    }
  `,
})
export class TwoFactorComponent {
  readonly profile = input.required<AccountProfile>();
  readonly changed = output<void>();
  private readonly api = inject(AccountApi);
  private readonly i18n = inject(I18n);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly setup = signal<TotpSetup | null>(null);
  protected readonly recoveryCodes = signal<string[] | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly codeForm = this.fb.group({ code: ['', [Validators.required, Validators.pattern(/^\s*\d{3}\s?\d{3}\s*$/)]] });
  protected readonly passwordForm = this.fb.group({ password: ['', Validators.required] });

  private async run<T>(work: () => Promise<T>): Promise<T | undefined> {
    this.busy.set(true);
    this.error.set(null);
    try {
      return await work();
    } catch (e) {
      this.error.set(errorText(e, this.i18n));
      return undefined;
    } finally {
      this.busy.set(false);
    }
  }

  async begin(): Promise<void> {
    const setup = await this.run(() => this.api.beginTwoFactor());
    if (setup) this.setup.set(setup);
  }

  async confirm(): Promise<void> {
    if (this.codeForm.invalid) {
      this.error.set(this.i18n.t('account.twoFactorCode'));
      return;
    }
    const result = await this.run(() => this.api.confirmTwoFactor(this.codeForm.controls.code.value));
    if (result) {
      this.setup.set(null);
      this.recoveryCodes.set(result.recoveryCodes);
    }
  }

  async newCodes(): Promise<void> {
    const result = await this.run(() => this.api.newRecoveryCodes(this.passwordForm.controls.password.value));
    if (result) {
      this.passwordForm.reset();
      this.recoveryCodes.set(result.recoveryCodes);
    }
  }

  async disable(): Promise<void> {
    const done = await this.run(() => this.api.disableTwoFactor(this.passwordForm.controls.password.value));
    if (done !== undefined) {
      this.passwordForm.reset();
      this.changed.emit();
    }
  }
}
