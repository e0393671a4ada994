import { afterEach, describe, expect, it, vi } from 'vitest';

import { ClusterBus } from '../../redis/cluster-bus.js';
import { CachedSessionStore, SESSION_CACHE_TTL_MS } from './cached-session.store.js';
import { SessionStore, type StoredSession } from './session.store.js';

/** An in-memory backing store that counts how often it is asked. */
class CountingStore extends SessionStore {
  readonly rows = new Map<string, StoredSession>();
  gets = 0;
  /** Lets a test end sessions while a lookup is on its way. */
  beforeGetReturns?: () => Promise<void>;

  create(s: StoredSession) {
    this.rows.set(s.id, s);
    return Promise.resolve();
  }
  async get(id: string) {
    this.gets++;
    const row = this.rows.get(id) ?? null;
    await this.beforeGetReturns?.();
    return row;
  }
  touch(id: string, at: Date) {
    const row = this.rows.get(id);
    if (row) row.lastSeenAt = at;
    return Promise.resolve();
  }
  update(id: string, changes: { twoFactorSetupPending: boolean }) {
    const row = this.rows.get(id);
    if (row) row.twoFactorSetupPending = changes.twoFactorSetupPending;
    return Promise.resolve();
  }
  delete(id: string) {
    this.rows.delete(id);
    return Promise.resolve();
  }
  alive(ids: string[], now: Date, idleSince: Date) {
    return Promise.resolve(new Set(ids.filter((id) => {
      const row = this.rows.get(id);
      return !!row && row.expiresAt > now && row.lastSeenAt > idleSince;
    })));
  }
  deleteForPrincipal(principalId: string) {
    return Promise.resolve(this.deleteWhere((s) => s.principal.id === principalId));
  }
  deleteForCentre(centreId: string) {
    return Promise.resolve(this.deleteWhere((s) => s.principal.centreId === centreId));
  }
  deleteStale() {
    return Promise.resolve(0);
  }
  private deleteWhere(match: (s: StoredSession) => boolean): number {
    let n = 0;
    for (const [id, s] of this.rows) if (match(s) && this.rows.delete(id)) n++;
    return n;
  }
}

const session = (id: string, principalId: string, centreId = 'c1'): StoredSession => ({
  id,
  principal: { type: 'user', id: principalId, role: 'client', centreId },
  twoFactorSetupPending: false,
  createdAt: new Date(),
  lastSeenAt: new Date(),
  expiresAt: new Date(Date.now() + 3_600_000),
});

describe('CachedSessionStore', () => {
  afterEach(() => vi.useRealTimers());

  function setup() {
    const inner = new CountingStore();
    return { inner, cache: new CachedSessionStore(inner, new ClusterBus(null)) };
  }

  it('asks the backing store once within its lifetime, then again', async () => {
    vi.useFakeTimers();
    const { inner, cache } = setup();
    await cache.create(session('s1', 'u1'));
    expect((await cache.get('s1'))?.principal.id).toBe('u1');
    expect((await cache.get('s1'))?.principal.id).toBe('u1');
    expect(inner.gets).toBe(1);
    vi.advanceTimersByTime(SESSION_CACHE_TTL_MS);
    await cache.get('s1');
    expect(inner.gets).toBe(2);
  });

  it('forgets a session at once when it, its person or its centre is ended', async () => {
    const { cache } = setup();
    for (const s of [session('a', 'u1'), session('b', 'u2'), session('c', 'u3', 'c2'), session('d', 'u4')]) {
      await cache.create(s);
      await cache.get(s.id);
    }
    await cache.delete('a');
    await cache.deleteForPrincipal('u2');
    await cache.deleteForCentre('c2');
    expect(await cache.get('a')).toBeNull();
    expect(await cache.get('b')).toBeNull();
    expect(await cache.get('c')).toBeNull();
    expect(await cache.get('d')).not.toBeNull();
  });

  it('does not keep a lookup that raced with the end of sessions', async () => {
    const { inner, cache } = setup();
    await cache.create(session('s1', 'u1'));
    // The lookup reads the row, then, before it returns, the person logs out everywhere.
    inner.beforeGetReturns = async () => {
      inner.beforeGetReturns = undefined;
      await cache.deleteForPrincipal('u1');
    };
    expect(await cache.get('s1')).not.toBeNull();
    expect(await cache.get('s1')).toBeNull();
  });

  it('sees a finished two-factor setup right away', async () => {
    const { cache } = setup();
    await cache.create({ ...session('s1', 'u1'), twoFactorSetupPending: true });
    expect((await cache.get('s1'))?.twoFactorSetupPending).toBe(true);
    await cache.update('s1', { twoFactorSetupPending: false });
    expect((await cache.get('s1'))?.twoFactorSetupPending).toBe(false);
  });
});
