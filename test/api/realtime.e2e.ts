import { randomBytes } from 'node:crypto';

import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { MailMessageView } from '../../modules/mail/contracts.js';
import { SESSION_CACHE_TTL_MS } from '../../src/identity/sessions/cached-session.store.js';
import { Session as SessionRow } from '../../src/identity/sessions/session.entity.js';
import { RealtimeGateway } from '../../src/realtime/realtime.gateway.js';
import { createCentre, type CentreFixture, login } from '../factories/centres.js';
import { assign, client, counsellor, enquiry, post } from '../factories/mail.js';
import type { ApiClient } from '../support/api-client.js';
import { redisAvailable, TEST_REDIS_URL } from '../support/redis.js';
import { connectSocket } from '../support/sockets.js';
import { startTestApp, type TestApp, withTwoInstances } from '../support/test-app.js';

const settle = () => new Promise((r) => setTimeout(r, 300));

describe('realtime announcements', () => {
  let t: TestApp;
  let centre: CentreFixture;
  let admin: ApiClient;

  beforeAll(async () => {
    t = await startTestApp();
    centre = await createCentre(t, { modules: ['mail'] });
    admin = await login(t, centre.slug, centre.admin.email, centre.admin.password);
  });
  afterAll(() => t?.close());

  it('a message posted over HTTP reaches the other side’s socket, and nobody else’s', async () => {
    const anna = await counsellor(t, centre);
    const ben = await counsellor(t, centre);
    const klara = await client(t, centre);
    const other = await createCentre(t, { modules: ['mail'] });
    const foreign = await client(t, other);

    const adminSocket = await connectSocket(t.baseUrl, admin);
    const caseId = await enquiry(centre, klara, 'Anfrage über HTTP');
    const announced = await adminSocket.next<{ caseId: string }>('case.new', (p) => p.caseId === caseId);
    expect(announced).toEqual({ caseId });
    await assign(centre, admin, caseId, anna.id);

    const annaSocket = await connectSocket(t.baseUrl, anna.client);
    const klaraSocket = await connectSocket(t.baseUrl, klara.client);
    const benSocket = await connectSocket(t.baseUrl, ben.client);
    const foreignSocket = await connectSocket(t.baseUrl, foreign.client);

    await post(centre, klara, caseId, 'Hallo, sind Sie da?');
    const atAnna = await annaSocket.next<MailMessageView>('mail.message', (m) => m.caseId === caseId);
    expect(atAnna).toMatchObject({ text: 'Hallo, sind Sie da?', author: { id: klara.id, role: 'client' } });
    const unread = await annaSocket.next<{ caseId: string; unread: number }>('mail.unread', (u) => u.caseId === caseId);
    expect(unread.unread).toBeGreaterThanOrEqual(1);

    await post(centre, anna, caseId, 'Ja, ich bin da.');
    const atKlara = await klaraSocket.next<MailMessageView>('mail.message', (m) => m.text === 'Ja, ich bin da.');
    expect(atKlara.author.role).toBe('counsellor');

    await settle();
    for (const bystander of [benSocket, foreignSocket]) expect(bystander.received).toEqual([]);
    const adminHeard = JSON.stringify(adminSocket.received);
    expect(adminHeard).not.toContain('Hallo, sind Sie da?');
    expect(adminHeard).not.toContain('Ja, ich bin da.');
    for (const s of [adminSocket, annaSocket, klaraSocket, benSocket, foreignSocket]) s.close();
  });

  it('refuses sockets without a session and from other origins', async () => {
    await expect(connectSocket(t.baseUrl, null)).rejects.toThrow(/unauthenticated/);
    const klara = await client(t, centre);
    const socket = io(t.baseUrl, {
      path: '/socket.io',
      transports: ['websocket'],
      extraHeaders: { cookie: `beradig=${klara.client.cookie('beradig')}`, origin: 'https://evil.example' },
      reconnection: false,
      forceNew: true,
    });
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    expect(error.message).toBe('unauthenticated');
    socket.close();
  });

  it('ends a person’s sockets when they log out everywhere', async () => {
    const klara = await client(t, centre);
    const live = await connectSocket(t.baseUrl, klara.client);
    const disconnected = new Promise<string>((resolve) => live.socket.once('disconnect', resolve));
    await klara.client.post('/api/v1/auth/logout-all');
    expect(await disconnected).toBe('io server disconnect');
  });

  it('ends the sockets of a session replaced by a new login in the same browser', async () => {
    const klara = await client(t, centre);
    const live = await connectSocket(t.baseUrl, klara.client);
    const disconnected = new Promise<string>((resolve) => live.socket.once('disconnect', resolve));
    expect((await klara.client.post(`/api/v1/centres/${centre.slug}/auth/login`, { login: klara.login, password: klara.password })).status).toBe(200);
    // At once, not at the next regular check.
    const late = new Promise<string>((resolve) => setTimeout(() => resolve('still connected'), 3000));
    expect(await Promise.race([disconnected, late])).toBe('io server disconnect');
  });

  it('counts what a person sends over the socket as activity', async () => {
    const klara = await client(t, centre);
    const live = await connectSocket(t.baseUrl, klara.client);
    const rows = t.dataSource.getRepository(SessionRow);
    await rows.update({ principalId: klara.id }, { lastSeenAt: new Date(Date.now() - 50 * 60_000) });
    live.socket.emit('chat.typing', { roomId: 'irgendeiner' });
    await expect.poll(async () => Date.now() - (await rows.findOneByOrFail({ principalId: klara.id })).lastSeenAt.getTime()).toBeLessThan(60_000);
    live.close();
  });

  it('ends the sockets of a session that timed out', async () => {
    const klara = await client(t, centre);
    const live = await connectSocket(t.baseUrl, klara.client);
    const gateway = t.app.get(RealtimeGateway);
    expect(await gateway.dropConnectionsOfEndedSessions()).toBe(0);
    expect(live.socket.connected).toBe(true);
    // Idle for longer than the idle limit (60 minutes by default).
    await t.dataSource.getRepository(SessionRow).update({ principalId: klara.id }, { lastSeenAt: new Date(Date.now() - 61 * 60_000) });
    // The session cache may hold the row for a few seconds; the regular check runs every 30.
    await expect.poll(async () => (await gateway.dropConnectionsOfEndedSessions(), live.socket.connected), { timeout: SESSION_CACHE_TTL_MS + 5000, interval: 500 }).toBe(false);
    expect((await klara.client.get('/api/v1/auth/me')).status).toBe(401);
  });
});

describe.runIf(await redisAvailable())('realtime across two instances through Redis', () => {
  it('a message posted to one instance reaches a socket on the other', async () => {
    const prefix = randomBytes(4).toString('hex');
    await withTwoInstances(TEST_REDIS_URL, async (first, second) => {
      const centre = await createCentre(first, { modules: ['mail'], slug: `redis-${prefix}` });
      const admin = await login(first, centre.slug, centre.admin.email, centre.admin.password);
      const anna = await counsellor(first, centre);
      const klara = await client(first, centre);
      const caseId = await enquiry(centre, klara);
      await assign(centre, admin, caseId, anna.id);

      const annaOnSecond = await login(second, centre.slug, anna.login, anna.password);
      const socket = await connectSocket(second.baseUrl, annaOnSecond);
      await post(centre, klara, caseId, `über Redis ${prefix}`);
      const heard = await socket.next<MailMessageView>('mail.message', (m) => m.text === `über Redis ${prefix}`);
      expect(heard.caseId).toBe(caseId);
      socket.close();
    });
  });
});
