import { defineConfig } from 'vitest/config';

// Unit tests live beside the code (src/**/*.test.ts); integration and end-to-end tests under test/.
// CI-only suites (browser, conformance, resilience) are selected by their own npm scripts.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/browser/**', 'test/conformance/**', 'test/resilience/**', 'node_modules/**', 'dist/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
