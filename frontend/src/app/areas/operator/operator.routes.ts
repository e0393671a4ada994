import type { Routes } from '@angular/router';

import { OperatorConsolePage } from './operator-console.page';

export const OPERATOR_ROUTES: Routes = [{ path: '', component: OperatorConsolePage }];
