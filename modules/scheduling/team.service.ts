import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

import {
  actorOf,
  AuditService,
  CasesService,
  CryptoService,
  DisplayNames,
  DomainError,
  ImageSanitizer,
  isUuid,
  notFound,
  type Principal,
  type ResolvedCentre,
} from '#kernel';

import { HORIZON_DAYS, MIN_NOTICE_HOURS, type ProfileView, type TeamAdminView, type TeamMemberView } from './contracts.js';
import type { ProfileDto } from './dto.js';
import { AvailabilityService, today } from './availability.service.js';
import { bioAad, photoAad, SchedulingPhoto, SchedulingProfile } from './scheduling.entities.js';

/** A portrait needs no more than this (and bigger uploads are refused before decoding). */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
const PHOTO_SIDE = 800;
/** The team page says whether someone has a free slot in this many days. */
const FREE_SLOT_DAYS = 28;

/**
 * The team page: counsellors who chose to be on it present themselves with a photo and a few
 * words; the administration can hide anyone, and the counsellor cannot undo that. Public on the
 * centre's portal, with the ways of contact each offers and whether they have free slots.
 */
@Injectable()
export class TeamService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly images: ImageSanitizer,
    private readonly names: DisplayNames,
    private readonly cases: CasesService,
    private readonly availability: AvailabilityService,
    private readonly audit: AuditService,
  ) {}

  /** The counsellor's profile row, made with the defaults on first use. */
  async ensure(centreId: string, counsellorId: string, manager: EntityManager = this.dataSource.manager): Promise<SchedulingProfile> {
    const found = await manager.findOneBy(SchedulingProfile, { counsellorId, centreId });
    if (found) return found;
    await manager
      .createQueryBuilder()
      .insert()
      .into(SchedulingProfile)
      .values({
        counsellorId,
        centreId,
        minNoticeHours: MIN_NOTICE_HOURS.default,
        horizonDays: HORIZON_DAYS.default,
        teamVisible: false,
        hiddenByAdmin: false,
        sealedBio: null,
        crisisActive: false,
        crisisUntil: null,
        crisisCount: 0,
        updatedAt: new Date(),
      })
      .orIgnore()
      .execute();
    return manager.findOneByOrFail(SchedulingProfile, { counsellorId, centreId });
  }

  async profile(centre: ResolvedCentre, counsellor: Principal): Promise<ProfileView> {
    const row = await this.ensure(centre.id, counsellor.id);
    const photo = await this.dataSource.getRepository(SchedulingPhoto).findOne({ where: { counsellorId: counsellor.id, centreId: centre.id }, select: { updatedAt: true } });
    const cipher = await this.crypto.forCentre(centre.id);
    return {
      minNoticeHours: row.minNoticeHours,
      horizonDays: row.horizonDays,
      teamVisible: !!row.teamVisible,
      hiddenByAdmin: !!row.hiddenByAdmin,
      bio: row.sealedBio ? cipher.openText(bioAad(counsellor.id), row.sealedBio) : null,
      photoUrl: photo ? photoUrl(centre, counsellor.id, photo.updatedAt) : null,
    };
  }

  async saveProfile(centre: ResolvedCentre, counsellor: Principal, dto: ProfileDto): Promise<ProfileView> {
    await this.ensure(centre.id, counsellor.id);
    const cipher = await this.crypto.forCentre(centre.id);
    const changes: Partial<SchedulingProfile> = { updatedAt: new Date() };
    if (dto.minNoticeHours !== undefined) changes.minNoticeHours = dto.minNoticeHours;
    if (dto.horizonDays !== undefined) changes.horizonDays = dto.horizonDays;
    if (dto.teamVisible !== undefined) changes.teamVisible = dto.teamVisible;
    if (dto.bio !== undefined) changes.sealedBio = dto.bio?.trim() ? cipher.seal(bioAad(counsellor.id), dto.bio.trim()) : null;
    await this.dataSource.getRepository(SchedulingProfile).update({ counsellorId: counsellor.id, centreId: centre.id }, changes);
    return this.profile(centre, counsellor);
  }

  /** The portrait: decoded and written anew (no metadata, nothing but pixels), then sealed. */
  async putPhoto(centre: ResolvedCentre, counsellor: Principal, data: Buffer | undefined): Promise<ProfileView> {
    if (!data || data.length === 0) throw new DomainError('ASSET_TYPE', 415);
    if (data.length > MAX_PHOTO_BYTES) throw new DomainError('ASSET_TOO_LARGE', 413, { max: '5 MB' });
    const image = await this.images.sanitize(data, PHOTO_SIDE);
    if (!image) throw new DomainError('ASSET_TYPE', 415);
    const cipher = await this.crypto.forCentre(centre.id);
    await this.ensure(centre.id, counsellor.id);
    await this.dataSource
      .getRepository(SchedulingPhoto)
      .upsert({ counsellorId: counsellor.id, centreId: centre.id, mimeType: image.mimeType, sealedData: cipher.seal(photoAad(counsellor.id), image.data), updatedAt: new Date() }, ['counsellorId']);
    return this.profile(centre, counsellor);
  }

  async deletePhoto(centre: ResolvedCentre, counsellor: Principal): Promise<void> {
    await this.dataSource.getRepository(SchedulingPhoto).delete({ counsellorId: counsellor.id, centreId: centre.id });
  }

  /** A portrait of someone on the team page (nobody else's is public). */
  async photo(centre: ResolvedCentre, counsellorId: string): Promise<{ data: Buffer; mimeType: string }> {
    if (!isUuid(counsellorId) || !(await this.onTeamPage(centre)).includes(counsellorId)) throw notFound();
    const row = await this.dataSource.getRepository(SchedulingPhoto).findOneBy({ counsellorId, centreId: centre.id });
    if (!row) throw notFound();
    const cipher = await this.crypto.forCentre(centre.id);
    return { data: cipher.open(photoAad(counsellorId), row.sealedData), mimeType: row.mimeType };
  }

  /** The public team page. */
  async team(centre: ResolvedCentre, now = new Date()): Promise<TeamMemberView[]> {
    const ids = await this.onTeamPage(centre);
    if (ids.length === 0) return [];
    const [profiles, photos, names, offered, free] = await Promise.all([
      this.dataSource.getRepository(SchedulingProfile).findBy({ centreId: centre.id }),
      this.dataSource.getRepository(SchedulingPhoto).find({ where: { centreId: centre.id }, select: { counsellorId: true, updatedAt: true } }),
      this.names.of(centre.id, ids),
      this.availability.offeredTypes(centre, ids, now),
      this.availability.freeSlots(centre, ids, today(now), FREE_SLOT_DAYS, now),
    ]);
    const cipher = await this.crypto.forCentre(centre.id);
    return ids
      .map((id) => {
        const profile = profiles.find((p) => p.counsellorId === id)!;
        const photo = photos.find((p) => p.counsellorId === id);
        return {
          id,
          name: names.get(id) ?? '',
          bio: profile.sealedBio ? cipher.openText(bioAad(id), profile.sealedBio) : null,
          photoUrl: photo ? photoUrl(centre, id, photo.updatedAt) : null,
          contactTypes: offered.get(id) ?? [],
          hasFreeSlots: (free.get(id)?.length ?? 0) > 0,
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name, 'de'));
  }

  /** Counsellors on the team page: they chose to be, the administration did not hide them, their account is active. */
  async onTeamPage(centre: ResolvedCentre): Promise<string[]> {
    const active = new Set((await this.cases.counsellors(centre)).map((c) => c.id));
    const shown = await this.dataSource.getRepository(SchedulingProfile).find({ where: { centreId: centre.id, teamVisible: true, hiddenByAdmin: false }, select: { counsellorId: true } });
    return shown.map((p) => p.counsellorId).filter((id) => active.has(id));
  }

  /** The administration's overview: every counsellor, whether shown, whether crisis contact. */
  async adminTeam(centre: ResolvedCentre, now = new Date()): Promise<TeamAdminView[]> {
    const counsellors = await this.cases.counsellors(centre);
    const profiles = await this.dataSource.getRepository(SchedulingProfile).findBy({ centreId: centre.id });
    return counsellors
      .map((c) => {
        const p = profiles.find((x) => x.counsellorId === c.id);
        const onDuty = !!p?.crisisActive && (!p.crisisUntil || p.crisisUntil > now);
        return {
          id: c.id,
          name: c.name,
          teamVisible: !!p?.teamVisible,
          hiddenByAdmin: !!p?.hiddenByAdmin,
          crisis: { active: onDuty, until: onDuty && p?.crisisUntil ? p.crisisUntil.toISOString() : null },
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name, 'de'));
  }

  async setHidden(centre: ResolvedCentre, admin: Principal, counsellorId: string, hidden: boolean): Promise<TeamAdminView[]> {
    await this.counsellorOf(centre, counsellorId);
    await this.ensure(centre.id, counsellorId);
    await this.dataSource.getRepository(SchedulingProfile).update({ counsellorId, centreId: centre.id }, { hiddenByAdmin: hidden, updatedAt: new Date() });
    await this.audit.record(actorOf(admin), { action: hidden ? 'scheduling.team-hidden' : 'scheduling.team-shown', target: { type: 'scheduling_profile', id: counsellorId } });
    return this.adminTeam(centre);
  }

  /** An active counsellor of this centre, or 404. */
  async counsellorOf(centre: ResolvedCentre, counsellorId: string): Promise<void> {
    if (!isUuid(counsellorId) || !(await this.cases.counsellors(centre)).some((c) => c.id === counsellorId)) throw notFound('SCHEDULING_COUNSELLOR_NOT_FOUND');
  }
}

function photoUrl(centre: ResolvedCentre, counsellorId: string, updatedAt: Date): string {
  return `/api/v1/centres/${centre.slug}/scheduling/team/${counsellorId}/photo?v=${updatedAt.getTime().toString(36)}`;
}
