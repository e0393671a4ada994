import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AnonymousSweeper } from '../../modules/anonymous/anonymous-sweeper.js';
import type {
  AnonymousAck,
  AnonymousPublicInfo,
  CounsellorChatView,
  DutyView,
  LiveLineView,
  TopicLineView,
  TopicModerationView,
  TopicView,
  TopicVisitorView,
  TranscriptView,
  VisitorChatView,
  VisitorView,
} from '../../modules/anonymous/contracts.js';
import type { CaseSummary } from '../../src/contracts/index.js';
import type { Problem } from '../../src/contracts/problem.js';
import { createCentre, type CentreFixture, guestSession, login, strongPassword } from '../factories/centres.js';
import { client, counsellor, type Person } from '../factories/mail.js';
import type { ApiClient } from '../support/api-client.js';
import { redisAvailable, TEST_REDIS_URL } from '../support/redis.js';
import { linkIn } from '../support/smtp-sink.js';
import { connectSocket, type LiveSocket } from '../support/sockets.js';
import { startTestApp, type TestApp, withTwoInstances } from '../support/test-app.js';

type LineAck = AnonymousAck<{ line: LiveLineView }>;
type TopicLineAck = AnonymousAck<{ line: TopicLineView }>;

const say = (s: LiveSocket, chatId: string, text: string) => s.socket.emitWithAck('anonymous.send', { chatId, text }) as Promise<LineAck>;
const sayInTopic = (s: LiveSocket, topicId: string, text: string) => s.socket.emitWithAck('anonymous.topic-send', { topicId, text }) as Promise<TopicLineAck>;
const watchTopic = (s: LiveSocket, topicId: string) => s.socket.emitWithAck('anonymous.topic-watch', { topicId }) as Promise<AnonymousAck<{ lines: TopicLineView[] }>>;

interface Visitor {
  client: ApiClient;
  socket: LiveSocket;
}

/** Every table's rows, for scans of what the database holds. */
async function allRows(t: TestApp): Promise<{ table: string; row: Record<string, unknown> }[]> {
  const tables =
    t.db.kind === 'sqlite'
      ? (await t.dataSource.query<{ name: string }[]>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).map((r) => r.name)
      : (await t.dataSource.query<{ name: string }[]>('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()')).map((r) => r.name);
  const out: { table: string; row: Record<string, unknown> }[] = [];
  for (const table of tables) for (const row of await t.dataSource.query<Record<string, unknown>[]>(`SELECT * FROM \`${table}\``)) out.push({ table, row });
  return out;
}

function databaseFiles(t: TestApp): Buffer[] {
  if (t.db.kind !== 'sqlite') return [];
  return [t.db.file!, `${t.db.file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f));
}

async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('anonymous live chat and topic chats', () => {
  let t: TestApp;
  let centre: CentreFixture;
  const sockets: LiveSocket[] = [];
  const api = (c: CentreFixture, path: string) => `/api/v1/centres/${c.slug}/anonymous${path}`;

  beforeAll(async () => {
    t = await startTestApp({ env: { GUEST_SESSIONS_PER_HOUR: '10000', ANONYMOUS_CHATS_PER_HOUR: '10000', ANONYMOUS_LINES_PER_MINUTE: '8', ANONYMOUS_ABANDON_MINUTES: '10' } });
    centre = await createCentre(t, { modules: ['mail', 'anonymous'] });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  async function freshCentre(): Promise<CentreFixture> {
    return createCentre(t, { modules: ['mail', 'anonymous'] });
  }

  async function visitor(c: CentreFixture = centre, app: TestApp = t): Promise<Visitor> {
    const guest = await guestSession(app, c.slug);
    const socket = await connectSocket(app.baseUrl, guest);
    sockets.push(socket);
    return { client: guest, socket };
  }

  /** The guest's principal id, from its session (the test may look; the API never says it). */
  async function guestIdOf(app: TestApp, guest: ApiClient): Promise<string> {
    const hash = createHash('sha256').update(guest.cookie('beradig-guest')!).digest('hex');
    const rows = await app.dataSource.query<{ principalId: string }[]>('SELECT principalId FROM session WHERE id = ?', [hash]);
    return rows[0]!.principalId;
  }

  async function staff(c: CentreFixture = centre, name = 'Anna Acker'): Promise<Person & { socket: LiveSocket }> {
    const person = await counsellor(t, c, name);
    const socket = await connectSocket(t.baseUrl, person.client);
    sockets.push(socket);
    return { ...person, socket };
  }

  async function onDuty(p: Person, c: CentreFixture, body: Record<string, unknown> = {}): Promise<DutyView> {
    const res = await p.client.put<DutyView>(api(c, '/console/duty'), { active: true, ...body });
    expect(res.status, res.text).toBe(200);
    return res.body;
  }

  async function start(v: Visitor, c: CentreFixture = centre): Promise<VisitorChatView> {
    const res = await v.client.post<VisitorChatView>(api(c, '/visitor/chat'));
    expect(res.status, res.text).toBe(201);
    return res.body;
  }

  describe('the live chat', () => {
    it('is closed while nobody staffs it: the portal says so and visitors are refused', async () => {
      const c = await freshCentre();
      const status = await t.client().get<AnonymousPublicInfo>(api(c, '/status'));
      expect(status.status).toBe(200);
      expect(status.body.live).toEqual({ open: false, until: null, busy: false });
      expect(status.body.emergencyNumbers.map((n) => n.number)).toContain('0800 111 0 111');
      const portal = await t.client().get<{ features: Record<string, AnonymousPublicInfo> }>(`/api/v1/centres/${c.slug}`);
      expect(portal.body.features.anonymous!.live.open).toBe(false);

      const v = await visitor(c);
      const refused = await v.client.post<Problem>(api(c, '/visitor/chat'), undefined, { 'accept-language': 'de' });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('ANONYMOUS_CLOSED');
      expect(refused.body.detail).toMatch(/0800 111 0 111/);
      expect(await t.dataSource.query('SELECT id FROM anonymous_chat WHERE centreId = ?', [c.id])).toEqual([]);

      const anna = await staff(c);
      const duty = await onDuty(anna, c, { capacity: 2 });
      expect(duty).toMatchObject({ onDuty: true, capacity: 2, staffed: 1 });
      const open = await t.client().get<AnonymousPublicInfo>(api(c, '/status'));
      expect(open.body.live).toMatchObject({ open: true, busy: false });
      expect(new Date(open.body.live.until!).getTime()).toBeGreaterThan(Date.now() + 3_000_000);
      // Off duty again: closed, and the next visitor is refused.
      expect((await anna.client.put(api(c, '/console/duty'), { active: false })).status).toBe(200);
      expect((await t.client().get<AnonymousPublicInfo>(api(c, '/status'))).body.live.open).toBe(false);
      expect((await v.client.post<Problem>(api(c, '/visitor/chat'))).body.code).toBe('ANONYMOUS_CLOSED');
    });

    it('gives each visitor a pseudonym they may change, and nothing else of them', async () => {
      const v = await visitor();
      const me = await v.client.get<VisitorView>(api(centre, '/visitor'));
      expect(me.status).toBe(200);
      expect(me.body.pseudonym).toMatch(/^\S+ \S+ \d{2}$/);
      expect(me.body).toMatchObject({ blocked: false, chat: null });
      const renamed = await v.client.patch<VisitorView>(api(centre, '/visitor'), { pseudonym: 'Mondlicht' });
      expect(renamed.body.pseudonym).toBe('Mondlicht');
      for (const bad of ['x', 'meine-seite.de', 'a'.repeat(31), '<script>']) {
        const res = await v.client.patch<Problem>(api(centre, '/visitor'), { pseudonym: bad });
        expect(res.status, bad).toBe(400);
        expect(res.body.errors?.[0]?.field).toBe('pseudonym');
      }
      expect((await v.client.get<VisitorView>(api(centre, '/visitor'))).body.pseudonym).toBe('Mondlicht');
      // Someone logged in is no visitor.
      const klara = await client(t, centre);
      expect((await klara.client.get(api(centre, '/visitor'))).status).toBe(403);
    });

    it('respects capacity: the n+1th visitor waits and is served when a chat ends; first come, first served', async () => {
      const c = await freshCentre();
      const anna = await staff(c);
      await onDuty(anna, c, { capacity: 2 });
      const visitors = [await visitor(c), await visitor(c), await visitor(c), await visitor(c)];
      const chats: VisitorChatView[] = [];
      for (const v of visitors) chats.push(await start(v, c));
      expect(chats.map((ch) => ch.status)).toEqual(['active', 'active', 'waiting', 'waiting']);
      expect(chats[2]!.position).toBe(1);
      expect(chats[3]!.position).toBe(2);
      expect(chats[0]!.counsellorName).toBe('Anna Acker');
      // The counsellor heard of both, and sees who waits in order.
      await anna.socket.next<CounsellorChatView>('anonymous.chat', (ch) => ch.id === chats[1]!.id);
      const consoleView = (await anna.client.get<DutyView>(api(c, '/console'))).body;
      expect(consoleView.chats.map((ch) => ch.id)).toEqual([chats[0]!.id, chats[1]!.id]);
      expect(consoleView.queue.map((q) => [q.id, q.position])).toEqual([[chats[2]!.id, 1], [chats[3]!.id, 2]]);
      expect((await t.client().get<AnonymousPublicInfo>(api(c, '/status'))).body.live.busy).toBe(true);

      // The first chat ends: the third visitor (first in the queue) is served, the fourth moves up.
      expect((await visitors[0]!.client.post(api(c, `/visitor/chat/${chats[0]!.id}/end`))).status).toBe(204);
      const served = await visitors[2]!.socket.next<VisitorChatView>('anonymous.chat', (ch) => ch.status === 'active');
      expect(served).toMatchObject({ id: chats[2]!.id, counsellorName: 'Anna Acker' });
      await visitors[3]!.socket.next<{ position: number }>('anonymous.queue', (q) => q.position === 1);
      expect((await visitors[3]!.client.get<VisitorView>(api(c, '/visitor'))).body.chat).toMatchObject({ status: 'waiting', position: 1 });
      const active = await t.dataSource.query<{ id: string }[]>("SELECT id FROM anonymous_chat WHERE centreId = ? AND status = 'active' ORDER BY id", [c.id]);
      expect(active.map((r) => r.id)).toEqual([chats[1]!.id, chats[2]!.id]);

      // A counsellor may pick someone from the queue beyond their number.
      const picked = await anna.client.post<CounsellorChatView>(api(c, `/console/chats/${chats[3]!.id}/accept`));
      expect(picked.status).toBe(200);
      expect(picked.body.status).toBe('active');
      await visitors[3]!.socket.next<VisitorChatView>('anonymous.chat', (ch) => ch.status === 'active');
      expect((await anna.client.post<Problem>(api(c, `/console/chats/${chats[3]!.id}/accept`))).body.code).toBe('ANONYMOUS_NOT_WAITING');
    });

    it('shares visitors fairly among counsellors on duty', async () => {
      const c = await freshCentre();
      const anna = await staff(c, 'Anna Acker');
      const ben = await staff(c, 'Ben Brandt');
      await onDuty(anna, c, { capacity: 3 });
      await onDuty(ben, c, { capacity: 3 });
      const chats: VisitorChatView[] = [];
      for (let i = 0; i < 4; i++) chats.push(await start(await visitor(c), c));
      const byCounsellor = await t.dataSource.query<{ counsellorId: string; n: number | string }[]>("SELECT counsellorId, COUNT(*) AS n FROM anonymous_chat WHERE centreId = ? AND status = 'active' GROUP BY counsellorId", [c.id]);
      expect(byCounsellor.map((r) => Number(r.n))).toEqual([2, 2]);
    });

    it('lets a visitor see and address only their own chat', async () => {
      const c = await freshCentre();
      const anna = await staff(c);
      const ben = await staff(c, 'Ben Brandt');
      await onDuty(anna, c, { capacity: 5 });
      const a = await visitor(c);
      const b = await visitor(c);
      const chatA = await start(a, c);
      const chatB = await start(b, c);
      expect((await say(a.socket, chatA.id, 'Mir geht es heute nicht gut.')).ok).toBe(true);
      const heard = await anna.socket.next<LiveLineView>('anonymous.line', (l) => l.chatId === chatA.id);
      expect(heard).toMatchObject({ author: 'visitor', text: 'Mir geht es heute nicht gut.' });

      expect((await b.client.get(api(c, `/visitor/chat/${chatA.id}`))).status).toBe(404);
      expect((await b.client.post(api(c, `/visitor/chat/${chatA.id}/end`))).status).toBe(404);
      const intrusion = await say(b.socket, chatA.id, 'Hallo?');
      expect(intrusion).toMatchObject({ ok: false, status: 404, code: 'ANONYMOUS_CHAT_NOT_FOUND' });
      // Nor does another counsellor reach it.
      expect((await ben.client.get(api(c, `/console/chats/${chatA.id}`))).status).toBe(404);
      expect(await say(ben.socket, chatA.id, 'Hallo')).toMatchObject({ ok: false, status: 404 });
      expect((await ben.client.post(api(c, `/console/chats/${chatA.id}/end`))).status).toBe(404);
      // B's socket never heard A's line.
      await new Promise((r) => setTimeout(r, 200));
      expect(b.socket.received.filter((r) => r.event === 'anonymous.line')).toEqual([]);
      // A counsellor's answer reaches A only.
      expect((await say(anna.socket, chatA.id, 'Ich bin da. Was ist passiert?')).ok).toBe(true);
      await a.socket.next<LiveLineView>('anonymous.line', (l) => l.author === 'counsellor');
      expect((await a.client.get<VisitorChatView>(api(c, `/visitor/chat/${chatA.id}`))).body.lines.map((l) => l.text)).toEqual(['Mir geht es heute nicht gut.', 'Ich bin da. Was ist passiert?']);
      expect((await b.client.get<VisitorChatView>(api(c, `/visitor/chat/${chatB.id}`))).body.lines).toEqual([]);
    });

    it('refuses links and over-long lines from visitors, and answers too many lines with 429 in German', async () => {
      const c = await freshCentre();
      const anna = await staff(c);
      await onDuty(anna, c);
      const v = await visitor(c);
      const chat = await start(v, c);
      for (const text of ['Schau auf www.beispiel.de', 'https://evil.example/x', 'geh auf abc . com']) {
        expect(await say(v.socket, chat.id, text)).toMatchObject({ ok: false, status: 400, code: 'VALIDATION_FAILED' });
      }
      expect(await say(v.socket, chat.id, 'x'.repeat(1001))).toMatchObject({ ok: false, status: 400 });
      expect(await say(v.socket, chat.id, 'Nul\u0000l')).toMatchObject({ ok: false, status: 400 });
      expect(await t.dataSource.query('SELECT id FROM anonymous_line WHERE chatId = ?', [chat.id])).toEqual([]);
      // The counsellor may give an address.
      expect((await say(anna.socket, chat.id, 'Mehr unter www.telefonseelsorge.de')).ok).toBe(true);
      // ANONYMOUS_LINES_PER_MINUTE=8 here (link attempts count as lines too).
      const answers: LineAck[] = [];
      for (let i = 0; i < 8; i++) answers.push(await say(v.socket, chat.id, `Zeile ${i}`));
      const refused = answers.find((a) => !a.ok);
      expect(refused).toMatchObject({ ok: false, status: 429, code: 'ANONYMOUS_TOO_FAST' });
      expect(refused && !refused.ok && refused.message).toMatch(/langsamer/);
    });

    it('ends at either side: the conversation is erased, rows and sealed text gone', async () => {
      const c = await freshCentre();
      const anna = await staff(c);
      await onDuty(anna, c);
      const v = await visitor(c);
      const chat = await start(v, c);
      await say(v.socket, chat.id, 'Ich habe Angst, dass es wieder passiert.');
      await say(anna.socket, chat.id, 'Danke, dass Sie schreiben.');
      const sealed = await t.dataSource.query<{ sealedText: Buffer }[]>('SELECT sealedText FROM anonymous_line WHERE chatId = ?', [chat.id]);
      const [pseudonym] = await t.dataSource.query<{ sealedPseudonym: Buffer }[]>('SELECT sealedPseudonym FROM anonymous_chat WHERE id = ?', [chat.id]);
      const blobs = [...sealed.map((s) => Buffer.from(s.sealedText)), Buffer.from(pseudonym!.sealedPseudonym)];
      expect(blobs).toHaveLength(3);
      // Sealed at rest: the words are not in the database.
      expect((await allRows(t)).some(({ row }) => Object.values(row).some((v) => typeof v === 'string' && v.includes('Angst')))).toBe(false);

      expect((await anna.client.post(api(c, `/console/chats/${chat.id}/end`))).status).toBe(204);
      expect(await v.socket.next<{ chatId: string; reason: string }>('anonymous.ended')).toEqual({ chatId: chat.id, reason: 'counsellor' });
      expect(await t.dataSource.query('SELECT id FROM anonymous_chat WHERE id = ?', [chat.id])).toEqual([]);
      expect(await t.dataSource.query('SELECT id FROM anonymous_line WHERE chatId = ?', [chat.id])).toEqual([]);
      const rows = await allRows(t);
      const left = blobs.filter((blob) => rows.some(({ row }) => Object.values(row).some((v) => Buffer.isBuffer(v) && v.includes(blob))));
      expect(left).toEqual([]);
      // Nor in the database's files (SQLite: the file and its log, after the checkpoint that follows).
      await eventually(() => !databaseFiles(t).some((file) => blobs.some((blob) => file.includes(blob))));
      expect((await v.client.get<VisitorView>(api(c, '/visitor'))).body.chat).toBeNull();
      // The visitor may start anew.
      expect((await start(v, c)).status).toBe('active');
    });

    it('erases an abandoned chat in the sweep (the visitor went away) and tells the counsellor', async () => {
      const c = await freshCentre();
      const anna = await staff(c);
      await onDuty(anna, c);
      const v = await visitor(c);
      const chat = await start(v, c);
      await say(v.socket, chat.id, 'Hallo');
      const sweeper = t.app.get(AnonymousSweeper);
      await sweeper.sweep();
      expect(await t.dataSource.query('SELECT id FROM anonymous_chat WHERE id = ?', [chat.id])).toHaveLength(1);
      // Eleven minutes without a sign of the visitor (ANONYMOUS_ABANDON_MINUTES=10).
      await t.dataSource.query('UPDATE anonymous_visitor SET lastSeenAt = ? WHERE id = ?', [new Date(Date.now() - 11 * 60_000).toISOString().slice(0, 19).replace('T', ' '), await guestIdOf(t, v.client)]);
      await sweeper.sweep();
      expect(await t.dataSource.query('SELECT id FROM anonymous_chat WHERE id = ?', [chat.id])).toEqual([]);
      expect(await t.dataSource.query('SELECT id FROM anonymous_line WHERE chatId = ?', [chat.id])).toEqual([]);
      expect(await anna.socket.next<{ chatId: string; reason: string }>('anonymous.ended', (e) => e.chatId === chat.id)).toMatchObject({ reason: 'abandoned' });
    });

    it('lets the visitor come back after closing the tab, to the same chat', async () => {
      const c = await freshCentre();
      const anna = await staff(c);
      await onDuty(anna, c);
      const v = await visitor(c);
      const chat = await start(v, c);
      await say(v.socket, chat.id, 'Ich muss kurz weg.');
      v.socket.close();
      const back = await connectSocket(t.baseUrl, v.client);
      sockets.push(back);
      const again = await v.client.get<VisitorView>(api(c, '/visitor'));
      expect(again.body.chat).toMatchObject({ id: chat.id, status: 'active' });
      expect(again.body.chat!.lines.map((l) => l.text)).toEqual(['Ich muss kurz weg.']);
      expect((await start(v, c)).id).toBe(chat.id);
      expect((await say(back, chat.id, 'Wieder da.')).ok).toBe(true);
    });

    it('ends with the quick exit (the guest session ends): the chat goes at once', async () => {
      const c = await freshCentre();
      const anna = await staff(c);
      await onDuty(anna, c);
      const v = await visitor(c);
      const chat = await start(v, c);
      await say(v.socket, chat.id, 'Da kommt jemand.');
      const guestId = await guestIdOf(t, v.client);
      expect((await v.client.delete(`/api/v1/centres/${c.slug}/guest-session`)).status).toBe(204);
      expect(await anna.socket.next<{ chatId: string; reason: string }>('anonymous.ended')).toEqual({ chatId: chat.id, reason: 'visitor' });
      await eventually(async () => (await t.dataSource.query('SELECT id FROM anonymous_visitor WHERE id = ?', [guestId])).length === 0);
      expect(await t.dataSource.query('SELECT id FROM anonymous_chat WHERE id = ?', [chat.id])).toEqual([]);
    });

    it('lets the counsellor block a session: the chat ends and that session starts no other', async () => {
      const c = await freshCentre();
      const anna = await staff(c);
      await onDuty(anna, c);
      const v = await visitor(c);
      const chat = await start(v, c);
      expect((await anna.client.post(api(c, `/console/chats/${chat.id}/block`))).status).toBe(204);
      expect(await v.socket.next<{ reason: string }>('anonymous.ended')).toMatchObject({ reason: 'blocked' });
      const again = await v.client.post<Problem>(api(c, '/visitor/chat'));
      expect(again.status).toBe(403);
      expect(again.body.code).toBe('ANONYMOUS_BLOCKED');
      expect((await v.client.get<VisitorView>(api(c, '/visitor'))).body.blocked).toBe(true);
      const audit = await t.dataSource.query<{ action: string }[]>('SELECT action FROM audit_event WHERE centreId = ? ORDER BY at', [c.id]);
      expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['anonymous.duty-on', 'anonymous.chat-opened', 'anonymous.blocked', 'anonymous.chat-closed']));
    });

    it('converts: the visitor registers from the chat, and once confirmed the conversation starts their case with that counsellor', async () => {
      const c = await freshCentre();
      const anna = await staff(c);
      const ben = await staff(c, 'Ben Brandt');
      await onDuty(anna, c);
      const v = await visitor(c);
      const chat = await start(v, c);
      await say(v.socket, chat.id, 'Kann ich öfter mit Ihnen schreiben?');
      await say(anna.socket, chat.id, 'Gern – registrieren Sie sich, dann bleibt unser Gespräch erhalten.');
      const email = `aus-dem-chat-${Date.now()}@example.org`;
      const registration = { username: `mondlicht${Date.now() % 100000}`, email, password: strongPassword(), privacyAccepted: true };

      // Not before the counsellor offers it.
      expect((await v.client.post<Problem>(api(c, `/visitor/chat/${chat.id}/registration`), registration)).body.code).toBe('ANONYMOUS_NOT_OFFERED');
      expect((await anna.client.post<CounsellorChatView>(api(c, `/console/chats/${chat.id}/offer`))).body.offer).toBe('offered');
      expect(await v.socket.next<{ chatId: string }>('anonymous.offer')).toMatchObject({ chatId: chat.id });
      const since = t.mail.messages.length;
      const sent = await v.client.post(api(c, `/visitor/chat/${chat.id}/registration`), registration);
      expect(sent.status).toBe(202);
      expect(await anna.socket.next<{ offer: string }>('anonymous.offer', (o) => o.offer === 'registered')).toMatchObject({ chatId: chat.id });
      // The chat ends before the link is followed: it is kept, waiting for the confirmation.
      expect((await v.client.post(api(c, `/visitor/chat/${chat.id}/end`))).status).toBe(204);
      expect(await t.dataSource.query('SELECT status, visitorId FROM anonymous_chat WHERE id = ?', [chat.id])).toEqual([{ status: 'ended', visitorId: null }]);

      const mail = await t.mail.next(email, since);
      const token = linkIn(mail).searchParams.get('token')!;
      expect((await t.client().post(`/api/v1/centres/${c.slug}/registrations/confirm`, { token })).status).toBe(200);
      const [row] = await t.dataSource.query<{ clientId: string; caseId: string; pendingAccountId: string | null; counsellorId: string }[]>('SELECT clientId, caseId, pendingAccountId, counsellorId FROM anonymous_chat WHERE id = ?', [chat.id]);
      expect(row).toMatchObject({ pendingAccountId: null, counsellorId: anna.id });
      const [account] = await t.dataSource.query<{ id: string }[]>("SELECT id FROM user_account WHERE centreId = ? AND role = 'client'", [c.id]);
      expect(row!.clientId).toBe(account!.id);

      // The case is Anna's, and both read the conversation in it.
      const cases = (await anna.client.get<CaseSummary[]>(`/api/v1/centres/${c.slug}/cases`)).body;
      expect(cases.map((cs) => cs.id)).toContain(row!.caseId);
      const forAnna = await anna.client.get<TranscriptView[]>(api(c, `/cases/${row!.caseId}/transcripts`));
      expect(forAnna.status).toBe(200);
      expect(forAnna.body[0]!.lines.map((l) => l.text)).toEqual(['Kann ich öfter mit Ihnen schreiben?', 'Gern – registrieren Sie sich, dann bleibt unser Gespräch erhalten.']);
      const klara = await login(t, c.slug, registration.username, registration.password);
      const forKlara = await klara.get<TranscriptView[]>(api(c, `/cases/${row!.caseId}/transcripts`));
      expect(forKlara.body[0]!.lines).toHaveLength(2);
      // Another counsellor and the administration do not.
      expect((await ben.client.get(api(c, `/cases/${row!.caseId}/transcripts`))).status).toBe(404);
      const admin = await login(t, c.slug, c.admin.email, c.admin.password);
      expect((await admin.get(api(c, `/cases/${row!.caseId}/transcripts`))).status).toBe(403);
      // The personal-data export of the new client holds it; the audit says what happened, not what was said.
      const exported = await klara.get<Record<string, { conversations: { lines: { text: string }[] }[] }>>(`/api/v1/centres/${c.slug}/account/export`);
      expect(JSON.stringify(exported.body)).toContain('Kann ich öfter mit Ihnen schreiben?');
      const audit = await t.dataSource.query<Record<string, unknown>[]>('SELECT * FROM audit_event WHERE centreId = ?', [c.id]);
      expect(audit.map((a) => a.action)).toContain('anonymous.converted');
      expect(JSON.stringify(audit)).not.toMatch(/schreiben|Gespräch/);
    });

    it('keeps no IP address in any table', async () => {
      const rows = await allRows(t);
      const withAddress = rows.filter(({ row }) => Object.values(row).some((v) => typeof v === 'string' && /(^|[^\d])127\.0\.0\.1|::ffff:|^::1$/.test(v)));
      expect(withAddress.map((r) => r.table)).toEqual([]);
      expect(rows.some((r) => r.table === 'anonymous_visitor')).toBe(true);
    });
  });

  describe('topic chats', () => {
    let c: CentreFixture;
    let host: Person & { socket: LiveSocket };
    const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

    beforeAll(async () => {
      c = await freshCentre();
      host = await staff(c, 'Hanna Host');
    });

    async function announce(startsAt: string, endsAt: string, by: ApiClient = host.client, extra: Record<string, unknown> = {}): Promise<TopicView> {
      const res = await by.post<TopicView>(api(c, '/topics'), { title: 'Prüfungsangst', description: 'Ein offener Abend für alle, die vor Prüfungen stehen.', startsAt, endsAt, ...extra });
      expect(res.status, res.text).toBe(201);
      return res.body;
    }

    it('are announced publicly with a stable link and joined only inside their window', async () => {
      const later = await announce(new Date(Date.now() + 7_200_000).toISOString(), new Date(Date.now() + 10_800_000).toISOString());
      const now = await announce(new Date(Date.now() - 60_000).toISOString(), inAnHour());
      const status = (await t.client().get<AnonymousPublicInfo>(api(c, '/status'))).body;
      expect(status.topics.map((tp) => [tp.id, tp.state])).toEqual([[now.id, 'open'], [later.id, 'upcoming']]);
      expect((await t.client().get(api(c, `/topics/${later.id}/public`))).status).toBe(200);

      const v = await visitor(c);
      expect((await v.client.post<Problem>(api(c, `/topics/${later.id}/join`), { nickname: 'Eule' })).body.code).toBe('ANONYMOUS_TOPIC_NOT_OPEN');
      const joined = await v.client.post<TopicVisitorView>(api(c, `/topics/${now.id}/join`), { nickname: 'Eule' });
      expect(joined.status).toBe(201);
      expect(joined.body).toMatchObject({ nickname: 'Eule', lines: [] });
      // Closed early: nobody joins or writes any more, and the history is gone (retention 0).
      expect((await watchTopic(v.socket, now.id)).ok).toBe(true);
      expect((await sayInTopic(v.socket, now.id, 'Hallo zusammen')).ok).toBe(true);
      expect((await host.client.post<TopicView>(api(c, `/topics/${now.id}/close`))).body).toMatchObject({ state: 'over', closedEarly: true, historyErased: true });
      await v.socket.next('anonymous.topic-closed');
      expect(await t.dataSource.query('SELECT id FROM anonymous_topic_line WHERE topicId = ?', [now.id])).toEqual([]);
      expect((await (await visitor(c)).client.post<Problem>(api(c, `/topics/${now.id}/join`), { nickname: 'Spät' })).body.code).toBe('ANONYMOUS_TOPIC_NOT_OPEN');
      expect(await sayInTopic(v.socket, now.id, 'Noch da?')).toMatchObject({ ok: false, code: 'ANONYMOUS_TOPIC_NOT_OPEN' });
    });

    it('are moderated: a removed line goes for everyone, a removed visitor stays out', async () => {
      const topic = await announce(new Date(Date.now() - 60_000).toISOString(), inAnHour());
      const a = await visitor(c);
      const b = await visitor(c);
      await a.client.post(api(c, `/topics/${topic.id}/join`), { nickname: 'Amsel' });
      await b.client.post(api(c, `/topics/${topic.id}/join`), { nickname: 'Birke' });
      for (const s of [a.socket, b.socket, host.socket]) expect((await watchTopic(s, topic.id)).ok).toBe(true);
      const bad = await sayInTopic(b.socket, topic.id, 'Etwas Verletzendes');
      expect(bad.ok).toBe(true);
      const lineId = bad.ok ? bad.line.id : '';
      await a.socket.next<TopicLineView>('anonymous.topic-line', (l) => l.id === lineId);
      expect((await sayInTopic(host.socket, topic.id, 'Bitte freundlich bleiben.')).ok).toBe(true);

      expect((await host.client.delete(api(c, `/topics/${topic.id}/lines/${lineId}`))).status).toBe(204);
      expect(await a.socket.next('anonymous.topic-line-removed')).toEqual({ topicId: topic.id, lineId });
      expect((await a.client.get<TopicVisitorView>(api(c, `/topics/${topic.id}/visit`))).body.lines.map((l) => l.text)).toEqual(['Bitte freundlich bleiben.']);

      const moderation = (await host.client.get<TopicModerationView>(api(c, `/topics/${topic.id}/moderation`))).body;
      const birke = moderation.members.find((m) => m.nickname === 'Birke')!;
      expect((await host.client.post(api(c, `/topics/${topic.id}/members/${birke.id}/remove`))).status).toBe(204);
      expect(await b.socket.next('anonymous.topic-removed')).toEqual({ topicId: topic.id });
      expect(await sayInTopic(b.socket, topic.id, 'Ich bin noch da')).toMatchObject({ ok: false, status: 403 });
      expect((await b.client.post<Problem>(api(c, `/topics/${topic.id}/join`), { nickname: 'Neu' })).body.code).toBe('ANONYMOUS_TOPIC_REMOVED');
      expect(await watchTopic(b.socket, topic.id)).toMatchObject({ ok: false, status: 404 });
      // Only the host moderates: a visitor, another counsellor and the administration do not.
      const other = await counsellor(t, c, 'Otto Other');
      expect((await other.client.delete(api(c, `/topics/${topic.id}/lines/${lineId}`))).status).toBe(403);
      expect((await other.client.get(api(c, `/topics/${topic.id}/moderation`))).status).toBe(403);
      expect((await a.client.get(api(c, `/topics/${topic.id}/moderation`))).status).toBe(403);
      const admin = await login(t, c.slug, c.admin.email, c.admin.password);
      expect((await admin.get(api(c, `/topics/${topic.id}/moderation`))).status).toBe(403);
    });

    it('erase their history after the window, or after the centre’s retention', async () => {
      const admin = await login(t, c.slug, c.admin.email, c.admin.password);
      const settings = await admin.put(api(c, '/settings'), { emergencyNumbers: [{ label: 'Notruf', number: '112' }], topicRetentionDays: 2 });
      expect(settings.status).toBe(200);
      const topic = await announce(new Date(Date.now() - 60_000).toISOString(), new Date(Date.now() + 60_000).toISOString(), admin, { hostId: host.id });
      const v = await visitor(c);
      await v.client.post(api(c, `/topics/${topic.id}/join`), { nickname: 'Linde' });
      expect((await sayInTopic(v.socket, topic.id, 'Danke für den Abend')).ok).toBe(true);
      const sweeper = t.app.get(AnonymousSweeper);
      await sweeper.sweep(new Date(Date.now() + 120_000));
      expect((await t.client().get<{ state: string }>(api(c, `/topics/${topic.id}/public`))).body.state).toBe('over');
      expect(await t.dataSource.query('SELECT id FROM anonymous_topic_line WHERE topicId = ?', [topic.id])).toHaveLength(1);
      await sweeper.sweep(new Date(Date.now() + 3 * 86_400_000));
      expect(await t.dataSource.query('SELECT id FROM anonymous_topic_line WHERE topicId = ?', [topic.id])).toEqual([]);
      expect(await t.dataSource.query('SELECT id FROM anonymous_topic_member WHERE topicId = ?', [topic.id])).toEqual([]);
      expect((await t.client().get<AnonymousPublicInfo>(api(c, '/status'))).body.emergencyNumbers).toEqual([{ label: 'Notruf', number: '112' }]);
    });

    it('refuse bad windows and hosts', async () => {
      const admin = await login(t, c.slug, c.admin.email, c.admin.password);
      const bad = async (by: ApiClient, body: Record<string, unknown>) => (await by.post<Problem>(api(c, '/topics'), { title: 'X', description: 'Y', ...body })).body.errors?.map((e) => e.field);
      expect(await bad(host.client, { startsAt: inAnHour(), endsAt: new Date().toISOString() })).toEqual(['endsAt']);
      expect(await bad(host.client, { startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 13 * 3_600_000).toISOString() })).toEqual(['endsAt']);
      expect(await bad(admin, { startsAt: new Date().toISOString(), endsAt: inAnHour() })).toEqual(['hostId']);
      expect(await bad(admin, { startsAt: new Date().toISOString(), endsAt: inAnHour(), hostId: c.id })).toEqual(['hostId']);
      expect(await t.dataSource.query("SELECT id FROM anonymous_topic WHERE title = 'X'")).toEqual([]);
    });
  });

  it('is absent where the centre has not licensed it', async () => {
    const plain = await createCentre(t, { modules: ['mail'] });
    const guest = await guestSession(t, plain.slug);
    expect((await t.client().get(api(plain, '/status'))).status).toBe(404);
    expect((await guest.post(api(plain, '/visitor/chat'))).status).toBe(404);
    const portal = await t.client().get<{ features: Record<string, unknown> }>(`/api/v1/centres/${plain.slug}`);
    expect(portal.body.features.anonymous).toBeUndefined();
    const anna = await counsellor(t, plain);
    expect((await anna.client.put(api(plain, '/console/duty'), { active: true })).status).toBe(404);
    const socket = await connectSocket(t.baseUrl, guest);
    sockets.push(socket);
    expect(await say(socket, '00000000-0000-4000-8000-000000000000', 'Hallo')).toMatchObject({ ok: false, status: 404 });
  });

  it('answers a network that starts too many chats with 429', async () => {
    const limited = await startTestApp({ env: { GUEST_SESSIONS_PER_HOUR: '100', ANONYMOUS_CHATS_PER_HOUR: '2' } });
    try {
      const home = await createCentre(limited, { modules: ['mail', 'anonymous'] });
      const anna = await counsellor(limited, home);
      expect((await anna.client.put(api(home, '/console/duty'), { active: true, capacity: 10 })).status).toBe(200);
      for (let i = 0; i < 2; i++) expect((await (await guestSession(limited, home.slug)).post(api(home, '/visitor/chat'))).status).toBe(201);
      const refused = await (await guestSession(limited, home.slug)).post<Problem>(api(home, '/visitor/chat'));
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('ANONYMOUS_TOO_MANY');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});

describe.runIf(await redisAvailable())('anonymous live chat on two instances (REDIS_URL)', () => {
  it('lets a visitor on one instance and the counsellor on the other chat', async () => {
    await withTwoInstances(TEST_REDIS_URL, async (first, second) => {
      const c = await createCentre(first, { modules: ['mail', 'anonymous'] });
      const anna = await counsellor(first, c);
      const annaSocket = await connectSocket(first.baseUrl, anna.client);
      const guest = await guestSession(second, c.slug);
      const guestSocket = await connectSocket(second.baseUrl, guest);
      try {
        expect((await anna.client.put(`/api/v1/centres/${c.slug}/anonymous/console/duty`, { active: true })).status).toBe(200);
        const chat = (await guest.post<VisitorChatView>(`/api/v1/centres/${c.slug}/anonymous/visitor/chat`)).body;
        expect(chat.status).toBe('active');
        await annaSocket.next<CounsellorChatView>('anonymous.chat', (ch) => ch.id === chat.id);
        expect((await say(guestSocket, chat.id, 'Hallo von Server zwei')).ok).toBe(true);
        expect(await annaSocket.next<LiveLineView>('anonymous.line')).toMatchObject({ chatId: chat.id, text: 'Hallo von Server zwei', author: 'visitor' });
        expect((await say(annaSocket, chat.id, 'Antwort von Server eins')).ok).toBe(true);
        expect(await guestSocket.next<LiveLineView>('anonymous.line', (l) => l.author === 'counsellor')).toMatchObject({ text: 'Antwort von Server eins' });
        expect((await anna.client.post(`/api/v1/centres/${c.slug}/anonymous/console/chats/${chat.id}/end`)).status).toBe(204);
        expect(await guestSocket.next('anonymous.ended')).toEqual({ chatId: chat.id, reason: 'counsellor' });
      } finally {
        annaSocket.close();
        guestSocket.close();
      }
    });
  });
});
