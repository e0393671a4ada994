import { Injectable, type OnDestroy, effect, inject, signal, untracked } from '@angular/core';
import { Subject, filter, map, type Observable } from 'rxjs';
import type { Socket } from 'socket.io-client';

import { AuthStore } from '../auth/auth.store';

interface Incoming {
  event: string;
  payload: unknown;
}

/**
 * The live connection for announcements (new messages, unread counts, new enquiries). It opens
 * while someone of a centre is logged in and closes at logout; socket.io-client is loaded only
 * then, so it never weighs on the public pages.
 */
@Injectable({ providedIn: 'root' })
export class Realtime implements OnDestroy {
  private readonly auth = inject(AuthStore);
  private socket?: Socket;
  private readonly incoming = new Subject<Incoming>();
  readonly connected = signal(false);
  /** Fires on every (re)connection: features rejoin what they had open and catch up. */
  readonly connects = new Subject<void>();

  /** Whose connection this is: another person in the same tab gets a connection of their own. */
  private owner?: string;

  constructor() {
    effect(() => {
      const me = this.auth.me();
      const wanted = me && me.role !== 'operator' && !me.twoFactorSetupPending ? me.id : undefined;
      untracked(() => {
        if (wanted !== this.owner) this.close();
        this.owner = wanted;
        if (wanted) void this.open();
      });
    });
  }

  on<T>(event: string): Observable<T> {
    return this.incoming.pipe(
      filter((m) => m.event === event),
      map((m) => m.payload as T),
    );
  }

  /** A request with an answer (socket.io acknowledgement), once the connection is up. */
  async request<T>(event: string, payload: unknown, timeoutMs = 10_000): Promise<T> {
    const socket = await this.ready();
    return (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as T;
  }

  /** A fire-and-forget signal (e.g. "is typing"); dropped while disconnected. */
  emit(event: string, payload: unknown): void {
    if (this.connected()) this.socket?.emit(event, payload);
  }

  private async ready(timeoutMs = 10_000): Promise<Socket> {
    if (!this.socket) await this.open();
    const socket = this.socket;
    if (!socket) throw new Error('offline');
    if (!socket.connected) {
      await new Promise<void>((resolve, reject) => {
        const connected = () => {
          clearTimeout(timer);
          resolve();
        };
        // Not forever: a send then fails with a message instead of waiting without end.
        const timer = setTimeout(() => {
          socket.off('connect', connected);
          reject(new Error('offline'));
        }, timeoutMs);
        socket.once('connect', connected);
      });
    }
    return socket;
  }

  private async open(): Promise<void> {
    if (this.socket) return;
    const { io } = await import('socket.io-client');
    if (this.socket) return;
    const socket = io({ path: '/socket.io', transports: ['websocket', 'polling'], withCredentials: true });
    this.socket = socket;
    socket.on('connect', () => {
      this.connected.set(true);
      this.connects.next();
    });
    socket.on('disconnect', (reason) => {
      this.connected.set(false);
      // The server ended the connection: its session is over (logged out elsewhere, timed out,
      // replaced by a new login). socket.io does not reconnect by itself then.
      if (reason === 'io server disconnect' && this.socket === socket) void this.sessionEnded();
    });
    socket.onAny((event: string, payload: unknown) => this.incoming.next({ event, payload }));
  }

  private async sessionEnded(): Promise<void> {
    this.close();
    const me = await this.auth.reload().catch(() => null);
    // Nobody is logged in any more: what the ended session showed leaves the screen (the
    // guards then lead to the login page).
    if (!me) window.location.reload();
    else if (me.id === this.owner) void this.open();
  }

  private close(): void {
    this.socket?.close();
    this.socket = undefined;
    this.connected.set(false);
  }

  ngOnDestroy(): void {
    this.close();
  }
}
