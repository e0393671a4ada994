import { Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

import type { Principal } from '../../common/request.js';
import { AppConfig } from '../../config/app-config.js';
import { SessionStore, type StoredSession } from './session.store.js';

interface Wire {
  p: Principal;
  c: number;
  l: number;
  e: number;
  t: boolean;
}

const KEY = (id: string) => `beradig:session:${id}`;
const BY_PRINCIPAL = (id: string) => `beradig:sessions-of:${id}`;
const BY_CENTRE = (id: string) => `beradig:sessions-at:${id}`;

/**
 * Sessions in Redis, for several app instances. Each session key expires by itself at the
 * earlier of its idle and absolute deadlines; per-person and per-centre sets let logout
 * everywhere, deactivation and suspension end them all at once.
 */
@Injectable()
export class RedisSessionStore extends SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {
    super();
  }

  private deadline(lastSeen: number, expires: number): number {
    return Math.min(expires, lastSeen + this.config.sessionIdleMinutes * 60_000);
  }

  async create(s: StoredSession): Promise<void> {
    const wire: Wire = { p: s.principal, c: s.createdAt.getTime(), l: s.lastSeenAt.getTime(), e: s.expiresAt.getTime(), t: s.twoFactorSetupPending };
    const multi = this.redis.multi().set(KEY(s.id), JSON.stringify(wire), 'PXAT', this.deadline(wire.l, wire.e));
    multi.sadd(BY_PRINCIPAL(s.principal.id), s.id).pexpireat(BY_PRINCIPAL(s.principal.id), wire.e);
    if (s.principal.centreId) multi.sadd(BY_CENTRE(s.principal.centreId), s.id);
    await multi.exec();
  }

  async get(id: string): Promise<StoredSession | null> {
    const raw = await this.redis.get(KEY(id));
    if (!raw) return null;
    const w = JSON.parse(raw) as Wire;
    return { id, principal: w.p, createdAt: new Date(w.c), lastSeenAt: new Date(w.l), expiresAt: new Date(w.e), twoFactorSetupPending: w.t };
  }

  /** Redis drops each session at its deadline: what still exists is valid. */
  async alive(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const found = await this.redis.pipeline(ids.map((id) => ['exists', KEY(id)])).exec();
    return new Set(ids.filter((_, i) => found?.[i]?.[1] === 1));
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.rewrite(id, (w) => ({ ...w, l: at.getTime() }));
  }

  async update(id: string, changes: { twoFactorSetupPending: boolean }): Promise<void> {
    await this.rewrite(id, (w) => ({ ...w, t: changes.twoFactorSetupPending }));
  }

  async delete(id: string): Promise<void> {
    await this.redis.del(KEY(id));
  }

  async deleteForPrincipal(principalId: string): Promise<number> {
    return this.deleteSet(BY_PRINCIPAL(principalId));
  }

  async deleteForCentre(centreId: string): Promise<number> {
    return this.deleteSet(BY_CENTRE(centreId));
  }

  /**
   * Redis expires the sessions themselves; the per-centre sets (which have no end of their own
   * while people keep logging in) are pruned of sessions that are gone.
   */
  async deleteStale(): Promise<number> {
    for await (const keys of this.redis.scanStream({ match: BY_CENTRE('*'), count: 100 })) {
      for (const setKey of keys as string[]) {
        const ids = await this.redis.smembers(setKey);
        if (ids.length === 0) continue;
        const found = await this.redis.pipeline(ids.map((id) => ['exists', KEY(id)])).exec();
        const gone = ids.filter((_, i) => found?.[i]?.[1] === 0);
        if (gone.length > 0) await this.redis.srem(setKey, ...gone);
      }
    }
    return 0;
  }

  private async deleteSet(setKey: string): Promise<number> {
    const ids = await this.redis.smembers(setKey);
    if (ids.length === 0) return 0;
    const removed = await this.redis.del(...ids.map(KEY));
    await this.redis.del(setKey);
    return removed;
  }

  private async rewrite(id: string, change: (w: Wire) => Wire): Promise<void> {
    const raw = await this.redis.get(KEY(id));
    if (!raw) return;
    const next = change(JSON.parse(raw) as Wire);
    await this.redis.set(KEY(id), JSON.stringify(next), 'PXAT', this.deadline(next.l, next.e), 'XX');
  }
}
