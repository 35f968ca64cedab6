import { describe, expect, it } from 'vitest';
import { isMappingError } from '../domain/errors.js';
import { magentoInvoiceSchema, magentoOrderSchema, parseMagento, type MagentoOrder } from '../domain/magento.js';
import { toMinor } from '../domain/money.js';
import { magentoInvoiceToInvoice, orderToInvoice } from './invoice.js';
import { fixture, testSettings } from './test-support.js';
import { xeroWouldCompute } from './testing/xero-oracle.js';

const adobeOrder = (): MagentoOrder => parseMagento(magentoOrderSchema, fixture('order-get.adobedocs-orders-tutorial.json'), 'order');

describe('order → invoice (Adobe example order)', () => {
  it('keeps the Magento numbers and dates and absorbs the truncated item rows as an error naming the gap', () => {
    // The example keeps only the first of nine item rows while the totals are for the whole order: the sum of lines is
    // far from grand_total, so the mapping must refuse rather than post a wrong invoice.
    expect(() => orderToInvoice(adobeOrder(), testSettings())).toThrowError(/grand total USD 165\.00 is USD 138\.00 more than/);
  });

  it('maps the order once its lines match its totals', () => {
    const raw = adobeOrder();
    const order: MagentoOrder = { ...raw, subtotal: 22, base_subtotal: 22, grand_total: 27, base_grand_total: 27 };
    const result = orderToInvoice(order, testSettings());
    expect(result.kind).toBe('post');
    if (result.kind !== 'post') return;
    const inv = result.invoice;
    expect(inv.InvoiceNumber).toBe('000000003');
    expect(inv.Date).toBe('2017-08-21'); // 22:22 UTC is 18:22 in New York
    expect(inv.DueDate).toBe('2017-08-21');
    expect(inv.Status).toBe('DRAFT'); // state "new"
    expect(inv.LineAmountTypes).toBe('NoTax');
    expect(inv.Contact).toEqual({ ContactNumber: 'M1-C3' });
    expect(inv.LineItems).toEqual([
      { Description: 'Radiant Tee-M-Orange', Quantity: 1, UnitAmount: 22, AccountCode: '200', TaxType: 'NONE', ItemCode: 'WS12-M-Orange' },
      { Description: 'Shipping: Best Way - Table Rate', Quantity: 1, UnitAmount: 5, AccountCode: '200', TaxType: 'NONE' },
    ]);
    expect(xeroWouldCompute(inv).total).toBe(2700);
    expect(result.itemSkus).toEqual(['WS12-M-Orange']);
  });
});

describe('Magento invoice → invoice (posting mode "invoices")', () => {
  it('maps the discounted Adobe invoice to the cent with positive line discounts', () => {
    const inv = parseMagento(magentoInvoiceSchema, fixture('invoice-get-with-discount.adobedocs-inventory-tutorial.json'), 'invoice');
    const items = [
      { item_id: 3, sku: '24-WB03', name: 'Driven Backpack', product_type: 'simple', qty_ordered: 20, price: 36, row_total: 720, discount_amount: 144 },
      { item_id: 4, sku: '24-WB01', name: 'Voyage Yoga Bag', product_type: 'simple', qty_ordered: 40, price: 32, row_total: 1280, discount_amount: 256 },
      { item_id: 5, sku: '240-LV06', name: 'Yoga Adventure', product_type: 'downloadable', qty_ordered: 1, price: 22, row_total: 22, discount_amount: 4.4 },
    ];
    const order = parseMagento(magentoOrderSchema, { entity_id: 3, increment_id: '000000003', customer_email: 'a@example.com', customer_is_guest: 1, grand_total: 1917.6, created_at: '2020-07-23 16:00:00', store_id: 1, items, shipping_description: 'Flat Rate' }, 'order');
    const result = magentoInvoiceToInvoice(inv, order, testSettings({ postingMode: 'invoices' }));
    if (result.kind !== 'post') throw new Error('expected post');
    expect(result.invoice.Status).toBe('AUTHORISED');
    expect(result.invoice.LineItems.map((l) => [l.Quantity, l.UnitAmount, l.DiscountAmount])).toEqual([
      [20, 36, 144],
      [40, 32, 256],
      [1, 22, 4.4],
      [1, 300, undefined],
    ]);
    const totals = xeroWouldCompute(result.invoice);
    expect(totals.total).toBe(toMinor(1917.6));
    expect(result.roundingCents).toBe(0);
  });

  it('maps the bundle + configurable Adobe invoice: dynamic bundle children, configurable parent only', () => {
    const inv = parseMagento(magentoInvoiceSchema, fixture('invoice-get-bundle-configurable.adobedocs-orders-tutorial.json'), 'invoice');
    const orderItems = inv.items.map((i) => ({ item_id: i.order_item_id, sku: i.sku, name: i.name, qty_ordered: i.qty, price: i.price, row_total: i.row_total }));
    // Order item relations the invoice does not carry (from the same Adobe tutorial order).
    const typed = orderItems.map((i) => {
      if (i.item_id === 5) return { ...i, product_type: 'bundle' };
      if (i.item_id >= 6 && i.item_id <= 9) return { ...i, product_type: 'simple', parent_item_id: 5 };
      if (i.item_id === 10) return { ...i, product_type: 'configurable' };
      if (i.item_id === 11) return { ...i, product_type: 'simple', parent_item_id: 10 };
      return { ...i, product_type: 'simple' };
    });
    const order = parseMagento(magentoOrderSchema, { entity_id: 3, increment_id: '000000003', customer_email: 'jdoe@example.com', customer_id: 3, grand_total: 165, created_at: '2017-08-21 22:22:19', store_id: 1, items: typed }, 'order');
    const result = magentoInvoiceToInvoice(inv, order, testSettings({ postingMode: 'invoices' }));
    if (result.kind !== 'post') throw new Error('expected post');
    const descriptions = result.invoice.LineItems.map((l) => l.Description);
    expect(descriptions).not.toContain('Sprite Yoga Companion Kit');
    expect(descriptions.filter((d) => d.startsWith('Sprite Yoga Companion Kit: '))).toHaveLength(4);
    expect(xeroWouldCompute(result.invoice).total).toBe(16500);
    expect(result.roundingCents).toBe(0);
  });
});

describe('order status', () => {
  it('does not post held orders and asks for a cancel decision on canceled ones', () => {
    const order = { ...adobeOrder(), grand_total: 27, subtotal: 22 };
    expect(orderToInvoice({ ...order, state: 'holded' }, testSettings()).kind).toBe('skip');
    const canceled = orderToInvoice({ ...order, state: 'canceled' }, testSettings());
    expect(canceled).toMatchObject({ kind: 'cancel', invoiceNumber: '000000003' });
    const processing = orderToInvoice({ ...order, state: 'processing' }, testSettings({ newOrderStatus: 'SUBMITTED' }));
    expect(processing.kind === 'post' && processing.invoice.Status).toBe('AUTHORISED');
    const fresh = orderToInvoice(order, testSettings({ newOrderStatus: 'SUBMITTED' }));
    expect(fresh.kind === 'post' && fresh.invoice.Status).toBe('SUBMITTED');
    expect(orderToInvoice(order, testSettings({ postingMode: 'invoices' })).kind).toBe('skip');
  });

  it('names the store when it has no context', () => {
    try {
      orderToInvoice({ ...adobeOrder(), store_id: 9 }, testSettings());
      expect.unreachable();
    } catch (e) {
      expect(isMappingError(e) && e.code).toBe('missing_store_context');
    }
  });
});

describe('tax-inclusive or exclusive presentation', () => {
  it('infers it from the lines, lets the merchant decide, and stays exact either way', async () => {
    const { buildOrder } = await import('./testing/magento-model.js');
    const model = {
      incrementId: '7', storeId: 1, pricesIncludeTax: true, rate: 'vat' as const,
      items: [{ sku: 'A', name: 'A', qty: 3, unitCents: 1299, discountPercent: 10 }],
      shippingCents: 499, shippingDiscountPercent: 0, currency: 'USD', baseToOrderRate: 1, guest: false, state: 'processing', createdAt: '2024-01-01 12:00:00',
    };
    const inclusive = buildOrder(model);
    const exclusive = buildOrder({ ...model, pricesIncludeTax: false });
    const modeOf = (o: MagentoOrder, s = testSettings()) => {
      const r = orderToInvoice(o, s);
      if (r.kind !== 'post') throw new Error('expected post');
      expect(xeroWouldCompute(r.invoice).total).toBe(toMinor(o.grand_total));
      expect(xeroWouldCompute(r.invoice).totalTax).toBe(toMinor(o.tax_amount ?? 0));
      return r.invoice.LineAmountTypes;
    };
    expect(modeOf(inclusive)).toBe('Inclusive');
    expect(modeOf(exclusive)).toBe('Exclusive');
    // A line on special price matches neither catalogue price: it abstains.
    const special = { ...inclusive, items: inclusive.items.map((i) => ({ ...i, original_price: 99 })) };
    expect(modeOf(special)).toBe('Exclusive');
    expect(modeOf(special, testSettings({ pricesIncludeTax: 'yes' }))).toBe('Inclusive');
    expect(modeOf(inclusive, testSettings({ pricesIncludeTax: 'no' }))).toBe('Exclusive');
  });
});
