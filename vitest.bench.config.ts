import { defineConfig } from 'vitest/config';

import { sharedConfig } from './vitest.config.js';

/** Benchmarks print their figures as ratios to a baseline measured in the same run; they
 * assert no timings. One file at a time so they do not compete for the two cores. */
export default defineConfig({
  ...sharedConfig,
  test: {
    name: 'bench',
    include: ['test/bench/**/*.bench.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
