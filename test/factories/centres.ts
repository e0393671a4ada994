import { randomBytes } from 'node:crypto';

import { DataSource } from 'typeorm';

import type { PlatformCentre } from '../../src/contracts/centre.js';
import type { FeatureKey } from '../../src/contracts/modules.js';
import type { CentreRole } from '../../src/contracts/roles.js';
import { CryptoService } from '../../src/crypto/crypto.service.js';
import { AccountService } from '../../src/identity/accounts/account.service.js';
import { PasswordService } from '../../src/identity/accounts/password.service.js';
import type { ApiClient } from '../support/api-client.js';
import { linkIn } from '../support/smtp-sink.js';
import type { TestApp } from '../support/test-app.js';

export const uniqueSlug = (prefix = 'bs') => `${prefix}-${randomBytes(4).toString('hex')}`;

export interface CentreFixture {
  slug: string;
  id: string;
  admin: { email: string; password: string };
}

/**
 * A centre created the way the operator does it, with its first admin having accepted the
 * invitation from the SMTP sink.
 */
export async function createCentre(
  t: TestApp,
  options: { modules?: FeatureKey[]; slug?: string; name?: string } = {},
): Promise<CentreFixture> {
  const operator = await t.operator();
  const slug = options.slug ?? uniqueSlug();
  const adminEmail = `verwaltung@${slug}.example`;
  const res = await operator.post<PlatformCentre>('/api/v1/platform/centres', {
    slug,
    name: options.name ?? `Beratungsstelle ${slug}`,
    adminEmail,
    modules: options.modules ?? ['mail', 'chat', 'documents'],
  });
  if (res.status !== 201) throw new Error(`create centre failed: ${res.status} ${res.text}`);
  const mail = await t.mail.waitFor(adminEmail);
  const token = linkIn(mail).searchParams.get('token')!;
  const password = `Admin-Passwort-${randomBytes(4).toString('hex')}`;
  const accept = await t.client().post(`/api/v1/centres/${slug}/invitations/accept`, { token, password });
  if (accept.status !== 200) throw new Error(`accept failed: ${accept.status} ${accept.text}`);
  return { slug, id: res.body.id, admin: { email: adminEmail, password } };
}

/** Inserts an active account directly (for roles whose own sign-up flows are tested elsewhere). */
export async function createAccount(
  t: TestApp,
  centreId: string,
  role: CentreRole,
  options: { email?: string; username?: string; displayName?: string; password?: string } = {},
): Promise<{ id: string; email: string; username?: string; password: string }> {
  const password = options.password ?? `Passwort-${randomBytes(6).toString('hex')}`;
  const email = options.email ?? `${role}-${randomBytes(4).toString('hex')}@example.org`;
  const cipher = await t.app.get(CryptoService).forCentre(centreId);
  const passwordHash = await t.app.get(PasswordService).hash(password);
  const account = await t.app.get(DataSource).transaction((manager) =>
    t.app.get(AccountService).create(manager, cipher, {
      role,
      email,
      username: options.username,
      displayName: options.displayName ?? (role === 'client' ? undefined : `Test ${role}`),
      passwordHash,
      status: 'active',
      emailConfirmedAt: new Date(),
    }),
  );
  return { id: account.id, email, username: options.username, password };
}

export async function login(t: TestApp, slug: string, login: string, password: string): Promise<ApiClient> {
  const client = t.client();
  const res = await client.post(`/api/v1/centres/${slug}/auth/login`, { login, password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  return client;
}

export const strongPassword = () => `Wald-Wiese-${randomBytes(5).toString('hex')}`;

/** Registers a client through the API and confirms by the link from the SMTP sink. */
export async function registerClient(
  t: TestApp,
  slug: string,
  options: { username?: string; email?: string; password?: string; confirm?: boolean } = {},
): Promise<{ username: string; email: string; password: string }> {
  const tag = randomBytes(4).toString('hex');
  const client = {
    username: options.username ?? `klient-${tag}`,
    email: options.email ?? `klient-${tag}@example.org`,
    password: options.password ?? strongPassword(),
  };
  const since = t.mail.messages.length;
  const res = await t.client().post(`/api/v1/centres/${slug}/registrations`, { ...client, privacyAccepted: true });
  if (res.status !== 202) throw new Error(`registration failed: ${res.status} ${res.text}`);
  if (options.confirm !== false) {
    const mail = await t.mail.next(client.email, since);
    const token = linkIn(mail).searchParams.get('token')!;
    const confirmed = await t.client().post(`/api/v1/centres/${slug}/registrations/confirm`, { token });
    if (confirmed.status !== 200) throw new Error(`confirm failed: ${confirmed.status} ${confirmed.text}`);
  }
  return client;
}

/** Someone without an account, in a guest session of that centre (its own cookie and CSRF token). */
export async function guestSession(t: TestApp, slug: string): Promise<ApiClient> {
  const guest = t.client();
  const res = await guest.post<{ csrfToken: string }>(`/api/v1/centres/${slug}/guest-session`);
  if (res.status !== 201) throw new Error(`guest session failed: ${res.status} ${res.text}`);
  guest.csrfToken = res.body.csrfToken;
  return guest;
}
