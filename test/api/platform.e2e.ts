import sharp from 'sharp';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { PlatformCentre, PublicCentre } from '../../src/contracts/centre.js';
import type { Problem } from '../../src/contracts/problem.js';
import { PlatformService } from '../../src/platform/platform.service.js';
import { createAccount, createCentre, login, uniqueSlug } from '../factories/centres.js';
import { assign, client, counsellor, enquiry, post } from '../factories/mail.js';
import { pdfs } from '../factories/pdfs.js';
import { linkIn } from '../support/smtp-sink.js';
import { WITH_STAND_INS } from '../support/stand-in-features.js';
import { OPERATOR, startTestApp, type TestApp } from '../support/test-app.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('platform (operator) API', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ features: WITH_STAND_INS });
  });
  afterAll(() => t?.close());

  async function counts() {
    const q = async (table: string) => Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
    return { centre: await q('centre'), key: await q('centre_key'), user: await q('user_account'), token: await q('account_token') };
  }

  describe('operator login', () => {
    it('sets an httpOnly SameSite=Lax session cookie and answers me', async () => {
      const client = t.client();
      const res = await client.post<{ me: { role: string }; csrfToken: string }>('/api/v1/platform/auth/login', OPERATOR);
      expect(res.status).toBe(200);
      expect(res.body.me.role).toBe('operator');
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('beradig='))!;
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      const me = await client.get<{ role: string; centre: null }>('/api/v1/auth/me');
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ role: 'operator', centre: null });
    });

    it('refuses a wrong password with the same answer as an unknown address', async () => {
      const wrong = await t.client().post<Problem>('/api/v1/platform/auth/login', { ...OPERATOR, password: 'falsch-falsch-falsch' });
      const unknown = await t.client().post<Problem>('/api/v1/platform/auth/login', { email: 'nobody@example.org', password: 'falsch-falsch-falsch' });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body.code).toBe('LOGIN_FAILED');
      expect(unknown.body.code).toBe('LOGIN_FAILED');
      expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    });

    it('answers five failures for the operator address exactly like for an unknown one, and a guesser does not lock the operator out', async () => {
      const answers = async (email: string) => {
        const seen = [];
        for (let i = 0; i < 6; i++) {
          const res = await t.client().post<Problem>('/api/v1/platform/auth/login', { email, password: `falsch-${i}-falsch-falsch` }, { 'x-forwarded-for': '203.0.113.9' });
          seen.push(`${res.status} ${res.body.code}`);
        }
        return seen;
      };
      const operator = await answers(OPERATOR.email);
      expect(operator.at(-1)).toBe('429 ACCOUNT_LOCKED');
      expect(await answers(`niemand-${Date.now()}@example.org`)).toEqual(operator);
      const elsewhere = await t.client().post<Problem>('/api/v1/platform/auth/login', OPERATOR, { 'x-forwarded-for': '198.51.100.40' });
      expect(elsewhere.status, elsewhere.text).not.toBe(429);
    });

    it('answers malformed login input with 400 and field errors', async () => {
      const res = await t.client().post<Problem>('/api/v1/platform/auth/login', { email: 'kein-mail' });
      expect(res.status).toBe(400);
      expect(res.body.errors?.map((e) => e.field).sort()).toEqual(['email', 'password']);
    });

    it('refuses state changes without a CSRF token', async () => {
      const client = t.client();
      client.omitCsrf = true;
      const res = await client.post<Problem>('/api/v1/platform/auth/login', OPERATOR);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('CSRF_INVALID');
    });

    it('refuses a CSRF token of another session', async () => {
      const operator = await t.operator();
      const other = await t.operator();
      const res = await operator.post('/api/v1/auth/logout', undefined, { 'x-csrf-token': other.csrfToken! });
      expect(res.status).toBe(403);
    });
  });

  describe('access', () => {
    it('refuses anonymous callers with 401 and centre users with 403', async () => {
      expect((await t.client().get('/api/v1/platform/centres')).status).toBe(401);
      const centre = await createCentre(t);
      const admin = await login(t, centre.slug, centre.admin.email, centre.admin.password);
      expect((await admin.get('/api/v1/platform/centres')).status).toBe(403);
      expect((await admin.post('/api/v1/platform/centres', { slug: uniqueSlug(), name: 'x', adminEmail: 'a@b.de', modules: [] })).status).toBe(403);
      expect((await admin.patch(`/api/v1/platform/centres/${centre.slug}`, { suspended: true })).status).toBe(403);
      expect((await admin.delete(`/api/v1/platform/centres/${centre.slug}`)).status).toBe(403);
    });

    it('answers 404 for a centre that does not exist', async () => {
      const operator = await t.operator();
      expect((await operator.get('/api/v1/platform/centres/gibt-es-nicht')).status).toBe(404);
      expect((await operator.patch('/api/v1/platform/centres/gibt-es-nicht', { name: 'x' })).status).toBe(404);
      expect((await operator.delete('/api/v1/platform/centres/gibt-es-nicht')).status).toBe(404);
    });
  });

  describe('creating a centre', () => {
    it('creates it, computes tier and fee, and invites the first admin by e-mail', async () => {
      const operator = await t.operator();
      const slug = uniqueSlug('neu');
      const adminEmail = `team@${slug}.example`;
      const res = await operator.post<PlatformCentre>('/api/v1/platform/centres', {
        slug,
        name: 'Erziehungsberatung Neustadt',
        adminEmail,
        modules: ['video', 'mail', 'chat', 'documents'],
        imprint: 'Neustadt 1',
        homepageUrl: 'https://eb-neustadt.example',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        slug,
        modules: ['mail', 'chat', 'documents', 'video'],
        suspended: false,
        annualFee: 480,
        setupFee: 380,
      });
      expect(res.body.tier?.id).toBe('base-video');
      // The operator's answer never contains the admin's address.
      expect(res.text).not.toContain(adminEmail);

      const mail = await t.mail.waitFor(adminEmail);
      expect(mail.subject).toContain('Erziehungsberatung Neustadt');
      const link = linkIn(mail);
      expect(link.pathname).toBe(`/${slug}/einladung`);
      const token = link.searchParams.get('token')!;

      // Too short a password changes nothing; the token still works afterwards.
      const weak = await t.client().post<Problem>(`/api/v1/centres/${slug}/invitations/accept`, { token, password: 'kurz' });
      expect(weak.status).toBe(400);
      expect(weak.body.errors?.[0]).toMatchObject({ field: 'password', code: 'field.minLength' });

      const accepted = await t.client().post(`/api/v1/centres/${slug}/invitations/accept`, { token, password: 'Ein-gutes-Passwort-1' });
      expect(accepted.status).toBe(200);
      const reused = await t.client().post<Problem>(`/api/v1/centres/${slug}/invitations/accept`, { token, password: 'Ein-gutes-Passwort-2' });
      expect(reused.status).toBe(400);
      expect(reused.body.code).toBe('TOKEN_INVALID');

      const admin = await login(t, slug, adminEmail, 'Ein-gutes-Passwort-1');
      const me = await admin.get<{ role: string; centre: string }>('/api/v1/auth/me');
      expect(me.body).toMatchObject({ role: 'admin', centre: slug });

      const list = await operator.get<PlatformCentre[]>('/api/v1/platform/centres');
      expect(list.body.find((c) => c.slug === slug)).toMatchObject({ annualFee: 480, tier: { id: 'base-video' } });
      expect(list.text).not.toContain(adminEmail);
    });

    it('invitation tokens only work at their own centre', async () => {
      const operator = await t.operator();
      const a = uniqueSlug();
      const other = await createCentre(t);
      await operator.post('/api/v1/platform/centres', { slug: a, name: 'A', adminEmail: `x@${a}.example`, modules: [] });
      const token = linkIn(await t.mail.waitFor(`x@${a}.example`)).searchParams.get('token')!;
      const res = await t.client().post(`/api/v1/centres/${other.slug}/invitations/accept`, { token, password: 'Ein-gutes-Passwort-1' });
      expect(res.status).toBe(400);
      expect((await t.client().post(`/api/v1/centres/${a}/invitations/accept`, { token, password: 'Ein-gutes-Passwort-1' })).status).toBe(200);
    });

    it.each([
      ['an invalid slug', { slug: 'Ungültig!', name: 'X', adminEmail: 'a@b.de', modules: [] }, 400, ['slug']],
      ['a reserved slug', { slug: 'api', name: 'X', adminEmail: 'a@b.de', modules: [] }, 400, ['slug']],
      ['unknown modules', { slug: uniqueSlug(), name: 'X', adminEmail: 'a@b.de', modules: ['mail', 'telepathie'] }, 400, ['modules']],
      ['duplicate modules', { slug: uniqueSlug(), name: 'X', adminEmail: 'a@b.de', modules: ['mail', 'mail'] }, 400, ['modules']],
      ['a module without one it needs', { slug: uniqueSlug(), name: 'X', adminEmail: 'a@b.de', modules: ['chat', 'documents'] }, 400, ['modules']],
      ['a module name as slug', { slug: 'chat', name: 'X', adminEmail: 'a@b.de', modules: [] }, 400, ['slug']],
      ['missing fields', { slug: uniqueSlug() }, 400, ['adminEmail', 'modules', 'name']],
      ['an invalid e-mail', { slug: uniqueSlug(), name: 'X', adminEmail: 'kein-mail', modules: [] }, 400, ['adminEmail']],
      ['an unknown field', { slug: uniqueSlug(), name: 'X', adminEmail: 'a@b.de', modules: [], isAdmin: true }, 400, ['isAdmin']],
      ['a non-https homepage', { slug: uniqueSlug(), name: 'X', adminEmail: 'a@b.de', modules: [], homepageUrl: 'javascript:alert(1)' }, 400, ['homepageUrl']],
    ])('refuses %s with field errors and leaves no row behind', async (_label, body, status, fields) => {
      const operator = await t.operator();
      const before = await counts();
      const mails = t.mail.messages.length;
      const res = await operator.post<Problem>('/api/v1/platform/centres', body);
      expect(res.status).toBe(status);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect([...new Set(res.body.errors!.map((e) => e.field))].sort()).toEqual(fields);
      for (const e of res.body.errors!) expect(e.message.length).toBeGreaterThan(3);
      expect(await counts()).toEqual(before);
      expect(t.mail.messages.length).toBe(mails);
    });

    it('answers field messages in German by default and in English on request', async () => {
      const operator = await t.operator();
      const de = await operator.post<Problem>('/api/v1/platform/centres', { slug: 'x', name: 'X', adminEmail: 'kein-mail', modules: [] });
      expect(de.body.errors!.find((e) => e.field === 'adminEmail')!.message).toBe('Bitte eine gültige E-Mail-Adresse angeben.');
      const en = await operator.post<Problem>(
        '/api/v1/platform/centres',
        { slug: 'x', name: 'X', adminEmail: 'kein-mail', modules: [] },
        { 'accept-language': 'en-GB,en;q=0.9' },
      );
      expect(en.body.errors!.find((e) => e.field === 'adminEmail')!.message).toBe('Please enter a valid e-mail address.');
    });

    it('refuses a duplicate slug with 409 and leaves no row behind', async () => {
      const existing = await createCentre(t);
      const operator = await t.operator();
      const before = await counts();
      const res = await operator.post<Problem>('/api/v1/platform/centres', {
        slug: existing.slug,
        name: 'Doppelt',
        adminEmail: 'doppelt@example.org',
        modules: ['mail'],
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('SLUG_TAKEN');
      expect(res.body.errors?.[0]?.field).toBe('slug');
      expect(await counts()).toEqual(before);
    });

    it('refuses concurrent creation of the same slug except once', async () => {
      const operator = await t.operator();
      const slug = uniqueSlug('race');
      const results = await Promise.all(
        [1, 2, 3].map((i) => operator.post('/api/v1/platform/centres', { slug, name: `R${i}`, adminEmail: `r${i}@example.org`, modules: [] })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      const rows = await t.dataSource.query(`SELECT COUNT(*) AS n FROM centre WHERE slug = '${slug}'`);
      expect(Number(rows[0].n)).toBe(1);
    });
  });

  describe('updating a centre', () => {
    it('switches modules, recomputes the tier and shows them on the portal', async () => {
      const centre = await createCentre(t, { modules: ['mail', 'chat', 'documents'] });
      const operator = await t.operator();
      const res = await operator.patch<PlatformCentre>(`/api/v1/platform/centres/${centre.slug}`, {
        modules: ['mail', 'chat', 'documents', 'scheduling'],
        name: 'Umbenannt',
      });
      expect(res.status).toBe(200);
      // scheduling is only sold on top of base + video: the covering package is 630 €.
      expect(res.body).toMatchObject({ name: 'Umbenannt', annualFee: 630, tier: { id: 'base-video-scheduling' } });
      const portal = await t.client().get<PublicCentre>(`/api/v1/centres/${centre.slug}`);
      expect(portal.body).toMatchObject({ name: 'Umbenannt', modules: ['mail', 'chat', 'documents', 'scheduling'] });

      const none = await operator.patch<PlatformCentre>(`/api/v1/platform/centres/${centre.slug}`, { modules: [] });
      expect(none.body).toMatchObject({ tier: null, annualFee: 0 });
    });

    it('refuses bad input and changes nothing', async () => {
      const centre = await createCentre(t);
      const operator = await t.operator();
      for (const body of [{ modules: ['quatsch'] }, { name: '' }, { suspended: 'ja' }, { slug: 'neu' }, { homepageUrl: 'ftp://x' }]) {
        const res = await operator.patch<Problem>(`/api/v1/platform/centres/${centre.slug}`, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
      }
      const after = await operator.get<PlatformCentre>(`/api/v1/platform/centres/${centre.slug}`);
      expect(after.body).toMatchObject({ slug: centre.slug, modules: ['mail', 'chat', 'documents'], suspended: false });
    });

    it('suspends: the portal says so, logins and sessions stop; reactivation restores them', async () => {
      const centre = await createCentre(t);
      const admin = await login(t, centre.slug, centre.admin.email, centre.admin.password);
      const operator = await t.operator();
      await operator.patch(`/api/v1/platform/centres/${centre.slug}`, { suspended: true });

      const portal = await t.client().get<PublicCentre>(`/api/v1/centres/${centre.slug}`);
      expect(portal.status).toBe(200);
      expect(portal.body).toMatchObject({ suspended: true, modules: [] });
      const denied = await t.client().post<Problem>(`/api/v1/centres/${centre.slug}/auth/login`, {
        login: centre.admin.email,
        password: centre.admin.password,
      });
      expect(denied.status).toBe(403);
      expect(denied.body.code).toBe('CENTRE_SUSPENDED');
      expect((await admin.get('/api/v1/auth/me')).status).toBe(401);

      await operator.patch(`/api/v1/platform/centres/${centre.slug}`, { suspended: false });
      await login(t, centre.slug, centre.admin.email, centre.admin.password);
    });
  });

  describe('branding', () => {
    it('stores a logo checked by content and serves it publicly', async () => {
      const centre = await createCentre(t);
      const operator = await t.operator();
      const form = new FormData();
      form.append('file', new Blob([PNG], { type: 'image/png' }), 'logo.png');
      const res = await operator.put<PlatformCentre>(`/api/v1/platform/centres/${centre.slug}/branding/logo`, form);
      expect(res.status).toBe(200);
      expect(res.body.hasLogo).toBe(true);

      const portal = await t.client().get<PublicCentre>(`/api/v1/centres/${centre.slug}`);
      expect(portal.body.logoUrl).toMatch(new RegExp(`^/api/v1/centres/${centre.slug}/branding/logo\\?v=`));
      const image = await fetch(t.baseUrl + portal.body.logoUrl);
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/png');
      expect(image.headers.get('x-content-type-options')).toBe('nosniff');
      // Decoded and written anew: an image of the same size, not the same bytes.
      expect((await sharp(Buffer.from(await image.arrayBuffer())).metadata()).width).toBe((await sharp(PNG).metadata()).width);
    });

    it('refuses a text file named .png and an oversized file', async () => {
      const centre = await createCentre(t);
      const operator = await t.operator();
      const fake = new FormData();
      fake.append('file', new Blob(['<svg onload="alert(1)"/>'], { type: 'image/png' }), 'logo.png');
      const res = await operator.put<Problem>(`/api/v1/platform/centres/${centre.slug}/branding/logo`, fake);
      expect(res.status).toBe(415);
      const big = new FormData();
      big.append('file', new Blob([Buffer.concat([PNG, Buffer.alloc(1024 * 1024 + 1)])], { type: 'image/png' }), 'big.png');
      expect((await operator.put(`/api/v1/platform/centres/${centre.slug}/branding/image`, big)).status).toBe(413);
      const after = await operator.get<PlatformCentre>(`/api/v1/platform/centres/${centre.slug}`);
      expect(after.body).toMatchObject({ hasLogo: false, hasImage: false });
      expect((await operator.put(`/api/v1/platform/centres/${centre.slug}/branding/banner`, fake)).status).toBe(400);
    });
  });

  describe('deleting a centre', () => {
    it('destroys its data key and every row, and the centre is gone', async () => {
      const centre = await createCentre(t);
      await createAccount(t, centre.id, 'counsellor');
      const operator = await t.operator();
      const res = await operator.delete(`/api/v1/platform/centres/${centre.slug}`);
      expect(res.status).toBe(204);
      for (const table of ['centre_key', 'user_account', 'account_token', 'session', 'centre_asset', 'audit_event']) {
        const rows = await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table} WHERE centreId = ?`, [centre.id]);
        expect(Number(rows[0].n), table).toBe(0);
      }
      expect((await t.client().get(`/api/v1/centres/${centre.slug}`)).status).toBe(404);
      expect((await operator.get(`/api/v1/platform/centres/${centre.slug}`)).status).toBe(404);
    });

    it('deletes a centre full of content — messages, a reassigned case, chat, documents, video — leaving no row in any table', async () => {
      const modules = ['mail', 'chat', 'documents', 'video'];
      const centre = await createCentre(t, { modules });
      const admin = await login(t, centre.slug, centre.admin.email, centre.admin.password);
      const anna = await counsellor(t, centre, 'Anna Acker');
      const ben = await counsellor(t, centre, 'Ben Berg');
      const klara = await client(t, centre);
      const caseId = await enquiry(centre, klara);
      await assign(centre, admin, caseId, anna.id);
      await post(centre, anna, caseId, 'Guten Tag, ich bin für Sie da.');
      await post(centre, klara, caseId, 'Danke!');
      const upload = await klara.client.upload(`/api/v1/centres/${centre.slug}/cases/${caseId}/documents`, pdfs.minimal(), { 'content-type': 'application/pdf', 'x-file-name': 'brief.pdf' });
      expect(upload.status).toBe(201);
      const room = await anna.client.post<{ id: string }>(`/api/v1/centres/${centre.slug}/chat/rooms`, { name: 'Chat', participantIds: [klara.id] });
      expect((await anna.client.post(`/api/v1/centres/${centre.slug}/chat/rooms/${room.body.id}/messages`, { text: 'Hallo' })).status).toBe(201);
      const video = await anna.client.post<{ id: string }>(`/api/v1/centres/${centre.slug}/video/rooms`, { name: 'Video', inviteeIds: [klara.id], guestsAllowed: true });
      expect(video.status).toBe(201);
      await anna.client.put(`/api/v1/centres/${centre.slug}/video/rooms/${video.body.id}/note`, { text: 'Notiz' });
      await anna.client.post(`/api/v1/centres/${centre.slug}/video/rooms/${video.body.id}/guest-links`, {});
      // A second period: rows that point at a period and at people who go with the centre.
      await assign(centre, admin, caseId, ben.id);
      await post(centre, ben, caseId, 'Ich übernehme Ihre Beratung.');

      const operator = await t.operator();
      const res = await operator.delete(`/api/v1/platform/centres/${centre.slug}`);
      expect(res.status, res.text).toBe(204);
      const tables = t.dataSource.entityMetadatas.filter((m) => m.columns.some((c) => c.propertyName === 'centreId')).map((m) => m.tableName);
      expect(tables).toEqual(expect.arrayContaining(['mail_message', 'chat_message', 'document', 'video_room', 'case_period']));
      for (const table of tables) {
        const rows = await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table} WHERE centreId = ?`, [centre.id]);
        expect(Number(rows[0].n), table).toBe(0);
      }
    });
  });

  it('resends the invitation without telling the operator the address', async () => {
    const operator = await t.operator();
    const slug = uniqueSlug();
    await operator.post('/api/v1/platform/centres', { slug, name: 'R', adminEmail: `again@${slug}.example`, modules: [] });
    await t.mail.waitFor(`again@${slug}.example`);
    const res = await operator.post<{ sent: number }>(`/api/v1/platform/centres/${slug}/invitations/resend`);
    expect(res.body).toEqual({ sent: 1 });
    await expect.poll(() => t.mail.to(`again@${slug}.example`).length).toBe(2);
  });

  it('sweeps the files of centres that no longer exist, keeping those of living ones', async () => {
    const living = await createCentre(t);
    const gone = randomUUID();
    for (const centreId of [living.id, gone]) {
      mkdirSync(join(t.config.filesDir, centreId, 'documents'), { recursive: true });
      writeFileSync(join(t.config.filesDir, centreId, 'documents', randomUUID()), 'versiegelt');
    }
    expect(await t.app.get(PlatformService).sweepFilesOfDeletedCentres()).toBeGreaterThanOrEqual(1);
    expect(existsSync(join(t.config.filesDir, gone))).toBe(false);
    expect(existsSync(join(t.config.filesDir, living.id, 'documents'))).toBe(true);
  });

  it('lists the installed modules and what each needs', async () => {
    const operator = await t.operator();
    const res = await operator.get<{ key: string; requires: string[] }[]>('/api/v1/platform/modules');
    expect(res.body.map((m) => m.key)).toEqual(['mail', 'chat', 'documents', 'video', 'scheduling', 'anonymous']);
    expect(res.body.find((m) => m.key === 'chat')?.requires).toEqual(['mail']);
    expect(res.body.find((m) => m.key === 'mail')?.requires).toEqual([]);
    const missing = await operator.patch<Problem>(`/api/v1/platform/centres/${(await createCentre(t)).slug}`, { modules: ['documents'] });
    expect(missing.status).toBe(400);
    expect(missing.body.errors?.[0]?.message).toContain('mail');
  });

  it('publishes the price list', async () => {
    const operator = await t.operator();
    const res = await operator.get<{ currency: string; tiers: { id: string; annualFee: number }[] }>('/api/v1/platform/pricing');
    expect(res.body.currency).toBe('EUR');
    expect(res.body.tiers.map((x) => x.annualFee)).toEqual([240, 480, 630, 630, 780]);
  });
});
