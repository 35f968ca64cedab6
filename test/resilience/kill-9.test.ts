import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../support/cli.js';
import type { Stack } from '../support/stack.js';
import { auditBooks, baselineAndVictim, compareLedgers, ledgerOf, pause, xeroBooks } from './support.js';

// The same generated store (same seed, same store clock) twice: one synced undisturbed, one killed with SIGKILL at random
// moments 20 times and restarted. Both must end with the same books, each document in Xero once.
// Small on purpose: the CLI keeps Xero's real 60 calls a minute, so a bigger store would spend the suite waiting on it.
const STORE = { customers: 20, products: 12, orders: 40, clock: () => Date.UTC(2026, 10, 20, 12) };
const KILLS = 20;

/** Small deterministic generator so a failing sequence of kill moments can be replayed (the seed is printed). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 0x1_0000_0000);
}

describe('kill -9 of the worker during a backfill', () => {
  let baseline: Stack;
  let victim: Stack;
  let cleanMs = 0;

  beforeAll(async () => {
    ({ baseline, victim, cleanMs } = await baselineAndVictim(STORE));
  });
  afterAll(async () => {
    await Promise.all([baseline?.close(), victim?.close()]);
  });

  it(`ends with every document in Xero exactly once after ${KILLS} kills`, async () => {
    const seed = Number(process.env['RESILIENCE_SEED'] ?? Date.now() % 1_000_000);
    const random = lcg(seed);
    console.log(`kill -9 moments from seed ${seed} (RESILIENCE_SEED=${seed} replays them); a clean run took ${cleanMs} ms`);
    // A round whose run ends before its kill moment does not count: rounds go on until KILLS kills have landed mid-run
    // (at most three times as many rounds), so a fast machine cannot make this test prove less.
    let killedRunning = 0;
    let rounds = 0;
    for (; killedRunning < KILLS && rounds < KILLS * 3; rounds++) {
      // Alternate the two ways a backfill is run: queue everything and post, or post what is queued.
      const args = rounds % 3 === 2 ? ['queue', 'run', '--until-empty'] : ['sync', '--all'];
      const child = spawnCli(args, victim.env);
      const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
      let exited = false;
      void closed.then(() => (exited = true));
      await pause(150 + random() * Math.min(2_500, Math.max(500, cleanMs)));
      if (!exited) {
        child.kill('SIGKILL');
        killedRunning++;
      }
      await closed;
    }
    expect(killedRunning, `only ${killedRunning} of ${rounds} runs were still working at their kill moment`).toBe(KILLS);

    const final = await runCli(['sync', '--all', '--json'], victim.env);
    expect(final.code, `${final.stdout}\n${final.stderr}`).toBe(0);

    const [expected, actual] = await Promise.all([xeroBooks(baseline.xero.url), xeroBooks(victim.xero.url)]);
    expect(auditBooks(victim, actual)).toEqual([]);
    expect(auditBooks(baseline, expected)).toEqual([]);
    expect(compareLedgers(ledgerOf(expected), ledgerOf(actual))).toEqual([]);
    expect(actual.invoices.length).toBeGreaterThan(0);
  });
});
