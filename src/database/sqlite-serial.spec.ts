import { DataSource } from 'typeorm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { serializeSqliteTransactions } from './sqlite-serial.js';

describe('SQLite transactions take turns on the one connection', () => {
  let ds: DataSource;
  const pause = (ms = 10) => new Promise((resolve) => setTimeout(resolve, ms));
  const rows = async () => (await ds.query<{ x: string }[]>('SELECT x FROM t ORDER BY x')).map((r) => r.x);

  beforeEach(async () => {
    ds = new DataSource({ type: 'better-sqlite3', database: ':memory:' });
    await ds.initialize();
    await ds.query('CREATE TABLE t (x TEXT)');
    serializeSqliteTransactions(ds);
  });
  afterEach(() => ds.destroy());

  it('keeps a committed transaction when one beside it rolls back', async () => {
    const results = await Promise.allSettled([
      ds.transaction(async (m) => {
        await m.query("INSERT INTO t VALUES ('a')");
        await pause();
      }),
      ds.transaction(async (m) => {
        await m.query("INSERT INTO t VALUES ('b')");
        await pause();
        throw new Error('b fails');
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(await rows()).toEqual(['a']);
  });

  it('does not let a write from outside land in a transaction that then rolls back', async () => {
    let inside!: () => void;
    const started = new Promise<void>((resolve) => (inside = resolve));
    const failing = ds.transaction(async (m) => {
      await m.query("INSERT INTO t VALUES ('doomed')");
      inside();
      await pause(30);
      throw new Error('rolls back');
    });
    await started;
    const outside = ds.query("INSERT INTO t VALUES ('kept')");
    await expect(failing).rejects.toThrow('rolls back');
    await outside;
    expect(await rows()).toEqual(['kept']);
  });

  it('nests a transaction started inside one, and lets writes inside it through', async () => {
    await ds.transaction(async (m) => {
      await m.query("INSERT INTO t VALUES ('outer')");
      await ds.query("INSERT INTO t VALUES ('same context')");
      await ds.transaction(async (inner) => {
        await inner.query("INSERT INTO t VALUES ('inner')");
      });
    });
    expect(await rows()).toEqual(['inner', 'outer', 'same context']);
  });

  it('runs many at once, each whole', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2
          ? ds.transaction(async (m) => {
              await m.query('INSERT INTO t VALUES (?)', [`tx${String(i).padStart(2, '0')}`]);
              await pause(1);
              await m.query('INSERT INTO t VALUES (?)', [`tx${String(i).padStart(2, '0')}b`]);
            })
          : ds.query('INSERT INTO t VALUES (?)', [`w${String(i).padStart(2, '0')}`]),
      ),
    );
    expect((await rows()).length).toBe(30);
  });
});
