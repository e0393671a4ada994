import type { Routes } from '@angular/router';

import { CentreDetailPage } from './centre-detail.page';
import { OperatorConsolePage } from './operator-console.page';
import { OperatorShell } from './operator-shell.component';

export const OPERATOR_ROUTES: Routes = [
  {
    path: '',
    component: OperatorShell,
    children: [
      { path: '', component: OperatorConsolePage },
      { path: 'centres/:slug', component: CentreDetailPage },
    ],
  },
];
