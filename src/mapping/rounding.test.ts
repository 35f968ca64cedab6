// reconcile() on its own, with figures worked out by hand in the comments: which line takes a tax difference, how far the
// tolerance reaches, the rounding line it adds, and the errors it raises beyond the tolerance. Every line here sends its
// TaxAmount, so Xero's figures are plain sums: LineAmount = Quantity × UnitAmount, tax as sent.
import { describe, expect, it } from 'vitest';
import { MappingError } from '../domain/errors.js';
import type { XeroLineItem } from '../domain/xero.js';
import { reconcile, ROUNDING_DESCRIPTION, type ReconcileTarget } from './rounding.js';
import { testSettings } from './test-support.js';

const record = { entity: 'order', id: '100000042', storeId: 1 };

function line(description: string, unitAmount: number, taxAmount: number, quantity = 1): XeroLineItem {
  return { Description: description, Quantity: quantity, UnitAmount: unitAmount, AccountCode: '200', TaxType: 'TAX001', TaxAmount: taxAmount };
}

function target(totalCents: number, taxCents: number, lineTargets: number[] = []): ReconcileTarget {
  return { totalCents, taxCents, lineTargets, currency: 'USD', roundingTaxType: 'NONE' };
}

function caught(run: () => unknown): MappingError {
  try {
    run();
  } catch (error) {
    if (error instanceof MappingError) return error;
    throw error;
  }
  throw new Error('expected a MappingError');
}

describe('reconcile: figures that already agree', () => {
  it('changes nothing, adds no line and reports zero adjustments', () => {
    // 10.00 + 20.00 + 5.00 = 35.00; tax 0.89 + 1.78 + 0 = 2.67; total 37.67.
    const input = [line('Tee', 10, 0.89), line('Mug', 10, 1.78, 2), line('Card', 5, 0)];
    const result = reconcile(input, 'Exclusive', target(3767, 267), testSettings(), record);
    expect(result.lines).toEqual(input);
    expect(result.lines[0]).not.toBe(input[0]);
    expect([result.roundingCents, result.taxAdjustedCents]).toEqual([0, 0]);
    expect([result.arithmetic.subTotal, result.arithmetic.totalTax, result.arithmetic.total]).toEqual([3500, 267, 3767]);
  });
});

describe('reconcile: a tax difference within tolerance', () => {
  it('goes onto the line with the largest tax, leaving the caller\'s lines alone', () => {
    // Lines' tax 0.89 + 1.78 + 0 = 2.67; Magento charged 2.68: +0.01 onto the Mug (1.78 → 1.79). Total 35.00 + 2.68.
    const input = [line('Tee', 10, 0.89), line('Mug', 10, 1.78, 2), line('Card', 5, 0)];
    const result = reconcile(input, 'Exclusive', target(3768, 268), testSettings(), record);
    expect(result.lines.map((l) => l.TaxAmount)).toEqual([0.89, 1.79, 0]);
    expect(input[1]?.TaxAmount).toBe(1.78);
    expect([result.roundingCents, result.taxAdjustedCents]).toEqual([0, 1]);
    expect([result.arithmetic.totalTax, result.arithmetic.total]).toEqual([268, 3768]);
    expect(result.arithmetic.lines.map((l) => l.taxAmount)).toEqual([89, 179, 0]);
  });

  it('takes the largest tax whatever its position, and a negative one by its size', () => {
    // Tee +0.80, Return −20.00 with −1.60, Sock 0.16: |−1.60| is the largest. Amounts 10 − 20 + 2 = −8.00, tax
    // 0.80 − 1.60 + 0.16 = −0.64; Magento −0.65: −0.01 onto the Return.
    const input = [line('Tee', 10, 0.8), line('Return', -20, -1.6), line('Sock', 2, 0.16)];
    const result = reconcile(input, 'Exclusive', target(-865, -65), testSettings(), record);
    expect(result.lines.map((l) => l.TaxAmount)).toEqual([0.8, -1.61, 0.16]);
    expect(result.taxAdjustedCents).toBe(-1);
  });

  it('gives it to the first of two equally large taxes', () => {
    // 0.50 and 0.50 (and 0.20 between): Magento charged 1.21, +0.01 onto the first 0.50.
    const input = [line('A', 5, 0.5), line('B', 2, 0.2), line('C', 5, 0.5)];
    const result = reconcile(input, 'Exclusive', target(1321, 121), testSettings(), record);
    expect(result.lines.map((l) => l.TaxAmount)).toEqual([0.51, 0.2, 0.5]);
  });

  it('in tax-inclusive amounts, moves tax without moving the total', () => {
    // Inclusive: Total = Σ LineAmount = 11.00 whatever the tax; tax 1.00 → Magento 0.99, −0.01.
    const input = [line('Tee', 11, 1)];
    const result = reconcile(input, 'Inclusive', target(1100, 99), testSettings(), record);
    expect(result.lines[0]?.TaxAmount).toBe(0.99);
    expect([result.arithmetic.subTotal, result.arithmetic.totalTax, result.arithmetic.total]).toEqual([1001, 99, 1100]);
    expect([result.roundingCents, result.taxAdjustedCents]).toEqual([0, -1]);
  });

  it('ignores tax in NoTax documents, and their rounding line carries no TaxAmount', () => {
    const input: XeroLineItem[] = [{ Description: 'Tee', Quantity: 1, UnitAmount: 10, AccountCode: '200' }];
    const result = reconcile(input, 'NoTax', target(1001, 5), testSettings(), record);
    expect(result.taxAdjustedCents).toBe(0);
    expect(result.lines[1]).toEqual({ Description: 'Rounding', Quantity: 1, UnitAmount: 0.01, AccountCode: '860', TaxType: 'NONE' });
    expect('TaxAmount' in (result.lines[1] as object)).toBe(false);
  });
});

describe('reconcile: the tolerance', () => {
  // One cent per line by default: three lines allow 0.03.
  const three = () => [line('Tee', 10, 0.89), line('Mug', 10, 1.78, 2), line('Card', 5, 0)];

  it('accepts a tax difference of exactly one cent per line', () => {
    const result = reconcile(three(), 'Exclusive', target(3770, 270), testSettings(), record);
    expect(result.taxAdjustedCents).toBe(3);
    expect(result.lines[1]?.TaxAmount).toBe(1.81);
  });

  it('refuses one cent more, saying what the lines\' tax comes to and what Magento charged', () => {
    const error = caught(() => reconcile(three(), 'Exclusive', target(3771, 271), testSettings(), record));
    expect(error.code).toBe('rounding_beyond_tolerance');
    expect(error.message).toBe(
      "Magento order 100000042 (store 1): the lines' tax comes to USD 2.67 but Magento charged USD 2.71 tax. Nothing was posted. Check the document's tax in Magento (Order Totals): a tax in no total the connector reads (items, shipping, fixed product taxes, gift wrapping) is charged by an extension; raise the rounding tolerance in Settings only if the difference is rounding.",
    );
    expect(error.details).toEqual({ taxDriftCents: 4, toleranceCents: 3 });
    expect(error.record).toEqual(record);
  });

  it('refuses a tax difference below zero the same way', () => {
    const error = caught(() => reconcile(three(), 'Exclusive', target(3763, 263), testSettings(), record));
    expect(error.details).toEqual({ taxDriftCents: -4, toleranceCents: 3 });
  });

  it('scales with the setting: two cents a line allow 0.06 on three lines', () => {
    const result = reconcile(three(), 'Exclusive', target(3773, 273), testSettings({ roundingToleranceCentsPerLine: 2 }), record);
    expect(result.taxAdjustedCents).toBe(6);
    const error = caught(() => reconcile(three(), 'Exclusive', target(3774, 274), testSettings({ roundingToleranceCentsPerLine: 2 }), record));
    expect(error.details).toEqual({ taxDriftCents: 7, toleranceCents: 6 });
  });

  it('allows one line\'s worth on a document with no lines', () => {
    const result = reconcile([], 'Exclusive', target(1, 0), testSettings(), record);
    expect(result.roundingCents).toBe(1);
    expect(result.lines).toHaveLength(1);
    expect(caught(() => reconcile([], 'Exclusive', target(2, 0), testSettings(), record)).details).toEqual({
      differenceCents: 2,
      toleranceCents: 1,
    });
  });

  it('refuses even a cent of tax when no line is taxed: there is nowhere to put it', () => {
    const error = caught(() => reconcile([line('Card', 5, 0)], 'Exclusive', target(501, 1), testSettings(), record));
    expect(error.code).toBe('rounding_beyond_tolerance');
    expect(error.details).toEqual({ taxDriftCents: 1, toleranceCents: 1 });
  });
});

describe('reconcile: a total difference', () => {
  it('within tolerance becomes a rounding line on the rounding account, outside tax', () => {
    // 10.00 + 0.80 tax = 10.80; Magento 10.81: a rounding line of 0.01 with no tax.
    const result = reconcile([line('Tee', 10, 0.8)], 'Exclusive', target(1081, 80), testSettings(), record);
    expect(result.lines[1]).toEqual({ Description: ROUNDING_DESCRIPTION, Quantity: 1, UnitAmount: 0.01, AccountCode: '860', TaxType: 'NONE', TaxAmount: 0 });
    expect(ROUNDING_DESCRIPTION).toBe('Rounding');
    expect([result.roundingCents, result.taxAdjustedCents]).toEqual([1, 0]);
    expect([result.arithmetic.subTotal, result.arithmetic.totalTax, result.arithmetic.total]).toEqual([1001, 80, 1081]);
  });

  it('below Magento\'s total gives a negative rounding line, on the account set in Settings', () => {
    const settings = testSettings({ accounts: { rounding: '899' } } as never);
    const result = reconcile([line('Tee', 10, 0.8)], 'Exclusive', target(1079, 80), settings, record);
    expect(result.lines[1]).toMatchObject({ UnitAmount: -0.01, AccountCode: '899' });
    expect(result.roundingCents).toBe(-1);
    expect(result.arithmetic.total).toBe(1079);
  });

  it('after moving tax, rounds only what is left', () => {
    // Tax 0.80 → Magento 0.81 (+0.01 onto the Tee); total 10.81 + 0.01 more = 10.82: one rounding cent. Two lines then
    // allow 0.02, and 0.01 of tax plus 0.01 of rounding are each within it.
    const result = reconcile([line('Tee', 10, 0.8), line('Card', 5, 0)], 'Exclusive', target(1582, 81), testSettings(), record);
    expect([result.taxAdjustedCents, result.roundingCents]).toEqual([1, 1]);
    expect(result.lines.map((l) => l.UnitAmount)).toEqual([10, 5, 0.01]);
  });

  it('beyond tolerance names each line whose amount is not what Magento charged', () => {
    // Widget 10.00 (Magento 10.05), Box 5.00 (Magento 5.05), Pen 1.00 (no figure from Magento): Xero 16.00, Magento
    // 16.10, difference 0.10 over a tolerance of 0.03.
    const input = [line('Widget', 10, 0), line('Box', 5, 0), line('Pen', 1, 0)];
    const error = caught(() => reconcile(input, 'Exclusive', target(1610, 0, [1005, 505]), testSettings(), record));
    expect(error.code).toBe('rounding_beyond_tolerance');
    expect(error.message).toBe(
      'Magento order 100000042 (store 1): Xero would total USD 16.00 but Magento\'s grand total is USD 16.10 (difference 0.10, tolerance 0.03). Lines that differ: "Widget" (Xero 10.00, Magento 10.05); "Box" (Xero 5.00, Magento 5.05). Nothing was posted. Check the document in Magento, or raise the rounding tolerance in Settings if the difference is rounding.',
    );
    expect(error.details).toEqual({
      driftCents: 10,
      toleranceCents: 3,
      lines: ['"Widget" (Xero 10.00, Magento 10.05)', '"Box" (Xero 5.00, Magento 5.05)'],
    });
  });

  it('beyond tolerance with every line as Magento charged it: an amount in no total the connector reads, above', () => {
    const input = [line('Widget', 10, 0), line('Box', 5, 0)];
    const error = caught(() => reconcile(input, 'Exclusive', target(1510, 0, [1000, 500]), testSettings(), record));
    expect(error.code).toBe('unexplained_difference');
    expect(error.message).toBe(
      'Magento order 100000042 (store 1): Magento\'s grand total USD 15.10 is USD 0.10 more than its items, shipping, fixed product taxes, gift wrapping and adjustments add up to (USD 15.00): an amount in no Magento total the connector reads, such as an extension\'s fee or surcharge. Nothing was posted. Check the totals in Magento (Sales → Orders → the order → Order Totals). To post such a difference to the other charges account, turn on "Post an unexplained difference" with a limit in Settings → Posting, then retry.',
    );
    expect(error.details).toEqual({ differenceCents: 10, toleranceCents: 2 });
  });

  it('… and below', () => {
    const input = [line('Widget', 10, 0), line('Box', 5, 0)];
    const error = caught(() => reconcile(input, 'Exclusive', target(1490, 0, [1000, 500]), testSettings(), record));
    expect(error.code).toBe('unexplained_difference');
    expect(error.message).toContain("Magento's grand total USD 14.90 is USD 0.10 less than its items");
    expect(error.details).toEqual({ differenceCents: -10, toleranceCents: 2 });
  });

  it('at exactly the tolerance still rounds; one cent more is refused', () => {
    const input = [line('Widget', 10, 0), line('Box', 5, 0)];
    expect(reconcile(input, 'Exclusive', target(1502, 0, [1000, 500]), testSettings(), record).roundingCents).toBe(2);
    expect(reconcile(input, 'Exclusive', target(1498, 0, [1000, 500]), testSettings(), record).roundingCents).toBe(-2);
    expect(caught(() => reconcile(input, 'Exclusive', target(1497, 0, [1000, 500]), testSettings(), record)).code).toBe('unexplained_difference');
  });
});
