import { defineConfig } from 'vitest/config';

// CI-only conformance suites: they read the official specs from paths given in environment variables (see .ci/run).
export default defineConfig({
  test: {
    include: ['test/conformance/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
