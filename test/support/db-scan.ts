import { existsSync, readFileSync } from 'node:fs';

import type { TestApp } from './test-app.js';

/**
 * Whether a text occurs anywhere in the stored database: on SQLite in the file itself (and its
 * WAL), on MySQL/MariaDB in any column of any table.
 */
export async function databaseContains(t: TestApp, needle: string): Promise<boolean> {
  if (t.db.kind === 'sqlite') {
    await t.dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');
    const bytes = Buffer.from(needle, 'utf8');
    return [t.db.file!, `${t.db.file}-wal`].some((f) => existsSync(f) && readFileSync(f).includes(bytes));
  }
  const tables = await t.dataSource.query<Record<string, string>[]>('SHOW TABLES');
  for (const row of tables) {
    const table = Object.values(row)[0];
    const rows = await t.dataSource.query<Record<string, unknown>[]>(`SELECT * FROM \`${table}\``);
    for (const r of rows) {
      for (const value of Object.values(r)) {
        if (value == null) continue;
        const text = Buffer.isBuffer(value)
          ? value.toString('latin1') + value.toString('utf8')
          : value instanceof Date
            ? value.toISOString()
            : JSON.stringify(value);
        if (text.includes(needle)) return true;
      }
    }
  }
  return false;
}
