import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ChatRoomView } from '../../modules/chat/contracts.js';
import { FEATURES } from '../../src/app.features.js';
import type { Problem } from '../../src/contracts/problem.js';
import type { Role } from '../../src/contracts/roles.js';
import { createCentre, type CentreFixture, guestSession, login } from '../factories/centres.js';
import { assign, client, counsellor, enquiry, type Person } from '../factories/mail.js';
import { notesFeature } from '../fixtures/example-module/notes.feature.js';
import type { ApiClient } from '../support/api-client.js';
import { changedTables, databaseFingerprint, type DatabaseFingerprint, type Fingerprint } from '../support/db-fingerprint.js';
import { gateProbeFeature } from '../support/gate-probe.module.js';
import {
  bodyMutations,
  type Mutation,
  type OpenApiDocument,
  type Operation,
  parserMutations,
  queryMutations,
  rawMutations,
} from '../support/input-mutations.js';
import { declaredInputs } from '../support/route-inputs.js';
import { listRoutes, type RouteInfo } from '../support/routes.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Caller = Role | 'anonymous';

/**
 * The fuzz walk of issue 11, item 7: every route of the OpenAPI document that takes a body or a
 * query gets invalid input built from its schema (wrong types, nulls, unknown and prototype keys,
 * 10,000-deep nesting, 2 MB strings, 100,000-element lists, bytes that are not UTF-8, lone
 * surrogates, control characters), from every role that may call it, with real ids in its path;
 * every other route that takes a request body gets what its body parser must refuse. Each answer
 * must be a 4xx of the kinds a refusal has (400, 413, 415, …: never 2xx, 5xx, or a 404 that shows
 * the handler ran), name the mutated field where there is one, and leave every table as it was.
 * New routes are walked as soon as they exist; a body the document does not describe, or a
 * content type without mutations, fails the walk.
 */
describe('input fuzz: every route, every role that may call it', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let routes: RouteInfo[];
  let home: CentreFixture;
  let db: DatabaseFingerprint;
  const callers = {} as Record<Caller, ApiClient>;
  const params: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ features: [...FEATURES, notesFeature, gateProbeFeature] });
    routes = listRoutes(t.app);
    doc = (await t.client().get<OpenApiDocument>('/api/docs-json')).body;
    home = await createCentre(t, { modules: [...FEATURES.map((f) => f.key), 'notes', 'probe'] });
    const admin = await login(t, home.slug, home.admin.email, home.admin.password);
    const anna: Person = await counsellor(t, home, 'Anna Acker');
    const klara: Person = await client(t, home);
    const caseId = await enquiry(home, klara);
    await assign(home, admin, caseId, anna.id);
    const room = await anna.client.post<ChatRoomView>(`/api/v1/centres/${home.slug}/chat/rooms`, { name: 'Dienstag', participantIds: [klara.id] });
    expect(room.status).toBe(201);
    // A visitor without an account, in a live chat with Anna, and a topic chat she hosts now.
    const guest = await guestSession(t, home.slug);
    expect((await anna.client.put(`/api/v1/centres/${home.slug}/anonymous/console/duty`, { active: true })).status).toBe(200);
    const chat = await guest.post<{ id: string }>(`/api/v1/centres/${home.slug}/anonymous/visitor/chat`);
    expect(chat.status).toBe(201);
    const topic = await anna.client.post<{ id: string }>(`/api/v1/centres/${home.slug}/anonymous/topics`, {
      title: 'Offener Abend',
      description: 'Worüber Sie sprechen möchten.',
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(topic.status).toBe(201);
    Object.assign(callers, { anonymous: t.client(), operator: await t.operator(), admin, counsellor: anna.client, client: klara.client, guest });
    // Real objects behind the path, so a mutation that slipped past validation would reach them.
    Object.assign(params, { centre: home.slug, slug: home.slug, kind: 'logo', caseId, roomId: room.body.id, userId: klara.id, counsellorId: anna.id, chatId: chat.body.id, topicId: topic.body.id });
    // The session's last request time moves on every request; nothing else may.
    db = await databaseFingerprint(t, { session: ['lastSeenAt'], anonymous_visitor: ['lastSeenAt'] });
  });
  afterAll(() => t?.close());

  const openApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');
  const operationOf = (route: RouteInfo): Operation | undefined => doc.paths[openApiPath(route.path)]?.[route.method.toLowerCase()];
  const concrete = (path: string) => path.replace(/:([A-Za-z]+)/g, (_, name: string) => params[name] ?? randomUUID());
  const callersOf = (route: RouteInfo): Caller[] => (route.isPublic ? ['anonymous', 'operator', 'admin', 'counsellor', 'client'] : [...(route.roles ?? [])]);

  /** The mutations a route gets, or why it gets none. */
  function mutationsOf(route: RouteInfo): { mutations: Mutation[]; kind: string } {
    const operation = operationOf(route)!;
    const out: Mutation[] = [];
    let kind = 'none';
    const content = operation.requestBody?.content ?? {};
    for (const [type, { schema }] of Object.entries(content)) {
      if (type === 'application/json') {
        out.push(...bodyMutations(doc, schema));
        kind = 'json';
      } else {
        const raw = rawMutations(type, schema);
        if (!raw) throw new Error(`${route.method} ${route.path}: no mutations for a ${type} body (add them to rawMutations)`);
        out.push(...raw);
        kind = type;
      }
    }
    if (operation.parameters?.some((p) => p.in === 'query')) {
      out.push(...queryMutations(doc, operation.parameters));
      kind = kind === 'none' ? 'query' : `${kind}+query`;
    }
    // Any other route that is sent a body still parses it as JSON first.
    if (kind === 'none' && route.method !== 'GET') {
      out.push(...parserMutations());
      kind = 'parser';
    }
    return { mutations: out, kind };
  }

  it('finds every route in the OpenAPI document, with the body and query its handler reads', () => {
    const inputs = declaredInputs(t.app);
    const missing = routes.filter((r) => !operationOf(r)).map((r) => `${r.method} ${r.path}`);
    expect(missing, 'routes the OpenAPI document does not list').toEqual([]);
    const undocumented = routes.flatMap((r) => {
      const declared = inputs.get(`${r.method} ${r.path}`);
      const operation = operationOf(r)!;
      const problems: string[] = [];
      if (declared?.body && !operation.requestBody) problems.push(`${r.method} ${r.path}: @Body() without a request body in the document`);
      if (declared?.query && !operation.parameters?.some((p) => p.in === 'query')) problems.push(`${r.method} ${r.path}: @Query() without query parameters in the document`);
      return problems;
    });
    expect(undocumented).toEqual([]);
  });

  it('refuses every invalid input with a 4xx that names the field, and writes nothing', async () => {
    const started = Date.now();
    const failures: string[] = [];
    const coverage = { routes: 0, mutations: 0, calls: 0, byKind: {} as Record<string, number>, routesByKind: {} as Record<string, number> };
    let before: Fingerprint = await db.settle();
    // Routes without a body of their own last: should their parser let something through, a
    // logout or a deletion ends the walk's sessions only after everything else was walked.
    const walk = routes.map((route) => ({ route, ...mutationsOf(route) })).sort((a, b) => Number(a.kind === 'parser') - Number(b.kind === 'parser'));
    for (const { route, mutations, kind } of walk) {
      if (mutations.length === 0) continue;
      coverage.routes++;
      coverage.mutations += mutations.length;
      coverage.routesByKind[kind] = (coverage.routesByKind[kind] ?? 0) + 1;
      for (const caller of callersOf(route)) {
        for (const m of mutations) {
          const path = concrete(route.path) + (m.query !== undefined ? `?${m.query}` : '');
          const label = `${caller}: ${route.method} ${route.path} — ${m.name}`;
          let status: number;
          let problem: Problem | undefined;
          try {
            const res = await callers[caller].request<Problem>(route.method, path, m.body, m.headers ?? {});
            status = res.status;
            problem = typeof res.body === 'object' ? res.body : undefined;
          } catch (error) {
            failures.push(`${label}: no answer (${(error as Error).message})`);
            continue;
          }
          coverage.calls++;
          coverage.byKind[kind] = (coverage.byKind[kind] ?? 0) + 1;
          if (!m.statuses.includes(status)) {
            failures.push(`${label}: ${status} ${problem?.code ?? ''} (expected ${m.statuses.join('/')})`);
          } else if (m.code && problem?.code !== m.code) {
            failures.push(`${label}: ${status} ${problem?.code ?? ''} (expected code ${m.code})`);
          } else if (m.field !== undefined) {
            const fields = (problem?.errors ?? []).map((e) => e.field);
            const named = fields.some((f) => f === m.field || (m.field !== '' && f.startsWith(`${m.field}.`)));
            if (!named) failures.push(`${label}: ${status} ${problem?.code ?? ''} names ${JSON.stringify(fields)}, not ${JSON.stringify(m.field)}`);
          }
          const after = await db.take();
          const changed = changedTables(before, after);
          if (changed.length) failures.push(`${label}: ${status}, but wrote to ${changed.join(', ')}`);
          before = after;
        }
      }
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.info(`input fuzz: ${coverage.calls} requests (${coverage.mutations} mutations × the roles that may call each route) to ${coverage.routes} routes in ${seconds} s (${t.db.kind}); routes ${JSON.stringify(coverage.routesByKind)}, requests ${JSON.stringify(coverage.byKind)}`);
    expect(failures).toEqual([]);
    // The walk really walked: JSON bodies, queries, both uploads and body-less routes.
    expect(Object.keys(coverage.byKind).sort()).toEqual(expect.arrayContaining(['application/pdf', 'json', 'multipart/form-data', 'parser', 'query']));
  });

  it('sees a write when one happens (the check above is not blind)', async () => {
    const before = await db.take();
    const res = await callers.counsellor.patch(`/api/v1/centres/${home.slug}/chat/rooms/${params.roomId}`, { name: 'Mittwoch' });
    expect(res.status).toBe(200);
    expect(changedTables(before, await db.take())).toContain('chat_room');
  });
});
