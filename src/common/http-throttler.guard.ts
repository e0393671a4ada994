import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

import type { AppRequest } from './request.js';

/**
 * The rate limit for HTTP requests: per person when logged in (so colleagues behind one office
 * address do not share one budget), per IP address otherwise, across all routes. Socket events
 * are limited by their gateways (they would all share one counter here).
 */
@Injectable()
export class HttpThrottlerGuard extends ThrottlerGuard {
  override canActivate(context: ExecutionContext): Promise<boolean> {
    return context.getType() === 'http' ? super.canActivate(context) : Promise.resolve(true);
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const principal = (req as unknown as AppRequest).session?.principal;
    return principal ? `person:${principal.id}` : `ip:${await super.getTracker(req)}`;
  }

  /** One budget per caller and throttler, not one per route (the library's default). */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }
}
