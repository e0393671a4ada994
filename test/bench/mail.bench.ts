import { createServer } from 'node:http';

import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { createPool, type Pool, type RowDataPacket } from 'mysql2/promise';
import { Server as SocketServer } from 'socket.io';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, it } from 'vitest';

import { CasesService } from '../../src/cases/cases.service.js';
import { CryptoService, type CentreCipher } from '../../src/crypto/crypto.service.js';
import { newId } from '../../src/database/ids.js';
import { MailService, messageAad } from '../../modules/mail/mail.service.js';
import { createCentre, type CentreFixture } from '../factories/centres.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { benchAccount, sessionFor } from './fixtures.js';
import { runClient } from './processes.js';
import { profiled } from './profile.js';
import { median, percentile, printTable } from './report.js';

// mysql2 is the baseline's driver, so this benchmark runs on MariaDB/MySQL.
process.env.DB_URL ??= 'mariadb://root@127.0.0.1:3306/test';

const CLIENTS = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const POSTS = 2500;
const READS = 2500;
const SOCKETS = 1000;
const SOCKET_RATE = 100;
const SOCKET_MESSAGES = 1000;

interface Person {
  id: string;
  cookie: string;
  csrf: string;
  caseId: string;
}

interface HttpResult {
  seconds: number;
  latencies: number[];
  errors: number;
}

interface SocketResult {
  latencies: number[];
  lost: number;
  sent: number;
  sockets: number;
}

describe('mail benchmarks (MariaDB)', () => {
  let t: TestApp;
  let centre: CentreFixture;
  let pool: Pool;
  let cipher: CentreCipher;
  const clients: Person[] = [];

  beforeAll(async () => {
    const bare: { cipher?: CentreCipher } = {};
    t = await startTestApp({
      env: { RATE_LIMIT_PER_MINUTE: '10000000', LOG_LEVEL: 'silent' },
      configure: (app: NestExpressApplication) => {
        const express = app.getHttpAdapter().getInstance();
        // Baselines in the same process: the least a stored, encrypted message can cost.
        express.post('/bench/bare', (req: Request, res: Response) => {
          const id = newId();
          const sealed = bare.cipher!.seal({ table: 'bench_bare', id, column: 'text' }, String((req.body as { text: string }).text));
          pool.execute('INSERT INTO bench_bare (id, sealed) VALUES (?, ?)', [id, sealed]).then(
            () => res.status(201).json({ id }),
            () => res.status(500).end(),
          );
        });
        express.get('/bench/read/:caseId', (req: Request, res: Response) => {
          pool
            .execute<RowDataPacket[]>('SELECT id, sealedText FROM mail_message WHERE caseId = ? ORDER BY id DESC LIMIT 50', [String(req.params.caseId)])
            .then(
              ([rows]) => res.json(rows.reverse().map((r) => ({ id: r.id as string, text: bare.cipher!.openText(messageAad(r.id as string), r.sealedText as Buffer) }))),
              () => res.status(500).end(),
            );
        });
      },
    });
    centre = await createCentre(t, { modules: ['mail'] });
    const url = new URL(t.db.url.replace(/^mariadb:/, 'mysql:'));
    pool = createPool({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password), database: url.pathname.slice(1), connectionLimit: 20 });
    await pool.query('CREATE TABLE bench_bare (id varchar(36) PRIMARY KEY, sealed longblob NOT NULL)');
    cipher = await t.app.get(CryptoService).forCentre(centre.id);
    bare.cipher = cipher;

    const cases = t.app.get(CasesService);
    const resolved = { id: centre.id, slug: centre.slug, name: centre.slug, modules: ['mail'], suspended: false };
    const counsellorAccount = await benchAccount(t, centre.id, 'counsellor', 'bench-berater');
    const admin = { type: 'user' as const, id: counsellorAccount.id, role: 'admin' as const, centreId: centre.id };
    const dataSource = t.app.get(DataSource);

    for (let i = 0; i < SOCKETS; i++) {
      const account = await benchAccount(t, centre.id, 'client', `bench-${i}`);
      const { case: row } = await dataSource.transaction((m) => cases.openForClient(m, centre.id, account.id));
      await cases.assign(resolved, admin, row.id, counsellorAccount.id);
      const session = await sessionFor(t, { id: account.id, role: 'client', centreId: centre.id });
      clients.push({ id: account.id, ...session, caseId: row.id });
    }
    const counsellorSession = await sessionFor(t, { id: counsellorAccount.id, role: 'counsellor', centreId: centre.id });
    counsellorCookie = counsellorSession;
  }, 600_000);

  let counsellorCookie: { cookie: string; csrf: string };

  afterAll(async () => {
    await pool?.end();
    await t?.close();
  });

  it('(1) message POST vs a bare encrypt+insert route, 50 concurrent clients', async () => {
    const posters = clients.slice(0, CLIENTS);
    const ours = posters.map((p) => ({
      url: `${t.baseUrl}/api/v1/centres/${centre.slug}/cases/${p.caseId}/messages`,
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: p.cookie, 'x-csrf-token': p.csrf },
      body: JSON.stringify({ text: 'Eine Nachricht von etwa hundert Zeichen, wie sie in einer Beratung oft geschrieben wird, mit Umlauten: äöü.' }),
    }));
    const bare = ours.map((r) => ({ ...r, url: `${t.baseUrl}/bench/bare`, headers: { 'content-type': 'application/json' } }));
    const runs = { ours: [] as HttpResult[], bare: [] as HttpResult[] };
    for (let r = 0; r < ROUNDS; r++) {
      runs.bare.push(await runClient<HttpResult>('http-load.mjs', { requests: bare, concurrency: CLIENTS, total: POSTS, warmup: 200 }));
      runs.ours.push(await profiled('post', () => runClient<HttpResult>('http-load.mjs', { requests: ours, concurrency: CLIENTS, total: POSTS, warmup: 200 })));
    }
    report('(1) POST a message: authenticated, validated, sealed, stored, announced — vs bare seal + mysql2 INSERT (goal ≥ 0.5)', runs);
  });

  it('(2) reading the last 50 messages, decrypted, vs a raw SELECT + decrypt route', async () => {
    const readers = clients.slice(0, CLIENTS);
    // Each thread holds at least 50 messages, whether or not (1) ran before.
    const mail = t.app.get(MailService);
    const resolved = { id: centre.id, slug: centre.slug, name: centre.slug, modules: ['mail'], suspended: false };
    for (const reader of readers) {
      const [rows] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM mail_message WHERE caseId = ?', [reader.caseId]);
      for (let i = Number(rows[0]!.n); i < 50; i++) {
        await mail.post(resolved, { type: 'user', id: reader.id, role: 'client', centreId: centre.id }, reader.caseId, `Nachricht ${i}: etwa hundert Zeichen, wie sie in einer Beratung oft geschrieben werden, mit Umlauten: äöü.`);
      }
    }
    const ours = readers.map((p) => ({
      url: `${t.baseUrl}/api/v1/centres/${centre.slug}/cases/${p.caseId}/messages?limit=50`,
      method: 'GET',
      headers: { cookie: p.cookie },
    }));
    const bare = readers.map((p) => ({ url: `${t.baseUrl}/bench/read/${p.caseId}`, method: 'GET', headers: {} }));
    const runs = { ours: [] as HttpResult[], bare: [] as HttpResult[] };
    for (let r = 0; r < ROUNDS; r++) {
      runs.bare.push(await runClient<HttpResult>('http-load.mjs', { requests: bare, concurrency: CLIENTS, total: READS, warmup: 200 }));
      runs.ours.push(await profiled('read', () => runClient<HttpResult>('http-load.mjs', { requests: ours, concurrency: CLIENTS, total: READS, warmup: 200 })));
    }
    report('(2) GET the last 50 messages of a thread, decrypted — vs raw SELECT + decrypt (goal ≥ 0.7)', runs);
  });

  it('(3) POST-to-socket latency with 1,000 connected sockets at 100 messages/s, vs a bare socket.io server', async () => {
    // The baseline: a plain socket.io server and a plain HTTP endpoint that emits to a room.
    const http = createServer();
    const bareIo = new SocketServer(http, { path: '/socket.io', transports: ['websocket'] });
    bareIo.on('connection', (socket) => void socket.join(String(socket.handshake.query.user)));
    http.on('request', (req, res) => {
      if (req.method !== 'POST' || !req.url?.startsWith('/post/')) return;
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        bareIo.to(req.url!.slice('/post/'.length)).emit('mail.message', JSON.parse(body) as unknown);
        res.writeHead(201).end('{}');
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const bareBase = `http://127.0.0.1:${(http.address() as { port: number }).port}`;

    const runs = { ours: [] as SocketResult[], bare: [] as SocketResult[] };
    for (let r = 0; r < ROUNDS; r++) {
      runs.bare.push(
        await runClient<SocketResult>('socket-load.mjs', {
          base: bareBase,
          event: 'mail.message',
          sockets: clients.map((_, i) => ({ query: { user: `u${i}` } })),
          posts: clients.slice(0, 200).map((_, i) => ({ url: `${bareBase}/post/u${i}`, headers: { 'content-type': 'application/json' }, text: 'Antwort' })),
          rate: SOCKET_RATE,
          count: SOCKET_MESSAGES,
        }),
      );
      runs.ours.push(
        await runClient<SocketResult>('socket-load.mjs', {
          base: t.baseUrl,
          event: 'mail.message',
          sockets: clients.map((c) => ({ cookie: c.cookie })),
          posts: clients.slice(0, 200).map((c) => ({
            url: `${t.baseUrl}/api/v1/centres/${centre.slug}/cases/${c.caseId}/messages`,
            headers: { 'content-type': 'application/json', cookie: counsellorCookie.cookie, 'x-csrf-token': counsellorCookie.csrf },
            text: 'Antwort der Beraterin',
          })),
          rate: SOCKET_RATE,
          count: SOCKET_MESSAGES,
        }),
      );
    }
    await bareIo.close();

    const summary = (results: SocketResult[]) => ({
      sockets: results[0]!.sockets,
      delivered: results.reduce((n, r) => n + r.latencies.length, 0),
      sent: results.reduce((n, r) => n + r.sent, 0),
      lost: results.reduce((n, r) => n + r.lost, 0),
      p50: median(results.map((r) => percentile(r.latencies, 50))),
      p99: median(results.map((r) => percentile(r.latencies, 99))),
    });
    const bare = summary(runs.bare);
    const ours = summary(runs.ours);
    const row = (name: string, s: ReturnType<typeof summary>) => ({
      variant: name,
      sockets: s.sockets,
      delivered: `${s.delivered}/${s.sent}`,
      lost: s.lost,
      p50: `${s.p50.toFixed(1)} ms`,
      p99: `${s.p99.toFixed(1)} ms`,
      'p99 ratio to bare': (s.p99 / bare.p99).toFixed(2),
    });
    printTable(
      `(3) POST → socket latency, ${SOCKETS} sockets connected, ${SOCKET_RATE} messages/s, ${SOCKET_MESSAGES} messages per run, median of ${ROUNDS} runs (goals: p99 < 50 ms, ≤ 2× bare p99, none lost)`,
      [row('bare socket.io server (no storage)', bare), row('BeraDIG: HTTP POST → auth, seal, INSERT → socket', ours)],
    );
  });
});

function report(title: string, runs: { ours: HttpResult[]; bare: HttpResult[] }): void {
  const summarise = (results: HttpResult[]) => {
    const total = results[0]!.latencies.length;
    const throughput = median(results.map((r) => total / r.seconds));
    const all = results.flatMap((r) => r.latencies);
    return { throughput, p50: percentile(all, 50), p99: percentile(all, 99), errors: results.reduce((n, r) => n + r.errors, 0) };
  };
  const bare = summarise(runs.bare);
  const ours = summarise(runs.ours);
  printTable(`${title}; median of ${runs.ours.length} runs`, [
    { variant: 'bare baseline', 'req/s': bare.throughput.toFixed(0), p50: `${bare.p50.toFixed(1)} ms`, p99: `${bare.p99.toFixed(1)} ms`, errors: bare.errors, ratio: '1.00' },
    { variant: 'BeraDIG route', 'req/s': ours.throughput.toFixed(0), p50: `${ours.p50.toFixed(1)} ms`, p99: `${ours.p99.toFixed(1)} ms`, errors: ours.errors, ratio: (ours.throughput / bare.throughput).toFixed(2) },
  ]);
}
