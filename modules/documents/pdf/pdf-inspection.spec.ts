import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';

import { objectStreamBomb, parserTricks, pdfs } from '../../../test/factories/pdfs.js';
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
      expect(await inspectPdf(bytes)).toEqual({ ok: true, pages: 1 });
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
    'finds a script a reader would run where a front-to-back parser does not look: %s',
    async (_, build) => {
      expect(await inspectPdf(build())).toMatchObject({ ok: false, reason: 'active-content', findings: expect.arrayContaining(['javascript']) as unknown });
    },
  );

  it('refuses an opening action other than going to a page, and 3D artwork with a script', async () => {
    expect(await inspectPdf(parserTricks.openActionUri())).toEqual({ ok: false, reason: 'active-content', findings: ['automatic-action'] });
    expect(await inspectPdf(parserTricks.with3dScript())).toEqual({ ok: false, reason: 'active-content', findings: ['javascript', 'rich-media'] });
  });

  it('refuses an object stream that unpacks to far more than a document needs, without unpacking it all', async () => {
    const bomb = objectStreamBomb(64);
    expect(bomb.length).toBeLessThan(200_000);
    expect(await inspectPdf(bomb)).toEqual({ ok: false, reason: 'too-complex' });
    expect(await inspectPdf(objectStreamBomb(1))).toEqual({ ok: true, pages: 1 });
    // The type written so that only a parser recognises it: with a comment, or behind a reference.
    expect(await inspectPdf(objectStreamBomb(64, '/Type %x\n/ObjStm'))).toEqual({ ok: false, reason: 'too-complex' });
    expect(await inspectPdf(objectStreamBomb(64, '/Type 1 0 R'))).toEqual({ ok: false, reason: 'too-complex' });
  });

  it('runs in a worker thread with the same verdicts', async () => {
    const inspector = new PdfInspector();
    const ok = pdfs.minimal();
    const bad = pdfs.withHiddenJavaScript();
    const [a, b] = await Promise.all([inspector.inspect(shared(ok), ok.length), inspector.inspect(shared(bad), bad.length)]);
    expect(a).toEqual({ ok: true, pages: 1 });
    expect(b).toEqual({ ok: false, reason: 'active-content', findings: ['javascript'] });
    // The workers are kept for the next file.
    expect(await inspector.inspect(shared(ok), ok.length)).toEqual({ ok: true, pages: 1 });
    await inspector.onModuleDestroy();
  });
});
