import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';

import { CryptoService, type DataSubject, PersonalDataContributor } from '#kernel';

import { ChatMessage, ChatParticipant, ChatRoom, chatTextAad, roomNameAad } from './chat.entities.js';

/**
 * Export: the rooms a person is in, with their lines. Erase: their lines and their place in rooms;
 * a counsellor's rooms go entirely (the history is theirs to keep or delete).
 */
@Injectable()
export class ChatPersonalData extends PersonalDataContributor {
  readonly section = 'chat';
  override readonly authorship = { table: 'chat_message', authorColumn: 'authorId' };

  constructor(
    private readonly crypto: CryptoService,
  ) {
    super();
  }

  async export(subject: DataSubject, manager: EntityManager): Promise<unknown> {
    const cipher = await this.crypto.forCentre(subject.centreId);
    const places = await manager.find(ChatParticipant, { where: { userId: subject.userId, centreId: subject.centreId } });
    const inRooms = new Set(places.map((p) => p.roomId));
    // Rooms left since (e.g. after reassignment) still hold what the person wrote there.
    const ownLines = await manager.find(ChatMessage, { where: { authorId: subject.userId, centreId: subject.centreId }, select: { roomId: true } });
    const roomIds = [...new Set([...inRooms, ...ownLines.map((l) => l.roomId)])];
    if (roomIds.length === 0) return [];
    const rooms = await manager.find(ChatRoom, { where: { id: In(roomIds) } });
    const lines = await manager.find(ChatMessage, { where: { roomId: In(roomIds) }, order: { id: 'ASC' } });
    return rooms.map((room) => ({
      room: cipher.openText(roomNameAad(room.id), room.sealedName),
      left: !inRooms.has(room.id),
      messages: lines
        .filter((l) => l.roomId === room.id && (inRooms.has(room.id) || l.authorId === subject.userId))
        .map((l) => ({ from: l.authorId === subject.userId ? 'me' : l.authorRole, text: cipher.openText(chatTextAad(l.id), l.sealedText), at: l.createdAt.toISOString() })),
    }));
  }

  async erase(subject: DataSubject, manager: EntityManager): Promise<void> {
    await manager.delete(ChatMessage, { authorId: subject.userId, centreId: subject.centreId });
    await manager.delete(ChatParticipant, { userId: subject.userId, centreId: subject.centreId });
    // A counsellor's rooms go with them, lines and all (foreign-key cascade).
    await manager.delete(ChatRoom, { counsellorId: subject.userId, centreId: subject.centreId });
  }
}
