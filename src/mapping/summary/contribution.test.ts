// What one document adds to its day, from mapped documents written out by hand (every figure worked on paper): its lines
// in cents, the money it moved per account, its base amount, the conversion between tax-inclusive and exclusive lines,
// and the difference a change after the day makes.
import { describe, expect, it } from 'vitest';
import type { LineAmountTypes, XeroLineItem } from '../../domain/xero.js';
import type { CreditNoteMapping } from '../credit-note.js';
import type { InvoiceMapping, PlannedPrepayment } from '../invoice.js';
import type { PaymentMapping } from '../payment.js';
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

type PostedInvoice = Extract<InvoiceMapping, { kind: 'post' }>;
type PostedCreditNote = Extract<CreditNoteMapping, { kind: 'post' }>;

function postedInvoice(lines: XeroLineItem[], over: { mode?: LineAmountTypes; rate?: number; total?: number; tax?: number; prepayments?: PlannedPrepayment[] } = {}): PostedInvoice {
  return {
    kind: 'post',
    invoice: {
      Type: 'ACCREC', Contact: { ContactNumber: 'C1' }, InvoiceNumber: 'INV-1', Date: '2024-03-05', DueDate: '2024-03-05', Status: 'AUTHORISED',
      LineAmountTypes: over.mode ?? 'Exclusive', CurrencyCode: 'EUR', LineItems: lines,
      ...(over.rate === undefined ? {} : { CurrencyRate: over.rate }),
    },
    contactNumber: 'C1', itemSkus: [], taxRates: [], prepayments: over.prepayments ?? [],
    totalCents: over.total ?? 0, taxCents: over.tax ?? 0, roundingCents: 0, taxAdjustedCents: 0, otherChargesCents: 0, notes: [],
  };
}

function postedCreditNote(settlement: Partial<PostedCreditNote['settlement']>, over: { total?: number; tax?: number; rate?: number; lines?: XeroLineItem[] } = {}): PostedCreditNote {
  return {
    kind: 'post',
    creditNote: {
      Type: 'ACCRECCREDIT', Contact: { ContactNumber: 'C1' }, CreditNoteNumber: 'CN-1', Date: '2024-03-05', Status: 'AUTHORISED',
      LineAmountTypes: 'Inclusive', CurrencyCode: 'GBP', LineItems: over.lines ?? [],
      ...(over.rate === undefined ? {} : { CurrencyRate: over.rate }),
    },
    contactNumber: 'C1', itemSkus: [], taxRates: [], totalCents: over.total ?? 0, taxCents: over.tax ?? 0, roundingCents: 0, taxAdjustedCents: 0, otherChargesCents: 0, notes: [],
    settlement: { creditTotalCents: over.total ?? 0, moneyWentBack: true, date: '2024-03-05', refundAccountCode: '090', reference: 'Refund CM-1', ...settlement },
  };
}

const pay = (account: { Code: string } | { AccountID: string }, amountCents: number): PaymentMapping =>
  ({ kind: 'pay', payment: { Invoice: { InvoiceNumber: 'INV-1' }, Account: account, Date: '2024-03-05', Amount: amountCents / 100 }, amountCents });
const prepaid = (kind: PlannedPrepayment['kind'], accountCode: string, amountCents: number): PlannedPrepayment =>
  ({ kind, accountCode, amountCents, date: '2024-03-05', reference: 'INV-1' });
const line = (grossCents: number, discountCents: number, taxCents: number, over: Partial<ContributionLine> = {}): ContributionLine =>
  ({ kind: 'goods', accountCode: '200', taxType: 'OUTPUT2', grossCents, discountCents, taxCents, ...over });

describe('which summary line a mapped line goes to', () => {
  it('reads the per-document mapping\'s own descriptions, trimmed; shipping only without an item code', () => {
    expect(lineKind({ Description: '  Rounding ' })).toBe('rounding');
    expect(lineKind({ Description: 'Adjustment refund ' })).toBe('adjustment-refund');
    expect(lineKind({ Description: ' Adjustment fee' })).toBe('adjustment-fee');
    expect(lineKind({ Description: ' Shipping ' })).toBe('shipping');
    expect(lineKind({ Description: 'Shipping: Table Rate - Best Way', ItemCode: '' })).toBe('shipping');
    expect(lineKind({ Description: 'Shipping', ItemCode: 'SHIP' })).toBe('goods');
    // Only "Shipping" or "Shipping: <method>" as the whole description.
    expect(lineKind({ Description: 'Free Shipping' })).toBe('goods');
    expect(lineKind({ Description: 'Shipping box' })).toBe('goods');
    expect(lineKind({ Description: 'Shipping:Express' })).toBe('goods');
    expect(lineKind({ Description: 'Rounding error mug' })).toBe('goods');
  });
});

describe("a Magento invoice's contribution", () => {
  it('is its lines in cents as Xero rounds them, its payment and its prepayments, and its totals', () => {
    const mapped = postedInvoice(
      [
        // 3 × 3.33 = 9.99 less 1.00, tax 0.80; shipping 5.00, tax 1.00; a line of nothing, left out. Total 8.99 + 5.00 +
        // 1.80 = 15.79: 3.00 + 2.00 + 1.00 prepaid, 9.79 by card.
        { Description: 'Mug', ItemCode: 'MUG', Quantity: 3, UnitAmount: 3.33, DiscountAmount: 1, TaxAmount: 0.8, AccountCode: '200', TaxType: 'OUTPUT2' },
        { Description: 'Shipping', Quantity: 1, UnitAmount: 5, TaxAmount: 1, AccountCode: '210', TaxType: 'OUTPUT2' },
        { Description: 'Free gift', ItemCode: 'GIFT', Quantity: 1, UnitAmount: 0, TaxAmount: 0, AccountCode: '200', TaxType: 'OUTPUT2' },
      ],
      {
        total: 1579, tax: 180,
        prepayments: [prepaid('gift_card', '850', 300), prepaid('store_credit', '851', 200), prepaid('reward_points', '852', 100), prepaid('gift_card', '850', 0)],
      },
    );
    const c = saleContribution(mapped, pay({ Code: '611' }, 979), 'braintree');
    expect(c).toEqual({
      kind: 'sale',
      currency: 'EUR',
      mode: 'Exclusive',
      lines: [
        { kind: 'goods', accountCode: '200', taxType: 'OUTPUT2', grossCents: 999, discountCents: 100, taxCents: 80 },
        { kind: 'shipping', accountCode: '210', taxType: 'OUTPUT2', grossCents: 500, discountCents: 0, taxCents: 100 },
      ],
      money: [
        { accountCode: '611', label: 'braintree', cents: 979 },
        { accountCode: '850', label: 'gift card', cents: 300 },
        { accountCode: '851', label: 'store credit', cents: 200 },
        { accountCode: '852', label: 'reward points', cents: 100 },
      ],
      totalCents: 1579,
      taxCents: 180,
    });
    expect('baseCents' in c).toBe(false);
  });

  it('keeps a line while any of its figures is not zero, and an account or tax type it lacks reads as empty', () => {
    const mapped = postedInvoice([
      { Description: 'Tax on a free item', Quantity: 1, UnitAmount: 0, TaxAmount: 0.07 },
      { Description: 'Voucher', Quantity: 1, UnitAmount: 0, DiscountAmount: 2 },
      { Description: 'Sample', Quantity: 1, UnitAmount: 0.01 },
    ], { mode: 'Inclusive' });
    expect(saleContribution(mapped, undefined, 'checkmo').lines).toEqual([
      { kind: 'goods', accountCode: '', taxType: '', grossCents: 0, discountCents: 0, taxCents: 7 },
      { kind: 'goods', accountCode: '', taxType: '', grossCents: 0, discountCents: 200, taxCents: 0 },
      { kind: 'goods', accountCode: '', taxType: '', grossCents: 1, discountCents: 0, taxCents: 0 },
    ]);
    expect(saleContribution(mapped, undefined, 'checkmo').mode).toBe('Inclusive');
  });

  it('pays into the account as the payment names it, by code or by id, and moves nothing for no payment', () => {
    const mapped = postedInvoice([{ Description: 'Mug', ItemCode: 'MUG', Quantity: 1, UnitAmount: 10, AccountCode: '200', TaxType: 'NONE' }], { total: 1000 });
    expect(saleContribution(mapped, pay({ AccountID: '5f0c-clearing' }, 1000), 'paypal_express').money).toEqual([{ accountCode: '5f0c-clearing', label: 'paypal_express', cents: 1000 }]);
    expect(saleContribution(mapped, pay({ Code: '611' }, 0), 'braintree').money).toEqual([]);
    expect(saleContribution(mapped, { kind: 'skip', reason: 'do not pay' }, 'checkmo').money).toEqual([]);
    expect(saleContribution(mapped, undefined, 'checkmo').money).toEqual([]);
  });

  it('books its total in base currency at total ÷ rate, rounded half away from zero, only for a positive rate', () => {
    const lines: XeroLineItem[] = [{ Description: 'Mug', ItemCode: 'MUG', Quantity: 1, UnitAmount: 123.45, AccountCode: '200', TaxType: 'NONE' }];
    // 123.45 ÷ 0.9213 = 133.9955… → 134.00.
    expect(saleContribution(postedInvoice(lines, { total: 12345, rate: 0.9213 }), undefined, 'x').baseCents).toBe(13400);
    // 0.01 ÷ 2 = 0.005 → 0.01; −0.01 ÷ 2 → −0.01.
    expect(saleContribution(postedInvoice(lines, { total: 1, rate: 2 }), undefined, 'x').baseCents).toBe(1);
    expect(saleContribution(postedInvoice(lines, { total: -1, rate: 2 }), undefined, 'x').baseCents).toBe(-1);
    expect('baseCents' in saleContribution(postedInvoice(lines, { total: 12345, rate: 0 }), undefined, 'x')).toBe(false);
    expect('baseCents' in saleContribution(postedInvoice(lines, { total: 12345, rate: -1 }), undefined, 'x')).toBe(false);
  });
});

describe("a credit memo's contribution", () => {
  it('gives gift cards and store credit back to their accounts, and the rest through the method when money went back', () => {
    const mapped = postedCreditNote(
      {
        liabilityRefunds: [
          { kind: 'gift_card', accountCode: '850', cents: 500, reference: 'r' },
          { kind: 'store_credit', accountCode: '851', cents: 300, reference: 'r' },
          { kind: 'gift_card', accountCode: '850', cents: 0, reference: 'r' },
        ],
      },
      { total: 2000, tax: 383, rate: 1.25, lines: [{ Description: 'Adjustment fee', Quantity: 1, UnitAmount: -3, AccountCode: '260', TaxType: 'NONE' }, { Description: 'Tee', ItemCode: 'TEE', Quantity: 1, UnitAmount: 23, TaxAmount: 3.83, AccountCode: '200', TaxType: 'OUTPUT2' }] },
    );
    // 20.00 − 5.00 − 3.00 = 12.00 back through the method's account; 20.00 ÷ 1.25 = 16.00 in base.
    expect(refundContribution(mapped, 'braintree')).toEqual({
      kind: 'refund',
      currency: 'GBP',
      mode: 'Inclusive',
      lines: [
        { kind: 'adjustment-fee', accountCode: '260', taxType: 'NONE', grossCents: -300, discountCents: 0, taxCents: 0 },
        { kind: 'goods', accountCode: '200', taxType: 'OUTPUT2', grossCents: 2300, discountCents: 0, taxCents: 383 },
      ],
      money: [
        { accountCode: '850', label: 'gift card', cents: 500 },
        { accountCode: '851', label: 'store credit', cents: 300 },
        { accountCode: '090', label: 'braintree', cents: 1200 },
      ],
      totalCents: 2000,
      taxCents: 383,
      baseCents: 1600,
    });
  });

  it('moves no money back when none went back (offline, kept as credit), or when the liabilities took it all', () => {
    expect(refundContribution(postedCreditNote({ moneyWentBack: false }, { total: 2000 }), 'checkmo').money).toEqual([]);
    const toGiftCard = postedCreditNote({ moneyWentBack: true, liabilityRefunds: [{ kind: 'gift_card', accountCode: '850', cents: 2000, reference: 'r' }] }, { total: 2000 });
    expect(refundContribution(toGiftCard, 'braintree').money).toEqual([{ accountCode: '850', label: 'gift card', cents: 2000 }]);
    const refund = refundContribution(postedCreditNote({}, { total: 2000 }), 'braintree');
    expect(refund.money).toEqual([{ accountCode: '090', label: 'braintree', cents: 2000 }]);
    expect('baseCents' in refund).toBe(false);
  });
});

describe('an empty contribution', () => {
  it('adds nothing, in Exclusive unless told', () => {
    expect(emptyContribution('refund', 'EUR')).toEqual({ kind: 'refund', currency: 'EUR', mode: 'Exclusive', lines: [], money: [], totalCents: 0, taxCents: 0 });
    expect(emptyContribution('sale', 'EUR', 'Inclusive').mode).toBe('Inclusive');
  });
  it('is one with no total, no tax, no line and no money moved', () => {
    const empty = emptyContribution('sale', 'USD');
    expect(isEmptyContribution(empty)).toBe(true);
    expect(isEmptyContribution({ ...empty, money: [{ accountCode: '611', label: 'braintree', cents: 0 }] })).toBe(true);
    expect(isEmptyContribution({ ...empty, totalCents: 1 })).toBe(false);
    expect(isEmptyContribution({ ...empty, taxCents: -1 })).toBe(false);
    expect(isEmptyContribution({ ...empty, lines: [line(0, 0, 0)] })).toBe(false);
    expect(isEmptyContribution({ ...empty, money: [{ accountCode: '611', label: 'a', cents: 0 }, { accountCode: '612', label: 'b', cents: 5 }] })).toBe(false);
  });
});

describe('a line read in the other mode', () => {
  it('keeps net and tax; the discount scaled by the same ratio, rounded half away from zero', () => {
    // Exclusive 2.01 less 0.01, tax 1.00: amount 2.00 → inclusive 3.00; discount 0.01 × 3/2 = 0.015 → 0.02.
    expect(convertLine(line(201, 1, 100), 'Exclusive', 'Inclusive')).toEqual(line(302, 2, 100));
    expect(convertLine(line(-201, -1, -100), 'Exclusive', 'Inclusive')).toEqual(line(-302, -2, -100));
    // Inclusive 3.02 less 0.02, tax 1.00: amount 3.00 → net 2.00; discount 0.02 × 2/3 = 0.0133 → 0.01.
    expect(convertLine(line(302, 2, 100), 'Inclusive', 'Exclusive')).toEqual(line(201, 1, 100));
  });
  it('leaves the whole discount on a line whose amount is nothing, and adds none where there was none', () => {
    // Inclusive 5.00 less 5.00 with 1.00 tax (a tax Magento charged on the full price): net −1.00, the 5.00 off kept.
    expect(convertLine(line(500, 500, 100), 'Inclusive', 'Exclusive')).toEqual(line(400, 500, 100));
    expect(convertLine(line(1000, 0, 200), 'Exclusive', 'Inclusive')).toEqual(line(1200, 0, 200));
  });
  it('changes nothing from or to NoTax, in the same mode, or without tax', () => {
    const taxed = line(1000, 100, 180);
    expect(convertLine(taxed, 'NoTax', 'Exclusive')).toEqual(taxed);
    expect(convertLine(taxed, 'Inclusive', 'NoTax')).toEqual(taxed);
    expect(convertLine(taxed, 'Exclusive', 'Exclusive')).toEqual(taxed);
    expect(convertLine(line(1000, 100, 0), 'Inclusive', 'Exclusive')).toEqual(line(1000, 100, 0));
  });
});

describe('what a change after the day adds', () => {
  const sale = (over: Partial<Contribution>): Contribution => ({ ...emptyContribution('sale', 'USD'), ...over });

  it('is next − previous per line (kind, account, tax type) and per account and label, leaving out what did not change', () => {
    const prev = sale({
      lines: [line(1000, 100, 180), line(500, 0, 100, { kind: 'shipping', accountCode: '210' }), line(300, 0, 0, { taxType: 'NONE' }), line(700, 0, 0, { accountCode: '201' })],
      money: [{ accountCode: '611', label: 'braintree', cents: 2080 }, { accountCode: '850', label: 'gift card', cents: 600 }],
      totalCents: 2680, taxCents: 280, baseCents: 2000,
    });
    const next = sale({
      currency: 'usd-next',
      lines: [line(1000, 150, 180), line(500, 0, 90, { kind: 'shipping', accountCode: '210' }), line(300, 0, 0, { taxType: 'NONE' }), line(800, 0, 0, { accountCode: '201' }), line(400, 0, 0, { accountCode: '202' })],
      money: [{ accountCode: '611', label: 'braintree', cents: 2080 }, { accountCode: '611', label: 'applepay', cents: 390 }, { accountCode: '850', label: 'gift card', cents: 650 }],
      totalCents: 3120, taxCents: 270, baseCents: 2400,
    });
    expect(subtractContributions(next, prev)).toEqual({
      kind: 'sale',
      currency: 'usd-next',
      mode: 'Exclusive',
      lines: [
        line(0, 50, 0),
        line(0, 0, -10, { kind: 'shipping', accountCode: '210' }),
        line(100, 0, 0, { accountCode: '201' }),
        line(400, 0, 0, { accountCode: '202' }),
      ],
      money: [{ accountCode: '611', label: 'applepay', cents: 390 }, { accountCode: '850', label: 'gift card', cents: 50 }],
      totalCents: 440,
      taxCents: -10,
      baseCents: 400,
    });
  });

  it('reads both in the new version\'s mode, or in the old one\'s when the new version has no lines', () => {
    // Inclusive 12.00 incl. 2.00 tax is 10.00 + 2.00 in Exclusive: the same line, so nothing changed.
    const inclusive = sale({ mode: 'Inclusive', lines: [line(1200, 0, 200)], totalCents: 1200, taxCents: 200 });
    const exclusive = sale({ mode: 'Exclusive', lines: [line(1000, 0, 200)], totalCents: 1200, taxCents: 200 });
    expect(subtractContributions(exclusive, inclusive)).toMatchObject({ mode: 'Exclusive', lines: [] });
    expect(subtractContributions(inclusive, exclusive)).toMatchObject({ mode: 'Inclusive', lines: [] });
    // Canceled: the old lines come off as they were.
    expect(subtractContributions(emptyContribution('sale', 'USD'), inclusive)).toMatchObject({ mode: 'Inclusive', lines: [line(-1200, 0, -200)], totalCents: -1200 });
    expect(subtractContributions(emptyContribution('sale', 'USD', 'NoTax'), emptyContribution('sale', 'USD')).mode).toBe('NoTax');
  });

  it('has a base amount when both sides have one, or when the side without one is worth nothing', () => {
    const worth = (totalCents: number, baseCents?: number) => sale({ totalCents, ...(baseCents === undefined ? {} : { baseCents }) });
    expect(subtractContributions(worth(1000, 800), worth(600, 500)).baseCents).toBe(300);
    expect(subtractContributions(worth(0), worth(600, 500)).baseCents).toBe(-500);
    expect(subtractContributions(worth(1000, 800), worth(0)).baseCents).toBe(800);
    expect('baseCents' in subtractContributions(worth(1000), worth(600, 500))).toBe(false);
    expect('baseCents' in subtractContributions(worth(1000, 800), worth(600))).toBe(false);
    expect('baseCents' in subtractContributions(worth(0), worth(0))).toBe(false);
  });
});
