import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Problem } from '../../src/contracts/problem.js';
import { createAccount, createCentre, type CentreFixture, login, registerClient, strongPassword } from '../factories/centres.js';
import type { ApiClient } from '../support/api-client.js';
import { linkIn } from '../support/smtp-sink.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('password reset', () => {
  let t: TestApp;
  let centre: CentreFixture;
  beforeAll(async () => {
    t = await startTestApp();
    centre = await createCentre(t);
  });
  afterAll(() => t?.close());

  it('answers the same for known and unknown addresses and mails only the known one', async () => {
    const client = await registerClient(t, centre.slug);
    const known = await t.client().post(`/api/v1/centres/${centre.slug}/password-reset`, { email: client.email });
    const unknown = await t.client().post(`/api/v1/centres/${centre.slug}/password-reset`, { email: 'niemand@example.org' });
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(known.text).toBe(unknown.text);
    const mail = await t.mail.waitFor(client.email, 10_000, (m) => m.subject.startsWith('Neues Passwort'));
    expect(linkIn(mail).pathname).toBe(`/${centre.slug}/passwort-neu`);
    await new Promise((r) => setTimeout(r, 200));
    expect(t.mail.to('niemand@example.org')).toEqual([]);
  });

  it('sets a new password once, ends every session and lifts a lockout', async () => {
    const client = await registerClient(t, centre.slug);
    const session = await login(t, centre.slug, client.username, client.password);
    for (let i = 0; i < 5; i++) {
      await t.client().post(`/api/v1/centres/${centre.slug}/auth/login`, { login: client.username, password: `vergessen-${i}-vergessen` });
    }
    const locked = await t.client().post<Problem>(`/api/v1/centres/${centre.slug}/auth/login`, { login: client.username, password: client.password });
    expect(locked.body.code).toBe('ACCOUNT_LOCKED');
    const since = t.mail.messages.length;
    await t.client().post(`/api/v1/centres/${centre.slug}/password-reset`, { email: client.email });
    const token = linkIn(await t.mail.next(client.email, since)).searchParams.get('token')!;

    const weak = await t.client().post<Problem>(`/api/v1/centres/${centre.slug}/password-reset/confirm`, { token, password: 'Passwort123456!' });
    expect(weak.status).toBe(400);
    const password = strongPassword();
    expect((await t.client().post(`/api/v1/centres/${centre.slug}/password-reset/confirm`, { token, password })).status).toBe(200);
    expect((await t.client().post(`/api/v1/centres/${centre.slug}/password-reset/confirm`, { token, password: strongPassword() })).status).toBe(400);

    expect((await session.get('/api/v1/auth/me')).status).toBe(401);
    expect((await t.client().post(`/api/v1/centres/${centre.slug}/auth/login`, { login: client.username, password: client.password })).status).toBe(401);
    await login(t, centre.slug, client.username, password);
  });
});

describe('two-factor login for staff', () => {
  let t: TestApp;
  let centre: CentreFixture;
  beforeAll(async () => {
    t = await startTestApp();
    centre = await createCentre(t);
  });
  afterAll(() => t?.close());

  async function enable(session: ApiClient): Promise<{ secret: string; recoveryCodes: string[] }> {
    const setup = await session.post<{ secret: string; uri: string; qrCode: string }>(`/api/v1/centres/${centre.slug}/account/two-factor/setup`);
    expect(setup.status).toBe(200);
    expect(setup.body.uri).toMatch(/^otpauth:\/\/totp\//);
    expect(setup.body.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    const wrong = await session.post<Problem>(`/api/v1/centres/${centre.slug}/account/two-factor/confirm`, { code: '000000' });
    expect(wrong.status).toBe(400);
    const code = await generate({ secret: setup.body.secret });
    const confirmed = await session.post<{ recoveryCodes: string[] }>(`/api/v1/centres/${centre.slug}/account/two-factor/confirm`, { code });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    return { secret: setup.body.secret, recoveryCodes: confirmed.body.recoveryCodes };
  }

  it('asks for the code after the password, refuses replays and accepts each recovery code once', async () => {
    const account = await createAccount(t, centre.id, 'counsellor');
    const { secret, recoveryCodes } = await enable(await login(t, centre.slug, account.email, account.password));
    const url = `/api/v1/centres/${centre.slug}/auth/login`;

    const missing = await t.client().post<Problem>(url, { login: account.email, password: account.password });
    expect(missing.status).toBe(401);
    expect(missing.body.code).toBe('TOTP_REQUIRED');
    const wrongPassword = await t.client().post<Problem>(url, { login: account.email, password: 'falsch-falsch-falsch' });
    expect(wrongPassword.body.code).toBe('LOGIN_FAILED');

    // The code used during setup is spent; a phone whose clock runs 30 s ahead shows the next one,
    // which is within the tolerated drift and newer.
    const code = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    const ok = await t.client().post(url, { login: account.email, password: account.password, totp: code });
    expect(ok.status, ok.text).toBe(200);
    const replay = await t.client().post<Problem>(url, { login: account.email, password: account.password, totp: code });
    expect(replay.body.code).toBe('TOTP_INVALID');

    expect((await t.client().post(url, { login: account.email, password: account.password, totp: recoveryCodes[0] })).status).toBe(200);
    expect((await t.client().post(url, { login: account.email, password: account.password, totp: recoveryCodes[0] })).status).toBe(401);
  });

  it('lets the centre require it: staff without it may only set it up', async () => {
    const admin = await login(t, centre.slug, centre.admin.email, centre.admin.password);
    const account = await createAccount(t, centre.id, 'counsellor');
    const alreadyIn = await login(t, centre.slug, account.email, account.password);
    expect((await admin.put(`/api/v1/centres/${centre.slug}/settings`, { staffTwoFactorRequired: true })).status).toBe(200);
    // Staff logged in without a second factor are logged out; the admin who switched it on is not.
    expect((await alreadyIn.get('/api/v1/auth/me')).status).toBe(401);
    expect((await admin.get('/api/v1/auth/me')).status).toBe(200);

    const session = t.client();
    const res = await session.post<{ me: { twoFactorSetupPending?: boolean } }>(`/api/v1/centres/${centre.slug}/auth/login`, {
      login: account.email,
      password: account.password,
    });
    expect(res.status).toBe(200);
    expect(res.body.me.twoFactorSetupPending).toBe(true);
    const blocked = await session.get<Problem>(`/api/v1/centres/${centre.slug}/users`);
    expect(blocked.status).toBe(403);
    const blockedProfile = await session.patch<Problem>(`/api/v1/centres/${centre.slug}/account`, { locale: 'en' });
    expect(blockedProfile.body.code).toBe('TWO_FACTOR_SETUP_REQUIRED');
    expect((await session.get('/api/v1/auth/me')).status).toBe(200);

    await enable(session);
    expect((await session.patch(`/api/v1/centres/${centre.slug}/account`, { locale: 'en' })).status).toBe(200);
    const cannot = await session.post<Problem>(`/api/v1/centres/${centre.slug}/account/two-factor/disable`, { password: account.password });
    expect(cannot.status).toBe(409);
    expect(cannot.body.code).toBe('TWO_FACTOR_REQUIRED');
    // Clients are not affected by the staff rule.
    const client = await registerClient(t, centre.slug);
    const clientLogin = await t.client().post<{ me: { twoFactorSetupPending?: boolean } }>(`/api/v1/centres/${centre.slug}/auth/login`, {
      login: client.username,
      password: client.password,
    });
    expect(clientLogin.body.me.twoFactorSetupPending).toBeUndefined();
    await admin.put(`/api/v1/centres/${centre.slug}/settings`, { staffTwoFactorRequired: false });
  });
});
