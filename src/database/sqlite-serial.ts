import { AsyncLocalStorage } from 'node:async_hooks';

import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * SQLite through TypeORM is one connection for the whole process: every "transaction" runs on
 * it. Two requests' transactions at the same moment would nest as savepoints of one another (the
 * first one's rollback undoing the second's work, or failing with "cannot start a transaction
 * within a transaction"), and a write outside any transaction would land inside whichever
 * transaction happened to be open, and vanish with its rollback.
 *
 * So, on SQLite: transactions take turns (a transaction started inside one — same async context
 * — nests as TypeORM does), and a write outside a transaction waits until none is open, while a
 * transaction waits until such writes are done. Reads are not held up: they see what is
 * committed, or the open transaction's own rows. MariaDB/MySQL have a pool and real isolation
 * and are left alone.
 */
export function serializeSqliteTransactions(dataSource: DataSource): void {
  if (dataSource.options.type !== 'better-sqlite3') return;
  const context = new AsyncLocalStorage<object>();
  const state: { active: { token: object; done: Promise<void> } | null; waiting: number; writes: number; writesDone: Promise<void> | null; release: (() => void) | null } = {
    active: null,
    waiting: 0,
    writes: 0,
    writesDone: null,
    release: null,
  };
  const inOwnTransaction = () => !!state.active && context.getStore() === state.active.token;

  type Call = (...args: unknown[]) => Promise<unknown>;
  const manager = dataSource.manager as unknown as { transaction: Call };
  const transaction: Call = manager.transaction.bind(manager);
  manager.transaction = async (...args: unknown[]) => {
    if (inOwnTransaction()) return transaction(...args);
    // Waiting, it holds back new writes, so a steady stream of them cannot keep it out.
    state.waiting++;
    try {
      for (;;) {
        if (state.active) await state.active.done;
        else if (state.writes > 0) await state.writesDone;
        else break;
      }
    } finally {
      state.waiting--;
    }
    const token = {};
    let finish!: () => void;
    state.active = { token, done: new Promise<void>((resolve) => (finish = resolve)) };
    try {
      return await context.run(token, () => transaction(...args));
    } finally {
      state.active = null;
      finish();
    }
  };

  const runner = dataSource.createQueryRunner() as unknown as { query: Call };
  const query: Call = runner.query.bind(runner);
  runner.query = async (...args: unknown[]) => {
    if (inOwnTransaction() || !isWrite(args[0])) return query(...args);
    while (state.active || state.waiting > 0) await (state.active?.done ?? tick());
    if (state.writes++ === 0) state.writesDone = new Promise<void>((resolve) => (state.release = resolve));
    try {
      return await query(...args);
    } finally {
      if (--state.writes === 0) {
        state.release?.();
        state.writesDone = null;
      }
    }
  };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

function isWrite(sql: unknown): boolean {
  return typeof sql === 'string' && /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i.test(sql);
}

/** Puts the turn-taking in place when the app's data source is SQLite. */
@Injectable()
export class SqliteTurns implements OnModuleInit {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    serializeSqliteTransactions(this.dataSource);
  }
}
