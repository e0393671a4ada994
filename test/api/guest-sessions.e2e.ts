import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Problem } from '../../src/contracts/problem.js';
import { Session } from '../../src/identity/sessions/session.entity.js';
import { createAccount, createCentre, guestSession, login, type CentreFixture } from '../factories/centres.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Sessions for people without an account (the anonymous chat's visitors). */
describe('guest sessions', () => {
  let t: TestApp;
  let centre: CentreFixture;
  let other: CentreFixture;

  beforeAll(async () => {
    t = await startTestApp({ env: { GUEST_SESSIONS_PER_HOUR: '6' } });
    centre = await createCentre(t);
    other = await createCentre(t);
  });
  afterAll(() => t?.close());

  it('starts with one click: its own cookie (gone with the browser), no account, nobody logged in', async () => {
    const guest = t.client();
    const res = await guest.post<{ csrfToken: string }>(`/api/v1/centres/${centre.slug}/guest-session`);
    expect(res.status).toBe(201);
    expect(res.body.csrfToken).toBeTruthy();
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('beradig-guest='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Max-Age|Expires/i);
    expect(guest.cookie('beradig')).toBeUndefined();

    // Not a login: the apps see nobody, and no route for accounts lets it in.
    expect((await guest.get('/api/v1/auth/me')).status).toBe(401);
    guest.csrfToken = res.body.csrfToken;
    expect((await guest.get(`/api/v1/centres/${centre.slug}/cases`)).status).toBe(403);

    const stored = await t.dataSource.getRepository(Session).findOneByOrFail({ principalType: 'guest' as const, centreId: centre.id });
    expect(stored.role).toBe('guest');
    // Asking again keeps the session (a reload must not lose the chat).
    const again = await guest.post<{ csrfToken: string }>(`/api/v1/centres/${centre.slug}/guest-session`);
    expect(again.status).toBe(201);
    expect(again.headers.getSetCookie().some((c) => c.startsWith('beradig-guest='))).toBe(false);
  });

  it('belongs to one centre: at another it counts as nobody, and a new one there replaces it', async () => {
    const guest = await guestSession(t, centre.slug);
    const before = guest.cookie('beradig-guest');
    const elsewhere = await guest.post<{ csrfToken: string }>(`/api/v1/centres/${other.slug}/guest-session`);
    expect(elsewhere.status).toBe(201);
    expect(guest.cookie('beradig-guest')).not.toBe(before);
    const stale = t.client();
    (stale as unknown as { cookies: Map<string, string> }).cookies.set('beradig-guest', before!);
    expect((await stale.get('/api/v1/auth/me')).status).toBe(401);
    expect(await t.dataSource.getRepository(Session).countBy({ principalType: 'guest' as const, centreId: other.id })).toBeGreaterThan(0);
  });

  it('is refused to someone logged in, whose login it never replaces', async () => {
    const account = await createAccount(t, centre.id, 'client');
    const client = await login(t, centre.slug, account.email, account.password);
    const res = await client.post<Problem>(`/api/v1/centres/${centre.slug}/guest-session`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('GUEST_SIGNED_IN');
    expect((await client.get('/api/v1/auth/me')).status).toBe(200);
  });

  it("a person's cookie never carries a guest session, nor a guest's cookie a person's", async () => {
    const guest = await guestSession(t, centre.slug);
    const swapped = t.client();
    (swapped as unknown as { cookies: Map<string, string> }).cookies.set('beradig', guest.cookie('beradig-guest')!);
    const res = await swapped.post(`/api/v1/centres/${centre.slug}/guest-session`);
    expect(res.status).toBe(201);
    expect(swapped.cookie('beradig-guest')).not.toBe(guest.cookie('beradig-guest'));

    const account = await createAccount(t, centre.id, 'counsellor');
    const counsellor = await login(t, centre.slug, account.email, account.password);
    const disguised = t.client();
    (disguised as unknown as { cookies: Map<string, string> }).cookies.set('beradig-guest', counsellor.cookie('beradig')!);
    expect((await disguised.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('ends on request, with its cookie', async () => {
    const guest = await guestSession(t, centre.slug);
    const id = guest.cookie('beradig-guest');
    expect((await guest.delete(`/api/v1/centres/${centre.slug}/guest-session`)).status).toBe(204);
    expect(guest.cookie('beradig-guest')).toBeUndefined();
    const stale = t.client();
    (stale as unknown as { cookies: Map<string, string> }).cookies.set('beradig-guest', id!);
    expect((await stale.delete(`/api/v1/centres/${centre.slug}/guest-session`)).status).toBe(401);
  });

  it('gives a network only so many per hour (429 with a German message), keeping no address', async () => {
    const limited = await startTestApp({ env: { GUEST_SESSIONS_PER_HOUR: '3' } });
    try {
      const home = await createCentre(limited);
      for (let i = 0; i < 3; i++) expect((await limited.client().post(`/api/v1/centres/${home.slug}/guest-session`)).status).toBe(201);
      const refused = await limited.client().post<Problem>(`/api/v1/centres/${home.slug}/guest-session`, undefined, { 'accept-language': 'de' });
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('GUEST_SESSIONS_TOO_MANY');
      expect(refused.body.detail ?? refused.body.title).toMatch(/[äöüß]|Sitzung/);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await limited.dataSource.getRepository(Session).countBy({ principalType: 'guest' as const })).toBe(3);
    } finally {
      await limited.close();
    }
  });
});
