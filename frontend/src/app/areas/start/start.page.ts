import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';

import { AuthStore } from '../../core/auth/auth.store';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { casePanels } from '../cases/case-parts';
import { ClientCasesComponent } from '../cases/client-cases.component';
import { CounsellorInboxComponent } from '../cases/counsellor-inbox.component';
import { PortalStore } from '../portal/portal.store';

/**
 * Where clients and counsellors start: their cases, where a licensed feature shows something in
 * them, and the account.
 */
@Component({
  selector: 'bd-start-page',
  imports: [RouterLink, TranslatePipe, ClientCasesComponent, CounsellorInboxComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'start.welcome' | t: { name: name() } }}</h1>
    @switch (role()) {
      @case ('client') {
        <p class="lead">{{ 'start.clientIntro' | t }}</p>
        @if (hasCases()) {
          <bd-client-cases [centre]="centre()" [caseId]="caseId()" />
        }
      }
      @case ('counsellor') {
        @if (hasCases()) {
          <bd-counsellor-inbox [centre]="centre()" [caseId]="caseId()" />
        } @else {
          <p class="lead">{{ 'start.counsellorIntro' | t }}</p>
        }
      }
    }
    <ul class="tiles">
      <li><a class="tile" [routerLink]="['/', centre(), 'konto']">{{ 'start.accountCard' | t }}</a></li>
    </ul>
  `,
})
export class StartPage {
  readonly centre = input.required<string>();
  readonly caseId = input<string>();
  private readonly auth = inject(AuthStore);
  private readonly portal = inject(PortalStore);
  protected readonly name = computed(() => this.auth.me()?.displayName ?? '');
  protected readonly role = computed(() => this.auth.me()?.role ?? null);
  protected readonly hasCases = computed(() => {
    const role = this.role();
    return role !== null && casePanels(this.portal.features(), role).length > 0;
  });
}
