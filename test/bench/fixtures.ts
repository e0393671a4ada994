import type { Response } from 'express';
import { DataSource } from 'typeorm';

import { CryptoService } from '../../src/crypto/crypto.service.js';
import { AccountService } from '../../src/identity/accounts/account.service.js';
import { PasswordService } from '../../src/identity/accounts/password.service.js';
import { UserAccount } from '../../src/identity/accounts/user-account.entity.js';
import { CsrfService } from '../../src/identity/sessions/csrf.service.js';
import { SessionService } from '../../src/identity/sessions/session.service.js';
import type { TestApp } from '../support/test-app.js';

export interface BenchSession {
  cookie: string;
  csrf: string;
}

/** Sessions without argon2: the benchmarks are about messages, not logins. */
export async function sessionFor(t: TestApp, principal: { id: string; role: 'client' | 'counsellor'; centreId: string }): Promise<BenchSession> {
  const sessions = t.app.get(SessionService);
  let cookie = '';
  const res = { cookie: (name: string, value: string) => (cookie = `${name}=${value}`) } as unknown as Response;
  const session = await sessions.start({ type: 'user', id: principal.id, role: principal.role, centreId: principal.centreId }, res);
  return { cookie, csrf: t.app.get(CsrfService).issue(session.id) };
}

let hash: string | undefined;

/** An active, confirmed account straight through the account service (no e-mail round trip). */
export async function benchAccount(
  t: TestApp,
  centreId: string,
  role: 'client' | 'counsellor',
  label: string,
  notifyMode: UserAccount['notifyMode'] = role === 'client' ? 'hourly' : 'off',
): Promise<UserAccount> {
  hash ??= await t.app.get(PasswordService).hash('Bench-Passwort-123');
  const cipher = await t.app.get(CryptoService).forCentre(centreId);
  const dataSource = t.app.get(DataSource);
  const account = await dataSource.transaction((m) =>
    t.app.get(AccountService).create(m, cipher, {
      role,
      email: `${label}@example.org`,
      ...(role === 'client' ? { username: label } : { displayName: label }),
      passwordHash: hash!,
      status: 'active',
      emailConfirmedAt: new Date(),
    }),
  );
  await dataSource.getRepository(UserAccount).update({ id: account.id }, { notifyMode });
  return account;
}
