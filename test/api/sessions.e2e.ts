import { In } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Problem } from '../../src/contracts/problem.js';
import { LoginThrottle } from '../../src/identity/accounts/lockout.js';
import { LoginThrottleEntry } from '../../src/identity/accounts/login-throttle.entity.js';
import { SESSION_CACHE_TTL_MS } from '../../src/identity/sessions/cached-session.store.js';
import { createAccount, createCentre, type CentreFixture, login, registerClient } from '../factories/centres.js';
import { redisAvailable, TEST_REDIS_URL } from '../support/redis.js';
import { startTestApp, type TestApp, withTwoInstances } from '../support/test-app.js';

const stores = [{ name: 'database', env: {} as Record<string, string> }];
if (await redisAvailable()) stores.push({ name: 'Redis', env: { REDIS_URL: TEST_REDIS_URL } });

describe.each(stores)('sessions in the $name', ({ env }) => {
  let t: TestApp;
  let centre: CentreFixture;

  beforeAll(async () => {
    t = await startTestApp({ env });
    centre = await createCentre(t);
  });
  afterAll(() => t?.close());

  it('issues a fresh session id at login and ends it at logout', async () => {
    const account = await createAccount(t, centre.id, 'counsellor');
    const client = await login(t, centre.slug, account.email, account.password);
    const first = client.cookie('beradig');
    expect(first).toBeTruthy();
    await client.post(`/api/v1/centres/${centre.slug}/auth/login`, { login: account.email, password: account.password });
    const second = client.cookie('beradig');
    expect(second).not.toBe(first);

    const stale = t.client();
    (stale as unknown as { cookies: Map<string, string> }).cookies.set('beradig', first!);
    expect((await stale.get('/api/v1/auth/me')).status).toBe(401);

    expect((await client.post('/api/v1/auth/logout')).status).toBe(204);
    expect(client.cookie('beradig')).toBeUndefined();
    expect((await client.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('refuses a state change without the CSRF token even with a valid session', async () => {
    const account = await createAccount(t, centre.id, 'counsellor');
    const client = await login(t, centre.slug, account.email, account.password);
    client.omitCsrf = true;
    const res = await client.post<Problem>('/api/v1/auth/logout');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('CSRF_INVALID');
    client.omitCsrf = false;
    expect((await client.get('/api/v1/auth/me')).status).toBe(200);
  });

  it('logs out everywhere', async () => {
    const account = await createAccount(t, centre.id, 'client', { username: `kl-${Date.now()}` });
    const laptop = await login(t, centre.slug, account.email, account.password);
    const phone = await login(t, centre.slug, account.email, account.password);
    expect((await phone.post('/api/v1/auth/logout-all')).status).toBe(204);
    expect((await laptop.get('/api/v1/auth/me')).status).toBe(401);
    expect((await phone.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('ends every session when the admin deactivates the person, and when the admin deletes them', async () => {
    const admin = await login(t, centre.slug, centre.admin.email, centre.admin.password);
    const client = await registerClient(t, centre.slug);
    const session = await login(t, centre.slug, client.username, client.password);
    const users = await admin.get<{ id: string; name: string }[]>(`/api/v1/centres/${centre.slug}/users?role=client`);
    const { id } = users.body.find((u) => u.name === client.username)!;
    expect((await admin.post(`/api/v1/centres/${centre.slug}/users/${id}/deactivate`)).status).toBe(200);
    expect((await session.get('/api/v1/auth/me')).status).toBe(401);
    const blocked = await t.client().post<Problem>(`/api/v1/centres/${centre.slug}/auth/login`, { login: client.username, password: client.password });
    expect(blocked.body.code).toBe('ACCOUNT_DEACTIVATED');

    expect((await admin.post(`/api/v1/centres/${centre.slug}/users/${id}/reactivate`)).status).toBe(200);
    const again = await login(t, centre.slug, client.username, client.password);
    expect((await admin.delete(`/api/v1/centres/${centre.slug}/users/${id}`)).status).toBe(204);
    expect((await again.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('locks an account after five wrong passwords, even for the right one, and releases it later', async () => {
    const account = await createAccount(t, centre.id, 'counsellor');
    for (let i = 0; i < 5; i++) {
      const res = await t.client().post<Problem>(`/api/v1/centres/${centre.slug}/auth/login`, { login: account.email, password: `falsch-${i}-falsch-falsch` });
      expect(res.status).toBe(401);
    }
    const locked = await t.client().post<Problem>(`/api/v1/centres/${centre.slug}/auth/login`, { login: account.email, password: account.password });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('ACCOUNT_LOCKED');
    // Fifteen minutes later (moved back in time here) the right password works again.
    await t.dataSource.getRepository(LoginThrottleEntry).createQueryBuilder().update().set({ lockedUntil: new Date(Date.now() - 1000) }).execute();
    await login(t, centre.slug, account.email, account.password);
  });

  it('answers five wrong passwords for a login without an account exactly like for a real one', async () => {
    const account = await createAccount(t, centre.id, 'counsellor');
    const answers = async (loginName: string) => {
      const seen = [];
      for (let i = 0; i < 6; i++) {
        const res = await t.client().post<Problem>(`/api/v1/centres/${centre.slug}/auth/login`, { login: loginName, password: `falsch-${i}-falsch-falsch` });
        seen.push(`${res.status} ${res.body.code}`);
      }
      return seen;
    };
    const real = await answers(account.email);
    expect(real.at(-1)).toBe('429 ACCOUNT_LOCKED');
    expect(await answers(`niemand-${Date.now()}@example.org`)).toEqual(real);
  });

  it('does not lead from a locked username to the address: a lock holds for the login as typed, from the address that guessed', async () => {
    const client = await registerClient(t, centre.slug);
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    const attempt = (loginName: string, password: string, ip: string) =>
      t.client().post<Problem>(`/api/v1/centres/${centre.slug}/auth/login`, { login: loginName, password }, from(ip));
    for (let i = 0; i < 5; i++) expect((await attempt(client.username, `falsch-${i}-falsch-falsch`, '203.0.113.7')).status).toBe(401);
    expect((await attempt(client.username, client.password, '203.0.113.7')).body.code).toBe('ACCOUNT_LOCKED');
    const address = await attempt(client.email, 'falsch-falsch-falsch', '203.0.113.7');
    const someone = await attempt(`jemand-${Date.now()}@example.org`, 'falsch-falsch-falsch', '203.0.113.7');
    expect([address.status, address.body.code]).toEqual([someone.status, someone.body.code]);
    expect(address.status).toBe(401);
    // The owner, elsewhere, is not locked out by the guesser.
    expect((await attempt(client.username, client.password, '198.51.100.23')).status).toBe(200);
  });

  it('keeps only keyed hashes of failed logins, and forgets them a day after the last failure unless a lock holds', async () => {
    const loginName = `vergessen-${Date.now()}@example.org`;
    const attempt = (ip: string) =>
      t.client().post(`/api/v1/centres/${centre.slug}/auth/login`, { login: loginName, password: 'falsch-falsch-falsch' }, { 'x-forwarded-for': ip });
    await attempt('192.0.2.1');
    for (let i = 0; i < 5; i++) await attempt('192.0.2.2');
    const repo = t.dataSource.getRepository(LoginThrottleEntry);
    const throttle = t.app.get(LoginThrottle);
    const ids = ['192.0.2.1', '192.0.2.2'].map((ip) => throttle.guard(centre.id, loginName, ip).id);
    const rows = await repo.findBy({ id: In(ids) });
    expect(JSON.stringify(await repo.find())).not.toMatch(/vergessen|192\.0\.2/);
    expect(ids.map((id) => rows.find((r) => r.id === id)?.lockedUntil !== null)).toEqual([false, true]);
    await repo.createQueryBuilder().update().set({ updatedAt: new Date(Date.now() - 25 * 3_600_000) }).where({ id: In(ids) }).execute();
    await throttle.purge();
    expect((await repo.findBy({ id: In(ids) })).map((r) => r.id)).toEqual([ids[1]]);
  });

  it('counts wrong passwords sent all at once one by one', async () => {
    const account = await createAccount(t, centre.id, 'counsellor');
    const guesses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => t.client().post<Problem>(`/api/v1/centres/${centre.slug}/auth/login`, { login: account.email, password: `parallel-${i}-falsch-falsch` })),
    );
    expect(guesses.every((g) => g.status === 401 || g.status === 429)).toBe(true);
    const locked = await t.client().post<Problem>(`/api/v1/centres/${centre.slug}/auth/login`, { login: account.email, password: account.password });
    expect(locked.status).toBe(429);
  });
});

describe('behind TLS', () => {
  it('pins the session cookie to the origin: __Host- prefix, Secure, httpOnly, SameSite=Lax', async () => {
    const t = await startTestApp({ env: { PUBLIC_URL: 'https://beratung.example' } });
    try {
      const centre = await createCentre(t);
      const res = await t.client().post(`/api/v1/centres/${centre.slug}/auth/login`, { login: centre.admin.email, password: centre.admin.password });
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-beradig='))!;
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).toMatch(/; Secure/i);
      expect(cookie).toMatch(/; HttpOnly/i);
      expect(cookie).toMatch(/; SameSite=Lax/i);
      expect(cookie).not.toMatch(/Domain=/i);
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    } finally {
      await t.close();
    }
  });
});

describe.runIf(await redisAvailable())('sessions across two instances', () => {
  it('an ended session is refused by the other instance at once, though it had it cached', async () => {
    await withTwoInstances(TEST_REDIS_URL, async (first, second) => {
      const centre = await createCentre(first);
      const account = await createAccount(first, centre.id, 'counsellor');
      const onFirst = await login(first, centre.slug, account.email, account.password);
      const onSecond = second.client();
      (onSecond as unknown as { cookies: Map<string, string> }).cookies.set('beradig', onFirst.cookie('beradig')!);
      expect((await onSecond.get('/api/v1/auth/me')).status).toBe(200);

      expect((await onFirst.post('/api/v1/auth/logout-all')).status).toBe(204);
      // Pub/sub travels asynchronously; a few milliseconds, far below the cache's lifetime.
      const started = Date.now();
      let status = 200;
      while (status === 200 && Date.now() - started < SESSION_CACHE_TTL_MS / 5) {
        status = (await onSecond.get('/api/v1/auth/me')).status;
        if (status === 200) await new Promise((r) => setTimeout(r, 20));
      }
      expect(status).toBe(401);
    });
  });
});
