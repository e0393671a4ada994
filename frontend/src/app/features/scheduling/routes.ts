import type { Routes } from '@angular/router';

import { centreRoleMatch } from '../../core/auth/guards';

/** /:centre/termine (a client books, a counsellor keeps their week) and /:centre/team (public). */
export const SCHEDULING_ROUTES: Routes = [
  { path: 'team', loadComponent: () => import('./team.page').then((m) => m.TeamPage) },
  { path: 'termine', canMatch: [centreRoleMatch(['client', 'counsellor'])], loadComponent: () => import('./appointments.page').then((m) => m.AppointmentsPage) },
];
