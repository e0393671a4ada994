import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Problem } from '../../src/contracts/problem.js';
import { createAccount, createCentre, login } from '../factories/centres.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('HTTP basics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('reports health when the database answers', async () => {
    const res = await t.client().get<{ status: string }>('/api/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });

  it('publishes the OpenAPI document with the session cookie and CSRF header', async () => {
    const res = await t.client().get<{ paths: Record<string, unknown>; components: { securitySchemes: Record<string, unknown> } }>(
      '/api/docs-json',
    );
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/platform/centres', '/api/v1/centres/{centre}/auth/login', '/api/v1/auth/csrf']),
    );
    expect(res.body.components.securitySchemes).toMatchObject({ csrf: { in: 'header', name: 'X-CSRF-Token' } });
    expect((await fetch(`${t.baseUrl}/api/docs`)).status).toBe(200);
  });

  it('answers errors as problem+json with a request id', async () => {
    const res = await t.client().get<Problem>('/api/v1/centres/gibt-es-nicht');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 404, code: 'CENTRE_NOT_FOUND', detail: 'Diese Beratungsstelle gibt es nicht.' });
    expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('refuses malformed JSON and oversized bodies cleanly', async () => {
    const client = t.client();
    const bad = await client.post<Problem>('/api/v1/platform/auth/login', '{"email": ', { 'content-type': 'application/json' });
    expect(bad.status).toBe(400);
    const huge = await client.post<Problem>('/api/v1/platform/auth/login', { email: 'a@b.de', password: 'x'.repeat(300_000) });
    expect(huge.status).toBe(413);
  });

  it('sends strict security headers', async () => {
    const res = await fetch(`${t.baseUrl}/api/v1/auth/csrf`);
    // API answers may load nothing at all.
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
    // Pages of the app: only their own scripts and styles, with this response's nonce.
    const page = await fetch(`${t.baseUrl}/musterstadt`);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    const again = (await fetch(`${t.baseUrl}/musterstadt`)).headers.get('content-security-policy')!;
    expect(again).not.toBe(csp);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('rate-limits per IP across all routes, with Retry-After', async () => {
    const limited = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '5' } });
    try {
      const statuses = [];
      // Different routes draw on one budget: spreading requests over routes gains nothing.
      for (const path of ['/api/v1/auth/csrf', '/api/health', '/api/v1/auth/csrf', '/api/v1/auth/me', '/api/v1/auth/csrf', '/api/health', '/api/v1/auth/csrf']) {
        statuses.push((await fetch(`${limited.baseUrl}${path}`)).status);
      }
      expect(statuses.slice(0, 5).every((s) => s !== 429)).toBe(true);
      expect(statuses.slice(5)).toEqual([429, 429]);
      const refused = await fetch(`${limited.baseUrl}/api/v1/auth/csrf`);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it('gives each logged-in person a budget of their own, whatever address they share', async () => {
    const limited = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '60' } });
    try {
      const centre = await createCentre(limited);
      const people = [];
      for (const role of ['counsellor', 'counsellor'] as const) {
        const account = await createAccount(limited, centre.id, role);
        people.push(await login(limited, centre.slug, account.email, account.password));
      }
      const first = [];
      for (let i = 0; i < 62; i++) first.push((await people[0]!.get('/api/v1/auth/me')).status);
      expect(first.at(-1)).toBe(429);
      // The colleague on the same address is not held back by the first one's requests.
      expect((await people[1]!.get('/api/v1/auth/me')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('rate-limits login attempts harder than the rest', async () => {
    const limited = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '3' } });
    try {
      const client = limited.client();
      const statuses = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await client.post('/api/v1/platform/auth/login', { email: 'x@example.org', password: 'falsch-falsch' })).status);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      expect((await client.get('/api/v1/auth/csrf')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
