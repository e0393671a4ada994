import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { DomainError, notFound } from '../common/domain-error.js';
import type { AppRequest } from '../common/request.js';
import { ALLOW_SUSPENDED_KEY } from '../identity/auth/auth.decorators.js';
import { CentreService } from './centre.service.js';
import { FEATURE_KEY } from './feature.decorator.js';

/**
 * Resolves `:centre` once per request. Unknown centres are 404; a suspended centre answers
 * 403 except on routes that must explain the suspension.
 */
@Injectable()
export class TenantGuard implements CanActivate {
  constructor(
    private readonly centres: CentreService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<AppRequest>();
    const slug = (req.params as Record<string, string | undefined>).centre;
    if (slug === undefined) return true;
    const centre = await this.centres.resolve(slug);
    if (!centre) throw notFound('CENTRE_NOT_FOUND');
    req.centre = centre;
    const allowSuspended = this.reflector.getAllAndOverride<boolean>(ALLOW_SUSPENDED_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (centre.suspended && !allowSuspended) throw new DomainError('CENTRE_SUSPENDED', 403);
    return true;
  }
}

/** A module the centre has not licensed is invisible: 404, before any authentication. */
@Injectable()
export class FeatureGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const feature = this.reflector.getAllAndOverride<string | undefined>(FEATURE_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!feature) return true;
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<AppRequest>();
    if (!req.centre?.modules.includes(feature)) throw notFound();
    return true;
  }
}
