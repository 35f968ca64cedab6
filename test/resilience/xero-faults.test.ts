import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import type { Stack } from '../support/stack.js';
import { xeroRequests } from '../support/xero-state.js';
import { auditBooks, compareLedgers, controlXero, ledgerOf, salesStack, xeroBooks } from './support.js';

// A Xero that fails often (500, 503, 429, slow answers, connections dropped before and after saving) must still end with
// the same books as an undisturbed run of the same store: nothing missing, nothing twice.
const STORE = { customers: 20, products: 12, orders: 40, clock: () => Date.UTC(2026, 10, 20, 12) };
const FAULTS = [
  { kind: '500', rate: 0.1 },
  { kind: '503', rate: 0.1 },
  { kind: '429', rate: 0.1, ms: 1_000 },
  { kind: 'slow', rate: 0.1, ms: 400 },
  { kind: 'drop', rate: 0.08 },
  { kind: 'drop-after', rate: 0.1 },
];

describe('a failing Xero', () => {
  let baseline: Stack;
  let victim: Stack;

  beforeAll(async () => {
    [baseline, victim] = await Promise.all([salesStack(STORE), salesStack(STORE, { xero: { seed: 11 } })]);
    const clean = await runCli(['sync', '--all', '--json'], baseline.env);
    expect(clean.code, clean.stderr).toBe(0);
  });
  afterAll(async () => {
    await Promise.all([baseline?.close(), victim?.close()]);
  });

  it('converges to the undisturbed books with no duplicates', async () => {
    // Each kind once for certain (the first calls, in turn), then each at its rate: a batched sync makes few calls, and
    // chance alone left some kinds unmet.
    for (const fault of FAULTS) await controlXero(victim, '/faults', { kind: fault.kind, next: 1, ...('ms' in fault ? { ms: fault.ms } : {}), path: '/api.xro/' });
    for (const fault of FAULTS) await controlXero(victim, '/faults', { ...fault, path: '/api.xro/' });
    // Each run posts what it can; failures wait for their retry. A few runs must be enough to converge.
    let runs = 0;
    for (; runs < 6; runs++) {
      const run = await runCli(['sync', '--all', '--json'], victim.env, { timeoutMs: 170_000 });
      if (run.code === 0) break;
      // Retries are scheduled with backoff: let the next run take them at once.
      await runCli(['queue', 'retry'], victim.env);
    }
    const faults = (await xeroRequests(victim.xero.url)).map((r) => r['fault']).filter((f): f is string => typeof f === 'string' && f !== '');
    console.log(`converged after ${runs + 1} run(s); ${faults.length} request(s) answered with a fault`);
    expect(new Set(faults)).toEqual(new Set(FAULTS.map((f) => f.kind)));
    // About 30 calls in all (batches of 50, the store's other-country tax rates mapped before the faults start): a third
    // or more of them answered with a fault.
    expect(faults.length).toBeGreaterThanOrEqual(10);
    expect(runs).toBeLessThan(6);

    const [expected, actual] = await Promise.all([xeroBooks(baseline.xero.url), xeroBooks(victim.xero.url)]);
    expect(auditBooks(victim, actual)).toEqual([]);
    expect(compareLedgers(ledgerOf(expected), ledgerOf(actual))).toEqual([]);
    expect(actual.invoices.length).toBeGreaterThan(0);
  });
});
