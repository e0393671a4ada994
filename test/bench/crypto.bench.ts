import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

import { DataSource } from 'typeorm';
import { it } from 'vitest';

import { CentreKey } from '../../src/crypto/centre-key.entity.js';
import { CryptoService } from '../../src/crypto/crypto.service.js';
import { MasterKeyring, parseMasterKey } from '../../src/crypto/master-keyring.js';
import { Centre } from '../../src/tenancy/centre.entity.js';
import { median, printTable, timeIt } from './report.js';

const MESSAGE = randomBytes(1024);
const OPS = 40_000;
const ROUNDS = 7;

/** The baseline: what node:crypto does for one 1 KiB message with a fresh IV, sealed and opened. */
function rawRound(key: Buffer, aad: Buffer): void {
  for (let i = 0; i < OPS; i++) {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    c.setAAD(aad);
    const body = c.update(MESSAGE);
    c.final();
    const tag = c.getAuthTag();
    const d = createDecipheriv('aes-256-gcm', key, iv);
    d.setAAD(aad);
    d.setAuthTag(tag);
    d.update(body);
    d.final();
  }
}

it('seal+open throughput of the envelope layer vs raw AES-256-GCM', async () => {
  const dataSource = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [Centre, CentreKey], synchronize: true });
  await dataSource.initialize();
  const centreId = '01a2184c-0000-7000-8000-00000000c0de';
  const now = new Date();
  await dataSource.getRepository(Centre).insert({ id: centreId, slug: 'bench', name: 'Bench', modules: [], suspended: false, imprint: null, privacyText: null, homepageUrl: null, createdAt: now, updatedAt: now });
  const crypto = new CryptoService(dataSource, new MasterKeyring(parseMasterKey(randomBytes(32).toString('base64'))));
  await dataSource.transaction((m) => crypto.createCentreKey(m, centreId));

  const rawKey = randomBytes(32);
  const rawAad = Buffer.from(`beradig/v1\u0000${centreId}\u0000mail_message\u0000text\u000001a2184c-0000-7000-8000-000000000001`);
  const aad = { table: 'mail_message', id: '01a2184c-0000-7000-8000-000000000001', column: 'text' };

  const envelopeRound = async () => {
    for (let i = 0; i < OPS; i++) {
      const sealed = await crypto.seal(centreId, aad, MESSAGE);
      await crypto.open(centreId, aad, sealed);
    }
  };
  const cipher = await crypto.forCentre(centreId);
  const syncRound = () => {
    for (let i = 0; i < OPS; i++) cipher.open(aad, cipher.seal(aad, MESSAGE));
  };

  // Warm up, then interleave so drift in machine load hits all three alike.
  rawRound(rawKey, rawAad);
  await envelopeRound();
  const raw: number[] = [];
  const envelope: number[] = [];
  const sync: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    raw.push(await timeIt(() => rawRound(rawKey, rawAad)));
    envelope.push(await timeIt(envelopeRound));
    sync.push(await timeIt(syncRound));
  }
  await dataSource.destroy();

  const row = (name: string, seconds: number) => ({
    variant: name,
    'ops/s (seal+open)': Math.round(OPS / seconds).toLocaleString('en'),
    'MB/s': ((OPS * MESSAGE.length * 2) / seconds / 1e6).toFixed(1),
    'ratio to raw': (median(raw) / seconds).toFixed(3),
  });
  printTable(`Envelope encryption, 1 KiB messages, ${OPS} seal+open per round, median of ${ROUNDS} rounds (goal: ratio ≥ 0.8)`, [
    row('raw node:crypto AES-256-GCM', median(raw)),
    row('CryptoService.seal/open (async)', median(envelope)),
    row('CentreCipher.seal/open (sync)', median(sync)),
  ]);
});
