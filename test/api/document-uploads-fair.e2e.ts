import { request } from 'node:http';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DocumentView } from '../../modules/documents/contracts.js';
import type { Problem } from '../../src/contracts/index.js';
import { createCentre, login } from '../factories/centres.js';
import { assign, client, counsellor, enquiry, type Person } from '../factories/mail.js';
import { pdfs } from '../factories/pdfs.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const header = (name: string) => ({ 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent(name) });

/** A client with a case at a centre of its own. */
async function clientWithCase(t: TestApp): Promise<{ slug: string; klara: Person; caseId: string }> {
  const centre = await createCentre(t, { modules: ['mail', 'documents'] });
  const admin = await login(t, centre.slug, centre.admin.email, centre.admin.password);
  const anna = await counsellor(t, centre);
  const klara = await client(t, centre);
  const caseId = await enquiry(centre, klara);
  await assign(centre, admin, caseId, anna.id);
  return { slug: centre.slug, klara, caseId };
}

/**
 * An upload that sends its headers and part of its body, then waits: it holds a place in the
 * queue, as a slow phone on a bad line does. `finish` sends the rest.
 */
function slowUpload(t: TestApp, path: string, person: Person, bytes: Buffer): { finish(): Promise<number> } {
  const url = new URL(t.baseUrl + path);
  let answered: (status: number) => void;
  const status = new Promise<number>((resolve) => (answered = resolve));
  const req = request(
    { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { ...header('langsam.pdf'), 'content-length': bytes.length, cookie: `beradig=${person.client.cookie('beradig')}`, 'x-csrf-token': person.client.csrfToken! } },
    (res) => {
      res.resume();
      answered(res.statusCode ?? 0);
    },
  );
  req.write(bytes.subarray(0, 10));
  return {
    finish: () => {
      req.end(bytes.subarray(10));
      return status;
    },
  };
}

describe('document uploads under load', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { UPLOAD_QUEUE_PER_CENTRE: '1', UPLOAD_QUEUE_TOTAL: '2', UPLOADS_PER_HOUR: '4' } });
  });
  afterAll(() => t?.close());

  it("a full line answers 503 with Retry-After at once, holding no body; another centre's upload goes through", async () => {
    const busy = await clientWithCase(t);
    const quiet = await clientWithCase(t);
    const path = (c: { slug: string; caseId: string }) => `/api/v1/centres/${c.slug}/cases/${c.caseId}/documents`;
    const holding = slowUpload(t, path(busy), busy.klara, pdfs.minimal('langsam'));
    // Give the server the headers; the slow upload now holds the busy centre's one place.
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    const refused = await busy.klara.client.upload<Problem>(path(busy), pdfs.minimal('zweite'), header('zweite.pdf'));
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('DOCUMENT_QUEUE_FULL');
    expect(refused.body.detail).toContain('einigen Sekunden');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    const other = await quiet.klara.client.upload<DocumentView>(path(quiet), pdfs.minimal('andere Stelle'), header('andere.pdf'));
    expect(other.status).toBe(201);
    expect(await holding.finish()).toBe(201);
    // The place is free again.
    expect((await busy.klara.client.upload(path(busy), pdfs.minimal('dritte'), header('dritte.pdf'))).status).toBe(201);
  });

  it('limits how many files one person uploads per hour, across their requests', async () => {
    const { slug, klara, caseId } = await clientWithCase(t);
    const path = `/api/v1/centres/${slug}/cases/${caseId}/documents`;
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await klara.client.upload(path, pdfs.minimal(`Datei ${i}`), header(`datei-${i}.pdf`))).status);
    expect(statuses).toEqual([201, 201, 201, 201, 429]);
    const refused = await klara.client.upload<Problem>(path, pdfs.minimal('noch eine'), header('noch.pdf'));
    expect(refused.body.code).toBe('DOCUMENT_UPLOADS_TOO_MANY');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await klara.client.get<DocumentView[]>(`${path}`)).body).toHaveLength(4);
  });
});
