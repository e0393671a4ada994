import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';

import {
  ActivityNotifier,
  actorOf,
  AppConfig,
  AuditService,
  CasesService,
  type CentreCipher,
  conflict,
  CryptoService,
  DisplayNames,
  intSetting,
  invalid,
  isUuid,
  newId,
  notFound,
  type Principal,
  RealtimeService,
  type ResolvedCentre,
  writeLock,
} from '#kernel';

import {
  DEFAULT_ROOM_OPTIONS,
  VIDEO_EVENTS,
  type VideoJoinView,
  type VideoParticipantEvent,
  type VideoRoomOptions,
  type VideoRoomView,
} from './contracts.js';
import { VideoConsentService } from './consent.service.js';
import type { CreateVideoRoomDto, HostPresenceDto, ParticipantReportDto, UpdateVideoRoomDto } from './dto.js';
import { JitsiSettingsService } from './jitsi-settings.service.js';
import { jitsiUserId, newJitsiRoom, signJitsiToken } from './jitsi-tokens.js';
import { VIDEO_TEMPLATES } from './templates.js';
import { HostPresence } from './host-presence.js';
import { noteAad, roomNameAad, VideoGuestLink, VideoInvitee, VideoNote, VideoRoom } from './video.entities.js';

const OPTION_KEYS = ['lobby', 'startMuted', 'audioOnly', 'guestsAllowed'] as const;

export const roomOptions = (room: VideoRoom): VideoRoomOptions => ({
  lobby: !!room.lobby,
  startMuted: !!room.startMuted,
  audioOnly: !!room.audioOnly,
  guestsAllowed: !!room.guestsAllowed,
});

/**
 * Video rooms: a counsellor opens persistent, named rooms, invites some of their own clients
 * (and, by link, guests), and signs each person's access to the centre's Jitsi Meet. Clients get
 * a token only with their consent and while the counsellor is in the call.
 */
@Injectable()
export class VideoService {
  /** How long a token admits its holder; Jitsi checks it when joining and when reconnecting. */
  readonly tokenSeconds: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly cases: CasesService,
    private readonly names: DisplayNames,
    private readonly realtime: RealtimeService,
    private readonly audit: AuditService,
    private readonly notifier: ActivityNotifier,
    private readonly settings: JitsiSettingsService,
    private readonly consent: VideoConsentService,
    private readonly presence: HostPresence,
    config: AppConfig,
  ) {
    this.tokenSeconds = intSetting(config, 'JITSI_TOKEN_MINUTES', 10, { min: 1, max: 240 }) * 60;
  }

  /** A counsellor's own rooms, or the rooms a client is invited to; newest first. */
  async rooms(centre: ResolvedCentre, principal: Principal): Promise<VideoRoomView[]> {
    const qb = this.dataSource.getRepository(VideoRoom).createQueryBuilder('r').where('r.centreId = :centre', { centre: centre.id });
    if (principal.role === 'counsellor') qb.andWhere('r.counsellorId = :me', { me: principal.id });
    else qb.innerJoin(VideoInvitee, 'i', 'i.roomId = r.id AND i.userId = :me', { me: principal.id });
    const rooms = await qb.orderBy('r.id', 'DESC').getMany();
    return this.views(centre, principal, rooms);
  }

  async room(centre: ResolvedCentre, principal: Principal, roomId: string): Promise<VideoRoomView> {
    return (await this.views(centre, principal, [await this.findRoom(centre, principal, roomId)]))[0]!;
  }

  async create(centre: ResolvedCentre, counsellor: Principal, dto: CreateVideoRoomDto): Promise<VideoRoomView> {
    const invitees = [...new Set(dto.inviteeIds ?? [])];
    const cipher = await this.crypto.forCentre(centre.id);
    const id = newId();
    const now = new Date();
    const options = { ...DEFAULT_ROOM_OPTIONS, ...pickOptions(dto) };
    await this.dataSource.transaction(async (manager) => {
      await this.checkOwnClients(manager, centre, counsellor, invitees);
      await manager.insert(VideoRoom, {
        id,
        centreId: centre.id,
        counsellorId: counsellor.id,
        sealedName: cipher.seal(roomNameAad(id), dto.name.trim()),
        jitsiRoom: newJitsiRoom(),
        ...options,
        createdAt: now,
        hostSeenAt: null,
        hostE2ee: false,
      });
      if (invitees.length) await manager.insert(VideoInvitee, invitees.map((userId) => ({ roomId: id, userId, centreId: centre.id, invitedAt: now })));
      await this.audit.record(actorOf(counsellor), { action: 'video.room-created', target: { type: 'video_room', id } }, manager);
    });
    await this.invited(centre, id, invitees);
    return this.room(centre, counsellor, id);
  }

  /**
   * Renames the room, changes its options or its invited clients (the new ones are told, the
   * others lose access at once). Switching guests off revokes every open guest link.
   */
  async update(centre: ResolvedCentre, counsellor: Principal, roomId: string, dto: UpdateVideoRoomDto): Promise<VideoRoomView> {
    const room = await this.ownRoom(centre, counsellor, roomId);
    const cipher = await this.crypto.forCentre(centre.id);
    const changes: Partial<VideoRoom> = pickOptions(dto);
    if (dto.name !== undefined) changes.sealedName = cipher.seal(roomNameAad(room.id), dto.name.trim());
    let added: string[] = [];
    let removed: string[] = [];
    await this.dataSource.transaction(async (manager) => {
      // The room's row locked first: two saves of it at once (a double click) go one after the
      // other, the second seeing the invitations the first wrote (else both insert them: 500);
      // a room deleted meanwhile is not found (else the invitations' foreign key fails: 500).
      const mode = writeLock(manager);
      const locked = await manager.findOne(VideoRoom, { where: { id: room.id }, select: { id: true }, ...(mode ? { lock: { mode } } : {}) });
      if (!locked) throw notFound('VIDEO_ROOM_NOT_FOUND');
      if (Object.keys(changes).length) await manager.update(VideoRoom, { id: room.id }, changes);
      if (changes.guestsAllowed === false) await this.revokeAllGuestLinks(manager, counsellor, room.id);
      if (dto.inviteeIds) {
        const wanted = [...new Set(dto.inviteeIds)];
        const before = (await manager.find(VideoInvitee, { where: { roomId: room.id }, select: { userId: true } })).map((i) => i.userId);
        added = wanted.filter((id) => !before.includes(id));
        removed = before.filter((id) => !wanted.includes(id));
        await this.checkOwnClients(manager, centre, counsellor, added);
        if (removed.length) await manager.delete(VideoInvitee, { roomId: room.id, userId: In(removed) });
        const now = new Date();
        if (added.length) await manager.insert(VideoInvitee, added.map((userId) => ({ roomId: room.id, userId, centreId: centre.id, invitedAt: now })));
      }
    });
    this.realtime.toUsers(removed, VIDEO_EVENTS.roomRemoved, { roomId: room.id });
    const stayed = await this.invitees(room.id);
    this.realtime.toUsers([counsellor.id, ...stayed.filter((id) => !added.includes(id))], VIDEO_EVENTS.roomChanged, { roomId: room.id });
    await this.invited(centre, room.id, added);
    return this.room(centre, counsellor, room.id);
  }

  /** Deletes the room with its note, invitations and guest links. */
  async remove(centre: ResolvedCentre, counsellor: Principal, roomId: string): Promise<void> {
    const room = await this.ownRoom(centre, counsellor, roomId);
    const invitees = await this.invitees(room.id);
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(VideoRoom, { id: room.id, centreId: centre.id });
      await this.audit.record(actorOf(counsellor), { action: 'video.room-deleted', target: { type: 'video_room', id: room.id } }, manager);
    });
    this.realtime.toUsers([...invitees, counsellor.id], VIDEO_EVENTS.roomRemoved, { roomId: room.id });
  }

  async note(centre: ResolvedCentre, counsellor: Principal, roomId: string): Promise<{ text: string; updatedAt: string | null }> {
    const room = await this.ownRoom(centre, counsellor, roomId);
    const row = await this.dataSource.getRepository(VideoNote).findOneBy({ roomId: room.id, authorId: counsellor.id });
    if (!row) return { text: '', updatedAt: null };
    const cipher = await this.crypto.forCentre(centre.id);
    return { text: cipher.openText(noteAad(room.id), row.sealedText), updatedAt: row.updatedAt.toISOString() };
  }

  /** The counsellor's own note on the room; an empty text deletes it. */
  async saveNote(centre: ResolvedCentre, counsellor: Principal, roomId: string, text: string): Promise<{ text: string; updatedAt: string | null }> {
    const room = await this.ownRoom(centre, counsellor, roomId);
    const repo = this.dataSource.getRepository(VideoNote);
    if (!text.trim()) {
      await repo.delete({ roomId: room.id });
      return { text: '', updatedAt: null };
    }
    const cipher = await this.crypto.forCentre(centre.id);
    const updatedAt = new Date();
    // An upsert, not save()'s read-then-insert: two saves at once (autosave, a second tab) must not fail on the primary key.
    await repo.upsert({ roomId: room.id, centreId: centre.id, authorId: counsellor.id, sealedText: cipher.seal(noteAad(room.id), text), updatedAt }, ['roomId']);
    return { text, updatedAt: updatedAt.toISOString() };
  }

  /**
   * A signed token for this room. The counsellor may always come in (and owns the room); a
   * client needs their consent, must still be the counsellor's client, and the counsellor must
   * be in the call already.
   */
  async join(centre: ResolvedCentre, principal: Principal, roomId: string): Promise<VideoJoinView> {
    const room = await this.findRoom(centre, principal, roomId);
    const host = room.counsellorId === principal.id;
    if (!host) {
      if (!(await this.consent.isValid(centre.id, principal.id))) throw conflict('VIDEO_CONSENT_REQUIRED');
      // Belt and braces beside the reassignment listener: a room is for the counsellor's own clients.
      const still = await this.cases.ownClients(centre.id, room.counsellorId, { among: [principal.id] });
      if (still.length === 0) throw notFound('VIDEO_ROOM_NOT_FOUND');
    }
    const server = await this.settings.server(centre.id);
    if (!server) throw conflict('VIDEO_NOT_CONFIGURED');
    if (!host && !HostPresence.isPresent(room)) throw conflict('VIDEO_HOST_ABSENT');
    const displayName = (await this.names.of(centre.id, [principal.id])).get(principal.id) ?? '';
    return this.joinView(centre, room, { owner: host, userId: jitsiUserId(room.id, principal.id), displayName });
  }

  /** The counsellor's call page: in the call (every 30 s, with the encryption in force) or gone. */
  async hostPresence(centre: ResolvedCentre, counsellor: Principal, roomId: string, dto: HostPresenceDto): Promise<{ present: boolean; e2ee: boolean }> {
    const room = await this.ownRoom(centre, counsellor, roomId);
    const e2ee = dto.present && dto.e2ee === true;
    await this.presence.set(room, await this.invitees(room.id), dto.present, e2ee);
    return { present: dto.present, e2ee };
  }

  /** The counsellor ended the session for everyone: call pages hang up, nobody new gets in. */
  async end(centre: ResolvedCentre, counsellor: Principal, roomId: string): Promise<void> {
    const room = await this.ownRoom(centre, counsellor, roomId);
    const invitees = await this.invitees(room.id);
    await this.presence.set(room, invitees, false, false);
    this.realtime.toUsers([...invitees, counsellor.id], VIDEO_EVENTS.ended, { roomId: room.id });
  }

  /** A client in the call says whether their browser can take part in end-to-end encryption. */
  async participant(centre: ResolvedCentre, client: Principal, roomId: string, dto: ParticipantReportDto): Promise<void> {
    const room = await this.findRoom(centre, client, roomId);
    this.reportToHost(room, dto.jitsiId, dto.e2ee);
  }

  reportToHost(room: VideoRoom, jitsiId: string, e2ee: boolean): void {
    this.realtime.toUsers([room.counsellorId], VIDEO_EVENTS.participant, { roomId: room.id, jitsiId, e2ee } satisfies VideoParticipantEvent);
  }

  /** Signs a token for someone in this room and says what the call page needs. */
  async joinView(centre: ResolvedCentre, room: VideoRoom, who: { owner: boolean; userId: string; displayName: string }): Promise<VideoJoinView> {
    const server = await this.settings.server(centre.id);
    if (!server) throw conflict('VIDEO_NOT_CONFIGURED');
    const { jwt, expiresAt } = await signJitsiToken({ server, room: room.jitsiRoom, ...who, lifetimeSeconds: this.tokenSeconds });
    const cipher = await this.crypto.forCentre(centre.id);
    return {
      domain: server.domain,
      jitsiRoom: room.jitsiRoom,
      jwt,
      expiresAt: expiresAt.toISOString(),
      displayName: who.displayName,
      role: who.owner ? 'host' : 'participant',
      roomName: cipher.openText(roomNameAad(room.id), room.sealedName),
      options: roomOptions(room),
    };
  }

  /** A room this person may see at this centre: the counsellor's own, or one a client is invited to. */
  async findRoom(centre: ResolvedCentre, principal: Principal, roomId: string): Promise<VideoRoom> {
    if (!isUuid(roomId)) throw notFound('VIDEO_ROOM_NOT_FOUND');
    const qb = this.dataSource.getRepository(VideoRoom).createQueryBuilder('r').where('r.id = :id AND r.centreId = :centre', { id: roomId, centre: centre.id });
    if (principal.role === 'counsellor') qb.andWhere('r.counsellorId = :me', { me: principal.id });
    else if (principal.role === 'client') qb.innerJoin(VideoInvitee, 'i', 'i.roomId = r.id AND i.userId = :me', { me: principal.id });
    else throw notFound('VIDEO_ROOM_NOT_FOUND');
    const room = await qb.getOne();
    if (!room) throw notFound('VIDEO_ROOM_NOT_FOUND');
    return room;
  }

  async ownRoom(centre: ResolvedCentre, counsellor: Principal, roomId: string): Promise<VideoRoom> {
    if (counsellor.role !== 'counsellor') throw notFound('VIDEO_ROOM_NOT_FOUND');
    return this.findRoom(centre, counsellor, roomId);
  }

  async invitees(roomId: string, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    return (await manager.find(VideoInvitee, { where: { roomId }, select: { userId: true } })).map((i) => i.userId);
  }

  /** Only the counsellor's own clients, checked with their cases locked (a reassignment cannot slip in). */
  private async checkOwnClients(manager: EntityManager, centre: ResolvedCentre, counsellor: Principal, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const own = new Set(await this.cases.ownClients(centre.id, counsellor.id, { manager, among: ids, lock: true }));
    if (ids.some((id) => !own.has(id))) throw invalid([{ field: 'inviteeIds', code: 'field.videoNotYourClients' }]);
  }

  private async revokeAllGuestLinks(manager: EntityManager, counsellor: Principal, roomId: string): Promise<void> {
    const links = await manager.find(VideoGuestLink, { where: { roomId }, select: { id: true } });
    if (links.length === 0) return;
    await manager.delete(VideoGuestLink, { roomId });
    for (const link of links) await this.audit.record(actorOf(counsellor), { action: 'video.guest-link-revoked', target: { type: 'video_guest_link', id: link.id } }, manager);
  }

  /** New invitees see the room at once and get a content-free e-mail. */
  private async invited(centre: ResolvedCentre, roomId: string, userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    this.realtime.toUsers(userIds, VIDEO_EVENTS.roomChanged, { roomId });
    await this.notifier.notify(centre, userIds, VIDEO_TEMPLATES['video-invitation']);
  }

  private async views(centre: ResolvedCentre, principal: Principal, rooms: VideoRoom[]): Promise<VideoRoomView[]> {
    if (rooms.length === 0) return [];
    const ids = rooms.map((r) => r.id);
    const isCounsellor = principal.role === 'counsellor';
    const [invitees, notes, links] = isCounsellor
      ? await Promise.all([
          this.dataSource.getRepository(VideoInvitee).find({ where: { roomId: In(ids) }, order: { invitedAt: 'ASC' } }),
          this.dataSource.getRepository(VideoNote).find({ where: { roomId: In(ids) }, select: { roomId: true } }),
          this.dataSource.getRepository(VideoGuestLink).find({ where: { roomId: In(ids) }, select: { roomId: true, expiresAt: true } }),
        ])
      : [[], [], []];
    const names = await this.names.of(centre.id, [...new Set([...invitees.map((i) => i.userId), ...rooms.map((r) => r.counsellorId)])]);
    const cipher = await this.crypto.forCentre(centre.id);
    const now = Date.now();
    return rooms.map((room) => this.view(cipher, names, room, {
      invitees: invitees.filter((i) => i.roomId === room.id).map((i) => ({ id: i.userId, name: names.get(i.userId) ?? '' })),
      hasNote: notes.some((n) => n.roomId === room.id),
      guestLinks: links.filter((l) => l.roomId === room.id && l.expiresAt.getTime() > now).length,
    }));
  }

  private view(cipher: CentreCipher, names: Map<string, string>, room: VideoRoom, extra: Pick<VideoRoomView, 'invitees' | 'hasNote' | 'guestLinks'>): VideoRoomView {
    const present = HostPresence.isPresent(room);
    return {
      id: room.id,
      name: cipher.openText(roomNameAad(room.id), room.sealedName),
      counsellor: { id: room.counsellorId, name: names.get(room.counsellorId) ?? '' },
      options: roomOptions(room),
      ...extra,
      hostPresent: present,
      e2ee: present && !!room.hostE2ee,
      createdAt: room.createdAt.toISOString(),
    };
  }
}

function pickOptions(dto: Partial<VideoRoomOptions>): Partial<VideoRoomOptions> {
  const out: Partial<VideoRoomOptions> = {};
  for (const key of OPTION_KEYS) if (typeof dto[key] === 'boolean') out[key] = dto[key];
  return out;
}
