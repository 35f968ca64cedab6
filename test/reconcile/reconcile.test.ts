// Reconciliation against both emulators: a synced store agrees with Xero; then Xero is changed by hand (an invoice
// deleted, one voided, one's line changed, one added, a payment removed) and every difference is found with the right
// kind; repair + the queue bring the repairable ones back, and nothing on or before the lock date is touched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '../../src/emulators/xero/index.js';
import type { ReconcileResult } from '../../src/reconcile/types.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { RuntimeSyncService } from '../../src/runtime/sync-service.js';
import { startStack, type Stack } from '../support/stack.js';
import { xeroDocuments, xeroRequests } from '../support/xero-state.js';
import { reconcilerFor } from '../../src/runtime/reconciler.js';

const FROM = '2000-01-01';
const TO = '2099-12-31';
const auth = `Basic ${Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString('base64')}`;

describe('reconciliation of a synced store against Xero', () => {
  let stack: Stack;
  let runtime: Runtime;
  let tenantId: string;

  async function control(path: string, body: unknown): Promise<any> {
    const res = await fetch(`${stack.xero.url}/__emulator${path}`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }
  const edit = (method: string, path: string, body?: unknown) => control(`/tenants/${tenantId}/edit`, { method, path, ...(body ? { body } : {}) });

  async function drain(): Promise<void> {
    const worker = runtime.worker();
    for (let i = 0; i < 5; i++) {
      await worker.runUntilIdle();
      if ((await runtime.storage.queue.nextDueAt()) === undefined) return;
      await runtime.storage.queue.expedite(undefined, Date.now());
    }
  }

  const byKind = (r: ReconcileResult) => r.issues.map((i) => `${i.kind}:${i.number}:${i.action}`).sort();

  beforeAll(async () => {
    stack = await startStack({
      magento: { customers: 20, products: 15, orders: 60 },
      xero: { tenants: [{ name: 'Demo Company (US)', region: 'US', baseCurrency: 'USD' }], limits: { perMinute: 100_000, perDay: 1_000_000, concurrent: 50 } },
    });
    await stack.connectXero();
    runtime = await stack.runtime();
    await runtime.ensureReady();
    tenantId = await runtime.defaultTenant();
    // The store sells in EUR and GBP too: the organisation takes those currencies, so the whole store posts.
    for (const code of ['EUR', 'GBP']) await edit('PUT', '/Currencies', { Code: code });
    await new RuntimeSyncService(runtime).enqueue('all');
    await drain();
  }, 120_000);
  afterAll(async () => {
    await runtime?.close();
    await stack?.close();
  });

  it('finds every hand-made difference, repairs what can be repaired and leaves locked documents alone', async () => {
    const reconciler = reconcilerFor(runtime);
    const counts = await runtime.storage.queue.counts();
    expect(counts.filter((c) => c.state === 'parked')).toEqual([]);

    // 1. Straight after the sync the books agree, and every call counted is one the emulator saw.
    await fetch(`${stack.xero.url}/__emulator/requests`, { method: 'DELETE', headers: { authorization: auth } });
    const clean = await reconciler.reconcile({ from: FROM, to: TO }, { full: true });
    expect(clean.issues).toEqual([]);
    expect(clean.magentoDocuments).toBeGreaterThan(40);
    expect(clean.days.every((d) => d.magentoTotal === d.xeroTotal && d.magentoCount === d.xeroCount)).toBe(true);
    expect(clean.xeroCalls).toBe((await xeroRequests(stack.xero.url)).length);
    expect(clean.xeroCalls).toBe(3); // Organisation, one page of invoices, one of credit notes.

    // 2. Changes by hand in Xero.
    const invoices = (await xeroDocuments(stack.xero.url, 'Invoices')).filter((i) => i['Type'] === 'ACCREC');
    const day = (i: Record<string, any>) => String(i['DateString']).slice(0, 10);
    invoices.sort((a, b) => (day(a) < day(b) ? -1 : day(a) > day(b) ? 1 : 0));
    const unpaid = (i: Record<string, any>) => Number(i['AmountPaid']) === 0 && Number(i['AmountCredited'] ?? 0) === 0;
    const drafts = invoices.filter((i) => i['Status'] === 'DRAFT');
    const open = invoices.filter((i) => i['Status'] === 'AUTHORISED' && unpaid(i));
    const paid = invoices.filter((i) => i['Status'] === 'PAID' && (i['Payments'] ?? []).length === 1 && Number(i['AmountCredited'] ?? 0) === 0);
    // The earliest open invoice gets the hand edit and the lock date; the others are later and stay repairable.
    const edited = open[0]!;
    const voided = open[open.length - 1]!;
    const deleted = drafts[drafts.length - 1]!;
    const unpaidAgain = paid[paid.length - 1]!;
    for (const doc of [voided, deleted, unpaidAgain]) expect(day(doc) > day(edited)).toBe(true);
    // An open invoice with an untaxed line (Tax Exempt) has that line moved by hand to "Tax on Sales", 0 % in a new US
    // organisation: neither total nor tax changes, only what the line is filed under.
    const untaxedLine = (i: Record<string, any>) => (i['LineItems'] ?? []).some((l: any) => l.TaxType === 'NONE');
    const moved = open.find((i) => i !== voided && day(i) > day(edited) && untaxedLine(i))!;
    expect(moved).toBeDefined();

    const full = await edit('GET', `/Invoices/${edited['InvoiceID']}`);
    const lines = full.Invoices[0].LineItems.map((l: any, n: number) => (n === 0 ? { ...l, Quantity: Number(l.Quantity) + 1, LineAmount: undefined, TaxAmount: undefined } : l));
    await edit('POST', `/Invoices/${edited['InvoiceID']}`, { Invoices: [{ LineItems: lines }] });
    const movedFull = await edit('GET', `/Invoices/${moved['InvoiceID']}`);
    const movedLines = movedFull.Invoices[0].LineItems.map((l: any) => (l.TaxType === 'NONE' ? { ...l, TaxType: 'OUTPUT' } : l));
    await edit('POST', `/Invoices/${moved['InvoiceID']}`, { Invoices: [{ LineItems: movedLines }] });
    await edit('POST', `/Invoices/${voided['InvoiceID']}`, { Invoices: [{ Status: 'VOIDED' }] });
    await edit('POST', `/Invoices/${deleted['InvoiceID']}`, { Invoices: [{ Status: 'DELETED' }] });
    await edit('POST', `/Payments/${unpaidAgain['Payments'][0]['PaymentID']}`, { Payments: [{ Status: 'DELETED' }] });
    await edit('PUT', '/Invoices', {
      Invoices: [{ Type: 'ACCREC', InvoiceNumber: '000009999', Reference: 'Order 000009999 (default)', Contact: { ContactID: edited['Contact']['ContactID'] }, Date: day(voided), Status: 'AUTHORISED', LineAmountTypes: 'NoTax', LineItems: [{ Description: 'Typed in by hand', Quantity: 1, UnitAmount: 42, AccountCode: '200' }] }],
    });
    await control('/lock-dates', { tenantId, PeriodLockDate: day(edited) });

    // 3. Found, with the right kind and the right action; only what changed is read again.
    const found = await reconciler.reconcile({ from: FROM, to: TO });
    expect(found.incremental).toBe(true);
    expect(byKind(found)).toEqual(
      [
        `total-differs:${edited['InvoiceNumber']}:person`,
        `tax-differs:${moved['InvoiceNumber']}:queue`,
        `voided-in-xero:${voided['InvoiceNumber']}:person`,
        `deleted-in-xero:${deleted['InvoiceNumber']}:queue`,
        `payment-missing:${unpaidAgain['InvoiceNumber']}:queue`,
        'missing-in-magento:000009999:person',
      ].sort(),
    );
    const differs = found.issues.find((i) => i.kind === 'total-differs')!;
    expect(differs.xeroCents! - differs.magentoCents!).toBeGreaterThan(0);
    expect(differs.advice).toMatch(/lock date/);
    expect(found.days.some((d) => d.magentoTotal !== d.xeroTotal)).toBe(true);
    // The moved line: per day and tax type, Magento's untaxed sales are on Tax Exempt, Xero holds them on Tax on Sales.
    const movedIssue = found.issues.find((i) => i.kind === 'tax-differs')!;
    expect(movedIssue.advice).toMatch(/NONE: Magento [\d.]+ \+ tax 0\.00, Xero 0\.00 \+ tax 0\.00/);
    const movedDay = found.taxes.filter((t) => t.day === day(moved) && t.differs).map((t) => t.taxType).sort();
    expect(movedDay).toEqual(['NONE', 'OUTPUT']);
    expect(found.taxes.find((t) => t.day === day(moved) && t.taxType === 'NONE')?.rates).toEqual(['no tax']);
    // A voided invoice counts for nothing in its day's Xero total (it is listed as voided instead).
    const voidedDay = found.days.find((d) => d.day === day(voided) && d.currency === voided['CurrencyCode'])!;
    const cleanDay = clean.days.find((d) => d.day === day(voided) && d.currency === voided['CurrencyCode'])!;
    // (The invoice typed in by hand, 42.00 in the organisation's USD, is dated that day too.)
    const typedIn = voided['CurrencyCode'] === 'USD' ? 1 : 0;
    expect(voidedDay.xeroCount).toBe(cleanDay.xeroCount - 1 + typedIn);
    expect(Math.round(Number(voidedDay.xeroTotal) * 100)).toBe(Math.round(Number(cleanDay.xeroTotal) * 100) - Math.round(Number(voided['Total']) * 100) + typedIn * 4200);

    // 4. Repair, run the queue, compare again: only what needs a person remains; the locked invoice is untouched.
    const repaired = await reconciler.repair(found.issues);
    expect(repaired.queued).toBeGreaterThanOrEqual(2);
    expect(repaired.skipped).toBe(3);
    await drain();
    const after = await reconciler.reconcile({ from: FROM, to: TO });
    expect(byKind(after)).toEqual(
      [`total-differs:${edited['InvoiceNumber']}:person`, `voided-in-xero:${voided['InvoiceNumber']}:person`, 'missing-in-magento:000009999:person'].sort(),
    );
    const lockedNow = (await xeroDocuments(stack.xero.url, 'Invoices')).find((i) => i['InvoiceID'] === edited['InvoiceID'])!;
    expect(Math.round(Number(lockedNow['Total']) * 100)).toBe(differs.xeroCents);
    // A full read agrees with the incremental one.
    const fullAfter = await reconciler.reconcile({ from: FROM, to: TO }, { full: true });
    expect(byKind(fullAfter)).toEqual(byKind(after));
  }, 120_000);
});
