import { inject } from '@angular/core';
import { type CanActivateChildFn, Router, type Routes } from '@angular/router';

import { AuthStore } from '../../core/auth/auth.store';
import { CentreDetailPage } from './centre-detail.page';
import { OperatorAccountPage } from './operator-account.page';
import { OperatorConsolePage } from './operator-console.page';
import { OperatorShell } from './operator-shell.component';

/** Until the operator has set up two-factor login, the account page is the only one (the server refuses the rest). */
const twoFactorFirst: CanActivateChildFn = (route) => {
  const me = inject(AuthStore).me();
  return !me?.twoFactorSetupPending || route.routeConfig?.path === 'konto' ? true : inject(Router).parseUrl('/operator/konto');
};

export const OPERATOR_ROUTES: Routes = [
  {
    path: '',
    component: OperatorShell,
    canActivateChild: [twoFactorFirst],
    children: [
      { path: '', component: OperatorConsolePage },
      { path: 'konto', component: OperatorAccountPage },
      { path: 'centres/:slug', component: CentreDetailPage },
    ],
  },
];
