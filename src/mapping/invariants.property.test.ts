// Invariant 1 as a property: for random but valid Magento orders, partial invoices and credit memos (totals computed
// the way Magento computes them), Xero's arithmetic on the mapped payload gives Magento's total and tax to the cent,
// and every line Magento's line amount and tax. The oracles are the Magento model and the Xero emulator's arithmetic,
// neither of which shares code with the mapping; nothing may be moved between lines (taxAdjustedCents 0).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toMinor, toMinorOr0 } from '../domain/money.js';
import { creditMemoToCreditNote } from './credit-note.js';
import { magentoInvoiceToInvoice, orderToInvoice } from './invoice.js';
import { testSettings } from './test-support.js';
import { billableIds, buildCreditMemo, buildInvoice, buildOrder, magentoLineFigures, RATES, type ModelItem, type ModelOrder, type RateName } from './testing/magento-model.js';
import { differencesFromMagento, xeroWouldCompute } from './testing/xero-oracle.js';

const itemArb: fc.Arbitrary<ModelItem> = fc.record({
  sku: fc.stringMatching(/^[A-Z]{2,6}-\d{1,3}$/),
  name: fc.constantFrom('Tee', 'Hoodie', 'Yoga Mat', 'Water Bottle', 'Gift Box'),
  qty: fc.integer({ min: 1, max: 40 }),
  unitCents: fc.oneof(fc.integer({ min: 0, max: 50_000 }), fc.constantFrom(1, 99, 333, 1999, 9999)),
  discountPercent: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100 })),
  kind: fc.constantFrom<NonNullable<ModelItem['kind']>>('simple', 'simple', 'configurable', 'bundle_dynamic', 'bundle_fixed'),
});

const orderArb: fc.Arbitrary<ModelOrder> = fc.record({
  incrementId: fc.stringMatching(/^\d{9}$/),
  storeId: fc.constant(1),
  pricesIncludeTax: fc.boolean(),
  rate: fc.constantFrom(...(Object.keys(RATES) as RateName[])),
  items: fc.array(itemArb, { minLength: 1, maxLength: 6 }),
  shippingCents: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5_000 })),
  shippingDiscountPercent: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100 })),
  currency: fc.constantFrom('USD', 'EUR', 'CAD'),
  baseToOrderRate: fc.constantFrom(1, 0.9213, 1.3571),
  guest: fc.boolean(),
  state: fc.constantFrom('new', 'processing', 'complete'),
  createdAt: fc.constantFrom('2024-01-01 04:59:59', '2024-06-30 23:30:00', '2025-03-10 07:00:00'),
});

describe('invariant 1 (property): Xero totals equal Magento totals to the cent', () => {
  const settings = testSettings();
  const invoiceSettings = testSettings({ postingMode: 'invoices' });

  it('orders', () => {
    fc.assert(
      fc.property(orderArb, (model) => {
        const order = buildOrder(model);
        const result = orderToInvoice(order, settings);
        if (result.kind !== 'post') throw new Error(`unexpected ${result.kind}`);
        const t = xeroWouldCompute(result.invoice);
        expect(t.total).toBe(toMinor(order.grand_total));
        if (result.invoice.LineAmountTypes !== 'NoTax') expect(t.totalTax).toBe(toMinorOr0(order.tax_amount));
        else expect(toMinorOr0(order.tax_amount)).toBe(0);
        expect(result.roundingCents).toBe(0);
        expect(result.taxAdjustedCents).toBe(0);
        const magento = { lines: magentoLineFigures(order, result.invoice.LineAmountTypes), totalCents: toMinor(order.grand_total), taxCents: toMinorOr0(order.tax_amount) };
        expect(differencesFromMagento(result.invoice, magento)).toEqual([]);
        for (const line of result.invoice.LineItems) {
          expect(line.Description.length).toBeGreaterThan(0);
          if (line.DiscountAmount !== undefined) expect(line.DiscountAmount).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('orders with a Magento rounding difference get a rounding line within tolerance', () => {
    fc.assert(
      fc.property(orderArb, fc.constantFrom(-1, 1), (model, drift) => {
        const order = buildOrder(model);
        order.grand_total = (toMinor(order.grand_total) + drift) / 100;
        const result = orderToInvoice(order, settings);
        if (result.kind !== 'post') throw new Error(`unexpected ${result.kind}`);
        expect(result.roundingCents).toBe(drift);
        expect(result.taxAdjustedCents).toBe(0);
        expect(result.invoice.LineItems.filter((l) => l.Description === 'Rounding').map((l) => l.UnitAmount)).toEqual([drift / 100]);
        expect(xeroWouldCompute(result.invoice).total).toBe(toMinor(order.grand_total));
      }),
      { numRuns: 150 },
    );
  });

  it('partial Magento invoices (posting mode "invoices")', () => {
    fc.assert(
      fc.property(orderArb, fc.integer({ min: 0, max: 1000 }), fc.boolean(), (model, seed, withShipping) => {
        const order = buildOrder(model);
        const qty: Record<number, number> = {};
        for (const id of billableIds(order)) {
          const ordered = order.items.find((i) => i.item_id === id)?.qty_ordered ?? 1;
          qty[id] = 1 + ((seed + id) % ordered);
        }
        const inv = buildInvoice(order, qty, withShipping, '400000001', '2024-07-01 10:00:00');
        const result = magentoInvoiceToInvoice(inv, order, invoiceSettings);
        if (result.kind !== 'post') throw new Error(`unexpected ${result.kind}`);
        const t = xeroWouldCompute(result.invoice);
        expect(t.total).toBe(toMinor(inv.grand_total));
        if (result.invoice.LineAmountTypes !== 'NoTax') expect(t.totalTax).toBe(toMinorOr0(inv.tax_amount));
        expect([result.roundingCents, result.taxAdjustedCents]).toEqual([0, 0]);
        const magento = { lines: magentoLineFigures(inv, result.invoice.LineAmountTypes), totalCents: toMinor(inv.grand_total), taxCents: toMinorOr0(inv.tax_amount) };
        expect(differencesFromMagento(result.invoice, magento)).toEqual([]);
      }),
      { numRuns: 250 },
    );
  });

  it('credit memos (no discounts on credit notes)', () => {
    fc.assert(
      fc.property(
        orderArb,
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.boolean(),
        (model, seed, adjPositive, adjNegativeWanted, shipShare, online) => {
          const order = buildOrder(model);
          const qty: Record<number, number> = {};
          for (const id of billableIds(order)) {
            const ordered = order.items.find((i) => i.item_id === id)?.qty_ordered ?? 1;
            qty[id] = (seed + id) % (ordered + 1);
          }
          const shippingCents = Math.round((toMinorOr0(order.shipping_amount) * shipShare) / 100);
          const probe = buildCreditMemo(order, { qty, shippingCents, adjustmentPositiveCents: adjPositive, adjustmentNegativeCents: 0, online }, '5', '2024-07-02 10:00:00');
          // Magento refuses a credit memo whose total would be negative.
          const adjustmentNegativeCents = Math.min(adjNegativeWanted, toMinor(probe.grand_total));
          const memo = buildCreditMemo(order, { qty, shippingCents, adjustmentPositiveCents: adjPositive, adjustmentNegativeCents, online }, '5', '2024-07-02 10:00:00');
          const result = creditMemoToCreditNote(memo, order, settings);
          if (result.kind !== 'post') throw new Error(`unexpected ${result.kind}`);
          const t = xeroWouldCompute(result.creditNote);
          expect(t.total).toBe(toMinor(memo.grand_total));
          if (result.creditNote.LineAmountTypes !== 'NoTax') expect(t.totalTax).toBe(toMinorOr0(memo.tax_amount));
          expect(result.creditNote.LineItems.every((l) => l.DiscountAmount === undefined)).toBe(true);
          expect([result.roundingCents, result.taxAdjustedCents]).toEqual([0, 0]);
          const magento = { lines: magentoLineFigures(memo, result.creditNote.LineAmountTypes), totalCents: toMinor(memo.grand_total), taxCents: toMinorOr0(memo.tax_amount) };
          expect(differencesFromMagento(result.creditNote, magento)).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
