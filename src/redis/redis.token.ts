/** The app's Redis connection, or null when REDIS_URL is not set. */
export const REDIS = Symbol('REDIS');
