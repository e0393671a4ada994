import type { Routes } from '@angular/router';

import { ImprintPage, PrivacyPage } from './imprint.page';
import { InvitationPage } from './invitation.page';
import { PortalHomePage } from './portal-home.page';
import { PortalLayout } from './portal.layout';
import { PortalStore } from './portal.store';

export const PORTAL_ROUTES: Routes = [
  {
    path: '',
    component: PortalLayout,
    providers: [PortalStore],
    children: [
      { path: '', component: PortalHomePage },
      { path: 'impressum', component: ImprintPage },
      { path: 'datenschutz', component: PrivacyPage },
      { path: 'einladung', component: InvitationPage },
    ],
  },
];
