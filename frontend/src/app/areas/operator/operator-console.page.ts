import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { Router } from '@angular/router';

import type { PlatformCentre } from '@contracts/centre';
import type { FeatureKey } from '@contracts/modules';

import { AuthStore } from '../../core/auth/auth.store';
import type { TextKey } from '../../core/i18n/de';
import { I18n } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { LangSwitchComponent } from '../../shared/ui/lang-switch.component';

@Component({
  selector: 'bd-operator-console',
  imports: [TranslatePipe, LangSwitchComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="site-header">
      <span class="brand">BeraDIG · Betrieb</span>
      <span class="header-actions">
        <bd-lang-switch />
        <button type="button" class="link-button" (click)="logout()">{{ 'common.logout' | t }}</button>
      </span>
    </header>
    <main id="content" class="page">
      <h1>{{ 'operator.title' | t }}</h1>
      @if (centres(); as list) {
        @if (list.length === 0) {
          <p>{{ 'operator.empty' | t }}</p>
        } @else {
          <div class="table-scroll">
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">{{ 'operator.col.name' | t }}</th>
                  <th scope="col">{{ 'operator.col.address' | t }}</th>
                  <th scope="col">{{ 'operator.col.modules' | t }}</th>
                  <th scope="col">{{ 'operator.col.tier' | t }}</th>
                  <th scope="col" class="num">{{ 'operator.col.fee' | t }}</th>
                  <th scope="col">{{ 'operator.col.status' | t }}</th>
                </tr>
              </thead>
              <tbody>
                @for (c of list; track c.id) {
                  <tr>
                    <td>{{ c.name }}</td>
                    <td><a [href]="'/' + c.slug">/{{ c.slug }}</a></td>
                    <td>{{ moduleNames(c.modules) }}</td>
                    <td>{{ c.tier?.name ?? ('operator.noTier' | t) }}</td>
                    <td class="num">{{ euro(c.annualFee) }}</td>
                    <td>{{ (c.suspended ? 'operator.status.suspended' : 'operator.status.active') | t }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
      } @else {
        <p role="status">{{ 'common.loading' | t }}</p>
      }
    </main>
  `,
})
export class OperatorConsolePage {
  private readonly http = inject(HttpClient);
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly i18n = inject(I18n);
  protected readonly centres = signal<PlatformCentre[] | null>(null);

  constructor() {
    this.http.get<PlatformCentre[]>('/api/v1/platform/centres').subscribe((list) => this.centres.set(list));
  }

  protected moduleNames(modules: FeatureKey[]): string {
    return modules.map((m) => this.i18n.t(`module.${m}` as TextKey)).join(', ');
  }

  protected euro(amount: number): string {
    return new Intl.NumberFormat(this.i18n.lang() === 'en' ? 'en-GB' : 'de-DE', { style: 'currency', currency: 'EUR' }).format(amount);
  }

  async logout(): Promise<void> {
    await this.auth.logout();
    await this.router.navigateByUrl('/operator/login');
  }
}
