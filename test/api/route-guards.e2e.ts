import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FEATURES } from '../../src/app.features.js';
import type { Role } from '../../src/contracts/roles.js';
import { createAccount, createCentre, guestSession, login, type CentreFixture } from '../factories/centres.js';
import type { ApiClient } from '../support/api-client.js';
import { notesFeature } from '../fixtures/example-module/notes.feature.js';
import { gateProbeFeature } from '../support/gate-probe.module.js';
import { concretePath, featureEntryPoints, listRoutes, listSocketEvents, type RouteInfo, type SocketEventInfo } from '../support/routes.js';
import { connectSocket } from '../support/sockets.js';
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
    t = await startTestApp({ features: [...FEATURES, notesFeature, gateProbeFeature] });
    routes = listRoutes(t.app);
    home = await createCentre(t, { modules: [...FEATURES.map((f) => f.key), 'notes', 'probe'] });
    other = await createCentre(t, { modules: [...FEATURES.map((f) => f.key), 'notes', 'probe'] });
    clients.operator = await t.operator();
    clients.admin = await login(t, home.slug, home.admin.email, home.admin.password);
    for (const role of ['counsellor', 'client'] as const) {
      const account = await createAccount(t, home.id, role);
      clients[role] = await login(t, home.slug, account.email, account.password);
    }
    clients.guest = await guestSession(t, home.slug);
    otherCentreClients = { admin: await login(t, other.slug, other.admin.email, other.admin.password), guest: await guestSession(t, other.slug) };
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

  it("gates every controller and gateway of a feature module by that feature's key", () => {
    const entries = featureEntryPoints(t.app, [...FEATURES, notesFeature, gateProbeFeature]);
    // Each registered feature has entry points, and the probe covers the walker itself.
    for (const feature of [...FEATURES, notesFeature]) expect(entries.some((e) => e.feature === feature.key), feature.key).toBe(true);
    const ungated = entries.filter((e) => e.gatedBy !== e.feature).map((e) => `${e.className} (${e.feature}) is gated by ${e.gatedBy ?? 'nothing'}`);
    expect(ungated).toEqual([]);
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

  describe('every socket event', () => {
    let events: SocketEventInfo[];
    beforeAll(() => {
      events = listSocketEvents(t.app);
    });
    const emit = (socket: Awaited<ReturnType<typeof connectSocket>>, event: string) =>
      socket.socket.timeout(5000).emitWithAck(event, {}) as Promise<{ ok: boolean; code?: string; status?: number }>;

    it('found the events', () => {
      expect(events.length).toBeGreaterThan(3);
      expect(events.some((e) => e.event === 'probe.ping')).toBe(true);
    });

    it('each carries @Public() or @Authenticated({ roles }) and belongs to a feature', () => {
      expect(events.filter((e) => !e.isPublic && !e.roles).map((e) => `${e.gateway}.${e.handler}`)).toEqual([]);
      expect(events.filter((e) => !e.feature).map((e) => `${e.gateway}.${e.handler}`)).toEqual([]);
    });

    it('refuses a connection without a session, so no event can be sent anonymously', async () => {
      await expect(connectSocket(t.baseUrl, t.client())).rejects.toThrow();
    });

    it('answers 403 to every role an event does not list', async () => {
      const sockets = {
        admin: await connectSocket(t.baseUrl, clients.admin),
        counsellor: await connectSocket(t.baseUrl, clients.counsellor),
        client: await connectSocket(t.baseUrl, clients.client),
        guest: await connectSocket(t.baseUrl, clients.guest),
      };
      try {
        for (const event of events.filter((e) => e.roles)) {
          for (const role of Object.keys(sockets) as (keyof typeof sockets)[]) {
            if (event.roles!.includes(role)) continue;
            const answer = await emit(sockets[role], event.event);
            expect(answer, `${role}: ${event.event}`).toMatchObject({ ok: false, code: 'FORBIDDEN', status: 403 });
          }
        }
      } finally {
        for (const s of Object.values(sockets)) s.close();
      }
    });

    it('answers 404 to every role where the centre has not licensed the module', async () => {
      const bare = await createCentre(t, { modules: [] });
      const sockets: Partial<Record<Role, Awaited<ReturnType<typeof connectSocket>>>> = {
        admin: await connectSocket(t.baseUrl, await login(t, bare.slug, bare.admin.email, bare.admin.password)),
      };
      for (const role of ['counsellor', 'client'] as const) {
        const account = await createAccount(t, bare.id, role);
        sockets[role] = await connectSocket(t.baseUrl, await login(t, bare.slug, account.email, account.password));
      }
      try {
        for (const event of events) {
          for (const [role, socket] of Object.entries(sockets)) {
            const answer = await emit(socket, event.event);
            expect(answer, `${role}: ${event.event}`).toMatchObject({ ok: false, code: 'NOT_FOUND', status: 404 });
          }
        }
      } finally {
        for (const s of Object.values(sockets)) s.close();
      }
    });
  });
});
