// Closed days share their Xero calls (issue 19): a worker that finds many days due (a backfill, a worker catching up)
// posts their sales invoices, refunds credit notes and payments together, 50 to a call, instead of three calls a day. A
// day that Xero refuses inside such a call is parked on its own and the other days of the call are posted; once the
// cause is gone, the parked days are posted once, and nothing of the others is sent again. The refusal is a real one:
// days on or before the organisation's period lock date ("The document date cannot be before the period lock date",
// Xero's validation message; docs/XERO.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '../../src/emulators/xero/index.js';
import { parseSummaryWorkId } from '../../src/sync/work-types.js';
import { xeroDocuments, xeroRequests } from '../support/xero-state.js';
import { summaryDocuments, summaryStack, workQueue, type SummaryStack } from './support.js';

const auth = `Basic ${Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString('base64')}`;
// Orders over the 20 days before 2026-01-01; the lock date falls in the middle.
const ORDERS = 200;
const DAYS = 20;
const LOCKED_UNTIL = '2025-12-20';

async function setLockDate(s: SummaryStack, date: string | null): Promise<void> {
  const res = await fetch(`${s.stack.xero.url}/__emulator/lock-dates`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify({ PeriodLockDate: date }),
  });
  expect(res.status).toBe(200);
}

const putCalls = async (s: SummaryStack, plural: string) =>
  (await xeroRequests(s.stack.xero.url)).filter((r) => r['method'] === 'PUT' && String(r['path']).split('?')[0]!.endsWith(`/${plural}`)).length;

describe('closed days posted together share their calls', () => {
  let s: SummaryStack;
  let parkedDays: string[];
  let postedFirst: { invoices: number; creditNotes: number; payments: number; invoiceCalls: number; creditNoteCalls: number; paymentCalls: number };

  beforeAll(async () => {
    s = await summaryStack({ orders: ORDERS, days: DAYS });
    await setLockDate(s, LOCKED_UNTIL);
    await s.service.enqueue('all');
    await workQueue(s.runtime);
    const parked = await s.runtime.storage.queue.list({ state: 'parked', entityType: 'summary', limit: 1000 });
    parkedDays = parked.map((e) => e.magento_id);
    const docs = await summaryDocuments(s);
    const payments = (await xeroDocuments(s.stack.xero.url, 'Payments')).filter((p) => p['Status'] !== 'DELETED');
    postedFirst = {
      invoices: docs.invoices.length,
      creditNotes: docs.creditNotes.length,
      payments: payments.length,
      invoiceCalls: await putCalls(s, 'Invoices'),
      creditNoteCalls: await putCalls(s, 'CreditNotes'),
      paymentCalls: await putCalls(s, 'Payments'),
    };
  }, 300_000);
  afterAll(() => s?.close());

  it('several days went out in each call: fewer calls than documents', () => {
    expect(postedFirst.invoices).toBeGreaterThan(10);
    expect(postedFirst.invoiceCalls).toBeLessThan(postedFirst.invoices / 5);
    expect(postedFirst.creditNotes).toBeGreaterThan(1);
    expect(postedFirst.creditNoteCalls).toBeLessThan(postedFirst.creditNotes);
    expect(postedFirst.paymentCalls).toBeLessThan(postedFirst.payments / 5);
  });

  it('the days Xero refused in a shared call were parked alone, with Xero\'s message; the days after the lock date were posted', async () => {
    expect(parkedDays.length).toBeGreaterThan(0);
    for (const id of parkedDays) expect(parseSummaryWorkId(id)!.day <= LOCKED_UNTIL, id).toBe(true);
    const parked = await s.runtime.storage.queue.list({ state: 'parked', entityType: 'summary', limit: 1000 });
    for (const e of parked) expect(e.last_error).toContain('cannot be before the period lock date');
    const { invoices } = await summaryDocuments(s);
    const dates = invoices.map((i) => /-(\d{4})(\d{2})(\d{2})-[A-Z]{3}$/.exec(String(i['InvoiceNumber']))!.slice(1).join('-'));
    expect(dates.every((d) => d > LOCKED_UNTIL)).toBe(true);
    const days = await s.runtime.storage.summaries.days({ limit: 1000 });
    expect(days.filter((d) => d.state === 'posted' && d.day > LOCKED_UNTIL).length).toBeGreaterThan(5);
  });

  it('once the lock is lifted, the parked days are posted once and nothing of the others is sent again', async () => {
    await setLockDate(s, null);
    // Later than Xero's idempotency window (about 6 minutes, docs/XERO.md): Xero replays a cached answer, refusals too.
    s.clock.advance(10 * 60_000);
    const parked = await s.runtime.storage.queue.list({ state: 'parked', entityType: 'summary', limit: 1000 });
    await s.runtime.storage.queue.retry(parked.map((e) => e.id), s.clock.now());
    await workQueue(s.runtime);
    expect((await s.runtime.storage.queue.list({ state: 'parked', entityType: 'summary', limit: 1000 })).map((e) => `${e.magento_id}: ${e.last_error}`)).toEqual([]);

    const { invoices, creditNotes } = await summaryDocuments(s);
    expect(new Set(invoices.map((i) => i['InvoiceNumber'])).size).toBe(invoices.length);
    expect(new Set(creditNotes.map((c) => c['CreditNoteNumber'])).size).toBe(creditNotes.length);
    expect(invoices.length).toBeGreaterThan(postedFirst.invoices);
    const payments = (await xeroDocuments(s.stack.xero.url, 'Payments')).filter((p) => p['Status'] !== 'DELETED');
    const perDocumentAndAccount = payments.map((p) => `${p['Invoice']?.['InvoiceID'] ?? p['CreditNote']?.['CreditNoteID']}/${p['Account']['Code']}`);
    expect(new Set(perDocumentAndAccount).size).toBe(payments.length);
    // The parked days took a call of their own of each kind (the retry), not one a day.
    expect((await putCalls(s, 'Invoices')) - postedFirst.invoiceCalls).toBeLessThan(parkedDays.length);
  });
});
