import { randomBytes } from 'node:crypto';

import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';

import { redisAvailable, TEST_REDIS_URL } from '../../../test/support/redis.js';
import type { AppConfig } from '../../config/app-config.js';
import { RedisSessionStore } from './redis-session.store.js';

describe.runIf(await redisAvailable())('Redis session store', () => {
  const redis = new Redis(TEST_REDIS_URL);
  afterAll(() => redis.quit());

  it('prunes the centre set of sessions that expired, keeping live ones', async () => {
    const store = new RedisSessionStore(redis, { sessionIdleMinutes: 60 } as AppConfig);
    const centreId = `c-${randomBytes(4).toString('hex')}`;
    const session = (id: string) => ({
      id,
      principal: { type: 'user' as const, id: `u-${id}`, role: 'client' as const, centreId },
      createdAt: new Date(),
      lastSeenAt: new Date(),
      expiresAt: new Date(Date.now() + 3_600_000),
      twoFactorSetupPending: false,
    });
    const [live, gone] = [`live-${centreId}`, `gone-${centreId}`];
    await store.create(session(live));
    await store.create(session(gone));
    await redis.del(`beradig:session:${gone}`); // as if Redis had expired it
    expect([...(await store.alive([live, gone]))]).toEqual([live]);
    await store.deleteStale();
    expect((await redis.smembers(`beradig:sessions-at:${centreId}`)).sort()).toEqual([live]);
    expect(await store.deleteForCentre(centreId)).toBe(1);
  });
});
