import { defineConfig } from 'vitest/config';

// Benchmarks: each file measures one claim, prints its figures and writes bench/results/<name>.json; `bench/render.ts`
// turns those into bench/RESULTS.md. Files run one after another so they do not share the machine.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.test.ts'],
    testTimeout: 20 * 60_000,
    hookTimeout: 5 * 60_000,
    pool: 'forks',
    fileParallelism: false,
    globalSetup: ['bench/global-render.ts'],
  },
});
