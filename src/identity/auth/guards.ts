import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { DomainError, forbidden, unauthenticated } from '../../common/domain-error.js';
import { callContext } from '../../common/call-context.js';
import type { AppRequest } from '../../common/request.js';
import type { Role } from '../../contracts/roles.js';
import { DURING_2FA_SETUP_KEY, PUBLIC_KEY, ROLES_KEY } from './auth.decorators.js';
import { CsrfService } from '../sessions/csrf.service.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** State-changing requests need a valid X-CSRF-Token bound to the current session. */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(private readonly csrf: CsrfService) {}

  canActivate(context: ExecutionContext): boolean {
    // Sockets: the handshake refuses other sites' pages (Origin), which is what the token does
    // for HTTP; a socket event cannot be sent cross-site without a socket.
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<AppRequest>();
    if (SAFE_METHODS.has(req.method)) return true;
    if (!this.csrf.verify(req.headers['x-csrf-token'], req.session?.id)) {
      throw new DomainError('CSRF_INVALID', 403);
    }
    return true;
  }
}

/**
 * Deny by default: a route or socket event must be marked @Public() or @Authenticated({ roles }).
 * A centre user's session only counts under their own centre's path.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const call = callContext(context);
    if (!call) return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles) {
      this.logger.error(`${call.kind === 'http' ? 'Route' : 'Socket event'} ${context.getClass().name}.${context.getHandler().name} has no access decorator`);
      throw forbidden();
    }
    const principal = call.principal;
    if (!principal) throw unauthenticated();
    if (principal.type !== 'operator' && call.centre && call.centre.id !== principal.centreId) throw unauthenticated();
    if (!roles.includes(principal.role)) throw forbidden();
    if (call.session!.twoFactorSetupPending && !this.reflector.getAllAndOverride<boolean>(DURING_2FA_SETUP_KEY, targets)) {
      throw new DomainError('TWO_FACTOR_SETUP_REQUIRED', 403);
    }
    return true;
  }
}
