import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Server } from 'socket.io';
import { DataSource } from 'typeorm';

import {
  ActivityNotifier,
  CountingDebouncer,
  HotSql,
  LatestValueThrottle,
  RealtimeService,
  type ResolvedCentre,
  socketPrincipal,
  sqlDate,
  errorFields,
} from '#kernel';

import { CHAT_EVENTS, type ChatMessageView } from './contracts.js';

import { ChatParticipant } from './chat.entities.js';
import { CHAT_TEMPLATES } from './templates.js';

/** The socket.io room of those who have a chat room open (presence, typing). */
export const openRoom = (roomId: string) => `chat:${roomId}`;

/** Participants change only when a room is made or deleted (or a person leaves): keep them a while. */
const PARTICIPANTS_TTL_MS = 30_000;
const UNREAD_WINDOW_MS = 1000;
const PARTICIPANTS_CHANGED = 'chat:participants-changed';

/**
 * After a line is stored: every participant's sockets get it at once; the room's last activity,
 * unread counts and the content-free e-mail for those who are away follow, coalesced.
 */
@Injectable()
export class ChatDelivery {
  private readonly logger = new Logger(ChatDelivery.name);
  private server?: Server;
  private readonly participantCache = new Map<string, { ids: string[]; at: number }>();
  /** Counts changes of membership, so a list read across a change is not cached. */
  private epoch = 0;
  private readonly warn = (what: string) => (error: unknown) =>
    this.logger.warn({ err: errorFields(error) }, what);
  private readonly unread = new CountingDebouncer(UNREAD_WINDOW_MS, this.warn('chat unread count failed'));
  /** The room's last activity (for sorting), written at most twice a second per room. */
  private readonly touches = new LatestValueThrottle<Date>(
    1000,
    async (roomId, at) => void (await this.sql.run('UPDATE chat_room SET lastMessageAt = ? WHERE id = ?', [sqlDate(at), roomId])),
    this.warn('chat touch failed'),
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sql: HotSql,
    private readonly realtime: RealtimeService,
    private readonly notifier: ActivityNotifier,
  ) {
    this.realtime.fromOtherInstances(PARTICIPANTS_CHANGED, (roomId) => this.forgetHere(roomId));
  }

  attach(server: Server): void {
    this.server = server;
  }

  async participants(roomId: string): Promise<string[]> {
    const hit = this.participantCache.get(roomId);
    if (hit && Date.now() - hit.at < PARTICIPANTS_TTL_MS) return hit.ids;
    const epoch = this.epoch;
    const rows = await this.sql.query<{ userId: string }>('SELECT userId FROM chat_participant WHERE roomId = ?', [roomId]);
    const ids = rows.map((r) => r.userId);
    // A list read while someone left may already be stale: use it once, do not keep it.
    if (epoch === this.epoch) this.participantCache.set(roomId, { ids, at: Date.now() });
    return ids;
  }

  /** A room's people changed: here and on every other instance, the next line reads them afresh. */
  forget(roomId: string): void {
    this.forgetHere(roomId);
    this.realtime.toOtherInstances(PARTICIPANTS_CHANGED, roomId);
  }

  private forgetHere(roomId: string): void {
    this.epoch++;
    this.participantCache.delete(roomId);
  }

  async delivered(centre: ResolvedCentre, message: ChatMessageView): Promise<void> {
    const participants = await this.participants(message.roomId);
    this.realtime.toUsers(participants, CHAT_EVENTS.message, message);
    this.touches.push(message.roomId, new Date(message.createdAt));
    for (const reader of participants) {
      if (reader !== message.author.id) this.unread.add(`${message.roomId}:${reader}`, (arrived) => this.flushUnread(centre, message.roomId, reader, arrived));
    }
  }

  /** A room was deleted: its people hear of it, open sockets leave it. */
  closed(roomId: string, participants: string[]): void {
    this.forget(roomId);
    this.realtime.toUsers(participants, CHAT_EVENTS.roomRemoved, { roomId });
    this.server?.in(openRoom(roomId)).socketsLeave(openRoom(roomId));
  }

  toOpenRoom(roomId: string, event: string, payload: unknown): void {
    this.server?.to(openRoom(roomId)).emit(event, payload);
  }

  /** Who has the room open now, across instances. */
  async present(roomId: string): Promise<string[]> {
    if (!this.server) return [];
    const sockets = await this.server.in(openRoom(roomId)).fetchSockets();
    return [...new Set(sockets.map((s) => socketPrincipal(s)?.id).filter((id): id is string => !!id))];
  }

  private async flushUnread(centre: ResolvedCentre, roomId: string, userId: string, arrived: number): Promise<void> {
    const rows = await this.sql.query<{ unread: number | string }>(
      `SELECT COUNT(*) AS unread FROM chat_message m JOIN chat_participant p ON p.roomId = m.roomId AND p.userId = ?
       WHERE m.roomId = ? AND (p.lastReadMessageId IS NULL OR m.id > p.lastReadMessageId) AND (m.authorId IS NULL OR m.authorId <> ?)`,
      [userId, roomId, userId],
    );
    const unread = Number(rows[0]?.unread ?? 0);
    this.realtime.toUsers([userId], CHAT_EVENTS.unread, { roomId, unread });
    // Someone away gets one content-free e-mail when the room goes from read to unread.
    if (unread > 0 && unread <= arrived && !(await this.present(roomId)).includes(userId)) await this.notifier.notify(centre, [userId], CHAT_TEMPLATES['new-chat-message']);
  }

  /** Removes people from rooms (e.g. a client who now has another counsellor). */
  async removeParticipants(pairs: { roomId: string; userId: string }[]): Promise<void> {
    for (const { roomId, userId } of pairs) {
      await this.dataSource.getRepository(ChatParticipant).delete({ roomId, userId });
      this.forget(roomId);
      this.realtime.removeFromRoom([userId], openRoom(roomId));
      this.realtime.toUsers([userId], CHAT_EVENTS.roomRemoved, { roomId });
    }
  }
}
