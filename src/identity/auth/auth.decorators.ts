import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiCookieAuth, ApiSecurity } from '@nestjs/swagger';

import { callContext } from '../../common/call-context.js';
import type { Principal, ResolvedCentre } from '../../common/request.js';
import type { Role } from '../../contracts/roles.js';

export const PUBLIC_KEY = 'beradig:public';
export const ROLES_KEY = 'beradig:roles';
export const ALLOW_SUSPENDED_KEY = 'beradig:allow-suspended';
export const LOGIN_ROUTE_KEY = 'beradig:login-route';
export const DURING_2FA_SETUP_KEY = 'beradig:during-2fa-setup';

/** Open to anyone, logged in or not. Every route needs this or @Authenticated. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Only for a session whose role is listed (and, under /centres/:centre, of that centre). */
export const Authenticated = (options: { roles: readonly Role[] }) =>
  applyDecorators(SetMetadata(ROLES_KEY, options.roles), ApiCookieAuth('session'), ApiSecurity('csrf'));

/** Credential checks: the stricter `login` throttler applies (per IP, per minute). */
export const LoginRoute = () => SetMetadata(LOGIN_ROUTE_KEY, true);

/** Still reachable for staff who must set up two-factor login before anything else. */
export const AllowDuringTwoFactorSetup = () => SetMetadata(DURING_2FA_SETUP_KEY, true);

/** Still answers while the centre is suspended (the portal needs to say so). */
export const AllowSuspended = () => SetMetadata(ALLOW_SUSPENDED_KEY, true);

/** The caller, on an HTTP route or a socket event that requires authentication. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = callContext(ctx)?.principal;
  if (!principal) throw new Error('CurrentPrincipal used on a handler without authentication');
  return principal;
});

/** The centre of the call: the `:centre` of the path, or, on a socket, the person's centre. */
export const CurrentCentre = createParamDecorator((_: unknown, ctx: ExecutionContext): ResolvedCentre => {
  const centre = callContext(ctx)?.centre;
  if (!centre) throw new Error('CurrentCentre used on a handler without a centre');
  return centre;
});
