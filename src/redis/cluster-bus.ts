import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { REDIS } from './redis.token.js';

type Handler = (message: string) => void;

/**
 * Messages between the app instances (and the CLI) of one installation, over Redis pub/sub:
 * "this cache is stale". One subscriber connection for every channel. Without Redis there is
 * only this instance, and publishing does nothing.
 */
@Injectable()
export class ClusterBus implements OnApplicationShutdown {
  private subscriber?: Redis;
  private readonly handlers = new Map<string, Handler[]>();

  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}

  /** Hears `channel` from now on (resolved once Redis confirmed the subscription). */
  async on(channel: string, handler: Handler): Promise<void> {
    if (!this.redis) return;
    const known = this.handlers.get(channel);
    if (known) {
      known.push(handler);
      return;
    }
    this.handlers.set(channel, [handler]);
    if (!this.subscriber) {
      this.subscriber = this.redis.duplicate();
      this.subscriber.on('message', (from: string, message: string) => {
        for (const h of this.handlers.get(from) ?? []) h(message);
      });
    }
    await this.subscriber.subscribe(channel);
  }

  /** Tells every other instance; this one acts on its own change itself. */
  async publish(channel: string, message: string): Promise<void> {
    await this.redis?.publish(channel, message);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.quit().catch(() => undefined);
  }
}
