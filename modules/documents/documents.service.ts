import { pipeline, Readable } from 'node:stream';

import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';

import {
  ActivityNotifier,
  actorOf,
  AppConfig,
  AuditService,
  CasesService,
  type ContentAccess,
  CounsellingCase,
  CryptoService,
  DisplayNames,
  DomainError,
  errorFields,
  FileStore,
  forbidden,
  intSetting,
  isUuid,
  newId,
  notFound,
  type Principal,
  RateLimiter,
  RealtimeService,
  type ResolvedCentre,
  StoredFileMissing,
} from '#kernel';

import { DOCUMENT_EVENTS, type DocumentView } from './contracts.js';
import { DocumentFile, documentFileAad, documentNameAad, documentStorageKey } from './document.entity.js';
import type { PdfVerdict } from './pdf/pdf-inspection.js';
import { PdfInspector } from './pdf/pdf-inspector.js';
import { DOCUMENTS_TEMPLATES } from './templates.js';
import { UploadQueue, type UploadTicket } from './upload-queue.js';
import type { Upload } from './upload.js';
import { ScannerUnavailable, VirusScanner } from './virus-scanner.js';


/** Files are handed to the sealing stream in pieces of this size, so the sealed copy never exists whole. */
const PIECE = 256 * 1024;

function refusal(verdict: Exclude<PdfVerdict, { ok: true }>): DomainError {
  switch (verdict.reason) {
    case 'not-pdf':
      return new DomainError('DOCUMENT_NOT_PDF', 415);
    case 'encrypted':
      return new DomainError('DOCUMENT_ENCRYPTED', 422);
    case 'too-complex':
      return new DomainError('DOCUMENT_TOO_COMPLEX', 422);
    case 'active-content':
      return new DomainError('DOCUMENT_ACTIVE_CONTENT', 422, { findings: verdict.findings.map((f) => `pdf.${f}`) });
    case 'damaged':
      return new DomainError('DOCUMENT_DAMAGED', 422);
  }
}

/**
 * The document box of a case: PDFs that client and counsellor share. A file is accepted only
 * after the server looked into it (PDF structure, no active content, optionally clamd), and is
 * stored sealed with the centre's key. Who may see what follows the case, like its messages.
 */
/** A refusal that says when to try again (Retry-After). */
export class TryLater extends DomainError {
  constructor(
    code: string,
    status: number,
    readonly retryAfterSeconds: number,
    params: Record<string, unknown> = {},
  ) {
    super(code, status, params);
  }
}

const HOUR = 3_600_000;

@Injectable()
export class DocumentsService {
  private readonly logger = new Logger(DocumentsService.name);
  private readonly queue: UploadQueue;
  private readonly uploadsPerHour: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly cases: CasesService,
    private readonly files: FileStore,
    private readonly inspector: PdfInspector,
    private readonly scanner: VirusScanner,
    private readonly names: DisplayNames,
    private readonly realtime: RealtimeService,
    private readonly notifier: ActivityNotifier,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly limiter: RateLimiter,
  ) {
    this.uploadsPerHour = intSetting(config, 'UPLOADS_PER_HOUR', 60, { min: 1 });
    this.queue = new UploadQueue({
      perCentre: intSetting(config, 'UPLOAD_QUEUE_PER_CENTRE', 4, { min: 1 }),
      total: intSetting(config, 'UPLOAD_QUEUE_TOTAL', 12, { min: 1 }),
      parallel: PdfInspector.PARALLEL,
    });
  }

  get maxBytes(): number {
    return this.config.uploadMaxBytes;
  }

  /**
   * A place for an upload, taken before its body is read: refused at once when the person has
   * uploaded too much lately (429) or when the centre's line or the whole queue is full (503),
   * in both cases with the time to try again.
   */
  async admit(centre: ResolvedCentre, principal: Principal): Promise<UploadTicket> {
    const rate = await this.limiter.hit(`upload:${principal.id}`, this.uploadsPerHour, HOUR);
    if (!rate.allowed) {
      throw new TryLater('DOCUMENT_UPLOADS_TOO_MANY', 429, rate.retryAfterSeconds, { minutes: Math.ceil(rate.retryAfterSeconds / 60) });
    }
    const ticket = this.queue.admit(centre.id);
    if (!ticket) throw new TryLater('DOCUMENT_QUEUE_FULL', 503, 15);
    return ticket;
  }

  /** The upload is done or gave up: its place goes to the next. */
  release(ticket: UploadTicket): void {
    this.queue.release(ticket);
  }

  /** The case's client(s) and its current counsellor (the kernel's content access). */
  async access(centre: ResolvedCentre, principal: Principal, caseId: string, manager?: EntityManager, lock = false): Promise<ContentAccess> {
    return this.cases.contentAccess(centre, principal, caseId, manager, lock);
  }

  async list(centre: ResolvedCentre, principal: Principal, caseId: string): Promise<DocumentView[]> {
    const access = await this.access(centre, principal, caseId);
    const rows = await this.dataSource.getRepository(DocumentFile).find({ where: this.visible(access, caseId), order: { id: 'ASC' } });
    return this.views(centre, principal, rows);
  }

  /**
   * Checks, scans, seals and stores an upload; nothing is kept when any step refuses it. What is
   * stored is the file the inspection rebuilt from what it inspected, not the upload's bytes.
   */
  async upload(centre: ResolvedCentre, principal: Principal, caseId: string, name: string, upload: Upload, ticket: UploadTicket): Promise<DocumentView> {
    await this.queue.turn(ticket);
    const verdict = await this.inspector.inspect(upload.shared, upload.bytes.length);
    if (!verdict.ok) throw refusal(verdict);
    if (this.scanner.enabled) {
      let scan;
      try {
        // The upload as sent: what is stored is made of its parts, and a finding is worth telling.
        scan = await this.scanner.scan(upload.bytes);
      } catch (error) {
        if (error instanceof ScannerUnavailable) {
          this.logger.warn({ err: error.message }, 'virus scanner unavailable');
          throw new DomainError('VIRUS_SCAN_UNAVAILABLE', 503);
        }
        throw error;
      }
      if (!scan.clean) throw new DomainError('DOCUMENT_INFECTED', 422, { signature: scan.signature });
    }

    const cipher = await this.crypto.forCentre(centre.id);
    const id = newId();
    const key = documentStorageKey(centre.id, id);
    const bytes = Buffer.from(verdict.rebuilt.buffer, verdict.rebuilt.byteOffset, verdict.rebuilt.byteLength);
    const pieces = Readable.from(
      (function* () {
        for (let at = 0; at < bytes.length; at += PIECE) yield bytes.subarray(at, at + PIECE);
      })(),
    );
    await this.files.put(key, pieces.pipe(cipher.sealStream(documentFileAad(id))));

    const row = Object.assign(new DocumentFile(), {
      id,
      centreId: centre.id,
      caseId,
      uploaderId: principal.id,
      uploaderRole: principal.role === 'counsellor' ? ('counsellor' as const) : ('client' as const),
      periodId: null as string | null,
      sealedName: cipher.seal(documentNameAad(id), name),
      size: bytes.length,
      pages: verdict.pages,
      createdAt: new Date(),
    });
    let caseRow: CounsellingCase;
    try {
      caseRow = await this.dataSource.transaction(async (manager) => {
        // Asked again at the moment of storing, with the case locked: it may have been
        // reassigned meanwhile, and must not be while the document joins the current period.
        const access = await this.access(centre, principal, caseId, manager, true);
        row.periodId = access.currentPeriodId;
        await manager.insert(DocumentFile, row);
        await this.audit.record(actorOf(principal), { action: 'document.uploaded', target: { type: 'case', id: caseId } }, manager);
        return access.case;
      });
    } catch (error) {
      await this.files.delete(key);
      throw error;
    }

    const [view] = await this.views(centre, principal, [row]);
    await this.announce(centre, caseRow, principal.id, DOCUMENT_EVENTS.added, { ...view!, mine: false });
    return view!;
  }

  /** The document's bytes, opened chunk by chunk on the way out. */
  async download(centre: ResolvedCentre, principal: Principal, caseId: string, id: string): Promise<{ name: string; size: number; content: Readable }> {
    const access = await this.access(centre, principal, caseId);
    const row = await this.find(access, caseId, id);
    const cipher = await this.crypto.forCentre(centre.id);
    let stored: Readable;
    try {
      stored = await this.files.get(documentStorageKey(centre.id, row.id));
    } catch (error) {
      if (error instanceof StoredFileMissing) throw notFound('DOCUMENT_NOT_FOUND');
      throw error;
    }
    const opener = cipher.openStream(documentFileAad(row.id));
    // pipeline, not pipe: an aborted download destroys the opener, and with it the open file.
    pipeline(stored, opener, () => undefined);
    return { name: cipher.openText(documentNameAad(row.id), row.sealedName), size: row.size, content: opener };
  }

  /** Only the person who uploaded a document may delete it. */
  async remove(centre: ResolvedCentre, principal: Principal, caseId: string, id: string): Promise<void> {
    const access = await this.access(centre, principal, caseId);
    const row = await this.find(access, caseId, id);
    if (row.uploaderId !== principal.id) throw forbidden('DOCUMENT_NOT_YOURS');
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(DocumentFile, { id: row.id, centreId: centre.id });
      await this.audit.record(actorOf(principal), { action: 'document.deleted', target: { type: 'case', id: caseId } }, manager);
    });
    await this.files.delete(documentStorageKey(centre.id, row.id));
    await this.announce(centre, access.case, principal.id, DOCUMENT_EVENTS.removed, { caseId, id: row.id });
  }

  private visible(access: ContentAccess, caseId: string) {
    // A counsellor sees what was shared during their own periods, like the thread.
    return access.role === 'counsellor' ? { caseId, periodId: In(access.ownPeriodIds.length ? access.ownPeriodIds : ['-']) } : { caseId };
  }

  private async find(access: ContentAccess, caseId: string, id: string): Promise<DocumentFile> {
    if (!isUuid(id)) throw notFound('DOCUMENT_NOT_FOUND');
    const row = await this.dataSource.getRepository(DocumentFile).findOneBy({ ...this.visible(access, caseId), id });
    if (!row) throw notFound('DOCUMENT_NOT_FOUND');
    return row;
  }

  private async views(centre: ResolvedCentre, principal: Principal, rows: DocumentFile[]): Promise<DocumentView[]> {
    if (rows.length === 0) return [];
    const cipher = await this.crypto.forCentre(centre.id);
    const names = await this.names.of(centre.id, rows.map((r) => r.uploaderId).filter((u): u is string => !!u));
    return rows.map((row) => ({
      id: row.id,
      caseId: row.caseId,
      name: cipher.openText(documentNameAad(row.id), row.sealedName),
      size: row.size,
      pages: row.pages,
      uploader: { id: row.uploaderId, name: names.get(row.uploaderId ?? '') ?? '', role: row.uploaderRole },
      createdAt: row.createdAt.toISOString(),
      mine: row.uploaderId === principal.id,
    }));
  }

  /** The other readers of the case hear of it live, and by a content-free e-mail when new. */
  private async announce(centre: ResolvedCentre, caseRow: CounsellingCase, actorId: string, event: string, payload: unknown): Promise<void> {
    const { clients, counsellorId } = await this.cases.audience(caseRow);
    const readers = [...clients, ...(counsellorId ? [counsellorId] : [])].filter((id) => id !== actorId);
    this.realtime.toUsers(readers, event, payload);
    if (event === DOCUMENT_EVENTS.added) {
      void this.notifier.notify(centre, readers, DOCUMENTS_TEMPLATES['new-document'], caseRow.id).catch((error: unknown) =>
        this.logger.warn({ err: errorFields(error) }, 'document notification failed'),
      );
    }
  }
}
