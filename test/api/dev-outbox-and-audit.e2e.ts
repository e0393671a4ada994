import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AuditEvent } from '../../src/audit/audit-event.entity.js';
import { uniqueSlug } from '../factories/centres.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('development outbox', () => {
  let t: TestApp;
  beforeAll(async () => {
    // No SMTP server configured: mails go to var/outbox and are readable at /dev/outbox.
    t = await startTestApp({ env: { SMTP_URL: '' } });
  });
  afterAll(() => t?.close());

  it('keeps the invitation mail for the developer to read in the browser', async () => {
    expect(t.config.devOutbox).toBe(true);
    const operator = await t.operator();
    const slug = uniqueSlug();
    await operator.post('/api/v1/platform/centres', { slug, name: 'Outbox-Stelle', adminEmail: `a@${slug}.example`, modules: [] });
    const page = await fetch(`${t.baseUrl}/dev/outbox`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Einladung zu BeraDIG – Outbox-Stelle');
    expect(html).toContain(`a@${slug}.example`);
    expect(html).toMatch(new RegExp(`<a href="http://beradig.test/${slug}/einladung\\?token=`));
  });

  it('is not there when an SMTP server is configured', async () => {
    const other = await startTestApp();
    try {
      expect((await fetch(`${other.baseUrl}/dev/outbox`)).status).toBe(404);
    } finally {
      await other.close();
    }
  });
});

describe('audit log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('records security events with ids and outcomes only', async () => {
    await t.client().post('/api/v1/platform/auth/login', { email: 'op@example.org', password: 'falsch-falsch-falsch' });
    const operator = await t.operator();
    const slug = uniqueSlug();
    const adminEmail = `geheim@${slug}.example`;
    const created = await operator.post<{ id: string }>('/api/v1/platform/centres', { slug, name: 'Audit', adminEmail, modules: ['mail'] });
    await operator.patch(`/api/v1/platform/centres/${slug}`, { modules: ['mail', 'chat'] });
    await operator.patch(`/api/v1/platform/centres/${slug}`, { suspended: true });

    const events = await t.dataSource.getRepository(AuditEvent).find({ order: { at: 'ASC' } });
    const actions = events.map((e) => `${e.action}:${e.outcome}`);
    expect(actions).toEqual(
      expect.arrayContaining(['operator.login:failure', 'operator.login:success', 'centre.created:success', 'centre.modules-changed:success', 'centre.suspended:success']),
    );
    // Platform events stay with the platform; the centre sees its own copy of what concerns it.
    expect(events.filter((e) => e.action === 'centre.modules-changed').map((e) => e.centreId).sort()).toEqual([created.body.id, null].sort());
    const dump = JSON.stringify(events);
    expect(dump).not.toContain(adminEmail);
    expect(dump).not.toContain('falsch');
  });
});
