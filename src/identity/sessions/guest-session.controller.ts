import { Controller, Delete, HttpCode, Post, Req, Res } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { conflict, DomainError } from '../../common/domain-error.js';
import type { AppRequest, RequestSession, ResolvedCentre } from '../../common/request.js';
import { AppConfig, intSetting } from '../../config/app-config.js';
import { GUEST_ROLE } from '../../contracts/roles.js';
import { NetworkTags } from '../../limits/network-tags.js';
import { RateLimiter } from '../../limits/rate-limiter.js';
import { Authenticated, CurrentCentre, LoginRoute, Public } from '../auth/auth.decorators.js';
import { CsrfService } from './csrf.service.js';
import { SessionService } from './session.service.js';

/** A guest ended their session (e.g. the quick exit): what it held at the centre goes with it. */
export const GUEST_SESSION_ENDED = 'guest-session.ended';

export interface GuestSessionEndedEvent {
  centreId: string;
  guestId: string;
}

/**
 * Sessions for people without an account (an anonymous chat, a guest's way in): one click, no
 * e-mail, no name. Each is a server-side session of one centre with a cookie of its own; a
 * network gets only so many per hour, counted under a keyed hash (no address is kept).
 */
@ApiTags('auth')
@Controller('api/v1/centres/:centre/guest-session')
export class GuestSessionController {
  private readonly perHour: number;

  constructor(
    private readonly sessions: SessionService,
    private readonly csrf: CsrfService,
    private readonly limiter: RateLimiter,
    private readonly networks: NetworkTags,
    private readonly events: EventEmitter2,
    config: AppConfig,
  ) {
    this.perHour = intSetting(config, 'GUEST_SESSIONS_PER_HOUR', 10, { min: 1, max: 10_000 });
  }

  @Public()
  @LoginRoute()
  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'A guest session at this centre (no account): its own cookie; answers the CSRF token for it' })
  async start(@CurrentCentre() centre: ResolvedCentre, @Req() req: AppRequest, @Res({ passthrough: true }) res: Response): Promise<{ csrfToken: string }> {
    const current = req.session;
    // Someone logged in stays who they are; a guest of this centre keeps the session they have.
    if (current && current.principal.type !== 'guest') throw conflict('GUEST_SIGNED_IN');
    if (current && current.principal.centreId === centre.id) return { csrfToken: this.csrf.issue(current.id) };
    const decision = await this.limiter.hit(`guest-session:${this.networks.of(req.ip)}`, this.perHour, 3_600_000);
    if (!decision.allowed) throw new DomainError('GUEST_SESSIONS_TOO_MANY', 429, { retryAfter: decision.retryAfterSeconds });
    if (current) await this.endGuest(current, res);
    const session = await this.sessions.startGuest(centre.id, res);
    return { csrfToken: this.csrf.issue(session.id) };
  }

  @Authenticated({ roles: [GUEST_ROLE] })
  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'End the guest session (its cookie goes too)' })
  async end(@Req() req: AppRequest, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.endGuest(req.session!, res);
  }

  private async endGuest(session: RequestSession, res: Response): Promise<void> {
    await this.sessions.endGuest(session.id, res);
    this.events.emit(GUEST_SESSION_ENDED, { centreId: session.principal.centreId!, guestId: session.principal.id } satisfies GuestSessionEndedEvent);
  }
}
