import { afterAll, describe, expect, it } from 'vitest';
import { totalsGap } from '../generator/invariants.js';
import { buildMagentoEmulator } from '../index.js';
import type { MagentoRecord } from '../store.js';

const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);
const auth = { authorization: 'Bearer tok' };

/** A store with one known order loaded through the control endpoint: 3 × 10.00 at 8.25 %, 5.00 shipping, 10 % off. */
const ORDER: MagentoRecord = {
  entity_id: 1,
  increment_id: '000000001',
  store_id: 1,
  state: 'new',
  status: 'pending',
  base_currency_code: 'USD',
  order_currency_code: 'USD',
  base_to_order_rate: 1,
  customer_email: 'jdoe@example.com',
  subtotal: 30, base_subtotal: 30,
  discount_amount: -3, base_discount_amount: -3,
  tax_amount: 2.23, base_tax_amount: 2.23,
  shipping_amount: 5, base_shipping_amount: 5, shipping_incl_tax: 5, base_shipping_incl_tax: 5,
  shipping_tax_amount: 0, base_shipping_tax_amount: 0,
  discount_tax_compensation_amount: 0, base_discount_tax_compensation_amount: 0,
  grand_total: 34.23, base_grand_total: 34.23,
  payment: { method: 'checkmo' },
  items: [
    {
      item_id: 7, sku: 'WS12-M-Orange', name: 'Radiant Tee', product_id: 3, product_type: 'simple',
      qty_ordered: 3, qty_invoiced: 0, qty_refunded: 0, qty_canceled: 0,
      price: 10, base_price: 10, price_incl_tax: 10.83, base_price_incl_tax: 10.83,
      row_total: 30, base_row_total: 30, row_total_incl_tax: 32.48, base_row_total_incl_tax: 32.48,
      tax_amount: 2.23, base_tax_amount: 2.23, discount_amount: 3, base_discount_amount: 3,
      discount_tax_compensation_amount: 0, base_discount_tax_compensation_amount: 0,
    },
  ],
};

describe('sales writes', () => {
  const app = buildMagentoEmulator({ token: 'tok', empty: true, clock: () => NOW });
  afterAll(() => app.close());

  const post = async (url: string, payload: unknown) => {
    const res = await app.inject({ method: 'POST', url, headers: auth, payload: payload as Record<string, unknown> });
    return { status: res.statusCode, body: res.json() };
  };
  const get = async (url: string) => (await app.inject({ url, headers: auth })).json() as MagentoRecord;

  it('invoices part of an order, then the rest, splitting amounts to the cent', async () => {
    expect((await post('/__emulator/entities', { orders: [structuredClone(ORDER)] })).status).toBe(200);
    const first = await post('/rest/V1/order/1/invoice', { capture: true, items: [{ order_item_id: 7, qty: 1 }], notify: false });
    expect(first).toEqual({ status: 200, body: 1 });
    const invoice = await get('/rest/V1/invoices/1');
    expect(invoice['subtotal']).toBe(10);
    expect(invoice['tax_amount']).toBe(0.74);
    expect(invoice['discount_amount']).toBe(-1);
    expect(invoice['shipping_amount']).toBe(5);
    expect(invoice['grand_total']).toBe(14.74);
    expect((invoice['items'] as MagentoRecord[])[0]?.['order_item_id']).toBe(7);
    expect(totalsGap(invoice)).toBe(0);
    let order = await get('/rest/V1/orders/1');
    expect(order['state']).toBe('processing');
    expect(order['total_paid']).toBe(14.74);

    expect((await post('/rest/V1/order/1/invoice', { capture: false, appendComment: true, comment: { comment: 'Paid in Xero', is_visible_on_front: 0 } })).body).toBe(2);
    const second = await get('/rest/V1/invoices/2');
    expect(second['comments']).toEqual([expect.objectContaining({ comment: 'Paid in Xero', is_visible_on_front: 0, parent_id: 2 })]);
    expect(second['shipping_amount']).toBe(0);
    expect(second['tax_amount']).toBe(1.49);
    expect(second['grand_total']).toBe(19.49);
    order = await get('/rest/V1/orders/1');
    expect(order['total_paid']).toBe(34.23);
    expect(order['total_due']).toBe(0);
    // Nothing left to invoice: Magento's own validation messages (InvoiceQuantityValidator, then CanInvoice).
    expect(await post('/rest/V1/order/1/invoice', {})).toEqual({
      status: 400,
      body: { message: "Invoice Document Validation Error(s):\nYou can't create an invoice without products.\nThe order does not allow an invoice to be created." },
    });
  });

  it('refuses more than is left to invoice, naming the SKU, and invoices nothing', async () => {
    const third: MagentoRecord = { ...structuredClone(ORDER), entity_id: 3, increment_id: '000000003' };
    (third['items'] as MagentoRecord[])[0]!['item_id'] = 9;
    await post('/__emulator/entities', { orders: [third] });
    expect(await post('/rest/V1/order/3/invoice', { items: [{ order_item_id: 9, qty: 4 }] })).toEqual({
      status: 400,
      body: { message: 'Invoice Document Validation Error(s):\nThe quantity to invoice must not be greater than the uninvoiced quantity for product SKU "WS12-M-Orange".' },
    });
    expect((await get('/rest/V1/orders/3'))['state']).toBe('new');
  });

  it('refunds offline with an adjustment refund and fee, then closes the order on the last refund', async () => {
    const memo = await post('/rest/V1/order/1/refund', {
      items: [{ order_item_id: 7, qty: 1 }],
      arguments: { shipping_amount: 0, adjustment_positive: 2, adjustment_negative: 0.5 },
    });
    expect(memo).toEqual({ status: 200, body: 1 });
    const creditmemo = await get('/rest/V1/creditmemo/1');
    expect(creditmemo['subtotal']).toBe(10);
    expect(creditmemo['adjustment']).toBe(1.5);
    expect(creditmemo['grand_total']).toBe(10 - 1 + 0.74 + 2 - 0.5);
    expect(totalsGap(creditmemo)).toBe(0);
    expect(creditmemo['state']).toBe(2);

    const tooMuchShipping = await post('/rest/V1/order/1/refund', { arguments: { shipping_amount: 6 } });
    expect(tooMuchShipping.status).toBe(400);
    expect(tooMuchShipping.body.message).toBe('Maximum shipping amount allowed to refund is: %1');

    const rest = await post('/rest/V1/invoice/2/refund', {});
    expect(rest).toEqual({ status: 200, body: 2 });
    const online = await get(`/rest/V1/creditmemo/${String(rest.body)}`);
    expect(online['invoice_id']).toBe(2);
    expect((online['items'] as MagentoRecord[])[0]?.['qty']).toBe(2);
    const order = await get('/rest/V1/orders/1');
    expect(order['state']).toBe('processing');
    expect((order['items'] as MagentoRecord[])[0]?.['qty_refunded']).toBe(3);
    // The adjustment refund gave back 1.50 more than the lines, so only 3.50 of the shipping is left to refund.
    const tooMuch = await post('/rest/V1/order/1/refund', { items: [], arguments: { shipping_amount: 5 } });
    expect(tooMuch.body).toEqual({ message: 'The most money available to refund is %1.', parameters: ['3.50'] });
    const last = await post('/rest/V1/order/1/refund', { items: [], arguments: { shipping_amount: 3.5 } });
    expect(last.status).toBe(200);
    expect((await get('/rest/V1/orders/1'))['state']).toBe('closed');
    expect((await post('/rest/V1/order/1/refund', { arguments: { adjustment_positive: 1 } })).status).toBe(400);
  });

  it('refuses writes on unknown orders and bad bodies', async () => {
    expect((await post('/rest/V1/order/999/invoice', {})).status).toBe(404);
    expect((await post('/rest/V1/order/1/invoice', { items: 'all' })).status).toBe(400);
  });

  it('cancels, holds and releases orders', async () => {
    const second: MagentoRecord = { ...structuredClone(ORDER), entity_id: 2, increment_id: '000000002' };
    (second['items'] as MagentoRecord[])[0]!['item_id'] = 8;
    await post('/__emulator/entities', { orders: [second] });
    expect((await post('/rest/V1/orders/2/hold', {})).body).toBe(true);
    expect((await get('/rest/V1/orders/2'))['state']).toBe('holded');
    expect(await post('/rest/V1/order/2/invoice', {})).toEqual({
      status: 400,
      body: { message: 'Invoice Document Validation Error(s):\nAn invoice cannot be created when an order has a status of holded' },
    });
    await post('/rest/V1/orders/2/unhold', {});
    expect((await get('/rest/V1/orders/2'))['state']).toBe('new');
    await post('/rest/V1/orders/2/cancel', {});
    expect((await get('/rest/V1/orders/2'))['state']).toBe('canceled');
  });
});
