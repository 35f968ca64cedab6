// Must show (issue 19): a crash while a store's days are being posted posts nothing twice, with the process really
// killed (SIGKILL, by the test-only switch MAGENTO_XERO_CRASH_AFTER; see test/resilience/crash-points.test.ts). The
// built CLI posts a store in daily summary mode with `sync --all`. The closed days of a claim share their calls, so each
// write it is killed after carries several days: first the sales invoices (sealed days, invoices in Xero, links not yet
// recorded), then on the restart the refunds credit notes, then the payments and refunds; each restart carries on from
// there. The books must then be those of an undisturbed run: every day's documents once, each payment once, the same
// totals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStores, saveStores } from '../../src/settings/stores.js';
import { compareLedgers, ledgerOf, salesStack, xeroBooks } from '../resilience/support.js';
import { runCli, type CliResult } from '../support/cli.js';
import { xeroRequests } from '../support/xero-state.js';
import type { Stack } from '../support/stack.js';

// Orders over the 12 days before 20 November 2026 (the Magento emulator's clock); the CLI runs on the wall clock, later,
// so every day is closed and due.
const STORE = { customers: 20, products: 12, orders: 60, days: 12, clock: () => Date.UTC(2026, 10, 20, 12) };
const FAST = { XERO_LIMITS: 'unlimited' };
/** The first write of each kind in a run: the shared call of every day the claim holds. */
const POINTS = ['invoice:1', 'credit-note:1', 'payment:1'] as const;

async function summaryMode(stack: Stack): Promise<void> {
  const runtime = await stack.runtime();
  try {
    await runtime.ensureReady();
    const stores = await readStores(runtime.storage.settings);
    for (const store of Object.values(stores)) store.postingPeriods = [{ from: '2020-01-01', mode: 'summary' }];
    await saveStores(runtime.storage.settings, stores);
  } finally {
    await runtime.close();
  }
}

type Doc = Record<string, any>;
const live = (d: Doc) => d['Status'] !== 'DELETED' && d['Status'] !== 'VOIDED';

function duplicates(books: Awaited<ReturnType<typeof xeroBooks>>): string[] {
  const out: string[] = [];
  const count = (what: string, keys: string[]) => {
    const seen = new Map<string, number>();
    for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
    for (const [k, n] of seen) if (n > 1) out.push(`${what} ${k} ×${n}`);
  };
  count('invoice', books.invoices.filter(live).map((i) => String(i['InvoiceNumber'])));
  count('credit note', books.creditNotes.filter(live).map((c) => String(c['CreditNoteNumber'])));
  count('contact', books.contacts.filter((c) => c['ContactStatus'] !== 'ARCHIVED').map((c) => String(c['ContactNumber'])));
  // One payment per document and account: a summary pays its day into each account once.
  count(
    'payment',
    books.payments.filter(live).map((p) => `${p['Invoice']?.['InvoiceNumber'] ?? p['CreditNote']?.['CreditNoteNumber']}/${p['Account']?.['Code'] ?? p['Account']?.['AccountID']}`),
  );
  return out;
}

describe('daily summaries when the connector is killed mid-posting', () => {
  let baseline: Stack;
  let victim: Stack;
  let expected: Map<string, string>;
  const runs: CliResult[] = [];
  /** What was in Xero after each killed run. */
  const afterCrash: Array<{ invoices: number; creditNotes: number; payments: number }> = [];

  beforeAll(async () => {
    baseline = await salesStack(STORE);
    await summaryMode(baseline);
    const clean = await runCli(['sync', '--all', '--json'], { ...baseline.env, ...FAST }, { timeoutMs: 240_000 });
    expect(clean.code, clean.stderr.slice(-2000)).toBe(0);
    const books = await xeroBooks(baseline.xero.url);
    expect(duplicates(books)).toEqual([]);
    expected = ledgerOf(books);

    victim = await salesStack(STORE);
    await summaryMode(victim);
    for (const point of POINTS) {
      const env = { ...victim.env, ...FAST, NODE_ENV: 'test', MAGENTO_XERO_CRASH_AFTER: point };
      runs.push(await runCli(['sync', '--all', '--json'], env, { timeoutMs: 240_000 }));
      const books = await xeroBooks(victim.xero.url);
      afterCrash.push({ invoices: books.invoices.filter(live).length, creditNotes: books.creditNotes.filter(live).length, payments: books.payments.filter(live).length });
    }
    runs.push(await runCli(['sync', '--all', '--json'], { ...victim.env, ...FAST }, { timeoutMs: 240_000 }));
  }, 600_000);
  afterAll(async () => {
    await baseline?.close();
    await victim?.close();
  });

  it('the undisturbed run posted summaries only: sales invoices, refunds credit notes and their payments', async () => {
    const books = await xeroBooks(baseline.xero.url);
    const invoices = books.invoices.filter(live);
    expect(invoices.length).toBeGreaterThan(5);
    expect(invoices.every((i) => /^DS-/.test(String(i['InvoiceNumber'])))).toBe(true);
    expect(books.creditNotes.filter(live).length).toBeGreaterThan(0);
    expect(books.payments.filter(live).length).toBeGreaterThan(3);
    // The days shared their calls: fewer invoice, credit note and payment calls than there are days' documents.
    const puts = (await xeroRequests(baseline.xero.url)).filter((r) => r['method'] === 'PUT' && r['status'] === 200);
    const calls = (plural: string) => puts.filter((r) => String(r['path']).split('?')[0]!.endsWith(`/${plural}`)).length;
    expect(calls('Invoices')).toBeLessThan(invoices.length);
    expect(calls('CreditNotes')).toBeLessThan(books.creditNotes.filter(live).length);
    expect(calls('Payments')).toBeLessThan(books.payments.filter(live).length);
  });

  it('each crash-armed run was killed right after the write it names', () => {
    for (const [i, point] of ['invoice write 1', 'credit-note write 1', 'payment write 1'].entries()) {
      expect(runs[i]!.signal, `${point}: ${runs[i]!.stderr.slice(-800)}`).toBe('SIGKILL');
      expect(runs[i]!.stderr).toContain(`crash point: killed right after ${point}`);
    }
    // Each killed write was one call carrying several days' documents (nothing of its kind was written before it).
    expect(afterCrash[0]!.invoices).toBeGreaterThan(1);
    expect(afterCrash[0]!.creditNotes).toBe(0);
    expect(afterCrash[1]!.creditNotes).toBeGreaterThan(1);
    expect(afterCrash[1]!.payments).toBe(0);
    expect(afterCrash[2]!.payments).toBeGreaterThan(1);
  });

  it('after the restarts every day is in Xero once, paid once, with the books of the undisturbed run', async () => {
    const last = runs[runs.length - 1]!;
    expect(last.code, `${last.stdout.slice(-1500)}\n${last.stderr.slice(-1500)}`).toBe(0);
    const books = await xeroBooks(victim.xero.url);
    expect(duplicates(books)).toEqual([]);
    expect(compareLedgers(expected, ledgerOf(books))).toEqual([]);
  });
});
