import { defineConfig } from 'vitest/config';

// Unit and integration tests live beside the code they test (`*.test.ts`).
// Playwright specs (`e2e/**/*.spec.ts`) are run by Playwright, not here.
export default defineConfig({
  test: {
    include: ['{common,db,main,server,preload,scripts,e2e}/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}'],
    exclude: ['node_modules/**', 'build/**', 'release/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
