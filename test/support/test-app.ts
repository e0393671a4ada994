import 'reflect-metadata';

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { DynamicModule, Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';

import { createApp } from '../../src/bootstrap/create-app.js';
import { runStartupTasks } from '../../src/bootstrap/startup.js';
import { type AppConfig, loadConfig } from '../../src/config/app-config.js';
import type { FeatureDefinition } from '../../src/features/feature-definition.js';
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
  /** A client logged in as the platform operator. */
  operator(): Promise<ApiClient>;
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
  return {
    app,
    config,
    baseUrl,
    mail,
    db,
    dataSource,
    varDir,
    client: () => new ApiClient(baseUrl),
    operator: async () => {
      const client = new ApiClient(baseUrl);
      const res = await client.post('/api/v1/platform/auth/login', OPERATOR);
      if (res.status !== 200) throw new Error(`operator login failed: ${res.status} ${res.text}`);
      return client;
    },
    close: async () => {
      await app.close();
      await mail.stop();
      await db.drop();
      rmSync(varDir, { recursive: true, force: true });
    },
  };
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
