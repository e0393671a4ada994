import { ChangeDetectionStrategy, Component, computed, effect, inject, input, untracked } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

import { AuthStore } from '../../core/auth/auth.store';
import { I18n } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { LangSwitchComponent } from '../../shared/ui/lang-switch.component';
import { PortalStore } from './portal.store';

/**
 * A centre's own portal: its name and logo frame every page under /:centre; once someone of
 * this centre is logged in, the header offers the areas of their role, with the links of the
 * features the centre licenses.
 */
@Component({
  selector: 'bd-portal-layout',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, TranslatePipe, LangSwitchComponent],
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
      <span class="header-actions">
        <bd-lang-switch />
        @if (me()) {
          <button type="button" class="link-button" (click)="logout()">{{ 'common.logout' | t }}</button>
        }
      </span>
    </header>
    @if (me(); as me) {
      @if (!me.twoFactorSetupPending) {
        <nav class="area-nav" [attr.aria-label]="'nav.main' | t">
          @switch (me.role) {
            @case ('client') {
              <a [routerLink]="['/', slug(), 'start']" routerLinkActive="active">{{ 'nav.start' | t }}</a>
            }
            @case ('counsellor') {
              <a [routerLink]="['/', slug(), 'beratung']" routerLinkActive="active">{{ 'nav.counselling' | t }}</a>
            }
          }
          @for (link of featureNav(); track link.path) {
            <a [routerLink]="['/', slug(), link.path]" routerLinkActive="active">{{ link.label | t }}</a>
          }
          @if (me.role === 'admin') {
            <a [routerLink]="['/', slug(), 'verwaltung']" routerLinkActive="active">{{ 'nav.admin' | t }}</a>
          }
          <a [routerLink]="['/', slug(), 'konto']" routerLinkActive="active">{{ 'nav.account' | t }}</a>
        </nav>
      }
    }
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
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly title = inject(Title);
  private readonly i18n = inject(I18n);
  protected readonly slug = computed(() => this.centre());
  /** Only a session of this very centre counts here. */
  protected readonly me = computed(() => {
    const me = this.auth.me();
    return me && me.centre === this.centre() ? me : null;
  });
  /** The links of the features this centre licenses, for the person's role. */
  protected readonly featureNav = computed(() => {
    const role = this.me()?.role;
    return this.store.features().flatMap((f) => (f.nav ?? []).filter((link) => role && link.roles.includes(role)));
  });

  constructor() {
    void this.auth.ensureLoaded().catch(() => null);
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

  async logout(): Promise<void> {
    await this.auth.logout();
    await this.router.navigate(['/', this.centre()]);
  }
}
