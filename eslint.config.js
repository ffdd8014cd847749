import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'dist-bench/**', 'node_modules/**', 'coverage/**', 'bench/out/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', Buffer: 'readonly', console: 'readonly', URL: 'readonly', TextDecoder: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    // Imports flow one way: model imports nothing of ours; sources, analysis, probes and reporters
    // import model and never each other; cli and index.ts sit on top.
    files: ['src/model/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/sources/**', '**/analysis/**', '**/probes/**', '**/reporters/**', '**/cli/**', '**/index.js', '!./index.js'] }] },
  },
  {
    files: ['src/sources/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/analysis/**', '**/probes/**', '**/reporters/**', '**/cli/**'] }] },
  },
  {
    files: ['src/analysis/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/sources/**', '**/probes/**', '**/reporters/**', '**/cli/**'] }] },
  },
  {
    files: ['src/analysis/analyzers/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/sources/**', '**/probes/**', '**/reporters/**', '**/cli/**', '**/rules/**'] }] },
  },
  {
    files: ['src/probes/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/sources/**', '**/analysis/**', '**/reporters/**', '**/cli/**'] }] },
  },
  {
    files: ['src/reporters/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/sources/**', '**/analysis/**', '**/probes/**', '**/cli/**'] }] },
  },
  {
    // Tests may reach across layers to drive the real loader, engine and reporters together.
    files: ['src/**/*.test.ts', 'test/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
