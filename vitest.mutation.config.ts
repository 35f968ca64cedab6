import { defineConfig } from 'vitest/config';

// The tests StrykerJS runs against mutants (see stryker.config.mjs): per scope, the tests meant to catch mistakes in that
// code, all of them in this process. Tests that drive the built CLI (dist/) cannot see a mutant in src/, so none is here.
const TESTS: Record<string, string[]> = {
  mapping: ['src/mapping/**/*.test.ts', 'src/domain/**/*.test.ts'],
  contracts: [
    'src/mapping/numbers.test.ts',
    'src/xero/**/*.test.ts',
    'src/magento/webhooks.test.ts',
    'src/runtime/webhooks.test.ts',
    'test/e2e/connection-security.test.ts',
    'test/sync/sales/emulator.test.ts',
  ],
  sync: ['src/sync/**/*.test.ts', 'test/sync/**/*.test.ts'],
  security: ['src/security/**/*.test.ts'],
};
const scope = process.env['MUTATION_SCOPE'] ?? 'all';
// MUTATION_TESTS=a,b narrows a run to those test files (a mutant they kill is killed by the full set too, so the score
// of a narrowed run is a lower bound): used to measure one file's mutants against the tests meant for it.
const only = process.env['MUTATION_TESTS']?.split(',').filter(Boolean);
const include = only?.length ? only : scope === 'all' ? [...new Set(Object.values(TESTS).flat())] : (TESTS[scope] ?? []);

export default defineConfig({
  test: {
    include,
    exclude: ['node_modules/**', 'dist/**', '.stryker-tmp/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
