import argon2 from 'argon2';
import { it } from 'vitest';

import { ARGON2_OPTIONS } from '../../src/identity/accounts/password.service.js';
import { createAccount, createCentre } from '../factories/centres.js';
import { startTestApp } from '../support/test-app.js';
import { load } from './http-load.js';
import { median, percentile, printTable, timeIt } from './report.js';

const LOGINS = 120;
const ME_REQUESTS = 4000;

it('login throughput and its argon2 cost, next to an authenticated GET /auth/me', async () => {
  const t = await startTestApp();
  try {
    const centre = await createCentre(t);
    const accounts = await Promise.all(Array.from({ length: 8 }, () => createAccount(t, centre.id, 'counsellor')));
    const url = `${t.baseUrl}/api/v1/centres/${centre.slug}/auth/login`;
    const csrf = ((await (await fetch(`${t.baseUrl}/api/v1/auth/csrf`)).json()) as { token: string }).token;

    // Baseline 1: argon2id verification alone, with the platform's parameters.
    const hash = await argon2.hash('Ein-Passwort-für-den-Vergleich', ARGON2_OPTIONS);
    const argonRuns: number[] = [];
    for (let i = 0; i < 30; i++) argonRuns.push(await timeIt(() => argon2.verify(hash, 'Ein-Passwort-für-den-Vergleich').then(() => undefined)));
    const argonMs = median(argonRuns) * 1000;

    const doLogin = async (i: number) => {
      const a = accounts[i % accounts.length]!;
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ login: a.email, password: a.password }),
      });
      if (res.status !== 200) throw new Error(`login ${res.status}`);
      await res.arrayBuffer();
    };
    await load(16, 4, doLogin);
    const logins = await load(LOGINS, 4, doLogin);

    // Baseline 2: the cheapest authenticated route, same session machinery, no password work.
    const session = (await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify({ login: accounts[0]!.email, password: accounts[0]!.password }),
    })).headers.getSetCookie()[0]!.split(';')[0]!;
    const doMe = async () => {
      const res = await fetch(`${t.baseUrl}/api/v1/auth/me`, { headers: { cookie: session } });
      if (res.status !== 200) throw new Error(`me ${res.status}`);
      await res.arrayBuffer();
    };
    await load(200, 50, doMe);
    const me = await load(ME_REQUESTS, 50, doMe);

    const loginsPerSecond = LOGINS / logins.seconds;
    const mePerSecond = ME_REQUESTS / me.seconds;
    printTable('Login cost (SQLite, argon2id m=19456 KiB t=2 p=1; 2 cores)', [
      { measure: 'argon2id verify, one password', value: `${argonMs.toFixed(1)} ms`, ratio: '1.00 (baseline)' },
      {
        measure: `POST …/auth/login, ${LOGINS} logins, 4 in flight`,
        value: `${loginsPerSecond.toFixed(1)} logins/s, p50 ${percentile(logins.latencies, 50).toFixed(0)} ms, p99 ${percentile(logins.latencies, 99).toFixed(0)} ms`,
        ratio: `${(percentile(logins.latencies, 50) / argonMs).toFixed(2)} × argon2 per login (p50)`,
      },
      {
        measure: `GET /api/v1/auth/me, ${ME_REQUESTS} requests, 50 in flight`,
        value: `${mePerSecond.toFixed(0)} req/s, p50 ${percentile(me.latencies, 50).toFixed(1)} ms, p99 ${percentile(me.latencies, 99).toFixed(1)} ms`,
        ratio: `${(mePerSecond / loginsPerSecond).toFixed(0)} × login throughput`,
      },
      {
        measure: 'share of a login spent in argon2 (2 cores)',
        value: `${(((argonMs / 1000) * loginsPerSecond) / 2 * 100).toFixed(0)} % of both cores`,
        ratio: '',
      },
    ]);
  } finally {
    await t.close();
  }
});
