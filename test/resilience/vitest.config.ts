import { defineConfig } from 'vitest/config';

// The resilience suite (kill -9, Xero faults, bad Magento records, token rotation, a database that drops its
// connections) runs from its own script through `.ci/run`, never from `npm test`. It drives the built CLI: build first.
export default defineConfig({
  test: {
    include: ['test/resilience/**/*.test.ts'],
    testTimeout: 6 * 60_000,
    hookTimeout: 2 * 60_000,
    pool: 'forks',
  },
});
