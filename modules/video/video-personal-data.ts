import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';

import { CryptoService, type DataSubject, PersonalDataContributor } from '#kernel';

import { guestLabelAad, noteAad, roomNameAad, VideoConsent, VideoGuestLink, VideoInvitee, VideoNote, VideoRoom } from './video.entities.js';

/**
 * Export: a counsellor's rooms with their options, notes and guest links; a client's invitations
 * and consent. Erase: all of it — a counsellor's rooms go entirely (notes, invitations and guest
 * links with them), a client's invitations and consent.
 */
@Injectable()
export class VideoPersonalData extends PersonalDataContributor {
  readonly section = 'video';

  constructor(private readonly crypto: CryptoService) {
    super();
  }

  async export(subject: DataSubject, manager: EntityManager): Promise<unknown> {
    const cipher = await this.crypto.forCentre(subject.centreId);
    const own = await manager.find(VideoRoom, { where: { counsellorId: subject.userId, centreId: subject.centreId }, order: { id: 'ASC' } });
    const ownIds = own.map((r) => r.id);
    const [notes, links] = ownIds.length
      ? await Promise.all([manager.find(VideoNote, { where: { roomId: In(ownIds) } }), manager.find(VideoGuestLink, { where: { roomId: In(ownIds) } })])
      : [[], []];
    const invitations = await manager.find(VideoInvitee, { where: { userId: subject.userId, centreId: subject.centreId } });
    const invitedRooms = invitations.length ? await manager.find(VideoRoom, { where: { id: In(invitations.map((i) => i.roomId)) } }) : [];
    const consent = await manager.findOneBy(VideoConsent, { userId: subject.userId, centreId: subject.centreId });
    const name = (room: VideoRoom) => cipher.openText(roomNameAad(room.id), room.sealedName);
    return {
      rooms: own.map((room) => {
        const note = notes.find((n) => n.roomId === room.id);
        return {
          name: name(room),
          options: { lobby: !!room.lobby, startMuted: !!room.startMuted, audioOnly: !!room.audioOnly, guestsAllowed: !!room.guestsAllowed },
          createdAt: room.createdAt.toISOString(),
          note: note ? { text: cipher.openText(noteAad(room.id), note.sealedText), updatedAt: note.updatedAt.toISOString() } : null,
          guestLinks: links
            .filter((l) => l.roomId === room.id)
            .map((l) => ({ label: l.sealedLabel ? cipher.openText(guestLabelAad(l.id), l.sealedLabel) : null, createdAt: l.createdAt.toISOString(), expiresAt: l.expiresAt.toISOString() })),
        };
      }),
      invitations: invitations.map((i) => {
        const room = invitedRooms.find((r) => r.id === i.roomId);
        return { room: room ? name(room) : null, invitedAt: i.invitedAt.toISOString() };
      }),
      consent: consent ? { version: consent.version, acceptedAt: consent.acceptedAt.toISOString() } : null,
    };
  }

  async erase(subject: DataSubject, manager: EntityManager): Promise<void> {
    const mine = { userId: subject.userId, centreId: subject.centreId };
    await manager.delete(VideoInvitee, mine);
    await manager.delete(VideoConsent, mine);
    await manager.delete(VideoNote, { authorId: subject.userId, centreId: subject.centreId });
    // A counsellor's rooms go with them: invitations, notes and guest links by the foreign keys' cascade.
    await manager.delete(VideoRoom, { counsellorId: subject.userId, centreId: subject.centreId });
  }
}
