import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FEATURES } from '../../src/app.features.js';
import type { Role } from '../../src/contracts/roles.js';
import { createAccount, createCentre, login, type CentreFixture } from '../factories/centres.js';
import type { ApiClient } from '../support/api-client.js';
import { gateProbeFeature } from '../support/gate-probe.module.js';
import { concretePath, listRoutes, type RouteInfo } from '../support/routes.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Walks every registered route: deny by default, wrong role → 403, another centre's session →
 * 401, unlicensed module → 404. New routes are covered as soon as they exist.
 */
describe('every route', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  let home: CentreFixture;
  let other: CentreFixture;
  const clients = {} as Record<Role, ApiClient>;
  let otherCentreClients: Partial<Record<Role, ApiClient>>;

  beforeAll(async () => {
    t = await startTestApp({ features: [...FEATURES, gateProbeFeature] });
    routes = listRoutes(t.app);
    home = await createCentre(t, { modules: [...FEATURES.map((f) => f.key), 'probe'] });
    other = await createCentre(t, { modules: [...FEATURES.map((f) => f.key), 'probe'] });
    clients.operator = await t.operator();
    clients.admin = await login(t, home.slug, home.admin.email, home.admin.password);
    for (const role of ['counsellor', 'client'] as const) {
      const account = await createAccount(t, home.id, role);
      clients[role] = await login(t, home.slug, account.email, account.password);
    }
    otherCentreClients = { admin: await login(t, other.slug, other.admin.email, other.admin.password) };
    for (const role of ['counsellor', 'client'] as const) {
      const account = await createAccount(t, other.id, role);
      otherCentreClients[role] = await login(t, other.slug, account.email, account.password);
    }
  });
  afterAll(() => t?.close());

  const call = (client: ApiClient, route: RouteInfo, centre: string) =>
    client.request(route.method, concretePath(route.path, centre), route.method === 'GET' ? undefined : {});

  it('found the routes', () => {
    expect(routes.length).toBeGreaterThan(15);
    expect(routes.some((r) => r.path === '/api/v1/platform/centres' && r.method === 'POST')).toBe(true);
  });

  it('each carries @Public() or @Authenticated({ roles })', () => {
    const unguarded = routes.filter((r) => !r.isPublic && !r.roles).map((r) => `${r.method} ${r.path} (${r.controller}.${r.handler})`);
    expect(unguarded).toEqual([]);
  });

  it('routes under modules/ are feature-gated', () => {
    // Feature controllers are recognisable by their @Feature; none may sit outside /centres/:centre.
    for (const r of routes.filter((x) => x.feature)) expect(r.path).toMatch(/^\/api\/v1\/centres\/:centre\//);
  });

  it('refuses anonymous callers on every non-public route', async () => {
    const anonymous = t.client();
    for (const route of routes.filter((r) => !r.isPublic)) {
      const res = await call(anonymous, route, home.slug);
      expect(res.status, `${route.method} ${route.path}`).toBe(401);
    }
  });

  it('answers 403 to every role a route does not list', async () => {
    for (const route of routes.filter((r) => r.roles)) {
      for (const role of Object.keys(clients) as Role[]) {
        if (route.roles!.includes(role)) continue;
        const res = await call(clients[role], route, home.slug);
        expect(res.status, `${role}: ${route.method} ${route.path}`).toBe(403);
      }
    }
  });

  it("does not accept another centre's session under this centre's address", async () => {
    for (const route of routes.filter((r) => r.roles && r.path.includes(':centre'))) {
      for (const role of route.roles!) {
        const foreign = otherCentreClients[role];
        if (!foreign) continue;
        const res = await call(foreign, route, home.slug);
        expect(res.status, `${role} of another centre: ${route.method} ${route.path}`).toBe(401);
      }
    }
  });

  it('answers 404 for an unknown centre on every centre route', async () => {
    for (const route of routes.filter((r) => r.path.includes(':centre'))) {
      const res = await call(t.client(), route, 'gibt-es-nicht');
      expect(res.status, `${route.method} ${route.path}`).toBe(404);
    }
  });

  it('hides every feature route of a module the centre has not licensed', async () => {
    const bare = await createCentre(t, { modules: [] });
    const admin = await login(t, bare.slug, bare.admin.email, bare.admin.password);
    const gated = routes.filter((r) => r.feature);
    expect(gated.length).toBeGreaterThan(0);
    for (const route of gated) {
      expect((await call(t.client(), route, bare.slug)).status, `${route.method} ${route.path}`).toBe(404);
      expect((await call(admin, route, bare.slug)).status, `${route.method} ${route.path}`).toBe(404);
    }
  });
});
