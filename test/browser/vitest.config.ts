import { defineConfig } from 'vitest/config';

// Browser tests drive Debian's Chromium through playwright-core; they run from their own script, not `npm test`.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
