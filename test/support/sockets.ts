import { io, type Socket } from 'socket.io-client';

import type { ApiClient } from './api-client.js';

export interface LiveSocket {
  socket: Socket;
  received: { event: string; payload: unknown }[];
  next<T>(event: string, match?: (payload: T) => boolean, timeoutMs?: number): Promise<T>;
  close(): void;
}

/** A socket.io client with the session cookie of an API client, recording what arrives. */
export async function connectSocket(baseUrl: string, client: ApiClient | null): Promise<LiveSocket> {
  // Every cookie the client holds, as a browser sends them (a person's session or a guest's).
  const cookie = client?.cookieHeader();
  const socket = io(baseUrl, {
    path: '/socket.io',
    transports: ['websocket'],
    extraHeaders: cookie ? { cookie } : {},
    reconnection: false,
    forceNew: true,
  });
  const received: { event: string; payload: unknown }[] = [];
  socket.onAny((event: string, payload: unknown) => received.push({ event, payload }));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
  return {
    socket,
    received,
    next<T>(event: string, match: (payload: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
      const seen = received.find((r) => r.event === event && match(r.payload as T));
      if (seen) return Promise.resolve(seen.payload as T);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
        const handler = (payload: T) => {
          if (!match(payload)) return;
          clearTimeout(timer);
          socket.off(event, handler);
          resolve(payload);
        };
        socket.on(event, handler);
      });
    },
    close: () => socket.close(),
  };
}
