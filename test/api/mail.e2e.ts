import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { MailMessageView } from '../../modules/mail/contracts.js';
import type { CaseSummary, CounsellorSummary, Problem } from '../../src/contracts/index.js';
import { ActivityNotifier } from '../../src/cases/activity-notifier.js';
import { CaseAudiences } from '../../src/cases/case-audiences.js';
import { CasesService } from '../../src/cases/cases.service.js';
import { Centre } from '../../src/tenancy/centre.entity.js';
import { CentreService } from '../../src/tenancy/centre.service.js';
import { UserAccount } from '../../src/identity/accounts/user-account.entity.js';
import { createCentre, type CentreFixture, login } from '../factories/centres.js';
import { assign, client, counsellor, enquiry, type Person, post, thread } from '../factories/mail.js';
import type { ApiClient } from '../support/api-client.js';
import { databaseContains } from '../support/db-scan.js';
import { connectSocket } from '../support/sockets.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('secure mail counselling', () => {
  let t: TestApp;
  let centre: CentreFixture;
  let admin: ApiClient;
  const url = (path: string) => `/api/v1/centres/${centre.slug}${path}`;

  beforeAll(async () => {
    t = await startTestApp();
    centre = await createCentre(t, { modules: ['mail', 'chat', 'documents'] });
    admin = await login(t, centre.slug, centre.admin.email, centre.admin.password);
  });
  afterAll(() => t?.close());

  it('enquiry → admin e-mail without text → assignment → reply → client e-mail without text → client reads', async () => {
    const anna = await counsellor(t, centre, 'Anna Acker');
    const klara = await client(t, centre);
    const secret = `Mein Sohn schwänzt seit Wochen die Schule – ${Date.now()}`;
    const since = t.mail.messages.length;
    const caseId = await enquiry(centre, klara, secret, { topic: 'schule', ageGroup: '27-44', postcode: '79098', preferredContact: 'mail' });

    const adminMail = await t.mail.next(centre.admin.email, since);
    expect(adminMail.subject).toContain('Neue Anfrage');
    expect(adminMail.text).not.toContain(secret);
    expect(adminMail.html).not.toContain('Schule');

    const board = await admin.get<CaseSummary[]>(url('/cases'));
    const row = board.body.find((c) => c.id === caseId)!;
    expect(row).toMatchObject({ status: 'new', counsellor: null, routing: { topic: 'schule', ageGroup: '27-44', postcode: '79098', preferredContact: 'mail' } });
    expect(row.members[0]!.name).toBe(klara.username);
    expect(board.text).not.toContain(secret);

    const assigned = await assign(centre, admin, caseId, anna.id);
    expect(assigned).toMatchObject({ status: 'assigned', counsellor: { id: anna.id, name: 'Anna Acker' } });
    await t.mail.next(anna.login, since);

    expect(await thread(centre, anna, caseId)).toEqual([secret]);
    const inbox = await anna.client.get<CaseSummary[]>(url('/cases'));
    expect(inbox.body.find((c) => c.id === caseId)).toMatchObject({ unread: 1 });

    const sinceReply = t.mail.messages.length;
    const reply = await post(centre, anna, caseId, 'Danke für Ihre Nachricht. Wie alt ist Ihr Sohn?');
    expect(reply).toMatchObject({ mine: true, author: { name: 'Anna Acker', role: 'counsellor' } });
    const clientMail = await t.mail.next(klara.email, sinceReply);
    expect(clientMail.subject).toBe('Sie haben eine neue Nachricht in BeraDIG');
    expect(clientMail.text).not.toContain('Wie alt');

    const mine = await klara.client.get<CaseSummary[]>(url('/cases'));
    expect(mine.body[0]).toMatchObject({ id: caseId, unread: 1, counsellor: { name: 'Anna Acker' }, routing: null });
    const messages = await klara.client.get<MailMessageView[]>(url(`/cases/${caseId}/messages`));
    expect(messages.body.map((m) => [m.author.role, m.mine])).toEqual([['client', true], ['counsellor', false]]);
    expect((await klara.client.post<{ unread: number }>(url(`/cases/${caseId}/read`))).body.unread).toBe(0);
    expect((await klara.client.get<CaseSummary[]>(url('/cases'))).body[0]!.unread).toBe(0);

    expect(await databaseContains(t, secret.slice(0, 30))).toBe(false);
  });

  it('keeps content from the admin (403) and from counsellors not assigned (404)', async () => {
    const anna = await counsellor(t, centre);
    const other = await counsellor(t, centre);
    const klara = await client(t, centre);
    const caseId = await enquiry(centre, klara);
    await assign(centre, admin, caseId, anna.id);
    for (const res of [
      await admin.get(url(`/cases/${caseId}/messages`)),
      await admin.post(url(`/cases/${caseId}/messages`), { text: 'x' }),
      await admin.post(url(`/cases/${caseId}/read`)),
      await admin.get(url(`/cases/${caseId}/note`)),
      await klara.client.get(url(`/cases/${caseId}/note`)),
    ]) {
      expect(res.status).toBe(403);
    }
    for (const res of [
      await other.client.get(url(`/cases/${caseId}/messages`)),
      await other.client.post(url(`/cases/${caseId}/messages`), { text: 'x' }),
      await other.client.get(url(`/cases/${caseId}`)),
      await other.client.get(url(`/cases/${caseId}/note`)),
    ]) {
      expect(res.status).toBe(404);
    }
    expect((await other.client.get<CaseSummary[]>(url('/cases'))).body.map((c) => c.id)).not.toContain(caseId);
  });

  it('after reassignment the new counsellor sees only what comes after; the client sees all', async () => {
    const first = await counsellor(t, centre);
    const second = await counsellor(t, centre);
    const klara = await client(t, centre);
    const caseId = await enquiry(centre, klara, 'vorher 1');
    await assign(centre, admin, caseId, first.id);
    await post(centre, first, caseId, 'vorher 2');
    await post(centre, klara, caseId, 'vorher 3');
    await assign(centre, admin, caseId, second.id);
    expect(await thread(centre, second, caseId)).toEqual([]);
    await post(centre, klara, caseId, 'nachher 1');
    await post(centre, second, caseId, 'nachher 2');
    expect(await thread(centre, second, caseId)).toEqual(['nachher 1', 'nachher 2']);
    expect(await thread(centre, klara, caseId)).toEqual(['vorher 1', 'vorher 2', 'vorher 3', 'nachher 1', 'nachher 2']);
    expect((await first.client.get(url(`/cases/${caseId}/messages`))).status).toBe(404);

    // Back to the first counsellor: their own earlier period again, not the second one's.
    await assign(centre, admin, caseId, first.id);
    expect(await thread(centre, first, caseId)).toEqual(['vorher 1', 'vorher 2', 'vorher 3']);
  });

  it('groups: members share the group thread but not each other’s private threads', async () => {
    const anna = await counsellor(t, centre);
    const mother = await client(t, centre);
    const father = await client(t, centre);
    const stranger = await client(t, centre);
    const motherCase = await enquiry(centre, mother, 'privat Mutter');
    const fatherCase = await enquiry(centre, father, 'privat Vater');
    const strangerCase = await enquiry(centre, stranger, 'privat Fremd');
    for (const id of [motherCase, fatherCase]) await assign(centre, admin, id, anna.id);

    const refused = await anna.client.post<Problem>(url('/groups'), { title: 'Familie', memberIds: [mother.id, stranger.id] });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.field).toBe('memberIds');
    expect((await anna.client.post(url('/groups'), { title: 'Eine', memberIds: [mother.id] })).status).toBe(400);
    expect((await mother.client.post(url('/groups'), { title: 'x', memberIds: [mother.id, father.id] })).status).toBe(403);

    const group = await anna.client.post<CaseSummary>(url('/groups'), { title: 'Familie Sommer', memberIds: [mother.id, father.id] });
    expect(group.status).toBe(201);
    expect(group.body).toMatchObject({ kind: 'group', title: 'Familie Sommer', counsellor: { id: anna.id } });
    await post(centre, anna, group.body.id, 'Willkommen in der gemeinsamen Beratung');
    await post(centre, father, group.body.id, 'Hallo zusammen');
    expect(await thread(centre, mother, group.body.id)).toEqual(['Willkommen in der gemeinsamen Beratung', 'Hallo zusammen']);

    expect((await mother.client.get(url(`/cases/${fatherCase}/messages`))).status).toBe(404);
    expect((await father.client.get(url(`/cases/${motherCase}/messages`))).status).toBe(404);
    expect((await stranger.client.get(url(`/cases/${group.body.id}/messages`))).status).toBe(404);
    expect((await mother.client.get<CaseSummary[]>(url('/cases'))).body.map((c) => c.kind).sort()).toEqual(['group', 'individual']);
    void strangerCase;
  });

  it('notes are for their author only and go with the case', async () => {
    const anna = await counsellor(t, centre);
    const ben = await counsellor(t, centre);
    const klara = await client(t, centre);
    const caseId = await enquiry(centre, klara);
    await assign(centre, admin, caseId, anna.id);
    const saved = await anna.client.put<{ text: string }>(url(`/cases/${caseId}/note`), { text: 'Vater ist wichtig' });
    expect(saved.body.text).toBe('Vater ist wichtig');
    expect((await anna.client.get<{ text: string }>(url(`/cases/${caseId}/note`))).body.text).toBe('Vater ist wichtig');
    await assign(centre, admin, caseId, ben.id);
    expect((await ben.client.get<{ text: string }>(url(`/cases/${caseId}/note`))).body.text).toBe('');
    expect((await anna.client.get(url(`/cases/${caseId}/note`))).status).toBe(404);
    expect(await databaseContains(t, 'Vater ist wichtig')).toBe(false);
  });

  it('absence assistant: clients see it, the admin hears of new messages (no content) and may send a notice', async () => {
    const anna = await counsellor(t, centre, 'Anna Abwesend');
    const klara = await client(t, centre);
    const caseId = await enquiry(centre, klara);
    await assign(centre, admin, caseId, anna.id);

    const before = await admin.post<Problem>(url(`/cases/${caseId}/notices`), { text: 'Hinweis' });
    expect(before.status).toBe(409);
    expect(before.body.code).toBe('NOTICE_NOT_ALLOWED');

    expect((await anna.client.put(url('/absence'), { enabled: true, text: 'Bis 3. Januar im Urlaub.' })).status).toBe(200);
    const seen = await klara.client.get<CaseSummary>(url(`/cases/${caseId}`));
    expect(seen.body.counsellorAbsence).toEqual({ text: 'Bis 3. Januar im Urlaub.' });
    const staff = await admin.get<CounsellorSummary[]>(url('/counsellors'));
    expect(staff.body.find((c) => c.id === anna.id)).toMatchObject({ absent: true, openCases: 1 });

    await post(centre, klara, caseId, 'Es ist dringend, bitte melden Sie sich.');
    const handover = await t.mail.waitFor(centre.admin.email, 10_000, (m) => m.subject.startsWith('Nachricht an eine abwesende Fachkraft'));
    expect(handover.text).not.toContain('dringend');

    const notice = await admin.post<{ id: string }>(url(`/cases/${caseId}/notices`), { text: 'Frau Abwesend ist bis 3. Januar nicht da. Rufen Sie gern an.' });
    expect(notice.status).toBe(201);
    const messages = await klara.client.get<MailMessageView[]>(url(`/cases/${caseId}/messages`));
    expect(messages.body.at(-1)).toMatchObject({ author: { role: 'admin', name: '' }, text: 'Frau Abwesend ist bis 3. Januar nicht da. Rufen Sie gern an.' });

    // The admin switches it for a counsellor who fell ill suddenly, and off again.
    const ben = await counsellor(t, centre);
    expect((await admin.put<{ enabled: boolean; setByAdmin: boolean }>(url(`/counsellors/${ben.id}/absence`), { enabled: true, text: null })).body).toMatchObject({
      enabled: true,
      setByAdmin: true,
    });
    expect((await ben.client.get<{ enabled: boolean }>(url('/absence'))).body.enabled).toBe(true);
    expect((await anna.client.put(url('/absence'), { enabled: false })).status).toBe(200);
    expect((await admin.put(url(`/counsellors/${klara.id}/absence`), { enabled: true })).status).toBe(404);
  });

  it('an enquiry of a client who is assigned already goes straight to their counsellor', async () => {
    const anna = await counsellor(t, centre);
    const klara = await client(t, centre);
    // Crisis contacts and bookings (later modules) assign a client before they write.
    const cases = t.app.get(CasesService);
    const { case: row } = await t.dataSource.transaction((m) => cases.openForClient(m, centre.id, klara.id));
    const resolved = { id: centre.id, slug: centre.slug, name: centre.slug, modules: ['mail'], suspended: false };
    const before = t.mail.messages.length;
    await cases.assign(resolved, { type: 'user', id: anna.id, role: 'admin', centreId: centre.id }, row.id, anna.id);
    // The assignment notice goes out after the commit; wait for it so it is not mistaken for the message mail.
    expect((await t.mail.next(anna.login, before)).subject).toMatch(/^Ihnen wurde eine Beratung zugeordnet/);
    const since = t.mail.messages.length;
    const caseId = await enquiry(centre, klara, 'Direkt an meine Beraterin');
    expect(caseId).toBe(row.id);
    expect(await thread(centre, anna, caseId)).toEqual(['Direkt an meine Beraterin']);
    const mailed = await t.mail.next(anna.login, since);
    expect(mailed.subject).toBe('Sie haben eine neue Nachricht in BeraDIG');
    await new Promise((r) => setTimeout(r, 400));
    expect(t.mail.messages.slice(since).filter((m) => m.to.includes(centre.admin.email) && m.subject.includes('Neue Anfrage'))).toEqual([]);
  });

  it('tells the admins live when someone confirms a registration', async () => {
    const socket = await connectSocket(t.baseUrl, admin);
    await client(t, centre);
    await socket.next('account.registered');
    socket.close();
  });

  it('answers a notice before assignment to the client directly', async () => {
    const klara = await client(t, centre);
    const caseId = await enquiry(centre, klara);
    expect((await admin.post(url(`/cases/${caseId}/notices`), { text: 'Wir melden uns bis Freitag.' })).status).toBe(201);
    expect(await thread(centre, klara, caseId)).toContain('Wir melden uns bis Freitag.');
  });

  it.each([
    ['empty text', { text: '   ' }, 400],
    ['over-long text', { text: 'x'.repeat(20_001) }, 400],
    ['no text', {}, 400],
    ['an extra field', { text: 'hallo', authorRole: 'counsellor' }, 400],
  ])('refuses %s and stores nothing', async (_label, body, status) => {
    const klara = await client(t, centre);
    const caseId = await enquiry(centre, klara);
    const res = await klara.client.post<Problem>(url(`/cases/${caseId}/messages`), body);
    expect(res.status).toBe(status);
    expect(await thread(centre, klara, caseId)).toHaveLength(1);
  });

  it('accepts exactly 20,000 characters', async () => {
    const klara = await client(t, centre);
    const caseId = await enquiry(centre, klara);
    expect((await klara.client.post(url(`/cases/${caseId}/messages`), { text: 'ä'.repeat(20_000) })).status).toBe(201);
  });

  it('answers 404 for unknown and foreign case ids, and refuses a second enquiry', async () => {
    const klara = await client(t, centre);
    const paul = await client(t, centre);
    const klarasCase = await enquiry(centre, klara);
    for (const id of ['01a2184c-0000-7000-8000-000000000000', 'kein-fall', klarasCase]) {
      expect((await paul.client.post(url(`/cases/${id}/messages`), { text: 'x' })).status).toBe(404);
      expect((await paul.client.get(url(`/cases/${id}/messages`))).status).toBe(404);
    }
    const again = await klara.client.post<Problem>(url('/enquiries'), { text: 'Noch eine Anfrage' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ENQUIRY_EXISTS');
    expect(await thread(centre, klara, klarasCase)).toHaveLength(1);
    const badRouting = await paul.client.post<Problem>(url('/enquiries'), { text: 'x', topic: 'astrologie', postcode: '123' });
    expect(badRouting.body.errors?.map((e) => e.field).sort()).toEqual(['postcode', 'topic']);
    expect((await paul.client.get<CaseSummary[]>(url('/cases'))).body).toEqual([]);
  });

  it("keeps another centre's cases out of reach (404) and is invisible without the module (404)", async () => {
    const other = await createCentre(t, { modules: [] });
    const otherAdmin = await login(t, other.slug, other.admin.email, other.admin.password);
    const klara = await client(t, centre);
    const caseId = await enquiry(centre, klara);
    expect((await otherAdmin.get(`/api/v1/centres/${other.slug}/cases/${caseId}`)).status).toBe(404);
    expect((await otherAdmin.put(`/api/v1/centres/${other.slug}/cases/${caseId}/counsellor`, { counsellorId: klara.id })).status).toBe(404);
    expect((await otherAdmin.post(`/api/v1/centres/${other.slug}/cases/${caseId}/notices`, { text: 'x' })).status).toBe(404);
    expect((await otherAdmin.get(`/api/v1/centres/${other.slug}/cases/${caseId}/messages`)).status).toBe(404);
  });

  it('two enquiries sent at the same moment open one case', async () => {
    const klara = await client(t, centre);
    const answers = await Promise.all(['Erste Anfrage', 'Zweite Anfrage', 'Dritte Anfrage'].map((text) => klara.client.post<Problem>(url('/enquiries'), { text })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    const cases = (await klara.client.get<CaseSummary[]>(url('/cases'))).body;
    expect(cases).toHaveLength(1);
    expect(await thread(centre, klara, cases[0]!.id)).toHaveLength(1);
  });

  it('a message written while the case is being reassigned goes to the new counsellor’s period, not the old one', async () => {
    const anna = await counsellor(t, centre, 'Anna Acker');
    const ben = await counsellor(t, centre, 'Ben Berg');
    const klara = await client(t, centre);
    const caseId = await enquiry(centre, klara);
    await assign(centre, admin, caseId, anna.id);
    const annaSocket = await connectSocket(t.baseUrl, anna.client);
    // The hot path asks for the case's audience (counsellor and clients), then writes; the
    // lookup is wrapped to let the reassignment in between.
    const audiences = t.app.get(CaseAudiences);
    const original = audiences.of.bind(audiences);
    const resolved = (await t.app.get(CentreService).resolve(centre.slug))!;
    const adminId = (await admin.get<{ id: string }>('/api/v1/auth/me')).body.id;
    let calls = 0;
    const spy = vi.spyOn(audiences, 'of').mockImplementation(async (...args: Parameters<CaseAudiences['of']>) => {
      const audience = await original(...args);
      // The admin reassigns between the lookup and the write of the first attempt.
      if (++calls === 1) await t.app.get(CasesService).assign(resolved, { type: 'user', id: adminId, role: 'admin', centreId: centre.id }, caseId, ben.id);
      return audience;
    });
    try {
      await post(centre, klara, caseId, 'Geschrieben während des Wechsels');
    } finally {
      spy.mockRestore();
    }
    expect(calls).toBe(2);
    expect(await thread(centre, ben, caseId)).toEqual(['Geschrieben während des Wechsels']);
    expect((await anna.client.get(url(`/cases/${caseId}/messages`))).status).toBe(404);
    await post(centre, ben, caseId, 'Kontrolle');
    await new Promise((r) => setTimeout(r, 200));
    expect(annaSocket.received.filter((r) => r.event === 'mail.message')).toEqual([]);
    annaSocket.close();
  });

  it('refuses to assign to anyone but an active counsellor of the centre', async () => {
    const klara = await client(t, centre);
    const caseId = await enquiry(centre, klara);
    for (const counsellorId of [klara.id, centre.id, '01a2184c-0000-7000-8000-000000000000']) {
      const res = await admin.put<Problem>(url(`/cases/${caseId}/counsellor`), { counsellorId });
      expect(res.status).toBe(400);
      expect(res.body.errors?.[0]?.field).toBe('counsellorId');
    }
    expect((await admin.put(url(`/cases/${caseId}/counsellor`), { counsellorId: 'nicht-uuid' })).status).toBe(400);
  });

  it('deleting a client erases their threads, notes and group memberships; the group goes on', async () => {
    const anna = await counsellor(t, centre);
    const leaving = await client(t, centre);
    const staying = await client(t, centre);
    const leavingCase = await enquiry(centre, leaving, 'privat, wird gelöscht');
    const stayingCase = await enquiry(centre, staying, 'bleibt');
    for (const id of [leavingCase, stayingCase]) await assign(centre, admin, id, anna.id);
    await anna.client.put(url(`/cases/${leavingCase}/note`), { text: 'Notiz zur gehenden Person' });
    const group = (await anna.client.post<CaseSummary>(url('/groups'), { title: 'Paar', memberIds: [leaving.id, staying.id] })).body;
    await post(centre, leaving, group.id, 'von der gehenden Person');
    await post(centre, staying, group.id, 'von der bleibenden Person');

    expect((await leaving.client.delete(url('/account'), { password: leaving.password })).status).toBe(204);

    expect((await anna.client.get(url(`/cases/${leavingCase}`))).status).toBe(404);
    const remaining = await anna.client.get<CaseSummary>(url(`/cases/${group.id}`));
    expect(remaining.body.members.map((m) => m.id)).toEqual([staying.id]);
    expect(await thread(centre, staying, group.id)).toEqual(['von der bleibenden Person']);
    for (const text of ['privat, wird gelöscht', 'Notiz zur gehenden Person', 'von der gehenden Person']) {
      expect(await databaseContains(t, text)).toBe(false);
    }
    expect(await databaseContains(t, leaving.id)).toBe(false);
  });

  it('e-mail once per unread thread, or as an hourly digest, or not at all for staff who chose so', async () => {
    const anna = await counsellor(t, centre);
    const klara = await client(t, centre);
    const caseId = await enquiry(centre, klara);
    await assign(centre, admin, caseId, anna.id);
    const since = t.mail.messages.length;
    await post(centre, anna, caseId, 'eins');
    await post(centre, anna, caseId, 'zwei');
    await t.mail.next(klara.email, since);
    await new Promise((r) => setTimeout(r, 1200)); // unread counts and what they trigger follow within a second
    expect(t.mail.messages.slice(since).filter((m) => m.to.includes(klara.email))).toHaveLength(1);

    await klara.client.post(url(`/cases/${caseId}/read`));
    await t.dataSource.getRepository(UserAccount).update({ id: klara.id }, { notifyMode: 'hourly' });
    const sinceHourly = t.mail.messages.length;
    await post(centre, anna, caseId, 'drei');
    await new Promise((r) => setTimeout(r, 1200)); // unread counts and what they trigger follow within a second
    expect(t.mail.messages.slice(sinceHourly).filter((m) => m.to.includes(klara.email))).toHaveLength(0);
    const later = new Date(Date.now() + 3_600_000);
    // While the centre is suspended the digest waits.
    await t.dataSource.getRepository(Centre).update({ id: centre.id }, { suspended: true });
    await t.app.get(ActivityNotifier).sendDigests(later);
    await new Promise((r) => setTimeout(r, 1200)); // unread counts and what they trigger follow within a second
    expect(t.mail.messages.slice(sinceHourly).filter((m) => m.to.includes(klara.email))).toHaveLength(0);
    await t.dataSource.getRepository(Centre).update({ id: centre.id }, { suspended: false });
    expect(await t.app.get(ActivityNotifier).sendDigests(later)).toBeGreaterThanOrEqual(1);
    expect((await t.mail.next(klara.email, sinceHourly)).subject).toBe('Neues für Sie in BeraDIG');

    await t.dataSource.getRepository(UserAccount).update({ id: anna.id }, { notifyMode: 'off' });
    const sinceOff = t.mail.messages.length;
    await post(centre, klara, caseId, 'an die Beraterin');
    await new Promise((r) => setTimeout(r, 1200)); // unread counts and what they trigger follow within a second
    expect(t.mail.messages.slice(sinceOff).filter((m) => m.to.includes(anna.login))).toHaveLength(0);
  });

  void ({} as Person);
});
