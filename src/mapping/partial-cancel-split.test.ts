// splitCanceled and isPartlyCanceled on an order written out by hand; every figure is worked in the comments.
import { describe, expect, it } from 'vitest';
import type { MagentoOrder } from '../domain/magento.js';
import { isPartlyCanceled, splitCanceled } from './partial-cancel.js';

const itemA = { item_id: 1, sku: 'A', name: 'A', product_type: 'simple', qty_ordered: 2, qty_canceled: 1, price: 50, price_incl_tax: 60, row_total: 100, row_total_incl_tax: 120, tax_amount: 20, discount_amount: 10, discount_tax_compensation_amount: 2, row_invoiced: 60 };
const itemB = { item_id: 2, sku: 'B', name: 'B', product_type: 'simple', qty_ordered: 1, qty_canceled: 0, price: 30, row_total: 30, tax_amount: 6 };
const itemC = { item_id: 3, sku: 'C', name: 'C', product_type: 'simple', qty_ordered: 1, qty_canceled: 1, price: 40, row_total: 40, tax_amount: 8 };
const order = (more: object = {}): MagentoOrder =>
  ({
    increment_id: '1', entity_id: 1, state: 'processing', items: [itemA, itemB, itemC], tax_amount: 36, grand_total: 200, subtotal: 170, subtotal_canceled: 80,
    shipping_amount: 10, shipping_tax_amount: 2, shipping_incl_tax: 12, shipping_discount_tax_compensation_amount: 0.4, shipping_canceled: 2.5, ...more,
  }) as unknown as MagentoOrder;

describe('an order split into what was sold and what was canceled', () => {
  it('items: Magento\'s invoiced row where given, else pro rata; whole items to one side', () => {
    const { sold, canceled } = splitCanceled(order(), 200);
    expect(sold.sources.map((s) => s.quantity)).toEqual([1, 1, 0]);
    expect(canceled.sources.map((s) => s.quantity)).toEqual([1, 0, 1]);
    // A: row 100.00 of which 60.00 invoiced (row_invoiced); tax 20.00, discount 10.00, compensation 2.00 and the
    // tax-inclusive row 120.00 halved (one of two canceled).
    expect(sold.sources[0]?.amounts).toMatchObject({ row_total: 60, row_total_incl_tax: 60, tax_amount: 10, discount_amount: 5, discount_tax_compensation_amount: 1 });
    expect(canceled.sources[0]?.amounts).toMatchObject({ row_total: 40, row_total_incl_tax: 60, tax_amount: 10, discount_amount: 5, discount_tax_compensation_amount: 1 });
    expect([sold.sources[1]?.amounts.row_total, canceled.sources[1]?.amounts.row_total]).toEqual([30, 0]);
    expect([sold.sources[2]?.amounts.row_total, canceled.sources[2]?.amounts.tax_amount]).toEqual([0, 8]);
  });

  it('shipping: 2.50 of 10.00 canceled, a quarter of its tax, tax-inclusive amount, compensation and discount', () => {
    const { sold, canceled } = splitCanceled(order(), 200);
    expect(canceled.shipping).toEqual({ shipping_amount: 2.5, shipping_tax_amount: 0.5, shipping_incl_tax: 3, shipping_discount_tax_compensation_amount: 0.1 });
    expect(canceled.shippingDiscountCents).toBe(50);
    expect(sold.shipping).toEqual({ shipping_amount: 7.5, shipping_tax_amount: 1.5, shipping_incl_tax: 9, shipping_discount_tax_compensation_amount: 0.3 });
    expect(sold.shippingDiscountCents).toBe(150);
    // No shipping: nothing to split.
    const none = splitCanceled(order({ shipping_amount: 0, shipping_tax_amount: 0, shipping_incl_tax: 0, shipping_discount_tax_compensation_amount: 0, shipping_canceled: 0 }), 0);
    expect(none.canceled.shipping.shipping_amount).toBe(0);
  });

  it('header totals from the canceled parts when Magento gives none: tax 10.00 + 8.00 + 0.50 = 18.50; total 46.00 + 48.00 + 2.60 = 96.60', () => {
    // A canceled: 40.00 + 10.00 + 1.00 − 5.00 = 46.00; C: 40.00 + 8.00 = 48.00; shipping 2.50 + 0.50 + 0.10 − 0.50 = 2.60.
    const { sold, canceled } = splitCanceled(order(), 200);
    expect([canceled.headerTaxCents, canceled.grandTotalCents, canceled.subtotal]).toEqual([1850, 9660, 80]);
    // Sold: 36.00 − 18.50 = 17.50 tax; 200.00 − 96.60 = 103.40; subtotal 170.00 − 80.00 = 90.00.
    expect([sold.headerTaxCents, sold.grandTotalCents, sold.subtotal]).toEqual([1750, 10340, 90]);
  });

  it("Magento's own canceled figures win; one of them alone is taken with the other worked out", () => {
    const both = splitCanceled(order({ tax_canceled: 18, total_canceled: '95.00' }), 200);
    expect([both.canceled.headerTaxCents, both.canceled.grandTotalCents]).toEqual([1800, 9500]);
    const taxOnly = splitCanceled(order({ tax_canceled: 9.99 }), 200);
    expect([taxOnly.canceled.headerTaxCents, taxOnly.canceled.grandTotalCents]).toEqual([999, 9660]);
    const totalOnly = splitCanceled(order({ total_canceled: 90 }), 200);
    expect([totalOnly.canceled.headerTaxCents, totalOnly.canceled.grandTotalCents]).toEqual([1850, 9000]);
    // No subtotal_canceled: no subtotal on either part.
    const noSub = splitCanceled(order({ subtotal_canceled: undefined }), 200);
    expect(['subtotal' in noSub.sold, 'subtotal' in noSub.canceled]).toEqual([false, false]);
  });
});

describe('fixed product tax of an item canceled in part', () => {
  it('is split like its row: 3 of 4 sold, so 2.00 of FPT is 1.50 sold and 0.50 canceled (2.40 with tax: 1.80 and 0.60)', () => {
    const listed = JSON.stringify(JSON.stringify([{ title: 'Eco', row_amount: 2, row_amount_incl_tax: 2.4 }, 5]));
    const itemD = { item_id: 4, sku: 'D', name: 'D', product_type: 'simple', qty_ordered: 4, qty_canceled: 1, price: 10, row_total: 40, weee_tax_applied_row_amount: 2, weee_tax_applied: listed };
    const { sold, canceled } = splitCanceled(order({ items: [itemD, itemB] }), 0);
    expect(sold.sources[0]?.amounts).toMatchObject({ weee_tax_applied_row_amount: 1.5, weee_tax_applied: '[{"title":"Eco","row_amount":1.5,"row_amount_incl_tax":1.8},5]' });
    expect(canceled.sources[0]?.amounts).toMatchObject({ weee_tax_applied_row_amount: 0.5, weee_tax_applied: '[{"title":"Eco","row_amount":0.5,"row_amount_incl_tax":0.6},5]' });
    // An item without FPT carries no FPT fields at all.
    expect(['weee_tax_applied_row_amount' in (sold.sources[1]?.amounts ?? {}), 'weee_tax_applied' in (sold.sources[1]?.amounts ?? {})]).toEqual([false, false]);
    // Only the list, unreadable: nothing of it is carried.
    const onlyList = splitCanceled(order({ items: [{ ...itemD, weee_tax_applied_row_amount: undefined, weee_tax_applied: '{oops' }] }), 0);
    expect(onlyList.sold.sources[0]?.amounts).not.toHaveProperty('weee_tax_applied');
    expect(onlyList.sold.sources[0]?.amounts).not.toHaveProperty('weee_tax_applied_row_amount');
  });
});

describe('whether an order was canceled in part', () => {
  const with_ = (more: object, items: object[] = [itemA, itemB]) => ({ increment_id: '1', entity_id: 1, state: 'processing', grand_total: 200, items, ...more }) as unknown as MagentoOrder;
  it('something canceled (an amount or a quantity) and something sold', () => {
    expect(isPartlyCanceled(with_({}))).toBe(true); // A: one of two canceled
    expect(isPartlyCanceled(with_({ total_canceled: '10.00' }, [itemB]))).toBe(true);
    expect(isPartlyCanceled(with_({ total_canceled: ' ' }, [itemB]))).toBe(false);
    expect(isPartlyCanceled(with_({}, [itemB]))).toBe(false);
  });

  it('not when canceled whole (by state, status, every quantity, or the whole grand total)', () => {
    expect(isPartlyCanceled(with_({ state: 'canceled' }))).toBe(false);
    expect(isPartlyCanceled(with_({ state: undefined, status: 'canceled' }))).toBe(false);
    expect(isPartlyCanceled(with_({}, [itemC]))).toBe(false);
    expect(isPartlyCanceled(with_({ total_canceled: 200 }, [itemB]))).toBe(false);
    expect(isPartlyCanceled(with_({ total_canceled: 199.99 }, [itemB]))).toBe(true);
  });
});

describe('rules of the split, each on its own', () => {
  it("reads Magento's *_invoiced figures only for an item canceled in part", () => {
    // An item not canceled is sold whole, one canceled whole sells nothing, whatever its *_invoiced columns say
    // (Magento's registerCancellation leaves them at the row and at 0 for those; a stale figure must not move money).
    const whole = { item_id: 5, sku: 'E', name: 'E', product_type: 'simple', qty_ordered: 2, qty_canceled: 0, price: 25, price_incl_tax: 30, row_total: 50, tax_amount: 10, row_invoiced: 20, tax_invoiced: 4 };
    const gone = { item_id: 6, sku: 'F', name: 'F', product_type: 'simple', qty_ordered: 1, qty_canceled: 1, price: 40, row_total: 40, tax_amount: 8, row_invoiced: 40, tax_invoiced: 8 };
    const { sold, canceled } = splitCanceled(order({ items: [whole, gone] }), 0);
    expect(sold.sources[0]?.amounts).toMatchObject({ price: 25, price_incl_tax: 30, row_total: 50, tax_amount: 10 });
    expect(canceled.sources[0]?.amounts).toMatchObject({ price: 25, price_incl_tax: 30, row_total: 0, tax_amount: 0 });
    expect(sold.sources[1]?.amounts).toMatchObject({ row_total: 0, tax_amount: 0 });
    expect(canceled.sources[1]?.amounts).toMatchObject({ row_total: 40, tax_amount: 8 });
  });

  it('pro-rates by quantity without *_invoiced: 1 of 3 sold, 10.00 of 30.00, tax 0.80 of 2.40, discount 1.00 of 3.00', () => {
    const item = { item_id: 7, sku: 'G', name: 'G', product_type: 'simple', qty_ordered: 3, qty_canceled: 2, price: 10, row_total: 30, row_total_incl_tax: 32.4, tax_amount: 2.4, discount_amount: 3 };
    const { sold, canceled } = splitCanceled(order({ items: [item] }), 0);
    expect(sold.sources[0]).toMatchObject({ quantity: 1, amounts: { row_total: 10, row_total_incl_tax: 10.8, tax_amount: 0.8, discount_amount: 1, discount_tax_compensation_amount: 0 } });
    expect(canceled.sources[0]).toMatchObject({ quantity: 2, amounts: { row_total: 20, row_total_incl_tax: 21.6, tax_amount: 1.6, discount_amount: 2, discount_tax_compensation_amount: 0 } });
  });

  it('never cancels more shipping than the order charged', () => {
    // shipping_canceled 25.00 on 10.00 of shipping: all 10.00, and all its tax (2.00), are canceled.
    const { sold, canceled } = splitCanceled(order({ shipping_canceled: 25 }), 300);
    expect(canceled.shipping).toEqual({ shipping_amount: 10, shipping_tax_amount: 2, shipping_incl_tax: 12, shipping_discount_tax_compensation_amount: 0.4 });
    expect(canceled.shippingDiscountCents).toBe(300);
    expect(sold.shipping).toEqual({ shipping_amount: 0, shipping_tax_amount: 0, shipping_incl_tax: 0, shipping_discount_tax_compensation_amount: 0 });
    expect(sold.shippingDiscountCents).toBe(0);
  });

  it('reads no figure from text that is not a number', () => {
    // tax_canceled "n/a" is no figure: the canceled tax is worked out from the parts (18.50, as above).
    const split = splitCanceled(order({ tax_canceled: 'n/a', total_canceled: 'Infinity' }), 200);
    expect([split.canceled.headerTaxCents, split.canceled.grandTotalCents]).toEqual([1850, 9660]);
    const blank = splitCanceled(order({ tax_canceled: ' ', total_canceled: ' ' }), 200);
    expect([blank.canceled.headerTaxCents, blank.canceled.grandTotalCents]).toEqual([1850, 9660]);
  });
});

describe('whether a free order was canceled in part', () => {
  it('is read from the quantities when Magento gives no canceled total', () => {
    // Grand total 0.00 (free items), one of two canceled, no total_canceled: canceled in part, not whole.
    const free = { item_id: 8, sku: 'H', name: 'H', product_type: 'simple', qty_ordered: 2, qty_canceled: 1, price: 0, row_total: 0 };
    expect(isPartlyCanceled({ increment_id: '2', entity_id: 2, state: 'processing', grand_total: 0, items: [free] } as unknown as MagentoOrder)).toBe(true);
    expect(isPartlyCanceled({ increment_id: '2', entity_id: 2, state: 'processing', grand_total: 0, items: [{ ...free, qty_canceled: '1' }] } as unknown as MagentoOrder)).toBe(true);
    expect(isPartlyCanceled({ increment_id: '2', entity_id: 2, state: 'processing', grand_total: 0, items: [{ ...free, qty_canceled: 'one' }] } as unknown as MagentoOrder)).toBe(false);
  });
});

describe('fixed product tax: edges', () => {
  it('keeps an applied FPT without a tax-inclusive amount without one, and an item without a quantity sold whole', () => {
    // 3 of 4 sold: 2.00 → 1.50 and 0.50; no row_amount_incl_tax on the entry, none added.
    const listed = JSON.stringify([{ title: 'Eco', row_amount: 2 }]);
    const itemD = { item_id: 4, sku: 'D', name: 'D', product_type: 'simple', qty_ordered: 4, qty_canceled: 1, price: 10, row_total: 40, weee_tax_applied: listed };
    const { sold, canceled } = splitCanceled(order({ items: [itemD, itemB] }), 0);
    expect(sold.sources[0]?.amounts).toMatchObject({ weee_tax_applied: '[{"title":"Eco","row_amount":1.5}]' });
    expect(canceled.sources[0]?.amounts).toMatchObject({ weee_tax_applied: '[{"title":"Eco","row_amount":0.5}]' });
    // No qty_ordered: nothing of it can be canceled, its FPT (1.20) stays on the sold side.
    const noQty = { item_id: 9, sku: 'K', name: 'K', product_type: 'simple', price: 10, row_total: 10, weee_tax_applied_row_amount: 1.2 };
    const split = splitCanceled(order({ items: [itemA, noQty] }), 0);
    expect([split.sold.sources[1]?.amounts.weee_tax_applied_row_amount, split.canceled.sources[1]?.amounts.weee_tax_applied_row_amount]).toEqual([1.2, 0]);
  });

  it('gives no part a subtotal when the order states none', () => {
    const split = splitCanceled(order({ subtotal: undefined }), 200);
    expect(['subtotal' in split.sold, 'subtotal' in split.canceled]).toEqual([false, false]);
  });
});
