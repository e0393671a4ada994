import 'reflect-metadata';

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { DynamicModule, Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { generate } from 'otplib';
import { DataSource } from 'typeorm';

import { createApp } from '../../src/bootstrap/create-app.js';
import { runStartupTasks } from '../../src/bootstrap/startup.js';
import { type AppConfig, loadConfig } from '../../src/config/app-config.js';
import type { TotpSetup } from '../../src/contracts/accounts.js';
import type { FeatureDefinition } from '../../src/features/feature-definition.js';
import { OperatorAccount } from '../../src/identity/operator/operator-account.entity.js';
import { ApiClient } from './api-client.js';
import { SmtpSink } from './smtp-sink.js';
import { createTestDatabase, type TestDatabase } from './test-db.js';

export const OPERATOR = { email: 'operator@beradig.test', password: 'Operator-Passwort-1' };

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  baseUrl: string;
  mail: SmtpSink;
  db: TestDatabase;
  dataSource: DataSource;
  varDir: string;
  client(): ApiClient;
  /**
   * A client logged in as the platform operator, with password and second factor. The first
   * call sets two-factor login up (the operator must, at the first login) and keeps the secret
   * in `operatorSecret`; a test that sets it up itself puts its secret there.
   */
  operator(): Promise<ApiClient>;
  operatorSecret?: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  imports?: (Type | DynamicModule)[];
  /** The installed features, when a test needs others than the registry's (e.g. stand-ins). */
  features?: readonly FeatureDefinition[];
  /** A second instance on the database given in env.DB_URL: it must not drop it on close. */
  shareDatabase?: boolean;
  /** Extra routes or middleware before the app starts listening (benchmarks' baselines). */
  configure?: (app: NestExpressApplication) => void;
}

/** Boots the real application on a fresh database, a real SMTP sink and a random port. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const varDir = mkdtempSync(join(tmpdir(), 'beradig-test-'));
  const mail = new SmtpSink();
  await mail.start();
  const db: TestDatabase = options.shareDatabase && options.env?.DB_URL
    ? { url: options.env.DB_URL, kind: options.env.DB_URL.startsWith('sqlite:') ? 'sqlite' : 'mysql', drop: async () => {} }
    : await createTestDatabase(varDir);
  const config = loadConfig({
    NODE_ENV: 'test',
    DB_URL: db.url,
    VAR_DIR: varDir,
    MASTER_KEY: randomBytes(32).toString('base64'),
    SMTP_URL: mail.url,
    PUBLIC_URL: 'http://beradig.test',
    OPERATOR_EMAIL: OPERATOR.email,
    OPERATOR_PASSWORD: OPERATOR.password,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    RATE_LIMIT_PER_MINUTE: '100000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    FRONTEND_DIST: join(varDir, 'no-frontend'),
    ...options.env,
  });
  const { app } = await createApp(config, { imports: options.imports, features: options.features });
  await runStartupTasks(app, config);
  options.configure?.(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const dataSource = app.get(DataSource);
  const LOGIN = '/api/v1/platform/auth/login';

  async function operatorLogin(t: TestApp): Promise<ApiClient> {
    const client = new ApiClient(baseUrl);
    if (!t.operatorSecret) {
      const first = await client.post<{ me: { twoFactorSetupPending?: boolean } }>(LOGIN, OPERATOR);
      if (first.status !== 200 || !first.body.me.twoFactorSetupPending) {
        throw new Error(`operator login failed: ${first.status} ${first.text} (set up elsewhere? put the secret in t.operatorSecret)`);
      }
      const setup = await client.post<TotpSetup>('/api/v1/platform/account/two-factor/setup');
      const confirmed = await client.post('/api/v1/platform/account/two-factor/confirm', { code: await generate({ secret: setup.body.secret }) });
      if (confirmed.status !== 200) throw new Error(`operator two-factor setup failed: ${confirmed.status} ${confirmed.text}`);
      t.operatorSecret = setup.body.secret;
      return client;
    }
    // A code is taken once per 30-second step; tests log in more often than that, so the
    // helper forgets which step was used last (replay protection has tests of its own).
    await dataSource.getRepository(OperatorAccount).update({ email: OPERATOR.email }, { totpLastStep: null });
    const res = await client.post(LOGIN, { ...OPERATOR, totp: await generate({ secret: t.operatorSecret }) });
    if (res.status !== 200) throw new Error(`operator login failed: ${res.status} ${res.text}`);
    return client;
  }
  // One operator login at a time: parallel ones would race for the same code.
  let operatorLogins: Promise<unknown> = Promise.resolve();

  const t: TestApp = {
    app,
    config,
    baseUrl,
    mail,
    db,
    dataSource,
    varDir,
    client: () => new ApiClient(baseUrl),
    operator: () => {
      const login = operatorLogins.then(() => operatorLogin(t));
      operatorLogins = login.catch(() => undefined);
      return login;
    },
    close: async () => {
      await app.close();
      await mail.stop();
      await db.drop();
      rmSync(varDir, { recursive: true, force: true });
    },
  };
  return t;
}

/**
 * Two app instances that form one cluster: the second shares the first one's database, master
 * key and Redis. Both are closed after `run`, whatever happens.
 */
export async function withTwoInstances(redisUrl: string, run: (first: TestApp, second: TestApp) => Promise<void>): Promise<void> {
  const first = await startTestApp({ env: { REDIS_URL: redisUrl } });
  try {
    const second = await startTestApp({
      env: { REDIS_URL: redisUrl, DB_URL: first.db.url, MASTER_KEY: first.config.masterKey.kind === 'env' ? first.config.masterKey.current : '' },
      shareDatabase: true,
    });
    try {
      await run(first, second);
    } finally {
      await second.close();
    }
  } finally {
    await first.close();
  }
}
