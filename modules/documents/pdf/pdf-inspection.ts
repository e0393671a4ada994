import { constants, inflateSync } from 'node:zlib';

import { EncryptedPDFError, PDFArray, PDFDict, PDFDocument, PDFName, type PDFObject, PDFStream } from 'pdf-lib';

/**
 * Active content a counselling document must not carry: scripts, program launches, embedded
 * files, form submission, links that open other files, rich media. Matched on names after they
 * are decoded, anywhere in the document — as a key or as a value, in plain objects or inside
 * compressed object streams.
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
};

export type ActiveContent = 'javascript' | 'launch' | 'embedded-file' | 'automatic-action' | 'rich-media' | 'xfa' | 'submit-form' | 'remote-link';

export type PdfVerdict =
  | { ok: true; pages: number }
  | { ok: false; reason: 'not-pdf' | 'damaged' | 'encrypted' | 'too-complex' }
  | { ok: false; reason: 'active-content'; findings: ActiveContent[] };

const HEADER = Buffer.from('%PDF-', 'latin1');
const TAIL_WINDOW = 1024;

/** `#xx` escapes in either case (pdf-lib decodes upper-case hex only). */
function decodeName(name: string): string {
  return name.includes('#') ? name.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : name;
}

function classify(raw: string): ActiveContent | undefined {
  const name = decodeName(raw);
  return FORBIDDEN[name] ?? (name.startsWith('RichMedia') ? 'rich-media' : undefined);
}

/** A file that ends where its last cross-reference section says it does: not cut off. */
function looksComplete(bytes: Buffer): boolean {
  const tail = bytes.subarray(Math.max(0, bytes.length - TAIL_WINDOW)).toString('latin1');
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail) ?? /startxref\s+(\d+)\s+%%EOF/.exec(tail);
  if (!match) return false;
  const offset = Number(match[1]);
  if (!Number.isSafeInteger(offset) || offset >= bytes.length) return false;
  const at = bytes.subarray(offset, offset + 32).toString('latin1');
  return /^\s*(xref\b|\d+\s+\d+\s+obj\b)/.test(at);
}

/** Object streams hold small objects; anything larger than this unpacked is a bomb, not a document. */
const OBJECT_STREAM_LIMIT = 32 * 1024 * 1024;
const STREAM = Buffer.from('stream', 'latin1');
const END_STREAM = Buffer.from('endstream', 'latin1');
const OBJ = Buffer.from(' obj', 'latin1');

/**
 * The parser unpacks object streams in full while loading; a few kilobytes can unpack to
 * gigabytes. So before parsing, every stream whose dictionary names it an object stream is
 * unpacked here with a ceiling (names decoded the way the parser decodes them).
 */
function objectStreamProblem(bytes: Buffer): 'too-complex' | 'damaged' | undefined {
  // Searched in the bytes themselves: a 20 MB file is not turned into a 20 MB string.
  let at = 0;
  while ((at = bytes.indexOf(STREAM, at)) >= 0) {
    const keywordEnd = at + STREAM.length;
    const before = at > 0 ? bytes[at - 1]! : 0x20;
    const isKeyword = !/[A-Za-z0-9]/.test(String.fromCharCode(before)) && (bytes[keywordEnd] === 0x0a || (bytes[keywordEnd] === 0x0d && bytes[keywordEnd + 1] === 0x0a));
    if (!isKeyword) {
      at = keywordEnd;
      continue;
    }
    const dataStart = keywordEnd + (bytes[keywordEnd] === 0x0d ? 2 : 1);
    const objStart = bytes.lastIndexOf(OBJ, at);
    const dict = objStart < 0 ? '' : bytes.subarray(objStart, at).toString('latin1').replace(/#([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (!/\/Type\s*\/ObjStm\b/.test(dict)) {
      at = dataStart;
      continue;
    }
    const dataEnd = bytes.indexOf(END_STREAM, dataStart);
    if (dataEnd < 0) return 'damaged';
    // Only Flate, the one filter real object streams use.
    if (!/\/Filter\s*(\/FlateDecode|\[\s*\/FlateDecode\s*\])/.test(dict)) return 'too-complex';
    try {
      inflateSync(bytes.subarray(dataStart, dataEnd), { maxOutputLength: OBJECT_STREAM_LIMIT, finishFlush: constants.Z_SYNC_FLUSH });
    } catch (error) {
      return (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'too-complex' : 'damaged';
    }
    at = dataEnd + END_STREAM.length;
  }
  return undefined;
}

/**
 * Decides by content whether bytes are a PDF fit for the document box. Runs in a worker thread
 * (pdf-inspector.ts), so a hostile file can cost neither the server's memory nor its event loop.
 */
export async function inspectPdf(bytes: Buffer): Promise<PdfVerdict> {
  const start = bytes.subarray(0, TAIL_WINDOW).indexOf(HEADER);
  if (start < 0) return { ok: false, reason: 'not-pdf' };
  if (!looksComplete(bytes)) return { ok: false, reason: 'damaged' };
  const problem = objectStreamProblem(bytes);
  if (problem) return { ok: false, reason: problem };

  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { throwOnInvalidObject: true, updateMetadata: false, parseSpeed: Infinity });
  } catch (error) {
    return { ok: false, reason: error instanceof EncryptedPDFError ? 'encrypted' : 'damaged' };
  }
  let pages: number;
  try {
    pages = doc.getPageCount();
  } catch {
    return { ok: false, reason: 'damaged' };
  }
  if (pages < 1) return { ok: false, reason: 'damaged' };

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
      }
    } else if (object instanceof PDFArray) {
      for (const value of object.asArray()) visit(value);
    } else if (object instanceof PDFStream) {
      visit(object.dict);
    }
  };
  for (const [, object] of doc.context.enumerateIndirectObjects()) visit(object);
  for (const value of Object.values(doc.context.trailerInfo)) visit(value);

  return findings.size ? { ok: false, reason: 'active-content', findings: [...findings].sort() } : { ok: true, pages };
}
