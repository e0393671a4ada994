import { createHash, randomBytes } from 'node:crypto';

import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan, MoreThan } from 'typeorm';

import {
  actorOf,
  AppConfig,
  AuditService,
  conflict,
  CryptoService,
  DisplayNames,
  DomainError,
  errorFields,
  invalid,
  isUuid,
  type Locale,
  newId,
  notFound,
  type Principal,
  type ResolvedCentre,
  writeLock,
} from '#kernel';

import { CONSENT_VERSION, consentText } from './consent.js';
import {
  GUEST_LINK_DEFAULT_DAYS,
  GUEST_PAGE_PATH,
  MAX_GUEST_LINKS_PER_ROOM,
  type VideoGuestLinkView,
  type VideoGuestRoomView,
  type VideoJoinView,
} from './contracts.js';
import type { GuestJoinDto, GuestLinkDto } from './dto.js';
import { HostPresence } from './host-presence.js';
import { jitsiUserId } from './jitsi-tokens.js';
import { guestLabelAad, guestTokenAad, roomNameAad, VideoGuestLink, VideoRoom } from './video.entities.js';
import { roomOptions, VideoService } from './video.service.js';

const DAY_MS = 86_400_000;
/** Expired links are kept a week, so a guest who comes late is told "expired", not "unknown". */
const KEEP_EXPIRED_MS = 7 * DAY_MS;

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Guest links: for external professionals or a client's companion, no account. The secret is
 * 256 random bits in the link's fragment (never sent to a server, never in a log); it is found by
 * its hash, and kept sealed so the counsellor can copy the link again. Revoking deletes it.
 */
@Injectable()
export class GuestLinksService {
  private readonly logger = new Logger(GuestLinksService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly names: DisplayNames,
    private readonly audit: AuditService,
    private readonly rooms: VideoService,
    private readonly config: AppConfig,
  ) {}

  async list(centre: ResolvedCentre, counsellor: Principal, roomId: string): Promise<VideoGuestLinkView[]> {
    const room = await this.rooms.ownRoom(centre, counsellor, roomId);
    const links = await this.dataSource.getRepository(VideoGuestLink).find({ where: { roomId: room.id, expiresAt: MoreThan(new Date()) }, order: { id: 'ASC' } });
    const cipher = await this.crypto.forCentre(centre.id);
    return links.map((link) => ({
      id: link.id,
      label: link.sealedLabel ? cipher.openText(guestLabelAad(link.id), link.sealedLabel) : null,
      url: this.url(centre, cipher.openText(guestTokenAad(link.id), link.sealedToken)),
      expiresAt: link.expiresAt.toISOString(),
      createdAt: link.createdAt.toISOString(),
    }));
  }

  async issue(centre: ResolvedCentre, counsellor: Principal, roomId: string, dto: GuestLinkDto): Promise<VideoGuestLinkView> {
    const room = await this.rooms.ownRoom(centre, counsellor, roomId);
    if (!room.guestsAllowed) throw conflict('VIDEO_GUESTS_NOT_ALLOWED');
    const cipher = await this.crypto.forCentre(centre.id);
    const id = newId();
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + (dto.days ?? GUEST_LINK_DEFAULT_DAYS) * DAY_MS);
    const label = dto.label?.trim() || null;
    await this.dataSource.transaction(async (manager) => {
      // The room's row locked first: links asked for at the same moment are counted one after the
      // other (else each sees the same count and the cap gives way), and a switch to "no guests"
      // or a deletion that committed meanwhile is seen.
      const mode = writeLock(manager);
      const locked = await manager.findOne(VideoRoom, { where: { id: room.id }, select: { id: true, guestsAllowed: true }, ...(mode ? { lock: { mode } } : {}) });
      if (!locked) throw notFound('VIDEO_ROOM_NOT_FOUND');
      if (!locked.guestsAllowed) throw conflict('VIDEO_GUESTS_NOT_ALLOWED');
      const open = await manager.countBy(VideoGuestLink, { roomId: room.id, expiresAt: MoreThan(now) });
      if (open >= MAX_GUEST_LINKS_PER_ROOM) throw new DomainError('VIDEO_TOO_MANY_GUEST_LINKS', 409, { max: MAX_GUEST_LINKS_PER_ROOM });
      await manager.insert(VideoGuestLink, {
        id,
        centreId: centre.id,
        roomId: room.id,
        tokenHash: tokenHash(token),
        sealedToken: cipher.seal(guestTokenAad(id), token),
        sealedLabel: label ? cipher.seal(guestLabelAad(id), label) : null,
        createdAt: now,
        expiresAt,
      });
      await this.audit.record(actorOf(counsellor), { action: 'video.guest-link-issued', target: { type: 'video_guest_link', id } }, manager);
    });
    return { id, label, url: this.url(centre, token), expiresAt: expiresAt.toISOString(), createdAt: now.toISOString() };
  }

  async revoke(centre: ResolvedCentre, counsellor: Principal, roomId: string, linkId: string): Promise<void> {
    const room = await this.rooms.ownRoom(centre, counsellor, roomId);
    if (!isUuid(linkId)) throw notFound('VIDEO_GUEST_LINK_NOT_FOUND');
    await this.dataSource.transaction(async (manager) => {
      const { affected } = await manager.delete(VideoGuestLink, { id: linkId, roomId: room.id, centreId: centre.id });
      if (!affected) throw notFound('VIDEO_GUEST_LINK_NOT_FOUND');
      await this.audit.record(actorOf(counsellor), { action: 'video.guest-link-revoked', target: { type: 'video_guest_link', id: linkId } }, manager);
    });
  }

  /** What the guest page shows before joining (and asks again while waiting for the counsellor). */
  async guestRoom(centre: ResolvedCentre, token: string, locale: Locale): Promise<VideoGuestRoomView> {
    const { link, room } = await this.valid(centre, token);
    const cipher = await this.crypto.forCentre(centre.id);
    const present = HostPresence.isPresent(room);
    return {
      roomName: cipher.openText(roomNameAad(room.id), room.sealedName),
      counsellorName: (await this.names.of(centre.id, [room.counsellorId])).get(room.counsellorId) ?? '',
      centreName: centre.name,
      hostPresent: present,
      e2ee: present && !!room.hostE2ee,
      options: roomOptions(room),
      expiresAt: link.expiresAt.toISOString(),
      consent: consentText(locale),
    };
  }

  /** A guest's token: with the consent text confirmed, and only while the counsellor is in the call. */
  async guestJoin(centre: ResolvedCentre, dto: GuestJoinDto): Promise<VideoJoinView> {
    const { room } = await this.valid(centre, dto.token);
    if (dto.consentVersion !== CONSENT_VERSION) throw invalid([{ field: 'consentVersion', code: 'field.consentVersion' }]);
    if (!HostPresence.isPresent(room)) throw conflict('VIDEO_HOST_ABSENT');
    // Each join its own id: two guests sharing one link are two people in the call.
    return this.rooms.joinView(centre, room, { owner: false, userId: jitsiUserId(room.id, `guest:${randomBytes(16).toString('hex')}`), displayName: dto.displayName });
  }

  async guestParticipant(centre: ResolvedCentre, token: string, jitsiId: string, e2ee: boolean): Promise<void> {
    const { room } = await this.valid(centre, token);
    this.rooms.reportToHost(room, jitsiId, e2ee);
  }

  private async valid(centre: ResolvedCentre, token: string): Promise<{ link: VideoGuestLink; room: VideoRoom }> {
    const link = await this.dataSource.getRepository(VideoGuestLink).findOneBy({ tokenHash: tokenHash(token), centreId: centre.id });
    if (!link) throw notFound('VIDEO_GUEST_LINK_INVALID');
    if (link.expiresAt.getTime() <= Date.now()) throw new DomainError('VIDEO_GUEST_LINK_EXPIRED', 410);
    const room = await this.dataSource.getRepository(VideoRoom).findOneBy({ id: link.roomId, centreId: centre.id });
    if (!room?.guestsAllowed) throw notFound('VIDEO_GUEST_LINK_INVALID');
    return { link, room };
  }

  private url(centre: ResolvedCentre, token: string): string {
    return `${this.config.publicUrl}/${centre.slug}/${GUEST_PAGE_PATH}#${token}`;
  }

  /** Links expired a week ago are gone (the guest was told "expired" meanwhile). */
  @Cron(CronExpression.EVERY_HOUR)
  async sweep(now = new Date()): Promise<number> {
    try {
      const { affected } = await this.dataSource.getRepository(VideoGuestLink).delete({ expiresAt: LessThan(new Date(now.getTime() - KEEP_EXPIRED_MS)) });
      return affected ?? 0;
    } catch (error) {
      this.logger.warn({ err: errorFields(error) }, 'video guest link sweep failed');
      return 0;
    }
  }
}
