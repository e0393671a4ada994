import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Problem } from '../../src/contracts/problem.js';
import { UserAccount } from '../../src/identity/accounts/user-account.entity.js';
import { createAccount, createCentre, type CentreFixture, login, registerClient, strongPassword } from '../factories/centres.js';
import { databaseContains } from '../support/db-scan.js';
import { linkIn } from '../support/smtp-sink.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('my account', () => {
  let t: TestApp;
  let centre: CentreFixture;
  const url = (path = '') => `/api/v1/centres/${centre.slug}/account${path}`;

  beforeAll(async () => {
    t = await startTestApp();
    centre = await createCentre(t);
  });
  afterAll(() => t?.close());

  it('shows my own data and changes my language', async () => {
    const client = await registerClient(t, centre.slug);
    const session = await login(t, centre.slug, client.username, client.password);
    const profile = await session.get<{ username: string; email: string; role: string; twoFactor: { available: boolean } }>(url());
    expect(profile.body).toMatchObject({ username: client.username, email: client.email, role: 'client', twoFactor: { available: false } });
    expect((await session.patch<{ locale: string }>(url(), { locale: 'en' })).body.locale).toBe('en');
    expect((await session.patch<Problem>(url(), { displayName: 'Clients have no display name' })).status).toBe(400);
    expect((await session.patch<Problem>(url(), { role: 'admin' })).status).toBe(400);
  });

  it('changes the password with the current one; other sessions end, this one goes on', async () => {
    const client = await registerClient(t, centre.slug);
    const here = await login(t, centre.slug, client.username, client.password);
    const elsewhere = await login(t, centre.slug, client.username, client.password);
    const wrong = await here.put<Problem>(url('/password'), { currentPassword: 'nicht-das-richtige', newPassword: strongPassword() });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors?.[0]?.field).toBe('currentPassword');
    const newPassword = strongPassword();
    expect((await here.put(url('/password'), { currentPassword: client.password, newPassword })).status).toBe(204);
    expect((await elsewhere.get('/api/v1/auth/me')).status).toBe(401);
    await here.refreshCsrf();
    expect((await here.get('/api/v1/auth/me')).status).toBe(200);
    await login(t, centre.slug, client.username, newPassword);
  });

  it('changes the e-mail address after the new one confirms, and tells the old one', async () => {
    const client = await registerClient(t, centre.slug);
    const session = await login(t, centre.slug, client.username, client.password);
    const next = `neu-${client.username}@example.org`;
    expect((await session.post(url('/email'), { email: next, password: 'falsch-falsch-falsch' })).status).toBe(400);
    const since = t.mail.messages.length;
    expect((await session.post(url('/email'), { email: next, password: client.password })).status).toBe(202);
    const mail = await t.mail.next(next, since);
    expect(linkIn(mail).pathname).toBe(`/${centre.slug}/email-bestaetigen`);
    // Until confirmed, the old address still logs in.
    await login(t, centre.slug, client.email, client.password);
    const token = linkIn(mail).searchParams.get('token')!;
    expect((await t.client().post(url('/email/confirm'), { token })).status).toBe(200);
    await login(t, centre.slug, next, client.password);
    expect((await t.client().post(`/api/v1/centres/${centre.slug}/auth/login`, { login: client.email, password: client.password })).status).toBe(401);
    const notice = await t.mail.next(client.email, since);
    expect(notice.subject).toContain('Ihre E-Mail-Adresse wurde geändert');
  });

  it('voids a pending e-mail change and reset links when the password changes', async () => {
    const client = await registerClient(t, centre.slug);
    const session = await login(t, centre.slug, client.username, client.password);
    const since = t.mail.messages.length;
    // Someone who knew the password asks to move the account to their own address …
    const theirs = `uebernahme-${client.username}@example.org`;
    expect((await session.post(url('/email'), { email: theirs, password: client.password })).status).toBe(202);
    const token = linkIn(await t.mail.next(theirs, since)).searchParams.get('token')!;
    // … the owner changes the password; the link no longer works.
    expect((await session.put(url('/password'), { currentPassword: client.password, newPassword: strongPassword() })).status).toBe(204);
    const late = await t.client().post<Problem>(url('/email/confirm'), { token });
    expect(late.status).toBe(400);
    expect(late.body.code).toBe('TOKEN_INVALID');
    await session.refreshCsrf();
    expect((await session.get<{ email: string }>(url())).body.email).toBe(client.email);
  });

  it('does not tell whether someone else at the centre uses an address: same answer, a notice to its owner, nothing changed', async () => {
    const a = await registerClient(t, centre.slug);
    const b = await registerClient(t, centre.slug);
    const session = await login(t, centre.slug, a.username, a.password);
    const since = t.mail.messages.length;
    const res = await session.post<Problem>(url('/email'), { email: b.email, password: a.password });
    expect(res.status).toBe(202);
    const notice = await t.mail.next(b.email, since);
    expect(notice.subject).toContain('Ihre Adresse für einen anderen Zugang?');
    expect(notice.text).not.toContain(a.username);
    expect((await session.get<{ email: string }>(url())).body.email).toBe(a.email);
    await login(t, centre.slug, b.email, b.password);
  });

  it('counts wrong password confirmations like failed logins: five, also sent at once, lock the account for a while', async () => {
    const client = await registerClient(t, centre.slug);
    const session = await login(t, centre.slug, client.username, client.password);
    const guesses = await Promise.all([
      ...Array.from({ length: 4 }, (_, i) => session.put<Problem>(url('/password'), { currentPassword: `geraten-${i}-geraten`, newPassword: strongPassword() })),
      ...Array.from({ length: 2 }, (_, i) => session.post<Problem>(url('/email'), { email: `neu-${i}-${client.username}@example.org`, password: `geraten-e${i}-geraten` })),
      session.delete<Problem>(url(), { password: 'geraten-d-geraten' }),
    ]);
    expect(guesses.map((g) => g.status).every((s) => s === 400 || s === 429)).toBe(true);
    for (const right of [
      () => session.put<Problem>(url('/password'), { currentPassword: client.password, newPassword: strongPassword() }),
      () => session.post<Problem>(url('/email'), { email: `neu-${client.username}@example.org`, password: client.password }),
      () => session.delete<Problem>(url(), { password: client.password }),
    ]) {
      const res = await right();
      expect([res.status, res.body.code]).toEqual([429, 'ACCOUNT_LOCKED']);
    }
    const relogin = await t.client().post<Problem>(`/api/v1/centres/${centre.slug}/auth/login`, { login: client.username, password: client.password });
    expect(relogin.body.code).toBe('ACCOUNT_LOCKED');
    // Fifteen minutes later (moved back in time here) the right password works again.
    await t.dataSource.getRepository(UserAccount).update({ id: (await session.get<{ id: string }>(url())).body.id }, { lockedUntil: new Date(Date.now() - 1000) });
    expect((await session.put(url('/password'), { currentPassword: client.password, newPassword: strongPassword() })).status).toBe(204);
  });

  it('exports my data as a JSON download', async () => {
    const client = await registerClient(t, centre.slug);
    const session = await login(t, centre.slug, client.username, client.password);
    const res = await session.get<{ format: string; account: Record<string, unknown>; centre: { slug: string } }>(url('/export'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="beradig-.*\.json"$/);
    expect(res.body.format).toBe('beradig-export/1');
    expect(res.body.centre.slug).toBe(centre.slug);
    expect(res.body.account).toMatchObject({ role: 'client', username: client.username, email: client.email });
    expect(res.body.account.privacyAcceptedAt).toBeTruthy();
  });

  it('deletes my account with everything, leaving no trace of the id or address anywhere in the database', async () => {
    const client = await registerClient(t, centre.slug, { email: `spur-${Date.now()}@example.org` });
    const session = await login(t, centre.slug, client.username, client.password);
    const { id } = (await session.get<{ id: string }>(url())).body;
    await session.get(url('/export'));
    await session.post(url('/email'), { email: `zweite-${Date.now()}@example.org`, password: client.password });

    const refused = await session.delete<Problem>(url(), { password: 'falsch-falsch-falsch' });
    expect(refused.status).toBe(400);
    expect(await t.dataSource.getRepository(UserAccount).countBy({ id })).toBe(1);

    expect((await session.delete(url(), { password: client.password })).status).toBe(204);
    expect((await session.get('/api/v1/auth/me')).status).toBe(401);
    expect((await t.client().post(`/api/v1/centres/${centre.slug}/auth/login`, { login: client.username, password: client.password })).status).toBe(401);
    expect(await databaseContains(t, id)).toBe(false);
    expect(await databaseContains(t, client.email)).toBe(false);
    expect(await databaseContains(t, client.username)).toBe(false);
  });

  it('keeps the last admin', async () => {
    const admin = await login(t, centre.slug, centre.admin.email, centre.admin.password);
    const res = await admin.delete<Problem>(url(), { password: centre.admin.password });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('LAST_ADMIN');
  });

  it('lets staff change their display name', async () => {
    const counsellor = await createAccount(t, centre.id, 'counsellor');
    const session = await login(t, centre.slug, counsellor.email, counsellor.password);
    expect((await session.patch<{ displayName: string }>(url(), { displayName: 'Dr. Eva Neu' })).body.displayName).toBe('Dr. Eva Neu');
    expect((await session.get<{ displayName: string }>('/api/v1/auth/me')).body.displayName).toBe('Dr. Eva Neu');
  });
});
