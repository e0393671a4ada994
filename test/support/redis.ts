import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Whether the Redis tests can run here. CI sets REQUIRE_REDIS=1 (and starts Redis), so there a
 * missing Redis fails the run instead of skipping its tests.
 */
export async function redisAvailable(): Promise<boolean> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
    return true;
  } catch {
    if (process.env.REQUIRE_REDIS === '1') throw new Error(`REQUIRE_REDIS=1 but no Redis at ${TEST_REDIS_URL}`);
    console.warn(`No Redis at ${TEST_REDIS_URL}: skipping the Redis variants of the tests.`);
    return false;
  } finally {
    redis.disconnect();
  }
}
