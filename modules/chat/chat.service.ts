import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';

import {
  actorOf,
  AppConfig,
  AuditService,
  CasesService,
  type CentreCipher,
  CryptoService,
  DisplayNames,
  DomainError,
  fromSqlDate,
  HotSql,
  intSetting,
  invalid,
  newId,
  notFound,
  placeholders,
  type Principal,
  RateLimiter,
  RealtimeService,
  type ResolvedCentre,
  sqlDate,
  isUuid,
} from '#kernel';

import { CHAT_EVENTS, type ChatMessageView, type ChatRoomView } from './contracts.js';

import { ChatDelivery } from './chat-delivery.js';
import { ChatWriter } from './chat-writer.js';
import { ChatMessage, ChatParticipant, ChatRoom, chatTextAad, roomNameAad, roomTimeAad } from './chat.entities.js';
import type { CreateRoomDto, MessagePage, UpdateRoomDto } from './dto.js';

interface RawMessage {
  id: string;
  authorId: string | null;
  authorRole: 'client' | 'counsellor';
  sealedText: Buffer;
  createdAt: unknown;
}

/**
 * Counsellor-led chat rooms: a counsellor opens a named room with some of their own clients;
 * only they rename or delete it (with its history). Lines are sealed with the centre's key and
 * delivered live to every participant.
 */
@Injectable()
export class ChatService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly cases: CasesService,
    private readonly names: DisplayNames,
    private readonly sql: HotSql,
    private readonly delivery: ChatDelivery,
    private readonly writer: ChatWriter,
    private readonly realtime: RealtimeService,
    private readonly audit: AuditService,
    private readonly limiter: RateLimiter,
    config: AppConfig,
  ) {
    this.linesPerMinute = intSetting(config, 'CHAT_MESSAGES_PER_MINUTE', 60, { min: 1 });
  }

  private readonly linesPerMinute: number;

  async rooms(centre: ResolvedCentre, principal: Principal): Promise<ChatRoomView[]> {
    const rooms = await this.dataSource
      .getRepository(ChatRoom)
      .createQueryBuilder('r')
      .innerJoin(ChatParticipant, 'me', 'me.roomId = r.id AND me.userId = :me', { me: principal.id })
      .where('r.centreId = :centre', { centre: centre.id })
      .getMany();
    return this.views(centre, principal, rooms);
  }

  async room(centre: ResolvedCentre, principal: Principal, roomId: string): Promise<ChatRoomView> {
    return (await this.views(centre, principal, [await this.findRoom(centre, principal, roomId)]))[0]!;
  }

  async create(centre: ResolvedCentre, counsellor: Principal, dto: CreateRoomDto): Promise<ChatRoomView> {
    const ids = [...new Set(dto.participantIds)];
    const cipher = await this.crypto.forCentre(centre.id);
    const id = newId();
    const now = new Date();
    await this.dataSource.transaction(async (manager) => {
      // Checked with their cases locked: a reassignment now would leave them in this room.
      const own = new Set(await this.cases.ownClients(centre.id, counsellor.id, { manager, among: ids, lock: true }));
      if (ids.some((id) => !own.has(id))) throw invalid([{ field: 'participantIds', code: 'field.notYourClients' }]);
      await manager.insert(ChatRoom, {
        id,
        centreId: centre.id,
        counsellorId: counsellor.id,
        sealedName: cipher.seal(roomNameAad(id), dto.name.trim()),
        sealedAgreedTime: dto.agreedTime?.trim() ? cipher.seal(roomTimeAad(id), dto.agreedTime.trim()) : null,
        createdAt: now,
        lastMessageAt: null,
      });
      await manager.insert(ChatParticipant, [
        { roomId: id, userId: counsellor.id, centreId: centre.id, role: 'counsellor' as const, lastReadMessageId: null, joinedAt: now },
        ...ids.map((userId) => ({ roomId: id, userId, centreId: centre.id, role: 'client' as const, lastReadMessageId: null, joinedAt: now })),
      ]);
      await this.audit.record(actorOf(counsellor), { action: 'chat.room-created', target: { type: 'chat_room', id } }, manager);
    });
    this.realtime.toUsers(ids, CHAT_EVENTS.roomChanged, { roomId: id });
    return this.room(centre, counsellor, id);
  }

  /** Rename, or change the agreed chat time: the room's counsellor only. */
  async update(centre: ResolvedCentre, counsellor: Principal, roomId: string, dto: UpdateRoomDto): Promise<ChatRoomView> {
    const room = await this.ownRoom(centre, counsellor, roomId);
    const cipher = await this.crypto.forCentre(centre.id);
    const changes: Partial<ChatRoom> = {};
    if (dto.name !== undefined) changes.sealedName = cipher.seal(roomNameAad(room.id), dto.name.trim());
    if (dto.agreedTime !== undefined) changes.sealedAgreedTime = dto.agreedTime?.trim() ? cipher.seal(roomTimeAad(room.id), dto.agreedTime.trim()) : null;
    if (Object.keys(changes).length) await this.dataSource.getRepository(ChatRoom).update({ id: room.id }, changes);
    const participants = await this.delivery.participants(room.id);
    this.realtime.toUsers(participants, CHAT_EVENTS.roomChanged, { roomId: room.id });
    return this.room(centre, counsellor, room.id);
  }

  /** Deletes the room with its whole history, irrevocably: the room's counsellor only. */
  async remove(centre: ResolvedCentre, counsellor: Principal, roomId: string): Promise<void> {
    const room = await this.ownRoom(centre, counsellor, roomId);
    const participants = await this.delivery.participants(room.id);
    await this.dataSource.transaction(async (manager) => {
      // Messages and participants go by the foreign keys' cascade.
      await manager.delete(ChatRoom, { id: room.id, centreId: centre.id });
      await this.audit.record(actorOf(counsellor), { action: 'chat.room-deleted', target: { type: 'chat_room', id: room.id } }, manager);
    });
    this.delivery.closed(room.id, participants);
  }

  /** The history, oldest first: the latest `limit`, or those before `before`, or (catching up) after `after`. */
  async messages(centre: ResolvedCentre, principal: Principal, roomId: string, page: MessagePage): Promise<ChatMessageView[]> {
    if (!isUuid(roomId)) throw notFound('CHAT_ROOM_NOT_FOUND');
    const limit = Math.trunc(page.limit ?? 50);
    // Membership rides along with the read; only an empty page needs asking why.
    const member = 'SELECT 1 FROM chat_participant p WHERE p.roomId = ? AND p.userId = ? AND p.centreId = ?';
    const params: unknown[] = [roomId, roomId, principal.id, centre.id];
    let sql = `SELECT id, authorId, authorRole, sealedText, createdAt FROM chat_message WHERE roomId = ? AND EXISTS (${member})`;
    if (page.before) {
      sql += ' AND id < ?';
      params.push(page.before);
    }
    if (page.after) {
      sql += ' AND id > ?';
      params.push(page.after);
    }
    // A validated integer (1–200): LIMIT placeholders are not portable across prepared statements.
    sql += page.after ? ` ORDER BY id ASC LIMIT ${limit}` : ` ORDER BY id DESC LIMIT ${limit}`;
    const rows = await this.sql.query<RawMessage>(sql, params);
    if (rows.length === 0 && (await this.sql.query(member, [roomId, principal.id, centre.id])).length === 0) throw notFound('CHAT_ROOM_NOT_FOUND');
    if (!page.after) rows.reverse();
    return this.messageViews(centre, principal, roomId, rows);
  }

  /**
   * The line is stored only if its author is in the room (of this centre), checked in the
   * statement that writes it: no gap between the check and the write (see ChatWriter). Then
   * every participant's sockets get it.
   */
  async send(centre: ResolvedCentre, principal: Principal, roomId: string, text: string): Promise<ChatMessageView> {
    if (!isUuid(roomId)) throw notFound('CHAT_ROOM_NOT_FOUND');
    if (principal.role !== 'client' && principal.role !== 'counsellor') throw notFound('CHAT_ROOM_NOT_FOUND');
    // Against floods: per person, whatever sockets and requests the lines come through.
    if (!(await this.limiter.hit(`chat:${principal.id}`, this.linesPerMinute, 60_000)).allowed) throw new DomainError('CHAT_TOO_FAST', 429);
    const cipher = await this.crypto.forCentre(centre.id);
    const id = newId();
    const createdAt = new Date();
    const stored = await this.writer.store({
      id,
      centreId: centre.id,
      roomId,
      authorId: principal.id,
      authorRole: principal.role,
      sealedText: cipher.seal(chatTextAad(id), text),
      createdAt: sqlDate(createdAt),
    });
    if (!stored) throw notFound('CHAT_ROOM_NOT_FOUND');
    const name = (await this.names.of(centre.id, [principal.id])).get(principal.id) ?? '';
    const view: ChatMessageView = { id, roomId, author: { id: principal.id, name, role: principal.role }, text, createdAt: createdAt.toISOString(), mine: false };
    await this.delivery.delivered(centre, view);
    return { ...view, mine: true };
  }

  /** Marks the room read up to its latest line. */
  async markRead(centre: ResolvedCentre, principal: Principal, roomId: string): Promise<{ unread: number }> {
    await this.findRoom(centre, principal, roomId);
    const latest = await this.dataSource.getRepository(ChatMessage).findOne({ where: { roomId }, order: { id: 'DESC' }, select: { id: true } });
    if (latest) await this.dataSource.getRepository(ChatParticipant).update({ roomId, userId: principal.id }, { lastReadMessageId: latest.id });
    this.realtime.toUsers([principal.id], CHAT_EVENTS.unread, { roomId, unread: 0 });
    return { unread: 0 };
  }

  /** A room this person takes part in, at this centre; anything else is "not found". */
  async findRoom(centre: ResolvedCentre, principal: Principal, roomId: string): Promise<ChatRoom> {
    if (!isUuid(roomId)) throw notFound('CHAT_ROOM_NOT_FOUND');
    const room = await this.dataSource
      .getRepository(ChatRoom)
      .createQueryBuilder('r')
      .innerJoin(ChatParticipant, 'me', 'me.roomId = r.id AND me.userId = :me', { me: principal.id })
      .where('r.id = :id AND r.centreId = :centre', { id: roomId, centre: centre.id })
      .getOne();
    if (!room) throw notFound('CHAT_ROOM_NOT_FOUND');
    return room;
  }

  private async ownRoom(centre: ResolvedCentre, counsellor: Principal, roomId: string): Promise<ChatRoom> {
    const room = await this.findRoom(centre, counsellor, roomId);
    if (room.counsellorId !== counsellor.id) throw new DomainError('CHAT_NOT_YOUR_ROOM', 403);
    return room;
  }

  private async views(centre: ResolvedCentre, principal: Principal, rooms: ChatRoom[]): Promise<ChatRoomView[]> {
    if (rooms.length === 0) return [];
    const ids = rooms.map((r) => r.id);
    const [participants, unread] = await Promise.all([
      this.dataSource.getRepository(ChatParticipant).find({ where: { roomId: In(ids) }, order: { joinedAt: 'ASC' } }),
      this.sql.query<{ roomId: string; unread: number | string }>(
        `SELECT m.roomId AS roomId, COUNT(*) AS unread FROM chat_message m
         JOIN chat_participant p ON p.roomId = m.roomId AND p.userId = ?
         WHERE m.roomId IN (${placeholders(ids.length)}) AND (p.lastReadMessageId IS NULL OR m.id > p.lastReadMessageId)
           AND (m.authorId IS NULL OR m.authorId <> ?)
         GROUP BY m.roomId`,
        [principal.id, ...ids, principal.id],
      ),
    ]);
    const cipher = await this.crypto.forCentre(centre.id);
    const names = await this.names.of(centre.id, [...new Set([...participants.map((p) => p.userId), ...rooms.map((r) => r.counsellorId)])]);
    const unreadBy = new Map(unread.map((u) => [u.roomId, Number(u.unread)]));
    return rooms
      .map((room) => this.view(cipher, names, room, participants, unreadBy.get(room.id) ?? 0))
      .sort((a, b) => (b.lastMessageAt ?? b.createdAt).localeCompare(a.lastMessageAt ?? a.createdAt));
  }

  private view(cipher: CentreCipher, names: Map<string, string>, room: ChatRoom, participants: ChatParticipant[], unread: number): ChatRoomView {
    return {
      id: room.id,
      name: cipher.openText(roomNameAad(room.id), room.sealedName),
      agreedTime: room.sealedAgreedTime ? cipher.openText(roomTimeAad(room.id), room.sealedAgreedTime) : null,
      counsellor: { id: room.counsellorId, name: names.get(room.counsellorId) ?? '' },
      participants: participants.filter((p) => p.roomId === room.id && p.role === 'client').map((p) => ({ id: p.userId, name: names.get(p.userId) ?? '' })),
      unread,
      lastMessageAt: room.lastMessageAt ? fromSqlDate(room.lastMessageAt).toISOString() : null,
      createdAt: fromSqlDate(room.createdAt).toISOString(),
    };
  }

  private async messageViews(centre: ResolvedCentre, principal: Principal, roomId: string, rows: RawMessage[]): Promise<ChatMessageView[]> {
    if (rows.length === 0) return [];
    const cipher = await this.crypto.forCentre(centre.id);
    const names = await this.names.of(centre.id, rows.map((r) => r.authorId).filter((a): a is string => !!a));
    return rows.map((row) => ({
      id: row.id,
      roomId,
      author: { id: row.authorId, name: names.get(row.authorId ?? '') ?? '', role: row.authorRole },
      text: cipher.openText(chatTextAad(row.id), row.sealedText),
      createdAt: fromSqlDate(row.createdAt).toISOString(),
      mine: row.authorId === principal.id,
    }));
  }
}
