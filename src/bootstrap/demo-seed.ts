import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INestApplicationContext } from '@nestjs/common';
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
    { role: 'operator', login: 'betrieb@beradig.example', password: demoPassword(), url: `${config.publicUrl}/operator` },
    { role: 'admin', login: 'verwaltung@musterstadt.example', password: demoPassword(), url: portal },
    { role: 'counsellor', login: 'b.berger@musterstadt.example', password: demoPassword(), url: portal },
    { role: 'client', login: 'sonnenblume', password: demoPassword(), url: portal },
  ];
  const [operator, admin, counsellor, client] = logins as [DemoLogin, DemoLogin, DemoLogin, DemoLogin];
  await app.get(OperatorService).ensure(operator.login, operator.password);

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
    ...logins.map((l) => `  ${names[l.role].padEnd(12)} ${l.login.padEnd(32)} ${l.password.padEnd(20)} ${l.url}`),
  ].join('\n');
}
