import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ChatAck, ChatMessageView, ChatRoomView } from '../../modules/chat/contracts.js';
import type { Problem } from '../../src/contracts/index.js';
import { ChatMessage, ChatParticipant } from '../../modules/chat/chat.entities.js';
import { createCentre, type CentreFixture, login } from '../factories/centres.js';
import { assign, client, counsellor, enquiry, type Person } from '../factories/mail.js';
import type { ApiClient } from '../support/api-client.js';
import { databaseContains } from '../support/db-scan.js';
import { redisAvailable, TEST_REDIS_URL } from '../support/redis.js';
import { connectSocket, type LiveSocket } from '../support/sockets.js';
import { startTestApp, type TestApp, withTwoInstances } from '../support/test-app.js';

type JoinAck = ChatAck<{ present: string[]; missed: ChatMessageView[] }>;
type SendAck = ChatAck<{ message: ChatMessageView }>;

const join = (s: LiveSocket, roomId: string, after?: string) => s.socket.emitWithAck('chat.join', { roomId, after }) as Promise<JoinAck>;
const say = (s: LiveSocket, roomId: string, text: string) => s.socket.emitWithAck('chat.send', { roomId, text }) as Promise<SendAck>;

describe('chat rooms', () => {
  let t: TestApp;
  let centre: CentreFixture;
  let admin: ApiClient;
  const url = (path: string) => `/api/v1/centres/${centre.slug}/chat${path}`;

  beforeAll(async () => {
    t = await startTestApp({ env: { CHAT_MESSAGES_PER_MINUTE: '60' } });
    centre = await createCentre(t, { modules: ['mail', 'chat'] });
    admin = await login(t, centre.slug, centre.admin.email, centre.admin.password);
  });
  afterAll(() => t?.close());

  /** A counsellor with `n` clients of their own. */
  async function counsellorWithClients(n: number, name = 'Anna Acker'): Promise<{ anna: Person; clients: Person[] }> {
    const anna = await counsellor(t, centre, name);
    const clients: Person[] = [];
    for (let i = 0; i < n; i++) {
      const c = await client(t, centre);
      await assign(centre, admin, await enquiry(centre, c), anna.id);
      clients.push(c);
    }
    return { anna, clients };
  }

  async function openRoom(owner: Person, participants: Person[], name = 'Chat am Dienstag', agreedTime: string | null = 'dienstags 17–18 Uhr'): Promise<ChatRoomView> {
    const res = await owner.client.post<ChatRoomView>(url('/rooms'), { name, participantIds: participants.map((p) => p.id), agreedTime });
    if (res.status !== 201) throw new Error(`room failed: ${res.status} ${res.text}`);
    return res.body;
  }

  it('a counsellor opens a room with a client; they chat live, with presence, typing and unread counts', async () => {
    const { anna, clients } = await counsellorWithClients(1);
    const [klara] = clients as [Person];
    const klaraSocket = await connectSocket(t.baseUrl, klara.client);
    const room = await openRoom(anna, [klara]);
    expect(room).toMatchObject({ name: 'Chat am Dienstag', agreedTime: 'dienstags 17–18 Uhr', counsellor: { id: anna.id, name: 'Anna Acker' }, unread: 0 });
    expect(room.participants.map((p) => p.id)).toEqual([klara.id]);
    await klaraSocket.next('chat.room-changed', (r: { roomId: string }) => r.roomId === room.id);
    expect((await klara.client.get<ChatRoomView[]>(url('/rooms'))).body.map((r) => r.name)).toEqual(['Chat am Dienstag']);

    const annaSocket = await connectSocket(t.baseUrl, anna.client);
    expect(await join(annaSocket, room.id)).toMatchObject({ ok: true, present: [anna.id], missed: [] });
    const joined = await join(klaraSocket, room.id);
    expect(joined.ok && [...joined.present].sort()).toEqual([anna.id, klara.id].sort());
    await annaSocket.next('chat.presence', (p: { present: string[] }) => p.present.includes(klara.id));

    annaSocket.socket.emit('chat.typing', { roomId: room.id });
    expect(await klaraSocket.next<{ userId: string }>('chat.typing')).toMatchObject({ roomId: room.id, userId: anna.id });

    const sent = await say(annaSocket, room.id, 'Hallo Klara, schön, dass Sie da sind.');
    expect(sent).toMatchObject({ ok: true, message: { mine: true, author: { id: anna.id, name: 'Anna Acker', role: 'counsellor' } } });
    const heard = await klaraSocket.next<ChatMessageView>('chat.message', (m) => m.text === 'Hallo Klara, schön, dass Sie da sind.');
    expect(heard).toMatchObject({ roomId: room.id, mine: false, author: { role: 'counsellor' } });
    expect(annaSocket.received.filter((r) => r.event === 'chat.typing')).toEqual([]);

    expect((await say(klaraSocket, room.id, 'Hallo! Ich bin etwas nervös.')).ok).toBe(true);
    await annaSocket.next<ChatMessageView>('chat.message', (m) => m.text === 'Hallo! Ich bin etwas nervös.');
    expect((await anna.client.get<ChatRoomView[]>(url('/rooms'))).body[0]).toMatchObject({ id: room.id, unread: 1 });
    expect((await anna.client.post<{ unread: number }>(url(`/rooms/${room.id}/read`))).body.unread).toBe(0);
    expect((await anna.client.get<ChatRoomView[]>(url('/rooms'))).body[0]!.unread).toBe(0);

    const history = await klara.client.get<ChatMessageView[]>(url(`/rooms/${room.id}/messages`));
    expect(history.body.map((m) => [m.text, m.mine])).toEqual([
      ['Hallo Klara, schön, dass Sie da sind.', false],
      ['Hallo! Ich bin etwas nervös.', true],
    ]);
    expect(await databaseContains(t, 'etwas nervös')).toBe(false);
    expect(await databaseContains(t, 'Chat am Dienstag')).toBe(false);
    annaSocket.close();
    klaraSocket.close();
  });

  it('non-participants, clients of other counsellors and other centres receive nothing and cannot join', async () => {
    const { anna, clients } = await counsellorWithClients(2);
    const [inside, outsideSameCounsellor] = clients as [Person, Person];
    const { clients: otherClients, anna: ben } = await counsellorWithClients(1, 'Ben Berg');
    const elsewhere = await createCentre(t, { modules: ['mail', 'chat'] });
    const foreign = await client(t, elsewhere);
    const room = await openRoom(anna, [inside]);

    const strangers = [outsideSameCounsellor, otherClients[0]!, ben, foreign];
    const sockets = await Promise.all(strangers.map((p) => connectSocket(t.baseUrl, p.client)));
    for (const s of sockets) {
      expect(await join(s, room.id)).toMatchObject({ ok: false, code: 'CHAT_ROOM_NOT_FOUND' });
      expect(await say(s, room.id, 'Darf ich mitlesen?')).toMatchObject({ ok: false, code: expect.stringMatching(/^(CHAT_ROOM_NOT_FOUND|NOT_FOUND)$/) });
      s.socket.emit('chat.typing', { roomId: room.id });
    }
    const annaSocket = await connectSocket(t.baseUrl, anna.client);
    await join(annaSocket, room.id);
    await say(annaSocket, room.id, 'Nur für Sie.');
    const insideSocket = await connectSocket(t.baseUrl, inside.client);
    expect((await join(insideSocket, room.id)).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    for (const s of sockets) expect(s.received.filter((r) => r.event.startsWith('chat.'))).toEqual([]);
    expect(annaSocket.received.filter((r) => r.event === 'chat.typing')).toEqual([]);

    for (const p of [outsideSameCounsellor, otherClients[0]!, ben]) {
      expect((await p.client.get(url(`/rooms/${room.id}/messages`))).status).toBe(404);
      expect((await p.client.post(url(`/rooms/${room.id}/messages`), { text: 'x' })).status).toBe(404);
      expect((await p.client.get<ChatRoomView[]>(url('/rooms'))).body).toEqual([]);
    }
    expect((await ben.client.delete(url(`/rooms/${room.id}`))).status).toBe(404);
    expect((await admin.get(url(`/rooms/${room.id}/messages`))).status).toBe(403);
    expect((await foreign.client.get(url(`/rooms/${room.id}/messages`))).status).toBe(401);
    expect(await t.dataSource.getRepository(ChatMessage).countBy({ roomId: room.id })).toBe(1);
    for (const s of [...sockets, annaSocket, insideSocket]) s.close();
  });

  it('lines sent at the same moment by members and strangers: the members’ are stored, the strangers’ refused', async () => {
    const { anna, clients } = await counsellorWithClients(3);
    const [a, b, stranger] = clients as [Person, Person, Person];
    const room = await openRoom(anna, [a, b]);
    const sockets = await Promise.all([anna, a, b, stranger].map((p) => connectSocket(t.baseUrl, p.client)));
    const [annaS, aS, bS, strangerS] = sockets as [LiveSocket, LiveSocket, LiveSocket, LiveSocket];
    // Sent in one go, so they are written together (group commit).
    const results = await Promise.all([
      say(annaS, room.id, 'eins'),
      say(strangerS, room.id, 'fremd 1'),
      say(aS, room.id, 'zwei'),
      say(strangerS, room.id, 'fremd 2'),
      say(bS, room.id, 'drei'),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true, false, true]);
    const stored = (await anna.client.get<ChatMessageView[]>(url(`/rooms/${room.id}/messages`))).body.map((m) => m.text);
    expect([...stored].sort()).toEqual(['drei', 'eins', 'zwei']);
    for (const s of sockets) s.close();
  });

  it('clients can neither create, change nor delete rooms; counsellors invite only their own clients', async () => {
    const { anna, clients } = await counsellorWithClients(1);
    const [klara] = clients as [Person];
    const { clients: bensClients } = await counsellorWithClients(1, 'Ben Berg');
    const room = await openRoom(anna, [klara]);
    expect((await klara.client.post(url('/rooms'), { name: 'Mein Raum', participantIds: [klara.id] })).status).toBe(403);
    expect((await klara.client.patch(url(`/rooms/${room.id}`), { name: 'Umbenannt' })).status).toBe(403);
    expect((await klara.client.delete(url(`/rooms/${room.id}`))).status).toBe(403);

    const notMine = await anna.client.post<Problem>(url('/rooms'), { name: 'Fremd', participantIds: [bensClients[0]!.id] });
    expect(notMine.status).toBe(400);
    expect(notMine.body.errors?.[0]).toMatchObject({ field: 'participantIds' });
    for (const bad of [{ name: '', participantIds: [klara.id] }, { name: 'x'.repeat(101), participantIds: [klara.id] }, { name: 'Leer', participantIds: [] }, { name: 'Extra', participantIds: [klara.id], colour: 'rot' }]) {
      expect((await anna.client.post(url('/rooms'), bad)).status).toBe(400);
    }
    expect((await anna.client.get<{ id: string }[]>(url('/clients'))).body.map((c) => c.id)).toEqual([klara.id]);
    expect((await klara.client.get(url('/clients'))).status).toBe(403);

    const renamed = await anna.client.patch<ChatRoomView>(url(`/rooms/${room.id}`), { name: 'Donnerstagschat', agreedTime: null });
    expect(renamed.body).toMatchObject({ name: 'Donnerstagschat', agreedTime: null });
    expect((await klara.client.get<ChatRoomView>(url(`/rooms/${room.id}`))).body.name).toBe('Donnerstagschat');
    expect((await anna.client.get<ChatRoomView[]>(url('/rooms'))).body).toHaveLength(1);
  });

  it('deleting the room deletes every message and tells the participants', async () => {
    const { anna, clients } = await counsellorWithClients(2);
    const room = await openRoom(anna, clients, 'Gruppenchat Eltern');
    const annaSocket = await connectSocket(t.baseUrl, anna.client);
    const mother = await connectSocket(t.baseUrl, clients[0]!.client);
    await join(mother, room.id);
    for (const text of ['Eins', 'Zwei', 'Drei']) expect((await say(annaSocket, room.id, text)).ok).toBe(true);
    expect((await clients[1]!.client.post(url(`/rooms/${room.id}/messages`), { text: 'Vier' })).status).toBe(201);
    expect(await t.dataSource.getRepository(ChatMessage).countBy({ roomId: room.id })).toBe(4);

    expect((await anna.client.delete(url(`/rooms/${room.id}`))).status).toBe(204);
    await mother.next('chat.room-removed', (r: { roomId: string }) => r.roomId === room.id);
    expect(await t.dataSource.getRepository(ChatMessage).countBy({ roomId: room.id })).toBe(0);
    expect(await t.dataSource.getRepository(ChatParticipant).countBy({ roomId: room.id })).toBe(0);
    expect((await clients[0]!.client.get(url(`/rooms/${room.id}/messages`))).status).toBe(404);
    expect(await say(mother, room.id, 'Hallo?')).toMatchObject({ ok: false, code: 'CHAT_ROOM_NOT_FOUND' });
    annaSocket.close();
    mother.close();
  });

  it('a client who reconnects gets what they missed; history loads in pages', async () => {
    const { anna, clients } = await counsellorWithClients(1);
    const [klara] = clients as [Person];
    const room = await openRoom(anna, [klara]);
    for (let i = 1; i <= 55; i++) expect((await anna.client.post(url(`/rooms/${room.id}/messages`), { text: `Zeile ${i}` })).status).toBe(201);

    const latest = await klara.client.get<ChatMessageView[]>(url(`/rooms/${room.id}/messages`));
    expect(latest.body.map((m) => m.text)).toEqual(Array.from({ length: 50 }, (_, i) => `Zeile ${i + 6}`));
    const older = await klara.client.get<ChatMessageView[]>(url(`/rooms/${room.id}/messages?before=${latest.body[0]!.id}`));
    expect(older.body.map((m) => m.text)).toEqual(['Zeile 1', 'Zeile 2', 'Zeile 3', 'Zeile 4', 'Zeile 5']);

    let klaraSocket = await connectSocket(t.baseUrl, klara.client);
    await join(klaraSocket, room.id);
    const lastSeen = latest.body.at(-1)!.id;
    klaraSocket.close();
    const annaSocket = await connectSocket(t.baseUrl, anna.client);
    await say(annaSocket, room.id, 'Sind Sie noch da?');
    await say(annaSocket, room.id, 'Ich warte gern.');
    klaraSocket = await connectSocket(t.baseUrl, klara.client);
    const back = await join(klaraSocket, room.id, lastSeen);
    expect(back.ok && back.missed.map((m) => m.text)).toEqual(['Sind Sie noch da?', 'Ich warte gern.']);
    annaSocket.close();
    klaraSocket.close();
  });

  it('refuses empty and over-long lines, and floods, storing nothing', async () => {
    const { anna, clients } = await counsellorWithClients(1);
    const room = await openRoom(anna, clients);
    const s = await connectSocket(t.baseUrl, anna.client);
    expect(await say(s, room.id, '   ')).toMatchObject({ ok: false, code: 'VALIDATION_FAILED', message: 'Bitte ausfüllen.' });
    expect(await say(s, room.id, 'x'.repeat(4001))).toMatchObject({ ok: false, code: 'VALIDATION_FAILED', message: 'Bitte höchstens 4000 Zeichen angeben.' });
    expect(await (s.socket.emitWithAck('chat.send', 'kaputt') as Promise<SendAck>)).toMatchObject({ ok: false });
    expect((await anna.client.post(url(`/rooms/${room.id}/messages`), { text: '' })).status).toBe(400);
    expect((await anna.client.post(url(`/rooms/${room.id}/messages`), { text: 'x'.repeat(4001) })).status).toBe(400);
    expect((await anna.client.get(url('/rooms/nicht-da/messages'))).status).toBe(404);
    expect(await t.dataSource.getRepository(ChatMessage).countBy({ roomId: room.id })).toBe(0);

    expect((await say(s, room.id, 'x'.repeat(4000))).ok).toBe(true);
    const results = [];
    for (let i = 0; i < 70; i++) results.push(await say(s, room.id, `schnell ${i}`));
    expect(results.filter((r) => r.ok)).toHaveLength(59);
    expect(results.at(-1)).toMatchObject({ ok: false, code: 'CHAT_TOO_FAST' });
    expect(await t.dataSource.getRepository(ChatMessage).countBy({ roomId: room.id })).toBe(60);
    s.close();
  });

  it('a client whose case goes to another counsellor leaves the previous counsellor’s rooms', async () => {
    const { anna, clients } = await counsellorWithClients(1);
    const [klara] = clients as [Person];
    const room = await openRoom(anna, [klara]);
    const klaraSocket = await connectSocket(t.baseUrl, klara.client);
    const ben = await counsellor(t, centre, 'Ben Berg');
    const caseId = (await klara.client.get<{ id: string }[]>(`/api/v1/centres/${centre.slug}/cases`)).body[0]!.id;
    await klara.client.post(url(`/rooms/${room.id}/messages`), { text: 'Bis Dienstag' });
    await anna.client.post(url(`/rooms/${room.id}/messages`), { text: 'Gern' });
    await assign(centre, admin, caseId, ben.id);
    await klaraSocket.next('chat.room-removed', (r: { roomId: string }) => r.roomId === room.id);
    expect((await klara.client.get<ChatRoomView[]>(url('/rooms'))).body).toEqual([]);
    expect((await klara.client.get(url(`/rooms/${room.id}/messages`))).status).toBe(404);
    // Lines after she left do not reach her.
    const annaSocket = await connectSocket(t.baseUrl, anna.client);
    expect((await say(annaSocket, room.id, 'Noch jemand da?')).ok).toBe(true);
    await annaSocket.next<ChatMessageView>('chat.message', (m) => m.text === 'Noch jemand da?');
    expect(klaraSocket.received.filter((r) => r.event === 'chat.message').map((r) => (r.payload as ChatMessageView).text)).toEqual(['Bis Dienstag', 'Gern']);
    // Her export still carries what she wrote there, and only that.
    const exported = await klara.client.get<{ chat: { room: string; left: boolean; messages: { from: string; text: string }[] }[] }>(`/api/v1/centres/${centre.slug}/account/export`);
    expect(exported.body.chat).toMatchObject([{ left: true, messages: [{ from: 'me', text: 'Bis Dienstag' }] }]);
    expect(exported.body.chat[0]!.messages).toHaveLength(1);
    annaSocket.close();
    klaraSocket.close();
  });

  it('deleting a client removes their lines and their place; the room goes on for the counsellor', async () => {
    const { anna, clients } = await counsellorWithClients(2);
    const room = await openRoom(anna, clients);
    await clients[0]!.client.post(url(`/rooms/${room.id}/messages`), { text: 'Von der Mutter' });
    await clients[1]!.client.post(url(`/rooms/${room.id}/messages`), { text: 'Vom Vater' });
    const exported = await clients[0]!.client.get<{ chat: { room: string; messages: { from: string; text: string }[] }[] }>(`/api/v1/centres/${centre.slug}/account/export`);
    expect(exported.body.chat[0]).toMatchObject({ room: 'Chat am Dienstag', messages: [{ from: 'me', text: 'Von der Mutter' }, { from: 'client', text: 'Vom Vater' }] });
    expect((await clients[0]!.client.delete(`/api/v1/centres/${centre.slug}/account`, { password: clients[0]!.password })).status).toBe(204);
    const left = await anna.client.get<ChatMessageView[]>(url(`/rooms/${room.id}/messages`));
    expect(left.body.map((m) => m.text)).toEqual(['Vom Vater']);
    expect((await anna.client.get<ChatRoomView>(url(`/rooms/${room.id}`))).body.participants.map((p) => p.id)).toEqual([clients[1]!.id]);
  });

  it('is invisible where the module is not licensed, over HTTP and over the socket', async () => {
    const other = await createCentre(t, { modules: ['mail'] });
    const person = await client(t, other);
    expect((await person.client.get(`/api/v1/centres/${other.slug}/chat/rooms`)).status).toBe(404);
    const s = await connectSocket(t.baseUrl, person.client);
    expect(await join(s, '00000000-0000-7000-8000-000000000000')).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    s.close();
  });
});

describe.runIf(await redisAvailable())('chat across two instances through Redis', () => {
  it('a line sent to one instance reaches a participant connected to the other', async () => {
    await withTwoInstances(TEST_REDIS_URL, async (first, second) => {
      const centre = await createCentre(first, { modules: ['mail', 'chat'], slug: `chat-${randomBytes(4).toString('hex')}` });
      const admin = await login(first, centre.slug, centre.admin.email, centre.admin.password);
      const anna = await counsellor(first, centre);
      const klara = await client(first, centre);
      await assign(centre, admin, await enquiry(centre, klara), anna.id);
      const room = (await anna.client.post<ChatRoomView>(`/api/v1/centres/${centre.slug}/chat/rooms`, { name: 'Über zwei Server', participantIds: [klara.id] })).body;

      const klaraOnSecond = await login(second, centre.slug, klara.login, klara.password);
      const klaraSocket = await connectSocket(second.baseUrl, klaraOnSecond);
      const annaSocket = await connectSocket(first.baseUrl, anna.client);
      expect((await join(klaraSocket, room.id)).ok).toBe(true);
      const joined = await join(annaSocket, room.id);
      // Presence is known across instances.
      expect(joined.ok && [...joined.present].sort()).toEqual([anna.id, klara.id].sort());
      expect((await say(annaSocket, room.id, 'Grüße von Server eins')).ok).toBe(true);
      expect(await klaraSocket.next<ChatMessageView>('chat.message')).toMatchObject({ text: 'Grüße von Server eins', roomId: room.id });
      expect((await say(klaraSocket, room.id, 'Antwort von Server zwei')).ok).toBe(true);
      await annaSocket.next<ChatMessageView>('chat.message', (m) => m.text === 'Antwort von Server zwei');

      // Klara's case goes to another counsellor on the first instance; the second one, which
      // knows the room's people from the lines above, must not send her the next line.
      const ben = await counsellor(first, centre, 'Ben Berg');
      const caseId = (await klara.client.get<{ id: string }[]>(`/api/v1/centres/${centre.slug}/cases`)).body[0]!.id;
      await assign(centre, admin, caseId, ben.id);
      await klaraSocket.next('chat.room-removed', (r: { roomId: string }) => r.roomId === room.id);
      const annaOnSecond = await connectSocket(second.baseUrl, await login(second, centre.slug, anna.login, anna.password));
      expect((await say(annaOnSecond, room.id, 'Nach dem Wechsel')).ok).toBe(true);
      await annaSocket.next<ChatMessageView>('chat.message', (m) => m.text === 'Nach dem Wechsel');
      await annaOnSecond.next<ChatMessageView>('chat.message', (m) => m.text === 'Nach dem Wechsel');
      expect(klaraSocket.received.filter((r) => r.event === 'chat.message').map((r) => (r.payload as ChatMessageView).text)).toEqual([
        'Grüße von Server eins',
        'Antwort von Server zwei',
      ]);
      annaOnSecond.close();
      klaraSocket.close();
      annaSocket.close();
    });
  });
});

describe('chat under a tight HTTP rate limit', () => {
  it('counts socket lines against the chat limit per person, not against the HTTP rate limit', async () => {
    const t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '40' } });
    try {
      const centre = await createCentre(t, { modules: ['mail', 'chat'] });
      const admin = await login(t, centre.slug, centre.admin.email, centre.admin.password);
      const anna = await counsellor(t, centre);
      const klara = await client(t, centre);
      await assign(centre, admin, await enquiry(centre, klara), anna.id);
      const room = (await anna.client.post<ChatRoomView>(`/api/v1/centres/${centre.slug}/chat/rooms`, { name: 'Raum', participantIds: [klara.id] })).body;
      const s = await connectSocket(t.baseUrl, anna.client);
      const results = [];
      for (let i = 0; i < 45; i++) results.push(await say(s, room.id, `Zeile ${i}`));
      expect(results.filter((r) => !r.ok)).toEqual([]);
      s.close();
    } finally {
      await t.close();
    }
  });
});
