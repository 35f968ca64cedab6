import { describe, expect, it } from 'vitest';
import { isMappingError } from '../../domain/errors.js';
import { creditMemoToCreditNote } from '../credit-note.js';
import { magentoInvoiceToInvoice, orderToInvoice } from '../invoice.js';
import { magentoInvoiceToPayment } from '../payment.js';
import { orderPostingMode, postingModeOn, withPostingMode } from '../posting-mode.js';
import { testSettings } from '../test-support.js';
import { billableIds, buildCreditMemo, buildInvoice, buildOrder, type ModelOrder } from '../testing/magento-model.js';
import { computeDocument } from '../xero-arithmetic.js';
import { dayClosesAt, isDayClosed, lastClosedDay } from './close.js';
import {
  convertLine,
  emptyContribution,
  isEmptyContribution,
  lineKind,
  refundContribution,
  saleContribution,
  subtractContributions,
  type Contribution,
  type ContributionLine,
} from './contribution.js';
import { buildRefundSummary, buildSalesSummary, summaryMode, type SummaryEntry } from './document.js';
import { summaryContact, summaryCreditNoteNumber, summaryInvoiceNumber, SUMMARY_REFERENCE, summaryInvoiceReference } from './numbers.js';

const settings = testSettings({
  paymentMethods: { braintree: '611', checkmo: 'do_not_pay' },
  stores: {
    '1': {
      code: 'default',
      timezone: 'America/New_York',
      baseCurrency: 'USD',
      xeroBaseCurrency: 'USD',
      postingPeriods: [
        { from: '2024-03-01', mode: 'summary' },
        { from: '2024-05-01', mode: 'orders' },
      ],
    },
  },
});
const store = { ...settings.stores['1']!, storeId: 1 };

const model = (over: Partial<ModelOrder> = {}): ModelOrder => ({
  incrementId: '000000101',
  storeId: 1,
  pricesIncludeTax: false,
  rate: 'ny',
  items: [{ sku: 'TEE-1', name: 'Tee', qty: 2, unitCents: 1999, discountPercent: 10 }],
  shippingCents: 500,
  shippingDiscountPercent: 0,
  currency: 'USD',
  baseToOrderRate: 1,
  guest: false,
  state: 'processing',
  createdAt: '2024-03-05 15:00:00',
  paymentMethod: 'braintree',
  ...over,
});

function invoiceOf(m: ModelOrder) {
  const order = buildOrder(m);
  const qty: Record<number, number> = {};
  for (const id of billableIds(order)) qty[id] = order.items.find((i) => i.item_id === id)?.qty_ordered ?? 1;
  return { order, invoice: buildInvoice(order, qty, true, '200000101', '2024-03-05 16:00:00') };
}

function sale(m: ModelOrder): Contribution {
  const { order, invoice } = invoiceOf(m);
  const mapped = magentoInvoiceToInvoice(invoice, order, withPostingMode(settings, 1, 'invoices'));
  if (mapped.kind !== 'post') throw new Error(mapped.kind);
  return saleContribution(mapped, magentoInvoiceToPayment(invoice, order, withPostingMode(settings, 1, 'orders'), 'x'), m.paymentMethod ?? 'checkmo');
}

const entry = (contribution: Contribution, id = '1'): SummaryEntry => ({
  ref: { entity: contribution.kind === 'sale' ? 'invoice' : 'creditmemo', magentoId: id, incrementId: `20000${id}`, orderIncrementId: `10000${id}`, revision: 1, documentDay: '2024-03-05' },
  contribution,
});

describe('posting mode per store and day', () => {
  it('follows the store\'s periods, and the global setting before the first', () => {
    expect(postingModeOn(settings, 1, '2024-02-29')).toBe('orders');
    expect(postingModeOn(settings, 1, '2024-03-01')).toBe('summary');
    expect(postingModeOn(settings, 1, '2024-04-30')).toBe('summary');
    expect(postingModeOn(settings, 1, '2024-05-01')).toBe('orders');
    expect(postingModeOn(testSettings({ postingMode: 'invoices' }), 1, '2024-03-01')).toBe('invoices');
  });

  it('decides an order by its store-local day: 00:30 UTC on the 1st is still February in New York', () => {
    expect(orderPostingMode({ store_id: 1, created_at: '2024-03-01 00:30:00' }, settings)).toBe('orders');
    expect(orderPostingMode({ store_id: 1, created_at: '2024-03-01 05:30:00' }, settings)).toBe('summary');
  });

  it('leaves a summarised order\'s documents to the summary in every per-document mapping', () => {
    const { order, invoice } = invoiceOf(model());
    expect(orderToInvoice(order, settings)).toMatchObject({ kind: 'skip', reason: expect.stringContaining('daily summary') });
    expect(magentoInvoiceToInvoice(invoice, order, settings)).toMatchObject({ kind: 'skip', reason: expect.stringContaining('daily summary') });
    expect(magentoInvoiceToPayment(invoice, order, settings, 'x')).toMatchObject({ kind: 'skip', reason: expect.stringContaining('daily summary') });
    const memo = buildCreditMemo(order, { qty: { 1: 1 }, shippingCents: 0, adjustmentPositiveCents: 0, adjustmentNegativeCents: 0, online: true }, '300000101', '2024-03-06 10:00:00');
    expect(creditMemoToCreditNote(memo, order, settings)).toMatchObject({ kind: 'skip', reason: expect.stringContaining('daily summary') });
    // The same order before the switch day posts as before.
    const early = buildOrder(model({ createdAt: '2024-02-20 15:00:00' }));
    expect(orderToInvoice(early, settings).kind).toBe('post');
    // And withPostingMode maps it per document when the engine says so.
    expect(orderToInvoice(order, withPostingMode(settings, 1, 'orders')).kind).toBe('post');
  });
});

describe('summary lines', () => {
  it('sorts mapped lines into goods, shipping, adjustments and rounding', () => {
    expect(lineKind({ Description: 'Tee (M, Blue)', ItemCode: 'TEE' })).toBe('goods');
    expect(lineKind({ Description: 'Shipping box', ItemCode: 'BOX' })).toBe('goods');
    expect(lineKind({ Description: 'Shipping' })).toBe('shipping');
    expect(lineKind({ Description: 'Shipping: Flat Rate - Fixed' })).toBe('shipping');
    expect(lineKind({ Description: 'Rounding' })).toBe('rounding');
    expect(lineKind({ Description: 'Adjustment refund' })).toBe('adjustment-refund');
    expect(lineKind({ Description: 'Adjustment fee' })).toBe('adjustment-fee');
  });

  const line = (gross: number, discount: number, tax: number): ContributionLine => ({ kind: 'goods', accountCode: '200', taxType: 'OUTPUT2', grossCents: gross, discountCents: discount, taxCents: tax });
  it('converts a tax-inclusive line to exclusive keeping net and tax, the discount in proportion', () => {
    // 120.00 incl. 20 % with 12.00 off: LineAmount 108.00 incl. 18.00 tax → net 90.00.
    const c = convertLine(line(12000, 1200, 1800), 'Inclusive', 'Exclusive');
    expect(c.grossCents - c.discountCents).toBe(9000);
    expect(c.taxCents).toBe(1800);
    expect(c.discountCents).toBe(1000);
  });
  it('converts exclusive to inclusive, and leaves untaxed or same-mode lines alone', () => {
    const c = convertLine(line(10000, 1000, 1800), 'Exclusive', 'Inclusive');
    expect(c.grossCents - c.discountCents).toBe(10800);
    expect(c.discountCents).toBe(1200);
    expect(convertLine(line(500, 0, 0), 'Exclusive', 'Inclusive')).toEqual(line(500, 0, 0));
    expect(convertLine(line(500, 0, 100), 'NoTax', 'Inclusive')).toEqual(line(500, 0, 100));
    expect(convertLine(line(500, 0, 100), 'Inclusive', 'Inclusive')).toEqual(line(500, 0, 100));
  });
  it('votes the day\'s mode: the majority, Exclusive on a tie, NoTax when nothing was taxed', () => {
    const c = (mode: Contribution['mode'], tax = 1): Contribution => ({ ...emptyContribution('sale', 'USD', mode), lines: [line(100, 0, tax)] });
    expect(summaryMode([c('Inclusive'), c('Inclusive'), c('Exclusive')])).toBe('Inclusive');
    expect(summaryMode([c('Inclusive'), c('Exclusive'), c('NoTax', 0)])).toBe('Exclusive');
    expect(summaryMode([c('NoTax', 0), c('NoTax', 0)])).toBe('NoTax');
  });
});

describe('changes to a posted day', () => {
  it('is the difference alone: new minus old, per line and per account', () => {
    const before = sale(model());
    const after = sale(model({ items: [{ sku: 'TEE-1', name: 'Tee', qty: 3, unitCents: 1999, discountPercent: 10 }] }));
    const delta = subtractContributions(after, before);
    expect(delta.totalCents).toBe(after.totalCents - before.totalCents);
    expect(delta.taxCents).toBe(after.taxCents - before.taxCents);
    expect(delta.money).toEqual([{ accountCode: '611', label: 'braintree', cents: after.totalCents - before.totalCents }]);
    const goods = delta.lines.find((l) => l.kind === 'goods')!;
    expect(goods.grossCents).toBe(1999);
    expect(delta.lines.find((l) => l.kind === 'shipping')).toBeUndefined();
  });
  it('of a canceled document takes everything it added back off', () => {
    const before = sale(model());
    const delta = subtractContributions(emptyContribution('sale', 'USD'), before);
    expect(delta.totalCents).toBe(-before.totalCents);
    expect(delta.lines.every((l) => l.grossCents <= 0)).toBe(true);
    expect(isEmptyContribution(subtractContributions(before, before))).toBe(true);
  });
});

describe('the day\'s documents', () => {
  it('one invoice to the store\'s contact, dated the day, with a payment per account and references per line', () => {
    const a = sale(model());
    const b = sale(model({ incrementId: '000000102', paymentMethod: 'checkmo' }));
    const summary = buildSalesSummary({ store, day: '2024-03-05', currency: 'USD', contact: { ContactNumber: 'M1-DAILY' }, entries: [entry(a, '1'), entry(b, '2')] })!;
    expect(summary.payload).toMatchObject({
      Type: 'ACCREC',
      InvoiceNumber: 'DS-default-20240305-USD',
      Reference: 'Daily sales 2024-03-05 (default)',
      Date: '2024-03-05',
      DueDate: '2024-03-05',
      Status: 'AUTHORISED',
      Contact: { ContactNumber: 'M1-DAILY' },
    });
    expect(computeDocument(summary.payload).total).toBe(a.totalCents + b.totalCents);
    // Check / money order is "do not pay": only the card payment is recorded.
    expect(summary.money).toEqual([{ accountCode: '611', cents: a.totalCents, labels: ['braintree'], reference: 'DS-default-20240305-USD braintree' }]);
    const goods = summary.lines.find((l) => l.kind === 'goods')!;
    expect(goods.refs.map((r) => r.magentoId)).toEqual(['1', '2']);
    expect(summary.payload.LineItems[0]!.Description).toBe('Goods sold 2024-03-05 (2 Magento invoices)');
    expect(summary.documents).toBe(2);
  });

  it('refunds: one credit note, no discounts, refunded only what went back to the customer', () => {
    const { order } = invoiceOf(model());
    const online = buildCreditMemo(order, { qty: { 1: 1 }, shippingCents: 500, adjustmentPositiveCents: 0, adjustmentNegativeCents: 100, online: true }, '300000101', '2024-03-05 17:00:00');
    const offline = buildCreditMemo(order, { qty: { 1: 1 }, shippingCents: 0, adjustmentPositiveCents: 0, adjustmentNegativeCents: 0, online: false }, '300000102', '2024-03-05 18:00:00');
    const map = (m: typeof online) => {
      const r = creditMemoToCreditNote(m, order, withPostingMode(settings, 1, 'orders'));
      if (r.kind !== 'post') throw new Error(r.kind);
      return r;
    };
    const entries = [entry(refundContribution(map(online), 'braintree'), '1'), entry(refundContribution(map(offline), 'braintree'), '2')];
    const refunds = buildRefundSummary({ store, day: '2024-03-05', currency: 'USD', contact: { ContactNumber: 'M1-DAILY' }, entries })!;
    expect(refunds.payload.CreditNoteNumber).toBe('DR-default-20240305-USD');
    expect(refunds.payload.LineItems.every((l) => l.DiscountAmount === undefined)).toBe(true);
    expect(refunds.lines.map((l) => l.kind)).toEqual(['goods', 'shipping', 'adjustment-fee']);
    expect(computeDocument(refunds.payload).total).toBe(Math.round(online.grand_total * 100) + Math.round(offline.grand_total * 100));
    expect(refunds.money).toEqual([{ accountCode: '611', cents: Math.round(online.grand_total * 100), labels: ['braintree'], reference: 'DR-default-20240305-USD braintree' }]);
  });

  it('refuses a day whose late changes would take it below zero, naming the day', () => {
    const before = sale(model());
    const removal = subtractContributions(emptyContribution('sale', 'USD'), before);
    try {
      buildSalesSummary({ store, day: '2024-03-09', currency: 'USD', contact: { ContactNumber: 'M1-DAILY' }, entries: [entry(removal)] });
      expect.unreachable();
    } catch (error) {
      expect(isMappingError(error) && error.code).toBe('invalid_summary');
      expect(String(error)).toContain('daily summary default 2024-03-09 USD');
    }
  });

  it('nothing sold and nothing paid: no invoice', () => {
    expect(buildSalesSummary({ store, day: '2024-03-05', currency: 'USD', contact: { ContactNumber: 'M1-DAILY' }, entries: [] })).toBeUndefined();
    expect(buildRefundSummary({ store, day: '2024-03-05', currency: 'USD', contact: { ContactNumber: 'M1-DAILY' }, entries: [] })).toBeUndefined();
  });
});

describe('numbers, contact and closing', () => {
  it('stable numbers per store, day and currency, with the store\'s prefixes', () => {
    const ctx = { ...store, invoicePrefix: 'WEB-', creditNotePrefix: 'WCN-' };
    expect(summaryInvoiceNumber(ctx, '2024-12-31', 'eur')).toBe('WEB-DS-default-20241231-EUR');
    expect(summaryCreditNoteNumber(ctx, '2024-12-31', 'EUR')).toBe('WCN-DR-default-20241231-EUR');
    expect(SUMMARY_REFERENCE.test(summaryInvoiceReference(ctx, '2024-12-31'))).toBe(true);
    expect(SUMMARY_REFERENCE.test('Order 000000001 (default)')).toBe(false);
  });
  it('one contact per store, named in its settings', () => {
    expect(summaryContact(store)).toEqual({ ContactNumber: 'M1-DAILY', Name: 'Magento default daily sales', IsCustomer: true });
    expect(summaryContact({ ...store, summaryContactName: 'Web shop sales' }).Name).toBe('Web shop sales');
    expect(summaryContact({ ...store, contactPrefix: 'WEB1-' }).ContactNumber).toBe('WEB1-DAILY');
  });
  it("keeps the contact within Xero's limits: the default name cut at 255, a chosen one capped by the settings", () => {
    // "Magento " + a 250-character store code + " daily sales" is 270 characters: the first 255 are kept.
    const code = 'c'.repeat(250);
    expect(summaryContact({ ...store, code }).Name).toBe(`Magento ${'c'.repeat(247)}`);
    expect(summaryContact({ ...store, code }).Name).toHaveLength(255);
    const named = (summaryContactName: string, contactPrefix: string) => testSettings({
      stores: { '1': { code: 'default', timezone: 'America/New_York', baseCurrency: 'USD', xeroBaseCurrency: 'USD', summaryContactName, contactPrefix } },
    }).stores['1']!;
    const longest = summaryContact({ ...named('n'.repeat(255), 'p'.repeat(20)), storeId: 1 });
    expect([longest.Name.length, longest.ContactNumber]).toEqual([255, `${'p'.repeat(20)}DAILY`]);
    expect(() => named('n'.repeat(256), 'p')).toThrow(/"summaryContactName"[\s\S]*expected string to have <=255 characters/);
    expect(() => named('n', 'p'.repeat(21))).toThrow(/"contactPrefix"[\s\S]*expected string to have <=20 characters/);
  });
  it('a day closes at the closing hour of the next day, store time', () => {
    expect(new Date(dayClosesAt('2024-03-05', 3, 'America/New_York')).toISOString()).toBe('2024-03-06T08:00:00.000Z');
    const closeAt = dayClosesAt('2024-03-05', 3, 'America/New_York');
    expect(isDayClosed('2024-03-05', closeAt - 1, 3, 'America/New_York')).toBe(false);
    expect(isDayClosed('2024-03-05', closeAt, 3, 'America/New_York')).toBe(true);
    expect(lastClosedDay(closeAt - 1, 3, 'America/New_York')).toBe('2024-03-04');
    expect(lastClosedDay(closeAt, 3, 'America/New_York')).toBe('2024-03-05');
  });
});
