import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';

import { EncryptedPDFError, PDFArray, PDFDict, PDFDocument, PDFName, type PDFObject, PDFRawStream, PDFRef, PDFStream } from 'pdf-lib';

/**
 * Active content a counselling document must not carry: scripts, program launches, embedded
 * files, form submission, links that open other files, rich media. Matched on names after they
 * are decoded, anywhere in the document — as a key or as a value. Besides, an action run on
 * opening may only go to a page (an automatic `/URI` would tell a web server that and when the
 * document was opened).
 */
const FORBIDDEN: Record<string, ActiveContent> = {
  JavaScript: 'javascript',
  JS: 'javascript',
  Launch: 'launch',
  EmbeddedFile: 'embedded-file',
  EmbeddedFiles: 'embedded-file',
  EF: 'embedded-file',
  FileAttachment: 'embedded-file',
  AA: 'automatic-action',
  XFA: 'xfa',
  SubmitForm: 'submit-form',
  ImportData: 'submit-form',
  GoToR: 'remote-link',
  GoToE: 'remote-link',
  // 3D artwork can carry scripts (OnInstantiate); renditions, movies and sounds load media.
  '3D': 'rich-media',
  '3DD': 'rich-media',
  OnInstantiate: 'javascript',
  Rendition: 'rich-media',
  Movie: 'rich-media',
  Sound: 'rich-media',
  Screen: 'rich-media',
};

export type ActiveContent = 'javascript' | 'launch' | 'embedded-file' | 'automatic-action' | 'rich-media' | 'xfa' | 'submit-form' | 'remote-link';

export type PdfVerdict =
  | { ok: true; pages: number; rebuilt: Uint8Array }
  | { ok: false; reason: 'not-pdf' | 'damaged' | 'encrypted' | 'too-complex' }
  | { ok: false; reason: 'active-content'; findings: ActiveContent[] };

const HEADER = Buffer.from('%PDF-', 'latin1');
const TAIL_WINDOW = 1024;

/** Object and cross-reference streams hold small things; more than this unpacked is a bomb. */
export const STRUCTURE_STREAM_LIMIT = 32 * 1024 * 1024;

class TooComplex extends Error {}

/** Set when a stream hit the ceiling: the library may wrap the error it was given. */
let ceilingHit = false;

/**
 * pdf-lib unpacks object and cross-reference streams while it reads a file, into buffers that it
 * doubles as they fill (page contents it copies without unpacking). A few kilobytes can unpack to
 * gigabytes, and a worker's heap limit does not cover array buffers: so the growth is capped —
 * whatever the stream's type, however it is written.
 */
function capDecoding(): void {
  const decodeStream = (createRequire(import.meta.url)('pdf-lib/cjs/core/streams/DecodeStream.js') as { default: { prototype: { ensureBuffer: (this: unknown, n: number) => Uint8Array } } }).default;
  const ensureBuffer = decodeStream.prototype.ensureBuffer;
  if ((ensureBuffer as { capped?: boolean }).capped) return;
  const capped = function (this: unknown, requested: number): Uint8Array {
    if (requested > STRUCTURE_STREAM_LIMIT) {
      ceilingHit = true;
      throw new TooComplex();
    }
    return ensureBuffer.call(this, requested);
  };
  decodeStream.prototype.ensureBuffer = Object.assign(capped, { capped: true });
}
capDecoding();

/** `#xx` escapes in either case (pdf-lib decodes upper-case hex only). */
function decodeName(name: string): string {
  return name.includes('#') ? name.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : name;
}

function classify(raw: string): ActiveContent | undefined {
  const name = decodeName(raw);
  return FORBIDDEN[name] ?? (name.startsWith('RichMedia') ? 'rich-media' : undefined);
}

/** A file that ends where its last cross-reference section says it does: not cut off. */
function looksComplete(bytes: Uint8Array): boolean {
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).subarray(Math.max(0, bytes.length - TAIL_WINDOW)).toString('latin1');
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail) ?? /startxref\s+(\d+)\s+%%EOF/.exec(tail);
  if (!match) return false;
  const offset = Number(match[1]);
  if (!Number.isSafeInteger(offset) || offset >= bytes.length) return false;
  const at = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).subarray(offset, offset + 32).toString('latin1');
  return /^\s*(xref\b|\d+\s+\d+\s+obj\b)/.test(at);
}

/** An action that runs when the document opens may only go to a page of the document itself. */
function openActionProblem(value: PDFObject | undefined, doc: PDFDocument): boolean {
  const action = value instanceof PDFRef ? doc.context.lookup(value) : value;
  if (action === undefined || action instanceof PDFArray) return false; // nothing, or a destination
  if (!(action instanceof PDFDict)) return true;
  const kind = action.get(PDFName.of('S'));
  const name = kind instanceof PDFName ? decodeName(kind.decodeText()) : undefined;
  if (name === 'GoTo') return action.has(PDFName.of('Next'));
  // Scripts and launches are reported by their own names.
  return !(name && classify(name));
}

/** Everything active that a document's objects name: every indirect object and the trailer. */
function activeContentOf(doc: PDFDocument): ActiveContent[] {
  const findings = new Set<ActiveContent>();
  const seen = new Set<PDFObject>();
  const visit = (object: PDFObject | undefined): void => {
    if (!object || seen.has(object)) return;
    if (object instanceof PDFName) {
      const found = classify(object.decodeText());
      if (found) findings.add(found);
      return;
    }
    seen.add(object);
    if (object instanceof PDFDict) {
      for (const [key, value] of object.entries()) {
        visit(key);
        visit(value);
        if (decodeName(key.decodeText()) === 'OpenAction' && openActionProblem(value, doc)) findings.add('automatic-action');
      }
    } else if (object instanceof PDFArray) {
      for (const value of object.asArray()) visit(value);
    } else if (object instanceof PDFStream) {
      visit(object.dict);
    }
  };
  for (const [, object] of doc.context.enumerateIndirectObjects()) visit(object);
  for (const value of Object.values(doc.context.trailerInfo)) visit(value);
  return [...findings].sort();
}

/**
 * Streams stored without a filter are compressed in the rebuilt file, so that no text of a page's
 * contents stands in the file's bytes: a reader that ever had to repair the file by scanning it
 * could otherwise take text spelled like an object for one.
 */
function compressPlainStreams(doc: PDFDocument): void {
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream) || object.dict.has(PDFName.of('Filter'))) continue;
    const dict = object.dict.clone(doc.context);
    dict.set(PDFName.of('Filter'), PDFName.of('FlateDecode'));
    dict.delete(PDFName.of('DecodeParms'));
    doc.context.assign(ref, PDFRawStream.of(dict, deflateSync(object.contents)));
  }
}

async function load(bytes: Uint8Array): Promise<PDFDocument | Exclude<PdfVerdict, { ok: true }>> {
  ceilingHit = false;
  try {
    return await PDFDocument.load(bytes, { throwOnInvalidObject: true, updateMetadata: false, parseSpeed: Infinity });
  } catch (error) {
    if (error instanceof TooComplex || ceilingHit) return { ok: false, reason: 'too-complex' };
    // A stack overflow on nesting deeper than any document needs is a file we cannot vouch for.
    if (error instanceof RangeError) return { ok: false, reason: 'too-complex' };
    return { ok: false, reason: error instanceof EncryptedPDFError ? 'encrypted' : 'damaged' };
  }
}

/**
 * Decides by content whether bytes are a PDF fit for the document box, and if so gives back the
 * file to store: **rebuilt from what was inspected**. A PDF reader and a PDF library need not see
 * the same objects in a file (duplicate object numbers, incremental updates, objects outside the
 * cross-reference table, comments where a tokenizer allows them …); so what is stored is not the
 * upload but a new file written from the object graph the library parsed — only the pages and
 * what they use, one copy of each object, one cross-reference table — and that new file is
 * inspected again. A reader of the stored file finds exactly the objects that were inspected.
 * Document-level parts that a counselling document does not need (outlines, forms, names,
 * metadata) are left behind. Runs in a worker thread (pdf-inspector.ts).
 */
export async function inspectPdf(bytes: Uint8Array): Promise<PdfVerdict> {
  if (Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, TAIL_WINDOW)).indexOf(HEADER) < 0) return { ok: false, reason: 'not-pdf' };
  if (!looksComplete(bytes)) return { ok: false, reason: 'damaged' };

  const source = await load(bytes);
  if (!(source instanceof PDFDocument)) return source;
  let pages: number;
  try {
    pages = source.getPageCount();
  } catch {
    return { ok: false, reason: 'damaged' };
  }
  if (pages < 1) return { ok: false, reason: 'damaged' };
  // What the upload carries is said as it is, even where the rebuild would leave it behind.
  const found = activeContentOf(source);
  if (found.length) return { ok: false, reason: 'active-content', findings: found };

  let rebuilt: Uint8Array;
  try {
    const target = await PDFDocument.create({ updateMetadata: false });
    for (const page of await target.copyPages(source, source.getPageIndices())) target.addPage(page);
    compressPlainStreams(target);
    rebuilt = await target.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
  } catch (error) {
    return { ok: false, reason: error instanceof TooComplex || error instanceof RangeError ? 'too-complex' : 'damaged' };
  }

  // The stored file is inspected as such: what a reader will open is what was looked at.
  const check = await load(rebuilt);
  if (!(check instanceof PDFDocument)) return { ok: false, reason: 'damaged' };
  const remaining = activeContentOf(check);
  if (remaining.length) return { ok: false, reason: 'active-content', findings: remaining };
  if (check.getPageCount() !== pages) return { ok: false, reason: 'damaged' };
  return { ok: true, pages, rebuilt };
}
