import { inject } from '@angular/core';
import { type CanMatchFn, Router } from '@angular/router';

import type { Role } from '@contracts/roles';

import { AuthStore } from './auth.store';

/**
 * Lazy areas only match for the roles they serve, so a forbidden area's code is never even
 * downloaded. Anyone else is sent to the matching login.
 */
export function roleMatch(roles: readonly Role[], loginUrl: string): CanMatchFn {
  return async () => {
    const auth = inject(AuthStore);
    const router = inject(Router);
    const me = await auth.ensureLoaded().catch(() => null);
    return me && roles.includes(me.role) ? true : router.parseUrl(loginUrl);
  };
}
