import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';

import { AuthStore } from '../../core/auth/auth.store';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { ClientMailPage } from '../../features/mail/client-mail.page';
import { PortalStore } from '../portal/portal.store';

/** The client's start page: counselling in the modules the centre offers, and the account. */
@Component({
  selector: 'bd-client-start',
  imports: [RouterLink, TranslatePipe, ClientMailPage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'start.welcome' | t: { name: name() } }}</h1>
    <p class="lead">{{ 'start.clientIntro' | t }}</p>
    @if (has('mail')) {
      <bd-client-mail [centre]="centre()" [caseId]="caseId()" />
    }
    <ul class="tiles">
      <li><a class="tile" [routerLink]="['/', centre(), 'konto']">{{ 'start.accountCard' | t }}</a></li>
    </ul>
  `,
})
export class ClientStartPage {
  readonly centre = input.required<string>();
  readonly caseId = input<string>();
  private readonly auth = inject(AuthStore);
  private readonly portal = inject(PortalStore);
  protected readonly name = computed(() => this.auth.me()?.displayName ?? '');

  protected has(module: string): boolean {
    return this.portal.centre()?.modules.includes(module as never) ?? false;
  }
}
