import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createAccount, createCentre, login } from '../factories/centres.js';
import { FEATURES } from '../../src/app.features.js';
import { gateProbeFeature } from '../support/gate-probe.module.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('@Feature licence gate', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ features: [...FEATURES, gateProbeFeature] });
  });
  afterAll(() => t?.close());

  it('answers where licensed, 404 where not, and follows module switches without restart', async () => {
    const licensed = await createCentre(t, { modules: ['mail', 'chat', 'documents', 'probe'] });
    const unlicensed = await createCentre(t, { modules: ['mail', 'chat', 'documents'] });
    const counsellor = await createAccount(t, unlicensed.id, 'counsellor');
    const session = await login(t, unlicensed.slug, counsellor.email, counsellor.password);

    expect((await t.client().get(`/api/v1/centres/${licensed.slug}/gate-probe/open`)).status).toBe(200);
    expect((await t.client().get(`/api/v1/centres/${unlicensed.slug}/gate-probe/open`)).status).toBe(404);
    // 404 even for a logged-in counsellor of that centre: the module is invisible, not forbidden.
    expect((await session.get(`/api/v1/centres/${unlicensed.slug}/gate-probe/closed`)).status).toBe(404);

    const operator = await t.operator();
    await operator.patch(`/api/v1/platform/centres/${unlicensed.slug}`, { modules: ['mail', 'chat', 'documents', 'probe'] });
    expect((await t.client().get(`/api/v1/centres/${unlicensed.slug}/gate-probe/open`)).status).toBe(200);
    expect((await session.get(`/api/v1/centres/${unlicensed.slug}/gate-probe/closed`)).status).toBe(200);
    expect((await t.client().get(`/api/v1/centres/${unlicensed.slug}/gate-probe/closed`)).status).toBe(401);

    await operator.patch(`/api/v1/platform/centres/${unlicensed.slug}`, { modules: ['mail'] });
    expect((await t.client().get(`/api/v1/centres/${unlicensed.slug}/gate-probe/open`)).status).toBe(404);
    expect((await session.get(`/api/v1/centres/${unlicensed.slug}/gate-probe/closed`)).status).toBe(404);
  });
});
