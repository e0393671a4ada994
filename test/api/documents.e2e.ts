import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, utimesSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';

import { In } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DocumentView } from '../../modules/documents/contracts.js';
import type { CaseSummary, Problem } from '../../src/contracts/index.js';
import { DocumentFileSweeper } from '../../modules/documents/document-file-sweeper.js';
import { DocumentFile } from '../../modules/documents/document.entity.js';
import { createCentre, type CentreFixture, login } from '../factories/centres.js';
import { assign, client, counsellor, enquiry, type Person } from '../factories/mail.js';
import { buildPdf, pageObjects, pdfs } from '../factories/pdfs.js';
import type { ApiClient } from '../support/api-client.js';
import { type Clamd, startClamd } from '../support/clamd.js';
import { connectSocket } from '../support/sockets.js';
import { pageTexts } from '../support/pdf-reader.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Every file under the store's directory, with its bytes. */
function storedFiles(t: TestApp): { path: string; bytes: Buffer }[] {
  const root = t.config.filesDir;
  let entries: string[] = [];
  try {
    entries = readdirSync(root, { recursive: true }) as string[];
  } catch {
    return [];
  }
  return entries
    .map((e) => join(root, e))
    .filter((p) => {
      try {
        readFileSync(p);
        return true;
      } catch {
        return false;
      }
    })
    .map((path) => ({ path, bytes: readFileSync(path) }));
}

const header = (name: string) => ({ 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent(name) });

describe('document box', () => {
  let t: TestApp;
  let centre: CentreFixture;
  let admin: ApiClient;
  const url = (path: string) => `/api/v1/centres/${centre.slug}${path}`;

  async function assignedPair(): Promise<{ anna: Person; klara: Person; caseId: string }> {
    const anna = await counsellor(t, centre, 'Anna Acker');
    const klara = await client(t, centre);
    const caseId = await enquiry(centre, klara);
    const before = t.mail.messages.length;
    await assign(centre, admin, caseId, anna.id);
    // The assignment mail goes out after the commit; let it arrive before counting mails.
    await t.mail.next(anna.login, before);
    return { anna, klara, caseId };
  }

  const upload = (person: Person, caseId: string, bytes: Buffer, name = 'brief.pdf') =>
    person.client.upload<DocumentView & Problem>(url(`/cases/${caseId}/documents`), bytes, header(name));

  beforeAll(async () => {
    t = await startTestApp({ env: { UPLOAD_MAX_MB: '1' } });
    centre = await createCentre(t, { modules: ['mail', 'documents'] });
    admin = await login(t, centre.slug, centre.admin.email, centre.admin.password);
  });
  afterAll(() => t?.close());

  it('a client uploads a PDF; the counsellor hears of it and downloads it, rebuilt with the same pages and text; the file on disk is sealed', async () => {
    const { anna, klara, caseId } = await assignedPair();
    const secret = `Zeugnis von Jonas ${Date.now()}`;
    const pdf = pdfs.minimal(secret);
    expect(pdf.includes(secret)).toBe(true);
    const socket = await connectSocket(t.baseUrl, anna.client);
    const since = t.mail.messages.length;

    const res = await upload(klara, caseId, pdf, 'Zeugnis Jonas – Halbjahr.pdf');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ caseId, name: 'Zeugnis Jonas – Halbjahr.pdf', pages: 1, mine: true, uploader: { role: 'client' } });

    const heard = await socket.next<DocumentView>('document.added', (d) => d.id === res.body.id);
    expect(heard).toMatchObject({ name: 'Zeugnis Jonas – Halbjahr.pdf', mine: false });
    socket.close();
    const mail = await t.mail.next(anna.login, since);
    expect(mail.subject).toBe('Sie haben ein neues Dokument in BeraDIG');
    expect(mail.text).not.toContain('Zeugnis');

    const list = await anna.client.get<DocumentView[]>(url(`/cases/${caseId}/documents`));
    expect(list.body.map((d) => [d.name, d.mine])).toEqual([['Zeugnis Jonas – Halbjahr.pdf', false]]);

    const download = await anna.client.bytes(url(`/cases/${caseId}/documents/${res.body.id}/content`));
    expect(download.status).toBe(200);
    // What is stored is the file rebuilt from what was inspected: the same pages and text.
    expect(download.body.length).toBe(res.body.size);
    expect(await pageTexts(download.body)).toEqual(await pageTexts(pdf));
    expect(await pageTexts(download.body)).toEqual([secret]);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="Zeugnis Jonas {2}Halbjahr\.pdf"; filename\*=UTF-8''Zeugnis%20Jonas%20%E2%80%93%20Halbjahr\.pdf$/);
    expect(download.headers.get('cache-control')).toBe('no-store');

    const stored = storedFiles(t).filter((f) => f.path.endsWith(res.body.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.bytes.includes(secret)).toBe(false);
    expect(stored[0]!.bytes.includes('%PDF')).toBe(false);
  });

  it.each([
    ['a PNG renamed .pdf', pdfs.png(), 415, 'DOCUMENT_NOT_PDF', 'kein PDF'],
    ['a truncated PDF', pdfs.truncated(), 422, 'DOCUMENT_DAMAGED', 'beschädigt'],
    ['a PDF with JavaScript', pdfs.withJavaScript(), 422, 'DOCUMENT_ACTIVE_CONTENT', 'JavaScript'],
    ['a PDF whose script hides behind hex-escaped names in an object stream', pdfs.withHiddenJavaScript(), 422, 'DOCUMENT_ACTIVE_CONTENT', 'JavaScript'],
    ['a PDF with a launch action', pdfs.withLaunch(), 422, 'DOCUMENT_ACTIVE_CONTENT', 'Programmstart'],
    ['a PDF with an embedded file', pdfs.withEmbeddedFile(), 422, 'DOCUMENT_ACTIVE_CONTENT', 'eingebettete Dateien'],
    ['an empty body', Buffer.alloc(0), 415, 'DOCUMENT_NOT_PDF', 'kein PDF'],
  ])('refuses %s with a German reason and stores nothing', async (_, bytes, status, code, says) => {
    const { klara, caseId } = await assignedPair();
    const filesBefore = storedFiles(t).length;
    const rowsBefore = await t.dataSource.getRepository(DocumentFile).count();
    const res = await upload(klara, caseId, bytes, 'bild.pdf');
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(res.body.detail).toContain(says);
    expect(storedFiles(t).length).toBe(filesBefore);
    expect(await t.dataSource.getRepository(DocumentFile).count()).toBe(rowsBefore);
    expect((await klara.client.get<DocumentView[]>(url(`/cases/${caseId}/documents`))).body).toEqual([]);
  });

  it('refuses a file over the size limit, declared or streamed, before storing anything', async () => {
    const { klara, caseId } = await assignedPair();
    const big = Buffer.concat([pdfs.minimal(), Buffer.alloc(1024 * 1024 + 10, 0x20)]);
    const declared = await upload(klara, caseId, big);
    expect(declared.status).toBe(413);
    expect(declared.body.detail).toContain('höchstens 1 MB');
    // Without a Content-Length (chunked): counted while reading.
    const cookie = `beradig=${klara.client.cookie('beradig')}`;
    const csrf = klara.client.csrfToken!;
    const streamed = await fetch(t.baseUrl + url(`/cases/${caseId}/documents`), {
      method: 'POST',
      headers: { ...header('gross.pdf'), cookie, 'x-csrf-token': csrf },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 20; i++) controller.enqueue(new Uint8Array(64 * 1024));
          controller.close();
        },
      }),
      duplex: 'half',
    });
    expect(streamed.status).toBe(413);
    expect((await klara.client.get<DocumentView[]>(url(`/cases/${caseId}/documents`))).body).toEqual([]);
  });

  it('needs a file name, and keeps only a harmless base name of it', async () => {
    const { klara, caseId } = await assignedPair();
    const missing = await klara.client.upload<Problem>(url(`/cases/${caseId}/documents`), pdfs.minimal(), { 'content-type': 'application/pdf' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors?.[0]?.field).toBe('name');
    const tricky = await upload(klara, caseId, pdfs.minimal(), '../../etc/pass\u0000wd');
    expect(tricky.status).toBe(201);
    expect(tricky.body.name).toBe('passwd.pdf');
  });

  it('keeps documents within the case: other clients, unassigned counsellors and other centres get 404, the admin 403', async () => {
    const { anna, klara, caseId } = await assignedPair();
    const doc = (await upload(anna, caseId, pdfs.minimal(), 'Fragebogen.pdf')).body;
    const stranger = await client(t, centre);
    const otherCounsellor = await counsellor(t, centre);
    const elsewhere = await createCentre(t, { modules: ['mail', 'documents'] });
    const foreign = await client(t, elsewhere);
    for (const [who, status] of [
      [stranger.client, 404],
      [otherCounsellor.client, 404],
      [admin, 403],
    ] as const) {
      expect((await who.get(url(`/cases/${caseId}/documents`))).status).toBe(status);
      expect((await who.bytes(url(`/cases/${caseId}/documents/${doc.id}/content`))).status).toBe(status);
      expect((await who.upload(url(`/cases/${caseId}/documents`), pdfs.minimal(), header('x.pdf'))).status).toBe(status);
      expect((await who.delete(url(`/cases/${caseId}/documents/${doc.id}`))).status).toBe(status);
    }
    // A session of another centre is not even let into this centre's routes.
    expect((await foreign.client.get(url(`/cases/${caseId}/documents`))).status).toBe(401);
    const foreignCase = await enquiry(elsewhere, foreign);
    expect((await klara.client.get(`/api/v1/centres/${elsewhere.slug}/cases/${foreignCase}/documents`)).status).toBe(401);
    expect((await klara.client.bytes(url(`/cases/${caseId}/documents/00000000-0000-7000-8000-000000000000/content`))).status).toBe(404);
    expect((await klara.client.bytes(url(`/cases/${caseId}/documents/nicht-da/content`))).status).toBe(404);
    expect(await pageTexts((await klara.client.bytes(url(`/cases/${caseId}/documents/${doc.id}/content`))).body)).toEqual(await pageTexts(pdfs.minimal()));
  });

  it('after reassignment the new counsellor sees only what was shared after it; the client sees all', async () => {
    const { anna, klara, caseId } = await assignedPair();
    await upload(klara, caseId, pdfs.minimal('vorher'), 'vorher.pdf');
    const ben = await counsellor(t, centre, 'Ben Berg');
    await assign(centre, admin, caseId, ben.id);
    await upload(klara, caseId, pdfs.minimal('nachher'), 'nachher.pdf');
    const names = async (p: Person) => (await p.client.get<DocumentView[]>(url(`/cases/${caseId}/documents`))).body.map((d) => d.name);
    expect(await names(ben)).toEqual(['nachher.pdf']);
    expect(await names(klara)).toEqual(['vorher.pdf', 'nachher.pdf']);
    expect((await anna.client.get(url(`/cases/${caseId}/documents`))).status).toBe(404);
  });

  it('lets people delete their own uploads only; the file leaves the disk', async () => {
    const { anna, klara, caseId } = await assignedPair();
    const fromAnna = (await upload(anna, caseId, pdfs.minimal(), 'Info.pdf')).body;
    const fromKlara = (await upload(klara, caseId, pdfs.minimal(), 'Antwort.pdf')).body;
    const refused = await klara.client.delete<Problem>(url(`/cases/${caseId}/documents/${fromAnna.id}`));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('DOCUMENT_NOT_YOURS');
    expect((await klara.client.delete(url(`/cases/${caseId}/documents/${fromKlara.id}`))).status).toBe(204);
    expect(storedFiles(t).some((f) => f.path.endsWith(fromKlara.id))).toBe(false);
    expect(storedFiles(t).some((f) => f.path.endsWith(fromAnna.id))).toBe(true);
    expect((await anna.client.bytes(url(`/cases/${caseId}/documents/${fromKlara.id}/content`))).status).toBe(404);
    expect((await anna.client.get<DocumentView[]>(url(`/cases/${caseId}/documents`))).body.map((d) => d.name)).toEqual(['Info.pdf']);
  });

  it('closes the stored file when a download is broken off', async () => {
    const { anna, klara, caseId } = await assignedPair();
    const payload = randomBytes(900 * 1024);
    const big = buildPdf({ ...pageObjects('Groß'), 6: Buffer.concat([Buffer.from(`<< /Length ${payload.length} >>\nstream\n`), payload, Buffer.from('\nendstream')]) });
    const doc = (await upload(klara, caseId, big, 'gross.pdf')).body;
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const before = openFiles();
    for (let i = 0; i < 30; i++) {
      await new Promise<void>((resolve, reject) => {
        const request = get(`${t.baseUrl}${url(`/cases/${caseId}/documents/${doc.id}/content`)}`, { headers: { cookie: anna.client.cookieHeader() } }, (res) => {
          expect(res.statusCode).toBe(200);
          res.once('data', () => {
            request.destroy();
            resolve();
          });
        });
        request.on('error', reject);
      });
    }
    await expect.poll(openFiles, { timeout: 5000 }).toBeLessThan(before + 5);
  });

  it('shares a group’s documents with all its members', async () => {
    const anna = await counsellor(t, centre);
    const [mother, father] = [await client(t, centre), await client(t, centre)];
    for (const p of [mother, father]) await assign(centre, admin, await enquiry(centre, p), anna.id);
    const group = (await anna.client.post<CaseSummary>(url('/groups'), { title: 'Familie', memberIds: [mother.id, father.id] })).body;
    const doc = (await upload(mother, group.id, pdfs.minimal(), 'Umgangsplan.pdf')).body;
    for (const p of [father, anna]) {
      expect((await p.client.bytes(url(`/cases/${group.id}/documents/${doc.id}/content`))).status).toBe(200);
    }
  });

  it('deleting a client erases their documents and those of their own case, rows and files; exports carry them', async () => {
    const { anna, klara, caseId } = await assignedPair();
    const mine = (await upload(klara, caseId, pdfs.minimal('eigen'), 'eigen.pdf')).body;
    const theirs = (await upload(anna, caseId, pdfs.minimal('von Anna'), 'von-anna.pdf')).body;
    const exported = await klara.client.get<{ documents: { name: string; from: string; contentBase64: string }[] }>(url('/account/export'));
    expect(exported.body.documents.map((d) => [d.name, d.from])).toEqual([
      ['eigen.pdf', 'me'],
      ['von-anna.pdf', 'counsellor'],
    ]);
    expect(await pageTexts(Buffer.from(exported.body.documents[0]!.contentBase64, 'base64'))).toEqual(['eigen']);

    expect((await klara.client.delete(url('/account'), { password: klara.password })).status).toBe(204);
    expect(await t.dataSource.getRepository(DocumentFile).countBy({ caseId })).toBe(0);
    await expect.poll(() => storedFiles(t).filter((f) => f.path.endsWith(mine.id) || f.path.endsWith(theirs.id)).length).toBe(0);
  });

  it('sweeps files whose rows are gone (a crash between commit and file deletion), keeping live and fresh ones', async () => {
    const { klara, caseId } = await assignedPair();
    const kept = (await upload(klara, caseId, pdfs.minimal(), 'bleibt.pdf')).body;
    const gone = (await upload(klara, caseId, pdfs.minimal(), 'verwaist.pdf')).body;
    const fresh = (await upload(klara, caseId, pdfs.minimal(), 'gerade-erst.pdf')).body;
    // As if the process died after the rows' transaction and before the files went.
    await t.dataSource.getRepository(DocumentFile).delete({ id: In([gone.id, fresh.id]) });
    const hourAgo = new Date(Date.now() - 2 * 3_600_000);
    for (const doc of [kept, gone]) {
      const file = storedFiles(t).find((f) => f.path.endsWith(doc.id))!;
      utimesSync(file.path, hourAgo, hourAgo);
    }

    const removed = await t.app.get(DocumentFileSweeper).sweep();

    expect(removed).toBe(1);
    expect(storedFiles(t).some((f) => f.path.endsWith(gone.id))).toBe(false);
    expect(storedFiles(t).some((f) => f.path.endsWith(fresh.id))).toBe(true);
    expect(await pageTexts((await klara.client.bytes(url(`/cases/${caseId}/documents/${kept.id}/content`))).body)).toEqual(await pageTexts(pdfs.minimal()));
  });

  it('is invisible where the module is not licensed', async () => {
    const other = await createCentre(t, { modules: ['mail'] });
    const person = await client(t, other);
    const caseId = await enquiry(other, person);
    expect((await person.client.get(`/api/v1/centres/${other.slug}/cases/${caseId}/documents`)).status).toBe(404);
    type Info = { features: { documents?: { maxBytes: number } } };
    expect((await t.client().get<Info>(`/api/v1/centres/${other.slug}`)).body.features.documents).toBeUndefined();
    expect((await t.client().get<Info>(`/api/v1/centres/${centre.slug}`)).body.features.documents).toEqual({ maxBytes: 1024 * 1024 });
  });
});

describe('document box with a virus scanner', () => {
  let clamd: Clamd | null;
  let t: TestApp;
  let centre: CentreFixture;

  beforeAll(async () => {
    clamd = await startClamd();
    if (!clamd) return;
    t = await startTestApp({ env: { CLAMD_HOST: clamd.host, CLAMD_PORT: String(clamd.port) } });
    centre = await createCentre(t, { modules: ['mail', 'documents'] });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await clamd?.stop();
  });

  it('refuses a PDF carrying the EICAR test virus, takes a clean one, and refuses everything while clamd is away', async (ctx) => {
    if (!clamd) return ctx.skip();
    const admin = await login(t, centre.slug, centre.admin.email, centre.admin.password);
    const anna = await counsellor(t, centre);
    const klara = await client(t, centre);
    const caseId = await enquiry(centre, klara);
    await assign(centre, admin, caseId, anna.id);
    const to = `/api/v1/centres/${centre.slug}/cases/${caseId}/documents`;

    const infected = await klara.client.upload<Problem>(to, pdfs.withEicar(), header('eicar.pdf'));
    expect(infected.status).toBe(422);
    expect(infected.body.code).toBe('DOCUMENT_INFECTED');
    expect(infected.body.detail).toContain('Eicar-Test-Signature');
    expect((await klara.client.upload(to, pdfs.minimal(), header('sauber.pdf'))).status).toBe(201);

    await clamd.stop();
    clamd = null;
    const unavailable = await klara.client.upload<Problem>(to, pdfs.minimal(), header('sauber.pdf'));
    expect(unavailable.status).toBe(503);
    expect(unavailable.body.code).toBe('VIRUS_SCAN_UNAVAILABLE');
    expect((await klara.client.get<DocumentView[]>(to)).body.map((d) => d.name)).toEqual(['sauber.pdf']);
  });
});
