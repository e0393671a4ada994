import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';

import { AuthStore } from '../../core/auth/auth.store';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { CounsellorMailPage } from '../../features/mail/counsellor-mail.page';
import { PortalStore } from '../portal/portal.store';

/** The counsellor's start page: the inbox of the mail module where the centre has it. */
@Component({
  selector: 'bd-counsellor-start',
  imports: [RouterLink, TranslatePipe, CounsellorMailPage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'start.welcome' | t: { name: name() } }}</h1>
    @if (has('mail')) {
      <bd-counsellor-mail [centre]="centre()" [caseId]="caseId()" />
    } @else {
      <p class="lead">{{ 'start.counsellorIntro' | t }}</p>
    }
    <ul class="tiles">
      <li><a class="tile" [routerLink]="['/', centre(), 'konto']">{{ 'start.accountCard' | t }}</a></li>
    </ul>
  `,
})
export class CounsellorStartPage {
  readonly centre = input.required<string>();
  readonly caseId = input<string>();
  private readonly auth = inject(AuthStore);
  private readonly portal = inject(PortalStore);
  protected readonly name = computed(() => this.auth.me()?.displayName ?? '');

  protected has(module: string): boolean {
    return this.portal.centre()?.modules.includes(module as never) ?? false;
  }
}
