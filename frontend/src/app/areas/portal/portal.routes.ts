import type { Routes } from '@angular/router';

import { centreRoleMatch, moduleMatch } from '../../core/auth/guards';
import { ForgotPage } from './forgot.page';
import { ImprintPage, PrivacyPage } from './imprint.page';
import { SetPasswordPage } from './invitation.page';
import { PortalHomePage } from './portal-home.page';
import { PortalLayout } from './portal.layout';
import { PortalStore } from './portal.store';
import { RegisterPage } from './register.page';
import { TokenLinkPage } from './token-link.page';

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
        data: { endpoint: 'registrations/confirm', titleKey: 'confirm.title', doneKey: 'confirm.done' },
      },
      {
        path: 'email-bestaetigen',
        component: TokenLinkPage,
        data: { endpoint: 'account/email/confirm', titleKey: 'emailConfirm.title', doneKey: 'emailConfirm.done', invalidKey: 'invitation.invalid' },
      },
      // The areas of logged-in people: each downloads only for its own role at this centre.
      ...['start', 'start/:caseId'].map((path) => ({
        path,
        canMatch: [centreRoleMatch(['client'])],
        loadComponent: () => import('../client/client-start.page').then((m) => m.ClientStartPage),
      })),
      ...['beratung', 'beratung/:caseId'].map((path) => ({
        path,
        canMatch: [centreRoleMatch(['counsellor'])],
        loadComponent: () => import('../counsellor/counsellor-start.page').then((m) => m.CounsellorStartPage),
      })),
      ...['chat', 'chat/:roomId'].map((path) => ({
        path,
        canMatch: [centreRoleMatch(['client', 'counsellor']), moduleMatch('chat')],
        loadComponent: () => import('../../features/chat/chat.page').then((m) => m.ChatPage),
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
    ],
  },
];
