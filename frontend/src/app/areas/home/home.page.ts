import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

import { TranslatePipe } from '../../core/i18n/t.pipe';
import { LangSwitchComponent } from '../../shared/ui/lang-switch.component';

@Component({
  selector: 'bd-home-page',
  imports: [RouterLink, TranslatePipe, LangSwitchComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="site-header">
      <span class="brand">BeraDIG</span>
      <bd-lang-switch />
    </header>
    <main id="content" class="page narrow">
      <h1>{{ 'home.title' | t }}</h1>
      <p class="lead">{{ 'home.lead' | t }}</p>
      <p>{{ 'home.findCentre' | t }}</p>
      <p><a routerLink="/operator/login">{{ 'home.operatorLink' | t }}</a></p>
    </main>
  `,
})
export class HomePage {}
