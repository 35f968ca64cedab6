// Cases worked out by hand (the arithmetic is in the comments), so the expected lines and totals come from neither the
// connector nor any other code: if the mapping, the Magento model or the Xero emulator's arithmetic drifted, one of these
// would say so. Rounding is half away from zero throughout, as Magento and Xero round amounts.
import { describe, expect, it } from 'vitest';
import { magentoOrderSchema, parseMagento } from '../domain/magento.js';
import { orderToInvoice } from './invoice.js';
import { testSettings } from './test-support.js';
import { buildOrder, type ModelOrder } from './testing/magento-model.js';
import { xeroWouldCompute } from './testing/xero-oracle.js';

const base: ModelOrder = {
  incrementId: '100000001', storeId: 1, pricesIncludeTax: false, rate: 'ny',
  items: [{ sku: 'TEE', name: 'Tee', qty: 2, unitCents: 1999, discountPercent: 0 }],
  shippingCents: 500, shippingDiscountPercent: 0, currency: 'USD', baseToOrderRate: 1, guest: false, state: 'processing', createdAt: '2024-05-01 12:00:00',
};

function posted(order: ReturnType<typeof buildOrder>) {
  const result = orderToInvoice(order, testSettings());
  if (result.kind !== 'post') throw new Error(`expected post, got ${result.kind}`);
  return { result, xero: xeroWouldCompute(result.invoice) };
}

describe('orders worked by hand', () => {
  it('New York, 8.875 % on 2 × 19.99 and 5.00 shipping', () => {
    // Tees: 2 × 19.99 = 39.98; tax 39.98 × 8.875 % = 3.548225 → 3.55.
    // Shipping: 5.00; tax 5.00 × 8.875 % = 0.44375 → 0.44.
    // Tax 3.55 + 0.44 = 3.99; total 39.98 + 5.00 + 3.99 = 48.97.
    const order = buildOrder(base);
    expect([order.tax_amount, order.shipping_tax_amount, order.grand_total]).toEqual([3.99, 0.44, 48.97]);
    const { result, xero } = posted(order);
    expect(result.invoice.LineAmountTypes).toBe('Exclusive');
    expect(result.invoice.LineItems.map((l) => [l.Description, l.Quantity, l.UnitAmount, l.DiscountAmount, l.TaxAmount])).toEqual([
      ['Tee', 2, 19.99, undefined, 3.55],
      ['Shipping: Flat Rate - Fixed', 1, 5, undefined, 0.44],
    ]);
    expect(xero.lines.map((l) => [l.lineCents, l.taxCents])).toEqual([[3998, 355], [500, 44]]);
    expect([xero.subTotal, xero.totalTax, xero.total]).toEqual([4498, 399, 4897]);
    expect([result.roundingCents, result.taxAdjustedCents]).toEqual([0, 0]);
  });

  it('VAT 20 % included in the prices, 10 % off 3 × 12.99, 4.99 shipping', () => {
    // Row 3 × 12.99 = 38.97 incl. VAT; 10 % off = 3.897 → 3.90; paid 35.07.
    // VAT in what was paid: 35.07 × 20/120 = 5.845 → 5.85 (a half: away from zero).
    // Shipping 4.99 incl. VAT: 4.99 × 20/120 = 0.831666… → 0.83.
    // Total 35.07 + 4.99 = 40.06, VAT 5.85 + 0.83 = 6.68, net 33.38.
    const order = buildOrder({ ...base, pricesIncludeTax: true, rate: 'vat', items: [{ sku: 'MUG', name: 'Mug', qty: 3, unitCents: 1299, discountPercent: 10 }], shippingCents: 499 });
    expect([order.tax_amount, order.grand_total, order.discount_amount]).toEqual([6.68, 40.06, -3.9]);
    const { result, xero } = posted(order);
    expect(result.invoice.LineAmountTypes).toBe('Inclusive');
    expect(result.invoice.LineItems.map((l) => [l.Quantity, l.UnitAmount, l.DiscountAmount, l.TaxAmount])).toEqual([
      [3, 12.99, 3.9, 5.85],
      [1, 4.99, undefined, 0.83],
    ]);
    expect(xero.lines.map((l) => [l.lineCents, l.taxCents])).toEqual([[3507, 585], [499, 83]]);
    expect([xero.subTotal, xero.totalTax, xero.total]).toEqual([3338, 668, 4006]);
    expect([result.roundingCents, result.taxAdjustedCents]).toEqual([0, 0]);
  });

  it('GST 5 % on a 0.10 item: the half cent of tax goes up', () => {
    // 0.10 × 5 % = 0.005 → 0.01. Total 0.11.
    const order = buildOrder({ ...base, rate: 'gst', items: [{ sku: 'PIN', name: 'Pin', qty: 1, unitCents: 10, discountPercent: 0 }], shippingCents: 0 });
    expect([order.tax_amount, order.grand_total]).toEqual([0.01, 0.11]);
    const { result, xero } = posted(order);
    expect(xero.lines.map((l) => [l.lineCents, l.taxCents])).toEqual([[10, 1]]);
    expect(xero.total).toBe(11);
    expect([result.roundingCents, result.taxAdjustedCents]).toEqual([0, 0]);
  });

  it('1.5 kg at 3.33: the row 4.995 is 5.00, and Xero gets the same quantity and price', () => {
    // Magento rounds the row 1.5 × 3.33 = 4.995 to 5.00; Xero rounds Quantity × UnitAmount the same way, so the line goes
    // in as 1.5 × 3.33 (no made-up unit price, no discount) and comes to 5.00.
    const order = parseMagento(
      magentoOrderSchema,
      {
        entity_id: 9, increment_id: '100000009', state: 'processing', customer_email: 'a@example.com', customer_id: 42, store_id: 1,
        created_at: '2024-05-01 12:00:00', order_currency_code: 'USD', grand_total: 5, subtotal: 5, tax_amount: 0,
        items: [{ item_id: 1, sku: 'FLOUR', name: 'Flour', product_type: 'simple', qty_ordered: 1.5, price: 3.33, original_price: 3.33, row_total: 5 }],
      },
      'order',
    );
    const { result, xero } = posted(order);
    expect(result.invoice.LineItems.map((l) => [l.Quantity, l.UnitAmount, l.DiscountAmount])).toEqual([[1.5, 3.33, undefined]]);
    expect(xero.total).toBe(500);
  });

  it('a Magento tax total one cent above its lines is corrected on the largest taxed line, and says so', () => {
    // Lines as in the first case (3.55 + 0.44 = 3.99), but the header says 4.00 tax and 48.98 total.
    const order = { ...buildOrder(base), tax_amount: 4, grand_total: 48.98 };
    const { result, xero } = posted(order);
    expect(result.taxAdjustedCents).toBe(1);
    expect(xero.lines.map((l) => l.taxCents)).toEqual([356, 44]);
    expect(xero.total).toBe(4898);
  });
});
