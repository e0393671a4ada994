import { createServer } from 'node:http';

import { Server as SocketServer } from 'socket.io';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, it } from 'vitest';

import { CasesService } from '../../src/cases/cases.service.js';
import type { ChatRoomView } from '../../modules/chat/contracts.js';
import { ChatService } from '../../modules/chat/chat.service.js';
import { createCentre, type CentreFixture } from '../factories/centres.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { type BenchSession, benchAccount, sessionFor } from './fixtures.js';
import { runClient } from './processes.js';
import { profiled } from './profile.js';
import { median, percentile, printTable } from './report.js';

// The platform's default database (embedded SQLite) unless DB_URL names another, e.g.
// DB_URL=mariadb://root@127.0.0.1:3306/test npm run bench -- chat

const SOCKETS = 1000;
const MEMBERS = 10;
const MESSAGES = 2000;
const WINDOW = 20;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

interface LoadResult {
  seconds: number;
  delivered: number;
  expected: number;
  latencies: number[];
  failed: number;
}

describe('chat fan-out benchmark', () => {
  let t: TestApp;
  let centre: CentreFixture;
  let room: ChatRoomView;
  const members: BenchSession[] = [];
  const idle: BenchSession[] = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '10000000', CHAT_MESSAGES_PER_MINUTE: '10000000', LOG_LEVEL: 'silent' } });
    centre = await createCentre(t, { modules: ['mail', 'chat'] });
    const resolved = { id: centre.id, slug: centre.slug, name: centre.slug, modules: ['mail', 'chat'], suspended: false };
    const cases = t.app.get(CasesService);
    const dataSource = t.app.get(DataSource);
    const counsellor = await benchAccount(t, centre.id, 'counsellor', 'chat-beraterin');
    const admin = { type: 'user' as const, id: counsellor.id, role: 'admin' as const, centreId: centre.id };
    const clientIds: string[] = [];
    for (let i = 0; i < SOCKETS - 1; i++) {
      const account = await benchAccount(t, centre.id, 'client', `chat-${i}`);
      if (i < MEMBERS - 1) {
        const { case: row } = await dataSource.transaction((m) => cases.openForClient(m, centre.id, account.id));
        await cases.assign(resolved, admin, row.id, counsellor.id);
        clientIds.push(account.id);
        members.push(await sessionFor(t, { id: account.id, role: 'client', centreId: centre.id }));
      } else idle.push(await sessionFor(t, { id: account.id, role: 'client', centreId: centre.id }));
    }
    const counsellorPrincipal = { type: 'user' as const, id: counsellor.id, role: 'counsellor' as const, centreId: centre.id };
    members.push(await sessionFor(t, { id: counsellor.id, role: 'counsellor', centreId: centre.id }));
    room = await t.app.get(ChatService).create(resolved, counsellorPrincipal, { name: 'Gruppenchat', participantIds: clientIds, agreedTime: null });
  }, 600_000);
  afterAll(() => t?.close());

  it(`fan-out in a ${MEMBERS}-member room with ${SOCKETS} sockets connected, vs a bare socket.io broadcast server`, async () => {
    // The baseline: a plain socket.io server that broadcasts each line to the room's sockets.
    const http = createServer();
    const bareIo = new SocketServer(http, { path: '/socket.io', transports: ['websocket'] });
    bareIo.on('connection', (socket) => {
      if (socket.handshake.query.member === '1') void socket.join('room');
      socket.on('send', (payload: { text: string }, ack: (a: unknown) => void) => {
        bareIo.to('room').emit('line', { text: payload.text });
        ack({ ok: true });
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const bareBase = `http://127.0.0.1:${(http.address() as { port: number }).port}`;

    const runs = { ours: [] as LoadResult[], bare: [] as LoadResult[] };
    for (let r = 0; r < ROUNDS; r++) {
      runs.bare.push(
        await runClient<LoadResult>('chat-load.mjs', {
          base: bareBase,
          members: members.map(() => ({ query: { member: '1' } })),
          idle: idle.map(() => ({ query: { member: '0' } })),
          send: { event: 'send', payload: {} },
          receive: 'line',
          count: MESSAGES,
          window: WINDOW,
        }),
      );
      runs.ours.push(
        await profiled('chat', () => runClient<LoadResult>('chat-load.mjs', {
          base: t.baseUrl,
          members: members.map((m) => ({ cookie: m.cookie })),
          idle: idle.map((m) => ({ cookie: m.cookie })),
          join: { event: 'chat.join', payload: { roomId: room.id } },
          send: { event: 'chat.send', payload: { roomId: room.id } },
          receive: 'chat.message',
          count: MESSAGES,
          window: WINDOW,
        })),
      );
    }
    await bareIo.close();

    const summary = (results: LoadResult[]) => ({
      rate: median(results.map((x) => x.delivered / x.seconds)),
      p50: median(results.map((x) => percentile(x.latencies, 50))),
      p99: median(results.map((x) => percentile(x.latencies, 99))),
      delivered: results.reduce((n, x) => n + x.delivered, 0),
      expected: results.reduce((n, x) => n + x.expected, 0),
      failed: results.reduce((n, x) => n + x.failed, 0),
    });
    const bare = summary(runs.bare);
    const ours = summary(runs.ours);
    const row = (variant: string, s: ReturnType<typeof summary>) => ({
      variant,
      'delivered/s': s.rate.toFixed(0),
      delivered: `${s.delivered}/${s.expected}`,
      refused: s.failed,
      p50: `${s.p50.toFixed(1)} ms`,
      p99: `${s.p99.toFixed(1)} ms`,
      'throughput ratio': (s.rate / bare.rate).toFixed(2),
    });
    printTable(
      `Chat fan-out on ${t.db.kind === 'sqlite' ? 'SQLite' : 'MariaDB/MySQL'}: ${MEMBERS} members taking turns, ${WINDOW} lines in flight, ${MESSAGES} lines per run, ${SOCKETS} sockets connected, median of ${ROUNDS} runs (goal ≥ 0.5 of bare)`,
      [row('bare socket.io broadcast (no auth, no storage)', bare), row('BeraDIG chat: auth, validate, seal, INSERT, fan-out to each member', ours)],
    );
  });
});
