import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { REDIS } from '../redis/redis.token.js';

/** Whether one more is allowed, and if not, after how many seconds to try again. */
export interface RateDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

interface Window {
  count: number;
  endsAt: number;
}

/**
 * Counts what a person does per time window (lines written, files uploaded …) across all their
 * connections and requests: fixed windows, one counter per key. With Redis the count is shared by
 * every instance (one INCR per call); without it, per process.
 */
@Injectable()
export class RateLimiter implements OnApplicationShutdown {
  private readonly windows = new Map<string, Window>();
  private readonly sweep = setInterval(() => this.dropExpired(), 60_000).unref();

  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}

  /** Counts one for `key` in a window of `windowMs` and says whether it is within `limit`. */
  async hit(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    if (this.redis) {
      const slot = Math.floor(Date.now() / windowMs);
      const redisKey = `beradig:rate:${key}:${slot}`;
      const [[, count]] = (await this.redis.multi().incr(redisKey).pexpire(redisKey, windowMs).exec()) as [[null, number], [null, number]];
      return { allowed: count <= limit, retryAfterSeconds: Math.ceil(((slot + 1) * windowMs - Date.now()) / 1000) };
    }
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      window = { count: 0, endsAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count++;
    return { allowed: window.count <= limit, retryAfterSeconds: Math.max(1, Math.ceil((window.endsAt - now) / 1000)) };
  }

  private dropExpired(): void {
    const now = Date.now();
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweep);
  }
}
