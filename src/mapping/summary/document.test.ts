// A store's day as Xero documents, from contributions written out by hand (so every figure below is worked on paper, not
// by the mapping): how lines add up and sort, what each Xero line carries, the payments per account, the day's rate,
// and the refusals with their words.
import { describe, expect, it } from 'vitest';
import { testSettings, thrownMappingError } from '../test-support.js';
import type { Contribution, ContributionLine, ContributionMoney } from './contribution.js';
import { aggregateLines, buildDaySummaries, buildRefundSummary, buildSalesSummary, summaryMode, type SummaryEntry, type SummaryInput } from './document.js';

const settings = testSettings({
  stores: {
    '1': {
      code: 'default', timezone: 'America/New_York', baseCurrency: 'USD', xeroBaseCurrency: 'USD',
      tracking: { name: 'Region', option: 'East' },
    },
  },
});
const store = { ...settings.stores['1']!, storeId: 1 };
const untracked = { ...testSettings().stores['1']!, storeId: 1 };
const DAY = '2024-03-05';
const CONTACT = { ContactNumber: 'M1-DAILY' };

const line = (kind: ContributionLine['kind'], accountCode: string, taxType: string, grossCents: number, discountCents: number, taxCents: number): ContributionLine =>
  ({ kind, accountCode, taxType, grossCents, discountCents, taxCents });
const money = (accountCode: string, label: string, cents: number): ContributionMoney => ({ accountCode, label, cents });

function contribution(kind: Contribution['kind'], over: Partial<Contribution>): Contribution {
  return { kind, currency: 'USD', mode: 'Exclusive', lines: [], money: [], totalCents: 0, taxCents: 0, ...over };
}
const entry = (c: Contribution, magentoId: string, revision = 1): SummaryEntry => ({
  ref: { entity: c.kind === 'sale' ? 'invoice' : 'creditmemo', magentoId, incrementId: `2000${magentoId}`, orderIncrementId: `1000${magentoId}`, revision, documentDay: DAY },
  contribution: c,
});
const input = (entries: SummaryEntry[], over: Partial<SummaryInput> = {}): SummaryInput => ({ store, day: DAY, currency: 'USD', contact: CONTACT, entries, ...over });

// Invoice 11 (Exclusive): shipping 5.00 + 1.00 tax; zero-rated goods 15.00; goods 100.00 less 10.00 + 18.00 tax.
// Net 5.00 + 15.00 + 90.00 = 110.00, tax 19.00, total 129.00: 4.00 from a gift card, 125.00 by card.
const invoice11 = contribution('sale', {
  lines: [line('shipping', '210', 'OUTPUT2', 500, 0, 100), line('goods', '200', 'ZERORATEDOUTPUT', 1500, 0, 0), line('goods', '200', 'OUTPUT2', 10000, 1000, 1800)],
  money: [money('850', 'gift card', 400), money('611', 'braintree', 12500), money('611', 'zz-unused', 0)],
  totalCents: 12900,
  taxCents: 1900,
});
// Invoice 12 (Exclusive): goods on 260, 20.00 + 4.00 tax; goods on 200, 30.00 less 5.00 + 5.00 tax.
// Net 20.00 + 25.00 = 45.00, tax 9.00, total 54.00: 24.00 from a gift card, 30.00 by Apple Pay through the card gateway.
const invoice12 = contribution('sale', {
  lines: [line('goods', '260', 'OUTPUT2', 2000, 0, 400), line('goods', '200', 'OUTPUT2', 3000, 500, 500)],
  money: [money('611', 'applepay', 3000), money('850', 'gift card', 2400), money('612', 'paypal_express', 0)],
  totalCents: 5400,
  taxCents: 900,
});

describe("the day's sales invoice", () => {
  it('adds lines up per kind, account and tax type, sorted, with the references and a payment per account', () => {
    const summary = buildSalesSummary(input([entry(invoice11, '11'), entry(invoice12, '12')]))!;
    const tracking = [{ Name: 'Region', Option: 'East' }];
    // goods 200 OUTPUT2: 100.00 + 30.00 gross, 10.00 + 5.00 off, 18.00 + 5.00 tax.
    expect(summary.payload).toEqual({
      Type: 'ACCREC',
      Contact: { ContactNumber: 'M1-DAILY' },
      InvoiceNumber: 'DS-default-20240305-USD',
      Reference: 'Daily sales 2024-03-05 (default)',
      Date: '2024-03-05',
      DueDate: '2024-03-05',
      Status: 'AUTHORISED',
      LineAmountTypes: 'Exclusive',
      CurrencyCode: 'USD',
      LineItems: [
        { Description: 'Goods sold 2024-03-05 (2 Magento invoices)', Quantity: 1, UnitAmount: 130, DiscountAmount: 15, TaxAmount: 23, AccountCode: '200', TaxType: 'OUTPUT2', Tracking: tracking },
        { Description: 'Goods sold 2024-03-05 (1 Magento invoice)', Quantity: 1, UnitAmount: 15, TaxAmount: 0, AccountCode: '200', TaxType: 'ZERORATEDOUTPUT', Tracking: tracking },
        { Description: 'Goods sold 2024-03-05 (1 Magento invoice)', Quantity: 1, UnitAmount: 20, TaxAmount: 4, AccountCode: '260', TaxType: 'OUTPUT2', Tracking: tracking },
        { Description: 'Shipping 2024-03-05 (1 Magento invoice)', Quantity: 1, UnitAmount: 5, TaxAmount: 1, AccountCode: '210', TaxType: 'OUTPUT2', Tracking: tracking },
      ],
    });
    expect(summary.lines.map((l) => [l.kind, l.accountCode, l.taxType, l.grossCents, l.discountCents, l.taxCents, l.amountCents, l.refs.map((r) => r.magentoId)])).toEqual([
      ['goods', '200', 'OUTPUT2', 13000, 1500, 2300, 11500, ['11', '12']],
      ['goods', '200', 'ZERORATEDOUTPUT', 1500, 0, 0, 1500, ['11']],
      ['goods', '260', 'OUTPUT2', 2000, 0, 400, 2000, ['12']],
      ['shipping', '210', 'OUTPUT2', 500, 0, 100, 500, ['11']],
    ]);
    // 611: 125.00 + 30.00; 850: 4.00 + 24.00; 612 moved nothing and is left out, as is the label of a zero amount.
    expect(summary.money).toEqual([
      { accountCode: '611', cents: 15500, labels: ['applepay', 'braintree'], reference: 'DS-default-20240305-USD applepay, braintree' },
      { accountCode: '850', cents: 2800, labels: ['gift card'], reference: 'DS-default-20240305-USD gift card' },
    ]);
    expect([summary.totalCents, summary.taxCents, summary.documents]).toEqual([18300, 2800, 2]);
    // Its tracking is a copy per line: changing one line's does not change another's or the settings'.
    summary.payload.LineItems[0]!.Tracking![0]!.Option = 'West';
    expect(summary.payload.LineItems[1]!.Tracking).toEqual(tracking);
    expect(store.tracking).toEqual({ name: 'Region', option: 'East' });
  });

  it('leaves out refunds and other currencies, and carries no tracking when the store has none', () => {
    const refund = contribution('refund', { lines: [line('goods', '200', 'OUTPUT2', 1000, 0, 200)], totalCents: 1200, taxCents: 200 });
    const euro = contribution('sale', { currency: 'EUR', lines: [line('goods', '200', 'OUTPUT2', 700, 0, 140)], totalCents: 840, taxCents: 140 });
    const summary = buildSalesSummary(input([entry(invoice12, '12'), entry(refund, '31'), entry(euro, '13')], { store: untracked }))!;
    expect(summary.payload.LineItems).toEqual([
      { Description: 'Goods sold 2024-03-05 (1 Magento invoice)', Quantity: 1, UnitAmount: 30, DiscountAmount: 5, TaxAmount: 5, AccountCode: '200', TaxType: 'OUTPUT2' },
      { Description: 'Goods sold 2024-03-05 (1 Magento invoice)', Quantity: 1, UnitAmount: 20, TaxAmount: 4, AccountCode: '260', TaxType: 'OUTPUT2' },
    ]);
    expect([summary.totalCents, summary.taxCents, summary.documents]).toEqual([5400, 900, 1]);
    expect(buildSalesSummary(input([entry(refund, '31')]))).toBeUndefined();
  });

  it('counts a document changed after its day once, however many revisions it has in the day', () => {
    // Revision 2 of invoice 12 adds 10.00 + 2.00 tax on 260 and 12.00 by Apple Pay.
    const change = contribution('sale', { lines: [line('goods', '260', 'OUTPUT2', 1000, 0, 200)], money: [money('611', 'applepay', 1200)], totalCents: 1200, taxCents: 200 });
    const summary = buildSalesSummary(input([entry(invoice12, '12'), entry(change, '12', 2)]))!;
    expect(summary.payload.LineItems.map((l) => [l.Description, l.UnitAmount])).toEqual([
      ['Goods sold 2024-03-05 (1 Magento invoice)', 30],
      ['Goods sold 2024-03-05 (1 Magento invoice)', 30],
    ]);
    expect(summary.lines[1]!.refs.map((r) => r.revision)).toEqual([1, 2]);
    expect([summary.totalCents, summary.documents]).toEqual([6600, 1]);
    expect(summary.money.map((m) => [m.accountCode, m.cents])).toEqual([['611', 4200], ['850', 2400]]);
  });

  it('posts a day that comes to exactly zero (a late change that moved an amount from one account to another)', () => {
    const moved = contribution('sale', { lines: [line('goods', '200', 'OUTPUT2', -1000, 0, -200), line('goods', '260', 'OUTPUT2', 1000, 0, 200)] });
    const summary = buildSalesSummary(input([entry(moved, '12', 2)]))!;
    expect(summary.payload.LineItems.map((l) => [l.AccountCode, l.UnitAmount, l.TaxAmount])).toEqual([['200', -10, -2], ['260', 10, 2]]);
    expect([summary.totalCents, summary.taxCents, summary.money]).toEqual([0, 0, []]);
  });

  it('a NoTax day sends no TaxAmount, and expects no tax whatever the documents say', () => {
    const untaxed = contribution('sale', { mode: 'NoTax', lines: [line('goods', '200', 'NONE', 2500, 500, 0)], totalCents: 2000, taxCents: 5 });
    const summary = buildSalesSummary(input([entry(untaxed, '14')], { store: untracked }))!;
    expect(summary.payload.LineAmountTypes).toBe('NoTax');
    expect(summary.payload.LineItems).toEqual([{ Description: 'Goods sold 2024-03-05 (1 Magento invoice)', Quantity: 1, UnitAmount: 25, DiscountAmount: 5, AccountCode: '200', TaxType: 'NONE' }]);
    expect([summary.totalCents, summary.taxCents]).toEqual([2000, 0]);
  });

  it("carries the day's rate, total over base to 6 decimals, only when every document had a base amount", () => {
    // 100.00 EUR booked as 92.13 in base: 10000 / 9213 = 1.0854227… → 1.085423.
    const a = contribution('sale', { currency: 'EUR', lines: [line('goods', '200', 'OUTPUT2', 6000, 0, 0)], totalCents: 6000, baseCents: 5528 });
    const b = contribution('sale', { currency: 'EUR', lines: [line('goods', '200', 'OUTPUT2', 4000, 0, 0)], totalCents: 4000, baseCents: 3685 });
    const eur = (entries: SummaryEntry[]) => buildSalesSummary(input(entries, { currency: 'EUR' }))!.payload;
    expect(eur([entry(a, '1'), entry(b, '2')]).CurrencyRate).toBe(1.085423);
    expect(eur([entry(a, '1')]).CurrencyRate).toBe(1.085384); // 6000 / 5528 = 1.08538350… → 1.085384
    const noBase = contribution('sale', { currency: 'EUR', lines: b.lines, totalCents: 4000 });
    expect('CurrencyRate' in eur([entry(a, '1'), entry(noBase, '2')])).toBe(false);
    expect('CurrencyRate' in eur([entry(noBase, '2'), entry(a, '1')])).toBe(false);
    // A day of no value, or whose base amounts cancel out, has no rate to give (and divides by nothing).
    // (a late change on 260 that takes invoice 1's 60.00 back, booked at another rate: total 0, base 1 cent).
    const back = contribution('sale', { currency: 'EUR', lines: [line('goods', '260', 'OUTPUT2', -6000, 0, 0)], totalCents: -6000, baseCents: -5527 });
    expect('CurrencyRate' in eur([entry(a, '1'), entry(back, '3')])).toBe(false);
    const cancels = contribution('sale', { currency: 'EUR', lines: [line('goods', '200', 'OUTPUT2', -1000, 0, 0)], totalCents: -1000, baseCents: -5528 });
    expect('CurrencyRate' in eur([entry(a, '1'), entry(cancels, '3')])).toBe(false);
    // The refunds credit note the same way: 40.00 EUR booked as 36.85, 4000 / 3685 = 1.08548168… → 1.085482.
    const refund = contribution('refund', { currency: 'EUR', lines: b.lines, totalCents: 4000, baseCents: 3685 });
    expect(buildRefundSummary(input([entry(refund, '31')], { currency: 'EUR' }))!.payload.CurrencyRate).toBe(1.085482);
    expect('CurrencyRate' in buildRefundSummary(input([entry({ ...noBase, kind: 'refund' }, '32')], { currency: 'EUR' }))!.payload).toBe(false);
  });

  it('refuses a day whose lines do not give its documents\' total or tax, to the cent, naming the day', () => {
    const offByACent = contribution('sale', { lines: [line('goods', '200', 'OUTPUT2', 1000, 0, 200)], totalCents: 1201, taxCents: 200 });
    const e1 = thrownMappingError(() => buildSalesSummary(input([entry(offByACent, '1')])));
    expect([e1.code, e1.message]).toEqual([
      'invalid_summary',
      'Magento daily summary default 2024-03-05 USD (store 1): the daily sales invoice would total USD 12.00 (tax 2.00) but its Magento documents total 12.01 (tax 2.00). Nothing was posted. Report this with the day and store: the summary is refused rather than posted wrong.',
    ]);
    expect(e1.record).toEqual({ entity: 'daily summary', id: 'default 2024-03-05 USD', storeId: 1 });
    const taxOff = contribution('sale', { lines: [line('goods', '200', 'OUTPUT2', 1000, 0, 200)], totalCents: 1200, taxCents: 201 });
    expect(thrownMappingError(() => buildSalesSummary(input([entry(taxOff, '1')]))).message).toContain(
      'the daily sales invoice would total USD 12.00 (tax 2.00) but its Magento documents total 12.00 (tax 2.01).',
    );
    const refund = contribution('refund', { lines: [line('goods', '200', 'OUTPUT2', 1000, 0, 200)], totalCents: 1100, taxCents: 200 });
    expect(thrownMappingError(() => buildRefundSummary(input([entry(refund, '1')]))).message).toContain(
      'the daily refunds credit note would total USD 12.00 (tax 2.00) but its Magento documents total 11.00 (tax 2.00).',
    );
  });

  it('refuses a day below zero, and payments larger than the sales, in words', () => {
    const removal = contribution('sale', { lines: [line('goods', '200', 'OUTPUT2', -1000, 0, -200)], totalCents: -1200, taxCents: -200 });
    const below = thrownMappingError(() => buildSalesSummary(input([entry(removal, '1', 2)], { day: '2024-03-09' })));
    expect([below.code, below.message, below.record]).toEqual([
      'invalid_summary',
      'Magento daily summary default 2024-03-09 USD (store 1): the daily sales invoice comes to USD -12.00: Xero does not take documents below zero. Changes to documents of earlier days took more off this day than it sold. Post the difference by hand in Xero, or wait for the next day to carry it.',
      { entity: 'daily summary', id: 'default 2024-03-09 USD', storeId: 1 },
    ]);
    const overpaid = contribution('sale', { lines: [line('goods', '200', 'OUTPUT2', 1000, 0, 200)], money: [money('611', 'braintree', 1100), money('090', 'checkmo', 101)], totalCents: 1200, taxCents: 200 });
    const over = thrownMappingError(() => buildSalesSummary(input([entry(overpaid, '1')])));
    expect([over.code, over.message, over.record]).toEqual([
      'invalid_summary',
      "Magento daily summary default 2024-03-05 USD (store 1): the day's payments (12.01) are more than its sales (12.00). Nothing was posted. Check the day's Magento invoices for payments larger than the invoice.",
      { entity: 'daily summary', id: 'default 2024-03-05 USD', storeId: 1 },
    ]);
  });

  it('cuts a payment reference at Xero\'s 255 characters', () => {
    const label = 'x'.repeat(300);
    const c = contribution('sale', { lines: [line('goods', '200', 'NONE', 1000, 0, 0)], money: [money('611', label, 1000)], totalCents: 1000 });
    const [paid] = buildSalesSummary(input([entry(c, '1')]))!.money;
    expect(paid!.reference).toBe(`DS-default-20240305-USD ${'x'.repeat(231)}`);
    expect(paid!.labels).toEqual([label]);
  });
});

describe("the day's refunds credit note", () => {
  // Credit memo 31: goods 50.00 less 5.00 + 9.00 tax, an adjustment fee of −3.00; total 51.00, refunded by card.
  // Credit memo 32: shipping 10.00 + 2.00 tax, refunded to a gift card (24.00, more than it holds).
  const memo31 = contribution('refund', {
    lines: [line('adjustment-fee', '260', 'NONE', -300, 0, 0), line('goods', '200', 'OUTPUT2', 5000, 500, 900)],
    money: [money('611', 'braintree', 5100)],
    totalCents: 5100,
    taxCents: 900,
  });
  const memo32 = contribution('refund', { lines: [line('shipping', '210', 'OUTPUT2', 1000, 0, 200)], money: [money('850', 'gift card', 2400)], totalCents: 1200, taxCents: 200 });

  it('goes in at net amounts (no discounts), and refunds each account no more than the credit note holds', () => {
    const refunds = buildRefundSummary(input([entry(memo31, '31'), entry(memo32, '32'), entry(invoice11, '11')]))!;
    const tracking = [{ Name: 'Region', Option: 'East' }];
    expect(refunds.payload).toEqual({
      Type: 'ACCRECCREDIT',
      Contact: { ContactNumber: 'M1-DAILY' },
      CreditNoteNumber: 'DR-default-20240305-USD',
      Reference: 'Daily refunds 2024-03-05 (default)',
      Date: '2024-03-05',
      Status: 'AUTHORISED',
      LineAmountTypes: 'Exclusive',
      CurrencyCode: 'USD',
      LineItems: [
        { Description: 'Goods sold 2024-03-05 (1 Magento credit memo)', Quantity: 1, UnitAmount: 45, TaxAmount: 9, AccountCode: '200', TaxType: 'OUTPUT2', Tracking: tracking },
        { Description: 'Shipping 2024-03-05 (1 Magento credit memo)', Quantity: 1, UnitAmount: 10, TaxAmount: 2, AccountCode: '210', TaxType: 'OUTPUT2', Tracking: tracking },
        { Description: 'Adjustment fees 2024-03-05 (1 Magento credit memo)', Quantity: 1, UnitAmount: -3, TaxAmount: 0, AccountCode: '260', TaxType: 'NONE', Tracking: tracking },
      ],
    });
    // 45.00 + 10.00 − 3.00 + 11.00 tax = 63.00: 51.00 by card first (611 sorts first), then 12.00 of the gift card's 24.00.
    expect([refunds.totalCents, refunds.taxCents, refunds.documents]).toEqual([6300, 1100, 2]);
    expect(refunds.money).toEqual([
      { accountCode: '611', cents: 5100, labels: ['braintree'], reference: 'DR-default-20240305-USD braintree' },
      { accountCode: '850', cents: 1200, labels: ['gift card'], reference: 'DR-default-20240305-USD gift card' },
    ]);
  });

  it('leaves out an account the credit note has nothing left for, and names each kind of line', () => {
    // Memo 33 refunded 65.00: 60.00 by card, 5.00 to a gift card. Memo 34's late change takes 64.00 of goods back and
    // adds a 1.00 adjustment refund (−63.00). The credit note holds 1.00 + 1.00 = 2.00: the card gets 2.00, the gift card nothing.
    const memo33 = contribution('refund', { lines: [line('goods', '200', 'NONE', 6500, 0, 0)], money: [money('611', 'braintree', 6000), money('850', 'gift card', 500)], totalCents: 6500 });
    const change34 = contribution('refund', { lines: [line('goods', '200', 'NONE', -6400, 0, 0), line('adjustment-refund', '270', 'NONE', 100, 0, 0)], totalCents: -6300 });
    const refunds = buildRefundSummary(input([entry(memo33, '33'), entry(change34, '34', 2)], { store: untracked }))!;
    expect(refunds.payload.LineItems).toEqual([
      { Description: 'Goods sold 2024-03-05 (2 Magento credit memos)', Quantity: 1, UnitAmount: 1, TaxAmount: 0, AccountCode: '200', TaxType: 'NONE' },
      { Description: 'Adjustment refunds 2024-03-05 (1 Magento credit memo)', Quantity: 1, UnitAmount: 1, TaxAmount: 0, AccountCode: '270', TaxType: 'NONE' },
    ]);
    expect([refunds.totalCents, refunds.documents]).toEqual([200, 2]);
    expect(refunds.money).toEqual([{ accountCode: '611', cents: 200, labels: ['braintree'], reference: 'DR-default-20240305-USD braintree' }]);
    expect(buildRefundSummary(input([entry(invoice11, '11')]))).toBeUndefined();
  });
});

describe('the mode of the day', () => {
  const taxed = (mode: Contribution['mode'], tax = 100) => contribution('sale', { mode, lines: [line('goods', '200', 'T', 1000, 0, tax)] });
  it('is the majority of the documents\' modes, Exclusive on a tie; NoTax documents do not vote', () => {
    expect(summaryMode([taxed('Inclusive')])).toBe('Inclusive');
    expect(summaryMode([taxed('Exclusive')])).toBe('Exclusive');
    expect(summaryMode([taxed('Inclusive'), taxed('Exclusive')])).toBe('Exclusive');
    expect(summaryMode([taxed('Inclusive'), taxed('Exclusive'), taxed('Inclusive')])).toBe('Inclusive');
    expect(summaryMode([taxed('Exclusive'), taxed('Inclusive'), taxed('Exclusive')])).toBe('Exclusive');
    expect(summaryMode([taxed('Inclusive'), taxed('NoTax', 0), taxed('NoTax', 0)])).toBe('Inclusive');
  });
  it('is NoTax for no documents or untaxed ones only, Exclusive when a NoTax document still carries tax', () => {
    expect(summaryMode([])).toBe('NoTax');
    expect(summaryMode([taxed('NoTax', 0), contribution('sale', { mode: 'NoTax' })])).toBe('NoTax');
    const secondLineTaxed = contribution('sale', { mode: 'NoTax', lines: [line('goods', '200', 'T', 1000, 0, 0), line('goods', '260', 'T', 1000, 0, 1)] });
    expect(summaryMode([taxed('NoTax', 0), secondLineTaxed])).toBe('Exclusive');
  });
});

describe('adding lines up', () => {
  it('converts each document into the day\'s mode, and keeps a line while any of its figures is not zero', () => {
    // Inclusive 120.00 with 12.00 off and 18.00 tax read as Exclusive: net 108.00 − 18.00 = 90.00, discount 12 × 90/108 = 10.00.
    const inclusive = contribution('sale', {
      mode: 'Inclusive',
      lines: [
        line('goods', '200', 'OUTPUT2', 12000, 1200, 1800),
        line('goods', '203', 'NONE', 300, 0, 0),
        line('goods', '204', 'NONE', 400, 0, 0),
      ],
    });
    // An Exclusive change: one line of tax alone, one of discount alone, and one that cancels 204.
    const cancel = contribution('sale', { lines: [line('goods', '201', 'OUTPUT2', 0, 0, 7), line('goods', '202', 'NONE', 0, 300, 0), line('goods', '204', 'NONE', -400, 0, 0)] });
    const lines = aggregateLines([entry(inclusive, '1'), entry(cancel, '2', 2)], 'Exclusive');
    expect(lines.map((l) => [l.accountCode, l.grossCents, l.discountCents, l.taxCents, l.amountCents])).toEqual([
      ['200', 10000, 1000, 1800, 9000],
      ['201', 0, 0, 7, 0],
      ['202', 0, 300, 0, -300],
      ['203', 300, 0, 0, 300],
    ]);
    // A document with two lines on one account and tax type (two items) is one reference, not two.
    const twoItems = contribution('sale', { lines: [line('goods', '200', 'OUTPUT2', 1000, 0, 200), line('goods', '200', 'OUTPUT2', 500, 0, 100)] });
    expect(aggregateLines([entry(twoItems, '5')], 'Exclusive').map((l) => [l.grossCents, l.taxCents, l.refs.map((r) => r.magentoId)])).toEqual([[1500, 300, ['5']]]);
    // Under NoTax nothing is converted.
    expect(aggregateLines([entry(inclusive, '1')], 'NoTax')[0]).toMatchObject({ grossCents: 12000, discountCents: 1200, taxCents: 1800, amountCents: 10800 });
  });
  it('converts a change that takes a discounted line back into the day\'s mode (negative amounts, half away from zero)', () => {
    // Exclusive −2.01 less −0.01, tax −1.00: amount −2.00 → inclusive −3.00; discount −0.01 × 3/2 = −0.015 → −0.02.
    const change = contribution('sale', { lines: [line('goods', '200', 'OUTPUT2', -201, -1, -100)] });
    expect(aggregateLines([entry(change, '7', 2)], 'Inclusive').map((l) => [l.grossCents, l.discountCents, l.taxCents, l.amountCents])).toEqual([[-302, -2, -100, -300]]);
  });
});

describe("a store's day", () => {
  it('is, per currency in order, its sales invoice and refunds credit note', () => {
    const euroRefund = contribution('refund', { currency: 'EUR', lines: [line('goods', '200', 'OUTPUT2', 1000, 0, 200)], money: [money('611', 'braintree', 1200)], totalCents: 1200, taxCents: 200 });
    const days = buildDaySummaries({ store, day: DAY, contact: CONTACT, entries: [entry(invoice12, '12'), entry(euroRefund, '31')] });
    expect(days.map((d) => [d.day, d.currency, d.sales?.payload.InvoiceNumber, d.refunds?.payload.CreditNoteNumber, d.sales?.totalCents ?? d.refunds?.totalCents])).toEqual([
      ['2024-03-05', 'EUR', undefined, 'DR-default-20240305-EUR', 1200],
      ['2024-03-05', 'USD', 'DS-default-20240305-USD', undefined, 5400],
    ]);
    expect(buildDaySummaries({ store, day: DAY, contact: CONTACT, entries: [] })).toEqual([]);
  });
});
