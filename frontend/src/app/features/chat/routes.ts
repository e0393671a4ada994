import type { Routes } from '@angular/router';

import { centreRoleMatch } from '../../core/auth/guards';

/** /:centre/chat and one room of it; the page downloads only for clients and counsellors. */
export const CHAT_ROUTES: Routes = ['chat', 'chat/:roomId'].map((path) => ({
  path,
  canMatch: [centreRoleMatch(['client', 'counsellor'])],
  loadComponent: () => import('./chat.page').then((m) => m.ChatPage),
}));
