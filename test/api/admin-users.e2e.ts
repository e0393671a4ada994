import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Problem } from '../../src/contracts/problem.js';
import type { UserSummary } from '../../src/identity/admin/dto.js';
import { UserAccount } from '../../src/identity/accounts/user-account.entity.js';
import { createAccount, createCentre, type CentreFixture, login, registerClient, strongPassword } from '../factories/centres.js';
import type { ApiClient } from '../support/api-client.js';
import { linkIn } from '../support/smtp-sink.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('admin: staff and clients', () => {
  let t: TestApp;
  let centre: CentreFixture;
  let admin: ApiClient;
  const url = (path: string) => `/api/v1/centres/${centre.slug}${path}`;

  beforeAll(async () => {
    t = await startTestApp();
    centre = await createCentre(t);
    admin = await login(t, centre.slug, centre.admin.email, centre.admin.password);
  });
  afterAll(() => t?.close());

  it('invites a counsellor who sets a password and logs in', async () => {
    const since = t.mail.messages.length;
    const res = await admin.post<UserSummary>(url('/staff'), { name: 'Birgit Berger', email: 'b.berger@beratung.example', role: 'counsellor' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ role: 'counsellor', status: 'pending', name: 'Birgit Berger', email: 'b.berger@beratung.example' });
    const mail = await t.mail.next('b.berger@beratung.example', since);
    const token = linkIn(mail).searchParams.get('token')!;
    const password = strongPassword();
    expect((await t.client().post(url('/invitations/accept'), { token, password })).status).toBe(200);
    const counsellor = await login(t, centre.slug, 'b.berger@beratung.example', password);
    expect((await counsellor.get<{ role: string; displayName: string }>('/api/v1/auth/me')).body).toMatchObject({
      role: 'counsellor',
      displayName: 'Birgit Berger',
    });
    const duplicate = await admin.post<Problem>(url('/staff'), { name: 'Zweite', email: 'B.Berger@beratung.example', role: 'admin' });
    expect(duplicate.status).toBe(409);
    const badRole = await admin.post<Problem>(url('/staff'), { name: 'X', email: 'x@beratung.example', role: 'client' });
    expect(badRole.status).toBe(400);
  });

  it("does not tell the admin that an address is a client's: inviting it answers like a new address, and the client's account stays as it is", async () => {
    const client = await registerClient(t, centre.slug);
    const asStaff = await admin.post<UserSummary>(url('/staff'), { name: 'Kim Klar', email: client.email, role: 'counsellor' });
    const fresh = await admin.post<UserSummary>(url('/staff'), { name: 'Frieda Frisch', email: `frisch-${Date.now()}@beratung.example`, role: 'counsellor' });
    expect(asStaff.status).toBe(fresh.status);
    expect(asStaff.status).toBe(201);
    expect(asStaff.body).toMatchObject({ role: 'counsellor', status: 'pending', name: 'Kim Klar', email: client.email });
    await login(t, centre.slug, client.username, client.password);
    await login(t, centre.slug, client.email, client.password);
    // Only the address's owner can learn it is in use: by accepting, which is refused.
    const token = linkIn(await t.mail.waitFor(client.email, 10_000, (m) => m.subject.includes('Einladung') || m.text.includes('/einladung'))).searchParams.get('token')!;
    const accept = await t.client().post<Problem>(url('/invitations/accept'), { token, password: strongPassword() });
    expect(accept.status).toBe(409);
    expect(accept.body.code).toBe('EMAIL_TAKEN');
    await login(t, centre.slug, client.email, client.password);
  });

  it('lists people by role and state without anything they wrote, clients without their address', async () => {
    const client = await registerClient(t, centre.slug);
    const res = await admin.get<UserSummary[]>(url('/users?role=client'));
    const row = res.body.find((u) => u.name === client.username)!;
    expect(row).toMatchObject({ role: 'client', status: 'active', email: null, emailConfirmed: true, hasWritten: false });
    expect(res.text).not.toContain(client.email);
    expect(Object.keys(row).sort()).toEqual(['createdAt', 'email', 'emailConfirmed', 'hasWritten', 'id', 'lastLoginAt', 'name', 'role', 'status', 'twoFactorEnabled']);
    const idle = await admin.get<UserSummary[]>(url('/users?idle=true'));
    expect(idle.body.map((u) => u.name)).toContain(client.username);
    expect((await admin.get(url('/users?role=operator'))).status).toBe(400);
  });

  it('purges registrations left unconfirmed for a day', async () => {
    const stale = await registerClient(t, centre.slug, { confirm: false });
    const fresh = await registerClient(t, centre.slug, { confirm: false });
    const repo = t.dataSource.getRepository(UserAccount);
    const pending = await repo.findBy({ centreId: centre.id, status: 'pending', role: 'client' });
    const staleRow = pending.find((p) => p.createdAt.getTime() === Math.min(...pending.map((x) => x.createdAt.getTime())))!;
    await repo.update({ id: staleRow.id }, { createdAt: new Date(Date.now() - 2 * 86_400_000) });
    const res = await admin.post<{ deleted: number }>(url('/users/purge-unconfirmed'));
    expect(res.body.deleted).toBe(1);
    const names = (await admin.get<UserSummary[]>(url('/users?status=pending'))).body.map((u) => u.name);
    expect(names).toContain(fresh.username);
    expect(names).not.toContain(stale.username);
  });

  it('protects the last admin and the admin themself', async () => {
    const me = (await admin.get<{ id: string }>(url('/account'))).body;
    expect((await admin.post<Problem>(url(`/users/${me.id}/deactivate`))).body.code).toBe('NOT_YOURSELF');
    expect((await admin.delete<Problem>(url(`/users/${me.id}`))).body.code).toBe('NOT_YOURSELF');
  });

  it('keeps one admin when two admins delete each other at the same moment', async () => {
    const own = await createCentre(t);
    const [a, b] = [await createAccount(t, own.id, 'admin'), await createAccount(t, own.id, 'admin')];
    // The centre's first admin steps aside, so a and b are its only active admins.
    const first = await login(t, own.slug, own.admin.email, own.admin.password);
    expect((await first.delete(`/api/v1/centres/${own.slug}/account`, { password: own.admin.password })).status).toBe(204);
    const [asA, asB] = [await login(t, own.slug, a.email, a.password), await login(t, own.slug, b.email, b.password)];
    const answers = await Promise.all([asA.delete<Problem>(`/api/v1/centres/${own.slug}/users/${b.id}`), asB.delete<Problem>(`/api/v1/centres/${own.slug}/users/${a.id}`)]);
    // The other one is refused: as the last admin (409), or because its session ended with it.
    const [done, refused] = answers.map((r) => r.status).sort();
    expect(done).toBe(204);
    expect([401, 403, 409]).toContain(refused);
    expect(await t.dataSource.getRepository(UserAccount).countBy({ centreId: own.id, role: 'admin', status: 'active' })).toBe(1);
  });

  it("answers 404 for another centre's people and for ids that do not exist", async () => {
    const other = await createCentre(t);
    const otherClient = await registerClient(t, other.slug);
    const otherAdmin = await login(t, other.slug, other.admin.email, other.admin.password);
    const { id } = (await otherAdmin.get<UserSummary[]>(`/api/v1/centres/${other.slug}/users?role=client`)).body.find((u) => u.name === otherClient.username)!;
    for (const call of [
      () => admin.post(url(`/users/${id}/deactivate`)),
      () => admin.post(url(`/users/${id}/reactivate`)),
      () => admin.post(url(`/users/${id}/invitation`)),
      () => admin.delete(url(`/users/${id}`)),
      () => admin.delete(url('/users/not-an-id')),
    ]) {
      expect((await call()).status).toBe(404);
    }
    await login(t, other.slug, otherClient.username, otherClient.password);
  });

  it('makes two-factor login mandatory for staff and back', async () => {
    expect((await admin.get<{ staffTwoFactorRequired: boolean }>(url('/settings'))).body).toEqual({ staffTwoFactorRequired: false });
    expect((await admin.put(url('/settings'), { staffTwoFactorRequired: 'ja' })).status).toBe(400);
    expect((await admin.put(url('/settings'), { staffTwoFactorRequired: true })).body).toEqual({ staffTwoFactorRequired: true });
    expect((await admin.put(url('/settings'), { staffTwoFactorRequired: false })).body).toEqual({ staffTwoFactorRequired: false });
  });
});
