import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INestApplicationContext } from '@nestjs/common';
import { generate, generateSecret } from 'otplib';
import { DataSource } from 'typeorm';

import type { AppConfig } from '../config/app-config.js';
import { FeatureCatalogue } from '../features/feature-catalogue.js';
import { CryptoService } from '../crypto/crypto.service.js';
import { newId } from '../database/ids.js';
import { AccountService } from '../identity/accounts/account.service.js';
import { OperatorService } from '../identity/operator/operator.service.js';
import { PasswordService } from '../identity/accounts/password.service.js';
import { Centre } from '../tenancy/centre.entity.js';

export const DEMO_SLUG = 'musterstadt';

export interface DemoLogin {
  role: 'operator' | 'admin' | 'counsellor' | 'client';
  login: string;
  password: string;
  url: string;
  /**
   * The demo operator's second factor (TOTP secret, base32): two-factor login is mandatory for
   * the operator, so the demo sets it up with a known secret — development only, like the
   * passwords. Add it to an authenticator app, or print the current code with `npm run cli -- demo:code`.
   */
  totpSecret?: string;
}

const demoPassword = () => `Demo-${randomBytes(9).toString('base64url')}`;

/**
 * The demo centre for a first look: one account per role, passwords generated on the first
 * start and kept in var/demo-logins.json (0600). Never runs in production (config refuses).
 */
export async function seedDemo(app: INestApplicationContext, config: AppConfig): Promise<DemoLogin[]> {
  if (config.production) throw new Error('The demo seed never runs in production mode.');
  const file = join(config.varDir, 'demo-logins.json');
  const dataSource = app.get(DataSource);
  if (await dataSource.getRepository(Centre).existsBy({ slug: DEMO_SLUG })) {
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoLogin[]) : [];
  }
  const passwords = app.get(PasswordService);
  const accounts = app.get(AccountService);
  const crypto = app.get(CryptoService);
  const portal = `${config.publicUrl}/${DEMO_SLUG}`;
  const logins: DemoLogin[] = [
    { role: 'operator', login: 'betrieb@beradig.example', password: demoPassword(), url: `${config.publicUrl}/operator`, totpSecret: generateSecret({ length: 20 }) },
    { role: 'admin', login: 'verwaltung@musterstadt.example', password: demoPassword(), url: portal },
    { role: 'counsellor', login: 'b.berger@musterstadt.example', password: demoPassword(), url: portal },
    { role: 'client', login: 'sonnenblume', password: demoPassword(), url: portal },
  ];
  const [operator, admin, counsellor, client] = logins as [DemoLogin, DemoLogin, DemoLogin, DemoLogin];
  const operators = app.get(OperatorService);
  if (await operators.ensure(operator.login, operator.password)) await operators.enableTwoFactorWithSecret(operator.login, operator.totpSecret!);
  else delete operator.totpSecret;

  const now = new Date();
  const centreId = newId();
  const hashes = await Promise.all([admin, counsellor, client].map((l) => passwords.hash(l.password)));
  await dataSource.transaction(async (manager) => {
    await manager.insert(Centre, {
      id: centreId,
      slug: DEMO_SLUG,
      name: 'Beratungsstelle Musterstadt',
      modules: app.get(FeatureCatalogue).keys,
      suspended: false,
      imprint:
        'Beratungsstelle Musterstadt\nPsychologische Beratungsstelle für Eltern, Kinder und Jugendliche\nMusterstraße 1\n12345 Musterstadt\n\nTelefon 01234 56789\nberatung@musterstadt.example\n\nTräger: Musterverein e. V.',
      privacyText: null,
      homepageUrl: 'https://www.example.org/',
      createdAt: now,
      updatedAt: now,
    });
    const cipher = await crypto.createCentreKey(manager, centreId);
    const active = { status: 'active' as const, emailConfirmedAt: now };
    await accounts.create(manager, cipher, { role: 'admin', email: admin.login, displayName: 'Verwaltung', passwordHash: hashes[0], ...active });
    await accounts.create(manager, cipher, {
      role: 'counsellor',
      email: counsellor.login,
      displayName: 'Birgit Berger',
      passwordHash: hashes[1],
      ...active,
    });
    await accounts.create(manager, cipher, {
      role: 'client',
      email: 'sonnenblume@example.org',
      username: client.login,
      passwordHash: hashes[2],
      ...active,
    });
  });
  writeFileSync(file, JSON.stringify(logins, null, 2), { mode: 0o600 });
  return logins;
}

export function formatDemoLogins(logins: DemoLogin[]): string {
  const names = { operator: 'Betreiber', admin: 'Verwaltung', counsellor: 'Beraterin', client: 'Ratsuchende' };
  return [
    'Demo-Zugänge (nur Entwicklung, gespeichert in var/demo-logins.json):',
    ...logins.flatMap((l) => [
      `  ${names[l.role].padEnd(12)} ${l.login.padEnd(32)} ${l.password.padEnd(20)} ${l.url}`,
      ...(l.totpSecret ? [`  ${''.padEnd(12)} zweiter Faktor (TOTP-Schlüssel für die Authenticator-App): ${l.totpSecret} · aktueller Code: npm run cli -- demo:code`] : []),
    ]),
  ].join('\n');
}

/** The demo operator's current TOTP code, for a first look without an authenticator app (development only). */
export async function demoCode(config: AppConfig): Promise<string | null> {
  if (config.production) throw new Error('The demo never runs in production mode.');
  const file = join(config.varDir, 'demo-logins.json');
  if (!existsSync(file)) return null;
  const secret = (JSON.parse(readFileSync(file, 'utf8')) as DemoLogin[]).find((l) => l.role === 'operator')?.totpSecret;
  return secret ? generate({ secret }) : null;
}
