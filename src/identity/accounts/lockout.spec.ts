import { describe, expect, it } from 'vitest';

import { DomainError } from '../../common/domain-error.js';
import { afterFailure, assertNotLocked, clientNetwork, LOCK_MINUTES, MAX_FAILED_LOGINS } from './lockout.js';

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

  it('counts IPv4 addresses one by one and IPv6 addresses by their /64', () => {
    expect(clientNetwork('203.0.113.7')).toBe('203.0.113.7');
    expect(clientNetwork('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientNetwork('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:0db8:0001:0002::9')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientNetwork('::1')).toBe('0:0:0:0::/64');
    expect(clientNetwork(undefined)).toBe('unknown');
  });
});
