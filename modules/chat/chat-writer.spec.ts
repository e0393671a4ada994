import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { HotSql } from '#kernel';
import { type ChatRow, ChatWriter } from './chat-writer.js';

describe('ChatWriter (group commit)', () => {
  let dataSource: DataSource;
  let sql: HotSql;

  beforeAll(async () => {
    dataSource = new DataSource({ type: 'better-sqlite3', database: ':memory:' });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE chat_participant (roomId TEXT, userId TEXT, centreId TEXT)');
    await dataSource.query(
      'CREATE TABLE chat_message (id TEXT PRIMARY KEY, centreId TEXT, roomId TEXT, authorId TEXT, authorRole TEXT, sealedText BLOB, createdAt TEXT)',
    );
    await dataSource.query("INSERT INTO chat_participant VALUES ('room-1', 'anna', 'c1'), ('room-1', 'klara', 'c1'), ('room-2', 'ben', 'c2')");
    sql = new HotSql(dataSource);
  });
  afterAll(() => dataSource.destroy());

  const row = (id: string, roomId: string, authorId: string, centreId = 'c1'): ChatRow => ({
    id,
    centreId,
    roomId,
    authorId,
    authorRole: 'client',
    sealedText: Buffer.from(id),
    createdAt: '2026-11-26 12:00:00',
  });

  it('writes lines of one turn together, and only those whose author is in the room', async () => {
    const writer = new ChatWriter(sql);
    const run = vi.spyOn(sql, 'run');
    const results = await Promise.all([
      writer.store(row('m1', 'room-1', 'anna')),
      writer.store(row('m2', 'room-1', 'ben')),
      writer.store(row('m3', 'room-1', 'klara')),
      writer.store(row('m4', 'room-2', 'ben', 'c1')),
      writer.store(row('m5', 'room-2', 'ben', 'c2')),
    ]);
    expect(results).toEqual([true, false, true, false, true]);
    expect(run).toHaveBeenCalledTimes(1);
    const stored = (await dataSource.query<{ id: string }[]>('SELECT id FROM chat_message ORDER BY id')).map((r) => r.id);
    expect(stored).toEqual(['m1', 'm3', 'm5']);
  });

  it('writes a lone line at once', async () => {
    const writer = new ChatWriter(sql);
    expect(await writer.store(row('m6', 'room-1', 'klara'))).toBe(true);
  });

  it('commits batches one after another, in the order their lines came', async () => {
    const writer = new ChatWriter(sql);
    vi.restoreAllMocks();
    const original = sql.run.bind(sql);
    let inFlight = 0;
    let most = 0;
    const batches: string[][] = [];
    vi.spyOn(sql, 'run').mockImplementation(async (text: string, values: unknown[] = []) => {
      inFlight++;
      most = Math.max(most, inFlight);
      batches.push(values.filter((v): v is string => typeof v === 'string' && /^o\d+$/.test(v)));
      // A slow database: a later batch must not overtake this one.
      await new Promise((resolve) => setTimeout(resolve, 20));
      try {
        return await original(text, values);
      } finally {
        inFlight--;
      }
    });
    const first = writer.store(row('o1', 'room-1', 'anna'));
    await new Promise((resolve) => setImmediate(resolve));
    const rest = ['o2', 'o3', 'o4'].map((id) => writer.store(row(id, 'room-1', 'klara')));
    expect(await Promise.all([first, ...rest])).toEqual([true, true, true, true]);
    expect(most).toBe(1);
    expect(batches).toEqual([['o1'], ['o2', 'o3', 'o4']]);
  });
});
