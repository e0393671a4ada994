import { Injectable } from '@nestjs/common';
import type { Server, Socket } from 'socket.io';

import type { Principal, RequestSession } from '../common/request.js';

export const userRoom = (userId: string) => `user:${userId}`;
export const adminRoom = (centreId: string) => `admins:${centreId}`;
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
export const centreRoom = (centreId: string) => `centre:${centreId}`;

/** Who is behind a socket: set at the handshake from the session cookie. */
export function socketPrincipal(socket: Pick<Socket, 'data'>): Principal | undefined {
  return (socket.data as { session?: RequestSession } | undefined)?.session?.principal;
}

/**
 * The realtime port: features say which people should hear of something; sockets join one room
 * per person at the handshake, so delivery follows the same rules as the HTTP API.
 */
@Injectable()
export class RealtimeService {
  private server?: Server;
  private clustered = false;
  private readonly peerHandlers: [string, (...args: string[]) => void][] = [];

  attach(server: Server, clustered = false): void {
    this.server = server;
    this.clustered = clustered;
    for (const [event, handler] of this.peerHandlers) this.listen(server, event, handler);
  }

  /**
   * Tells the other app instances through the socket.io Redis adapter (alone, there is nobody
   * to tell). Unlike the ClusterBus, this travels the same connection as the emits, so it
   * arrives before anything emitted after it — e.g. a chat room's stale participant list is
   * dropped before the next line is delivered.
   */
  toOtherInstances(event: string, ...args: string[]): void {
    if (this.clustered) this.server?.serverSideEmit(event, ...args);
  }

  /** Hears what other instances say with `toOtherInstances`, e.g. that a cache is stale. */
  fromOtherInstances(event: string, handler: (...args: string[]) => void): void {
    this.peerHandlers.push([event, handler]);
    if (this.server) this.listen(this.server, event, handler);
  }

  private listen(server: Server, event: string, handler: (...args: string[]) => void): void {
    // Server-side events arrive on the main namespace; socket.io's typings only know socket events.
    (server as unknown as { on(event: string, listener: (...args: string[]) => void): void }).on(event, handler);
  }

  toUsers(userIds: readonly string[], event: string, payload: unknown): void {
    if (!this.server || userIds.length === 0) return;
    this.server.to(userIds.map(userRoom)).emit(event, payload);
  }

  toAdmins(centreId: string, event: string, payload: unknown): void {
    this.server?.to(adminRoom(centreId)).emit(event, payload);
  }

  /** Takes people's sockets out of a feature's room (e.g. a chat room they no longer belong to). */
  removeFromRoom(userIds: readonly string[], room: string): void {
    if (userIds.length) this.server?.in(userIds.map(userRoom)).socketsLeave(room);
  }

  /** Ends the live connections of a person (logout everywhere, deletion, deactivation). */
  disconnectUser(userId: string): void {
    this.server?.in(userRoom(userId)).disconnectSockets(true);
  }

  /** Ends the connections opened with one session (logout). */
  disconnectSession(sessionId: string): void {
    this.server?.in(sessionRoom(sessionId)).disconnectSockets(true);
  }

  /** Ends every connection at a centre (suspension, deletion). */
  disconnectCentre(centreId: string): void {
    this.server?.in(centreRoom(centreId)).disconnectSockets(true);
  }
}
