/**
 * The dependency rule of docs/architecture.md: features (modules/*) use the kernel (src/) only
 * through its public entry `#kernel`, never each other; the kernel never imports features
 * except in the composition root.
 */
module.exports = {
  forbidden: [
    {
      name: 'kernel-imports-feature',
      severity: 'error',
      comment: 'src/ must not depend on modules/ (only the composition root lists feature modules).',
      from: { path: '^src/', pathNot: '^src/(app\\.module|app\\.features)\\.ts$' },
      to: { path: '^modules/' },
    },
    {
      name: 'feature-imports-other-feature',
      severity: 'error',
      comment: 'A feature talks to another only through kernel ports and domain events.',
      from: { path: '^modules/([^/]+)/' },
      to: { path: '^modules/', pathNot: '^modules/$1/' },
    },
    {
      name: 'feature-bypasses-kernel-entry',
      severity: 'error',
      comment: 'Features import the kernel through #kernel (src/kernel.ts), not its internals.',
      from: { path: '^(modules/|test/fixtures/[^/]+-module/)' },
      to: { path: '^src/', pathNot: '^src/(kernel|contracts/.*)\\.ts$' },
    },
    {
      name: 'example-module-is-a-module',
      severity: 'error',
      comment: 'The example module in test/fixtures follows the rules of modules/: kernel only.',
      from: { path: '^test/fixtures/([^/]+-module)/' },
      to: { path: '^(modules/|test/)', pathNot: '^test/fixtures/$1/' },
    },
    {
      name: 'no-circular-kernel',
      severity: 'warn',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^node_modules|^dist|^frontend)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { conditionNames: ['source', 'import', 'require', 'node', 'default'] },
  },
};
