import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { TotpSetup } from '../../src/contracts/accounts.js';
import type { Me } from '../../src/contracts/centre.js';
import type { Problem } from '../../src/contracts/problem.js';
import { OperatorService } from '../../src/identity/operator/operator.service.js';
import { OPERATOR, startTestApp, type TestApp } from '../support/test-app.js';

const LOGIN = '/api/v1/platform/auth/login';
const ACCOUNT = '/api/v1/platform/account';

/** The operator can delete centres: a password alone is not enough. */
describe('two-factor login for the operator', () => {
  let t: TestApp;
  let secret: string;
  let recoveryCodes: string[];

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  /**
   * The current code, usable again: a code is taken once per 30-second step, and this test logs
   * in more often than that — so it forgets the step used last (the replay test below does not).
   */
  const freshCode = async () => {
    await t.dataSource.query('UPDATE operator_account SET totpLastStep = NULL');
    return generate({ secret });
  };

  it('must be set up at the first login, before anything else', async () => {
    const session = t.client();
    const first = await session.post<{ me: Me }>(LOGIN, OPERATOR);
    expect(first.status, first.text).toBe(200);
    expect(first.body.me).toMatchObject({ role: 'operator', twoFactorSetupPending: true });
    const blocked = await session.get<Problem>('/api/v1/platform/centres');
    expect([blocked.status, blocked.body.code]).toEqual([403, 'TWO_FACTOR_SETUP_REQUIRED']);
    expect((await session.get<Me>('/api/v1/auth/me')).body.twoFactorSetupPending).toBe(true);
    expect((await session.get<{ twoFactor: { enabled: boolean } }>(ACCOUNT)).body.twoFactor.enabled).toBe(false);

    const setup = await session.post<TotpSetup>(`${ACCOUNT}/two-factor/setup`);
    expect(setup.status, setup.text).toBe(200);
    expect(setup.body.uri).toMatch(/^otpauth:\/\/totp\/.*issuer=BeraDIG/);
    expect(setup.body.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    const wrong = await session.post<Problem>(`${ACCOUNT}/two-factor/confirm`, { code: '000000' });
    expect([wrong.status, wrong.body.code]).toEqual([400, 'TOTP_INVALID']);
    secret = setup.body.secret;
    const confirmed = await session.post<{ recoveryCodes: string[] }>(`${ACCOUNT}/two-factor/confirm`, { code: await generate({ secret }) });
    expect(confirmed.status, confirmed.text).toBe(200);
    recoveryCodes = confirmed.body.recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);

    expect((await session.get('/api/v1/platform/centres')).status).toBe(200);
    expect((await session.get<Me>('/api/v1/auth/me')).body.twoFactorSetupPending).toBeUndefined();
    expect((await session.get(ACCOUNT)).body).toMatchObject({ email: OPERATOR.email, twoFactor: { enabled: true, recoveryCodesLeft: 10 } });
    const again = await session.post<Problem>(`${ACCOUNT}/two-factor/setup`);
    expect([again.status, again.body.code]).toEqual([409, 'TWO_FACTOR_ACTIVE']);
  });

  it('asks for the code after the password, refuses replays and takes each recovery code once', async () => {
    const missing = await t.client().post<Problem>(LOGIN, OPERATOR);
    expect([missing.status, missing.body.code]).toEqual([401, 'TOTP_REQUIRED']);
    const wrongPassword = await t.client().post<Problem>(LOGIN, { ...OPERATOR, password: 'falsch-falsch-falsch', totp: '123456' });
    expect(wrongPassword.body.code).toBe('LOGIN_FAILED');

    const code = await freshCode();
    const ok = await t.client().post<{ me: Me }>(LOGIN, { ...OPERATOR, totp: code });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.me.twoFactorSetupPending).toBeUndefined();
    const replay = await t.client().post<Problem>(LOGIN, { ...OPERATOR, totp: code });
    expect([replay.status, replay.body.code]).toEqual([401, 'TOTP_INVALID']);

    // Lost the phone: a recovery code, once.
    const recovered = t.client();
    expect((await recovered.post(LOGIN, { ...OPERATOR, totp: recoveryCodes[0] })).status).toBe(200);
    expect((await t.client().post<Problem>(LOGIN, { ...OPERATOR, totp: recoveryCodes[0] })).body.code).toBe('TOTP_INVALID');
    expect((await recovered.get<{ twoFactor: { recoveryCodesLeft: number } }>(ACCOUNT)).body.twoFactor.recoveryCodesLeft).toBe(9);

    // New recovery codes need the password; the old ones stop working.
    const refused = await recovered.post<Problem>(`${ACCOUNT}/two-factor/recovery-codes`, { password: 'falsch-falsch-falsch' });
    expect([refused.status, refused.body.code]).toEqual([400, 'PASSWORD_WRONG']);
    const fresh = await recovered.post<{ recoveryCodes: string[] }>(`${ACCOUNT}/two-factor/recovery-codes`, { password: OPERATOR.password });
    expect(fresh.body.recoveryCodes).toHaveLength(10);
    expect((await t.client().post<Problem>(LOGIN, { ...OPERATOR, totp: recoveryCodes[1] })).body.code).toBe('TOTP_INVALID');
    recoveryCodes = fresh.body.recoveryCodes;
    expect((await t.client().post(LOGIN, { ...OPERATOR, totp: recoveryCodes[0] })).status).toBe(200);
  });

  it('locks the second step after five wrong codes, which only someone with the password can see', async () => {
    const from = { 'x-forwarded-for': '203.0.113.50' };
    for (let i = 0; i < 5; i++) {
      const res = await t.client().post<Problem>(LOGIN, { ...OPERATOR, totp: '000000' }, from);
      expect(res.body.code).toBe('TOTP_INVALID');
    }
    // From anywhere, even with a right code: locked for a while …
    const locked = await t.client().post<Problem>(LOGIN, { ...OPERATOR, totp: await freshCode() });
    expect([locked.status, locked.body.code]).toEqual([429, 'ACCOUNT_LOCKED']);
    // … but without the password nothing tells the operator's address from any other.
    const guess = await t.client().post<Problem>(LOGIN, { ...OPERATOR, password: 'falsch-falsch-falsch' });
    expect(guess.body.code).toBe('LOGIN_FAILED');
    await t.dataSource.query('UPDATE operator_account SET lockedUntil = NULL, failedLogins = 0');
    expect((await t.client().post(LOGIN, { ...OPERATOR, totp: await freshCode() })).status).toBe(200);
  });

  it('cannot be switched off over the API; the reset on the server ends the sessions, and the next login sets it up again', async () => {
    const session = t.client();
    expect((await session.post(LOGIN, { ...OPERATOR, totp: await freshCode() })).status).toBe(200);
    expect((await session.post(`${ACCOUNT}/two-factor/disable`, { password: OPERATOR.password })).status).toBe(404);

    // What `npm run cli -- operator:reset-two-factor --email …` does (the command itself: cli.e2e.ts).
    expect(await t.app.get(OperatorService).resetTwoFactor('nobody@example.org')).toBe(false);
    expect(await t.app.get(OperatorService).resetTwoFactor(OPERATOR.email.toUpperCase())).toBe(true);
    await expect.poll(async () => (await session.get('/api/v1/auth/me')).status, { timeout: 10_000, interval: 500 }).toBe(401);

    const next = await t.client().post<{ me: Me }>(LOGIN, OPERATOR);
    expect(next.status).toBe(200);
    expect(next.body.me.twoFactorSetupPending).toBe(true);
    expect((await t.client().post<{ me: Me }>(LOGIN, { ...OPERATOR, totp: recoveryCodes[1] })).body.me.twoFactorSetupPending).toBe(true);
  });
});
