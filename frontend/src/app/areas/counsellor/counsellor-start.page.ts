import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';

import { AuthStore } from '../../core/auth/auth.store';
import { TranslatePipe } from '../../core/i18n/t.pipe';

/** The counsellor's start page (the mail module puts the inbox here). */
@Component({
  selector: 'bd-counsellor-start',
  imports: [RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'start.welcome' | t: { name: name() } }}</h1>
    <p class="lead">{{ 'start.counsellorIntro' | t }}</p>
    <ul class="tiles">
      <li><a class="tile" [routerLink]="['/', centre(), 'konto']">{{ 'start.accountCard' | t }}</a></li>
    </ul>
  `,
})
export class CounsellorStartPage {
  readonly centre = input.required<string>();
  private readonly auth = inject(AuthStore);
  protected readonly name = computed(() => this.auth.me()?.displayName ?? '');
}
