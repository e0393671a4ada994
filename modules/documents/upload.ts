import type { Request } from 'express';

import { DomainError, invalid } from '#kernel';

import { MAX_DOCUMENT_NAME_LENGTH } from './contracts.js';

/** The raw upload in shared memory: the inspection worker reads it in place, nothing is copied. */
export interface Upload {
  shared: SharedArrayBuffer;
  bytes: Buffer;
}

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/**
 * Reads a request body of at most `limit` bytes into one block of memory. A declared length over
 * the limit is refused before anything is read; without one, reading stops at the limit.
 */
export async function readUpload(req: Request, limit: number): Promise<Upload> {
  const tooLarge = () => new DomainError('DOCUMENT_TOO_LARGE', 413, { max: megabytes(limit) });
  const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
  if (declared !== undefined && (!Number.isSafeInteger(declared) || declared < 0)) throw new DomainError('BAD_REQUEST', 400);
  if (declared !== undefined && declared > limit) throw tooLarge();
  if (declared === 0) throw new DomainError('DOCUMENT_NOT_PDF', 415);
  let shared = new SharedArrayBuffer(declared ?? Math.min(limit, 1024 * 1024));
  let view = Buffer.from(shared);
  let length = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (length + chunk.length > limit) throw tooLarge();
    if (declared !== undefined && length + chunk.length > declared) throw new DomainError('BAD_REQUEST', 400);
    if (length + chunk.length > view.length) {
      // Only without a declared length: grow by doubling, up to the limit.
      const grown = new SharedArrayBuffer(Math.min(limit, Math.max(view.length * 2, length + chunk.length)));
      const next = Buffer.from(grown);
      view.copy(next, 0, 0, length);
      shared = grown;
      view = next;
    }
    chunk.copy(view, length);
    length += chunk.length;
  }
  if (length === 0) throw new DomainError('DOCUMENT_NOT_PDF', 415);
  if (declared !== undefined && length !== declared) throw new DomainError('BAD_REQUEST', 400);
  return { shared, bytes: view.subarray(0, length) };
}

/**
 * The file name from the upload header (URI-encoded, so any language's characters survive),
 * reduced to a harmless base name that ends in .pdf.
 */
export function uploadName(header: string | string[] | undefined): string {
  const problem = () => invalid([{ field: 'name', code: 'field.fileName', params: { max: MAX_DOCUMENT_NAME_LENGTH } }]);
  if (typeof header !== 'string' || !header) throw problem();
  let name: string;
  try {
    name = decodeURIComponent(header);
  } catch {
    throw problem();
  }
  name = name
    .split(/[\\/]/)
    .pop()!
    .normalize('NFC')
    // Control characters, and the characters file systems or headers trip over.
    .replace(/[\p{Cc}\p{Cf}<>:"|?*]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!name || name.length > MAX_DOCUMENT_NAME_LENGTH) throw problem();
  if (!/\.pdf$/i.test(name)) name = `${name.replace(/\.+$/, '')}.pdf`;
  return name;
}

/** Content-Disposition for a download: an ASCII fallback and the real name (RFC 6266 / 5987). */
export function attachmentHeader(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '') || 'dokument.pdf';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
