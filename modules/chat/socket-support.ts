import type { Socket } from 'socket.io';

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
