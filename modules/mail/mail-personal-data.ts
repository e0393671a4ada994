import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';

import { CaseMember, CryptoService, type DataSubject, PersonalDataContributor } from '#kernel';

import { MailMessage } from './mail-message.entity.js';
import { MailNote } from './mail-note.entity.js';
import { MailRead } from './mail-read.entity.js';
import { messageAad } from './mail.service.js';

/** Export: the threads a person takes part in; erase: everything they wrote and their notes. */
@Injectable()
export class MailPersonalData extends PersonalDataContributor {
  readonly section = 'mail';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
  ) {
    super();
  }

  async export(subject: DataSubject, manager: EntityManager): Promise<unknown> {
    const cipher = await this.crypto.forCentre(subject.centreId);
    const memberships = await manager.find(CaseMember, { where: { userId: subject.userId, centreId: subject.centreId } });
    const caseIds = memberships.map((m) => m.caseId);
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

  async authorsAmong(centreId: string, userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await this.dataSource
      .createQueryBuilder()
      .select('DISTINCT m.authorId', 'authorId')
      .from('mail_message', 'm')
      .where('m.centreId = :centreId AND m.authorId IN (:...userIds)', { centreId, userIds })
      .getRawMany<{ authorId: string }>();
    return new Set(rows.map((r) => r.authorId));
  }
}
