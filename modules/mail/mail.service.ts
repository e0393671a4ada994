import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';

import {
  AbsenceService,
  actorOf,
  AuditService,
  CaseAudiences,
  CaseContent,
  CasesService,
  conflict,
  contentReader,
  CryptoService,
  DisplayNames,
  DomainError,
  FeatureCatalogue,
  fromSqlDate,
  HotSql,
  invalid,
  isUuid,
  newId,
  notFound,
  type PageQuery,
  type Principal,
  type ResolvedCentre,
  sqlDate,
} from '#kernel';

import type { MailMessageView } from './contracts.js';
import type { EnquiryDto } from './dto.js';
import { MailDelivery } from './mail-delivery.js';
import { MailMessage } from './mail-message.entity.js';
import { MailNote } from './mail-note.entity.js';
import { MailRead } from './mail-read.entity.js';

export const messageAad = (id: string) => ({ table: 'mail_message', id, column: 'text' });
const noteAad = (caseId: string, authorId: string) => ({ table: 'mail_note', id: `${caseId}/${authorId}`, column: 'text' });

interface RawMessage {
  id: string;
  authorId: string | null;
  authorRole: MailMessage['authorRole'];
  sealedText: Buffer;
  createdAt: unknown;
}

/**
 * Written counselling: enquiries, threads, notices from the administration, notes. Every
 * question "may this person see this?" goes through the case access of the kernel.
 */
@Injectable()
export class MailService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly cases: CasesService,
    private readonly absences: AbsenceService,
    private readonly delivery: MailDelivery,
    private readonly names: DisplayNames,
    private readonly sql: HotSql,
    private readonly audit: AuditService,
    private readonly features: FeatureCatalogue,
    private readonly content: CaseContent,
    private readonly audiences: CaseAudiences,
  ) {}

  /** A client's enquiry opens their case (or fills the one an assignment opened already). */
  async enquiry(centre: ResolvedCentre, client: Principal, dto: EnquiryDto): Promise<{ caseId: string }> {
    if (dto.preferredContact !== undefined && !this.features.contactTypes(centre.modules).includes(dto.preferredContact)) {
      throw invalid([{ field: 'preferredContact', code: 'field.invalid' }]);
    }
    const cipher = await this.crypto.forCentre(centre.id);
    const routing = { topic: dto.topic ?? null, ageGroup: dto.ageGroup ?? null, postcode: dto.postcode ?? null, preferredContact: dto.preferredContact ?? null };
    const result = await this.dataSource.transaction(async (manager) => {
      const { case: row, created } = await this.cases.openForClient(manager, centre.id, client.id, routing);
      if (!created && (await manager.existsBy(MailMessage, { caseId: row.id, authorId: client.id }))) {
        throw new DomainError('ENQUIRY_EXISTS', 409, { caseId: row.id });
      }
      const access = await this.cases.access(centre, client, row.id, manager);
      const id = newId();
      const now = new Date();
      await manager.insert(MailMessage, {
        id,
        centreId: centre.id,
        caseId: row.id,
        authorId: client.id,
        authorRole: 'client',
        periodId: access.currentPeriodId,
        sealedText: cipher.seal(messageAad(id), dto.text),
        createdAt: now,
      });
      await this.audit.record(actorOf(client), { action: 'enquiry', target: { type: 'case', id: row.id } }, manager);
      return { caseId: row.id, created, counsellorId: row.counsellorId, messageId: id, createdAt: now };
    });
    if (result.created) this.cases.announceCreated(centre.id, result.caseId, 'individual');
    await this.delivery.afterPost(centre, {
      message: { id: result.messageId, caseId: result.caseId, authorId: client.id, authorRole: 'client', text: dto.text, createdAt: result.createdAt },
      counsellorId: result.counsellorId,
      isEnquiry: true,
    });
    return { caseId: result.caseId };
  }

  /**
   * The thread as this person may see it. A hot path: one query reads the page, with the kernel's
   * access decision in its WHERE; only an empty page needs asking why. Author names come from a
   * short-lived cache.
   */
  async messages(centre: ResolvedCentre, principal: Principal, caseId: string, page: PageQuery): Promise<MailMessageView[]> {
    if (!isUuid(caseId)) throw notFound('CASE_NOT_FOUND');
    const readable = this.content.joinReadable(centre.id, principal, caseId, 'm.periodId');
    const params: unknown[] = [...readable.params, caseId];
    let sql = `SELECT m.id AS id, m.authorId AS authorId, m.authorRole AS authorRole, m.sealedText AS sealedText, m.createdAt AS createdAt
      FROM mail_message m ${readable.sql} WHERE m.caseId = ?`;
    if (page.before) {
      sql += ' AND m.id < ?';
      params.push(page.before);
    }
    // A validated integer (1–200); LIMIT placeholders are not portable across prepared statements.
    sql += ` ORDER BY m.id DESC LIMIT ${Math.trunc(page.limit ?? 50)}`;
    const rows = await this.sql.query<RawMessage>(sql, params);
    if (rows.length === 0 && !(await this.content.visible(centre.id, principal, caseId))) throw notFound('CASE_NOT_FOUND');
    rows.reverse();
    return this.views(centre, principal, caseId, rows);
  }

  /**
   * A hot path: one statement checks that this person may write to the case, finds its open
   * period held by the counsellor the audience cache expects, and stores the message there. When
   * the case was reassigned meanwhile, the audience is read again and the write repeated; so the
   * message is filed in the period it was written in and announced to that period's counsellor.
   */
  async post(centre: ResolvedCentre, principal: Principal, caseId: string, text: string): Promise<MailMessageView> {
    if (!isUuid(caseId)) throw notFound('CASE_NOT_FOUND');
    contentReader(principal);
    const cipher = await this.crypto.forCentre(centre.id);
    const id = newId();
    const createdAt = new Date();
    const authorRole = principal.role === 'counsellor' ? ('counsellor' as const) : ('client' as const);
    const sealed = cipher.seal(messageAad(id), text);
    let audience = await this.audiences.of(centre.id, caseId);
    let stored = false;
    for (let attempt = 0; attempt < 3 && audience && !stored; attempt++) {
      const into = this.content.currentPeriod(centre.id, principal, caseId, audience.counsellorId);
      stored =
        (await this.sql.run(
          `INSERT INTO mail_message (id, centreId, caseId, authorId, authorRole, periodId, sealedText, createdAt)
           SELECT ?, ?, ?, ?, ?, ${into.periodId}, ?, ? FROM ${into.from} WHERE ${into.where}`,
          [id, centre.id, caseId, principal.id, authorRole, sealed, sqlDate(createdAt), ...into.params],
        )) === 1;
      if (stored) break;
      const fresh = await this.audiences.of(centre.id, caseId, { fresh: true });
      // The same counsellor as expected: not a reassignment, so this person may not write here.
      if (!fresh || fresh.counsellorId === audience.counsellorId) throw notFound('CASE_NOT_FOUND');
      audience = fresh;
    }
    if (!audience) throw notFound('CASE_NOT_FOUND');
    if (!stored) throw new DomainError('CASE_CHANGED', 409);
    const view = await this.delivery.afterPost(centre, {
      message: { id, caseId, authorId: principal.id, authorRole, text, createdAt },
      counsellorId: audience.counsellorId,
      members: audience.memberIds,
      isEnquiry: false,
    });
    return { ...view, mine: true };
  }

  /**
   * The administration may write to clients before a case is assigned or while the counsellor's
   * absence assistant is on — marked as from the administration. It cannot read the thread.
   */
  async notice(centre: ResolvedCentre, admin: Principal, caseId: string, text: string): Promise<{ id: string }> {
    const access = await this.cases.access(centre, admin, caseId);
    const counsellorId = access.case.counsellorId;
    if (counsellorId && !(await this.absences.isAbsent(centre.id, counsellorId))) throw conflict('NOTICE_NOT_ALLOWED');
    const cipher = await this.crypto.forCentre(centre.id);
    const id = newId();
    const createdAt = new Date();
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(MailMessage, {
        id,
        centreId: centre.id,
        caseId,
        authorId: admin.id,
        authorRole: 'admin',
        periodId: access.currentPeriodId,
        sealedText: cipher.seal(messageAad(id), text),
        createdAt,
      });
      await this.audit.record(actorOf(admin), { action: 'notice.sent', target: { type: 'case', id: caseId } }, manager);
    });
    await this.delivery.afterPost(centre, { message: { id, caseId, authorId: admin.id, authorRole: 'admin', text, createdAt }, counsellorId, isEnquiry: false });
    return { id };
  }

  /** Marks everything I can see in the thread as read. */
  async markRead(centre: ResolvedCentre, principal: Principal, caseId: string): Promise<{ unread: number }> {
    const access = await this.cases.contentAccess(centre, principal, caseId);
    const latest = await this.dataSource.getRepository(MailMessage).findOne({
      where: { caseId, ...(access.role === 'counsellor' ? { periodId: In(access.ownPeriodIds.length ? access.ownPeriodIds : ['-']) } : {}) },
      order: { id: 'DESC' },
      select: { id: true },
    });
    if (latest) {
      await this.dataSource
        .createQueryBuilder()
        .insert()
        .into(MailRead)
        .values({ caseId, userId: principal.id, centreId: centre.id, lastReadMessageId: latest.id, updatedAt: new Date() })
        .orUpdate(['lastReadMessageId', 'updatedAt'], ['caseId', 'userId'])
        .execute();
    }
    this.delivery.unreadChanged(principal, caseId);
    return { unread: 0 };
  }

  async note(centre: ResolvedCentre, counsellor: Principal, caseId: string): Promise<{ text: string; updatedAt: string | null }> {
    await this.cases.contentAccess(centre, counsellor, caseId);
    const row = await this.dataSource.getRepository(MailNote).findOneBy({ caseId, authorId: counsellor.id });
    if (!row) return { text: '', updatedAt: null };
    const cipher = await this.crypto.forCentre(centre.id);
    return { text: cipher.openText(noteAad(caseId, counsellor.id), row.sealedText), updatedAt: row.updatedAt.toISOString() };
  }

  async saveNote(centre: ResolvedCentre, counsellor: Principal, caseId: string, text: string): Promise<{ text: string; updatedAt: string | null }> {
    await this.cases.contentAccess(centre, counsellor, caseId);
    const repo = this.dataSource.getRepository(MailNote);
    if (!text.trim()) {
      await repo.delete({ caseId, authorId: counsellor.id });
      return { text: '', updatedAt: null };
    }
    const cipher = await this.crypto.forCentre(centre.id);
    const updatedAt = new Date();
    await repo.save({ caseId, authorId: counsellor.id, centreId: centre.id, sealedText: cipher.seal(noteAad(caseId, counsellor.id), text), updatedAt });
    return { text, updatedAt: updatedAt.toISOString() };
  }

  private async views(centre: ResolvedCentre, principal: Principal, caseId: string, rows: RawMessage[]): Promise<MailMessageView[]> {
    if (rows.length === 0) return [];
    const cipher = await this.crypto.forCentre(centre.id);
    const names = await this.names.of(centre.id, rows.map((r) => r.authorId).filter((a): a is string => !!a));
    return rows.map((row) => ({
      id: row.id,
      caseId,
      author: { id: row.authorId, name: row.authorRole === 'admin' ? '' : (names.get(row.authorId ?? '') ?? ''), role: row.authorRole },
      text: cipher.openText(messageAad(row.id), row.sealedText),
      createdAt: fromSqlDate(row.createdAt).toISOString(),
      mine: row.authorId === principal.id,
    }));
  }
}
