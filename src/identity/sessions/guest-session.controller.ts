import { createHmac, hkdfSync } from 'node:crypto';

import { Controller, Delete, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { conflict, DomainError } from '../../common/domain-error.js';
import type { AppRequest, ResolvedCentre } from '../../common/request.js';
import { AppConfig, intSetting } from '../../config/app-config.js';
import { GUEST_ROLE } from '../../contracts/roles.js';
import { MasterKeyring } from '../../crypto/master-keyring.js';
import { RateLimiter } from '../../limits/rate-limiter.js';
import { clientNetwork } from '../accounts/lockout.js';
import { Authenticated, CurrentCentre, LoginRoute, Public } from '../auth/auth.decorators.js';
import { CsrfService } from './csrf.service.js';
import { SessionService } from './session.service.js';

/**
 * Sessions for people without an account (an anonymous chat, a guest's way in): one click, no
 * e-mail, no name. Each is a server-side session of one centre with a cookie of its own; a
 * network gets only so many per hour, counted under a keyed hash (no address is kept).
 */
@ApiTags('auth')
@Controller('api/v1/centres/:centre/guest-session')
export class GuestSessionController {
  private readonly perHour: number;
  private readonly networkKey: Buffer;

  constructor(
    private readonly sessions: SessionService,
    private readonly csrf: CsrfService,
    private readonly limiter: RateLimiter,
    keyring: MasterKeyring,
    config: AppConfig,
  ) {
    this.perHour = intSetting(config, 'GUEST_SESSIONS_PER_HOUR', 10, { min: 1, max: 10_000 });
    this.networkKey = Buffer.from(hkdfSync('sha256', keyring.current.key, 'beradig', 'beradig/guest-network/v1', 32));
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
    const network = createHmac('sha256', this.networkKey).update(clientNetwork(req.ip)).digest('base64url');
    const decision = await this.limiter.hit(`guest-session:${network}`, this.perHour, 3_600_000);
    if (!decision.allowed) throw new DomainError('GUEST_SESSIONS_TOO_MANY', 429, { retryAfter: decision.retryAfterSeconds });
    if (current) await this.sessions.endGuest(current.id, res);
    const session = await this.sessions.startGuest(centre.id, res);
    return { csrfToken: this.csrf.issue(session.id) };
  }

  @Authenticated({ roles: [GUEST_ROLE] })
  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'End the guest session (its cookie goes too)' })
  async end(@Req() req: AppRequest, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.sessions.endGuest(req.session!.id, res);
  }
}
