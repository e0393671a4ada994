import { inject } from '@angular/core';
import { type CanMatchFn, Router, type UrlSegment } from '@angular/router';

import type { FeatureKey } from '@contracts/modules';
import type { Role } from '@contracts/roles';

import { AuthStore } from './auth.store';
import { PortalInfo } from './portal-info';

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

/**
 * For areas under /:centre: the session must belong to this very centre and have one of the
 * roles; otherwise back to the centre's portal page (which offers the login).
 */
export function centreRoleMatch(roles: readonly Role[]): CanMatchFn {
  return async (_route, segments: UrlSegment[]) => {
    const auth = inject(AuthStore);
    const router = inject(Router);
    const slug = centreSlugFrom(router, segments);
    const me = await auth.ensureLoaded().catch(() => null);
    return me && me.centre === slug && roles.includes(me.role) ? true : router.parseUrl(`/${slug}`);
  };
}

/** A feature's routes exist only where the centre licenses the module. */
export function moduleMatch(module: FeatureKey): CanMatchFn {
  return async (_route, segments: UrlSegment[]) => {
    const router = inject(Router);
    const slug = centreSlugFrom(router, segments);
    const centre = await inject(PortalInfo).load(slug).catch(() => null);
    return centre?.modules.includes(module) ? true : router.parseUrl(`/${slug}`);
  };
}

function centreSlugFrom(router: Router, segments: UrlSegment[]): string {
  // canMatch sees only the segments below the parent; the centre is the first of the full URL.
  const nav = router.getCurrentNavigation();
  const url = nav?.extractedUrl.toString() ?? router.url;
  return url.split(/[/?#]/).filter(Boolean)[0] ?? segments[0]?.path ?? '';
}
