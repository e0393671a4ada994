import type { Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';

import { DomainError, errorFields, message, pickLocale } from '#kernel';

/**
 * A socket request that failed, answered like an HTTP problem: a stable code and a text in the
 * person's language (from the handshake's Accept-Language).
 */
export function errorAck(error: unknown, socket: Socket, logger: Logger): { ok: false; code: string; message: string } {
  const locale = pickLocale(socket.handshake.headers['accept-language']);
  if (error instanceof DomainError) {
    const field = error.fields[0];
    return { ok: false, code: error.code, message: field ? message(locale, field.code, field.params) : message(locale, error.code, error.params) };
  }
  logger.error({ err: errorFields(error) }, 'chat socket request failed');
  return { ok: false, code: 'INTERNAL_ERROR', message: message(locale, 'INTERNAL_ERROR') };
}

/** So many messages per socket and minute, against floods; people chatting never reach it. */
export class SocketRateLimit {
  private readonly windows = new WeakMap<Socket, { start: number; count: number }>();

  constructor(private readonly perMinute: number) {}

  allow(socket: Socket): boolean {
    const now = Date.now();
    let window = this.windows.get(socket);
    if (!window || now - window.start >= 60_000) {
      window = { start: now, count: 0 };
      this.windows.set(socket, window);
    }
    return ++window.count <= this.perMinute;
  }
}
