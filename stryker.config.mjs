// Mutation testing with StrykerJS 9 (the last line that runs on Node 20; its vitest runner works with vitest 4). Slow, so
// never part of `npm test` or CI. Each scope mutates one part of the code and runs only the tests meant to catch it:
//   npm run mutation                      everything below (hours on two cores)
//   npm run mutation:mapping              src/mapping: the money and tax arithmetic, with the mapping's own tests
//   npm run mutation:contracts            idempotency keys and webhook signatures
//   npm run mutation:sync                 src/sync, with its unit tests and the in-process sync tests
//   npm run mutation:security             src/security
// A narrower run while working: MUTATION_SCOPE=mapping npx stryker run --mutate src/mapping/rounding.ts
// Results: reports/mutation/<scope>.html and .json; docs/testing.md keeps the latest scores and the survivors.
import { existsSync, readFileSync } from 'node:fs';

const scope = process.env.MUTATION_SCOPE ?? 'all';

/** "file:from-to": the lines from the first one holding `from` (after `after`) to the next one holding `to`, found in the
 * code as it is now, so the range follows the code when lines above it move. Fails loudly when either text is gone. */
function span(file, from, to, after = '') {
  const text = readFileSync(new URL(file, import.meta.url), 'utf8');
  const anchor = text.indexOf(after);
  const start = anchor < 0 ? -1 : text.indexOf(from, anchor);
  const end = start < 0 ? -1 : text.indexOf(to, start);
  if (start < 0 || end < 0) throw new Error(`stryker.config.mjs: "${from}" … "${to}" not found in ${file}`);
  const line = (offset) => text.slice(0, offset).split('\n').length;
  return `${file}:${line(start)}-${line(end + to.length - 1)}`;
}

const MUTATE = {
  mapping: ['src/domain/money.ts', 'src/mapping/**/*.ts', '!src/mapping/testing/**', '!src/mapping/test-support.ts', '!src/mapping/index.ts'],
  contracts: [
    // Idempotency: the key derived for a write, the key kept across retries, and the header that carries it.
    span('src/mapping/numbers.ts', 'export function idempotencyKey(', '\n}'),
    span('src/xero/caller.ts', 'const idempotencyKey =', ';'),
    span('src/xero/caller.ts', 'const response = await xeroRequest(', '});'),
    span('src/xero/http.ts', "if (request.idempotencyKey !== undefined", "headers['Idempotency-Key'] ="),
    // Webhook signatures: Adobe Commerce's (HMAC-SHA256 of the raw body) and Xero's (x-xero-signature).
    span('src/magento/webhooks.ts', 'export function verifyCommerceWebhookSignature(', '\n}'),
    span('src/runtime/webhooks.ts', 'const raw =', 'reply.code(401)', "scope.post('/webhooks/magento'"),
    span('src/runtime/webhooks.ts', 'const raw =', '!timingSafeEqual(actual, expected))', "scope.post('/webhooks/xero'"),
  ],
  sync: ['src/sync/**/*.ts'],
  security: ['src/security/**/*.ts'],
};
MUTATE.all = [...MUTATE.mapping, ...MUTATE.sync, ...MUTATE.security, ...MUTATE.contracts];
if (!MUTATE[scope]) throw new Error(`MUTATION_SCOPE must be one of ${Object.keys(MUTATE).join(', ')}`);
const NEEDS_DIST = scope === 'contracts' || scope === 'all';
if (NEEDS_DIST && !existsSync(new URL('dist/cli/main.js', import.meta.url))) {
  throw new Error(`MUTATION_SCOPE=${scope} runs a test that drives the built CLI: run \`npm run build\` first`);
}

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  coverageAnalysis: 'perTest',
  mutate: [...MUTATE[scope], '!**/*.test.ts'],
  ignoreStatic: true,
  concurrency: 1,
  timeoutMS: 60_000,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${scope}.html` },
  jsonReporter: { fileName: `reports/mutation/${scope}.json` },
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: '.stryker-tmp',
  // Not copied into the sandbox: other runs' sandboxes, reports, the benchmarks, and the build unless a test of the scope
  // drives the built CLI (the contracts scope's test/e2e/connection-security.test.ts does, in one test).
  ignorePatterns: ['.stryker-tmp*', 'reports', 'bench', 'test-results', ...(NEEDS_DIST ? [] : ['dist'])],
  cleanTempDir: 'always',
};
