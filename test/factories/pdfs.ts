import { deflateSync } from 'node:zlib';

type Objects = Record<number, string | Buffer>;

/**
 * Small, structurally valid PDFs built byte by byte, so each test file says exactly what it
 * carries. Objects listed in `packed` go into a compressed object stream (PDF 1.5), which needs a
 * cross-reference stream; a raw-bytes search cannot see into it.
 */
export function buildPdf(objects: Objects, packed: number[] = [], objectStreamType = '/ObjStm'): Buffer {
  const parts: Buffer[] = [];
  let length = 0;
  const push = (b: string | Buffer) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    parts.push(buf);
    length += buf.length;
  };
  push('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  const offsets = new Map<number, number>();
  const numbers = Object.keys(objects).map(Number).sort((a, b) => a - b);
  const highest = Math.max(...numbers);
  const streamNumber = packed.length ? highest + 1 : null;
  const xrefNumber = (streamNumber ?? highest) + 1;
  for (const n of numbers.filter((x) => !packed.includes(x))) {
    offsets.set(n, length);
    push(`${n} 0 obj\n`);
    push(objects[n]!);
    push('\nendobj\n');
  }
  if (streamNumber !== null) {
    let header = '';
    let body = '';
    for (const n of packed) {
      header += `${n} ${body.length} `;
      body += `${objects[n] as string}\n`;
    }
    const data = deflateSync(Buffer.from(header + body, 'latin1'));
    offsets.set(streamNumber, length);
    push(`${streamNumber} 0 obj\n<< /Type ${objectStreamType} /N ${packed.length} /First ${header.length} /Filter /FlateDecode /Length ${data.length} >>\nstream\n`);
    push(data);
    push('\nendstream\nendobj\n');
  }
  const size = xrefNumber + 1;
  const rows = Buffer.alloc(size * 7);
  const xrefAt = length;
  for (let n = 0; n < size; n++) {
    const at = n * 7;
    if (n === 0) rows.writeUInt16BE(65535, at + 5);
    else if (packed.includes(n)) {
      rows[at] = 2;
      rows.writeUInt32BE(streamNumber!, at + 1);
      rows.writeUInt16BE(packed.indexOf(n), at + 5);
    } else {
      rows[at] = 1;
      rows.writeUInt32BE(n === xrefNumber ? xrefAt : (offsets.get(n) ?? 0), at + 1);
    }
  }
  const xref = deflateSync(rows);
  push(`${xrefNumber} 0 obj\n<< /Type /XRef /Size ${size} /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length ${xref.length} >>\nstream\n`);
  push(xref);
  push(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`);
  return Buffer.concat(parts);
}

/** One page showing `text`, uncompressed, so the text is visible in the file's bytes. */
export function pageObjects(text: string): Objects {
  const content = `BT /F1 18 Tf 50 750 Td (${text}) Tj ET`;
  return {
    1: '<< /Type /Catalog /Pages 2 0 R >>',
    2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    4: `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    5: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  };
}

export const pdfs = {
  minimal: (text = 'Hallo aus der Beratung') => buildPdf(pageObjects(text)),
  withJavaScript: () =>
    buildPdf({ ...pageObjects('Skript'), 1: '<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>', 6: '<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>' }),
  /** The script action hides in a compressed object stream behind hex-escaped names. */
  withHiddenJavaScript: () =>
    buildPdf(
      { ...pageObjects('Versteckt'), 1: '<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>', 6: '<< /Type /Action /S /J#61vaScript /#4a#53 (app.alert\\(1\\)) >>' },
      [6],
    ),
  withLaunch: () =>
    buildPdf({ ...pageObjects('Start'), 1: '<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>', 6: '<< /Type /Action /S /Launch /F (cmd.exe) >>' }),
  withEmbeddedFile: () =>
    buildPdf({
      ...pageObjects('Anhang'),
      1: '<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(a.exe) 6 0 R] >> >> >>',
      6: '<< /Type /Filespec /F (a.exe) /EF << /F 7 0 R >> >>',
      7: '<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream',
    }),
  /** A harmless link action that opens a page of the same document. */
  withInternalLink: () =>
    buildPdf({ ...pageObjects('Inhalt'), 1: '<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >>' }),
  truncated: () => {
    const whole = buildPdf(pageObjects('Abgeschnitten'));
    return whole.subarray(0, Math.floor(whole.length * 0.6));
  },
  /** The EICAR anti-virus test string inside an otherwise fine PDF. */
  withEicar: () => buildPdf({ ...pageObjects('Test'), 6: `<< /Length 68 >>\nstream\n${EICAR}\nendstream` }),
  png: () =>
    Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4c50000000049454e44ae426082',
      'hex',
    ),
};

/**
 * A PDF written out by hand with a classic cross-reference table; `@n` marks where the table
 * says object n starts — which need not be where a front-to-back parser finds it.
 */
export function handWritten(body: string, size: number): Buffer {
  const offsets = new Map<number, number>();
  let text = '%PDF-1.7\n';
  for (const part of body.split(/(@\d+)/)) {
    const marker = /^@(\d+)$/.exec(part);
    if (marker) offsets.set(Number(marker[1]), text.length);
    else text += part;
  }
  const xrefAt = text.length;
  text += `xref\n0 ${size}\n0000000000 65535 f \n`;
  for (let n = 1; n < size; n++) text += `${String(offsets.get(n) ?? 0).padStart(10, '0')} 00000 ${offsets.has(n) ? 'n' : 'f'} \n`;
  text += `trailer\n<< /Size ${size} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}

const PAGE_TREE =
  '@2 2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n@3 3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n';
const OPENS_6 = '@1 1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>\nendobj\n';
const SCRIPT = '<< /Type /Action /S /JavaScript /JS (app.alert) >>';

/**
 * Files where a front-to-back parser and a PDF reader see different objects: the script the
 * cross-reference table points at stands in a comment, inside a string, or before a harmless
 * later copy of the same object.
 */
export const parserTricks = {
  scriptInComment: () => handWritten(`${OPENS_6}${PAGE_TREE}%@6 6 0 obj ${SCRIPT} endobj\n`, 7),
  scriptInString: () => handWritten(`${OPENS_6}${PAGE_TREE}@5 5 0 obj\n(Notiz @6 6 0 obj ${SCRIPT} endobj)\nendobj\n`, 7),
  scriptBeforeLaterCopy: () => handWritten(`${OPENS_6}${PAGE_TREE}@6 6 0 obj\n${SCRIPT}\nendobj\n6 0 obj\n<< /S /GoTo /D [3 0 R /Fit] >>\nendobj\n`, 7),
  /** A header with a comment between its parts. */
  scriptBehindCommentedHeader: () => handWritten(`${OPENS_6}${PAGE_TREE}@6 6 0 % Kommentar\nobj\n${SCRIPT}\nendobj\n`, 7),
  /** The object stream's type escaped in lower-case hex: pdf-lib would not open it, a reader would. */
  scriptInDisguisedObjectStream: () =>
    buildPdf({ ...pageObjects('Tarnung'), 1: '<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>', 6: SCRIPT }, [6], '/Ob#6aStm'),
  /** Opens a web address as soon as the document is opened. */
  openActionUri: () =>
    buildPdf({ ...pageObjects('Verfolgt'), 1: '<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>', 6: '<< /Type /Action /S /URI /URI (https://tracker.example/open) >>' }),
  with3dScript: () =>
    buildPdf({
      ...pageObjects('Modell'),
      6: '<< /Type /Annot /Subtype /3D /Rect [0 0 100 100] /3DD 7 0 R >>',
      7: '<< /Type /3D /Subtype /U3D /OnInstantiate 8 0 R /Length 0 >>\nstream\n\nendstream',
      8: '<< /Length 11 >>\nstream\napp.alert()\nendstream',
    }),
};

export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

/** An object stream of a few kilobytes that unpacks to `megabytes` MB. */
export function objectStreamBomb(megabytes: number, typeEntry = '/Type /ObjStm'): Buffer {
  const objects = pageObjects('Bombe');
  const payload = Buffer.alloc(megabytes * 1024 * 1024, 0x20);
  const header = '6 0 ';
  const data = deflateSync(Buffer.concat([Buffer.from(header + '<< /A 1 >>', 'latin1'), payload]));
  const parts: Buffer[] = [];
  let length = 0;
  const push = (b: string | Buffer) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    parts.push(buf);
    length += buf.length;
  };
  push('%PDF-1.7\n');
  const offsets: number[] = [];
  for (const n of [1, 2, 3, 4, 5]) {
    offsets[n] = length;
    push(`${n} 0 obj\n`);
    push(objects[n]!);
    push('\nendobj\n');
  }
  offsets[7] = length;
  push(`7 0 obj\n<< ${typeEntry} /N 1 /First ${header.length} /Filter /FlateDecode /Length ${data.length} >>\nstream\n`);
  push(data);
  push('\nendstream\nendobj\n');
  const xrefAt = length;
  push('xref\n0 8\n0000000000 65535 f \n');
  for (const n of [1, 2, 3, 4, 5]) push(`${String(offsets[n]).padStart(10, '0')} 00000 n \n`);
  push('0000000000 65535 f \n');
  push(`${String(offsets[7]).padStart(10, '0')} 00000 n \n`);
  push(`trailer\n<< /Size 8 /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`);
  return Buffer.concat(parts);
}
