import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';

import { CasesService, CryptoService, type DataSubject, PersonalDataContributor } from '#kernel';

import { MailMessage } from './mail-message.entity.js';
import { MailNote } from './mail-note.entity.js';
import { MailRead } from './mail-read.entity.js';
import { messageAad } from './mail.service.js';

/** Export: the threads a person takes part in; erase: everything they wrote and their notes. */
@Injectable()
export class MailPersonalData extends PersonalDataContributor {
  readonly section = 'mail';
  override readonly authorship = { table: 'mail_message', authorColumn: 'authorId' };

  constructor(
    private readonly crypto: CryptoService,
    private readonly cases: CasesService,
  ) {
    super();
  }

  async export(subject: DataSubject, manager: EntityManager): Promise<unknown> {
    const cipher = await this.crypto.forCentre(subject.centreId);
    const caseIds = await this.cases.memberCaseIds(subject, manager);
    const inThreads = caseIds.length ? await manager.find(MailMessage, { where: { caseId: In(caseIds) }, order: { id: 'ASC' } }) : [];
    const written = await manager.find(MailMessage, { where: { authorId: subject.userId, centreId: subject.centreId }, order: { id: 'ASC' } });
    const all = new Map([...inThreads, ...written].map((m) => [m.id, m]));
    const notes = await manager.find(MailNote, { where: { authorId: subject.userId, centreId: subject.centreId } });
    return {
      messages: [...all.values()].map((m) => ({
        caseId: m.caseId,
        from: m.authorId === subject.userId ? 'me' : m.authorRole,
        text: cipher.openText(messageAad(m.id), m.sealedText),
        at: m.createdAt.toISOString(),
      })),
      notes: notes.map((n) => ({
        caseId: n.caseId,
        text: cipher.openText({ table: 'mail_note', id: `${n.caseId}/${n.authorId}`, column: 'text' }, n.sealedText),
        updatedAt: n.updatedAt.toISOString(),
      })),
    };
  }

  async erase(subject: DataSubject, manager: EntityManager): Promise<void> {
    await manager.delete(MailMessage, { authorId: subject.userId, centreId: subject.centreId });
    await manager.delete(MailNote, { authorId: subject.userId, centreId: subject.centreId });
    await manager.delete(MailRead, { userId: subject.userId, centreId: subject.centreId });
  }
}
