import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { Router, RouterLink, RouterOutlet } from '@angular/router';

import { AuthStore } from '../../core/auth/auth.store';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { LangSwitchComponent } from '../../shared/ui/lang-switch.component';

@Component({
  selector: 'bd-operator-shell',
  imports: [RouterOutlet, RouterLink, TranslatePipe, LangSwitchComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <a class="skip-link" href="#content">{{ 'app.skipToContent' | t }}</a>
    <header class="site-header">
      <a class="brand" routerLink="/operator">BeraDIG · {{ 'role.operator' | t }}</a>
      <span class="header-actions">
        @if (!auth.me()?.twoFactorSetupPending) {
          <a routerLink="/operator/konto">{{ 'operatorAccount.nav' | t }}</a>
        }
        <bd-lang-switch />
        <button type="button" class="link-button" (click)="logout()">{{ 'common.logout' | t }}</button>
      </span>
    </header>
    <main id="content" class="page"><router-outlet /></main>
  `,
})
export class OperatorShell {
  protected readonly auth = inject(AuthStore);
  private readonly router = inject(Router);

  async logout(): Promise<void> {
    await this.auth.logout();
    await this.router.navigateByUrl('/operator/login');
  }
}
