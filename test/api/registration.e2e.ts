import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Problem } from '../../src/contracts/problem.js';
import { AccountToken } from '../../src/identity/accounts/account-token.entity.js';
import { UserAccount } from '../../src/identity/accounts/user-account.entity.js';
import { RegistrationService } from '../../src/identity/registration/registration.service.js';
import { createCentre, type CentreFixture, login, registerClient, strongPassword } from '../factories/centres.js';
import { linkIn } from '../support/smtp-sink.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('client registration', () => {
  let t: TestApp;
  let centre: CentreFixture;
  const accounts = () => t.dataSource.getRepository(UserAccount).countBy({ centreId: centre.id });

  beforeAll(async () => {
    t = await startTestApp();
    centre = await createCentre(t);
  });
  afterAll(() => t?.close());

  it('takes many registrations at the same moment (no deadlock on MariaDB), each mailed its own link', async () => {
    const before = await accounts();
    const bodies = Array.from({ length: 8 }, (_, i) => ({ username: `Gleichzeitig${i}`, email: `gleich${i}@example.org`, password: strongPassword(), privacyAccepted: true }));
    const answers = await Promise.all(bodies.map((body) => t.client().post(`/api/v1/centres/${centre.slug}/registrations`, body)));
    expect(answers.map((a) => a.status)).toEqual(bodies.map(() => 202));
    expect(await accounts()).toBe(before + bodies.length);
    for (const body of bodies) expect(linkIn(await t.mail.waitFor(body.email)).pathname).toBe(`/${centre.slug}/bestaetigen`);
  });

  it('registers, mails a confirmation link, refuses login until confirmed, then lets the client in', async () => {
    const body = { username: 'Sonnenblume', email: 'sonne@example.org', password: strongPassword(), privacyAccepted: true };
    const res = await t.client().post(`/api/v1/centres/${centre.slug}/registrations`, body);
    expect(res.status).toBe(202);

    const mail = await t.mail.waitFor('sonne@example.org');
    expect(mail.subject).toBe(`Bitte bestätigen Sie Ihre Anmeldung – Beratungsstelle ${centre.slug}`);
    expect(mail.text).not.toContain(body.password);
    const link = linkIn(mail);
    expect(link.pathname).toBe(`/${centre.slug}/bestaetigen`);

    const early = await t.client().post<Problem>(`/api/v1/centres/${centre.slug}/auth/login`, { login: 'sonnenblume', password: body.password });
    expect(early.status).toBe(403);
    expect(early.body.code).toBe('EMAIL_NOT_CONFIRMED');
    // Without the right password nobody learns that the account exists but is unconfirmed.
    const wrong = await t.client().post<Problem>(`/api/v1/centres/${centre.slug}/auth/login`, { login: 'sonnenblume', password: 'falsch-falsch-falsch' });
    expect(wrong.body.code).toBe('LOGIN_FAILED');

    const token = link.searchParams.get('token')!;
    expect((await t.client().post(`/api/v1/centres/${centre.slug}/registrations/confirm`, { token })).status).toBe(200);
    const reused = await t.client().post<Problem>(`/api/v1/centres/${centre.slug}/registrations/confirm`, { token });
    expect(reused.status).toBe(400);
    expect(reused.body.code).toBe('TOKEN_INVALID');

    const session = await login(t, centre.slug, 'SONNENBLUME', body.password);
    const me = await session.get<{ role: string; displayName: string; centre: string }>('/api/v1/auth/me');
    expect(me.body).toMatchObject({ role: 'client', displayName: 'Sonnenblume', centre: centre.slug });
    await login(t, centre.slug, 'Sonne@Example.org', body.password);
  });

  it('refuses an expired link', async () => {
    const client = await registerClient(t, centre.slug, { confirm: false });
    const token = linkIn(await t.mail.waitFor(client.email)).searchParams.get('token')!;
    await t.dataSource.getRepository(AccountToken).update({ purpose: 'registration' }, { expiresAt: new Date(Date.now() - 1000) });
    const res = await t.client().post<Problem>(`/api/v1/centres/${centre.slug}/registrations/confirm`, { token });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('TOKEN_INVALID');
  });

  it('never reveals a registered address: same answer, and a notice to the owner instead', async () => {
    const existing = await registerClient(t, centre.slug);
    const before = await accounts();
    const res = await t.client().post(`/api/v1/centres/${centre.slug}/registrations`, {
      username: 'jemand-anderes',
      email: existing.email,
      password: strongPassword(),
      privacyAccepted: true,
    });
    expect(res.status).toBe(202);
    expect(res.text).toBe('{"accepted":true}');
    const notice = await t.mail.waitFor(existing.email, 10_000, (m) => m.subject.startsWith('Registrierung mit Ihrer Adresse'));
    expect(linkIn(notice).pathname).toBe(`/${centre.slug}/passwort-vergessen`);
    // Stored like a registration with a new address (which holds its username until it runs
    // out), without a link: nothing to tell the two apart but the mail to the owner.
    expect(await accounts()).toBe(before + 1);
    expect(t.mail.to(existing.email).filter((m) => m.subject.startsWith('Bitte bestätigen'))).toHaveLength(1);
    await login(t, centre.slug, existing.email, existing.password);
  });

  it('holds a username alike whether the address it came with is registered or not: no oracle by a second registration or a login', async () => {
    const registered = await registerClient(t, centre.slug);
    const probe = async (email: string) => {
      const username = `probe-${randomBytes(4).toString('hex')}`;
      const password = strongPassword();
      const register = (address: string) =>
        t.client().post<Problem>(`/api/v1/centres/${centre.slug}/registrations`, { username, email: address, password, privacyAccepted: true });
      const first = await register(email);
      const second = await register(`anders-${randomBytes(4).toString('hex')}@example.org`);
      const byName = await t.client().post<Problem>(`/api/v1/centres/${centre.slug}/auth/login`, { login: username, password });
      const byAddress = await t.client().post<Problem>(`/api/v1/centres/${centre.slug}/auth/login`, { login: email, password });
      return [first.status, second.status, second.body.code, byName.status, byName.body.code, byAddress.status, byAddress.body.code];
    };
    const known = await probe(registered.email);
    const unknown = await probe(`unbekannt-${randomBytes(4).toString('hex')}@example.org`);
    expect(known).toEqual(unknown);
    expect(unknown.slice(0, 3)).toEqual([202, 409, 'USERNAME_TAKEN']);
    // The owner of the registered address still logs in as before.
    await login(t, centre.slug, registered.email, registered.password);
  });

  it('says when a username is taken and stores nothing', async () => {
    const existing = await registerClient(t, centre.slug);
    const before = await accounts();
    const res = await t.client().post<Problem>(`/api/v1/centres/${centre.slug}/registrations`, {
      username: existing.username.toUpperCase(),
      email: 'neu@example.org',
      password: strongPassword(),
      privacyAccepted: true,
    });
    expect(res.status).toBe(409);
    expect(res.body.errors?.[0]).toMatchObject({ field: 'username', code: 'USERNAME_TAKEN' });
    expect(await accounts()).toBe(before);
  });

  it('answers a taken username the same whether the address is registered or not', async () => {
    const mine = await registerClient(t, centre.slug);
    const someone = await registerClient(t, centre.slug);
    const before = await accounts();
    const answers = [];
    for (const email of [someone.email, `unbekannt-${Date.now()}@example.org`]) {
      const res = await t.client().post<Problem>(`/api/v1/centres/${centre.slug}/registrations`, { username: mine.username, email, password: strongPassword(), privacyAccepted: true });
      answers.push([res.status, res.body.code]);
    }
    expect(answers).toEqual([
      [409, 'USERNAME_TAKEN'],
      [409, 'USERNAME_TAKEN'],
    ]);
    expect(await accounts()).toBe(before);
  });

  it.each([
    ['no privacy consent', { privacyAccepted: false }, 'privacyAccepted', 'field.privacyRequired'],
    ['a short password', { password: 'kurz-1' }, 'password', 'field.minLength'],
    ['a common password', { password: 'Passwort123456!' }, 'password', 'field.passwordCommon'],
    ['the username in the password', { username: 'glockenblume', password: 'glockenblume-mit-zusatz' }, 'password', 'field.passwordPersonal'],
    ['a username with spaces', { username: 'zwei worte' }, 'username', 'field.username'],
    ['an invalid e-mail', { email: 'keine-adresse' }, 'email', 'field.email'],
  ])('refuses %s with a field error and stores nothing', async (_label, change, field, code) => {
    const before = await accounts();
    const mails = t.mail.messages.length;
    const body = { username: 'feldtest', email: 'feldtest@example.org', password: strongPassword(), privacyAccepted: true, ...change };
    const res = await t.client().post<Problem>(`/api/v1/centres/${centre.slug}/registrations`, body);
    expect(res.status).toBe(400);
    expect(res.body.errors?.find((e) => e.field === field)?.code).toBe(code);
    expect(await accounts()).toBe(before);
    await new Promise((r) => setTimeout(r, 50));
    expect(t.mail.messages.length).toBe(mails);
  });

  it('answers registrations sent at the same moment with the same address like any others', async () => {
    const email = `gleichzeitig-${Date.now()}@example.org`;
    const answers = await Promise.all(
      ['eins', 'zwei', 'drei'].map((n) =>
        t.client().post(`/api/v1/centres/${centre.slug}/registrations`, { username: `gz-${n}-${Date.now() % 100000}`, email, password: strongPassword(), privacyAccepted: true }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    // One account for the address, whose link arrives.
    await expect.poll(() => t.mail.to(email).length).toBeGreaterThanOrEqual(1);
  });

  it('starts over when someone registers again before confirming', async () => {
    const first = await registerClient(t, centre.slug, { confirm: false });
    const before = await accounts();
    const password = strongPassword();
    await t.client().post(`/api/v1/centres/${centre.slug}/registrations`, { username: first.username, email: first.email, password, privacyAccepted: true });
    await expect.poll(() => t.mail.to(first.email).length).toBe(2);
    expect(await accounts()).toBe(before);
    const token = linkIn(t.mail.to(first.email)[1]!).searchParams.get('token')!;
    expect((await t.client().post(`/api/v1/centres/${centre.slug}/registrations/confirm`, { token })).status).toBe(200);
    await login(t, centre.slug, first.username, password);
  });

  it('purges registrations nobody confirmed after the configured days, keeping confirmed ones', async () => {
    const stale = await registerClient(t, centre.slug, { confirm: false });
    const confirmed = await registerClient(t, centre.slug);
    const repo = t.dataSource.getRepository(UserAccount);
    const eightDaysAgo = new Date(Date.now() - 8 * 86_400_000);
    await repo.update({ centreId: centre.id }, { createdAt: eightDaysAgo });
    expect(await t.app.get(RegistrationService).purgeUnconfirmed()).toBeGreaterThanOrEqual(1);
    const token = linkIn(t.mail.to(stale.email)[0]!).searchParams.get('token')!;
    expect((await t.client().post(`/api/v1/centres/${centre.slug}/registrations/confirm`, { token })).status).toBe(400);
    await login(t, centre.slug, confirmed.username, confirmed.password);
  });

  it("does not let a client of one centre log in at another", async () => {
    const other = await createCentre(t);
    const client = await registerClient(t, centre.slug);
    const res = await t.client().post<Problem>(`/api/v1/centres/${other.slug}/auth/login`, { login: client.username, password: client.password });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('LOGIN_FAILED');
    // The same address can register separately at the other centre: two centres, two accounts.
    await registerClient(t, other.slug, { email: client.email, username: client.username });
  });
});
