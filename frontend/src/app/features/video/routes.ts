import type { Routes } from '@angular/router';

import { centreRoleMatch } from '../../core/auth/guards';

/**
 * /:centre/video (rooms), /:centre/video/:roomId (a room managed), /:centre/video/raum/:roomId
 * (the call) for clients and counsellors; /:centre/video/gast (a guest's link) for anyone.
 */
export const VIDEO_ROUTES: Routes = [
  { path: 'video/gast', loadComponent: () => import('./guest.page').then((m) => m.VideoGuestPage) },
  {
    path: 'video/raum/:roomId',
    canMatch: [centreRoleMatch(['client', 'counsellor'])],
    loadComponent: () => import('./call.page').then((m) => m.VideoCallPage),
  },
  ...['video', 'video/:roomId'].map((path) => ({
    path,
    canMatch: [centreRoleMatch(['client', 'counsellor'])],
    loadComponent: () => import('./video.page').then((m) => m.VideoPage),
  })),
];
