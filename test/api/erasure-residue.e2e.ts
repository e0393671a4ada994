import { existsSync, readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createCentre, type CentreFixture, login } from '../factories/centres.js';
import { assign, client, counsellor, enquiry, post } from '../factories/mail.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The database's files as they lie on disk: the file itself, its write-ahead log and index. */
function databaseFiles(t: TestApp): Buffer[] {
  return [t.db.file!, `${t.db.file}-wal`, `${t.db.file}-shm`].filter((f) => existsSync(f)).map((f) => readFileSync(f));
}

/**
 * An erased person leaves nothing readable in any file the embedded database keeps: not in the
 * database file and not in its write-ahead log, where a copy cut back to an earlier frame would
 * give the sealed values back (and, with the master key, the person). Read straight from disk,
 * after the erasure's answer, with no checkpoint of the test's own.
 */
describe('erasure leaves no residue in the database files', () => {
  let t: TestApp;
  let centre: CentreFixture;
  beforeAll(async () => {
    t = await startTestApp();
    centre = await createCentre(t, { modules: ['mail'] });
  });
  afterAll(() => t?.close());

  it('on SQLite: no sealed value, blind index or id of the erased person in the file, its log or its index', async (ctx) => {
    if (t.db.kind !== 'sqlite') ctx.skip(); // MariaDB's logs: docs/operations.md
    const admin = await login(t, centre.slug, centre.admin.email, centre.admin.password);
    const anna = await counsellor(t, centre);
    const klara = await client(t, centre);
    const caseId = await enquiry(centre, klara, 'Ich brauche Rat wegen meiner Tochter.');
    await assign(centre, admin, caseId, anna.id);
    await post(centre, klara, caseId, 'Eine zweite Nachricht von mir.');
    await post(centre, anna, caseId, 'Antwort der Beraterin.');

    const [account] = await t.dataSource.query<Record<string, unknown>[]>('SELECT * FROM user_account WHERE id = ?', [klara.id]);
    const messages = await t.dataSource.query<{ sealedText: Buffer }[]>('SELECT sealedText FROM mail_message WHERE caseId = ?', [caseId]);
    const traces: { what: string; bytes: Buffer }[] = [
      { what: 'id', bytes: Buffer.from(klara.id, 'latin1') },
      ...Object.entries(account!)
        .filter(([column, value]) => (column.endsWith('Index') && typeof value === 'string') || (column.startsWith('sealed') && Buffer.isBuffer(value)))
        .map(([column, value]) => ({ what: column, bytes: Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'latin1') })),
      ...messages.map((m, i) => ({ what: `message ${i}`, bytes: m.sealedText })),
    ];
    expect(traces.length).toBeGreaterThanOrEqual(7);
    // Before: the person is in the files (the log holds what was just written).
    const before = databaseFiles(t);
    expect(traces.filter((trace) => before.some((file) => file.includes(trace.bytes))).length).toBe(traces.length);

    expect((await klara.client.delete(`/api/v1/centres/${centre.slug}/account`, { password: klara.password })).status).toBe(204);

    const after = databaseFiles(t);
    const left = traces.filter((trace) => after.some((file) => file.includes(trace.bytes))).map((trace) => trace.what);
    expect(left).toEqual([]);
  });
});
