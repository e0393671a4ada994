import { describe, expect, it } from 'vitest';

import { DomainError } from '../../common/domain-error.js';
import { afterFailure, assertNotLocked, LOCK_MINUTES, MAX_FAILED_LOGINS } from './lockout.js';

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
});
