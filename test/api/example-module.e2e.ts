import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FEATURES } from '../../src/app.features.js';
import type { CaseSummary, Problem, PublicCentre, SocketAck } from '../../src/contracts/index.js';
import { LONG_TEXT_COLUMNS } from '../../src/database/columns.js';
import { type CentreFixture, createCentre, login } from '../factories/centres.js';
import { assign, client, counsellor, enquiry, type Person } from '../factories/mail.js';
import { MAX_NOTE_LENGTH, type NoteCreatedEvent, NOTES_EVENTS, type NotesCount, type NoteView } from '../fixtures/example-module/contracts.js';
import { notesFeature } from '../fixtures/example-module/notes.feature.js';
import type { ApiClient } from '../support/api-client.js';
import { databaseContains } from '../support/db-scan.js';
import { featureEntryPoints, listRoutes, listSocketEvents } from '../support/routes.js';
import { connectSocket, type LiveSocket } from '../support/sockets.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The example module of docs/architecture.md ("How to add a module"), built from that section
 * alone and installed here as the registry would install it.
 */
describe('example module: notes', () => {
  let t: TestApp;
  let centre: CentreFixture;
  let bare: CentreFixture;
  let other: CentreFixture;
  let admin: ApiClient;
  let alice: Person;
  let bob: Person;
  let carol: Person;
  let caseId: string;
  const sockets: LiveSocket[] = [];

  const notesOf = (c: CentreFixture, id: string) => `/api/v1/centres/${c.slug}/notes/cases/${id}`;
  const noteUrl = (c: CentreFixture, id: string) => `/api/v1/centres/${c.slug}/notes/${id}`;
  const unique = (label: string) => `${label} ${randomBytes(6).toString('hex')}`;

  async function write(person: Person, id: string, text: string): Promise<NoteView> {
    const res = await person.client.post<NoteView>(notesOf(centre, id), { text });
    expect(res.status, res.text).toBe(201);
    return res.body;
  }

  async function read(person: Person, id: string): Promise<NoteView[]> {
    const res = await person.client.get<NoteView[]>(notesOf(centre, id));
    expect(res.status, res.text).toBe(200);
    return res.body;
  }

  async function socketOf(person: { client: ApiClient }): Promise<LiveSocket> {
    const live = await connectSocket(t.baseUrl, person.client);
    sockets.push(live);
    return live;
  }

  const count = (live: LiveSocket, body: unknown) => live.socket.timeout(5000).emitWithAck(NOTES_EVENTS.count, body) as Promise<SocketAck<NotesCount>>;

  beforeAll(async () => {
    t = await startTestApp({ features: [...FEATURES, notesFeature] });
    centre = await createCentre(t, { modules: ['mail', 'notes'] });
    bare = await createCentre(t, { modules: ['mail'] });
    other = await createCentre(t, { modules: ['mail', 'notes'] });
    admin = await login(t, centre.slug, centre.admin.email, centre.admin.password);
    alice = await client(t, centre);
    bob = await counsellor(t, centre, 'Berater Bob');
    carol = await counsellor(t, centre, 'Beraterin Carol');
    caseId = await enquiry(centre, alice);
    await assign(centre, admin, caseId, bob.id);
  });

  afterAll(async () => {
    for (const live of sockets) live.close();
    await t?.close();
  });

  it('is installed like a registered module: migration matches the entity, routes gated by its key', async () => {
    const ran = await t.dataSource.query<{ name: string }[]>('SELECT name FROM migrations');
    expect(ran.map((r) => r.name)).toContain('AddNotes1796166300000');
    if (t.db.kind === 'mysql') {
      for (const entity of t.dataSource.entityMetadatas) {
        for (const column of entity.columns) {
          if (column.type === 'blob') column.type = 'longblob';
          if (LONG_TEXT_COLUMNS.has(`${entity.name}.${column.propertyName}`)) column.type = 'mediumtext';
        }
      }
    }
    const pending = (await t.dataSource.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
    expect(pending).toEqual([]);

    const routes = listRoutes(t.app).filter((r) => r.controller === 'NotesController');
    expect(routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'DELETE /api/v1/centres/:centre/notes/:noteId',
      'GET /api/v1/centres/:centre/notes/cases/:caseId',
      'POST /api/v1/centres/:centre/notes/cases/:caseId',
    ]);
    for (const route of routes) {
      expect(route.feature).toBe('notes');
      expect(route.isPublic).toBe(false);
      expect(route.roles).toEqual(['client', 'counsellor']);
    }
    const events = listSocketEvents(t.app).filter((e) => e.gateway === 'NotesGateway');
    expect(events).toEqual([expect.objectContaining({ event: NOTES_EVENTS.count, feature: 'notes', isPublic: false, roles: ['client', 'counsellor'] })]);
    const entries = featureEntryPoints(t.app, [notesFeature]);
    expect(entries.map((e) => `${e.className}:${e.gatedBy}`).sort()).toEqual(['NotesController:notes', 'NotesGateway:notes']);

    const operator = await t.operator();
    expect((await operator.get(notesOf(centre, caseId))).status).toBe(403);
  });

  it('lets the client and the counsellor of a case write and read notes, newest first', async () => {
    const first = await write(alice, caseId, 'Ich komme am Dienstag etwas später.');
    expect(first).toMatchObject({ caseId, authorId: alice.id, own: true, text: 'Ich komme am Dienstag etwas später.' });
    const second = await write(bob, caseId, '  Bitte bringen Sie den Bescheid mit.  ');
    expect(second).toMatchObject({ authorId: bob.id, authorName: 'Berater Bob', own: true, text: 'Bitte bringen Sie den Bescheid mit.' });

    const forAlice = await read(alice, caseId);
    expect(forAlice.map((n) => n.text)).toEqual(['Bitte bringen Sie den Bescheid mit.', 'Ich komme am Dienstag etwas später.']);
    expect(forAlice.map((n) => n.own)).toEqual([false, true]);
    const forBob = await read(bob, caseId);
    expect(forBob.map((n) => n.id)).toEqual([second.id, first.id]);
    expect(forBob.map((n) => n.own)).toEqual([true, false]);

    const page = await alice.client.get<NoteView[]>(`${notesOf(centre, caseId)}?limit=1&before=${second.id}`);
    expect(page.body.map((n) => n.id)).toEqual([first.id]);
  });

  it('takes at most MAX_NOTE_LENGTH characters and no empty note', async () => {
    expect((await alice.client.post(notesOf(centre, caseId), { text: 'x'.repeat(MAX_NOTE_LENGTH) })).status).toBe(201);
    const long = await alice.client.post<Problem>(notesOf(centre, caseId), { text: 'x'.repeat(MAX_NOTE_LENGTH + 1) });
    expect(long.status).toBe(400);
    expect(long.body.errors).toEqual([expect.objectContaining({ field: 'text', code: 'field.maxLength' })]);
    const empty = await alice.client.post<Problem>(notesOf(centre, caseId), { text: '   ' });
    expect(empty.status).toBe(400);
    const extra = await alice.client.post<Problem>(notesOf(centre, caseId), { text: 'ok', authorId: bob.id });
    expect(extra.status).toBe(400);
  });

  it('announces a new note to the case’s other people, after it is stored', async () => {
    const live = await socketOf(bob);
    const note = await write(alice, caseId, 'Angekündigt?');
    const event = await live.next<NoteCreatedEvent>(NOTES_EVENTS.created, (e) => e.noteId === note.id);
    expect(event).toEqual({ caseId, noteId: note.id });
  });

  it('refuses the admin (403), another counsellor (404), another centre (401/404) and a centre without the module (404)', async () => {
    for (const res of [await admin.get<Problem>(notesOf(centre, caseId)), await admin.post<Problem>(notesOf(centre, caseId), { text: 'Verwaltung' })]) {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    const notes = await read(alice, caseId);
    expect((await admin.delete<Problem>(noteUrl(centre, notes[0]!.id))).status).toBe(403);

    for (const res of [await carol.client.get<Problem>(notesOf(centre, caseId)), await carol.client.post<Problem>(notesOf(centre, caseId), { text: 'Fremd' })]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('CASE_NOT_FOUND');
    }
    const carolDelete = await carol.client.delete<Problem>(noteUrl(centre, notes[0]!.id));
    expect(carolDelete.status).toBe(404);
    expect(carolDelete.body.code).toBe('NOTES_ENTRY_NOT_FOUND');

    // A person of another centre: not under this centre's path, and this case is not found under their own.
    const stranger = await client(t, other);
    const strangerCounsellor = await counsellor(t, other);
    expect((await stranger.client.get(notesOf(centre, caseId))).status).toBe(401);
    for (const person of [stranger, strangerCounsellor]) {
      const res = await person.client.get<Problem>(notesOf(other, caseId));
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('CASE_NOT_FOUND');
      const post = await person.client.post<Problem>(notesOf(other, caseId), { text: 'Fremd' });
      expect(post.status).toBe(404);
      const del = await person.client.delete<Problem>(noteUrl(other, notes[0]!.id));
      expect(del.status).toBe(404);
      expect(del.body.code).toBe('NOTES_ENTRY_NOT_FOUND');
    }

    // The module is not licensed there: its routes do not exist, even for the case's own client.
    const bareClient = await client(t, bare);
    const bareCase = await enquiry(bare, bareClient);
    for (const res of [
      await bareClient.client.get<Problem>(notesOf(bare, bareCase)),
      await bareClient.client.post<Problem>(notesOf(bare, bareCase), { text: 'Hallo' }),
      await t.client().get<Problem>(notesOf(bare, bareCase)),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }

    expect((await t.client().get(notesOf(centre, caseId))).status).toBe(401);
  });

  it('lets people delete only their own notes', async () => {
    const mine = await write(alice, caseId, 'Das nehme ich zurück.');
    const his = await write(bob, caseId, 'Das bleibt.');
    const refused = await alice.client.delete<Problem>(noteUrl(centre, his.id));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('NOTES_NOT_AUTHOR');
    expect(refused.body.detail).toBe('Eine Notiz kann nur löschen, wer sie geschrieben hat.');
    const english = await alice.client.delete<Problem>(noteUrl(centre, his.id), undefined, { 'accept-language': 'en' });
    expect(english.body.detail).toBe('Only the author of a note can delete it.');

    expect((await alice.client.delete(noteUrl(centre, mine.id))).status).toBe(204);
    const gone = await alice.client.delete<Problem>(noteUrl(centre, mine.id));
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('NOTES_ENTRY_NOT_FOUND');
    expect((await alice.client.delete(noteUrl(centre, 'not-an-id'))).status).toBe(404);
    const ids = (await read(bob, caseId)).map((n) => n.id);
    expect(ids).toContain(his.id);
    expect(ids).not.toContain(mine.id);
  });

  it('follows the periods: after a reassignment the new counsellor reads nothing from before', async () => {
    const dora = await client(t, centre);
    const doraCase = await enquiry(centre, dora);
    await assign(centre, admin, doraCase, bob.id);
    await write(dora, doraCase, 'Für Bob.');
    await assign(centre, admin, doraCase, carol.id);
    expect((await bob.client.get(notesOf(centre, doraCase))).status).toBe(404);
    expect(await read(carol, doraCase)).toEqual([]);
    await write(carol, doraCase, 'Von Carol.');
    expect((await read(carol, doraCase)).map((n) => n.text)).toEqual(['Von Carol.']);
    expect((await read(dora, doraCase)).map((n) => n.text)).toEqual(['Von Carol.', 'Für Bob.']);
  });

  it('stores no note in plain text', async () => {
    const secret = unique('Geheime Fallnotiz');
    await write(alice, caseId, secret);
    expect((await read(bob, caseId)).map((n) => n.text)).toContain(secret);
    expect(await databaseContains(t, secret)).toBe(false);
  });

  it('answers notes.count over the socket for a case the caller may read, and refuses the rest', async () => {
    const expected = (await read(alice, caseId)).length;
    expect(expected).toBeGreaterThan(0);
    expect(await count(await socketOf(alice), { caseId })).toEqual({ ok: true, count: expected });
    expect(await count(await socketOf(bob), { caseId })).toEqual({ ok: true, count: (await read(bob, caseId)).length });

    const carolSocket = await socketOf(carol);
    expect(await count(carolSocket, { caseId })).toMatchObject({ ok: false, status: 404, code: 'CASE_NOT_FOUND' });
    // The payload passes the global validation pipe, as an HTTP body does.
    expect(await count(carolSocket, { caseId: 'nonsense' })).toMatchObject({ ok: false, status: 400, code: 'VALIDATION_FAILED' });
    expect(await count(carolSocket, 'nonsense')).toMatchObject({ ok: false, status: 400, code: 'VALIDATION_FAILED' });
    expect(await count(carolSocket, { caseId, extra: 1 })).toMatchObject({ ok: false, status: 400, code: 'VALIDATION_FAILED' });
    expect(await count(await socketOf({ client: admin }), { caseId })).toMatchObject({ ok: false, status: 403, code: 'FORBIDDEN' });

    const bareClient = await client(t, bare);
    const bareCase = await enquiry(bare, bareClient);
    expect(await count(await socketOf(bareClient), { caseId: bareCase })).toMatchObject({ ok: false, status: 404, code: 'NOT_FOUND' });
  });

  it('tells the portal the longest note, only where the module is licensed', async () => {
    const info = await t.client().get<PublicCentre>(`/api/v1/centres/${centre.slug}`);
    expect(info.status).toBe(200);
    expect(info.body.features.notes).toEqual({ maxLength: MAX_NOTE_LENGTH });
    const without = await t.client().get<PublicCentre>(`/api/v1/centres/${bare.slug}`);
    expect(without.body.features).not.toHaveProperty('notes');
  });

  it('exports a client’s notes and erases them with the account', async () => {
    // A group case, which outlives one of its members: the member's notes go, the others' stay.
    const erin = await client(t, centre);
    const finn = await client(t, centre);
    for (const person of [erin, finn]) await assign(centre, admin, await enquiry(centre, person), bob.id);
    const group = await bob.client.post<CaseSummary>(`/api/v1/centres/${centre.slug}/groups`, { title: 'Gruppe', memberIds: [erin.id, finn.id] });
    expect(group.status, group.text).toBe(201);
    const groupId = group.body.id;
    const erinsText = unique('Erins Notiz');
    const erins = await write(erin, groupId, erinsText);
    const finns = await write(finn, groupId, unique('Finns Notiz'));
    const bobs = await write(bob, groupId, unique('Bobs Notiz'));

    const exported = await erin.client.get<{ notes: { id: string; caseId: string; text: string; createdAt: string }[] }>(`/api/v1/centres/${centre.slug}/account/export`);
    expect(exported.status).toBe(200);
    expect(exported.body.notes).toEqual([{ id: erins.id, caseId: groupId, text: erinsText, createdAt: erins.createdAt }]);

    const wrong = await erin.client.delete(`/api/v1/centres/${centre.slug}/account`, { password: 'falsches-Passwort-1' });
    expect(wrong.status).toBe(400);
    const erased = await erin.client.delete(`/api/v1/centres/${centre.slug}/account`, { password: erin.password });
    expect(erased.status, erased.text).toBe(204);

    expect((await read(finn, groupId)).map((n) => n.id)).toEqual([bobs.id, finns.id]);
    const left = await t.dataSource.query<{ n: number | string }[]>('SELECT COUNT(*) AS n FROM notes_entry WHERE authorId = ?', [erin.id]);
    expect(Number(left[0]!.n)).toBe(0);
  });

  it('erases an individual case’s notes with its client', async () => {
    const gina = await client(t, centre);
    const ginaCase = await enquiry(centre, gina);
    await assign(centre, admin, ginaCase, bob.id);
    await write(gina, ginaCase, 'Von Gina.');
    await write(bob, ginaCase, 'An Gina.');
    const exported = await gina.client.get<{ notes: { text: string }[] }>(`/api/v1/centres/${centre.slug}/account/export`);
    expect(exported.body.notes.map((n) => n.text)).toEqual(['Von Gina.']);
    expect((await gina.client.delete(`/api/v1/centres/${centre.slug}/account`, { password: gina.password })).status).toBe(204);
    const left = await t.dataSource.query<{ n: number | string }[]>('SELECT COUNT(*) AS n FROM notes_entry WHERE caseId = ?', [ginaCase]);
    expect(Number(left[0]!.n)).toBe(0);
  });

  it('reverts its migration cleanly and applies it again', async () => {
    await t.dataSource.undoLastMigration({ transaction: 'each' });
    expect(await t.dataSource.createQueryRunner().getTables(['notes_entry'])).toEqual([]);
    const ran = await t.dataSource.runMigrations({ transaction: 'each' });
    expect(ran.map((m) => m.name)).toEqual(['AddNotes1796166300000']);
  });
});
