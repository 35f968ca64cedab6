// Must show (issue 19): a crash mid-day posts nothing twice. Two ways a write's outcome gets lost while a day is posted:
// (1) Xero takes the write and the connection drops before the answer (the client's retry replays Xero's answer under the
// same Idempotency-Key); (2) the connector dies right after Xero answered, before it recorded what Xero made, and tries
// again after Xero has forgotten the key (a new attempt looks each document up by number and each payment on its
// document). Either way every day is in Xero once, paid once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '../../src/emulators/xero/index.js';
import { toMinor } from '../../src/domain/money.js';
import type { CrashKind, CrashPoints } from '../../src/runtime/crash-points.js';
import { xeroDocuments, xeroRequests } from '../support/xero-state.js';
import { advanceTo, summaryDocuments, summaryStack, workQueue, type SummaryStack } from './support.js';

const auth = `Basic ${Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString('base64')}`;
const ORDERS = 120;
const DAYS = 10;

/** Posts everything but the summaries, then lets `prepare` arm its trouble, then posts the days as time passes. */
async function postDays(s: SummaryStack, prepare: () => Promise<void>): Promise<void> {
  const summaries = s.runtime.handlers.find((h) => h.entityType === 'summary')!;
  s.runtime.handlers.splice(s.runtime.handlers.indexOf(summaries), 1);
  await s.service.enqueue('all');
  await workQueue(s.runtime);
  s.runtime.handlers.push(summaries);
  await prepare();
  // A failed batch is tried again after its backoff; ten minutes a step is past Xero's idempotency window (6 minutes).
  for (let i = 0; i < 40; i++) await advanceTo(s, s.clock.now() + 10 * 60_000);
}

async function expectOnce(s: SummaryStack, reference: { invoices: number; creditNotes: number }): Promise<void> {
  const { invoices, creditNotes } = await summaryDocuments(s);
  expect(invoices.length).toBe(reference.invoices);
  expect(creditNotes.length).toBe(reference.creditNotes);
  expect(new Set(invoices.map((i) => i['InvoiceNumber'])).size).toBe(invoices.length);
  expect(new Set(creditNotes.map((c) => c['CreditNoteNumber'])).size).toBe(creditNotes.length);
  const contacts = (await xeroDocuments(s.stack.xero.url, 'Contacts')).filter((c) => String(c['ContactNumber'] ?? '').endsWith('DAILY'));
  expect(contacts.length).toBe(new Set(contacts.map((c) => c['ContactNumber'])).size);
  const payments = (await xeroDocuments(s.stack.xero.url, 'Payments')).filter((p) => p['Status'] !== 'DELETED');
  for (const inv of invoices) {
    const mine = payments.filter((p) => p['Invoice']?.['InvoiceID'] === inv['InvoiceID']);
    expect(new Set(mine.map((p) => p['Account']['Code'])).size).toBe(mine.length);
    expect(toMinor(inv['AmountPaid'])).toBe(mine.reduce((t, p) => t + toMinor(p['Amount']), 0));
  }
  for (const cn of creditNotes) {
    const mine = payments.filter((p) => p['CreditNote']?.['CreditNoteID'] === cn['CreditNoteID']);
    expect(new Set(mine.map((p) => p['Account']['Code'])).size).toBe(mine.length);
  }
  const stuck = (await s.runtime.storage.queue.counts()).filter((c) => c.entity_type === 'summary' && (c.state === 'failed' || c.state === 'parked' || c.state === 'running'));
  expect(stuck).toEqual([]);
  expect((await s.runtime.storage.summaries.days({ limit: 1000 })).filter((d) => d.state === 'sealed')).toEqual([]);
}

describe('daily summaries exactly once when a write\'s outcome is lost', () => {
  let reference: { invoices: number; creditNotes: number };

  beforeAll(async () => {
    // The same store posted without trouble: how many documents there should be.
    const clean = await summaryStack({ orders: ORDERS, days: DAYS });
    await clean.service.enqueue('all');
    await workQueue(clean.runtime);
    const docs = await summaryDocuments(clean);
    reference = { invoices: docs.invoices.length, creditNotes: docs.creditNotes.length };
    await clean.close();
    expect(reference.invoices).toBeGreaterThan(10);
    expect(reference.creditNotes).toBeGreaterThan(0);
  }, 300_000);

  describe('the connection drops after Xero took each write', () => {
    let s: SummaryStack;
    beforeAll(async () => {
      s = await summaryStack({ orders: ORDERS, days: DAYS });
      await postDays(s, async () => {
        for (const [path, next] of [['/Contacts', 1], ['/Invoices', 3], ['/Payments', 3], ['/CreditNotes', 2]] as const) {
          const res = await fetch(`${s.stack.xero.url}/__emulator/faults`, {
            method: 'POST',
            headers: { authorization: auth, 'content-type': 'application/json' },
            body: JSON.stringify({ kind: 'drop-after', next, path, method: 'PUT' }),
          });
          expect(res.status).toBe(200);
        }
      });
    }, 300_000);
    afterAll(() => s?.close());

    it('every day once, each payment once, nothing left to do', async () => {
      expect((await xeroRequests(s.stack.xero.url)).filter((r) => r['fault'] === 'drop-after')).toHaveLength(9);
      await expectOnce(s, reference);
    });
  });

  describe('the connector dies right after Xero answered, and starts again once Xero forgot the key', () => {
    let s: SummaryStack;
    const crashes: Array<[CrashKind, number]> = [['contact', 1], ['invoice', 1], ['invoice', 3], ['payment', 1], ['payment', 4], ['credit-note', 1]];
    let armed = false;
    const seen = new Map<CrashKind, number>();
    const crashPoints: CrashPoints = {
      hit(kind) {
        if (!armed) return;
        const n = (seen.get(kind) ?? 0) + 1;
        seen.set(kind, n);
        if (crashes.some(([k, at]) => k === kind && at === n)) throw new Error(`crash right after ${kind} write ${n}`);
      },
    };
    beforeAll(async () => {
      s = await summaryStack({ orders: ORDERS, days: DAYS, crashPoints });
      await postDays(s, async () => {
        armed = true;
      });
    }, 300_000);
    afterAll(() => s?.close());

    it('every day once, each payment once; what the lost attempts made was found in Xero', async () => {
      await expectOnce(s, reference);
      // What a crashed attempt made was looked up before anything was written again (expectOnce: nothing twice, nothing
      // missing). The log says so where it could: a note is kept with the day's final outcome, so a day whose retry
      // adopted its invoice and then crashed again (on a payment) reports only what its last attempt found.
      const found = (await s.runtime.storage.log.list({ entityType: 'summary', limit: 5000 })).filter((l) => l.message?.includes('found in Xero'));
      expect(found.length).toBeGreaterThan(0);
      const lookups = (await xeroRequests(s.stack.xero.url)).filter((r) => r['method'] === 'GET');
      for (const plural of ['Invoices', 'CreditNotes']) expect(lookups.some((r) => String(r['path']).includes(`/${plural}`)), plural).toBe(true);
    });
  });
});
