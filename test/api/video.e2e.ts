import { createHash } from 'node:crypto';

import jwt from 'jsonwebtoken';
import { In } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CONSENT_VERSION } from '../../modules/video/consent.js';
import type {
  VideoConsentView,
  VideoGuestLinkView,
  VideoGuestRoomView,
  VideoHostEvent,
  VideoJoinView,
  VideoParticipantEvent,
  VideoRoomView,
  VideoSettingsView,
} from '../../modules/video/contracts.js';
import { GuestLinksService } from '../../modules/video/guest-links.service.js';
import { HostPresence } from '../../modules/video/host-presence.js';
import { VideoConsent, VideoGuestLink, VideoInvitee, VideoNote, VideoRoom, VideoSettings } from '../../modules/video/video.entities.js';
import { AuditEvent } from '../../src/audit/audit-event.entity.js';
import type { Problem } from '../../src/contracts/index.js';
import { createCentre, type CentreFixture, login } from '../factories/centres.js';
import { assign, client, counsellor, enquiry, type Person } from '../factories/mail.js';
import {
  acceptVideoConsent,
  guestJoin,
  hostPresent,
  issueGuestLink,
  JITSI_DEFAULTS,
  type JitsiServerFixture,
  jitsiEnv,
  openVideoRoom,
  verifyJitsiToken,
  videoPath,
} from '../factories/video.js';
import type { ApiClient } from '../support/api-client.js';
import { changedTables, databaseFingerprint } from '../support/db-fingerprint.js';
import { databaseContains } from '../support/db-scan.js';
import { listRoutes, type RouteInfo } from '../support/routes.js';
import { connectSocket, type LiveSocket } from '../support/sockets.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Client = Person & { email: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The first `event` a socket received after its `since`-th record (waits for it up to 5 s). */
async function heard<T>(s: LiveSocket, event: string, since: number, match: (payload: T) => boolean = () => true): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const hit = s.received.slice(since).find((r) => r.event === event && match(r.payload as T));
    if (hit) return hit.payload as T;
    if (Date.now() > deadline) throw new Error(`no ${event} after record ${since}: ${JSON.stringify(s.received.slice(since))}`);
    await sleep(20);
  }
}

const eventsOf = <T>(s: LiveSocket, event: string, match: (payload: T) => boolean = () => true): T[] =>
  s.received.filter((r) => r.event === event && match(r.payload as T)).map((r) => r.payload as T);

/** The header and claims of a JWT as they travel, to look for what must not be in them. */
const tokenText = (token: string) =>
  token
    .split('.')
    .slice(0, 2)
    .map((part) => Buffer.from(part, 'base64url').toString('utf8'))
    .join('\n');

/** A body each video route takes as valid, so that a refusal comes from access, not from validation. */
function validBody(route: RouteInfo, extra: { token?: string } = {}): unknown {
  const key = `${route.method} ${route.path.replace('/api/v1/centres/:centre/video', '')}`;
  const token = extra.token ?? 'A'.repeat(43);
  const bodies: Record<string, unknown> = {
    'POST /rooms': { name: 'Fremder Raum' },
    'PATCH /rooms/:roomId': { name: 'Übernommen', guestsAllowed: true },
    'PUT /rooms/:roomId/note': { text: 'Fremde Notiz' },
    'POST /rooms/:roomId/guest-links': { label: 'Fremder Link' },
    'POST /rooms/:roomId/host': { present: true },
    'POST /rooms/:roomId/participant': { jitsiId: 'abc123', e2ee: true },
    'PUT /consent': { version: CONSENT_VERSION },
    'PUT /settings': { domain: 'meet.fremd.test', appId: 'fremd', secret: 'f'.repeat(40) },
    'POST /guest/room': { token },
    'POST /guest/join': { token, displayName: 'Gast', consentVersion: CONSENT_VERSION },
    'POST /guest/participant': { token, jitsiId: 'guest1', e2ee: false },
  };
  return bodies[key];
}

const call = (who: ApiClient, route: RouteInfo, path: string, body?: unknown) => who.request<Problem>(route.method, path, body ?? validBody(route));

describe('video rooms', () => {
  let t: TestApp;
  let centre: CentreFixture;
  let admin: ApiClient;
  const v = (path = '') => videoPath(centre, path);
  const jitsiRoomOf = async (roomId: string) => (await t.dataSource.getRepository(VideoRoom).findOneByOrFail({ id: roomId })).jitsiRoom;

  beforeAll(async () => {
    t = await startTestApp({ env: jitsiEnv() });
    centre = await createCentre(t, { modules: ['mail', 'video'] });
    admin = await login(t, centre.slug, centre.admin.email, centre.admin.password);
  });
  afterAll(() => t?.close());

  /** A counsellor with `n` clients of their own (their cases assigned by the admin). */
  async function counsellorWithClients(n: number, name = 'Anna Acker', where = centre): Promise<{ anna: Person; clients: Client[] }> {
    const whereAdmin = where === centre ? admin : await login(t, where.slug, where.admin.email, where.admin.password);
    const anna = await counsellor(t, where, name);
    const clients: Client[] = [];
    for (let i = 0; i < n; i++) {
      const c = await client(t, where);
      await assign(where, whereAdmin, await enquiry(where, c), anna.id);
      clients.push(c);
    }
    return { anna, clients };
  }

  it('signs tokens for the counsellor, a client and a guest by Jitsi’s rules: this room only, short-lived, owner only for the counsellor', async () => {
    const { anna, clients } = await counsellorWithClients(1);
    const [klara] = clients as [Client];
    const room = await openVideoRoom(centre, anna, [klara], { name: 'Videoberatung Familie Sommer', guestsAllowed: true, startMuted: true });
    const other = await openVideoRoom(centre, anna, [klara], { name: 'Zweiter Raum' });
    await acceptVideoConsent(centre, klara);
    const link = await issueGuestLink(centre, anna, room.id, { label: 'Jugendamt' });
    const jitsiRoom = await jitsiRoomOf(room.id);
    const otherJitsiRoom = await jitsiRoomOf(other.id);
    expect(jitsiRoom).toMatch(/^[0-9a-f]{40}$/);
    expect(otherJitsiRoom).not.toBe(jitsiRoom);

    const host = await anna.client.post<VideoJoinView>(v(`/rooms/${room.id}/join`));
    expect(host.status).toBe(200);
    expect(host.body).toMatchObject({
      domain: 'meet.beradig.test',
      jitsiRoom,
      role: 'host',
      displayName: 'Anna Acker',
      roomName: 'Videoberatung Familie Sommer',
      options: { lobby: true, startMuted: true, audioOnly: false, guestsAllowed: true },
    });
    await hostPresent(centre, anna, room.id);
    const member = await klara.client.post<VideoJoinView>(v(`/rooms/${room.id}/join`));
    expect(member.status).toBe(200);
    // The client is called in the call what their counsellor calls them, never by their address.
    const klarasName = (await anna.client.get<{ id: string; name: string }[]>(v('/clients'))).body.find((c) => c.id === klara.id)!.name;
    expect(klarasName).not.toBe('');
    expect(member.body.displayName).toBe(klarasName);
    expect(member.body).toMatchObject({ domain: 'meet.beradig.test', jitsiRoom, role: 'participant', roomName: 'Videoberatung Familie Sommer' });
    const guest = await guestJoin(t.client(), centre, link.token, 'Frau Koch');
    expect(guest.status).toBe(200);
    expect(guest.body).toMatchObject({ domain: 'meet.beradig.test', jitsiRoom, role: 'participant', displayName: 'Frau Koch' });

    const ids: Record<string, string> = {};
    for (const [who, view, owner, name] of [
      ['counsellor', host.body, true, 'Anna Acker'],
      ['client', member.body, false, klarasName],
      ['guest', guest.body, false, 'Frau Koch'],
    ] as const) {
      const now = Math.floor(Date.now() / 1000);
      const { header, payload } = verifyJitsiToken(view.jwt, JITSI_DEFAULTS);
      expect(header, who).toEqual({ alg: 'HS256', typ: 'JWT' });
      expect(payload, who).toMatchObject({ iss: 'beradig', aud: 'jitsi', sub: 'meet.beradig.test', room: jitsiRoom });
      expect(payload.room, who).not.toBe('*');
      // Short-lived: JITSI_TOKEN_MINUTES' default of 10 minutes, from now.
      expect(payload.exp! - payload.iat!, who).toBe(600);
      expect(payload.exp!, who).toBeGreaterThan(now + 590);
      expect(payload.exp!, who).toBeLessThanOrEqual(now + 601);
      expect(payload.nbf, who).toBeDefined();
      expect(payload.nbf!, who).toBeLessThanOrEqual(now);
      expect(new Date(view.expiresAt).getTime(), who).toBe(payload.exp! * 1000);
      // Prosody reads context.user as strings only.
      expect(Object.keys(payload.context.user).sort(), who).toEqual(['affiliation', 'id', 'moderator', 'name']);
      expect(Object.values(payload.context.user).every((value) => typeof value === 'string'), who).toBe(true);
      expect(payload.context.user, who).toMatchObject({ name, affiliation: owner ? 'owner' : 'member', moderator: owner ? 'true' : 'false' });
      expect(payload.context.features, who).toMatchObject({ recording: false, livestreaming: false, transcription: false });
      expect(Object.values(payload.context.features).every((value) => value === false), who).toBe(true);
      // A pseudonym, not an account id; no address, no room name, nothing of the centre.
      expect(payload.context.user.id, who).toMatch(/^[0-9a-f]{32}$/);
      const text = tokenText(view.jwt);
      for (const secret of [anna.id, klara.id, anna.login, klara.email, centre.admin.email, room.id, centre.id, 'Familie Sommer', '@']) {
        expect(text.includes(secret), `${who} token contains ${secret}`).toBe(false);
      }
      ids[who] = payload.context.user.id as string;
      // Only with the configured secret, issuer and audience.
      expect(() => jwt.verify(view.jwt, `${JITSI_DEFAULTS.secret}x`, { algorithms: ['HS256'] }), who).toThrow(/invalid signature/);
      expect(() => jwt.verify(view.jwt, 'x'.repeat(48), { algorithms: ['HS256'] }), who).toThrow(/invalid signature/);
      expect(() => verifyJitsiToken(view.jwt, { ...JITSI_DEFAULTS, appId: 'andere-app' }), who).toThrow(/issuer invalid/);
      expect(() => verifyJitsiToken(view.jwt, { ...JITSI_DEFAULTS, domain: 'meet.anders.test' }), who).toThrow(/subject invalid/);
      expect(() => jwt.verify(view.jwt, JITSI_DEFAULTS.secret, { algorithms: ['HS512'] }), who).toThrow(/invalid algorithm/);
    }
    expect(new Set(Object.values(ids)).size).toBe(3);

    // The same person keeps their id in a room; in another room it is another one; each guest join is a new person.
    const again = verifyJitsiToken((await klara.client.post<VideoJoinView>(v(`/rooms/${room.id}/join`))).body.jwt, JITSI_DEFAULTS).payload;
    expect(again.context.user.id).toBe(ids.client);
    const inOther = verifyJitsiToken((await anna.client.post<VideoJoinView>(v(`/rooms/${other.id}/join`))).body.jwt, JITSI_DEFAULTS).payload;
    expect(inOther.room).toBe(otherJitsiRoom);
    expect(inOther.context.user.id).not.toBe(ids.counsellor);
    const secondGuest = verifyJitsiToken((await guestJoin(t.client(), centre, link.token, 'Frau Koch')).body.jwt, JITSI_DEFAULTS).payload;
    expect(secondGuest.context.user.id).not.toBe(ids.guest);
  });

  it('clients and guests wait for the counsellor: refused before, told live when they come, refused after they leave or end', async () => {
    const { anna, clients } = await counsellorWithClients(1);
    const [klara] = clients as [Client];
    const room = await openVideoRoom(centre, anna, [klara], { guestsAllowed: true });
    await acceptVideoConsent(centre, klara);
    const link = await issueGuestLink(centre, anna, room.id);
    const klaraSocket = await connectSocket(t.baseUrl, klara.client);
    const annaSocket = await connectSocket(t.baseUrl, anna.client);
    const guest = t.client();
    const join = () => klara.client.post<VideoJoinView & Problem>(v(`/rooms/${room.id}/join`));
    const guestRoom = async () => (await guest.post<VideoGuestRoomView>(v('/guest/room'), { token: link.token })).body;
    const forRoom = (p: { roomId: string }) => p.roomId === room.id;

    const early = await join();
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('VIDEO_HOST_ABSENT');
    expect(early.body.detail).toContain('Ihre Beraterin oder Ihr Berater ist noch nicht im Raum');
    const earlyGuest = await guestJoin(guest, centre, link.token);
    expect(earlyGuest.status).toBe(409);
    expect((earlyGuest.body as unknown as Problem).code).toBe('VIDEO_HOST_ABSENT');
    expect((earlyGuest.body as unknown as Problem).detail).toContain('noch nicht im Raum');
    expect(await guestRoom()).toMatchObject({ hostPresent: false, e2ee: false });
    expect((await klara.client.get<VideoRoomView>(v(`/rooms/${room.id}`))).body).toMatchObject({ hostPresent: false });
    // The counsellor may always come in.
    expect((await anna.client.post(v(`/rooms/${room.id}/join`))).status).toBe(200);

    let mark = klaraSocket.received.length;
    const arrived = await anna.client.post<{ present: boolean; e2ee: boolean }>(v(`/rooms/${room.id}/host`), { present: true });
    expect(arrived.body).toEqual({ present: true, e2ee: false });
    expect(await heard<VideoHostEvent>(klaraSocket, 'video.host', mark, forRoom)).toEqual({ roomId: room.id, present: true, e2ee: false });
    await heard<VideoHostEvent>(annaSocket, 'video.host', 0, forRoom);
    expect((await join()).status).toBe(200);
    expect((await guestJoin(guest, centre, link.token)).status).toBe(200);
    expect(await guestRoom()).toMatchObject({ hostPresent: true, e2ee: false });
    expect((await klara.client.get<VideoRoomView[]>(v('/rooms'))).body[0]).toMatchObject({ id: room.id, hostPresent: true });

    // Heartbeats that change nothing tell nobody anything.
    await hostPresent(centre, anna, room.id);
    await hostPresent(centre, anna, room.id);
    await sleep(200);
    expect(eventsOf<VideoHostEvent>(klaraSocket, 'video.host', forRoom)).toHaveLength(1);
    // End-to-end encryption switched on: said to everyone, shown to the guest's page.
    mark = klaraSocket.received.length;
    await hostPresent(centre, anna, room.id, true, true);
    expect(await heard<VideoHostEvent>(klaraSocket, 'video.host', mark, forRoom)).toEqual({ roomId: room.id, present: true, e2ee: true });
    expect(await guestRoom()).toMatchObject({ hostPresent: true, e2ee: true });
    expect((await anna.client.get<VideoRoomView>(v(`/rooms/${room.id}`))).body).toMatchObject({ hostPresent: true, e2ee: true });

    // People in the call say whether their browsers can do end-to-end encryption; only the counsellor hears it.
    expect((await klara.client.post(v(`/rooms/${room.id}/participant`), { jitsiId: 'a1b2c3', e2ee: true })).status).toBe(204);
    expect(await heard<VideoParticipantEvent>(annaSocket, 'video.participant', 0, (p) => p.jitsiId === 'a1b2c3')).toEqual({ roomId: room.id, jitsiId: 'a1b2c3', e2ee: true });
    expect((await guest.post(v('/guest/participant'), { token: link.token, jitsiId: 'gast-1', e2ee: false })).status).toBe(204);
    expect(await heard<VideoParticipantEvent>(annaSocket, 'video.participant', 0, (p) => p.jitsiId === 'gast-1')).toEqual({ roomId: room.id, jitsiId: 'gast-1', e2ee: false });
    expect(eventsOf(klaraSocket, 'video.participant')).toEqual([]);
    expect((await anna.client.post(v(`/rooms/${room.id}/participant`), { jitsiId: 'x', e2ee: true })).status).toBe(403);

    // The counsellor leaves: refused again.
    mark = klaraSocket.received.length;
    await hostPresent(centre, anna, room.id, false);
    expect(await heard<VideoHostEvent>(klaraSocket, 'video.host', mark, forRoom)).toEqual({ roomId: room.id, present: false, e2ee: false });
    expect((await join()).body.code).toBe('VIDEO_HOST_ABSENT');
    expect((await guestJoin(guest, centre, link.token)).status).toBe(409);
    expect(await guestRoom()).toMatchObject({ hostPresent: false, e2ee: false });

    // Back, then the session ends for everyone.
    await hostPresent(centre, anna, room.id);
    expect((await join()).status).toBe(200);
    mark = klaraSocket.received.length;
    expect((await anna.client.post(v(`/rooms/${room.id}/end`))).status).toBe(204);
    expect(await heard(klaraSocket, 'video.ended', mark, forRoom)).toEqual({ roomId: room.id });
    expect(await heard<VideoHostEvent>(klaraSocket, 'video.host', mark, forRoom)).toEqual({ roomId: room.id, present: false, e2ee: false });
    await heard(annaSocket, 'video.ended', 0, forRoom);
    const afterEnd = await join();
    expect(afterEnd.status).toBe(409);
    expect(afterEnd.body.code).toBe('VIDEO_HOST_ABSENT');
    expect((await guestJoin(guest, centre, link.token)).status).toBe(409);

    // A call page that stops reporting (closed tab, lost network) is swept out.
    await hostPresent(centre, anna, room.id, true, true);
    expect((await join()).status).toBe(200);
    const sweeper = t.app.get(HostPresence);
    await sweeper.sweep(new Date());
    expect((await join()).status).toBe(200);
    mark = klaraSocket.received.length;
    expect(await sweeper.sweep(new Date(Date.now() + 120_000))).toBeGreaterThanOrEqual(1);
    expect(await heard<VideoHostEvent>(klaraSocket, 'video.host', mark, forRoom)).toEqual({ roomId: room.id, present: false, e2ee: false });
    expect(await t.dataSource.getRepository(VideoRoom).findOneByOrFail({ id: room.id })).toMatchObject({ hostSeenAt: null });
    expect((await join()).body.code).toBe('VIDEO_HOST_ABSENT');
    expect(await guestRoom()).toMatchObject({ hostPresent: false, e2ee: false });
    // Nothing left to sweep, nothing said twice.
    expect(await sweeper.sweep(new Date(Date.now() + 120_000))).toBe(0);
    await sleep(100);
    expect(eventsOf<VideoHostEvent>(klaraSocket, 'video.host', (p) => forRoom(p) && !p.present)).toHaveLength(3);
    klaraSocket.close();
    annaSocket.close();
  });

  it('a client needs their consent to the current text: shown, stored with version and time, withdrawable; guests confirm it on each join', async () => {
    const { anna, clients } = await counsellorWithClients(1);
    const [klara] = clients as [Client];
    const room = await openVideoRoom(centre, anna, [klara], { guestsAllowed: true });
    await hostPresent(centre, anna, room.id);
    const join = () => klara.client.post<VideoJoinView & Problem>(v(`/rooms/${room.id}/join`));
    const consentRow = () => t.dataSource.getRepository(VideoConsent).findOneBy({ userId: klara.id });

    const refused = await join();
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('VIDEO_CONSENT_REQUIRED');
    expect(refused.body.detail).toContain('Einwilligung zur Videosprechstunde');

    const shown = await klara.client.get<VideoConsentView>(v('/consent'));
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ accepted: null, valid: false, current: { version: CONSENT_VERSION, title: 'Einwilligung zur Videosprechstunde' } });
    expect(shown.body.current.paragraphs.length).toBeGreaterThanOrEqual(5);
    expect(shown.body.current.paragraphs.join('\n')).toContain('Es wird nichts aufgezeichnet');
    expect(shown.body.current.paragraphs.some((p) => p.startsWith('- '))).toBe(true);
    expect(shown.body.current.paragraphs.join('\n')).toContain('widerrufen');
    const english = await klara.client.get<VideoConsentView>(v('/consent'), { 'accept-language': 'en' });
    expect(english.body.current).toMatchObject({ version: CONSENT_VERSION, title: 'Consent to video counselling' });

    for (const version of ['2020-01', '', 'x'.repeat(33)]) {
      const wrong = await klara.client.put<Problem>(v('/consent'), { version });
      expect(wrong.status, version).toBe(400);
      expect(wrong.body.errors?.map((e) => e.field), version).toEqual(['version']);
    }
    expect((await klara.client.put<Problem>(v('/consent'), {})).body.errors?.[0]?.field).toBe('version');
    expect(await consentRow()).toBeNull();
    expect((await join()).body.code).toBe('VIDEO_CONSENT_REQUIRED');

    const before = Date.now();
    const accepted = await klara.client.put<VideoConsentView>(v('/consent'), { version: CONSENT_VERSION });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ valid: true, accepted: { version: CONSENT_VERSION } });
    const row = (await consentRow())!;
    expect(row).toMatchObject({ userId: klara.id, centreId: centre.id, version: CONSENT_VERSION });
    expect(new Date(row.acceptedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(new Date(row.acceptedAt).getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect((await klara.client.get<VideoConsentView>(v('/consent'))).body).toMatchObject({ valid: true, accepted: { version: CONSENT_VERSION, at: accepted.body.accepted!.at } });
    expect((await join()).status).toBe(200);

    // A new wording asks again.
    await t.dataSource.getRepository(VideoConsent).update({ userId: klara.id }, { version: '2025-01' });
    expect((await klara.client.get<VideoConsentView>(v('/consent'))).body).toMatchObject({ valid: false, accepted: { version: '2025-01' } });
    expect((await join()).body.code).toBe('VIDEO_CONSENT_REQUIRED');
    await acceptVideoConsent(centre, klara);
    expect((await join()).status).toBe(200);

    // Withdrawn: nothing kept, no token.
    expect((await klara.client.delete(v('/consent'))).status).toBe(204);
    expect(await consentRow()).toBeNull();
    expect((await klara.client.get<VideoConsentView>(v('/consent'))).body).toMatchObject({ valid: false, accepted: null });
    expect((await join()).body.code).toBe('VIDEO_CONSENT_REQUIRED');
    expect((await klara.client.delete(v('/consent'))).status).toBe(204);

    // Consent is the client's own: not the counsellor's or the admin's.
    for (const who of [anna.client, admin]) {
      expect((await who.get(v('/consent'))).status).toBe(403);
      expect((await who.put(v('/consent'), { version: CONSENT_VERSION })).status).toBe(403);
    }

    // Guests: the current version with every join.
    const link = await issueGuestLink(centre, anna, room.id);
    for (const version of ['2020-01', '']) {
      const wrong = await guestJoin(t.client(), centre, link.token, 'Herr Gast', version);
      expect(wrong.status, version).toBe(400);
      expect((wrong.body as unknown as Problem).errors?.map((e) => e.field), version).toEqual(['consentVersion']);
    }
    const missing = await t.client().post<Problem>(v('/guest/join'), { token: link.token, displayName: 'Herr Gast' });
    expect(missing.status).toBe(400);
    expect([...new Set(missing.body.errors?.map((e) => e.field))]).toEqual(['consentVersion']);
    expect((await guestJoin(t.client(), centre, link.token, 'Herr Gast')).status).toBe(200);
  });

  it('guest links: only where the room allows guests; hashed and sealed; revocable, expiring, at most 20 open; switching guests off revokes them', async () => {
    const { anna } = await counsellorWithClients(0);
    const room = await openVideoRoom(centre, anna, [], { name: 'Hilfeplangespräch Jonas' });
    const links = (path = '') => v(`/rooms/${room.id}/guest-links${path}`);
    const guest = t.client();
    const guestRoom = (token: string) => guest.post<VideoGuestRoomView & Problem>(v('/guest/room'), { token });

    const closed = await anna.client.post<Problem>(links(), { label: 'Jugendamt' });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('VIDEO_GUESTS_NOT_ALLOWED');
    expect(closed.body.detail).toContain('Gastlinks ausgeschaltet');
    expect(await t.dataSource.getRepository(VideoGuestLink).countBy({ roomId: room.id })).toBe(0);

    expect((await anna.client.patch<VideoRoomView>(v(`/rooms/${room.id}`), { guestsAllowed: true })).body.options.guestsAllowed).toBe(true);
    const label = 'Jugendamt, Frau Kranich';
    const before = Date.now();
    const issued = await anna.client.post<VideoGuestLinkView>(links(), { label, days: 3 });
    expect(issued.status).toBe(201);
    const match = new RegExp(`^http://beradig\\.test/${centre.slug}/video/gast#([A-Za-z0-9_-]{43})$`).exec(issued.body.url);
    expect(match, issued.body.url).not.toBeNull();
    const token = match![1]!;
    expect(issued.body.label).toBe(label);
    const expiresAt = new Date(issued.body.expiresAt).getTime();
    expect(expiresAt).toBeGreaterThanOrEqual(before + 3 * 86_400_000 - 2000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 3 * 86_400_000 + 2000);
    const listed = await anna.client.get<VideoGuestLinkView[]>(links());
    expect(listed.body.map((l) => [l.id, l.label, l.url])).toEqual([[issued.body.id, label, issued.body.url]]);
    // (MariaDB keeps whole seconds.)
    expect(Math.abs(new Date(listed.body[0]!.expiresAt).getTime() - expiresAt)).toBeLessThan(1000);
    expect((await anna.client.get<VideoRoomView>(v(`/rooms/${room.id}`))).body.guestLinks).toBe(1);
    // Without label or days: none, a week.
    const plain = await issueGuestLink(centre, anna, room.id);
    expect(plain.label).toBeNull();
    expect(new Date(plain.expiresAt).getTime() - new Date(plain.createdAt).getTime()).toBe(7 * 86_400_000);

    const opened = await guestRoom(token);
    expect(opened.status).toBe(200);
    expect(opened.body).toEqual({
      roomName: 'Hilfeplangespräch Jonas',
      counsellorName: 'Anna Acker',
      centreName: `Beratungsstelle ${centre.slug}`,
      hostPresent: false,
      e2ee: false,
      options: { lobby: true, startMuted: false, audioOnly: false, guestsAllowed: true },
      expiresAt: listed.body[0]!.expiresAt,
      consent: expect.objectContaining({ version: CONSENT_VERSION, title: 'Einwilligung zur Videosprechstunde' }),
    });
    expect(opened.body.consent.paragraphs.join(' ')).toContain('Datenschutz');

    // Stored: the token's SHA-256 and the token sealed; never the token, the label or the room's name in plain.
    const row = await t.dataSource.getRepository(VideoGuestLink).findOneByOrFail({ id: issued.body.id });
    expect(row.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(Buffer.from(row.sealedToken).includes(Buffer.from(token))).toBe(false);
    for (const plainText of [token, label, 'Kranich', 'Hilfeplangespräch Jonas', plain.token]) {
      expect(await databaseContains(t, plainText), plainText).toBe(false);
    }

    // Malformed and unknown tokens.
    const malformed = await guestRoom('zu-kurz');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors?.map((e) => e.field)).toEqual(['token']);
    const unknown = await guestRoom('B'.repeat(43));
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('VIDEO_GUEST_LINK_INVALID');
    expect(unknown.body.detail).toContain('Einladungslink gilt nicht');

    // Revoked: unknown from then on.
    expect((await anna.client.delete(links(`/${issued.body.id}`))).status).toBe(204);
    const revoked = await guestRoom(token);
    expect(revoked.status).toBe(404);
    expect(revoked.body.code).toBe('VIDEO_GUEST_LINK_INVALID');
    expect((await guestJoin(guest, centre, token)).status).toBe(404);
    const twice = await anna.client.delete<Problem>(links(`/${issued.body.id}`));
    expect(twice.status).toBe(404);
    expect(twice.body.code).toBe('VIDEO_GUEST_LINK_NOT_FOUND');
    expect((await anna.client.delete(links('/nicht-da'))).status).toBe(404);
    expect((await anna.client.get<VideoGuestLinkView[]>(links())).body.map((l) => l.id)).toEqual([plain.id]);

    // Expired: said so (for a week), and no longer listed or counted.
    await t.dataSource.getRepository(VideoGuestLink).update({ id: plain.id }, { expiresAt: new Date(Date.now() - 60_000) });
    const expired = await guestRoom(plain.token);
    expect(expired.status).toBe(410);
    expect(expired.body.code).toBe('VIDEO_GUEST_LINK_EXPIRED');
    expect(expired.body.detail).toContain('abgelaufen');
    const expiredJoin = await guestJoin(guest, centre, plain.token);
    expect(expiredJoin.status).toBe(410);
    expect((await anna.client.get<VideoGuestLinkView[]>(links())).body).toEqual([]);
    expect((await anna.client.get<VideoRoomView>(v(`/rooms/${room.id}`))).body.guestLinks).toBe(0);

    // A week after expiring, the sweep takes it; a fresher expired one stays to say "expired".
    const old = await issueGuestLink(centre, anna, room.id);
    await t.dataSource.getRepository(VideoGuestLink).update({ id: old.id }, { expiresAt: new Date(Date.now() - 8 * 86_400_000) });
    expect(await t.app.get(GuestLinksService).sweep()).toBeGreaterThanOrEqual(1);
    expect(await t.dataSource.getRepository(VideoGuestLink).countBy({ id: In([old.id, plain.id]) })).toBe(1);
    expect((await guestRoom(old.token)).body.code).toBe('VIDEO_GUEST_LINK_INVALID');
    expect((await guestRoom(plain.token)).body.code).toBe('VIDEO_GUEST_LINK_EXPIRED');

    // At most 20 open links per room.
    const many: string[] = [];
    for (let i = 0; i < 20; i++) many.push((await issueGuestLink(centre, anna, room.id, { label: `Gast ${i}` })).id);
    const tooMany = await anna.client.post<Problem>(links(), { label: 'einer zu viel' });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.code).toBe('VIDEO_TOO_MANY_GUEST_LINKS');
    expect(tooMany.body.detail).toContain('20 offene Gastlinks');
    expect(await t.dataSource.getRepository(VideoGuestLink).countBy({ roomId: room.id })).toBe(21);
    expect((await anna.client.delete(links(`/${many[0]}`))).status).toBe(204);
    const fresh = await issueGuestLink(centre, anna, room.id, { label: 'wieder Platz' });
    expect((await guestRoom(fresh.token)).status).toBe(200);

    // Guests off: every link goes, at once.
    const off = await anna.client.patch<VideoRoomView>(v(`/rooms/${room.id}`), { guestsAllowed: false });
    expect(off.body).toMatchObject({ options: { guestsAllowed: false }, guestLinks: 0 });
    expect(await t.dataSource.getRepository(VideoGuestLink).countBy({ roomId: room.id })).toBe(0);
    expect((await guestRoom(fresh.token)).body.code).toBe('VIDEO_GUEST_LINK_INVALID');
    expect((await anna.client.get<VideoGuestLinkView[]>(links())).body).toEqual([]);
    const revokedIds = (await t.dataSource.getRepository(AuditEvent).findBy({ action: 'video.guest-link-revoked', targetId: In([...many.slice(1), fresh.id]) })).map((e) => e.targetId);
    expect(revokedIds.sort()).toEqual([...many.slice(1), fresh.id].sort());
    // And back on: old links stay dead.
    await anna.client.patch(v(`/rooms/${room.id}`), { guestsAllowed: true });
    expect((await guestRoom(fresh.token)).body.code).toBe('VIDEO_GUEST_LINK_INVALID');
  });

  it('keeps rooms to their counsellor and invited clients: other counsellors and uninvited clients get 404, the admin 403, other centres 401', async () => {
    const { anna, clients } = await counsellorWithClients(2);
    const [klara, uninvited] = clients as [Client, Client];
    const room = await openVideoRoom(centre, anna, [klara], { name: 'Nur für Klara', guestsAllowed: true });
    const link = await issueGuestLink(centre, anna, room.id);
    await acceptVideoConsent(centre, uninvited);
    await hostPresent(centre, anna, room.id);
    const { anna: ben, clients: bensClients } = await counsellorWithClients(1, 'Ben Berg');
    await acceptVideoConsent(centre, bensClients[0]!);
    const elsewhere = await createCentre(t, { modules: ['mail', 'video'] });
    const { anna: foreignCounsellor, clients: foreignClients } = await counsellorWithClients(1, 'Frieda Fremd', elsewhere);
    const foreignClient = foreignClients[0]!;
    await acceptVideoConsent(elsewhere, foreignClient);
    const foreignAdmin = await login(t, elsewhere.slug, elsewhere.admin.email, elsewhere.admin.password);

    const routes = listRoutes(t.app).filter((r) => r.feature === 'video');
    const roomRoutes = routes.filter((r) => r.path.includes(':roomId'));
    expect(roomRoutes.length).toBe(12);
    const at = (slug: string, r: RouteInfo) => r.path.replace(':centre', slug).replace(':roomId', room.id).replace(':linkId', link.id);
    const fingerprint = await databaseFingerprint(t, { session: ['lastSeenAt', 'expiresAt'] });
    const before = await fingerprint.settle();

    const results: string[] = [];
    const expectStatus = async (label: string, who: ApiClient, r: RouteInfo, path: string, status: number) => {
      const res = await call(who, r, path);
      if (res.status !== status) results.push(`${label} ${r.method} ${r.path}: ${res.status} (expected ${status})`);
      if (status === 404 && res.status === 404 && res.body.code !== 'VIDEO_ROOM_NOT_FOUND') results.push(`${label} ${r.method} ${r.path}: ${res.body.code}`);
    };
    for (const r of roomRoutes) {
      // Another counsellor of the same centre, and clients who are not invited (of the same
      // counsellor or another): it does not exist for them. Routes of the other role: 403.
      await expectStatus('ben', ben.client, r, at(centre.slug, r), r.roles?.includes('counsellor') ? 404 : 403);
      for (const [label, c] of [['uninvited', uninvited], ['ben’s client', bensClients[0]!]] as const) {
        await expectStatus(label, c.client, r, at(centre.slug, r), r.roles?.includes('client') ? 404 : 403);
      }
      await expectStatus('admin', admin, r, at(centre.slug, r), 403);
      // Another centre's people: not let into this centre's routes at all; under their own
      // centre's path, this centre's room does not exist.
      for (const [label, who] of [['foreign counsellor', foreignCounsellor.client], ['foreign client', foreignClient.client], ['foreign admin', foreignAdmin]] as const) {
        await expectStatus(label, who, r, at(centre.slug, r), 401);
      }
      await expectStatus('foreign counsellor at home', foreignCounsellor.client, r, at(elsewhere.slug, r), r.roles?.includes('counsellor') ? 404 : 403);
      await expectStatus('foreign client at home', foreignClient.client, r, at(elsewhere.slug, r), r.roles?.includes('client') ? 404 : 403);
      await expectStatus('anonymous', t.client(), r, at(centre.slug, r), 401);
    }
    for (const r of routes.filter((r) => !r.path.includes(':roomId') && !r.isPublic)) {
      for (const who of [foreignCounsellor.client, foreignClient.client, foreignAdmin]) await expectStatus('foreign', who, r, at(centre.slug, r), 401);
      await expectStatus('anonymous', t.client(), r, at(centre.slug, r), 401);
    }
    for (const r of routes.filter((r) => !r.path.includes(':roomId') && !r.path.includes('/settings') && !r.isPublic)) {
      await expectStatus('admin', admin, r, at(centre.slug, r), 403);
    }
    expect(results).toEqual([]);
    // A guest link works at its own centre only.
    expect((await t.client().post<Problem>(videoPath(elsewhere, '/guest/room'), { token: link.token })).body.code).toBe('VIDEO_GUEST_LINK_INVALID');
    expect((await guestJoin(t.client(), elsewhere, link.token)).status).toBe(404);

    // Nothing changed: no note, no new link, the name as it was, no reports.
    expect(changedTables(before, await fingerprint.take())).toEqual([]);
    expect((await anna.client.get<VideoRoomView>(v(`/rooms/${room.id}`))).body).toMatchObject({ name: 'Nur für Klara', hasNote: false, guestLinks: 1, hostPresent: true });
    for (const p of [ben, uninvited, bensClients[0]!]) expect((await p.client.get<VideoRoomView[]>(v('/rooms'))).body).toEqual([]);
    expect((await foreignCounsellor.client.get(videoPath(elsewhere, '/rooms'))).body).toEqual([]);
    await acceptVideoConsent(centre, klara);
    expect((await klara.client.post(v(`/rooms/${room.id}/join`))).status).toBe(200);
    expect((await klara.client.get<VideoRoomView[]>(v('/rooms'))).body.map((r) => r.id)).toEqual([room.id]);
  });

  it('is invisible where the module is not licensed: every video route answers 404, the guest routes too', async () => {
    const other = await createCentre(t, { modules: ['mail'] });
    const { anna, clients } = await counsellorWithClients(1, 'Olga Ohne', other);
    const otherAdmin = await login(t, other.slug, other.admin.email, other.admin.password);
    const operator = await t.operator();
    // A link of a centre with video, tried at the centre without.
    const { anna: withVideo } = await counsellorWithClients(0);
    const room = await openVideoRoom(centre, withVideo, [], { guestsAllowed: true });
    const link = await issueGuestLink(centre, withVideo, room.id);

    const routes = listRoutes(t.app).filter((r) => r.feature === 'video');
    expect(routes.length).toBe(24);
    const wrong: string[] = [];
    for (const r of routes) {
      const path = r.path.replace(':centre', other.slug).replace(':roomId', room.id).replace(':linkId', link.id);
      for (const [label, who] of [['anonymous', t.client()], ['client', clients[0]!.client], ['counsellor', anna.client], ['admin', otherAdmin], ['operator', operator]] as const) {
        const res = await who.request<Problem>(r.method, path, validBody(r, { token: link.token }));
        if (res.status !== 404) wrong.push(`${label} ${r.method} ${r.path}: ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await t.dataSource.getRepository(VideoSettings).countBy({ centreId: other.id })).toBe(0);
    expect(await t.dataSource.getRepository(VideoRoom).countBy({ centreId: other.id })).toBe(0);
  });

  it('a client whose case goes to another counsellor loses the previous counsellor’s rooms at once', async () => {
    const { anna, clients } = await counsellorWithClients(2);
    const [klara, karl] = clients as [Client, Client];
    const room = await openVideoRoom(centre, anna, [klara, karl]);
    await acceptVideoConsent(centre, klara);
    await hostPresent(centre, anna, room.id);
    expect((await klara.client.post(v(`/rooms/${room.id}/join`))).status).toBe(200);
    const klaraSocket = await connectSocket(t.baseUrl, klara.client);
    const ben = await counsellor(t, centre, 'Ben Berg');
    const caseId = (await klara.client.get<{ id: string }[]>(`/api/v1/centres/${centre.slug}/cases`)).body[0]!.id;

    const mark = klaraSocket.received.length;
    await assign(centre, admin, caseId, ben.id);
    expect(await heard(klaraSocket, 'video.room-removed', mark, (p: { roomId: string }) => p.roomId === room.id)).toEqual({ roomId: room.id });
    expect((await klara.client.get<VideoRoomView[]>(v('/rooms'))).body).toEqual([]);
    expect((await klara.client.get(v(`/rooms/${room.id}`))).status).toBe(404);
    const refused = await klara.client.post<Problem>(v(`/rooms/${room.id}/join`));
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('VIDEO_ROOM_NOT_FOUND');
    expect((await anna.client.get<VideoRoomView>(v(`/rooms/${room.id}`))).body.invitees.map((i) => i.id)).toEqual([karl.id]);
    // Ben cannot see Anna's room, and Anna cannot invite Klara any more.
    expect((await ben.client.get(v(`/rooms/${room.id}`))).status).toBe(404);
    const reinvite = await anna.client.patch<Problem>(v(`/rooms/${room.id}`), { inviteeIds: [karl.id, klara.id] });
    expect(reinvite.status).toBe(400);
    expect(reinvite.body.errors?.map((e) => e.field)).toEqual(['inviteeIds']);

    // Even with her invitation back (as if the listener had missed the change), joining checks the case.
    await t.dataSource.getRepository(VideoInvitee).insert({ roomId: room.id, userId: klara.id, centreId: centre.id, invitedAt: new Date() });
    const stillRefused = await klara.client.post<Problem>(v(`/rooms/${room.id}/join`));
    expect(stillRefused.status).toBe(404);
    expect(stillRefused.body.code).toBe('VIDEO_ROOM_NOT_FOUND');
    klaraSocket.close();
  });

  it('invites only the counsellor’s own clients, each with a content-free e-mail and a live event; changing the list tells the new and removes the old', async () => {
    const { anna, clients } = await counsellorWithClients(3);
    const [klara, karl, kim] = clients as [Client, Client, Client];
    const { clients: bensClients } = await counsellorWithClients(1, 'Ben Berg');
    const sockets = await Promise.all([klara, karl, kim].map((p) => connectSocket(t.baseUrl, p.client)));
    const [klaraS, karlS, kimS] = sockets as [LiveSocket, LiveSocket, LiveSocket];
    const name = 'Elterngespräch Familie Winter';

    const invitable = await anna.client.get<{ id: string; name: string }[]>(v('/clients'));
    expect(invitable.body.map((c) => c.id).sort()).toEqual([klara.id, karl.id, kim.id].sort());
    expect((await klara.client.get(v('/clients'))).status).toBe(403);
    expect((await admin.get(v('/clients'))).status).toBe(403);

    const since = t.mail.messages.length;
    const created = await anna.client.post<VideoRoomView>(v('/rooms'), { name, inviteeIds: [klara.id, karl.id] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name,
      counsellor: { id: anna.id, name: 'Anna Acker' },
      options: { lobby: true, startMuted: false, audioOnly: false, guestsAllowed: false },
      hostPresent: false,
      e2ee: false,
      hasNote: false,
      guestLinks: 0,
    });
    expect(created.body.invitees.map((i) => i.id).sort()).toEqual([klara.id, karl.id].sort());
    const names = new Map(invitable.body.map((c) => [c.id, c.name]));
    expect(created.body.invitees.every((i) => i.name === names.get(i.id))).toBe(true);
    const roomId = created.body.id;
    const forRoom = (p: { roomId: string }) => p.roomId === roomId;
    for (const [person, s] of [[klara, klaraS], [karl, karlS]] as const) {
      await heard(s, 'video.room-changed', 0, forRoom);
      const mail = await t.mail.next(person.email, since);
      expect(mail.subject).toBe('Sie wurden zu einer Videoberatung in BeraDIG eingeladen');
      expect(mail.text).toContain(`http://beradig.test/${centre.slug}`);
      for (const part of [mail.subject, mail.text, mail.html, mail.raw]) {
        expect(part).not.toContain('Winter');
        expect(part).not.toContain('Elterngespräch');
      }
    }
    // What an invited client sees: the room, not who else is invited, no note, no links.
    const seen = await klara.client.get<VideoRoomView>(v(`/rooms/${roomId}`));
    expect(seen.body).toMatchObject({ id: roomId, name, invitees: [], hasNote: false, guestLinks: 0, counsellor: { name: 'Anna Acker' } });
    expect((await kim.client.get(v(`/rooms/${roomId}`))).status).toBe(404);
    expect(await databaseContains(t, 'Familie Winter')).toBe(false);

    // Someone else's client, an unknown id, the counsellor themself: refused, nothing stored, nobody told.
    const rooms = () => t.dataSource.getRepository(VideoRoom).countBy({ counsellorId: anna.id });
    const count = await rooms();
    const mails = t.mail.messages.length;
    for (const ids of [[bensClients[0]!.id], [klara.id, bensClients[0]!.id], ['01a2184c-0000-7000-8000-000000000000'], [anna.id]]) {
      const refused = await anna.client.post<Problem>(v('/rooms'), { name: 'Fremd eingeladen', inviteeIds: ids });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'inviteeIds', message: 'Einladen können Sie nur Ratsuchende, die Ihnen zugeordnet sind.' })]);
    }
    expect(await rooms()).toBe(count);
    await sleep(200);
    expect(t.mail.messages.length).toBe(mails);
    expect(eventsOf(klaraS, 'video.room-changed')).toHaveLength(1);

    // The new list: Kim added (mail, event), Karl removed (event), Klara stays (told of the change).
    const mark = { klara: klaraS.received.length, karl: karlS.received.length };
    const sinceChange = t.mail.messages.length;
    const changed = await anna.client.patch<VideoRoomView>(v(`/rooms/${roomId}`), { inviteeIds: [klara.id, kim.id], name: 'Elterngespräch II' });
    expect(changed.status).toBe(200);
    expect(changed.body.invitees.map((i) => i.id).sort()).toEqual([klara.id, kim.id].sort());
    expect(changed.body.name).toBe('Elterngespräch II');
    await heard(kimS, 'video.room-changed', 0, forRoom);
    expect((await t.mail.next(kim.email, sinceChange)).subject).toBe('Sie wurden zu einer Videoberatung in BeraDIG eingeladen');
    expect(await heard(karlS, 'video.room-removed', mark.karl, forRoom)).toEqual({ roomId });
    await heard(klaraS, 'video.room-changed', mark.klara, forRoom);
    await sleep(200);
    expect(t.mail.messages.slice(sinceChange).flatMap((m) => m.to)).toEqual([kim.email]);
    expect((await karl.client.get<VideoRoomView[]>(v('/rooms'))).body).toEqual([]);
    expect((await karl.client.get(v(`/rooms/${roomId}`))).status).toBe(404);
    expect((await kim.client.get<VideoRoomView[]>(v('/rooms'))).body.map((r) => r.name)).toEqual(['Elterngespräch II']);

    // A change naming someone else's client changes nothing at all.
    const refused = await anna.client.patch<Problem>(v(`/rooms/${roomId}`), { inviteeIds: [bensClients[0]!.id], name: 'Umbenannt', lobby: false });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.map((e) => e.field)).toEqual(['inviteeIds']);
    expect((await anna.client.get<VideoRoomView>(v(`/rooms/${roomId}`))).body).toMatchObject({ name: 'Elterngespräch II', options: { lobby: true } });
    expect((await t.dataSource.getRepository(VideoInvitee).findBy({ roomId })).map((i) => i.userId).sort()).toEqual([klara.id, kim.id].sort());

    // Deleting the room tells everyone and leaves no invitation, note or guest link.
    await anna.client.patch(v(`/rooms/${roomId}`), { guestsAllowed: true });
    const link = await issueGuestLink(centre, anna, roomId);
    expect((await anna.client.put(v(`/rooms/${roomId}/note`), { text: 'Notiz' })).status).toBe(200);
    const marks = sockets.map((s) => s.received.length);
    expect((await anna.client.delete(v(`/rooms/${roomId}`))).status).toBe(204);
    await heard(klaraS, 'video.room-removed', marks[0]!, forRoom);
    await heard(kimS, 'video.room-removed', marks[2]!, forRoom);
    expect(await t.dataSource.getRepository(VideoRoom).countBy({ id: roomId })).toBe(0);
    expect(await t.dataSource.getRepository(VideoInvitee).countBy({ roomId })).toBe(0);
    expect(await t.dataSource.getRepository(VideoNote).countBy({ roomId })).toBe(0);
    expect(await t.dataSource.getRepository(VideoGuestLink).countBy({ roomId })).toBe(0);
    expect((await t.client().post<Problem>(v('/guest/room'), { token: link.token })).body.code).toBe('VIDEO_GUEST_LINK_INVALID');
    expect((await klara.client.get(v(`/rooms/${roomId}`))).status).toBe(404);
    expect((await anna.client.delete(v(`/rooms/${roomId}`))).status).toBe(404);
    for (const s of sockets) s.close();
  });

  it('the counsellor’s note: theirs alone, sealed', async () => {
    const { anna, clients } = await counsellorWithClients(1);
    const [klara] = clients as [Client];
    const room = await openVideoRoom(centre, anna, [klara]);
    const ben = await counsellor(t, centre, 'Ben Berg');
    const note = v(`/rooms/${room.id}/note`);
    const text = 'Vater wirkte angespannt; nächstes Mal mit Jugendamt.';

    expect((await anna.client.get(note)).body).toEqual({ text: '', updatedAt: null });
    const saved = await anna.client.put<{ text: string; updatedAt: string }>(note, { text });
    expect(saved.status).toBe(200);
    expect(saved.body.text).toBe(text);
    const read = await anna.client.get<{ text: string; updatedAt: string }>(note);
    expect(read.body.text).toBe(text);
    // (MariaDB keeps whole seconds.)
    expect(Math.abs(new Date(read.body.updatedAt).getTime() - new Date(saved.body.updatedAt).getTime())).toBeLessThan(1000);
    expect((await anna.client.get<VideoRoomView>(v(`/rooms/${room.id}`))).body.hasNote).toBe(true);
    expect((await klara.client.get<VideoRoomView>(v(`/rooms/${room.id}`))).body.hasNote).toBe(false);
    expect(await databaseContains(t, 'angespannt')).toBe(false);

    for (const [who, status] of [[klara.client, 403], [admin, 403], [ben.client, 404]] as const) {
      expect((await who.get(note)).status).toBe(status);
      expect((await who.put(note, { text: 'Überschrieben' })).status).toBe(status);
    }
    expect((await anna.client.get<{ text: string }>(note)).body.text).toBe(text);

    const longest = 'ä'.repeat(20_000);
    expect((await anna.client.put(note, { text: longest })).status).toBe(200);
    const tooLong = await anna.client.put<Problem>(note, { text: `${longest}x` });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors?.map((e) => e.field)).toEqual(['text']);
    expect((await anna.client.get<{ text: string }>(note)).body.text).toBe(longest);

    // An empty text deletes it.
    expect((await anna.client.put(note, { text: '  ' })).body).toEqual({ text: '', updatedAt: null });
    expect(await t.dataSource.getRepository(VideoNote).countBy({ roomId: room.id })).toBe(0);
    expect((await anna.client.get<VideoRoomView>(v(`/rooms/${room.id}`))).body.hasNote).toBe(false);
  });

  it('refuses bad input naming the field, and stores nothing', async () => {
    const { anna, clients } = await counsellorWithClients(1);
    const [klara] = clients as [Client];
    const room = await openVideoRoom(centre, anna, [klara], { guestsAllowed: true });
    const link = await issueGuestLink(centre, anna, room.id);
    const uuid = (i: number) => `01a2184c-0000-7000-8000-${String(i).padStart(12, '0')}`;
    const cases: [string, ApiClient, string, string, unknown, string][] = [
      ['name missing', anna.client, 'POST', v('/rooms'), {}, 'name'],
      ['name empty', anna.client, 'POST', v('/rooms'), { name: '   ' }, 'name'],
      ['name too long', anna.client, 'POST', v('/rooms'), { name: 'x'.repeat(101) }, 'name'],
      ['name with a line break', anna.client, 'POST', v('/rooms'), { name: 'Raum\nzwei' }, 'name'],
      ['name not text', anna.client, 'POST', v('/rooms'), { name: 42 }, 'name'],
      ['invitees not uuids', anna.client, 'POST', v('/rooms'), { name: 'R', inviteeIds: ['klara'] }, 'inviteeIds'],
      ['invitees not a list', anna.client, 'POST', v('/rooms'), { name: 'R', inviteeIds: klara.id }, 'inviteeIds'],
      ['invitees twice', anna.client, 'POST', v('/rooms'), { name: 'R', inviteeIds: [klara.id, klara.id] }, 'inviteeIds'],
      ['too many invitees', anna.client, 'POST', v('/rooms'), { name: 'R', inviteeIds: Array.from({ length: 21 }, (_, i) => uuid(i)) }, 'inviteeIds'],
      ['lobby not boolean', anna.client, 'POST', v('/rooms'), { name: 'R', lobby: 'ja' }, 'lobby'],
      ['startMuted not boolean', anna.client, 'POST', v('/rooms'), { name: 'R', startMuted: 1 }, 'startMuted'],
      ['audioOnly not boolean', anna.client, 'POST', v('/rooms'), { name: 'R', audioOnly: 'true' }, 'audioOnly'],
      ['guestsAllowed not boolean', anna.client, 'POST', v('/rooms'), { name: 'R', guestsAllowed: null }, 'guestsAllowed'],
      ['an unknown field', anna.client, 'POST', v('/rooms'), { name: 'R', colour: 'rot' }, 'colour'],
      ['rename to empty', anna.client, 'PATCH', v(`/rooms/${room.id}`), { name: '' }, 'name'],
      ['option not boolean on change', anna.client, 'PATCH', v(`/rooms/${room.id}`), { guestsAllowed: 'nein' }, 'guestsAllowed'],
      ['invitees not uuids on change', anna.client, 'PATCH', v(`/rooms/${room.id}`), { inviteeIds: [1] }, 'inviteeIds'],
      ['note too long', anna.client, 'PUT', v(`/rooms/${room.id}/note`), { text: 'x'.repeat(20_001) }, 'text'],
      ['note not text', anna.client, 'PUT', v(`/rooms/${room.id}/note`), { text: ['x'] }, 'text'],
      ['presence missing', anna.client, 'POST', v(`/rooms/${room.id}/host`), {}, 'present'],
      ['presence not boolean', anna.client, 'POST', v(`/rooms/${room.id}/host`), { present: 'ja' }, 'present'],
      ['encryption not boolean', anna.client, 'POST', v(`/rooms/${room.id}/host`), { present: true, e2ee: 'ja' }, 'e2ee'],
      ['guest link days zero', anna.client, 'POST', v(`/rooms/${room.id}/guest-links`), { days: 0 }, 'days'],
      ['guest link days too many', anna.client, 'POST', v(`/rooms/${room.id}/guest-links`), { days: 31 }, 'days'],
      ['guest link days not whole', anna.client, 'POST', v(`/rooms/${room.id}/guest-links`), { days: 1.5 }, 'days'],
      ['guest link label too long', anna.client, 'POST', v(`/rooms/${room.id}/guest-links`), { label: 'x'.repeat(101) }, 'label'],
      ['participant id with a space', klara.client, 'POST', v(`/rooms/${room.id}/participant`), { jitsiId: 'a b', e2ee: true }, 'jitsiId'],
      ['consent version not text', klara.client, 'PUT', v('/consent'), { version: 2026 }, 'version'],
      ['guest name with a line break', t.client(), 'POST', v('/guest/join'), { token: link.token, displayName: 'Eva\nKoch', consentVersion: CONSENT_VERSION }, 'displayName'],
      ['guest name empty', t.client(), 'POST', v('/guest/join'), { token: link.token, displayName: ' ', consentVersion: CONSENT_VERSION }, 'displayName'],
      ['guest name too long', t.client(), 'POST', v('/guest/join'), { token: link.token, displayName: 'x'.repeat(61), consentVersion: CONSENT_VERSION }, 'displayName'],
      ['guest name with a direction override', t.client(), 'POST', v('/guest/join'), { token: link.token, displayName: 'Eva\u202EhcoK', consentVersion: CONSENT_VERSION }, 'displayName'],
      ['guest token malformed', t.client(), 'POST', v('/guest/join'), { token: 'x', displayName: 'Eva', consentVersion: CONSENT_VERSION }, 'token'],
      ['guest participant id malformed', t.client(), 'POST', v('/guest/participant'), { token: link.token, jitsiId: '<script>', e2ee: true }, 'jitsiId'],
    ];
    const fingerprint = await databaseFingerprint(t, { session: ['lastSeenAt', 'expiresAt'] });
    const before = await fingerprint.settle();
    const wrong: string[] = [];
    for (const [label, who, method, path, body, field] of cases) {
      const res = await who.request<Problem>(method, path, body);
      const fields = res.body.errors?.map((e) => e.field) ?? [];
      if (res.status !== 400 || !fields.includes(field)) wrong.push(`${label}: ${res.status} ${JSON.stringify(fields)}`);
      else if (res.body.errors!.some((e) => !e.message || e.message === e.code || e.message.startsWith('field.'))) wrong.push(`${label}: no message ${JSON.stringify(res.body.errors)}`);
    }
    expect(wrong).toEqual([]);
    expect(changedTables(before, await fingerprint.take())).toEqual([]);
    expect((await anna.client.get<VideoRoomView[]>(v('/rooms'))).body.map((r) => r.id)).toEqual([room.id]);
  });

  it('personal data: exports carry the rooms, invitations and consent; deleting the client or the counsellor erases them', async () => {
    const { anna, clients } = await counsellorWithClients(2);
    const [klara, karl] = clients as [Client, Client];
    const room = await openVideoRoom(centre, anna, [klara, karl], { name: 'Familienrat Sommer', guestsAllowed: true });
    const second = await openVideoRoom(centre, anna, [karl], { name: 'Nur Karl' });
    await anna.client.put(v(`/rooms/${room.id}/note`), { text: 'Notiz zum Familienrat' });
    await issueGuestLink(centre, anna, room.id, { label: 'Oma Hilde', days: 2 });
    await acceptVideoConsent(centre, klara);
    await acceptVideoConsent(centre, karl);

    type VideoExport = {
      video: {
        rooms: { name: string; options: Record<string, boolean>; note: { text: string } | null; guestLinks: { label: string | null; expiresAt: string }[] }[];
        invitations: { room: string | null; invitedAt: string }[];
        consent: { version: string; acceptedAt: string } | null;
      };
    };
    const mine = await klara.client.get<VideoExport>(`/api/v1/centres/${centre.slug}/account/export`);
    expect(mine.status).toBe(200);
    expect(mine.body.video).toEqual({
      rooms: [],
      invitations: [{ room: 'Familienrat Sommer', invitedAt: expect.any(String) }],
      consent: { version: CONSENT_VERSION, acceptedAt: expect.any(String) },
    });
    const hers = await anna.client.get<VideoExport>(`/api/v1/centres/${centre.slug}/account/export`);
    expect(hers.body.video.rooms).toEqual([
      { name: 'Familienrat Sommer', options: { lobby: true, startMuted: false, audioOnly: false, guestsAllowed: true }, createdAt: expect.any(String), note: { text: 'Notiz zum Familienrat', updatedAt: expect.any(String) }, guestLinks: [{ label: 'Oma Hilde', createdAt: expect.any(String), expiresAt: expect.any(String) }] },
      { name: 'Nur Karl', options: { lobby: true, startMuted: false, audioOnly: false, guestsAllowed: false }, createdAt: expect.any(String), note: null, guestLinks: [] },
    ]);
    expect(hers.body.video.invitations).toEqual([]);
    expect(hers.body.video.consent).toBeNull();

    // The client goes: her invitation and consent with her; the room stays for the others.
    expect((await klara.client.delete(`/api/v1/centres/${centre.slug}/account`, { password: klara.password })).status).toBe(204);
    expect(await t.dataSource.getRepository(VideoInvitee).countBy({ userId: klara.id })).toBe(0);
    expect(await t.dataSource.getRepository(VideoConsent).countBy({ userId: klara.id })).toBe(0);
    expect((await anna.client.get<VideoRoomView>(v(`/rooms/${room.id}`))).body.invitees.map((i) => i.id)).toEqual([karl.id]);

    // The counsellor goes: her rooms with their notes, invitations and guest links.
    const ids = [room.id, second.id];
    expect((await anna.client.delete(`/api/v1/centres/${centre.slug}/account`, { password: anna.password })).status).toBe(204);
    expect(await t.dataSource.getRepository(VideoRoom).countBy({ id: In(ids) })).toBe(0);
    expect(await t.dataSource.getRepository(VideoInvitee).countBy({ roomId: In(ids) })).toBe(0);
    expect(await t.dataSource.getRepository(VideoNote).countBy({ roomId: In(ids) })).toBe(0);
    expect(await t.dataSource.getRepository(VideoGuestLink).countBy({ roomId: In(ids) })).toBe(0);
    expect((await karl.client.get<VideoRoomView[]>(v('/rooms'))).body).toEqual([]);
    // Karl's own consent is his, and stays.
    expect(await t.dataSource.getRepository(VideoConsent).countBy({ userId: karl.id })).toBe(1);
  });

  it('audits rooms and guest links by id only', async () => {
    const { anna } = await counsellorWithClients(0);
    const room = await openVideoRoom(centre, anna, [], { name: 'Geheimer Raumname', guestsAllowed: true });
    const link = await issueGuestLink(centre, anna, room.id, { label: 'Geheimes Etikett' });
    expect((await anna.client.delete(v(`/rooms/${room.id}/guest-links/${link.id}`))).status).toBe(204);
    expect((await anna.client.delete(v(`/rooms/${room.id}`))).status).toBe(204);

    const events = await t.dataSource.getRepository(AuditEvent).findBy({ targetId: In([room.id, link.id]) });
    const seen = events.map((e) => ({ action: e.action, targetType: e.targetType, targetId: e.targetId, actorId: e.actorId, centreId: e.centreId, outcome: e.outcome }));
    const by = { actorId: anna.id, centreId: centre.id, outcome: 'success' };
    expect(seen).toEqual(
      expect.arrayContaining([
        { action: 'video.room-created', targetType: 'video_room', targetId: room.id, ...by },
        { action: 'video.guest-link-issued', targetType: 'video_guest_link', targetId: link.id, ...by },
        { action: 'video.guest-link-revoked', targetType: 'video_guest_link', targetId: link.id, ...by },
        { action: 'video.room-deleted', targetType: 'video_room', targetId: room.id, ...by },
      ]),
    );
    expect(events).toHaveLength(4);
    const dump = JSON.stringify(events);
    for (const secret of ['Geheimer', 'Etikett', link.token]) expect(dump).not.toContain(secret);
  });

  it('a double click stores once and answers alike: consent, note, invitations, settings; the guest link cap holds under load', async () => {
    const { anna, clients } = await counsellorWithClients(2);
    const [klara, kim] = clients as [Client, Client];
    const room = await openVideoRoom(centre, anna, [], { guestsAllowed: true });
    const at = <T>(n: number, run: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => run(i)));

    expect((await at(4, () => klara.client.put(v('/consent'), { version: CONSENT_VERSION }))).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(await t.dataSource.getRepository(VideoConsent).countBy({ userId: klara.id })).toBe(1);

    expect((await at(4, (i) => anna.client.put(v(`/rooms/${room.id}/note`), { text: `Notiz ${i}` }))).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(await t.dataSource.getRepository(VideoNote).countBy({ roomId: room.id })).toBe(1);
    expect((await anna.client.get<{ text: string }>(v(`/rooms/${room.id}/note`))).body.text).toMatch(/^Notiz [0-3]$/);

    const saved = await at(4, () => anna.client.patch<VideoRoomView>(v(`/rooms/${room.id}`), { inviteeIds: [klara.id, kim.id] }));
    expect(saved.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect((await t.dataSource.getRepository(VideoInvitee).findBy({ roomId: room.id })).map((i) => i.userId).sort()).toEqual([klara.id, kim.id].sort());

    const own = await createCentre(t, { modules: ['mail', 'video'] });
    const ownAdmin = await login(t, own.slug, own.admin.email, own.admin.password);
    const server = { domain: 'meet.doppelt.test', appId: 'doppelt', secret: 'd'.repeat(40) };
    const settings = await at(3, () => ownAdmin.put<VideoSettingsView>(videoPath(own, '/settings'), server));
    expect(settings.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await t.dataSource.getRepository(VideoSettings).countBy({ centreId: own.id })).toBe(1);

    for (let i = 0; i < 19; i++) await issueGuestLink(centre, anna, room.id);
    const links = await at(8, () => anna.client.post(v(`/rooms/${room.id}/guest-links`), {}));
    expect(links.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect(await t.dataSource.getRepository(VideoGuestLink).countBy({ roomId: room.id })).toBe(20);
  });

  it('a centre that loses the module or is deleted: video answers 404, its pages are strict again, its rows go', async () => {
    const gone = await createCentre(t, { modules: ['mail', 'video'] });
    const goneAdmin = await login(t, gone.slug, gone.admin.email, gone.admin.password);
    // No enquiry here: on MariaDB a centre whose mail messages have authors cannot be deleted
    // at all (the mail module's SET NULL on the author meets the centre's cascade), which is not
    // video's to prove. Klara's invitation is written directly instead.
    const anna = await counsellor(t, gone, 'Anna Acker');
    const klara = await client(t, gone);
    const room = await openVideoRoom(gone, anna, [], { guestsAllowed: true });
    await t.dataSource.getRepository(VideoInvitee).insert({ roomId: room.id, userId: klara.id, centreId: gone.id, invitedAt: new Date() });
    const link = await issueGuestLink(gone, anna, room.id);
    await anna.client.put(videoPath(gone, `/rooms/${room.id}/note`), { text: 'Notiz' });
    await acceptVideoConsent(gone, klara);
    await goneAdmin.put(videoPath(gone, '/settings'), { domain: 'meet.weg.test', appId: 'weg', secret: 'w'.repeat(40) });
    expect((await fetch(`${t.baseUrl}/${gone.slug}`)).headers.get('permissions-policy')).toContain('camera=(self "https://meet.weg.test")');

    const operator = await t.operator();
    expect((await operator.patch(`/api/v1/platform/centres/${gone.slug}`, { modules: ['mail'] })).status).toBe(200);
    expect((await klara.client.get(videoPath(gone, '/rooms'))).status).toBe(404);
    expect((await anna.client.post(videoPath(gone, `/rooms/${room.id}/join`))).status).toBe(404);
    expect((await t.client().post(videoPath(gone, '/guest/room'), { token: link.token })).status).toBe(404);
    const page = await fetch(`${t.baseUrl}/${gone.slug}`);
    expect(page.headers.get('permissions-policy')).toContain('camera=()');
    expect(page.headers.get('content-security-policy')).not.toContain('meet.weg.test');

    for (const table of ['video_settings', 'video_room', 'video_invitee', 'video_note', 'video_guest_link', 'video_consent']) {
      const rows = await t.dataSource.query<{ n: number | string }[]>(`SELECT COUNT(*) AS n FROM ${table} WHERE centreId = ?`, [gone.id]);
      expect(Number(rows[0]!.n), table).toBe(1);
    }
    expect((await operator.delete(`/api/v1/platform/centres/${gone.slug}`)).status).toBe(204);
    for (const table of ['video_settings', 'video_room', 'video_invitee', 'video_note', 'video_guest_link', 'video_consent']) {
      const rows = await t.dataSource.query<{ n: number | string }[]>(`SELECT COUNT(*) AS n FROM ${table} WHERE centreId = ?`, [gone.id]);
      expect(Number(rows[0]!.n), table).toBe(0);
    }
  });

  it('Jitsi settings: the server’s defaults, the centre’s own (secret sealed, never shown), back to the defaults; tokens follow', async () => {
    const own = await createCentre(t, { modules: ['mail', 'video'] });
    const ownAdmin = await login(t, own.slug, own.admin.email, own.admin.password);
    const operator = await t.operator();
    const { anna, clients } = await counsellorWithClients(1, 'Anna Acker', own);
    const [klara] = clients as [Client];
    const settings = videoPath(own, '/settings');
    const room = await openVideoRoom(own, anna, [klara]);
    const hostToken = async () => {
      const res = await anna.client.post<VideoJoinView>(videoPath(own, `/rooms/${room.id}/join`));
      expect(res.status).toBe(200);
      return res.body;
    };

    for (const who of [ownAdmin, operator]) {
      expect((await who.get<VideoSettingsView>(settings)).body).toEqual({ source: 'server', domain: 'meet.beradig.test', appId: 'beradig', secretSet: true });
    }
    verifyJitsiToken((await hostToken()).jwt, JITSI_DEFAULTS);

    const server: JitsiServerFixture = { domain: 'video.eigene-stelle.test:8443', appId: 'eigene-stelle', secret: `Eigenes-Geheimnis-${'k'.repeat(30)}` };
    const saved = await ownAdmin.put<VideoSettingsView>(settings, server);
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ source: 'own', domain: server.domain, appId: server.appId, secretSet: true });
    expect(saved.text).not.toContain(server.secret);
    const shown = await operator.get<VideoSettingsView>(settings);
    expect(shown.body).toEqual(saved.body);
    expect(shown.text).not.toContain('Eigenes-Geheimnis');
    expect(await databaseContains(t, server.secret)).toBe(false);
    expect(await databaseContains(t, 'Eigenes-Geheimnis')).toBe(false);

    // Tokens now come from the centre's own server: its domain, app id and secret.
    const joined = await hostToken();
    expect(joined.domain).toBe(server.domain);
    expect(verifyJitsiToken(joined.jwt, server).payload).toMatchObject({ iss: 'eigene-stelle', sub: 'video.eigene-stelle.test', aud: 'jitsi' });
    expect(() => verifyJitsiToken(joined.jwt, { ...server, secret: JITSI_DEFAULTS.secret })).toThrow(/invalid signature/);
    // Its pages embed that server, and no other.
    const page = await fetch(`${t.baseUrl}/${own.slug}`);
    expect(page.headers.get('content-security-policy')).toContain(`frame-src 'self' https://${server.domain}`);
    expect(page.headers.get('content-security-policy')).not.toContain('meet.beradig.test');
    expect(page.headers.get('permissions-policy')).toContain(`camera=(self "https://${server.domain}")`);

    // The operator changes the domain, keeping the secret.
    const moved = await operator.put<VideoSettingsView>(settings, { domain: 'video2.eigene-stelle.test', appId: 'eigene-stelle' });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({ source: 'own', domain: 'video2.eigene-stelle.test', appId: 'eigene-stelle', secretSet: true });
    verifyJitsiToken((await hostToken()).jwt, { ...server, domain: 'video2.eigene-stelle.test' });

    // Bad settings: refused naming the field, nothing changed.
    const stored = await t.dataSource.getRepository(VideoSettings).findOneByOrFail({ centreId: own.id });
    const refusals: string[] = [];
    for (const [body, field] of [
      [{ domain: 'https://x', appId: 'a', secret: 's'.repeat(40) }, 'domain'],
      [{ domain: 'a b', appId: 'a', secret: 's'.repeat(40) }, 'domain'],
      [{ domain: 'meet.example.org/raum', appId: 'a', secret: 's'.repeat(40) }, 'domain'],
      [{ domain: 'Meet.Example.org', appId: 'a', secret: 's'.repeat(40) }, 'domain'],
      [{ appId: 'a', secret: 's'.repeat(40) }, 'domain'],
      [{ domain: 'meet.example.org', appId: 'mit leerzeichen', secret: 's'.repeat(40) }, 'appId'],
      [{ domain: 'meet.example.org', secret: 's'.repeat(40) }, 'appId'],
      [{ domain: 'meet.example.org', appId: 'a', secret: 'zu-kurz' }, 'secret'],
      [{ domain: 'meet.example.org', appId: 'a', secret: `${'s'.repeat(40)} mit Leerzeichen` }, 'secret'],
    ] as const) {
      const res = await ownAdmin.put<Problem>(settings, body);
      const fields = res.body.errors?.map((e) => e.field) ?? [];
      if (res.status !== 400 || !fields.includes(field)) refusals.push(`${JSON.stringify(body)}: ${res.status} ${JSON.stringify(fields)}`);
    }
    expect(refusals).toEqual([]);
    expect(await t.dataSource.getRepository(VideoSettings).findOneByOrFail({ centreId: own.id })).toEqual(stored);

    // Counsellors and clients may neither see nor change them.
    for (const who of [anna.client, klara.client]) {
      expect((await who.get(settings)).status).toBe(403);
      expect((await who.put(settings, server)).status).toBe(403);
      expect((await who.delete(settings)).status).toBe(403);
    }

    // Back to the server's defaults; then a save needs a secret again.
    expect((await ownAdmin.delete(settings)).status).toBe(204);
    expect((await operator.get<VideoSettingsView>(settings)).body).toEqual({ source: 'server', domain: 'meet.beradig.test', appId: 'beradig', secretSet: true });
    expect(await t.dataSource.getRepository(VideoSettings).countBy({ centreId: own.id })).toBe(0);
    verifyJitsiToken((await hostToken()).jwt, JITSI_DEFAULTS);
    const noSecret = await ownAdmin.put<Problem>(settings, { domain: 'meet.example.org', appId: 'a' });
    expect(noSecret.status).toBe(400);
    expect(noSecret.body.errors).toEqual([expect.objectContaining({ field: 'secret', message: 'Bitte geben Sie das Geheimnis (JWT_APP_SECRET) des Jitsi-Servers an.' })]);
    expect(await t.dataSource.getRepository(VideoSettings).countBy({ centreId: own.id })).toBe(0);
    // One centre's settings are not another's.
    expect((await admin.get<VideoSettingsView>(v('/settings'))).body.source).toBe('server');

    const actions = (await t.dataSource.getRepository(AuditEvent).findBy({ targetId: own.id, action: In(['video.settings-changed', 'video.settings-cleared']) })).map((e) => e.action);
    expect(actions.sort()).toEqual(['video.settings-changed', 'video.settings-changed', 'video.settings-cleared']);
  });

  it('pages of a centre with video embed its Jitsi server and may use camera and microphone; other pages and answers stay strict', async () => {
    const without = await createCentre(t, { modules: ['mail'] });
    for (const path of [`/${centre.slug}`, `/${centre.slug}/video/gast`, `/${centre.slug}/video/raum/123`]) {
      const res = await fetch(t.baseUrl + path);
      const csp = res.headers.get('content-security-policy') ?? '';
      const policy = res.headers.get('permissions-policy') ?? '';
      const directive = (name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';
      expect(directive('frame-src'), path).toBe("frame-src 'self' https://meet.beradig.test");
      expect(directive('script-src').split(' '), path).toEqual(expect.arrayContaining(["'self'", 'https://meet.beradig.test']));
      expect(directive('script-src'), path).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
      expect(directive('connect-src'), path).toBe("connect-src 'self'");
      expect(directive('frame-ancestors'), path).toBe("frame-ancestors 'none'");
      for (const feature of ['camera', 'microphone', 'display-capture', 'screen-wake-lock']) {
        expect(policy, `${path} ${feature}`).toContain(`${feature}=(self "https://meet.beradig.test")`);
      }
      for (const feature of ['geolocation', 'payment', 'usb']) expect(policy, `${path} ${feature}`).toContain(`${feature}=()`);
    }
    // A centre without the module, the operator's console, files and API answers: nothing embedded, no camera.
    for (const path of [`/${without.slug}`, `/${without.slug}/video/gast`, '/', '/operator', `/${centre.slug}/main.js`, `/api/v1/centres/${centre.slug}/video/rooms`, `/api/v1/centres/${centre.slug}`]) {
      const res = await fetch(t.baseUrl + path);
      expect(res.headers.get('permissions-policy'), path).toContain('camera=()');
      expect(res.headers.get('permissions-policy'), path).toContain('microphone=()');
      expect(res.headers.get('permissions-policy'), path).not.toContain('meet.beradig.test');
      expect(res.headers.get('content-security-policy'), path).not.toContain('meet.beradig.test');
    }
    // A suspended centre's pages are strict too.
    const suspended = await createCentre(t, { modules: ['mail', 'video'] });
    expect((await fetch(`${t.baseUrl}/${suspended.slug}`)).headers.get('permissions-policy')).toContain('camera=(self');
    expect((await (await t.operator()).patch(`/api/v1/platform/centres/${suspended.slug}`, { suspended: true })).status).toBe(200);
    const off = await fetch(`${t.baseUrl}/${suspended.slug}`);
    expect(off.headers.get('permissions-policy')).toContain('camera=()');
    expect(off.headers.get('content-security-policy')).not.toContain('meet.beradig.test');
  });
});

describe('video without a Jitsi server', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { JITSI_TOKEN_MINUTES: '3' } });
  });
  afterAll(() => t?.close());

  it('nobody can join until the centre’s Jitsi server is set; then tokens follow its settings and the configured lifetime', async () => {
    const centre = await createCentre(t, { modules: ['mail', 'video'] });
    const admin = await login(t, centre.slug, centre.admin.email, centre.admin.password);
    const anna = await counsellor(t, centre, 'Anna Acker');
    const klara = await client(t, centre);
    await assign(centre, admin, await enquiry(centre, klara), anna.id);
    const room = await openVideoRoom(centre, anna, [klara]);
    await acceptVideoConsent(centre, klara);
    const join = (who: Person) => who.client.post<VideoJoinView & Problem>(videoPath(centre, `/rooms/${room.id}/join`));

    expect((await admin.get<VideoSettingsView>(videoPath(centre, '/settings'))).body).toEqual({ source: 'none', domain: null, appId: null, secretSet: false });
    for (const who of [anna, klara]) {
      const refused = await join(who);
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('VIDEO_NOT_CONFIGURED');
      expect(refused.body.detail).toContain('noch nicht eingerichtet');
    }
    // The portal says so, for the pages to tell people before they try.
    const portalInfo = (slug: string) => t.client().get<{ features: Record<string, unknown> }>(`/api/v1/centres/${slug}`);
    expect((await portalInfo(centre.slug)).body.features.video).toEqual({ ready: false });
    const page = await fetch(`${t.baseUrl}/${centre.slug}`);
    expect(page.headers.get('permissions-policy')).toContain('camera=()');
    expect(page.headers.get('content-security-policy')).toMatch(/frame-src 'self'\s*(;|$)/);
    const noSecret = await admin.put<Problem>(videoPath(centre, '/settings'), { domain: 'meet.stelle.test', appId: 'stelle' });
    expect(noSecret.body.errors?.map((e) => e.field)).toEqual(['secret']);

    const server: JitsiServerFixture = { domain: 'meet.stelle.test', appId: 'stelle', secret: 'S'.repeat(32) };
    expect((await admin.put<VideoSettingsView>(videoPath(centre, '/settings'), server)).body).toEqual({ source: 'own', domain: server.domain, appId: server.appId, secretSet: true });
    expect((await portalInfo(centre.slug)).body.features.video).toEqual({ ready: true });
    const host = await join(anna);
    expect(host.status).toBe(200);
    const { payload } = verifyJitsiToken(host.body.jwt, server);
    expect(payload.exp! - payload.iat!).toBe(180);
    expect(payload.context.user).toMatchObject({ affiliation: 'owner', moderator: 'true' });
    expect((await join(klara)).body.code).toBe('VIDEO_HOST_ABSENT');
    await hostPresent(centre, anna, room.id);
    const member = await join(klara);
    expect(verifyJitsiToken(member.body.jwt, server).payload.context.user).toMatchObject({ affiliation: 'member', moderator: 'false' });
    expect((await fetch(`${t.baseUrl}/${centre.slug}`)).headers.get('permissions-policy')).toContain('camera=(self "https://meet.stelle.test")');
  });
});
