import swc from 'unplugin-swc';
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Nest's DI needs decorator metadata, which esbuild does not emit: SWC compiles the TypeScript.
 * `source` resolves the `#kernel` import to the TypeScript sources instead of dist/.
 */
export const swcPlugin = swc.vite({
  jsc: {
    target: 'es2023',
    keepClassNames: true,
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
  },
});

export const sharedConfig = {
  plugins: [swcPlugin],
  resolve: { conditions: ['source', ...defaultServerConditions] },
  ssr: { resolve: { conditions: ['source', ...defaultServerConditions] } },
};

export default defineConfig({
  ...sharedConfig,
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    // Since Vitest 5 inline projects extend this file, so they inherit the SWC plugin and the
    // `source` condition.
    projects: [
      {
        test: { name: 'unit', include: ['src/**/*.spec.ts', 'modules/**/*.spec.ts', 'migrations/**/*.spec.ts', 'test/static/**/*.spec.ts'] },
      },
      {
        test: {
          name: 'api',
          include: ['test/api/**/*.e2e.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
