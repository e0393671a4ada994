import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { callContext } from '../common/call-context.js';
import { DomainError, notFound } from '../common/domain-error.js';
import type { AppRequest, ResolvedCentre } from '../common/request.js';
import { ALLOW_SUSPENDED_KEY } from '../identity/auth/auth.decorators.js';
import { CentreService } from './centre.service.js';
import { FEATURE_KEY } from './feature.decorator.js';

/**
 * Resolves the centre once per call: the `:centre` of an HTTP path, or the centre of the person
 * on a socket (read afresh for every event, so module switches and suspensions apply at once).
 * Unknown centres are 404; a suspended centre answers 403 except where it must explain itself.
 */
@Injectable()
export class TenantGuard implements CanActivate {
  constructor(
    private readonly centres: CentreService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const call = callContext(context);
    if (!call) return true;
    let centre: ResolvedCentre | null;
    if (call.kind === 'http') {
      const slug = (context.switchToHttp().getRequest<AppRequest>().params as Record<string, string | undefined>).centre;
      if (slug === undefined) return true;
      centre = await this.centres.resolve(slug);
    } else {
      // A socket belongs to one person of one centre (the handshake decided); the operator has none.
      const centreId = call.principal?.centreId;
      if (!centreId) return true;
      centre = await this.centres.resolveId(centreId);
    }
    if (!centre) throw notFound('CENTRE_NOT_FOUND');
    call.setCentre(centre);
    const allowSuspended = this.reflector.getAllAndOverride<boolean>(ALLOW_SUSPENDED_KEY, [context.getHandler(), context.getClass()]);
    if (centre.suspended && !allowSuspended) throw new DomainError('CENTRE_SUSPENDED', 403);
    return true;
  }
}

/**
 * A module the centre has not licensed is invisible: 404, before any authentication — for its
 * routes and its socket events alike.
 */
@Injectable()
export class FeatureGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const feature = this.reflector.getAllAndOverride<string | undefined>(FEATURE_KEY, [context.getHandler(), context.getClass()]);
    if (!feature) return true;
    const call = callContext(context);
    if (!call) return true;
    if (!call.centre?.modules.includes(feature)) throw notFound();
    return true;
  }
}
