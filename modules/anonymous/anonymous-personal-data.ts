import { Injectable } from '@nestjs/common';
import { type EntityManager, In, IsNull, Not } from 'typeorm';

import { CryptoService, type DataSubject, PersonalDataContributor } from '#kernel';

import { AnonymousChat, AnonymousDuty, AnonymousLine, AnonymousTopic, chatPseudonymAad, lineAad } from './anonymous.entities.js';

/**
 * Export: a converted client's anonymous conversations (they belong to their account now); a
 * counsellor's duty and the topic chats they host. Erase: the client's conversations; the
 * counsellor's duty, their live chats (the visitors are told by the sweep-free end: the rows go)
 * and hosted topic chats. Visitors have no account: their rows go with their session.
 */
@Injectable()
export class AnonymousPersonalData extends PersonalDataContributor {
  readonly section = 'anonymous';
  override readonly authorship = { table: 'anonymous_line', authorColumn: 'counsellorId' };

  constructor(private readonly crypto: CryptoService) {
    super();
  }

  async export(subject: DataSubject, manager: EntityManager): Promise<unknown> {
    const cipher = await this.crypto.forCentre(subject.centreId);
    const where = { centreId: subject.centreId };
    const [chats, duty, topics] = await Promise.all([
      manager.find(AnonymousChat, { where: { ...where, clientId: subject.userId }, order: { id: 'ASC' } }),
      manager.findOneBy(AnonymousDuty, { ...where, counsellorId: subject.userId }),
      manager.find(AnonymousTopic, { where: { ...where, hostId: subject.userId }, order: { startsAt: 'ASC' } }),
    ]);
    const lines = chats.length ? await manager.find(AnonymousLine, { where: { chatId: In(chats.map((c) => c.id)) }, order: { id: 'ASC' } }) : [];
    return {
      conversations: chats.map((c) => ({
        startedAt: c.queuedAt.toISOString(),
        endedAt: c.endedAt?.toISOString() ?? null,
        pseudonym: cipher.openText(chatPseudonymAad(c.id), c.sealedPseudonym),
        lines: lines.filter((l) => l.chatId === c.id).map((l) => ({ author: l.author, at: l.createdAt.toISOString(), text: cipher.openText(lineAad(l.id), l.sealedText) })),
      })),
      ...(duty ? { duty: { until: duty.until.toISOString(), capacity: duty.capacity } } : {}),
      ...(topics.length ? { topicChatsHosted: topics.map((t) => ({ title: t.title, startsAt: t.startsAt.toISOString(), endsAt: t.endsAt.toISOString() })) } : {}),
    };
  }

  async erase(subject: DataSubject, manager: EntityManager): Promise<void> {
    const where = { centreId: subject.centreId };
    await manager.delete(AnonymousChat, { ...where, clientId: subject.userId });
    await manager.delete(AnonymousChat, { ...where, pendingAccountId: subject.userId });
    // The counsellor's live chats end with them; converted conversations stay with their clients.
    await manager.delete(AnonymousChat, { ...where, counsellorId: subject.userId, clientId: IsNull(), status: Not('ended') });
    await manager.delete(AnonymousDuty, { ...where, counsellorId: subject.userId });
    await manager.delete(AnonymousTopic, { ...where, hostId: subject.userId });
  }
}
