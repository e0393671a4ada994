import { Inject, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import { createAdapter } from '@socket.io/redis-adapter';
import { parseCookie as parseCookies } from 'cookie';
import type { Redis } from 'ioredis';
import type { Server, Socket } from 'socket.io';

import { errorFields } from '../common/error-fields.js';
import { apiSecurityHeaders } from '../common/security-headers.js';
import type { RequestSession } from '../common/request.js';
import { AppConfig } from '../config/app-config.js';
import { SessionService } from '../identity/sessions/session.service.js';
import { REDIS } from '../redis/redis.module.js';
import { SOCKET_ENDPOINT } from './feature-gateway.decorator.js';
import { adminRoom, centreRoom, RealtimeService, sessionRoom, userRoom } from './realtime.service.js';

/** How often live connections are checked against their sessions. */
const SESSION_CHECK_MS = 30_000;

/**
 * One socket.io endpoint for announcements. The handshake authenticates with the session cookie
 * (cross-site pages are refused by the Origin check) and joins the person's own room; nobody
 * can join other rooms, so a socket hears only what the server addresses to its person.
 */
@WebSocketGateway(SOCKET_ENDPOINT)
export class RealtimeGateway implements OnGatewayInit {
  private readonly logger = new Logger(RealtimeGateway.name);
  private server?: Server;

  constructor(
    private readonly sessions: SessionService,
    private readonly realtime: RealtimeService,
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis | null,
  ) {}

  afterInit(server: Server): void {
    this.server = server;
    this.realtime.attach(server, !!this.redis);
    if (this.redis) {
      // Several app instances become one realtime system: emits travel through Redis pub/sub.
      server.adapter(createAdapter(this.redis.duplicate(), this.redis.duplicate()));
      this.logger.log('Realtime fan-out through Redis');
    }
    // The socket endpoint's HTTP answers (handshake, polling) carry the API's security headers.
    const headers = apiSecurityHeaders(this.config.secureCookies);
    const addHeaders = (target: Record<string, string>) => {
      const present = new Set(Object.keys(target).map((name) => name.toLowerCase()));
      for (const [name, value] of Object.entries(headers)) if (!present.has(name.toLowerCase())) target[name] = value;
    };
    server.engine.on('initial_headers', addHeaders);
    server.engine.on('headers', addHeaders);
    server.use((socket, next) => {
      this.authenticate(socket).then(
        (session) => {
          if (!session) return next(new Error('unauthenticated'));
          (socket.data as { session: RequestSession }).session = session;
          this.keepAwake(socket, session);
          void socket.join([userRoom(session.principal.id), sessionRoom(session.id), centreRoom(session.principal.centreId!)]);
          if (session.principal.role === 'admin' && session.principal.centreId) void socket.join(adminRoom(session.principal.centreId));
          next();
        },
        (error: unknown) => next(error instanceof Error ? error : new Error('unauthenticated')),
      );
    });
  }

  /** What the person sends over the connection is activity, like an HTTP request. */
  private keepAwake(socket: Socket, session: RequestSession): void {
    let touched = 0;
    socket.use((_packet, next) => {
      if (Date.now() - touched > this.sessions.touchInterval) {
        touched = Date.now();
        this.sessions.touch(session.id).catch((error: unknown) => this.logger.warn({ err: errorFields(error) }, 'session touch failed'));
      }
      next();
    });
  }

  /**
   * Sessions also end without anyone ending them: idle or absolute time-outs. Connections are
   * checked regularly, so a tab left open does not go on receiving what its session may no
   * longer read.
   */
  @Interval(SESSION_CHECK_MS)
  async dropConnectionsOfEndedSessions(): Promise<number> {
    if (!this.server) return 0;
    const bySession = new Map<string, Socket[]>();
    for (const socket of this.server.of('/').sockets.values()) {
      const id = (socket.data as { session?: RequestSession }).session?.id;
      if (id) bySession.set(id, [...(bySession.get(id) ?? []), socket]);
    }
    if (bySession.size === 0) return 0;
    let alive: Set<string>;
    try {
      alive = await this.sessions.aliveAmong([...bySession.keys()]);
    } catch (error) {
      this.logger.warn({ err: errorFields(error) }, 'session check failed');
      return 0;
    }
    let dropped = 0;
    for (const [id, sockets] of bySession) {
      if (alive.has(id)) continue;
      for (const socket of sockets) socket.disconnect(true);
      dropped += sockets.length;
    }
    return dropped;
  }

  private async authenticate(socket: Socket): Promise<RequestSession | undefined> {
    const headers = socket.handshake.headers;
    if (!this.sameOrigin(headers.origin, headers.host)) return undefined;
    const cookies = parseCookies(headers.cookie ?? '');
    // A person's session first; else a guest's (someone without an account, e.g. an anonymous chat).
    const session = (await this.sessions.resolveToken(cookies[this.sessions.cookieName])) ?? (await this.sessions.resolveToken(cookies[this.sessions.guestCookieName], 'guest'));
    if (!session || session.principal.type === 'operator' || session.twoFactorSetupPending) return undefined;
    return session;
  }

  /** Browsers always send Origin on a socket handshake; it must be this platform's own. */
  private sameOrigin(origin: string | undefined, host: string | undefined): boolean {
    if (!origin) return true;
    try {
      const from = new URL(origin).host;
      return from === host || from === new URL(this.config.publicUrl).host;
    } catch {
      return false;
    }
  }
}
