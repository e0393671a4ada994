import { createHash, randomBytes } from 'node:crypto';

import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import type { CookieOptions, Request, Response } from 'express';

import type { Principal, RequestSession } from '../../common/request.js';
import { AppConfig } from '../../config/app-config.js';
import { newId } from '../../database/ids.js';
import { RealtimeService } from '../../realtime/realtime.service.js';
import { SessionStore } from './session.store.js';

/** Avoid a write per request: the idle clock is advanced at most this often. */
const TOUCH_EVERY_MS = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

@Injectable()
export class SessionService {
  private readonly logger = new Logger(SessionService.name);
  readonly cookieName: string;
  /** Guests' sessions have a cookie of their own, so a guest session never replaces a login. */
  readonly guestCookieName: string;

  constructor(
    private readonly store: SessionStore,
    private readonly config: AppConfig,
    private readonly realtime: RealtimeService,
  ) {
    // __Host- pins the cookie to this origin (Secure, Path=/, no Domain); only possible over TLS.
    this.cookieName = config.secureCookies ? '__Host-beradig' : 'beradig';
    this.guestCookieName = config.secureCookies ? '__Host-beradig-guest' : 'beradig-guest';
  }

  private cookieOptions(): CookieOptions {
    return { httpOnly: true, sameSite: 'lax', secure: this.config.secureCookies, path: '/' };
  }

  /** Starts a fresh session (never reusing a pre-login id) and sets the cookie. */
  async start(
    principal: Principal,
    res: Response,
    previousId?: string,
    options: { twoFactorSetupPending?: boolean } = {},
  ): Promise<RequestSession> {
    if (previousId) {
      await this.store.delete(previousId);
      this.realtime.disconnectSession(previousId);
    }
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const session = {
      id: hashToken(token),
      principal,
      twoFactorSetupPending: options.twoFactorSetupPending ?? false,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.config.sessionMaxHours * 3_600_000),
    };
    await this.store.create(session);
    res.cookie(this.cookieName, token, { ...this.cookieOptions(), maxAge: this.config.sessionMaxHours * 3_600_000 });
    return { id: session.id, principal, twoFactorSetupPending: session.twoFactorSetupPending };
  }

  /**
   * A session for a guest of a centre: no account, a random id, its own cookie. Ended like any
   * other session (idle and absolute time-outs, the centre's suspension).
   */
  async startGuest(centreId: string, res: Response): Promise<RequestSession> {
    const principal: Principal = { type: 'guest', id: newId(), role: 'guest', centreId };
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const session = { id: hashToken(token), principal, twoFactorSetupPending: false, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + this.config.sessionMaxHours * 3_600_000) };
    await this.store.create(session);
    // No Max-Age: the cookie goes when the browser closes (a shared phone or family computer),
    // while closing only the tab and coming back finds the same session.
    res.cookie(this.guestCookieName, token, this.cookieOptions());
    return { id: session.id, principal, twoFactorSetupPending: false };
  }

  async endGuest(sessionId: string, res: Response): Promise<void> {
    await this.store.delete(sessionId);
    this.realtime.disconnectSession(sessionId);
    res.clearCookie(this.guestCookieName, this.cookieOptions());
  }

  /** The session named by the request's cookie (a person's, else a guest's), if it is still valid. */
  async resolve(req: Request): Promise<RequestSession | undefined> {
    const cookies = req.cookies as Record<string, string> | undefined;
    return (await this.resolveToken(cookies?.[this.cookieName])) ?? (await this.resolveToken(cookies?.[this.guestCookieName], 'guest'));
  }

  /**
   * The session of a cookie token (also used by the realtime handshake). A guest's cookie names
   * only guest sessions, a person's cookie never one.
   */
  async resolveToken(token: string | undefined, kind: 'person' | 'guest' = 'person'): Promise<RequestSession | undefined> {
    if (!token || token.length > 128) return undefined;
    const id = hashToken(token);
    const stored = await this.store.get(id);
    if (!stored || (stored.principal.type === 'guest') !== (kind === 'guest')) return undefined;
    const now = Date.now();
    const idleLimit = stored.lastSeenAt.getTime() + this.config.sessionIdleMinutes * 60_000;
    if (stored.expiresAt.getTime() <= now || idleLimit <= now) {
      await this.store.delete(id);
      this.realtime.disconnectSession(id);
      return undefined;
    }
    if (now - stored.lastSeenAt.getTime() > TOUCH_EVERY_MS) await this.store.touch(id, new Date(now));
    return { id, principal: stored.principal, twoFactorSetupPending: stored.twoFactorSetupPending };
  }

  /**
   * Of these sessions (of live connections), those that still hold: not ended, not past their
   * idle or absolute limit. One query per 500 sessions; asking does not count as activity.
   */
  async aliveAmong(ids: string[]): Promise<Set<string>> {
    const now = new Date();
    const alive = await this.store.alive(ids, now, new Date(now.getTime() - this.config.sessionIdleMinutes * 60_000));
    // Those that ran out are removed now (and from every instance's cache), not at the hourly purge.
    for (const id of ids) if (!alive.has(id)) await this.store.delete(id);
    return alive;
  }

  /** Something the person did over a live connection (e.g. a chat line) keeps the session awake. */
  async touch(id: string): Promise<void> {
    await this.store.touch(id, new Date());
  }

  /** How often activity needs to reach the store to keep a session from going idle. */
  get touchInterval(): number {
    return TOUCH_EVERY_MS;
  }

  async end(sessionId: string, res: Response): Promise<void> {
    await this.store.delete(sessionId);
    this.realtime.disconnectSession(sessionId);
    this.clearCookie(res);
  }

  clearCookie(res: Response): void {
    res.clearCookie(this.cookieName, this.cookieOptions());
  }

  /** Ends every session of a person: logout everywhere, deactivation, deletion. */
  async endAllFor(principalId: string): Promise<number> {
    const ended = await this.store.deleteForPrincipal(principalId);
    this.realtime.disconnectUser(principalId);
    return ended;
  }

  /** Ends every session of a person but the one in use (after a password change). */
  async endOthers(principalId: string, keep: RequestSession, res: Response): Promise<void> {
    await this.endAllFor(principalId);
    await this.start(keep.principal, res, undefined, { twoFactorSetupPending: keep.twoFactorSetupPending });
  }

  async completeTwoFactorSetup(sessionId: string): Promise<void> {
    await this.store.update(sessionId, { twoFactorSetupPending: false });
  }

  /** A suspended or deleted centre: everybody there is logged out. */
  async endAllForCentre(centreId: string): Promise<number> {
    const ended = await this.store.deleteForCentre(centreId);
    this.realtime.disconnectCentre(centreId);
    return ended;
  }

  @Cron(CronExpression.EVERY_HOUR)
  async purgeExpired(): Promise<void> {
    const idleCutoff = new Date(Date.now() - this.config.sessionIdleMinutes * 60_000);
    const removed = await this.store.deleteStale(new Date(), idleCutoff);
    if (removed > 0) this.logger.log(`Removed ${removed} expired session(s)`);
  }
}
