import { type DynamicModule, Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';

import type { AppConfig } from '../config/app-config.js';
import { ClusterBus } from './cluster-bus.js';
import { REDIS } from './redis.token.js';

export { REDIS } from './redis.token.js';

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}

/** One Redis connection for the app when REDIS_URL is set (sessions, realtime fan-out); null otherwise. */
@Global()
@Module({})
export class RedisModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        {
          provide: REDIS,
          useFactory: async () => {
            if (!config.redisUrl) return null;
            const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
            await redis.connect();
            new Logger('Redis').log('Connected to Redis');
            return redis;
          },
        },
        RedisCloser,
        ClusterBus,
      ],
      exports: [REDIS, ClusterBus],
    };
  }
}
