// Issue 16, as a property: for random orders whose stores report item rows gross (Magento's own arithmetic) or net of
// their discount (real orders 000000014 and 000000006, src/mapping/row-convention.ts), with or without a subtotal to say
// which, with configurable children missing parent_item_id, fixed product taxes and gift wrapping: the posted lines
// add up to Magento's grand total and tax, each line is what Magento charged for it, and no discount is taken twice
// (the net order posts exactly the lines of the same order reported gross). Partial invoices and credit memos too.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toMinor, toMinorOr0 } from '../domain/money.js';
import type { MagentoOrder } from '../domain/magento.js';
import { creditMemoToCreditNote } from './credit-note.js';
import { magentoInvoiceToInvoice, orderToInvoice } from './invoice.js';
import { testSettings } from './test-support.js';
import { billableIds, buildCreditMemo, buildInvoice, buildOrder, magentoLineFigures, RATES, type ModelItem, type ModelOrder, type RateName } from './testing/magento-model.js';
import { differencesFromMagento, xeroWouldCompute } from './testing/xero-oracle.js';

const itemArb: fc.Arbitrary<ModelItem> = fc.record({
  sku: fc.stringMatching(/^[A-Z]{2,6}-\d{1,3}$/),
  name: fc.constantFrom('Tee', 'Hoodie', 'Yoga Mat', 'Water Bottle'),
  qty: fc.integer({ min: 1, max: 12 }),
  unitCents: fc.oneof(fc.integer({ min: 1, max: 50_000 }), fc.constantFrom(99, 333, 1999, 6900)),
  discountPercent: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100 }), fc.constant(20)),
  kind: fc.constantFrom<NonNullable<ModelItem['kind']>>('simple', 'simple', 'configurable', 'bundle_dynamic', 'bundle_fixed'),
});

const orderArb: fc.Arbitrary<ModelOrder> = fc.record({
  incrementId: fc.stringMatching(/^\d{9}$/),
  storeId: fc.constant(1),
  pricesIncludeTax: fc.boolean(),
  rate: fc.constantFrom(...(Object.keys(RATES) as RateName[])),
  items: fc.array(itemArb, { minLength: 1, maxLength: 5 }),
  shippingCents: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5_000 })),
  shippingDiscountPercent: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100 })),
  currency: fc.constantFrom('USD', 'EUR'),
  baseToOrderRate: fc.constant(1),
  guest: fc.boolean(),
  state: fc.constantFrom('processing', 'complete'),
  createdAt: fc.constant('2024-06-30 23:30:00'),
  rowTotals: fc.constantFrom<'gross' | 'net'>('gross', 'net'),
  omitParentIds: fc.boolean(),
  fptUnitCents: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2_500 })),
  giftWrapCents: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1_500 })),
  printedCardCents: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 500 })),
});

/** Some stores leave the subtotal out: the grand total then decides. */
function maybeWithoutSubtotal(order: MagentoOrder, drop: boolean): MagentoOrder {
  if (drop) order.subtotal = null;
  return order;
}

describe('both row-total conventions (property): lines add up to the grand total and no discount is taken twice', () => {
  const settings = testSettings();
  const invoiceSettings = testSettings({ postingMode: 'invoices' });

  it('orders', () => {
    fc.assert(
      fc.property(orderArb, fc.boolean(), (model, dropSubtotal) => {
        const order = maybeWithoutSubtotal(buildOrder(model), dropSubtotal);
        const result = orderToInvoice(order, settings);
        if (result.kind !== 'post') throw new Error(`unexpected ${result.kind}`);
        const t = xeroWouldCompute(result.invoice);
        expect(t.total).toBe(toMinor(order.grand_total));
        if (result.invoice.LineAmountTypes !== 'NoTax') expect(t.totalTax).toBe(toMinorOr0(order.tax_amount));
        expect([result.roundingCents, result.taxAdjustedCents, result.otherChargesCents]).toEqual([0, 0, 0]);
        const magento = { lines: magentoLineFigures(order, result.invoice.LineAmountTypes), totalCents: toMinor(order.grand_total), taxCents: toMinorOr0(order.tax_amount) };
        expect(differencesFromMagento(result.invoice, magento)).toEqual([]);
        // One line per sale: the configurable's child, with or without parent_item_id, is never a line.
        const codes = result.invoice.LineItems.map((l) => l.ItemCode).filter(Boolean);
        expect(codes.filter((c) => c!.endsWith('-M-Blue'))).toHaveLength(model.items.filter((i) => i.kind === 'configurable').length);
        // No discount twice: the same order reported gross posts exactly the same lines.
        const gross = orderToInvoice(maybeWithoutSubtotal(buildOrder({ ...model, rowTotals: 'gross' }), dropSubtotal), settings);
        if (gross.kind !== 'post') throw new Error(`unexpected ${gross.kind}`);
        expect(result.invoice.LineItems).toEqual(gross.invoice.LineItems);
      }),
      { numRuns: 300 },
    );
  });

  it('partial Magento invoices and credit memos of such orders', () => {
    fc.assert(
      fc.property(orderArb, fc.integer({ min: 0, max: 1000 }), (model, seed) => {
        const order = buildOrder(model);
        const qty: Record<number, number> = {};
        for (const id of billableIds(order)) {
          const ordered = order.items.find((i) => i.item_id === id)?.qty_ordered ?? 1;
          qty[id] = 1 + ((seed + id) % ordered);
        }
        const inv = buildInvoice(order, qty, seed % 2 === 0, '400000001', '2024-07-01 10:00:00');
        const invoice = magentoInvoiceToInvoice(inv, order, invoiceSettings);
        if (invoice.kind !== 'post') throw new Error(`unexpected ${invoice.kind}`);
        expect(differencesFromMagento(invoice.invoice, { lines: magentoLineFigures(inv, invoice.invoice.LineAmountTypes), totalCents: toMinor(inv.grand_total), taxCents: toMinorOr0(inv.tax_amount) })).toEqual([]);
        const memo = buildCreditMemo(order, { qty, shippingCents: 0, adjustmentPositiveCents: 0, adjustmentNegativeCents: 0, online: true }, '5', '2024-07-02 10:00:00');
        const note = creditMemoToCreditNote(memo, order, settings);
        if (note.kind !== 'post') throw new Error(`unexpected ${note.kind}`);
        expect(differencesFromMagento(note.creditNote, { lines: magentoLineFigures(memo, note.creditNote.LineAmountTypes), totalCents: toMinor(memo.grand_total), taxCents: toMinorOr0(memo.tax_amount) })).toEqual([]);
        expect(note.creditNote.LineItems.every((l) => l.DiscountAmount === undefined)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
