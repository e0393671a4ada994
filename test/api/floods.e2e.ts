import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ChatRoomView } from '../../modules/chat/contracts.js';
import { createCentre, type CentreFixture, login } from '../factories/centres.js';
import { assign, client, counsellor, enquiry, post } from '../factories/mail.js';
import { pdfs } from '../factories/pdfs.js';
import type { ApiClient } from '../support/api-client.js';
import { connectSocket } from '../support/sockets.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Floods: one person cannot write faster by opening more connections, and bursts are one e-mail. */
describe('floods', () => {
  let t: TestApp;
  let centre: CentreFixture;
  let admin: ApiClient;
  const url = (path: string) => `/api/v1/centres/${centre.slug}${path}`;

  beforeAll(async () => {
    t = await startTestApp({ env: { CHAT_MESSAGES_PER_MINUTE: '20' } });
    centre = await createCentre(t, { modules: ['mail', 'chat', 'documents'] });
    admin = await login(t, centre.slug, centre.admin.email, centre.admin.password);
  });
  afterAll(() => t?.close());

  it('chat lines are limited per person across all their sockets and HTTP', async () => {
    const anna = await counsellor(t, centre);
    const klara = await client(t, centre);
    await assign(centre, admin, await enquiry(centre, klara), anna.id);
    const room = (await anna.client.post<ChatRoomView>(url('/chat/rooms'), { name: 'Raum', participantIds: [klara.id] })).body;
    const sockets = await Promise.all([1, 2, 3, 4].map(() => connectSocket(t.baseUrl, anna.client)));
    const answers: boolean[] = [];
    for (let round = 0; round < 6; round++) {
      for (const socket of sockets) answers.push(((await socket.socket.emitWithAck('chat.send', { roomId: room.id, text: `Zeile ${round}` })) as { ok: boolean }).ok);
      answers.push((await anna.client.post(url(`/chat/rooms/${room.id}/messages`), { text: `per HTTP ${round}` })).status === 201);
    }
    for (const socket of sockets) socket.close();
    expect(answers.filter(Boolean)).toHaveLength(20);
    const stored = await t.dataSource.query<{ n: number | string }[]>('SELECT COUNT(*) AS n FROM chat_message WHERE roomId = ?', [room.id]);
    expect(Number(stored[0]!.n)).toBe(20);
  });

  it('ten documents shared in a row are one e-mail to each reader', async () => {
    const anna = await counsellor(t, centre);
    const klara = await client(t, centre);
    const caseId = await enquiry(centre, klara);
    const before = t.mail.messages.length;
    await assign(centre, admin, caseId, anna.id);
    await t.mail.next(anna.login, before);
    const since = t.mail.messages.length;
    for (let i = 0; i < 10; i++) {
      const res = await klara.client.upload(url(`/cases/${caseId}/documents`), pdfs.minimal(`Seite ${i}`), { 'content-type': 'application/pdf', 'x-file-name': `scan-${i}.pdf` });
      expect(res.status).toBe(201);
    }
    await t.mail.next(anna.login, since);
    await new Promise((r) => setTimeout(r, 500));
    expect(t.mail.messages.slice(since).filter((m) => m.to.includes(anna.login) && m.subject.includes('neues Dokument'))).toHaveLength(1);
  });

  it('several messages to an absent counsellor are one notice to the administration', async () => {
    const anna = await counsellor(t, centre);
    const klara = await client(t, centre);
    const caseId = await enquiry(centre, klara);
    await assign(centre, admin, caseId, anna.id);
    expect((await anna.client.put(url('/absence'), { enabled: true, text: 'Im Urlaub' })).status).toBe(200);
    const since = t.mail.messages.length;
    for (let i = 0; i < 5; i++) await post(centre, klara, caseId, `Nachricht ${i}`);
    await t.mail.waitFor(centre.admin.email, 10_000, (m) => m.subject.startsWith('Nachricht an eine abwesende Fachkraft'));
    await new Promise((r) => setTimeout(r, 1_500));
    const notices = t.mail.messages.slice(since).filter((m) => m.to.includes(centre.admin.email) && m.subject.startsWith('Nachricht an eine abwesende Fachkraft'));
    expect(notices).toHaveLength(1);
  });
});
