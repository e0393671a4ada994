import { constants, inflateSync } from 'node:zlib';

import {
  EncryptedPDFError,
  PDFArray,
  type PDFContext,
  PDFDict,
  PDFDocument,
  PDFName,
  type PDFObject,
  PDFObjectStreamParser,
  PDFParser,
  PDFRawStream,
  PDFRef,
  PDFStream,
} from 'pdf-lib';

/**
 * Active content a counselling document must not carry: scripts, program launches, embedded
 * files, form submission, links that open other files, rich media. Matched on names after they
 * are decoded, anywhere in the document — as a key or as a value, in plain objects or inside
 * compressed object streams. Besides, an action run on opening may only go to a page (an
 * automatic `/URI` would tell a web server that and when the document was opened).
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

/** Object and cross-reference streams hold small things; more than this unpacked is a bomb. */
const STRUCTURE_STREAM_LIMIT = 32 * 1024 * 1024;
const OBJ = Buffer.from('obj', 'latin1');
const END = Buffer.from('end', 'latin1');
/** PDF white space and delimiters: what may follow the `obj` keyword. */
const BOUNDARY = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x25, 0x28, 0x29, 0x2f, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d]);
const SPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const isDigit = (b: number | undefined) => b !== undefined && b >= 0x30 && b <= 0x39;
/** How far before `obj` a header may start when comments stand between its parts. */
const HEADER_REACH = 128;

/** The parts of pdf-lib's parser used to read single objects at chosen offsets. */
interface ObjectReader {
  bytes: { moveTo(offset: number): void; offset(): number };
  context: PDFContext;
  parseIndirectObjectHeader(): PDFRef;
  parseObject(): PDFObject;
}

/** The simple case, `12 0 obj` with white space between: where the header starts, if it is one. */
function plainHeaderStart(bytes: Buffer, at: number): number | undefined {
  let i = at - 1;
  const skip = (set: (b: number | undefined) => boolean) => {
    const from = i;
    while (i >= 0 && set(bytes[i])) i--;
    return i < from;
  };
  if (!skip((b) => b !== undefined && SPACE.has(b)) || !skip(isDigit) || !skip((b) => b !== undefined && SPACE.has(b)) || !skip(isDigit)) return undefined;
  return i + 1;
}

/**
 * Every indirect object in the file, found by its `N G obj` header wherever it stands — also
 * inside comments, strings or behind a later copy with the same number. pdf-lib reads the file
 * front to back and keeps the last copy of an object; a PDF reader goes where the
 * cross-reference table points. Inspecting every copy leaves no room between the two.
 */
function readObjectsAnywhere(bytes: Buffer, reader: ObjectReader): { ref: PDFRef; object: PDFObject }[] | 'damaged' {
  const found: { ref: PDFRef; object: PDFObject }[] = [];
  const tryHeader = (start: number, end: number): PDFRef | undefined => {
    try {
      reader.bytes.moveTo(start);
      const ref = reader.parseIndirectObjectHeader();
      return reader.bytes.offset() === end ? ref : undefined;
    } catch {
      return undefined;
    }
  };
  let at = 0;
  while ((at = bytes.indexOf(OBJ, at)) >= 0) {
    const end = at + OBJ.length;
    const isKeyword = (end === bytes.length || BOUNDARY.has(bytes[end]!)) && !(at >= 3 && bytes.subarray(at - 3, at).equals(END));
    if (isKeyword) {
      let ref: PDFRef | undefined;
      const plain = plainHeaderStart(bytes, at);
      if (plain !== undefined) ref = tryHeader(plain, end);
      // Comments may stand between the header's parts: try the number starts close before.
      for (let start = Math.max(0, at - HEADER_REACH); !ref && start < at; start++) {
        if (isDigit(bytes[start]) && !isDigit(bytes[start - 1])) ref = tryHeader(start, end);
      }
      if (ref) {
        try {
          reader.bytes.moveTo(end);
          found.push({ ref, object: reader.parseObject() });
        } catch {
          return 'damaged';
        }
      }
    }
    at = end;
  }
  return found;
}

/** A stream's filters, names decoded the way readers decode them. */
function filtersOf(stream: PDFRawStream): string[] | undefined {
  const filter = stream.dict.get(PDFName.of('Filter'));
  if (filter === undefined) return [];
  const names = filter instanceof PDFArray ? filter.asArray() : [filter];
  return names.every((n) => n instanceof PDFName) ? names.map((n) => decodeName(n.decodeText())) : undefined;
}

/**
 * Object streams and cross-reference streams are unpacked in full while a PDF is read; a few
 * kilobytes can unpack to gigabytes, and a worker's heap limit does not cover array buffers.
 * So they are unpacked here first, with a ceiling. Their type may not hide behind a reference.
 */
function structureStreamProblem(stream: PDFRawStream): { kind: 'ObjStm' | 'XRef' } | 'too-complex' | 'damaged' | undefined {
  const type = stream.dict.get(PDFName.of('Type'));
  if (type instanceof PDFRef) return 'too-complex';
  const kind = type instanceof PDFName ? decodeName(type.decodeText()) : undefined;
  if (kind !== 'ObjStm' && kind !== 'XRef') return undefined;
  const filters = filtersOf(stream);
  // Flate is the one filter real object and cross-reference streams use.
  if (!filters || filters.length > 1 || (filters.length === 1 && filters[0] !== 'FlateDecode')) return 'too-complex';
  if (filters.length === 1) {
    try {
      inflateSync(stream.contents, { maxOutputLength: STRUCTURE_STREAM_LIMIT, finishFlush: constants.Z_SYNC_FLUSH });
    } catch (error) {
      return (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'too-complex' : 'damaged';
    }
  }
  return { kind };
}

/**
 * Every object of the file in every copy: the ones at any header, and the ones packed in any
 * object stream (also one whose type only a reader would recognise, e.g. `/Ob#6aStm`).
 */
async function everyObject(bytes: Buffer): Promise<{ objects: Map<string, PDFObject[]>; problem?: 'too-complex' | 'damaged' }> {
  const reader = PDFParser.forBytesWithOptions(bytes, Infinity, true) as unknown as ObjectReader;
  const objects = new Map<string, PDFObject[]>();
  const keep = (ref: PDFRef, object: PDFObject) => {
    const copies = objects.get(ref.tag) ?? [];
    copies.push(object);
    objects.set(ref.tag, copies);
  };
  // Objects unpacked from object streams land in the context; keep every copy as it lands.
  const assign = reader.context.assign.bind(reader.context);
  reader.context.assign = (ref: PDFRef, object: PDFObject) => {
    keep(ref, object);
    assign(ref, object);
  };
  const found = readObjectsAnywhere(bytes, reader);
  if (found === 'damaged') return { objects, problem: 'damaged' };
  for (const { ref, object } of found) {
    keep(ref, object);
    if (!(object instanceof PDFRawStream)) continue;
    const structure = structureStreamProblem(object);
    if (structure === 'too-complex' || structure === 'damaged') return { objects, problem: structure };
    if (structure?.kind !== 'ObjStm') continue;
    try {
      await PDFObjectStreamParser.forStream(object).parseIntoContext();
    } catch {
      return { objects, problem: 'damaged' };
    }
  }
  return { objects };
}

/** An action that runs when the document opens may only go to a page of the document itself. */
function openActionProblem(value: PDFObject | undefined, objects: Map<string, PDFObject[]>): boolean {
  const candidates = value instanceof PDFRef ? (objects.get(value.tag) ?? []) : value ? [value] : [];
  return candidates.some((action) => {
    if (action instanceof PDFArray) return false; // a destination
    if (!(action instanceof PDFDict)) return true;
    const kind = action.get(PDFName.of('S'));
    const name = kind instanceof PDFName ? decodeName(kind.decodeText()) : undefined;
    if (name === 'GoTo') return action.has(PDFName.of('Next'));
    // Scripts and launches are reported by their own names.
    return !(name && classify(name));
  });
}

/**
 * Decides by content whether bytes are a PDF fit for the document box. Runs in a worker thread
 * (pdf-inspector.ts), so a hostile file can cost neither the server's memory nor its event loop.
 */
export async function inspectPdf(bytes: Buffer): Promise<PdfVerdict> {
  const start = bytes.subarray(0, TAIL_WINDOW).indexOf(HEADER);
  if (start < 0) return { ok: false, reason: 'not-pdf' };
  if (!looksComplete(bytes)) return { ok: false, reason: 'damaged' };
  const { objects, problem } = await everyObject(bytes);
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
        if (decodeName(key.decodeText()) === 'OpenAction' && openActionProblem(value, objects)) findings.add('automatic-action');
      }
    } else if (object instanceof PDFArray) {
      for (const value of object.asArray()) visit(value);
    } else if (object instanceof PDFStream) {
      visit(object.dict);
    }
  };
  for (const copies of objects.values()) for (const object of copies) visit(object);
  for (const [, object] of doc.context.enumerateIndirectObjects()) visit(object);
  for (const value of Object.values(doc.context.trailerInfo)) visit(value);

  return findings.size ? { ok: false, reason: 'active-content', findings: [...findings].sort() } : { ok: true, pages };
}
