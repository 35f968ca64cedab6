// Table-driven cases built with a model of Magento's own arithmetic: each is mapped, then Xero's arithmetic is run on
// the payload, and the totals must equal Magento's to the cent.
import { describe, expect, it } from 'vitest';
import { toMinor, toMinorOr0 } from '../domain/money.js';
import type { XeroLineItem } from '../domain/xero.js';
import { creditMemoToCreditNote } from './credit-note.js';
import { magentoInvoiceToInvoice, orderToInvoice } from './invoice.js';
import { ROUNDING_DESCRIPTION } from './rounding.js';
import { testSettings } from './test-support.js';
import { billableIds, buildCreditMemo, buildInvoice, buildOrder, magentoLineFigures, type ModelItem, type ModelOrder } from './testing/magento-model.js';
import { differencesFromMagento, xeroWouldCompute } from './testing/xero-oracle.js';

const base: ModelOrder = {
  incrementId: '100000001',
  storeId: 1,
  pricesIncludeTax: false,
  rate: 'ny',
  items: [{ sku: 'TEE', name: 'Tee', qty: 2, unitCents: 1999, discountPercent: 0 }],
  shippingCents: 500,
  shippingDiscountPercent: 0,
  currency: 'USD',
  baseToOrderRate: 1,
  guest: false,
  state: 'processing',
  createdAt: '2024-05-01 12:00:00',
};

const item = (over: Partial<ModelItem>): ModelItem => ({ sku: 'SKU', name: 'Thing', qty: 1, unitCents: 1000, discountPercent: 0, ...over });

interface Case {
  name: string;
  order: Partial<ModelOrder>;
  expect?: (lines: XeroLineItem[], mode: string) => void;
}

const cases: Case[] = [
  { name: 'simple exclusive order with 8.875 % tax', order: {} },
  { name: 'tax-inclusive store (VAT 20 %)', order: { pricesIncludeTax: true, rate: 'vat' }, expect: (_, mode) => expect(mode).toBe('Inclusive') },
  { name: 'tax-exclusive store reports Exclusive', order: { rate: 'ca' }, expect: (_, mode) => expect(mode).toBe('Exclusive') },
  { name: 'untaxed order is NoTax', order: { rate: 'none' }, expect: (l, mode) => { expect(mode).toBe('NoTax'); expect(l.every((x) => x.TaxAmount === undefined)).toBe(true); } },
  { name: '3-decimal rate on odd cents', order: { items: [item({ qty: 3, unitCents: 333 }), item({ sku: 'B', qty: 7, unitCents: 1 })] } },
  { name: '100 % discount on an item', order: { items: [item({ discountPercent: 100 }), item({ sku: 'B', unitCents: 2500 })] }, expect: (l) => expect(l[0]?.DiscountAmount).toBe(10) },
  { name: '100 % discount on everything, free shipping', order: { items: [item({ discountPercent: 100 })], shippingCents: 0 } },
  { name: 'free shipping: no shipping line', order: { shippingCents: 0 }, expect: (l) => expect(l.some((x) => x.Description.startsWith('Shipping'))).toBe(false) },
  { name: 'discounted shipping', order: { shippingDiscountPercent: 50 }, expect: (l) => expect(l.find((x) => x.Description.startsWith('Shipping'))?.DiscountAmount).toBe(2.5) },
  { name: 'discounted shipping, tax inclusive', order: { shippingDiscountPercent: 30, pricesIncludeTax: true, rate: 'vat' } },
  { name: 'multi-currency EUR with Magento rate', order: { currency: 'EUR', baseToOrderRate: 0.9213 } },
  { name: 'zero-total order', order: { items: [item({ unitCents: 0 })], shippingCents: 0, rate: 'none' } },
  { name: 'guest order', order: { guest: true } },
  { name: 'bundle with fixed price bills the parent', order: { items: [item({ kind: 'bundle_fixed', unitCents: 4999 })] }, expect: (l) => expect(l[0]?.ItemCode).toBeUndefined() },
  { name: 'bundle with dynamic price bills the children', order: { items: [item({ kind: 'bundle_dynamic', unitCents: 1234, qty: 2 })] }, expect: (l) => expect(l[0]?.Description).toBe('Thing kit: Thing') },
  { name: 'configurable bills the parent with its options', order: { items: [item({ kind: 'configurable', name: 'Hoodie', qty: 2 })] }, expect: (l) => expect(l[0]?.Description).toBe('Hoodie (M, Blue)') },
  { name: 'combined GST + PST', order: { rate: 'gstpst', items: [item({ qty: 3, unitCents: 1995, discountPercent: 15 })] }, expect: (l) => expect(l[0]?.TaxType).toBe('GSTPST') },
  { name: 'GST inclusive with 15 % discount', order: { rate: 'gst', pricesIncludeTax: true, items: [item({ qty: 4, unitCents: 1099, discountPercent: 15 })] } },
  { name: 'many lines with mixed discounts', order: { items: [1, 2, 3, 4, 5, 6].map((i) => item({ sku: `S${i}`, qty: i, unitCents: 111 * i + 7, discountPercent: i * 7 })) } },
  { name: 'large quantity, inclusive', order: { pricesIncludeTax: true, rate: 'ny', items: [item({ qty: 250, unitCents: 333 })] } },
  { name: 'gift card covers part (Adobe Commerce)', order: { giftCardCents: 1500 } },
  { name: 'held order is not posted', order: { state: 'holded' } },
  { name: 'new order is a draft', order: { state: 'new' } },
];

function mapOrder(over: Partial<ModelOrder>) {
  const order = buildOrder({ ...base, ...over });
  const settings = testSettings({ accounts: { giftCardLiability: '2150' } });
  return { order, result: orderToInvoice(order, settings), settings };
}

describe('orders → invoices, to the cent', () => {
  it.each(cases)('$name', ({ order: over, expect: extra }) => {
    const { order, result } = mapOrder(over);
    if (over.state === 'holded') {
      expect(result.kind).toBe('skip');
      return;
    }
    if (result.kind !== 'post') throw new Error(`expected post, got ${result.kind}`);
    const totals = xeroWouldCompute(result.invoice);
    const prepaid = toMinorOr0(order.gift_cards_amount);
    expect(totals.total).toBe(toMinor(order.grand_total) + prepaid);
    if (result.invoice.LineAmountTypes !== 'NoTax') expect(totals.totalTax).toBe(toMinorOr0(order.tax_amount));
    expect(result.roundingCents).toBe(0);
    // Magento's figures agree line by line: nothing may be moved between lines to make the totals come out.
    expect(result.taxAdjustedCents).toBe(0);
    const magento = { lines: magentoLineFigures(order, result.invoice.LineAmountTypes), totalCents: toMinor(order.grand_total) + prepaid, taxCents: toMinorOr0(order.tax_amount) };
    expect(differencesFromMagento(result.invoice, magento)).toEqual([]);
    if (over.state === 'new') expect(result.invoice.Status).toBe('DRAFT');
    if (over.currency === 'EUR') expect(result.invoice.CurrencyRate).toBe(0.9213);
    else expect(result.invoice.CurrencyRate).toBeUndefined();
    if (over.giftCardCents) expect(result.prepayments).toEqual([expect.objectContaining({ amountCents: 1500, accountCode: '2150', kind: 'gift_card' })]);
    if (over.guest) expect(result.invoice.Contact).toEqual({ ContactNumber: expect.stringMatching(/^M1-G-[0-9a-f]{16}$/) });
    extra?.(result.invoice.LineItems, result.invoice.LineAmountTypes);
  });

  it('absorbs Magento\'s 0.01 difference with a rounding line on the rounding account', () => {
    const order = buildOrder(base);
    order.grand_total = (toMinor(order.grand_total) + 1) / 100;
    const result = orderToInvoice(order, testSettings());
    if (result.kind !== 'post') throw new Error('expected post');
    const rounding = result.invoice.LineItems.at(-1);
    expect(rounding).toMatchObject({ Description: ROUNDING_DESCRIPTION, UnitAmount: 0.01, AccountCode: '860', TaxType: 'NONE', TaxAmount: 0 });
    expect(result.roundingCents).toBe(1);
    expect(result.taxAdjustedCents).toBe(0);
    expect(result.invoice.LineItems.filter((l) => l.Description === ROUNDING_DESCRIPTION)).toHaveLength(1);
    expect(xeroWouldCompute(result.invoice).total).toBe(toMinor(order.grand_total));
  });

  it('refuses a drift beyond the tolerance, naming the amounts', () => {
    const order = buildOrder(base);
    order.grand_total = (toMinor(order.grand_total) + 500) / 100;
    expect(() => orderToInvoice(order, testSettings())).toThrowError(/grand total USD \d+\.\d\d is USD 5\.00 more than .* \(USD \d+\.\d\d\)/);
  });

  it('moves a 1-cent tax difference onto the largest taxed line', () => {
    const order = buildOrder(base);
    order.tax_amount = (toMinorOr0(order.tax_amount) + 1) / 100;
    order.grand_total = (toMinor(order.grand_total) + 1) / 100;
    const result = orderToInvoice(order, testSettings());
    if (result.kind !== 'post') throw new Error('expected post');
    const t = xeroWouldCompute(result.invoice);
    expect(t.totalTax).toBe(toMinorOr0(order.tax_amount));
    expect(t.total).toBe(toMinor(order.grand_total));
    expect(result.roundingCents).toBe(0);
    // Reported, so the correction is seen: the largest taxed line (the tees: 3.55 → 3.56) carries it.
    expect(result.taxAdjustedCents).toBe(1);
    expect(t.lines.map((l) => l.taxCents)).toEqual([356, 44]);
  });

  it('an unmapped tax rate is an error naming the rate', () => {
    const order = buildOrder({ ...base, rate: 'ca' });
    expect(() => orderToInvoice(order, testSettings({ taxMapping: {} }))).toThrowError(/US-CA-\*-Rate 1/);
  });

  it('a gift card without a liability account is an error saying which setting to fill', () => {
    const order = buildOrder({ ...base, giftCardCents: 500 });
    expect(() => orderToInvoice(order, testSettings())).toThrowError(/gift card liability/);
  });
});

const refundCases: { name: string; order?: Partial<ModelOrder>; refund: (ids: number[]) => Parameters<typeof buildCreditMemo>[1] }[] = [
  { name: 'full refund', refund: (ids) => ({ qty: Object.fromEntries(ids.map((i) => [i, 2])), shippingCents: 500, adjustmentPositiveCents: 0, adjustmentNegativeCents: 0, online: true }) },
  { name: 'partial refund of one unit', refund: (ids) => ({ qty: { [ids[0] as number]: 1 }, shippingCents: 0, adjustmentPositiveCents: 0, adjustmentNegativeCents: 0, online: false }) },
  { name: 'adjustment refund only', refund: () => ({ qty: {}, shippingCents: 0, adjustmentPositiveCents: 750, adjustmentNegativeCents: 0, online: false }) },
  { name: 'adjustment fee bigger than a line', order: { items: [item({ unitCents: 300, qty: 2 }), item({ sku: 'B', unitCents: 5000 })] }, refund: (ids) => ({ qty: { [ids[0] as number]: 1, [ids[1] as number]: 1 }, shippingCents: 0, adjustmentPositiveCents: 0, adjustmentNegativeCents: 1000, online: true }) },
  { name: 'discounted line refunded at its net amount', order: { items: [item({ qty: 3, unitCents: 1999, discountPercent: 10 })] }, refund: (ids) => ({ qty: { [ids[0] as number]: 2 }, shippingCents: 0, adjustmentPositiveCents: 0, adjustmentNegativeCents: 0, online: true }) },
  { name: 'inclusive store, partial refund with shipping', order: { pricesIncludeTax: true, rate: 'vat', shippingDiscountPercent: 20, items: [item({ qty: 3, unitCents: 1299, discountPercent: 5 })] }, refund: (ids) => ({ qty: { [ids[0] as number]: 1 }, shippingCents: 250, adjustmentPositiveCents: 0, adjustmentNegativeCents: 0, online: false }) },
  { name: 'refund of a configurable line', order: { items: [item({ kind: 'configurable', qty: 2, name: 'Hoodie' })] }, refund: (ids) => ({ qty: { [ids[0] as number]: 1 }, shippingCents: 0, adjustmentPositiveCents: 0, adjustmentNegativeCents: 0, online: true }) },
];

describe('credit memos → credit notes, to the cent', () => {
  it.each(refundCases)('$name', ({ order: over, refund }) => {
    const order = buildOrder({ ...base, ...over });
    const memo = buildCreditMemo(order, refund(billableIds(order)), '200000001', '2024-05-03 02:00:00');
    const result = creditMemoToCreditNote(memo, order, testSettings());
    if (result.kind !== 'post') throw new Error('expected post');
    const cn = result.creditNote;
    expect(cn.CreditNoteNumber).toBe('200000001');
    expect(cn.Date).toBe('2024-05-02'); // 02:00 UTC is the evening before in New York
    expect(cn.LineItems.every((l) => l.DiscountAmount === undefined)).toBe(true);
    const totals = xeroWouldCompute(cn);
    expect(totals.total).toBe(toMinor(memo.grand_total));
    if (cn.LineAmountTypes !== 'NoTax') expect(totals.totalTax).toBe(toMinorOr0(memo.tax_amount));
    expect(result.settlement.moneyWentBack).toBe(Boolean(memo.transaction_id));
    expect(result.roundingCents).toBe(0);
    expect(result.taxAdjustedCents).toBe(0);
    expect(differencesFromMagento(cn, { lines: magentoLineFigures(memo, cn.LineAmountTypes), totalCents: toMinor(memo.grand_total), taxCents: toMinorOr0(memo.tax_amount) })).toEqual([]);
    if (toMinorOr0(memo.adjustment_negative) > 0) expect(cn.LineItems.find((l) => l.Description === 'Adjustment fee')?.UnitAmount).toBe(-toMinorOr0(memo.adjustment_negative) / 100);
  });
});

describe('partial Magento invoices in posting mode "invoices"', () => {
  it.each([
    { name: 'first of two invoices, with shipping', over: {}, share: 1, ship: true },
    { name: 'second invoice without shipping, discounted, inclusive', over: { pricesIncludeTax: true, rate: 'vat' as const, items: [item({ qty: 3, unitCents: 1299, discountPercent: 10 })] }, share: 2, ship: false },
    { name: 'partial invoice of a 3-decimal rate order', over: { items: [item({ qty: 5, unitCents: 777, discountPercent: 3 })] }, share: 3, ship: true },
  ])('$name', ({ over, share, ship }) => {
    const order = buildOrder({ ...base, ...over });
    const ids = billableIds(order);
    const inv = buildInvoice(order, Object.fromEntries(ids.map((i) => [i, share])), ship, '300000001', '2024-05-02 15:00:00');
    const result = magentoInvoiceToInvoice(inv, order, testSettings({ postingMode: 'invoices' }));
    if (result.kind !== 'post') throw new Error('expected post');
    const totals = xeroWouldCompute(result.invoice);
    expect(totals.total).toBe(toMinor(inv.grand_total));
    expect(totals.totalTax).toBe(toMinorOr0(inv.tax_amount));
    expect([result.roundingCents, result.taxAdjustedCents]).toEqual([0, 0]);
    const magento = { lines: magentoLineFigures(inv, result.invoice.LineAmountTypes), totalCents: toMinor(inv.grand_total), taxCents: toMinorOr0(inv.tax_amount) };
    expect(differencesFromMagento(result.invoice, magento)).toEqual([]);
  });
});
