import { defineConfig } from 'vitest/config';

export default defineConfig({
  // TypeScript sources include CommonJS ones (.cts: the CLI launcher), which Vite leaves untransformed by default.
  oxc: { include: /\.([mc]?ts|[jt]sx)$/ },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
