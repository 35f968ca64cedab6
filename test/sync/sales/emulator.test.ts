// The three sales handlers against the Xero emulator over HTTP (real client, real envelopes and arithmetic): an order
// becomes an approved invoice, its Magento invoice a payment, a credit memo a credit note with allocation and refund,
// and a canceled order voids its invoice; running everything again changes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startXeroEmulator, xeroEmulatorOf, type StartedXeroEmulator } from '../../../src/emulators/xero/index.js';
import { testSettings } from '../../../src/mapping/test-support.js';
import { openStorage, type Storage } from '../../../src/storage/storage.js';
import { SimulatedClock } from '../../../src/domain/clock.js';
import { ContactWriter } from '../../../src/sync/contact-writer.js';
import { MAGENTO_SCOPE, type SyncContext } from '../../../src/sync/context.js';
import { creditMemosHandler } from '../../../src/sync/handlers/creditmemos.js';
import { invoicesHandler } from '../../../src/sync/handlers/invoices.js';
import { ordersHandler } from '../../../src/sync/handlers/orders.js';
import { Worker } from '../../../src/sync/worker.js';
import { XeroAccounting } from '../../../src/xero/accounting.js';
import { InMemoryTokenProvider } from '../../../src/xero/token-provider.js';
import { memoryLogger } from '../../support/quiet-logger.js';
import { creditMemo, FakeMagento, guestOrder, invoice, order } from './support.js';

describe('sales handlers against the Xero emulator', () => {
  let emulator: StartedXeroEmulator;
  let storage: Storage;
  let xero: XeroAccounting;
  let worker: Worker;
  let magento: FakeMagento;
  let clock: SimulatedClock;
  let faults: ReturnType<typeof xeroEmulatorOf>['faults'];

  beforeEach(async () => {
    clock = new SimulatedClock(Date.UTC(2026, 10, 25, 12));
    emulator = await startXeroEmulator({
      clock: () => clock.now(),
      tenants: [{ name: 'Demo Company (US)', region: 'US', baseCurrency: 'USD' }],
      limits: { perMinute: 100_000, perDay: 1_000_000, concurrent: 50 },
    });
    const handles = xeroEmulatorOf(emulator.app);
    const tenantId = handles.tenantIds()[0]!;
    faults = handles.faults;
    // No retry inside the call: a lost answer goes back to the queue, so the handlers' own look-ups are what keep it once.
    xero = new XeroAccounting({
      apiUrl: emulator.url,
      tenantId,
      tokens: new InMemoryTokenProvider(handles.issueToken().access_token),
      retry: { sleep: async () => {}, maxAttempts: 1 },
    });
    storage = await openStorage('sqlite::memory:');
    magento = new FakeMagento();
    const settings = testSettings();
    const logger = memoryLogger();
    const ctx: SyncContext = { storage, clock, logger, magento, settings: async () => settings, tenantFor: async () => tenantId, xero: () => xero };
    const writer = new ContactWriter();
    worker = new Worker({ storage, clock, logger, random: () => 0.5, handlers: [ordersHandler(ctx, writer), invoicesHandler(ctx, writer), creditMemosHandler(ctx, writer)] });

    // What the customers and products handlers would have done.
    const [contact] = await xero.putContacts([{ ContactNumber: 'M1-C3', Name: 'Jane Doe', EmailAddress: 'jdoe@example.com', IsCustomer: true }]);
    const [item] = await xero.postItems([{ Code: 'WS12-M-Orange', Name: 'Radiant Tee', IsSold: true, SalesDetails: { UnitPrice: 22, AccountCode: '200' } }]);
    if (!contact?.ok || !item?.ok) throw new Error('emulator set-up failed');
    await storage.entityMap.put([
      { store_id: MAGENTO_SCOPE, entity_type: 'customer', magento_id: '3', xero_kind: 'contact', tenant_id: tenantId, xero_id: contact.record.ContactID, xero_number: 'M1-C3', content_hash: 'h', updated_at: clock.now() },
      { store_id: MAGENTO_SCOPE, entity_type: 'product', magento_id: 'WS12-M-Orange', xero_kind: 'item', tenant_id: tenantId, xero_id: item.record.ItemID, xero_number: 'WS12-M-Orange', content_hash: 'h', updated_at: clock.now() },
    ]);
  });

  afterEach(async () => {
    await storage.close();
    await emulator.close();
  });

  async function enqueue(entity: 'order' | 'invoice' | 'creditmemo', records: Array<Record<string, unknown>>): Promise<void> {
    for (const r of records) magento.put(entity, String(r.entity_id), r);
    await storage.queue.enqueue(records.map((r) => ({ store_id: MAGENTO_SCOPE, entity_type: entity, magento_id: String(r.entity_id) })), clock.now());
  }

  async function drain(): Promise<void> {
    for (let i = 0; i < 10; i++) {
      await worker.runUntilIdle();
      const next = await storage.queue.nextDueAt();
      if (next === undefined) return;
      clock.advance(Math.max(0, next - clock.now()));
    }
  }

  it('posts orders, payments, credit notes with allocation and refund, and voids canceled orders, once', async () => {
    await enqueue('order', [order(10, { state: 'processing' }), order(11, { state: 'processing' })]);
    await enqueue('invoice', [invoice(50, 10, { grand_total: 10 })]);
    await enqueue('creditmemo', [creditMemo(70, 10)]);
    await drain();
    const states = await storage.queue.list();
    expect(states.map((e) => [e.entity_type, e.magento_id, e.state, e.last_error])).toEqual(
      expect.arrayContaining([
        ['order', '10', 'done', null],
        ['order', '11', 'done', null],
        ['invoice', '50', 'done', null],
        ['creditmemo', '70', 'done', null],
      ]),
    );

    const [inv10] = await xero.getInvoices({ invoiceNumbers: ['000000010'] });
    // 27.00 − 10.00 paid − 17.00 credited
    expect(inv10).toMatchObject({ Status: 'PAID', Total: 27, AmountPaid: 10, AmountDue: 0 });
    const [note] = await xero.getCreditNotes({ creditNoteNumbers: ['000000070'] });
    expect(note).toMatchObject({ Total: 22, RemainingCredit: 0 });

    await enqueue('order', [order(11, { state: 'canceled' })]);
    await drain();
    const [inv11] = await xero.getInvoices({ invoiceNumbers: ['000000011'] });
    expect(inv11?.Status).toBe('VOIDED');

    // Everything again: nothing new in Xero.
    const before = { invoices: (await xero.getInvoices({})).length, payments: (await xero.getPayments({})).length };
    await enqueue('order', [order(10, { state: 'processing' }), order(11, { state: 'canceled' })]);
    await enqueue('invoice', [invoice(50, 10, { grand_total: 10 })]);
    await enqueue('creditmemo', [creditMemo(70, 10)]);
    await drain();
    expect((await xero.getInvoices({})).length).toBe(before.invoices);
    expect((await xero.getPayments({})).length).toBe(before.payments);
    // The canceled order and what hangs off it are skipped, with the reason, not "done".
    expect((await storage.queue.list()).every((e) => e.state === 'done' || e.state === 'skipped')).toBe(true);
  });

  it('pays a Magento invoice that arrived while its order was still a draft in Xero, once the order is approved', async () => {
    await enqueue('order', [order(12, { state: 'pending' })]);
    await drain();
    const [draft] = await xero.getInvoices({ invoiceNumbers: ['000000012'] });
    expect(draft?.Status).toBe('DRAFT');
    // Invoiced in Magento (the order is processing now), but only the invoice is queued: the payment is refused on the
    // draft, the order is queued again and approved, and the next attempt, asked afresh (Xero caches refusals for
    // minutes under the same Idempotency-Key), pays it.
    magento.put('order', '12', order(12, { state: 'processing' }));
    await enqueue('invoice', [invoice(52, 12)]);
    await drain();
    expect(await storage.queue.find(MAGENTO_SCOPE, 'invoice', '52')).toMatchObject({ state: 'done' });
    const [paid] = await xero.getInvoices({ invoiceNumbers: ['000000012'] });
    expect(paid).toMatchObject({ Status: 'PAID', AmountDue: 0 });
    expect(paid?.Payments).toHaveLength(1);
  });

  it('keeps every document once when Xero saves a write but the answer never arrives', async () => {
    for (const path of ['/Invoices', '/Payments', '/CreditNotes', '/Allocations']) {
      faults.add({ kind: 'drop-after', method: 'PUT', path, next: 1 });
    }
    await enqueue('order', [order(10, { state: 'processing' }), order(11, { state: 'processing' })]);
    await enqueue('invoice', [invoice(50, 10, { grand_total: 10 }), invoice(51, 11)]);
    await enqueue('creditmemo', [creditMemo(70, 10)]);
    await drain();
    expect((await storage.queue.list()).map((e) => [e.entity_type, e.magento_id, e.state])).toEqual(
      expect.arrayContaining([
        ['order', '10', 'done'],
        ['order', '11', 'done'],
        ['invoice', '50', 'done'],
        ['invoice', '51', 'done'],
        ['creditmemo', '70', 'done'],
      ]),
    );
    expect(faults.list()).toEqual([]);
    // Each kind of write lost its first answer, so each record needed a second attempt.
    const attempts = Object.fromEntries((await storage.queue.list()).map((e) => [`${e.entity_type}:${e.magento_id}`, e.attempts]));
    expect(attempts).toMatchObject({ 'order:10': 2, 'order:11': 2 });
    expect(attempts['invoice:51']).toBeGreaterThanOrEqual(2);
    expect(attempts['creditmemo:70']).toBeGreaterThanOrEqual(3);
    const invoices = await xero.getInvoices({});
    expect(invoices.map((i) => i.InvoiceNumber).sort()).toEqual(['000000010', '000000011']);
    const payments = (await xero.getPayments({})).filter((p) => p.Status !== 'DELETED');
    // 10.00 on order 10, 27.00 on order 11, and the 5.00 refund.
    expect(payments.map((p) => p.Amount).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([5, 10, 27]);
    const notes = await xero.getCreditNotes({});
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ RemainingCredit: 0 });
    const [inv10] = await xero.getInvoices({ invoiceNumbers: ['000000010'] });
    expect(inv10).toMatchObject({ AmountPaid: 10, AmountCredited: 17, AmountDue: 0 });
  });

  it('keeps the rest of a batch Xero refused in part (400, good elements saved), and duplicates nothing after the retry', async () => {
    const auth = `Basic ${Buffer.from('emulator-client-id:emulator-client-secret').toString('base64')}`;
    const sent = async (method: string, path: string) => {
      const log = (await (await fetch(`${emulator.url}/__emulator/requests`, { headers: { authorization: auth } })).json()) as { requests: Array<{ method: string; path: string }> };
      return log.requests.filter((r) => r.method === method && r.path.startsWith(`/api.xro/2.0${path}`)).length;
    };
    const control = (path: string, body: unknown) =>
      fetch(`${emulator.url}/__emulator${path}`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    // Order 11 is dated before the period lock date: Xero refuses its invoice, and only it. Xero answers the batch as with
    // summarizeErrors left on (its default): 400 with the refused invoice, the other two saved without their ids
    // (threads/so52706101-partial-save-on-400).
    await control('/lock-dates', { PeriodLockDate: '2017-08-15' });
    faults.add({ kind: 'summarize', method: 'PUT', path: '/Invoices', next: 1 });
    await enqueue('order', [order(10, { state: 'processing' }), order(11, { state: 'processing', created_at: '2017-08-01 10:00:00' }), order(12, { state: 'processing' })]);
    await drain();
    const states = Object.fromEntries((await storage.queue.list()).map((e) => [e.magento_id, [e.state, e.last_error]]));
    expect(states['10']).toEqual(['done', null]);
    expect(states['12']).toEqual(['done', null]);
    expect(states['11']?.[0]).toBe('parked');
    expect(states['11']?.[1]).toMatch(/The document date cannot be before the period lock date, currently set at 15-Aug-2017/);
    expect((await xero.getInvoices({})).map((i) => i.InvoiceNumber).sort()).toEqual(['000000010', '000000012']);
    // Both kept invoices are linked (adopted from Xero's copy), so no later attempt creates them again; the batch was
    // sent once, and the refused order was parked at its first attempt with Xero's own words.
    expect(await storage.entityMap.count('order', 'invoice')).toBe(2);
    expect(await sent('PUT', '/Invoices')).toBe(1);
    expect((await storage.queue.find(MAGENTO_SCOPE, 'order', '11'))?.attempts).toBe(1);

    // The merchant lifts the lock date and retries the parked order: it is posted; nothing else is posted again.
    await control('/lock-dates', { PeriodLockDate: null });
    await storage.queue.retry([(await storage.queue.find(MAGENTO_SCOPE, 'order', '11'))!.id], clock.now());
    await drain();
    expect((await storage.queue.list()).every((e) => e.state === 'done')).toBe(true);
    const numbers = (await xero.getInvoices({})).map((i) => i.InvoiceNumber).sort();
    expect(numbers).toEqual(['000000010', '000000011', '000000012']);
  });

  it('creates guest contacts once and maps a new Magento tax rate to a Xero rate it creates', async () => {
    const taxed = (n: number, email: string) => {
      const base = guestOrder(n, email, { state: 'processing' });
      const items = (base.items as Array<Record<string, unknown>>).map((i) => ({ ...i, tax_percent: 8.875, tax_amount: 1.95, price_incl_tax: 23.95, row_total_incl_tax: 23.95 }));
      return {
        ...base,
        items,
        tax_amount: 1.95,
        grand_total: 28.95,
        base_grand_total: 28.95,
        extension_attributes: { applied_taxes: [{ code: 'US-NY-*-Rate 9', percent: 8.875, amount: 1.95 }] },
      };
    };
    await enqueue('order', [taxed(20, 'ann@example.com'), taxed(21, 'ann@example.com'), taxed(22, 'bob@example.com')]);
    await drain();
    expect((await storage.queue.list()).map((e) => [e.magento_id, e.state, e.last_error])).toEqual([
      ['20', 'done', null],
      ['21', 'done', null],
      ['22', 'done', null],
    ]);
    const invoices = await xero.getInvoices({});
    expect(invoices.map((i) => i.Total)).toEqual([28.95, 28.95, 28.95]);
    expect(invoices.map((i) => i.TotalTax)).toEqual([1.95, 1.95, 1.95]);
    expect(new Set(invoices.map((i) => i.Contact?.ContactID)).size).toBe(2);
    const stored = (await storage.settings.get('taxMapping')) as { rates: Record<string, string> };
    const taxType = stored.rates['US-NY-*-Rate 9'];
    expect(taxType).toBeTruthy();
    expect((await xero.getTaxRates()).find((r) => r.TaxType === taxType)?.EffectiveRate).toBe(8.875);
  });
});
