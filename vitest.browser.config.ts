import { defineConfig } from 'vitest/config';

import { sharedConfig } from './vitest.config.js';

/** Browser journeys: the built Angular app served by the real backend, driven in Chromium. */
export default defineConfig({
  ...sharedConfig,
  test: {
    name: 'browser',
    include: ['test/browser/**/*.browser.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
