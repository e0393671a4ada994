import { ChangeDetectionStrategy, Component, effect, inject, input, untracked } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterLink, RouterOutlet } from '@angular/router';

import { I18n } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { LangSwitchComponent } from '../../shared/ui/lang-switch.component';
import { PortalStore } from './portal.store';

/** A centre's own portal: its name, logo and image frame every page under /:centre. */
@Component({
  selector: 'bd-portal-layout',
  imports: [RouterOutlet, RouterLink, TranslatePipe, LangSwitchComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <a class="skip-link" href="#content">{{ 'app.skipToContent' | t }}</a>
    <header class="site-header">
      @if (store.centre(); as centre) {
        <a class="brand" [routerLink]="['/', centre.slug]">
          @if (centre.logoUrl) {
            <img class="brand-logo" [src]="centre.logoUrl" [alt]="'portal.logoAlt' | t: { name: centre.name }" />
          }
          <span>{{ centre.name }}</span>
        </a>
      } @else {
        <span class="brand">BeraDIG</span>
      }
      <bd-lang-switch />
    </header>
    <main id="content" class="page">
      @switch (store.state()) {
        @case ('loading') {
          <p role="status">{{ 'common.loading' | t }}</p>
        }
        @case ('not-found') {
          <p role="alert" class="notice">{{ 'portal.notFound' | t }}</p>
        }
        @case ('error') {
          <p role="alert" class="notice">{{ 'common.error' | t }}</p>
        }
        @default {
          @if (store.centre()?.suspended) {
            <p role="alert" class="notice">{{ 'portal.suspended' | t }}</p>
          }
          <router-outlet />
        }
      }
    </main>
    @if (store.centre(); as centre) {
      <footer class="site-footer">
        <nav [attr.aria-label]="'footer.imprint' | t">
          <a [routerLink]="['/', centre.slug, 'impressum']">{{ 'footer.imprint' | t }}</a>
          <a [routerLink]="['/', centre.slug, 'datenschutz']">{{ 'footer.privacy' | t }}</a>
        </nav>
        <small>{{ 'footer.poweredBy' | t }}</small>
      </footer>
    }
  `,
})
export class PortalLayout {
  readonly centre = input.required<string>();
  protected readonly store = inject(PortalStore);
  private readonly title = inject(Title);
  private readonly i18n = inject(I18n);

  constructor() {
    effect(() => {
      const slug = this.centre();
      untracked(() => this.store.load(slug));
    });
    effect(() => {
      const name = this.store.centre()?.name;
      this.i18n.lang();
      this.title.setTitle(name ? `${name} – BeraDIG` : 'BeraDIG');
    });
  }
}
