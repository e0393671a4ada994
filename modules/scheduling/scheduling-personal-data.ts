import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { CryptoService, type DataSubject, PersonalDataContributor } from '#kernel';

import { windowView } from './availability.service.js';
import { bioAad, noteAad, photoAad, SchedulingBlock, SchedulingBooking, SchedulingClient, SchedulingPhoto, SchedulingProfile, SchedulingWindow } from './scheduling.entities.js';
import { localDate, localTime } from './time.js';

/**
 * Export: a client's appointments with their notes; a counsellor's windows, blocks, team profile
 * (text and photo) and the appointments they held. Erase: all of it.
 */
@Injectable()
export class SchedulingPersonalData extends PersonalDataContributor {
  readonly section = 'scheduling';
  override readonly authorship = { table: 'scheduling_booking', authorColumn: 'clientId' };

  constructor(private readonly crypto: CryptoService) {
    super();
  }

  async export(subject: DataSubject, manager: EntityManager): Promise<unknown> {
    const cipher = await this.crypto.forCentre(subject.centreId);
    const where = { centreId: subject.centreId };
    const [asClient, asCounsellor, windows, blocks, profile, photo] = await Promise.all([
      manager.find(SchedulingBooking, { where: { ...where, clientId: subject.userId }, order: { startsAt: 'ASC' } }),
      manager.find(SchedulingBooking, { where: { ...where, counsellorId: subject.userId }, order: { startsAt: 'ASC' } }),
      manager.find(SchedulingWindow, { where: { ...where, counsellorId: subject.userId } }),
      manager.find(SchedulingBlock, { where: { ...where, counsellorId: subject.userId } }),
      manager.findOneBy(SchedulingProfile, { ...where, counsellorId: subject.userId }),
      manager.findOneBy(SchedulingPhoto, { ...where, counsellorId: subject.userId }),
    ]);
    const booking = (b: SchedulingBooking, withNote: boolean) => ({
      date: localDate(b.startsAt),
      time: `${localTime(b.startsAt)}–${localTime(b.endsAt)}`,
      start: b.startsAt.toISOString(),
      contactType: b.contactType,
      status: b.status,
      ...(withNote ? { note: b.sealedNote ? cipher.openText(noteAad(b.id), b.sealedNote) : null } : {}),
    });
    return {
      appointments: asClient.map((b) => booking(b, true)),
      ...(asCounsellor.length || windows.length || profile
        ? {
            appointmentsHeld: asCounsellor.map((b) => booking(b, false)),
            windows: windows.map(windowView),
            blocks: blocks.map((b) => ({ fromDate: b.fromDate, untilDate: b.untilDate })),
            profile: profile
              ? {
                  minNoticeHours: profile.minNoticeHours,
                  horizonDays: profile.horizonDays,
                  teamVisible: !!profile.teamVisible,
                  bio: profile.sealedBio ? cipher.openText(bioAad(subject.userId), profile.sealedBio) : null,
                  photo: photo ? { mimeType: photo.mimeType, base64: cipher.open(photoAad(subject.userId), photo.sealedData).toString('base64') } : null,
                }
              : null,
          }
        : {}),
    };
  }

  async erase(subject: DataSubject, manager: EntityManager): Promise<void> {
    const where = { centreId: subject.centreId };
    await manager.delete(SchedulingBooking, { ...where, clientId: subject.userId });
    await manager.delete(SchedulingBooking, { ...where, counsellorId: subject.userId });
    await manager.delete(SchedulingClient, { ...where, clientId: subject.userId });
    for (const entity of [SchedulingWindow, SchedulingBlock, SchedulingPhoto, SchedulingProfile]) await manager.delete(entity, { ...where, counsellorId: subject.userId });
  }
}
