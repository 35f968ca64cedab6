import { afterEach, describe, expect, it } from 'vitest';
import type { XeroCreditNotePayload, XeroPaymentPayload } from '../../../src/domain/xero.js';
import { creditMemo, harness, invoice, order, type Harness } from './support.js';

let h: Harness;
afterEach(() => h?.close());

/** Order 10 (27.00, approved) in Xero, with 10.00 of it paid: 17.00 still owed. */
async function partlyPaidOrder(overrides: Parameters<typeof harness>[0] = {}): Promise<string> {
  h = await harness(overrides);
  await h.linkCustomer(3);
  await h.linkItems('WS12-M-Orange');
  await h.enqueue('order', [order(10, { state: 'processing' })]);
  await h.drain();
  const id = (await h.link('order', 10, 'invoice'))!.xero_id;
  await h.xero.putPayments([{ Invoice: { InvoiceID: id }, Account: { Code: '090' }, Date: '2017-08-22', Amount: 10, Reference: 'by hand' }]);
  h.xero.calls.length = 0;
  return id;
}

const refunds = (h: Harness) => h.xero.calls.filter((c) => c.method === 'putPayments').flatMap((c) => c.args as XeroPaymentPayload[]);

describe('credit memos → credit notes, allocation, refund', () => {
  it('posts the credit note, allocates what the invoice still owes and refunds the rest', async () => {
    const invoiceId = await partlyPaidOrder();
    await h.enqueue('creditmemo', [creditMemo(70, 10)]);
    await h.drain();
    const notes = h.xero.calls.filter((c) => c.method === 'putCreditNotes').flatMap((c) => c.args as XeroCreditNotePayload[]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ Type: 'ACCRECCREDIT', CreditNoteNumber: '000000070', Contact: { ContactID: 'contact-of-3' } });
    const cnId = (await h.link('creditmemo', 70, 'creditnote'))!.xero_id;
    const allocation = h.xero.calls.find((c) => c.method === 'putAllocation')!.args as { creditNoteId: string; allocations: unknown[] };
    expect(allocation).toEqual({ creditNoteId: cnId, allocations: [{ Invoice: { InvoiceID: invoiceId }, Amount: 17, Date: '2017-08-25' }] });
    expect(refunds(h)).toEqual([{ CreditNote: { CreditNoteID: cnId }, Account: { Code: '090' }, Date: '2017-08-25', Amount: 5, Reference: 'Refund 000000070' }]);
    expect(h.xero.invoices.get(invoiceId)?.Status).toBe('PAID');
    expect(h.xero.creditNotes.get(cnId)?.RemainingCredit).toBe(0);
    expect(await h.link('creditmemo', 70, 'allocation')).toMatchObject({ xero_number: '17.00' });
    expect(await h.link('creditmemo', 70, 'refund')).toBeDefined();
    expect(await h.entry('creditmemo', 70)).toMatchObject({ state: 'done' });
  });

  it('keeps an offline refund as credit on the contact unless the setting says it was paid out', async () => {
    await partlyPaidOrder();
    await h.enqueue('creditmemo', [creditMemo(70, 10, { transaction_id: null })]);
    await h.drain();
    expect(h.xero.count('putAllocation')).toBe(1);
    expect(h.xero.count('putPayments')).toBe(0);
    expect((await h.storage.log.list({ entityType: 'creditmemo' }))[0]?.message).toContain('5.00 stays as credit');
  });

  it('resumes at the refund after the allocation\'s answer was lost: no second credit note, no second allocation', async () => {
    await partlyPaidOrder();
    h.xero.loseNextAnswer('putAllocation');
    await h.enqueue('creditmemo', [creditMemo(70, 10)]);
    await h.worker.runOnce();
    expect((await h.entry('creditmemo', 70))?.state).toBe('failed');
    expect(await h.link('creditmemo', 70, 'creditnote')).toBeDefined();
    h.clock.advance(60_000);
    await h.drain();
    expect(h.xero.count('putCreditNotes')).toBe(1);
    expect(h.xero.count('putAllocation')).toBe(1);
    expect(refunds(h).map((p) => p.Amount)).toEqual([5]);
    expect(await h.entry('creditmemo', 70)).toMatchObject({ state: 'done' });
  });

  it('resumes at the refund after Xero refused it, without repeating the earlier steps', async () => {
    await partlyPaidOrder();
    h.xero.refuse = (method, el) => (method === 'putPayments' && 'CreditNote' in el ? ["Account code '090' is not a valid code for this document."] : undefined);
    await h.enqueue('creditmemo', [creditMemo(70, 10)]);
    await h.drain();
    const parked = await h.entry('creditmemo', 70);
    expect(parked?.state).toBe('parked');
    expect(parked?.last_error).toContain("Account code '090' is not a valid code");

    h.xero.refuse = () => undefined;
    await h.storage.queue.retry(undefined, h.clock.now());
    await h.drain();
    expect(h.xero.count('putCreditNotes')).toBe(1);
    expect(h.xero.count('putAllocation')).toBe(1);
    expect(refunds(h).map((p) => p.Amount)).toEqual([5, 5]);
    expect(await h.entry('creditmemo', 70)).toMatchObject({ state: 'done' });
  });

  it('adopts a credit note an earlier attempt created, found by its number', async () => {
    await partlyPaidOrder();
    h.xero.loseNextAnswer('putCreditNotes');
    await h.enqueue('creditmemo', [creditMemo(70, 10)]);
    await h.worker.runOnce();
    expect(await h.link('creditmemo', 70, 'creditnote')).toBeUndefined();
    h.clock.advance(60_000);
    await h.drain();
    expect(h.xero.count('putCreditNotes')).toBe(1);
    expect(h.xero.creditNotes.size).toBe(1);
    expect((await h.link('creditmemo', 70, 'creditnote'))?.xero_id).toBe([...h.xero.creditNotes.keys()][0]);
    expect(await h.entry('creditmemo', 70)).toMatchObject({ state: 'done' });
  });

  it('posts 50 credit notes per call', async () => {
    h = await harness();
    await h.linkCustomer(3);
    await h.linkItems('WS12-M-Orange');
    const orders = Array.from({ length: 52 }, (_, i) => order(100 + i, { state: 'processing' }));
    await h.enqueue('order', orders);
    await h.enqueue('creditmemo', orders.map((_, i) => creditMemo(700 + i, 100 + i)));
    await h.drain();
    expect(h.xero.elementsSent('putCreditNotes')).toEqual([50, 2]);
    expect(h.xero.count('putAllocation')).toBe(52);
  });

  it('queues the order first when its invoice is not in Xero yet', async () => {
    h = await harness();
    await h.linkCustomer(3);
    await h.linkItems('WS12-M-Orange');
    h.magento.put('order', '10', order(10, { state: 'processing' }));
    await h.enqueue('creditmemo', [creditMemo(70, 10)]);
    await h.worker.runOnce();
    expect(await h.entry('creditmemo', 70)).toMatchObject({ state: 'waiting', last_error: 'waiting for order 000000010 to reach Xero first' });
    expect(await h.storage.queue.find(0, 'order', '10')).toMatchObject({ priority: 80 });
    expect(h.xero.count('putCreditNotes')).toBe(0);
    await h.drain();
    expect(await h.entry('creditmemo', 70)).toMatchObject({ state: 'done' });
  });

  it('refunds the whole credit when the order was already paid in full', async () => {
    h = await harness();
    await h.linkCustomer(3);
    await h.linkItems('WS12-M-Orange');
    await h.enqueue('order', [order(10, { state: 'processing' })]);
    await h.enqueue('invoice', [invoice(50, 10)]);
    await h.drain();
    await h.enqueue('creditmemo', [creditMemo(70, 10)]);
    await h.drain();
    expect(h.xero.count('putAllocation')).toBe(0);
    expect(refunds(h).filter((p) => p.CreditNote).map((p) => p.Amount)).toEqual([22]);
  });

  it('waits for a draft order invoice to be approved before allocating, then allocates', async () => {
    h = await harness();
    await h.linkCustomer(3);
    await h.linkItems('WS12-M-Orange');
    await h.enqueue('order', [order(10)]);
    await h.drain();
    const id = (await h.link('order', 10, 'invoice'))!.xero_id;
    h.magento.put('order', '10', order(10, { state: 'processing' }));
    await h.enqueue('creditmemo', [creditMemo(70, 10, { transaction_id: null })]);
    await h.worker.runOnce();
    expect((await h.entry('creditmemo', 70))?.last_error).toContain('waiting for Xero invoice 000000010 to be approved');
    expect(await h.link('creditmemo', 70, 'creditnote')).toBeDefined();
    expect(await h.link('creditmemo', 70, 'allocation')).toBeUndefined();
    await h.drain();
    expect(await h.entry('creditmemo', 70)).toMatchObject({ state: 'done' });
    expect(h.xero.count('putCreditNotes')).toBe(1);
    expect(h.xero.invoices.get(id)).toMatchObject({ Status: 'AUTHORISED', AmountCredited: 22, AmountDue: 5 });
  });
});
