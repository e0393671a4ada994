import { Inject, Logger } from '@nestjs/common';
import { type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import { createAdapter } from '@socket.io/redis-adapter';
import { parse as parseCookies } from 'cookie';
import type { Redis } from 'ioredis';
import type { Server, Socket } from 'socket.io';

import type { RequestSession } from '../common/request.js';
import { AppConfig } from '../config/app-config.js';
import { SessionService } from '../identity/sessions/session.service.js';
import { REDIS } from '../redis/redis.module.js';
import { adminRoom, centreRoom, RealtimeService, sessionRoom, userRoom } from './realtime.service.js';

/**
 * One socket.io endpoint for announcements. The handshake authenticates with the session cookie
 * (cross-site pages are refused by the Origin check) and joins the person's own room; nobody
 * can join other rooms, so a socket hears only what the server addresses to its person.
 */
@WebSocketGateway({ path: '/socket.io', serveClient: false, transports: ['websocket', 'polling'], cors: false })
export class RealtimeGateway implements OnGatewayInit {
  private readonly logger = new Logger(RealtimeGateway.name);

  constructor(
    private readonly sessions: SessionService,
    private readonly realtime: RealtimeService,
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis | null,
  ) {}

  afterInit(server: Server): void {
    this.realtime.attach(server, !!this.redis);
    if (this.redis) {
      // Several app instances become one realtime system: emits travel through Redis pub/sub.
      server.adapter(createAdapter(this.redis.duplicate(), this.redis.duplicate()));
      this.logger.log('Realtime fan-out through Redis');
    }
    server.use((socket, next) => {
      this.authenticate(socket).then(
        (session) => {
          if (!session) return next(new Error('unauthenticated'));
          (socket.data as { session: RequestSession }).session = session;
          void socket.join([userRoom(session.principal.id), sessionRoom(session.id), centreRoom(session.principal.centreId!)]);
          if (session.principal.role === 'admin' && session.principal.centreId) void socket.join(adminRoom(session.principal.centreId));
          next();
        },
        (error: unknown) => next(error instanceof Error ? error : new Error('unauthenticated')),
      );
    });
  }

  private async authenticate(socket: Socket): Promise<RequestSession | undefined> {
    const headers = socket.handshake.headers;
    if (!this.sameOrigin(headers.origin, headers.host)) return undefined;
    const cookies = parseCookies(headers.cookie ?? '');
    const session = await this.sessions.resolveToken(cookies[this.sessions.cookieName]);
    if (!session || session.principal.type !== 'user' || session.twoFactorSetupPending) return undefined;
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
