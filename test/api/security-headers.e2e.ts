import type { ExecutionContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { CaseSummary } from '../../src/contracts/cases.js';
import { LoopbackOnly } from '../../src/notifications/dev-outbox.controller.js';
import { createCentre, type CentreFixture, login } from '../factories/centres.js';
import { assign, client, counsellor, enquiry, post } from '../factories/mail.js';
import { concretePath, listRoutes } from '../support/routes.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('what answers say about themselves', () => {
  let t: TestApp;
  let centre: CentreFixture;
  beforeAll(async () => {
    t = await startTestApp();
    centre = await createCentre(t, { modules: ['mail', 'chat', 'documents'] });
  });
  afterAll(() => t?.close());

  it('every API answer says no-store unless its route chose a cache policy (public branding)', async () => {
    const allowed = new Set(['/api/v1/centres/:centre/branding/:kind', '/api/v1/centres/:centre', '/api/health']);
    const paths = listRoutes(t.app).filter((r) => r.method === 'GET' && r.path.startsWith('/api/') && !allowed.has(r.path));
    expect(paths.length).toBeGreaterThan(20);
    const admin = await login(t, centre.slug, centre.admin.email, centre.admin.password);
    for (const route of paths) {
      for (const caller of [t.client(), admin]) {
        const res = await caller.get(concretePath(route.path, centre.slug));
        expect(res.headers.get('cache-control'), `${route.path} → ${res.status}`).toBe('no-store');
      }
    }
  });

  it('content answers (messages, notes, account, me) are not kept by any cache', async () => {
    const admin = await login(t, centre.slug, centre.admin.email, centre.admin.password);
    const anna = await counsellor(t, centre);
    const klara = await client(t, centre);
    const caseId = await enquiry(centre, klara);
    await assign(centre, admin, caseId, anna.id);
    await post(centre, anna, caseId, 'Inhalt');
    for (const [who, path] of [
      [klara, `/api/v1/centres/${centre.slug}/cases/${caseId}/messages`],
      [anna, `/api/v1/centres/${centre.slug}/cases/${caseId}/note`],
      [klara, `/api/v1/centres/${centre.slug}/account`],
      [klara, '/api/v1/auth/me'],
      [klara, `/api/v1/centres/${centre.slug}/chat/rooms`],
    ] as const) {
      const res = await who.client.get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
  });

  it("a group's name is content: the administration sees that it is a group, not what it is called", async () => {
    const admin = await login(t, centre.slug, centre.admin.email, centre.admin.password);
    const anna = await counsellor(t, centre);
    const members = [await client(t, centre), await client(t, centre)];
    for (const member of members) await assign(centre, admin, await enquiry(centre, member), anna.id);
    const group = await anna.client.post<CaseSummary>(`/api/v1/centres/${centre.slug}/groups`, { title: 'Familie Sommer', memberIds: members.map((m) => m.id) });
    expect(group.status).toBe(201);
    expect(group.body.title).toBe('Familie Sommer');
    const adminList = await admin.get<CaseSummary[]>(`/api/v1/centres/${centre.slug}/cases`);
    const seen = adminList.body.find((c) => c.id === group.body.id)!;
    expect(seen.kind).toBe('group');
    expect(seen.title).toBeNull();
    expect(adminList.text).not.toContain('Sommer');
    expect((await admin.get(`/api/v1/centres/${centre.slug}/cases/${group.body.id}`)).text).not.toContain('Sommer');
  });

  it('switches off camera, microphone and other powerful features on pages, API and docs', async () => {
    for (const path of ['/', `/${centre.slug}`, '/api/v1/auth/csrf', '/api/docs']) {
      const res = await fetch(t.baseUrl + path);
      const policy = res.headers.get('permissions-policy') ?? '';
      expect(policy, path).toContain('camera=()');
      expect(policy, path).toContain('microphone=()');
    }
  });

  it('the API documentation page has a real CSP, without a nonce that was never made', async () => {
    const res = await fetch(`${t.baseUrl}/api/docs`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('undefined');
  });

  it("the socket endpoint's HTTP answers carry the security headers too", async () => {
    const res = await fetch(`${t.baseUrl}/socket.io/?EIO=4&transport=polling`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('permissions-policy')).toContain('camera=()');
  });
});

describe('the development outbox', () => {
  const contextFrom = (remoteAddress: string) =>
    ({ switchToHttp: () => ({ getRequest: () => ({ socket: { remoteAddress }, headers: { 'x-forwarded-for': '127.0.0.1' } }) }) }) as unknown as ExecutionContext;

  it('answers only connections from this machine, whatever a forwarded header says', () => {
    const guard = new LoopbackOnly();
    expect(guard.canActivate(contextFrom('127.0.0.1'))).toBe(true);
    expect(guard.canActivate(contextFrom('::1'))).toBe(true);
    expect(guard.canActivate(contextFrom('::ffff:127.0.0.1'))).toBe(true);
    for (const remote of ['10.0.0.7', '192.168.1.20', '::ffff:10.0.0.7', '2001:db8::1']) expect(() => guard.canActivate(contextFrom(remote))).toThrow();
  });

  it('is there for this machine when no SMTP server is configured', async () => {
    const t = await startTestApp({ env: { SMTP_URL: '' } });
    try {
      expect((await fetch(`${t.baseUrl}/dev/outbox`)).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
