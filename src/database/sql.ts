import { type EntityManager, QueryFailedError } from 'typeorm';

/**
 * Helpers for the few hand-written queries on hot paths (where TypeORM's query building costs
 * more than the query). Placeholders are `?` on both drivers; values are always parameters.
 */

/** The datetime literal both SQLite (as TypeORM stores it) and MySQL understand, in UTC. */
export function sqlDate(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** A datetime as a driver returns it raw: a Date (mysql2) or a UTC string (SQLite). */
export function fromSqlDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'string') return new Date(value.includes('T') ? value : `${value.replace(' ', 'T')}Z`);
  throw new Error(`Not a datetime: ${String(value)}`);
}

/** Booleans come back as 0/1 from both drivers. */
export function fromSqlBool(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

/** `?, ?, ?` for an IN list of n values. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** A write refused by a unique index (two requests creating the same thing at once). */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: string } | undefined)?.code ?? '';
  return code === 'ER_DUP_ENTRY' || code.startsWith('SQLITE_CONSTRAINT');
}

/**
 * A row lock for `SELECT … FOR UPDATE` inside a transaction on MariaDB/MySQL. SQLite has one
 * writer at a time anyway (and TypeORM refuses the lock there).
 */
export function writeLock(manager: EntityManager): 'pessimistic_write' | undefined {
  return manager.connection.driver.options.type === 'better-sqlite3' ? undefined : 'pessimistic_write';
}
