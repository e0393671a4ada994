import { describe, expect, it } from 'vitest';

import { DomainError } from '../../common/domain-error.js';
import { afterFailure, assertNotLocked, LOCK_MINUTES, MAX_FAILED_LOGINS, UnknownLoginLockout } from './lockout.js';

describe('lockout', () => {
  it('locks after the fifth failure for a while, then lets the account try again', () => {
    const now = new Date('2026-11-26T12:00:00Z');
    let state = { failedLogins: 0, lockedUntil: null as Date | null };
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) {
      state = afterFailure(state, now);
      expect(state.lockedUntil).toBeNull();
    }
    state = afterFailure(state, now);
    expect(state.lockedUntil?.getTime()).toBe(now.getTime() + LOCK_MINUTES * 60_000);
    expect(() => assertNotLocked(state, now)).toThrow(DomainError);
    expect(() => assertNotLocked(state, new Date(now.getTime() + LOCK_MINUTES * 60_000 + 1))).not.toThrow();
  });

  it('locks unknown logins the same way, per centre, in a bounded memory', () => {
    const now = new Date('2026-11-26T12:00:00Z');
    const lockout = new UnknownLoginLockout(3);
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) lockout.recordFailure('c1', ' Niemand@Example.org ', now);
    expect(lockout.isLocked('c1', 'niemand@example.org', now)).toBe(true);
    expect(lockout.isLocked('c2', 'niemand@example.org', now)).toBe(false);
    expect(lockout.isLocked('c1', 'niemand@example.org', new Date(now.getTime() + LOCK_MINUTES * 60_000 + 1))).toBe(false);
    for (const other of ['a', 'b', 'c']) lockout.recordFailure('c1', other, now);
    // The oldest entry made room.
    expect(lockout.isLocked('c1', 'niemand@example.org', now)).toBe(false);
  });
});
