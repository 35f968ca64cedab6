import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRASH_KINDS, type CrashKind } from '../../src/runtime/crash-points.js';
import { runCli, type CliResult } from '../support/cli.js';
import { testDatabases } from '../support/databases.js';
import type { Stack } from '../support/stack.js';
import { auditBooks, compareLedgers, ledgerOf, salesStack, xeroBooks } from './support.js';

// Exactly once at the moments a random kill -9 rarely finds: the process is killed (SIGKILL, by the test-only switch
// MAGENTO_XERO_CRASH_AFTER) right after Xero answered a write and before the link to what Xero made was recorded — after
// every contact, item, invoice, payment, credit note and allocation write in turn — or right after a batch's outcomes
// were stored. Each crash is followed by a restart that crashes one write later (after its 2nd, then 3rd... write of that
// kind: a restart may write again what it adopts, e.g. a contact found by number is updated), until a run gets through;
// then the books must be those of an undisturbed run, every document in Xero once. On SQLite and on
// PostgreSQL (TEST_DATABASE_URL; required under CI=true). The random kill -9 test (kill-9.test.ts) stays beside this one.
const STORE = { customers: 20, products: 12, orders: 40, clock: () => Date.UTC(2026, 10, 20, 12) };
const FAST = { XERO_LIMITS: 'unlimited' };
/** More rounds than any writer needs on this store; a run that keeps crashing past it is writing the same thing again. */
const MAX_ROUNDS = 40;

/** Writes per kind in the undisturbed run, from the Xero emulator's request log. */
function writesByKind(requests: Array<{ method: string; path: string; status: number }>): Record<string, number> {
  const kinds: Record<string, CrashKind> = { Contacts: 'contact', Items: 'item', Invoices: 'invoice', Payments: 'payment', CreditNotes: 'credit-note', Allocations: 'allocation' };
  const counts: Record<string, number> = {};
  for (const r of requests) {
    if (r.method !== 'PUT' && r.method !== 'POST') continue;
    const m = /\/api\.xro\/2\.0\/(\w+)(?:\/[^/]+\/(Allocations))?/.exec(r.path);
    const kind = m ? kinds[m[2] ?? m[1] ?? ''] : undefined;
    if (kind) counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

async function requestLog(stack: Stack): Promise<Array<{ method: string; path: string; status: number }>> {
  const auth = Buffer.from(`${stack.env['XERO_CLIENT_ID']}:${stack.env['XERO_CLIENT_SECRET']}`).toString('base64');
  const res = await fetch(`${stack.xero.url}/__emulator/requests`, { headers: { authorization: `Basic ${auth}` } });
  return ((await res.json()) as { requests: Array<{ method: string; path: string; status: number }> }).requests;
}

const crashed = (run: CliResult) => run.signal === 'SIGKILL';

/**
 * `sync --all` killed after its 1st write of `kind`, restarted and killed after its 2nd, and so on until a run finishes:
 * every write position of a run is followed by a crash once. (Each run re-queues the store: what an earlier run posted
 * is found unchanged, or adopted, and its outcome stored again.)
 */
async function crashEveryTime(stack: Stack, kind: CrashKind): Promise<{ crashes: number; last: CliResult }> {
  let crashes = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const n = round + 1;
    const env = { ...stack.env, ...FAST, NODE_ENV: 'test', MAGENTO_XERO_CRASH_AFTER: `${kind}:${n}` };
    const started = Date.now();
    const run = await runCli(['sync', '--all', '--json'], env, { timeoutMs: 180_000 });
    if (process.env['CRASH_DEBUG']) console.log(`${kind}:${n} ${run.signal ?? run.code} in ${Date.now() - started} ms\n${run.stderr.slice(-600)}`);
    if (!crashed(run)) return { crashes, last: run };
    expect(run.stderr, `round ${round + 1} died without its crash point`).toContain(`crash point: killed right after ${kind} write ${n}`);
    crashes++;
  }
  return { crashes, last: { code: null, signal: 'SIGKILL', stdout: '', stderr: `still crashing after ${MAX_ROUNDS} rounds` } };
}

describe('a crash right after each write, for every writer', () => {
  let baseline: Stack;
  let expected: Map<string, string>;
  let writes: Record<string, number>;

  beforeAll(async () => {
    baseline = await salesStack(STORE);
    const clean = await runCli(['sync', '--all', '--json'], { ...baseline.env, ...FAST });
    expect(clean.code, clean.stderr).toBe(0);
    const books = await xeroBooks(baseline.xero.url);
    expect(auditBooks(baseline, books)).toEqual([]);
    expected = ledgerOf(books);
    writes = writesByKind(await requestLog(baseline));
    console.log(`writes in an undisturbed run: ${JSON.stringify(writes)}`);
  });
  afterAll(() => baseline?.close());

  for (const db of testDatabases()) {
    describe(db.name, () => {
      it.each(CRASH_KINDS.map((kind) => ({ kind })))('after every $kind write: each document in Xero once', async ({ kind }) => {
        if (kind !== 'outcome') expect(writes[kind], `the store makes no ${kind} write: this case would prove nothing`).toBeGreaterThan(0);
        const database = await db.create();
        const victim = await salesStack(STORE, { databaseUrl: database.url });
        try {
          const { crashes, last } = await crashEveryTime(victim, kind);
          console.log(`${db.name} ${kind}: ${crashes} crash(es) before a run got through`);
          // Whatever happened, a clean run must leave the right books: asserted before the crash count, so a run that kept
          // crashing (the same write sent again and again) shows its duplicates.
          const final = await runCli(['sync', '--all', '--json'], { ...victim.env, ...FAST });
          const books = await xeroBooks(victim.xero.url);
          expect(auditBooks(victim, books)).toEqual([]);
          expect(compareLedgers(expected, ledgerOf(books))).toEqual([]);
          expect(final.code, `${final.stdout.slice(-1500)}\n${final.stderr.slice(-1500)}`).toBe(0);
          expect(last.code, `the last crash-armed run: ${last.stderr.slice(-1500)}`).toBe(0);
          expect(crashes, 'no run crashed: the crash point never fired').toBeGreaterThanOrEqual(1);
        } finally {
          await victim.close();
          await database.drop();
        }
      });
    });
  }
});
