import type { Route, Routes } from '@angular/router';


import { centreRoleMatch, moduleMatch } from '../../core/auth/guards';
import type { FrontendFeature } from '../../core/features/feature';
import { addTexts } from '../../core/i18n/texts';
import { FEATURES } from '../../features/registry';
import { ForgotPage } from './forgot.page';
import { ImprintPage, PrivacyPage } from './imprint.page';
import { SetPasswordPage } from './invitation.page';
import { PortalHomePage } from './portal-home.page';
import { PortalLayout } from './portal.layout';
import { PortalStore } from './portal.store';
import { RegisterPage } from './register.page';
import { type TokenLinkData, TokenLinkPage } from './token-link.page';

export const PORTAL_ROUTES: Routes = [
  {
    path: '',
    component: PortalLayout,
    providers: [PortalStore],
    children: [
      { path: '', component: PortalHomePage },
      { path: 'impressum', component: ImprintPage },
      { path: 'datenschutz', component: PrivacyPage },
      { path: 'registrieren', component: RegisterPage },
      { path: 'passwort-vergessen', component: ForgotPage },
      { path: 'einladung', component: SetPasswordPage, data: { mode: 'invitation' } },
      { path: 'passwort-neu', component: SetPasswordPage, data: { mode: 'reset' } },
      {
        path: 'bestaetigen',
        component: TokenLinkPage,
        data: { endpoint: 'registrations/confirm', titleKey: 'confirm.title', doneKey: 'confirm.done' } satisfies TokenLinkData,
      },
      {
        path: 'email-bestaetigen',
        component: TokenLinkPage,
        data: { endpoint: 'account/email/confirm', titleKey: 'emailConfirm.title', doneKey: 'emailConfirm.done', invalidKey: 'invitation.invalid' } satisfies TokenLinkData,
      },
      // The areas of logged-in people: each downloads only for its own role at this centre.
      ...['start', 'start/:caseId'].map((path) => ({
        path,
        canMatch: [centreRoleMatch(['client'])],
        loadComponent: () => import('../start/start.page').then((m) => m.StartPage),
      })),
      ...['beratung', 'beratung/:caseId'].map((path) => ({
        path,
        canMatch: [centreRoleMatch(['counsellor'])],
        loadComponent: () => import('../start/start.page').then((m) => m.StartPage),
      })),
      {
        path: 'verwaltung',
        canMatch: [centreRoleMatch(['admin'])],
        loadComponent: () => import('../admin/admin.page').then((m) => m.AdminPage),
      },
      {
        path: 'konto',
        canMatch: [centreRoleMatch(['admin', 'counsellor', 'client'])],
        loadChildren: () => import('../account/account.routes').then((m) => m.ACCOUNT_ROUTES),
      },
      ...FEATURES.flatMap((feature) => (feature.routes ? [licensed(feature)] : [])),
    ],
  },
];

/**
 * A feature's routes, each matching only where the centre licenses the feature (after the
 * route's own guards, e.g. for roles). Their definitions (and the feature's page texts) load
 * when no route of the kernel matched; the pages themselves only when a route matches.
 */
function licensed(feature: FrontendFeature): Route {
  return {
    path: '',
    loadChildren: async () => {
      const [routes, texts] = await Promise.all([feature.routes!(), feature.pageTexts?.()]);
      if (texts) addTexts(texts);
      return routes.map((route) => ({ ...route, canMatch: [...(route.canMatch ?? []), moduleMatch(feature.key)] }));
    },
  };
}
