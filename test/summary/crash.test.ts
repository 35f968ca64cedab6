// Must show (issue 19): a crash while a store's days are being posted posts nothing twice, with the process really
// killed (SIGKILL, by the test-only switch MAGENTO_XERO_CRASH_AFTER; see test/resilience/crash-points.test.ts). The
// built CLI posts a store in daily summary mode with `sync --all` and is killed right after Xero took a summary's sales
// invoice (sealed day, invoice in Xero, link not yet recorded), then after a payment, then after a refunds credit note;
// each restart carries on from there. The books must then be those of an undisturbed run: every day's documents once,
// each payment once, the same totals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStores, saveStores } from '../../src/settings/stores.js';
import { compareLedgers, ledgerOf, salesStack, xeroBooks } from '../resilience/support.js';
import { runCli, type CliResult } from '../support/cli.js';
import type { Stack } from '../support/stack.js';

// Orders over the 12 days before 20 November 2026 (the Magento emulator's clock); the CLI runs on the wall clock, later,
// so every day is closed and due.
const STORE = { customers: 20, products: 12, orders: 60, days: 12, clock: () => Date.UTC(2026, 10, 20, 12) };
const FAST = { XERO_LIMITS: 'unlimited' };

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
    for (const point of ['invoice:2', 'payment:2', 'credit-note:1']) {
      const env = { ...victim.env, ...FAST, NODE_ENV: 'test', MAGENTO_XERO_CRASH_AFTER: point };
      runs.push(await runCli(['sync', '--all', '--json'], env, { timeoutMs: 240_000 }));
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
  });

  it('each crash-armed run was killed right after the write it names', () => {
    for (const [i, point] of ['invoice write 2', 'payment write 2', 'credit-note write 1'].entries()) {
      expect(runs[i]!.signal, `${point}: ${runs[i]!.stderr.slice(-800)}`).toBe('SIGKILL');
      expect(runs[i]!.stderr).toContain(`crash point: killed right after ${point}`);
    }
  });

  it('after the restarts every day is in Xero once, paid once, with the books of the undisturbed run', async () => {
    const last = runs[runs.length - 1]!;
    expect(last.code, `${last.stdout.slice(-1500)}\n${last.stderr.slice(-1500)}`).toBe(0);
    const books = await xeroBooks(victim.xero.url);
    expect(duplicates(books)).toEqual([]);
    expect(compareLedgers(expected, ledgerOf(books))).toEqual([]);
  });
});
