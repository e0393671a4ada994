import { createHash } from 'node:crypto';

import type { TestApp } from './test-app.js';

/** Per table: its row count and a digest of every row's content, as `count:digest`. */
export type Fingerprint = Map<string, string>;

export interface DatabaseFingerprint {
  /** The state of every table now. */
  take(): Promise<Fingerprint>;
  /** Waits until two fingerprints a moment apart agree (background writes of a set-up have landed). */
  settle(timeoutMs?: number): Promise<Fingerprint>;
}

/**
 * Fingerprints every table of a test app's database, to prove a request wrote nothing: no row
 * added, removed or changed. `ignore` names columns that change by themselves on any request
 * (`session.lastSeenAt`). On MySQL/MariaDB one statement digests all tables on the server
 * (count and an order-independent XOR of per-row CRC32s); on SQLite the rows are read in place.
 */
export async function databaseFingerprint(t: TestApp, ignore: Record<string, string[]> = {}): Promise<DatabaseFingerprint> {
  const ds = t.dataSource;
  const take = t.db.kind === 'sqlite' ? await sqlite(t, ignore) : await mysql(t, ignore);
  return {
    take,
    async settle(timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      let last = await take();
      for (;;) {
        await new Promise((r) => setTimeout(r, 300));
        const next = await take();
        if (changedTables(last, next).length === 0) return next;
        if (Date.now() > until) throw new Error(`database does not settle: ${changedTables(last, next).join(', ')} (${ds.options.type})`);
        last = next;
      }
    },
  };
}

/** The tables whose fingerprint differs. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  const tables = new Set([...before.keys(), ...after.keys()]);
  return [...tables].filter((table) => before.get(table) !== after.get(table)).sort();
}

async function sqlite(t: TestApp, ignore: Record<string, string[]>): Promise<() => Promise<Fingerprint>> {
  const tables = (await t.dataSource.query<{ name: string }[]>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")).map((r) => r.name);
  return async () => {
    const out: Fingerprint = new Map();
    for (const table of tables) {
      const rows = await t.dataSource.query<Record<string, unknown>[]>(`SELECT * FROM "${table}"`);
      const skip = new Set(ignore[table] ?? []);
      const digests = rows
        .map((row) => {
          const hash = createHash('sha1');
          for (const [column, value] of Object.entries(row)) {
            if (skip.has(column)) continue;
            hash.update(column).update('\u0000').update(Buffer.isBuffer(value) ? value : String(value)).update('\u0001');
          }
          return hash.digest('hex');
        })
        .sort();
      out.set(table, `${rows.length}:${createHash('sha1').update(digests.join()).digest('hex')}`);
    }
    return out;
  };
}

async function mysql(t: TestApp, ignore: Record<string, string[]>): Promise<() => Promise<Fingerprint>> {
  const columns = await t.dataSource.query<{ table: string; column: string }[]>(
    'SELECT TABLE_NAME AS `table`, COLUMN_NAME AS `column` FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION',
  );
  const byTable = new Map<string, string[]>();
  for (const { table, column } of columns) {
    if ((ignore[table] ?? []).includes(column)) continue;
    byTable.set(table, [...(byTable.get(table) ?? []), column]);
  }
  const parts = [...byTable].map(([table, cols]) => {
    const row = cols.map((c) => `IFNULL(HEX(\`${c}\`), '~')`).join(', ');
    return `SELECT '${table}' AS t, COUNT(*) AS n, COALESCE(BIT_XOR(CRC32(CONCAT_WS('|', ${row}))), 0) AS h FROM \`${table}\``;
  });
  const statement = parts.join(' UNION ALL ');
  return async () => {
    const rows = await t.dataSource.query<{ t: string; n: number | string; h: number | string }[]>(statement);
    return new Map(rows.map((r) => [r.t, `${String(r.n)}:${String(r.h)}`]));
  };
}
