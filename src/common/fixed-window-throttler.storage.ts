import type { OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

interface Window {
  hits: number;
  endsAt: number;
  blockedUntil: number;
}

/**
 * Counts requests per key in fixed windows: one number per caller instead of a timestamp per
 * request (the library's default keeps and prunes a list on every request, which grows with the
 * limit). A caller over the limit is blocked for `blockDuration`. Per instance: behind several
 * instances each counts on its own.
 */
export class FixedWindowThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly windows = new Map<string, Window>();
  private readonly sweep = setInterval(() => this.dropExpired(), 60_000).unref();

  increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<{ totalHits: number; timeToExpire: number; isBlocked: boolean; timeToBlockExpire: number }> {
    const now = Date.now();
    const id = `${throttlerName}:${key}`;
    let window = this.windows.get(id);
    if (!window || (window.endsAt <= now && window.blockedUntil <= now)) {
      window = { hits: 0, endsAt: now + ttl, blockedUntil: 0 };
      this.windows.set(id, window);
    }
    const blocked = window.blockedUntil > now;
    if (!blocked) {
      window.hits++;
      if (window.hits > limit) window.blockedUntil = now + blockDuration;
    }
    const seconds = (until: number) => Math.max(0, Math.ceil((until - now) / 1000));
    return Promise.resolve({
      totalHits: window.hits,
      timeToExpire: seconds(window.endsAt),
      isBlocked: window.blockedUntil > now,
      timeToBlockExpire: seconds(window.blockedUntil),
    });
  }

  private dropExpired(): void {
    const now = Date.now();
    for (const [id, window] of this.windows) if (window.endsAt <= now && window.blockedUntil <= now) this.windows.delete(id);
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweep);
  }
}
