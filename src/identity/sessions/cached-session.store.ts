import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';

import { ClusterBus } from '../../redis/cluster-bus.js';
import { SessionStore, type StoredSession } from './session.store.js';

/** The store the cache sits in front of: Redis or the database. */
export const BACKING_SESSION_STORE = Symbol('BACKING_SESSION_STORE');

/** How long a looked-up session is trusted without asking the store again. */
export const SESSION_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 50_000;
const CHANNEL = 'beradig:sessions:ended';

type Ended = { kind: 'session' | 'principal' | 'centre'; id: string };

/**
 * Every API request needs its session, and asking the store costs a round trip. Sessions a
 * process has just seen are kept for a few seconds. Ending sessions (logout, logout everywhere,
 * deactivation, deletion, suspension) drops them here at once and, with Redis, tells the other
 * instances over pub/sub, so an ended session is refused everywhere right away; the TTL only
 * bounds what a lost message could cost.
 */
@Injectable()
export class CachedSessionStore extends SessionStore implements OnModuleInit {
  private readonly logger = new Logger('Sessions');
  private readonly cache = new Map<string, { session: StoredSession; at: number }>();
  /** Bumped whenever sessions end, so a lookup that raced with it is not cached. */
  private generation = 0;

  constructor(
    @Inject(BACKING_SESSION_STORE) private readonly inner: SessionStore,
    private readonly bus: ClusterBus,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await this.bus.on(CHANNEL, (raw) => {
      try {
        this.forget(JSON.parse(raw) as Ended);
      } catch {
        this.logger.warn('Ignored a malformed session message');
      }
    });
  }

  async create(session: StoredSession): Promise<void> {
    await this.inner.create(session);
  }

  async get(id: string): Promise<StoredSession | null> {
    const hit = this.cache.get(id);
    if (hit && Date.now() - hit.at < SESSION_CACHE_TTL_MS) return { ...hit.session };
    const generation = this.generation;
    const session = await this.inner.get(id);
    if (!session) {
      this.cache.delete(id);
      return null;
    }
    if (generation === this.generation) this.remember(session);
    return { ...session };
  }

  /** A batch for housekeeping: asked of the backing store, not the cache. */
  alive(ids: string[], now: Date, idleSince: Date): Promise<Set<string>> {
    return this.inner.alive(ids, now, idleSince);
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.inner.touch(id, at);
    const hit = this.cache.get(id);
    if (hit) hit.session = { ...hit.session, lastSeenAt: at };
  }

  async update(id: string, changes: { twoFactorSetupPending: boolean }): Promise<void> {
    await this.inner.update(id, changes);
    await this.ended({ kind: 'session', id });
  }

  async delete(id: string): Promise<void> {
    await this.inner.delete(id);
    await this.ended({ kind: 'session', id });
  }

  async deleteForPrincipal(principalId: string): Promise<number> {
    const count = await this.inner.deleteForPrincipal(principalId);
    await this.ended({ kind: 'principal', id: principalId });
    return count;
  }

  async deleteForCentre(centreId: string): Promise<number> {
    const count = await this.inner.deleteForCentre(centreId);
    await this.ended({ kind: 'centre', id: centreId });
    return count;
  }

  /** Stale sessions fail the deadline checks on every lookup, cached or not. */
  deleteStale(now: Date, idleSince: Date): Promise<number> {
    return this.inner.deleteStale(now, idleSince);
  }

  private remember(session: StoredSession): void {
    this.cache.delete(session.id);
    if (this.cache.size >= MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(session.id, { session, at: Date.now() });
  }

  private async ended(what: Ended): Promise<void> {
    this.forget(what);
    await this.bus.publish(CHANNEL, JSON.stringify(what));
  }

  private forget({ kind, id }: Ended): void {
    this.generation++;
    if (kind === 'session') {
      this.cache.delete(id);
      return;
    }
    for (const [key, { session }] of this.cache) {
      if (kind === 'principal' ? session.principal.id === id : session.principal.centreId === id) this.cache.delete(key);
    }
  }
}
