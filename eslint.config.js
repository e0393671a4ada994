import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Type-aware linting for the backend, its tests and migrations: the rules that catch real bugs
 * (unawaited promises, promises where callbacks are expected, non-exhaustive switches).
 * The Angular app is checked by its own strict compiler (strictTemplates) during `ng build`.
 */
export default tseslint.config(
  { ignores: ['dist/**', 'frontend/**', 'node_modules/**', 'var/**', 'docker/**', '*.config.ts', '*.config.js', '.dependency-cruiser.cjs', 'scripts/**', 'test/bench/clients/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Nest's decorators and DI use classes that only carry metadata.
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['modules/**/*.ts', 'test/fixtures/*-module/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            // The kernel's contracts (types shared with the Angular app) may be imported directly:
            // a feature's own contracts build on them and are compiled by Angular too.
            { regex: '(^|/)src/(?!contracts/)', message: 'Import the kernel through #kernel.' },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': 'off',
    },
  },
  {
    files: ['src/main.ts', 'src/cli.ts', 'src/cli-commands.ts', 'test/bench/**'],
    rules: { 'no-console': 'off' },
  },
);
