// credit-note.ts rule by rule, on Adobe's documented credit memo (fixtures/creditmemo-get.adobe-kb.json: one item of
// 100.00 and 5.00 shipping refunded, 105.00, no tax) changed by hand; each figure is worked in the test. Where the
// Adobe Commerce amounts go back (gift cards to the card or, for a registered customer, to store credit) is commerce.ts's
// rule with its source there (Magento_GiftCardAccount's refund observer).
import { describe, expect, it } from 'vitest';
import type { MagentoCreditMemo } from '../domain/magento.js';
import { creditMemoToCreditNote } from './credit-note.js';
import type { MappingSettingsInput } from './settings.js';
import { adobeCreditMemo, adobeCreditMemoOrder, testSettings, thrownMappingError } from './test-support.js';

const memo = (more: Partial<MagentoCreditMemo> & Record<string, unknown> = {}): MagentoCreditMemo => ({ ...adobeCreditMemo(), ...more });
const post = (m: MagentoCreditMemo, settings = testSettings(), order = adobeCreditMemoOrder()) => {
  const result = creditMemoToCreditNote(m, order, settings);
  if (result.kind !== 'post') throw new Error(`expected post, got ${JSON.stringify(result)}`);
  return result;
};
const ITEM = { Description: 'simple_1', Quantity: 1, UnitAmount: 100, AccountCode: '200', TaxType: 'NONE', ItemCode: 'simple_1' };
const SHIPPING = { Description: 'Shipping: Flat Rate - Fixed', Quantity: 1, UnitAmount: 5, AccountCode: '200', TaxType: 'NONE' };
const liabilities: Partial<MappingSettingsInput> = { accounts: { giftCardLiability: '2150', storeCreditLiability: '2160' } };

describe('a credit note and what it reports', () => {
  it('reports its totals and the refund it plans, dated like the note', () => {
    const result = post(memo(), testSettings({ paymentMethods: { checkmo: '091' } }));
    expect(result).toMatchObject({
      itemSkus: ['simple_1'], taxRates: [], totalCents: 10500, taxCents: 0, roundingCents: 0, taxAdjustedCents: 0, otherChargesCents: 0, notes: [],
    });
    // The order was paid by check into account 091: the refund leaves from there.
    expect(result.settlement).toStrictEqual({ creditTotalCents: 10500, moneyWentBack: false, date: '2021-04-05', refundAccountCode: '091', reference: 'Refund 000000001' });
  });

  it("goes in the order's store when the memo names none, and names the memo in its errors", () => {
    expect(post(memo({ store_id: undefined })).creditNote.Reference).toBe('Credit memo 000000001 for order 000000001 (default)');
    const unknownStore = thrownMappingError(() => creditMemoToCreditNote(memo({ store_id: 9 }), adobeCreditMemoOrder(), testSettings()));
    expect(unknownStore.code).toBe('missing_store_context');
    expect(unknownStore.record).toStrictEqual({ entity: 'credit memo', id: '000000001', storeId: 9 });
    const viaOrder = thrownMappingError(() => creditMemoToCreditNote(memo({ store_id: undefined }), adobeCreditMemoOrder({ store_id: 9 }), testSettings()));
    expect(viaOrder.record).toStrictEqual({ entity: 'credit memo', id: '000000001', storeId: 9 });
  });

  it("is skipped when the order's store posts daily summaries, saying so", () => {
    const s = testSettings();
    s.stores['1'] = { ...s.stores['1']!, postingPeriods: [{ from: '2021-01-01', mode: 'summary' }] };
    expect(creditMemoToCreditNote(memo(), adobeCreditMemoOrder(), s)).toEqual({
      kind: 'skip',
      reason: "Credit memo 000000001 of order 000000001 goes into its store's daily summary, not a Xero document of its own.",
    });
  });
});

describe('gift cards and store credit given back', () => {
  it("go back to their liability accounts, store credit first; the credit note still credits the whole sale", () => {
    // 105.00 refunded: 5.00 back to store credit and 10.00 to the (guest's) gift card, so Magento's grand total is 90.00.
    const result = post(memo({ grand_total: 90, customer_balance_amount: 5, gift_cards_amount: 10 }), testSettings(liabilities));
    expect(result.creditNote.LineItems).toEqual([ITEM, SHIPPING]);
    expect(result.totalCents).toBe(10500);
    expect(result.settlement.liabilityRefunds).toEqual([
      { kind: 'store_credit', cents: 500, accountCode: '2160', reference: 'Store credit 000000001' },
      { kind: 'gift_card', cents: 1000, accountCode: '2150', reference: 'Gift card 000000001' },
    ]);
  });

  it("return a registered customer's gift card amount to store credit", () => {
    const registered = adobeCreditMemoOrder({ customer_is_guest: 0, customer_id: 5 });
    const result = post(memo({ grand_total: 95, gift_cards_amount: 10 }), testSettings(liabilities), registered);
    expect(result.settlement.liabilityRefunds).toEqual([{ kind: 'store_credit', cents: 1000, accountCode: '2160', reference: 'Gift card 000000001' }]);
  });

  it('need their liability account, named in the error', () => {
    const storeCredit = thrownMappingError(() => creditMemoToCreditNote(memo({ grand_total: 100, customer_balance_amount: 5 }), adobeCreditMemoOrder(), testSettings()));
    expect(storeCredit.message).toMatch(/^Magento credit memo 000000001 \(store 1\): returns to store credit, and no store credit liability account is set\./);
    const giftCard = thrownMappingError(() => creditMemoToCreditNote(memo({ store_id: undefined, grand_total: 95, gift_cards_amount: 10 }), adobeCreditMemoOrder(), testSettings()));
    expect(giftCard.message).toMatch(/^Magento credit memo 000000001: returns a gift card amount to gift card, and no gift card liability account is set\./);
    expect(giftCard.record).toStrictEqual({ entity: 'credit memo', id: '000000001' });
  });
});

describe('reward points on a credit memo', () => {
  it('are a negative untaxed line on sales, as on the order', () => {
    // 105.00 − 3.00 of points = 102.00.
    const result = post(memo({ grand_total: 102, reward_currency_amount: 3 }));
    expect(result.creditNote.LineItems).toEqual([ITEM, SHIPPING, { Description: 'Reward points redeemed', Quantity: 1, UnitAmount: -3, AccountCode: '200', TaxType: 'NONE' }]);
    expect(result.totalCents).toBe(10200);
  });
});

describe('the untaxed type of adjustment lines', () => {
  // A Canadian store (GST 5 %, mapped to GST5): Xero has no fixed zero-rated type in Canada (help.xero.com/int/SalesTax-Canada,
  // see tax-regions.ts), so an untaxed line there needs a look-up first (unresolved_tax_type).
  const canada = () => {
    const s = testSettings();
    s.stores['2'] = { code: 'ca', timezone: 'America/Toronto', baseCurrency: 'CAD', xeroBaseCurrency: 'CAD', invoicePrefix: '', creditNotePrefix: '', tax: { region: 'CA', country: 'CA' } };
    return s;
  };
  const taxedOrder = () =>
    adobeCreditMemoOrder({
      store_id: 2, grand_total: 105, subtotal: 100, shipping_amount: 0, tax_amount: 5, shipping_description: undefined,
      items: [{ item_id: 1, sku: 'simple_1', name: 'simple_1', product_type: 'simple', qty_ordered: 1, price: 100, row_total: 100, tax_amount: 5, tax_percent: 5 }],
      extension_attributes: { item_applied_taxes: [{ type: 'product', item_id: 1, applied_taxes: [{ code: 'GST', percent: 5 }] }] },
    });
  // The memo refunds the item with its 5.00 of GST and no shipping: 105.00.
  const taxedMemo = (more: Record<string, unknown> = {}) =>
    memo({
      store_id: 2, order_currency_code: 'CAD', shipping_amount: 0, shipping_incl_tax: 0, tax_amount: 5, grand_total: 105,
      items: [{ order_item_id: 1, sku: 'simple_1', name: 'simple_1', qty: 1, price: 100, row_total: 100, tax_amount: 5 }],
      ...more,
    });

  it('is looked for only when the memo has an adjustment', () => {
    const result = post(taxedMemo(), canada(), taxedOrder());
    expect(result.creditNote.LineItems).toEqual([{ Description: 'simple_1', Quantity: 1, UnitAmount: 100, AccountCode: '200', TaxType: 'GST5', TaxAmount: 5, ItemCode: 'simple_1' }]);
    expect(result.taxCents).toBe(500);
    const adjusted = thrownMappingError(() => creditMemoToCreditNote(taxedMemo({ adjustment_positive: 2, grand_total: 107 }), taxedOrder(), canada()));
    expect(adjusted.code).toBe('unresolved_tax_type');
  });
});

describe('more rules of the credit note', () => {
  it('refunds from the bank account when the order says no payment method', () => {
    expect(post(memo(), testSettings(), adobeCreditMemoOrder({ payment: undefined })).settlement.refundAccountCode).toBe('090');
  });

  it("asks Xero for no item of a fixed bundle's parts", () => {
    // A fixed bundle refunded at 100.00: its parts carry no amounts and are not sold alone.
    const kit = adobeCreditMemoOrder({
      items: [
        { item_id: 1, sku: 'KIT-1', name: 'Kit', product_type: 'bundle', qty_ordered: 1, price: 100, row_total: 100 },
        { item_id: 2, sku: 'PART-A', name: 'Part A', product_type: 'simple', parent_item_id: 1, qty_ordered: 1, price: 0, row_total: 0 },
      ],
    });
    const m = memo({ items: [{ order_item_id: 1, sku: 'KIT-1', name: 'Kit', qty: 1, price: 100, row_total: 100 }, { order_item_id: 2, sku: 'PART-A', name: 'Part A', qty: 1, price: 0, row_total: 0 }] });
    const result = post(m, testSettings(), kit);
    expect(result.itemSkus).toEqual([]);
    expect(result.totalCents).toBe(10500);
  });
});
