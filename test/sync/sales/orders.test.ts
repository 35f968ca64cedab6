import { afterEach, describe, expect, it } from 'vitest';
import type { XeroInvoicePayload } from '../../../src/domain/xero.js';
import { harness, guestOrder, order, type Harness } from './support.js';

let h: Harness;
afterEach(() => h?.close());

const SKU = 'WS12-M-Orange';

async function ready(overrides: Parameters<typeof harness>[0] = {}): Promise<Harness> {
  h = await harness(overrides);
  await h.linkCustomer(3);
  await h.linkItems(SKU);
  return h;
}

const sent = (h: Harness, method: string) =>
  h.xero.calls.filter((c) => c.method === method).flatMap((c) => c.args as XeroInvoicePayload[]);

describe('orders → Xero invoices', () => {
  it('posts 50 invoices per call, each with the contact by id, and links every one', async () => {
    await ready();
    await h.enqueue('order', Array.from({ length: 60 }, (_, i) => order(100 + i)));
    await h.drain();
    expect(h.xero.elementsSent('putInvoices')).toEqual([50, 10]);
    const first = sent(h, 'putInvoices')[0]!;
    expect(first.Contact).toEqual({ ContactID: 'contact-of-3' });
    expect(first.InvoiceNumber).toBe('000000100');
    expect(first.LineItems[0]).toMatchObject({ ItemCode: SKU, UnitAmount: 22 });
    expect(h.xero.calls.find((c) => c.method === 'putInvoices')!.idempotencyKey).toMatch(/^invoices-create:/);
    expect(await h.entry('order', 159)).toMatchObject({ state: 'done' });
    const link = await h.link('order', 100, 'invoice');
    expect(link).toMatchObject({ xero_number: '000000100' });
    expect(h.xero.invoices.get(link!.xero_id)?.InvoiceNumber).toBe('000000100');
  });

  it('parks the element Xero refused with its message while the rest of the batch is posted', async () => {
    await ready();
    h.xero.refuse = (method, el) =>
      method === 'putInvoices' && el.InvoiceNumber === '000000011' ? ["The TaxType code 'NONE' cannot be used with account code '200'."] : undefined;
    await h.enqueue('order', [order(10), order(11), order(12)]);
    await h.drain();
    expect(await h.entry('order', 11)).toMatchObject({ state: 'parked', last_error: "The TaxType code 'NONE' cannot be used with account code '200'." });
    expect(await h.entry('order', 10)).toMatchObject({ state: 'done' });
    expect(await h.entry('order', 12)).toMatchObject({ state: 'done' });
    expect(h.xero.invoices.size).toBe(2);
  });

  it('does not write an unchanged order again', async () => {
    await ready();
    await h.enqueue('order', [order(10)]);
    await h.drain();
    await h.enqueue('order', [order(10)]);
    await h.drain();
    expect(h.xero.count('putInvoices')).toBe(1);
    expect(h.xero.count('postInvoices')).toBe(0);
    const log = await h.storage.log.list({ magentoId: '10' });
    expect(log[0]).toMatchObject({ action: 'unchanged', status: 'skipped' });
  });

  it('queues the customer and the items at once while the order waits', async () => {
    h = await harness();
    await h.enqueue('order', [order(10)]);
    await h.worker.runOnce();
    expect(await h.storage.queue.find(0, 'customer', '3')).toMatchObject({ state: 'pending', priority: 100 });
    expect(await h.storage.queue.find(0, 'product', SKU)).toMatchObject({ state: 'pending', priority: 90 });
  });

  it('queues the customer first and waits for its contact', async () => {
    h = await harness();
    await h.linkItems(SKU);
    await h.enqueue('order', [order(10)]);
    await h.worker.runOnce();
    expect(await h.entry('order', 10)).toMatchObject({ state: 'waiting', last_error: 'waiting for customer jdoe@example.com to reach Xero first' });
    const customer = await h.storage.queue.find(0, 'customer', '3');
    expect(customer).toMatchObject({ state: 'pending', priority: 100 });
    expect(await h.storage.queue.find(0, 'product', SKU)).toBeUndefined();
    expect(h.xero.count('putInvoices')).toBe(0);

    await h.linkCustomer(3);
    h.clock.advance(2_000);
    await h.worker.runOnce();
    expect(await h.entry('order', 10)).toMatchObject({ state: 'done' });
  });

  it('parks the order when its customer could not be posted, instead of waiting forever', async () => {
    h = await harness();
    await h.linkItems(SKU);
    await h.storage.queue.enqueue([{ store_id: 0, entity_type: 'customer', magento_id: '3' }], h.clock.now());
    const [claimed] = await h.storage.queue.claim({ owner: 'x', limit: 1, leaseMs: 1000, now: h.clock.now() });
    await h.storage.queue.park([claimed!.id], 'x', 'The specified contact details matched an archived contact.', h.clock.now());
    await h.enqueue('order', [order(10)]);
    await h.worker.runOnce();
    expect((await h.entry('order', 10))?.state).toBe('parked');
    expect((await h.entry('order', 10))?.last_error).toContain('archived contact');
  });

  it('queues missing items and, after three attempts, posts without their ItemCode', async () => {
    h = await harness();
    await h.linkCustomer(3);
    await h.enqueue('order', [order(10)]);
    for (let attempt = 1; attempt <= 3; attempt++) {
      await h.worker.runOnce();
      expect(await h.entry('order', 10)).toMatchObject({ state: 'waiting', last_error: `waiting for items ${SKU}` });
      h.clock.advance(2_000);
    }
    expect(await h.storage.queue.find(0, 'product', SKU)).toMatchObject({ priority: 90 });
    await h.worker.runOnce();
    expect(await h.entry('order', 10)).toMatchObject({ state: 'done' });
    expect(sent(h, 'putInvoices')[0]!.LineItems[0]!.ItemCode).toBeUndefined();
    expect((await h.storage.log.list({ magentoId: '10' }))[0]!.message).toContain('without item codes');
  });

  it('adopts the invoice Xero already has when it answers "Invoice # must be unique."', async () => {
    await ready();
    await h.xero.putInvoices([{ Type: 'ACCREC', Contact: { ContactID: 'c' }, InvoiceNumber: '000000010', Date: '2017-08-21', DueDate: '2017-08-21', Status: 'DRAFT', LineAmountTypes: 'NoTax', CurrencyCode: 'USD', LineItems: [] }]);
    const existingId = [...h.xero.invoices.keys()][0]!;
    await h.enqueue('order', [order(10)]);
    await h.drain();
    expect(await h.entry('order', 10)).toMatchObject({ state: 'done' });
    expect((await h.link('order', 10, 'invoice'))?.xero_id).toBe(existingId);
    expect(h.xero.invoices.size).toBe(1);
    expect((await h.storage.log.list({ magentoId: '10' }))[0]!.action).toBe('adopt');
  });

  it('does not adopt an invoice with our number that another store\'s order made, and says to set a prefix', async () => {
    await ready();
    await h.xero.putInvoices([{ Type: 'ACCREC', Contact: { ContactID: 'c' }, InvoiceNumber: '000000010', Reference: 'Order 000000010 (french)', Date: '2017-08-21', DueDate: '2017-08-21', Status: 'DRAFT', LineAmountTypes: 'NoTax', CurrencyCode: 'USD', LineItems: [] }]);
    await h.enqueue('order', [order(10)]);
    await h.drain();
    const entry = await h.entry('order', 10);
    expect(entry?.state).toBe('parked');
    expect(entry?.last_error).toContain('give each store its own prefix');
    expect(await h.link('order', 10, 'invoice')).toBeUndefined();
  });

  it('after an attempt whose answer was lost, looks the number up and adopts instead of creating twice', async () => {
    await ready();
    h.xero.loseNextAnswer('putInvoices');
    await h.enqueue('order', [order(10), order(11)]);
    await h.worker.runOnce();
    expect((await h.entry('order', 10))?.state).toBe('failed');
    h.clock.advance(60_000);
    await h.drain();
    expect(h.xero.count('putInvoices')).toBe(1);
    expect(h.xero.calls.filter((c) => c.method === 'getInvoices').map((c) => (c.args as { invoiceNumbers?: string[] }).invoiceNumbers)).toEqual([
      ['000000010', '000000011'],
    ]);
    expect(h.xero.invoices.size).toBe(2);
    expect(await h.entry('order', 11)).toMatchObject({ state: 'done' });
    expect(await h.link('order', 11, 'invoice')).toBeDefined();
  });

  it('updates a changed order after reading it back, and parks one Xero has locked with the reason', async () => {
    await ready();
    await h.enqueue('order', [order(10, { state: 'processing' }), order(11, { state: 'processing' })]);
    await h.drain();
    // Invoice 11 is paid in Xero: it must not be edited any more.
    const paidId = (await h.link('order', 11, 'invoice'))!.xero_id;
    await h.xero.putPayments([{ Invoice: { InvoiceID: paidId }, Account: { Code: '090' }, Date: '2017-08-22', Amount: 27 }]);

    const changed = { shipping_description: 'Express', shipping_amount: 6, base_shipping_amount: 6, shipping_incl_tax: 6, grand_total: 28, base_grand_total: 28 };
    await h.enqueue('order', [order(10, { state: 'processing', ...changed }), order(11, { state: 'processing', ...changed })]);
    await h.drain();
    expect(h.xero.calls.filter((c) => c.method === 'getInvoices')).toHaveLength(1);
    expect(sent(h, 'postInvoices').map((p) => p.InvoiceNumber)).toEqual(['000000010']);
    expect(sent(h, 'postInvoices')[0]!.InvoiceID).toBe((await h.link('order', 10, 'invoice'))!.xero_id);
    expect(h.xero.invoices.get((await h.link('order', 10, 'invoice'))!.xero_id)?.Total).toBe(28);
    const parked = await h.entry('order', 11);
    expect(parked?.state).toBe('parked');
    expect(parked?.last_error).toMatch(/PAID and cannot be edited.*credit memo/);
  });

  it('does not edit an invoice dated on or before the lock date', async () => {
    await ready();
    await h.enqueue('order', [order(10)]);
    await h.drain();
    h.xero.organisation = { ...h.xero.organisation, PeriodLockDate: '2017-12-31' };
    await h.enqueue('order', [order(10, { grand_total: 28, base_grand_total: 28, shipping_amount: 6, shipping_incl_tax: 6 })]);
    await h.drain();
    expect(h.xero.count('postInvoices')).toBe(0);
    expect((await h.entry('order', 10))?.last_error).toContain("lock date 2017-12-31");
  });

  it('voids an approved invoice and deletes a draft when the order is canceled; never-posted orders need nothing', async () => {
    await ready();
    await h.enqueue('order', [order(10, { state: 'processing' }), order(11)]);
    await h.drain();
    await h.enqueue('order', [order(10, { state: 'canceled' }), order(11, { state: 'canceled' }), order(12, { state: 'canceled' })]);
    await h.drain();
    const byNumber = new Map([...h.xero.invoices.values()].map((i) => [i.InvoiceNumber, i.Status]));
    expect(byNumber.get('000000010')).toBe('VOIDED');
    expect(byNumber.get('000000011')).toBe('DELETED');
    expect(byNumber.has('000000012')).toBe(false);
    expect(h.xero.elementsSent('postInvoices')).toEqual([2]);
    expect((await h.storage.log.list({ magentoId: '10' }))[0]).toMatchObject({ action: 'void', status: 'success' });
    expect((await h.storage.log.list({ magentoId: '12' }))[0]).toMatchObject({ action: 'skip' });
    expect((await h.storage.log.list({ magentoId: '12' }))[0]!.message).toContain('never posted');
    expect(await h.entry('order', 12)).toMatchObject({ state: 'skipped' });
  });

  it('voids the invoice of an order canceled after an attempt whose answer was lost', async () => {
    await ready();
    h.xero.loseNextAnswer('putInvoices');
    await h.enqueue('order', [order(10, { state: 'processing' })]);
    await h.worker.runOnce();
    expect(await h.link('order', 10, 'invoice')).toBeUndefined();
    await h.enqueue('order', [order(10, { state: 'canceled' })]);
    await h.drain();
    expect([...h.xero.invoices.values()].map((i) => i.Status)).toEqual(['VOIDED']);
    expect(await h.link('order', 10, 'invoice')).toMatchObject({ content_hash: 'canceled:VOIDED' });
  });

  it('does not void an invoice that has a payment, and says what to do', async () => {
    await ready();
    await h.enqueue('order', [order(10, { state: 'processing' })]);
    await h.drain();
    const id = (await h.link('order', 10, 'invoice'))!.xero_id;
    await h.xero.putPayments([{ Invoice: { InvoiceID: id }, Account: { Code: '090' }, Date: '2017-08-22', Amount: 10 }]);
    await h.enqueue('order', [order(10, { state: 'canceled' })]);
    await h.drain();
    expect(h.xero.invoices.get(id)?.Status).toBe('AUTHORISED');
    expect((await h.entry('order', 10))?.last_error).toMatch(/has payments.*credit memo/);
  });

  it('leaves held orders alone, saying why', async () => {
    await ready();
    await h.enqueue('order', [order(10, { state: 'holded' })]);
    await h.drain();
    expect(h.xero.count('putInvoices')).toBe(0);
    expect((await h.storage.log.list({ magentoId: '10' }))[0]).toMatchObject({ action: 'skip', status: 'skipped' });
    expect((await h.storage.log.list({ magentoId: '10' }))[0]!.message).toContain('on hold');
  });

  it('marks orders done without posting in posting mode "invoices"', async () => {
    await ready({ postingMode: 'invoices' });
    await h.enqueue('order', [order(10)]);
    await h.drain();
    expect(h.xero.count('putInvoices')).toBe(0);
    expect(await h.entry('order', 10)).toMatchObject({ state: 'skipped', last_error: expect.stringContaining('Posting mode is "invoices"') });
  });

  it('creates one guest contact per email, once, and links it', async () => {
    await ready();
    await h.enqueue('order', [guestOrder(10, 'ann@example.com'), guestOrder(11, 'Ann@Example.com'), guestOrder(12, 'bob@example.com')]);
    await h.drain();
    expect(h.xero.elementsSent('putContacts')).toEqual([2]);
    const invoices = sent(h, 'putInvoices');
    expect(invoices[0]!.Contact).toEqual(invoices[1]!.Contact);
    expect(invoices[0]!.Contact).not.toEqual(invoices[2]!.Contact);
    expect(await h.storage.entityMap.count('guest', 'contact')).toBe(2);

    await h.enqueue('order', [guestOrder(13, 'bob@example.com')]);
    await h.drain();
    expect(h.xero.count('putContacts')).toBe(1);
  });

  it("reuses a registered customer's contact for a guest order with the same email, and never changes it", async () => {
    await ready();
    const customer = { ContactID: 'contact-of-3', ContactNumber: 'M1-C3', Name: 'Ann Customer', EmailAddress: 'ann@example.com', ContactStatus: 'ACTIVE' as const };
    h.xero.contacts.push(customer);
    await h.enqueue('order', [guestOrder(10, 'Ann@Example.com')]);
    await h.drain();
    // No contact is written: the customer's number, name and address stay theirs; the invoice goes to their contact.
    expect(h.xero.count('putContacts')).toBe(0);
    expect(h.xero.count('postContacts')).toBe(0);
    expect(sent(h, 'putInvoices')[0]!.Contact).toEqual({ ContactID: 'contact-of-3' });
    expect(h.xero.contacts).toEqual([customer]);
  });

  it('refuses an amount no Magento total explains by name; with the setting, posts it to other charges and lists it for the reconciliation', async () => {
    await ready();
    await h.enqueue('order', [order(10, { state: 'processing', grand_total: 32, base_grand_total: 32 })]);
    await h.drain();
    expect(await h.entry('order', 10)).toMatchObject({ state: 'parked' });
    expect((await h.entry('order', 10))!.last_error).toMatch(/Magento order 000000010 .*grand total USD 32\.00 is USD 5\.00 more than/);
    await h.close();
    await ready({ unexplainedDifference: { post: true, limitCents: 500 } });
    await h.enqueue('order', [order(10, { state: 'processing', grand_total: 32, base_grand_total: 32 })]);
    await h.drain();
    const [line] = await h.storage.log.list({ entityType: 'order', status: 'success' });
    expect(line!.message).toMatch(/other charges line USD 5\.00 to account 260/);
    expect(sent(h, 'putInvoices')[0]!.LineItems.at(-1)).toMatchObject({ AccountCode: '260', UnitAmount: 5 });
    expect((await h.storage.log.adjustmentsSince(0)).map((l) => l.magento_id)).toEqual(['10']);
  });

  it('notes a rounding line in the log entry with its amount and reason, and counts it for the dashboard and the reconciliation', async () => {
    await ready();
    // Magento's grand total a cent above its lines (as when Magento and Xero round in different places).
    await h.enqueue('order', [order(10, { state: 'processing', grand_total: 27.01, base_grand_total: 27.01 })]);
    await h.drain();
    const [line] = await h.storage.log.list({ entityType: 'order' });
    expect(line).toMatchObject({ action: 'create', rounding_cents: 1, tax_moved_cents: null });
    expect(line!.message).toMatch(/rounding line of USD 0\.01 on account 860: Xero rounds each line, Magento the whole document/);
    expect(await h.storage.log.adjustmentsByDay(0)).toEqual([{ day: expect.any(String), documents: 1, roundingCents: 1, taxMovedCents: 0 }]);
    expect((await h.storage.log.adjustmentsSince(0)).map((l) => l.magento_id)).toEqual(['10']);
    // Unchanged on the next run: the document carries the same line, and it is not counted again.
    await h.enqueue('order', [order(10, { state: 'processing', grand_total: 27.01, base_grand_total: 27.01 })]);
    await h.drain();
    expect((await h.storage.log.adjustmentsByDay(0))[0]?.documents).toBe(1);
  });

  it('waits when another worker holds the guest-contact lock of the organisation', async () => {
    await ready();
    await h.storage.locks.acquire('guest-contacts:tenant-1', 'other-worker', 60_000, h.clock.now());
    await h.enqueue('order', [guestOrder(10, 'ann@example.com')]);
    await h.worker.runOnce();
    expect((await h.entry('order', 10))?.last_error).toContain('another worker');
    expect(h.xero.count('putContacts')).toBe(0);
  });

  it('posts gift card amounts as a payment against the liability account, once', async () => {
    await ready({ accounts: { giftCardLiability: '825' } });
    const paidWithCard = order(10, { state: 'processing', gift_cards_amount: 7, grand_total: 20, base_grand_total: 20 });
    await h.enqueue('order', [paidWithCard]);
    await h.drain();
    const payments = h.xero.calls.filter((c) => c.method === 'putPayments').flatMap((c) => c.args as Array<{ Amount: number; Account: unknown }>);
    expect(payments).toEqual([expect.objectContaining({ Amount: 7, Account: { Code: '825' } })]);
    expect(await h.link('order', 10, 'prepayment:gift_card')).toBeDefined();
    await h.enqueue('order', [paidWithCard]);
    await h.drain();
    expect(h.xero.count('putPayments')).toBe(1);
  });
});
