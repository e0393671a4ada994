import { pipeline } from 'node:stream';

import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { type EntityManager, In } from 'typeorm';

import {
  ACCOUNT_ERASED,
  CasesService,
  CryptoService,
  type DataSubject,
  FileStore,
  PersonalDataContributor,
} from '#kernel';

import { DocumentFile, documentFileAad, documentNameAad, documentStorageKey } from './document.entity.js';

/** Above this, the export lists documents without embedding them (they stay downloadable). */
const EXPORT_EMBED_LIMIT = 200 * 1024 * 1024;

/**
 * Export: the documents of a person's cases, with their content. Erase: what they uploaded, and
 * everything in their own (individual) cases, which go with them; the files follow once the
 * deletion is committed.
 */
@Injectable()
export class DocumentsPersonalData extends PersonalDataContributor {
  readonly section = 'documents';
  override readonly authorship = { table: 'document', authorColumn: 'uploaderId' };
  private readonly logger = new Logger(DocumentsPersonalData.name);
  /** Files of rows deleted in a transaction that has not reported back yet, per person. */
  private readonly pending = new Map<string, string[]>();

  constructor(
    private readonly crypto: CryptoService,
    private readonly files: FileStore,
    private readonly cases: CasesService,
  ) {
    super();
  }

  async export(subject: DataSubject, manager: EntityManager): Promise<unknown> {
    const cipher = await this.crypto.forCentre(subject.centreId);
    const caseIds = await this.cases.memberCaseIds(subject, manager);
    const inCases = caseIds.length ? await manager.find(DocumentFile, { where: { caseId: In(caseIds) }, order: { id: 'ASC' } }) : [];
    const uploaded = await manager.find(DocumentFile, { where: { uploaderId: subject.userId, centreId: subject.centreId }, order: { id: 'ASC' } });
    const all = [...new Map([...inCases, ...uploaded].map((d) => [d.id, d])).values()];
    let embedded = 0;
    const out = [];
    for (const d of all) {
      const entry: Record<string, unknown> = {
        caseId: d.caseId,
        name: cipher.openText(documentNameAad(d.id), d.sealedName),
        from: d.uploaderId === subject.userId ? 'me' : d.uploaderRole,
        size: d.size,
        at: d.createdAt.toISOString(),
      };
      if (embedded + d.size <= EXPORT_EMBED_LIMIT) {
        entry.contentBase64 = (await this.read(cipher, d)).toString('base64');
        embedded += d.size;
      }
      out.push(entry);
    }
    return out;
  }

  async erase(subject: DataSubject, manager: EntityManager): Promise<void> {
    const own = await this.cases.individualCaseIds(subject, manager);
    const rows = await manager.find(DocumentFile, {
      where: [{ uploaderId: subject.userId, centreId: subject.centreId }, ...(own.length ? [{ caseId: In(own) }] : [])],
      select: { id: true, centreId: true },
    });
    if (rows.length === 0) return;
    await manager.delete(DocumentFile, { id: In(rows.map((r) => r.id)) });
    this.pending.set(subject.userId, rows.map((r) => documentStorageKey(r.centreId, r.id)));
  }

  /** After the account's deletion is committed, its files go too. */
  @OnEvent(ACCOUNT_ERASED, { async: true, suppressErrors: true })
  async afterErase(event: DataSubject): Promise<void> {
    const keys = this.pending.get(event.userId) ?? [];
    this.pending.delete(event.userId);
    for (const key of keys) await this.files.delete(key).catch((error: unknown) => this.logger.warn({ err: String(error) }, 'file deletion failed'));
  }

  private async read(cipher: Awaited<ReturnType<CryptoService['forCentre']>>, d: DocumentFile): Promise<Buffer> {
    const parts: Buffer[] = [];
    const stored = await this.files.get(documentStorageKey(d.centreId, d.id));
    const opener = cipher.openStream(documentFileAad(d.id));
    pipeline(stored, opener, () => undefined);
    for await (const chunk of opener) parts.push(chunk as Buffer);
    return Buffer.concat(parts);
  }
}
