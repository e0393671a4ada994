import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';

import { objectStreamBomb, parserTricks, pdfs } from '../../../test/factories/pdfs.js';
import { activeContentSeenByReader, pageTexts } from '../../../test/support/pdf-reader.js';
import { inspectPdf } from './pdf-inspection.js';
import { PdfInspector } from './pdf-inspector.js';

function shared(bytes: Buffer): SharedArrayBuffer {
  const memory = new SharedArrayBuffer(bytes.length);
  bytes.copy(Buffer.from(memory));
  return memory;
}

describe('PDF inspection', () => {
  it('passes a plain PDF, one written by a PDF library, and one with an internal link', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage();
    page.drawText('Elternbrief', { font: await doc.embedFont(StandardFonts.Helvetica) });
    for (const bytes of [pdfs.minimal(), Buffer.from(await doc.save()), Buffer.from(await doc.save({ useObjectStreams: false })), pdfs.withInternalLink()]) {
      expect(await inspectPdf(bytes)).toMatchObject({ ok: true, pages: 1 });
    }
  });

  it('tells a renamed image, a truncated file and garbage behind a PDF header apart', async () => {
    expect(await inspectPdf(pdfs.png())).toEqual({ ok: false, reason: 'not-pdf' });
    expect(await inspectPdf(Buffer.from('Hallo'))).toEqual({ ok: false, reason: 'not-pdf' });
    expect(await inspectPdf(pdfs.truncated())).toEqual({ ok: false, reason: 'damaged' });
    expect(await inspectPdf(Buffer.from('%PDF-1.4\nhello\nstartxref\n0\n%%EOF\n'))).toEqual({ ok: false, reason: 'damaged' });
  });

  it('finds active content, also behind hex-escaped names inside object streams', async () => {
    const hidden = pdfs.withHiddenJavaScript();
    expect(hidden.includes('JavaScript')).toBe(false);
    expect(await inspectPdf(pdfs.withJavaScript())).toEqual({ ok: false, reason: 'active-content', findings: ['javascript'] });
    expect(await inspectPdf(hidden)).toEqual({ ok: false, reason: 'active-content', findings: ['javascript'] });
    expect(await inspectPdf(pdfs.withLaunch())).toEqual({ ok: false, reason: 'active-content', findings: ['launch'] });
    expect(await inspectPdf(pdfs.withEmbeddedFile())).toEqual({ ok: false, reason: 'active-content', findings: ['embedded-file'] });
  });

  it.each(Object.entries(parserTricks).filter(([name]) => name.startsWith('script')))(
    'refuses a script a reader would run where a front-to-back parser does not look, or leaves it behind in the rebuilt file: %s',
    async (_, build) => {
      const verdict = await inspectPdf(build());
      if (verdict.ok) expect(await activeContentSeenByReader(verdict.rebuilt)).toEqual([]);
      else expect(verdict).toMatchObject({ reason: 'active-content', findings: expect.arrayContaining(['javascript']) as unknown });
    },
  );

  it('gives back a rebuilt file: the pages and their text, no revision history, no parts a document does not need', async () => {
    const upload = Buffer.concat([pdfs.minimal('Seite eins'), Buffer.from('\n% trailing comment\n', 'latin1')]);
    const verdict = await inspectPdf(upload);
    expect(verdict).toMatchObject({ ok: true, pages: 1 });
    if (!verdict.ok) return;
    expect(await pageTexts(verdict.rebuilt)).toEqual(['Seite eins']);
    const text = Buffer.from(verdict.rebuilt).toString('latin1');
    // One cross-reference table, no object streams, page contents compressed.
    expect(text.match(/startxref/g)).toHaveLength(1);
    expect(text).not.toContain('/ObjStm');
    expect(text).not.toContain('Seite eins');
  });

  it('refuses an opening action other than going to a page, and 3D artwork with a script', async () => {
    expect(await inspectPdf(parserTricks.openActionUri())).toEqual({ ok: false, reason: 'active-content', findings: ['automatic-action'] });
    expect(await inspectPdf(parserTricks.with3dScript())).toEqual({ ok: false, reason: 'active-content', findings: ['javascript', 'rich-media'] });
  });

  it('refuses an object stream that unpacks to far more than a document needs, without unpacking it all', async () => {
    const bomb = objectStreamBomb(64);
    expect(bomb.length).toBeLessThan(200_000);
    expect(await inspectPdf(bomb)).toEqual({ ok: false, reason: 'too-complex' });
    expect(await inspectPdf(objectStreamBomb(1))).toMatchObject({ ok: true, pages: 1 });
    // The type with a comment in between: recognised, and capped the same way.
    expect(await inspectPdf(objectStreamBomb(64, '/Type %x\n/ObjStm'))).toEqual({ ok: false, reason: 'too-complex' });
    // Behind a reference the library does not take it for an object stream and never unpacks it;
    // nothing refers to it, so the rebuilt file is the page alone.
    const hidden = await inspectPdf(objectStreamBomb(64, '/Type 1 0 R'));
    expect(hidden).toMatchObject({ ok: true, pages: 1 });
    if (hidden.ok) expect(hidden.rebuilt.length).toBeLessThan(5_000);
  });

  it('runs in a worker thread with the same verdicts', async () => {
    const inspector = new PdfInspector();
    const ok = pdfs.minimal();
    const bad = pdfs.withHiddenJavaScript();
    const [a, b] = await Promise.all([inspector.inspect(shared(ok), ok.length), inspector.inspect(shared(bad), bad.length)]);
    expect(a).toMatchObject({ ok: true, pages: 1 });
    expect(b).toEqual({ ok: false, reason: 'active-content', findings: ['javascript'] });
    // The workers are kept for the next file.
    expect(await inspector.inspect(shared(ok), ok.length)).toMatchObject({ ok: true, pages: 1 });
    await inspector.onModuleDestroy();
  });
});
