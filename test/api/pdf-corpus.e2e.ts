import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DocumentView } from '../../modules/documents/contracts.js';
import type { Problem } from '../../src/contracts/index.js';
import { createCentre, type CentreFixture, login } from '../factories/centres.js';
import { hostilePdfs } from '../factories/hostile-pdfs.js';
import { assign, client, counsellor, enquiry, type Person } from '../factories/mail.js';
import { activeContentSeenByReader } from '../support/pdf-reader.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A corpus of hostile PDFs, each trying to get active content into the document box — most by
 * making the inspecting library and a PDF reader see different objects. Each must be refused, or
 * stored as a file in which an independent reader (pdf.js, and the bytes themselves) finds
 * nothing active: what is stored is what was inspected.
 */
describe('hostile PDFs', () => {
  let t: TestApp;
  let centre: CentreFixture;
  let klara: Person;
  let anna: Person;
  let caseId: string;
  const url = (path: string) => `/api/v1/centres/${centre.slug}${path}`;

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    centre = await createCentre(t, { modules: ['mail', 'documents'] });
    const admin = await login(t, centre.slug, centre.admin.email, centre.admin.password);
    anna = await counsellor(t, centre);
    klara = await client(t, centre);
    caseId = await enquiry(centre, klara);
    await assign(centre, admin, caseId, anna.id);
  });
  afterAll(() => t?.close());

  it('has at least thirty of them, each a PDF that a reader would find active content in', async () => {
    const variants = Object.entries(hostilePdfs);
    expect(variants.length).toBeGreaterThanOrEqual(30);
    for (const [name, build] of variants) {
      const bytes = build();
      expect(bytes.subarray(0, 5).toString('latin1'), name).toBe('%PDF-');
      // Either the reader itself finds something, or it cannot even open the file.
      const seen = await activeContentSeenByReader(bytes).catch(() => ['cannot be opened']);
      expect(seen.length, name).toBeGreaterThan(0);
    }
  });

  it.each(Object.entries(hostilePdfs))('%s: refused, or stored without anything active', async (_name, build) => {
    const res = await klara.client.upload<DocumentView & Problem>(url(`/cases/${caseId}/documents`), build(), { 'x-file-name': 'brief.pdf' });
    if (res.status !== 201) {
      expect(res.status).toBe(422);
      expect(['DOCUMENT_ACTIVE_CONTENT', 'DOCUMENT_DAMAGED', 'DOCUMENT_TOO_COMPLEX']).toContain(res.body.code);
      return;
    }
    const stored = await anna.client.bytes(url(`/cases/${caseId}/documents/${res.body.id}/content`));
    expect(stored.status).toBe(200);
    expect(await activeContentSeenByReader(stored.body)).toEqual([]);
  });
});
