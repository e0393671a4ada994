import { createHmac, randomBytes } from 'node:crypto';

import type { EntityManager, EntityTarget } from 'typeorm';

import { DomainError } from '../../common/domain-error.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

export interface Lockable {
  failedLogins: number;
  lockedUntil: Date | null;
}

export function isLocked(account: Lockable, now = new Date()): boolean {
  return !!account.lockedUntil && account.lockedUntil > now;
}

export function assertNotLocked(account: Lockable, now = new Date()): void {
  if (isLocked(account, now)) throw new DomainError('ACCOUNT_LOCKED', 429);
}

/** The changes to store after a failed attempt: the fifth failure locks for a while. */
export function afterFailure(account: Lockable, now = new Date()): Lockable {
  const failures = account.lockedUntil && account.lockedUntil <= now ? 1 : account.failedLogins + 1;
  return failures >= MAX_FAILED_LOGINS
    ? { failedLogins: 0, lockedUntil: new Date(now.getTime() + LOCK_MINUTES * 60_000) }
    : { failedLogins: failures, lockedUntil: null };
}

export const afterSuccess = (): Lockable => ({ failedLogins: 0, lockedUntil: null });

/**
 * Records a failed attempt in the database itself (`failedLogins + 1`), so guesses sent in
 * parallel each count — read-then-write would let a whole batch count as one. A lock that has
 * run out starts the count afresh; the fifth failure locks.
 */
export async function recordFailure(manager: EntityManager, target: EntityTarget<Lockable & { id: string }>, id: string, now = new Date()): Promise<void> {
  const repo = manager.getRepository(target);
  await repo
    .createQueryBuilder()
    .update()
    .set({ failedLogins: 0, lockedUntil: null })
    .where('id = :id AND lockedUntil IS NOT NULL AND lockedUntil <= :now', { id, now })
    .execute();
  await repo.increment({ id }, 'failedLogins', 1);
  await repo
    .createQueryBuilder()
    .update()
    .set({ failedLogins: 0, lockedUntil: new Date(now.getTime() + LOCK_MINUTES * 60_000) })
    .where('id = :id AND failedLogins >= :max', { id, max: MAX_FAILED_LOGINS })
    .execute();
}

/**
 * Logins that match no account are locked like real ones after five failures, so that the
 * "locked" answer does not tell that an account exists. Kept in memory, under a keyed hash of
 * the login (never the login itself), for as long as a lock lasts; bounded in size.
 */
export class UnknownLoginLockout {
  private readonly key = randomBytes(32);
  private readonly entries = new Map<string, Lockable>();

  constructor(private readonly maxEntries = 10_000) {}

  private id(centreId: string, login: string): string {
    return createHmac('sha256', this.key).update(`${centreId}\0${login.trim().toLowerCase()}`).digest('base64url');
  }

  isLocked(centreId: string, login: string, now = new Date()): boolean {
    const entry = this.entries.get(this.id(centreId, login));
    return !!entry && isLocked(entry, now);
  }

  recordFailure(centreId: string, login: string, now = new Date()): void {
    const id = this.id(centreId, login);
    const next = afterFailure(this.entries.get(id) ?? { failedLogins: 0, lockedUntil: null }, now);
    this.entries.delete(id);
    this.entries.set(id, next);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
