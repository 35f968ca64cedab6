import { afterEach, describe, expect, it } from 'vitest';
import type { XeroInvoicePayload, XeroPaymentPayload } from '../../../src/domain/xero.js';
import { harness, invoice, order, type Harness } from './support.js';

let h: Harness;
afterEach(() => h?.close());

async function ready(overrides: Parameters<typeof harness>[0] = {}): Promise<Harness> {
  h = await harness(overrides);
  await h.linkCustomer(3);
  await h.linkItems('WS12-M-Orange');
  return h;
}

const payments = (h: Harness) => h.xero.calls.filter((c) => c.method === 'putPayments').flatMap((c) => c.args as XeroPaymentPayload[]);

describe('Magento invoices → payments (posting mode "orders")', () => {
  it('pays the order\'s Xero invoice with the invoice number as reference, once', async () => {
    await ready();
    await h.enqueue('order', [order(10, { state: 'processing' })]);
    await h.enqueue('invoice', [invoice(50, 10)]);
    await h.drain();
    const xeroInvoiceId = (await h.link('order', 10, 'invoice'))!.xero_id;
    expect(payments(h)).toEqual([
      { Invoice: { InvoiceID: xeroInvoiceId }, Account: { Code: '090' }, Date: '2017-08-22', Amount: 27, Reference: '000000050' },
    ]);
    expect(h.xero.invoices.get(xeroInvoiceId)?.Status).toBe('PAID');
    expect(await h.link('invoice', 50, 'payment')).toMatchObject({ xero_number: '000000050' });

    await h.enqueue('invoice', [invoice(50, 10)]);
    await h.drain();
    expect(h.xero.count('putPayments')).toBe(1);
    expect((await h.storage.log.list({ entityType: 'invoice' }))[0]).toMatchObject({ action: 'unchanged' });
  });

  it('queues the order first when its invoice is not in Xero yet', async () => {
    await ready();
    h.magento.put('order', '10', order(10, { state: 'processing' }));
    await h.enqueue('invoice', [invoice(50, 10)]);
    await h.worker.runOnce();
    expect(await h.entry('invoice', 50)).toMatchObject({ state: 'waiting', last_error: 'waiting for order 000000010 to reach Xero first' });
    expect(await h.storage.queue.find(0, 'order', '10')).toMatchObject({ priority: 80, state: 'pending' });
    await h.drain();
    expect(await h.entry('invoice', 50)).toMatchObject({ state: 'done' });
    expect(h.xero.count('putPayments')).toBe(1);
  });

  it('after a payment whose answer was lost, finds it on the invoice instead of paying twice', async () => {
    await ready();
    await h.enqueue('order', [order(10, { state: 'processing' }), order(11, { state: 'processing' })]);
    await h.drain();
    h.xero.loseNextAnswer('putPayments');
    await h.enqueue('invoice', [invoice(50, 10), invoice(51, 11)]);
    await h.worker.runOnce();
    expect((await h.entry('invoice', 50))?.state).toBe('failed');
    h.clock.advance(60_000);
    await h.drain();
    expect(h.xero.count('putPayments')).toBe(1);
    expect(await h.entry('invoice', 51)).toMatchObject({ state: 'done' });
    const id = (await h.link('order', 11, 'invoice'))!.xero_id;
    expect(h.xero.invoices.get(id)?.Payments).toHaveLength(1);
    expect((await h.link('invoice', 51, 'payment'))?.xero_id).toBe(h.xero.invoices.get(id)?.Payments[0]?.PaymentID);
    expect((await h.storage.log.list({ magentoId: '51' }))[0]).toMatchObject({ action: 'adopt' });
  });

  it('parks the payment when its order was processed but never became a Xero invoice, instead of waiting forever', async () => {
    await ready();
    await h.enqueue('order', [order(10, { state: 'holded' })]);
    await h.enqueue('invoice', [invoice(50, 10)]);
    await h.drain(20);
    const entry = await h.entry('invoice', 50);
    expect(entry?.state).toBe('parked');
    expect(entry?.last_error).toContain('order 000000010 could not be posted to Xero: it was processed but became no Xero document');
    expect(entry?.attempts).toBe(4);
    expect(h.xero.count('putPayments')).toBe(0);
  });

  it('does not pay twice when the record is queued again after a lost answer', async () => {
    await ready();
    await h.enqueue('order', [order(10, { state: 'processing' })]);
    await h.drain();
    h.xero.loseNextAnswer('putPayments');
    await h.enqueue('invoice', [invoice(50, 10)]);
    await h.worker.runOnce();
    expect((await h.entry('invoice', 50))?.state).toBe('failed');
    await h.enqueue('invoice', [invoice(50, 10)]);
    // Queued again with newer data, a failed entry keeps its attempts: the next one knows to look Xero up first.
    expect((await h.entry('invoice', 50))?.attempts).toBe(1);
    await h.drain();
    expect(h.xero.count('putPayments')).toBe(1);
    expect(await h.entry('invoice', 50)).toMatchObject({ state: 'done' });
    expect(await h.link('invoice', 50, 'payment')).toBeDefined();
  });

  it('waits for a draft order invoice to be approved, queuing the order again, then pays it', async () => {
    await ready();
    await h.enqueue('order', [order(10)]);
    await h.drain();
    const id = (await h.link('order', 10, 'invoice'))!.xero_id;
    expect(h.xero.invoices.get(id)?.Status).toBe('DRAFT');
    // Magento invoiced the order (now processing), but only the invoice's webhook has arrived so far.
    h.magento.put('order', '10', order(10, { state: 'processing' }));
    await h.enqueue('invoice', [invoice(50, 10)]);
    await h.worker.runOnce();
    expect((await h.entry('invoice', 50))?.last_error).toBe('waiting for Xero invoice 000000010 to be approved (order queued again)');
    expect(await h.entry('order', 10)).toMatchObject({ state: 'pending', priority: 80 });
    await h.drain();
    expect(await h.entry('invoice', 50)).toMatchObject({ state: 'done' });
    expect(h.xero.invoices.get(id)?.Status).toBe('PAID');
    // The first payment was refused (a draft takes none): that refusal, read back, is what queued the order again.
    expect(h.xero.count('putPayments')).toBe(2);
    expect(h.xero.invoices.get(id)?.Payments).toHaveLength(1);
  });

  it('skips payment methods set to "do not pay", saying why', async () => {
    await ready({ paymentMethods: { banktransfer: 'do_not_pay' } });
    await h.enqueue('order', [order(10, { state: 'processing' })]);
    await h.enqueue('invoice', [invoice(50, 10)]);
    await h.drain();
    expect(h.xero.count('putPayments')).toBe(0);
    const line = (await h.storage.log.list({ entityType: 'invoice' }))[0];
    expect(line).toMatchObject({ action: 'skip', status: 'skipped' });
    expect(line?.message).toContain('do not pay');
  });

  it('parks a payment larger than what is still owed, explaining the usual cause', async () => {
    await ready();
    await h.enqueue('order', [order(10, { state: 'processing' })]);
    await h.drain();
    const id = (await h.link('order', 10, 'invoice'))!.xero_id;
    await h.xero.putPayments([{ Invoice: { InvoiceID: id }, Account: { Code: '090' }, Date: '2017-08-22', Amount: 10 }]);
    await h.enqueue('invoice', [invoice(50, 10)]);
    await h.drain();
    const entry = await h.entry('invoice', 50);
    expect(entry?.state).toBe('parked');
    expect(entry?.last_error).toContain('Payment amount exceeds the amount outstanding');
    expect(entry?.last_error).toContain('payment recorded there by hand');
  });

  it('pays 50 invoices per call', async () => {
    await ready();
    const orders = Array.from({ length: 55 }, (_, i) => order(100 + i, { state: 'processing' }));
    await h.enqueue('order', orders);
    await h.enqueue('invoice', orders.map((_, i) => invoice(500 + i, 100 + i)));
    await h.drain();
    expect(h.xero.elementsSent('putPayments')).toEqual([50, 5]);
  });

  it('reads nothing back on a first attempt: one call pays the batch', async () => {
    await ready();
    await h.enqueue('order', [order(10, { state: 'processing' }), order(11, { state: 'processing' })]);
    await h.drain();
    const reads = h.xero.count('getInvoices');
    await h.enqueue('invoice', [invoice(50, 10), invoice(51, 11)]);
    await h.drain();
    expect(h.xero.count('getInvoices') - reads).toBe(0);
    expect(h.xero.count('putPayments')).toBe(1);
  });
});

describe('Magento invoices → Xero invoices (posting mode "invoices")', () => {
  it('posts each Magento invoice as its own approved invoice, then its payment, exactly once', async () => {
    await ready({ postingMode: 'invoices' });
    h.magento.put('order', '10', order(10, { state: 'processing' }));
    await h.enqueue('invoice', [invoice(50, 10)]);
    await h.drain();
    const posted = h.xero.calls.filter((c) => c.method === 'putInvoices').flatMap((c) => c.args as XeroInvoicePayload[]);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ InvoiceNumber: '000000050', Status: 'AUTHORISED', Contact: { ContactID: 'contact-of-3' } });
    const link = await h.link('invoice', 50, 'invoice');
    expect(payments(h)).toEqual([expect.objectContaining({ Invoice: { InvoiceID: link!.xero_id }, Amount: 27 })]);
    expect(h.xero.invoices.get(link!.xero_id)?.Status).toBe('PAID');

    await h.enqueue('invoice', [invoice(50, 10)]);
    await h.drain();
    expect(h.xero.count('putInvoices')).toBe(1);
    expect(h.xero.count('putPayments')).toBe(1);
  });

  it('voids the Xero invoice of a Magento invoice that was canceled, if nothing is paid on it', async () => {
    await ready({ postingMode: 'invoices', paymentMethods: { banktransfer: 'do_not_pay' } });
    h.magento.put('order', '10', order(10, { state: 'processing' }));
    await h.enqueue('invoice', [invoice(50, 10)]);
    await h.drain();
    const id = (await h.link('invoice', 50, 'invoice'))!.xero_id;
    expect(h.xero.invoices.get(id)?.Status).toBe('AUTHORISED');
    await h.enqueue('invoice', [invoice(50, 10, { state: 3 }), invoice(51, 10, { state: 3 })]);
    await h.drain();
    expect(h.xero.invoices.get(id)?.Status).toBe('VOIDED');
    expect((await h.storage.log.list({ magentoId: '50' }))[0]).toMatchObject({ action: 'void' });
    expect((await h.storage.log.list({ magentoId: '51' }))[0]).toMatchObject({ action: 'skip' });
    expect(h.xero.count('putInvoices')).toBe(1);
  });
});
