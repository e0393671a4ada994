import { DomainError } from '../../common/domain-error.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

export interface Lockable {
  failedLogins: number;
  lockedUntil: Date | null;
}

export function assertNotLocked(account: Lockable, now = new Date()): void {
  if (account.lockedUntil && account.lockedUntil > now) {
    throw new DomainError('ACCOUNT_LOCKED', 429);
  }
}

/** The changes to store after a failed attempt: the fifth failure locks for a while. */
export function afterFailure(account: Lockable, now = new Date()): Lockable {
  const failures = account.lockedUntil && account.lockedUntil <= now ? 1 : account.failedLogins + 1;
  return failures >= MAX_FAILED_LOGINS
    ? { failedLogins: 0, lockedUntil: new Date(now.getTime() + LOCK_MINUTES * 60_000) }
    : { failedLogins: failures, lockedUntil: null };
}

export const afterSuccess = (): Lockable => ({ failedLogins: 0, lockedUntil: null });
