import type { Routes } from '@angular/router';

import { roleMatch } from './core/auth/guards';
import { HomePage } from './areas/home/home.page';

export const routes: Routes = [
  { path: '', component: HomePage, title: 'BeraDIG' },
  {
    path: 'operator/login',
    loadComponent: () => import('./areas/operator/operator-login.page').then((m) => m.OperatorLoginPage),
    title: 'BeraDIG – Betrieb',
  },
  {
    path: 'operator',
    canMatch: [roleMatch(['operator'], '/operator/login')],
    loadChildren: () => import('./areas/operator/operator.routes').then((m) => m.OPERATOR_ROUTES),
    title: 'BeraDIG – Betrieb',
  },
  {
    path: ':centre',
    loadChildren: () => import('./areas/portal/portal.routes').then((m) => m.PORTAL_ROUTES),
  },
  { path: '**', redirectTo: '' },
];
