import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ChatRoomView } from '../../modules/chat/contracts.js';
import { FEATURES } from '../../src/app.features.js';
import type { Problem } from '../../src/contracts/problem.js';
import { createCentre, type CentreFixture, login } from '../factories/centres.js';
import { assign, client, counsellor, enquiry, type Person, thread } from '../factories/mail.js';
import type { ApiClient } from '../support/api-client.js';
import { connectSocket } from '../support/sockets.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The samples of the security test's item 7 (issue 11): bad input that answered 500 or was stored
 * silently. Each is a 400 with field messages now; the fuzz walk (input-fuzz.e2e.ts) covers the
 * same classes on every route.
 */
describe('bad input', () => {
  let t: TestApp;
  let centre: CentreFixture;
  let operator: ApiClient;
  let admin: ApiClient;
  let anna: Person;
  let klara: Person;
  let caseId: string;
  let room: ChatRoomView;
  const api = (path: string) => `/api/v1/centres/${centre.slug}${path}`;
  const fields = (res: { body: unknown }) => ((res.body as Problem).errors ?? []).map((e) => [e.field, e.code]);
  const nested = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth);
  const nestedObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
  const json = { 'content-type': 'application/json' };

  beforeAll(async () => {
    t = await startTestApp();
    centre = await createCentre(t, { modules: FEATURES.map((f) => f.key) });
    operator = await t.operator();
    admin = await login(t, centre.slug, centre.admin.email, centre.admin.password);
    anna = await counsellor(t, centre, 'Anna Acker');
    klara = await client(t, centre);
    caseId = await enquiry(centre, klara);
    await assign(centre, admin, caseId, anna.id);
    const res = await anna.client.post<ChatRoomView>(api('/chat/rooms'), { name: 'Dienstag', participantIds: [klara.id] });
    expect(res.status).toBe(201);
    room = res.body;
  });
  afterAll(() => t?.close());

  describe('JSON nested 10,000 levels deep', () => {
    it('is refused before it is parsed, on public routes too, naming the field', async () => {
      for (const body of [
        `{"email":${nested(10_000)},"password":"x"}`,
        `{"email":"a@b.de","password":${nestedObject(10_000)}}`,
      ]) {
        const res = await t.client().post<Problem>('/api/v1/platform/auth/login', body, json);
        expect(res.status, body.slice(0, 40)).toBe(400);
        expect(res.body.code).toBe('BODY_TOO_DEEP');
        expect(fields(res)).toHaveLength(1);
        expect(fields(res)[0]![1]).toBe('field.depth');
      }
      const reg = await t.client().post<Problem>(api('/registrations'), `{"username":${nested(10_000)}}`, json);
      expect(reg.status).toBe(400);
      expect(fields(reg)).toEqual([['username', 'field.depth']]);
    });

    it('is refused as a whole when the body itself is the deep part', async () => {
      const res = await t.client().post<Problem>(api('/password-reset'), nested(10_000), json);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('BODY_TOO_DEEP');
      expect(res.body.detail).toMatch(/verschachtelt/);
    });

    it('is refused on routes of logged-in people', async () => {
      const res = await anna.client.patch<Problem>(api(`/chat/rooms/${room.id}`), `{"name":${nestedObject(10_000)}}`, json);
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual([['name', 'field.depth']]);
    });

    it('does not count brackets inside strings', async () => {
      const res = await anna.client.patch<ChatRoomView>(api(`/chat/rooms/${room.id}`), { name: '['.repeat(60) + ' Dienstag' });
      expect(res.status).toBe(200);
      await anna.client.patch(api(`/chat/rooms/${room.id}`), { name: 'Dienstag' });
    });
  });

  describe('lone surrogates', () => {
    it('in an e-mail field are a field error', async () => {
      const email = 'a\ud800@example.org';
      const cases: [ApiClient, string, object][] = [
        [t.client(), '/api/v1/platform/auth/login', { email, password: 'Irgendein-Passwort-1' }],
        [t.client(), api('/registrations'), { username: 'surrogat', email, password: 'Wald-Wiese-Fluss-7', privacyAccepted: true }],
        [t.client(), api('/password-reset'), { email }],
        [admin, api('/staff'), { name: 'Birgit Berger', email, role: 'counsellor' }],
        [klara.client, api('/account/email'), { email, password: klara.password }],
        [operator, '/api/v1/platform/centres', { slug: 'surrogat', name: 'Surrogat', adminEmail: email, modules: ['mail'] }],
      ];
      for (const [who, path, body] of cases) {
        const res = await who.post<Problem>(path, body);
        expect(res.status, path).toBe(400);
        expect(fields(res), path).toContainEqual([path.endsWith('/centres') ? 'adminEmail' : 'email', 'field.characters']);
      }
    });

    it('in texts are refused, not stored', async () => {
      for (const text of ['Hallo \ud800 Welt', 'Hallo \udfff', '\udc00']) {
        const res = await klara.client.post<Problem>(api(`/cases/${caseId}/messages`), { text });
        expect(res.status, JSON.stringify(text)).toBe(400);
        expect(fields(res)).toEqual([['text', 'field.characters']]);
        const line = await klara.client.post<Problem>(api(`/chat/rooms/${room.id}/messages`), { text });
        expect(line.status).toBe(400);
      }
      expect((await thread(centre, klara, caseId)).some((m) => m.includes('Hallo'))).toBe(false);
    });

    it('are told apart from pairs, which are text like any other', async () => {
      const res = await klara.client.post(api(`/cases/${caseId}/messages`), { text: 'Danke 🙂' });
      expect(res.status).toBe(201);
    });
  });

  describe('control characters', () => {
    it('NUL and the like are refused in every text', async () => {
      for (const text of ['a\u0000b', 'a\u0007b', 'a\u001bb', 'a\u007fb', 'a\u0085b']) {
        const res = await klara.client.post<Problem>(api(`/cases/${caseId}/messages`), { text });
        expect(res.status, JSON.stringify(text)).toBe(400);
        expect(fields(res)).toEqual([['text', 'field.characters']]);
      }
      const name = await anna.client.patch<Problem>(api(`/chat/rooms/${room.id}`), { name: 'Dien\u0000stag' });
      expect(fields(name)).toEqual([['name', 'field.characters']]);
      const note = await anna.client.put<Problem>(api(`/cases/${caseId}/note`), { text: 'Notiz\u0000' });
      expect(fields(note)).toEqual([['text', 'field.characters']]);
      const user = await t.client().post<Problem>(api('/registrations'), { username: 'nul\u0000l', email: 'n@example.org', password: 'Wald-Wiese-Fluss-7', privacyAccepted: true });
      expect(fields(user)).toContainEqual(['username', 'field.characters']);
    });

    it('socket payloads are checked like bodies', async () => {
      const socket = await connectSocket(t.baseUrl, klara.client);
      try {
        for (const text of ['a\u0000b', 'Hallo \ud800']) {
          const ack = (await socket.socket.timeout(5000).emitWithAck('chat.send', { roomId: room.id, text })) as { ok: boolean; status?: number };
          expect(ack, JSON.stringify(text)).toMatchObject({ ok: false, status: 400, code: 'VALIDATION_FAILED' });
        }
        const proto = JSON.parse(`{"__proto__":{"x":1},"roomId":"${room.id}","text":"Hallo"}`) as object;
        expect(await socket.socket.timeout(5000).emitWithAck('chat.send', proto)).toMatchObject({ ok: false, status: 400 });
        // 10,000 levels deep, written as the raw socket.io packet (the client library's own encoder
        // would overflow its stack on it): event 2, acknowledgement id 9999.
        const engine = socket.socket.io.engine;
        const answer = new Promise<string>((resolve) => {
          const onMessage = (data: unknown) => {
            if (typeof data === 'string' && data.startsWith('39999')) {
              engine.off('message', onMessage);
              resolve(data.slice(5));
            }
          };
          engine.on('message', onMessage);
        });
        engine.write(`29999["chat.send",{"roomId":"${room.id}","text":${nested(10_000, '"Hallo"')}}]`);
        expect(JSON.parse(await answer)).toEqual([expect.objectContaining({ ok: false, status: 400, code: 'VALIDATION_FAILED' })]);
      } finally {
        socket.close();
      }
      const lines = await klara.client.get<{ text: string }[]>(api(`/chat/rooms/${room.id}/messages`));
      expect(lines.body.filter((l) => l.text.startsWith('a') || l.text.startsWith('Hallo'))).toEqual([]);
    });

    it('line breaks and tabs are text in multi-line fields, and refused in single-line ones', async () => {
      const res = await klara.client.post(api(`/cases/${caseId}/messages`), { text: 'Erste Zeile\r\nzweite\tZeile' });
      expect(res.status).toBe(201);
      expect(await thread(centre, klara, caseId)).toContain('Erste Zeile\r\nzweite\tZeile');
      const name = await anna.client.patch<Problem>(api(`/chat/rooms/${room.id}`), { name: 'Dien\nstag' });
      expect(name.status).toBe(400);
      expect(fields(name)).toEqual([['name', 'field.singleLine']]);
      const centreName = await operator.patch<Problem>(`/api/v1/platform/centres/${centre.slug}`, { name: 'Beratung\tMitte' });
      expect(fields(centreName)).toEqual([['name', 'field.singleLine']]);
      const imprint = await operator.patch(`/api/v1/platform/centres/${centre.slug}`, { imprint: 'Beratung Mitte\nHauptstraße 1\n12345 Musterstadt' });
      expect(imprint.status).toBe(200);
    });

    it('direction overrides are refused in names, where they could disguise one, and kept in messages', async () => {
      const before = await anna.client.get<{ name: string }>(api(`/chat/rooms/${room.id}`));
      expect(before.body.name).toEqual(expect.any(String));
      for (const control of ['\u202e', '\u202d', '\u2067']) {
        const name = await anna.client.patch<Problem>(api(`/chat/rooms/${room.id}`), { name: `Gruppe ${control}txt.exe` });
        expect(name.status).toBe(400);
        expect(fields(name)).toEqual([['name', 'field.characters']]);
      }
      expect((await anna.client.get<{ name: string }>(api(`/chat/rooms/${room.id}`))).body.name).toBe(before.body.name);
      // Right-to-left script itself is a name like any other.
      expect((await anna.client.patch(api(`/chat/rooms/${room.id}`), { name: 'مجموعة الأهل' })).status).toBe(200);
      const res = await klara.client.post(api(`/cases/${caseId}/messages`), { text: 'Zitat: \u2067مرحبا\u2069 – danke' });
      expect(res.status).toBe(201);
      expect(await thread(centre, klara, caseId)).toContain('Zitat: \u2067مرحبا\u2069 – danke');
    });
  });

  describe('invalid UTF-8', () => {
    it('is refused at parse, not stored with replacement characters', async () => {
      const bytes = Buffer.concat([Buffer.from('{"text":"Hallo '), Buffer.from([0xc3, 0x28, 0xff, 0xed, 0xa0, 0x80]), Buffer.from('"}')]);
      const res = await klara.client.request<Problem>('POST', api(`/cases/${caseId}/messages`), new Uint8Array(bytes), json);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('BODY_ENCODING');
      expect((await thread(centre, klara, caseId)).some((m) => m.startsWith('Hallo '))).toBe(false);
    });

    it('encoded surrogates (CESU-8) are invalid UTF-8 too', async () => {
      const bytes = Buffer.concat([Buffer.from('{"email":"a'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('@b.de","password":"x"}')]);
      const res = await t.client().request<Problem>('POST', '/api/v1/platform/auth/login', new Uint8Array(bytes), json);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('BODY_ENCODING');
    });

    it('in a query string is refused, not decoded to replacement characters', async () => {
      for (const query of ['role=%ED%A0%80', 'role=%FF', 'role=%E2%82']) {
        const res = await admin.get<Problem>(api(`/users?${query}`));
        expect(res.status, query).toBe(400);
        expect(res.body.code).toBe('QUERY_ENCODING');
      }
      expect((await admin.get(api('/users?role=client&x=%E2%82%AC')).then((r) => r.status))).toBe(400);
      expect((await admin.get(api('/users?role=client')).then((r) => r.status))).toBe(200);
    });

    it('other charsets than UTF-8 are refused', async () => {
      const res = await t.client().request<Problem>('POST', '/api/v1/platform/auth/login', '{"email":"a@b.de","password":"x"}', {
        'content-type': 'application/json; charset=utf-16le',
      });
      expect(res.status).toBe(415);
    });
  });

  describe('null where a value may only be left out', () => {
    it('PATCH chat/rooms/:id with {"name":null}', async () => {
      const res = await anna.client.patch<Problem>(api(`/chat/rooms/${room.id}`), { name: null });
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual([['name', 'field.null']]);
      // agreedTime is nullable: null removes it.
      expect((await anna.client.patch(api(`/chat/rooms/${room.id}`), { agreedTime: null })).status).toBe(200);
    });

    it('PATCH /platform/centres/:slug with name, modules or suspended null', async () => {
      for (const key of ['name', 'modules', 'suspended']) {
        const res = await operator.patch<Problem>(`/api/v1/platform/centres/${centre.slug}`, { [key]: null });
        expect(res.status, key).toBe(400);
        expect(fields(res), key).toEqual([[key, 'field.null']]);
      }
      const all = await operator.patch<Problem>(`/api/v1/platform/centres/${centre.slug}`, { name: null, modules: null, suspended: null });
      expect(fields(all).map(([f]) => f).sort()).toEqual(['modules', 'name', 'suspended']);
      // The nullable ones still clear.
      expect((await operator.patch(`/api/v1/platform/centres/${centre.slug}`, { imprint: null, homepageUrl: null })).status).toBe(200);
    });

    it('a required field sent as null is missing', async () => {
      const res = await admin.post<Problem>(api('/staff'), { name: null, email: 'x@example.org', role: 'counsellor' });
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual([['name', 'field.required']]);
    });
  });

  describe('a body that is not an object', () => {
    it('is refused for a DTO, as the whole', async () => {
      for (const body of ['[{"name":"Dienstag"}]', '[]']) {
        const res = await anna.client.patch<Problem>(api(`/chat/rooms/${room.id}`), body, json);
        expect(res.status, body).toBe(400);
        expect(fields(res)).toEqual([['', 'field.object']]);
      }
      const login = await t.client().post<Problem>('/api/v1/platform/auth/login', '[]', json);
      expect(fields(login)).toEqual([['', 'field.object']]);
    });
  });

  describe('prototype keys', () => {
    const withKey = (key: string, body: object) => `{"${key}":{"polluted":true},${JSON.stringify(body).slice(1)}`;

    it('__proto__, constructor and prototype are unknown fields like any other', async () => {
      for (const key of ['__proto__', 'constructor', 'prototype']) {
        const res = await anna.client.patch<Problem>(api(`/chat/rooms/${room.id}`), withKey(key, { name: 'Dienstag' }), json);
        expect(res.status, key).toBe(400);
        expect(fields(res), key).toEqual([[key, 'field.unknown']]);
        const login = await t.client().post<Problem>('/api/v1/platform/auth/login', withKey(key, { email: 'a@b.de', password: 'x' }), json);
        expect(login.status, key).toBe(400);
        expect(fields(login), key).toEqual([[key, 'field.unknown']]);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('in query strings too', async () => {
      const res = await admin.get<Problem>(api('/users?__proto__=x&role=client'));
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual([['__proto__', 'field.unknown']]);
    });
  });
});
