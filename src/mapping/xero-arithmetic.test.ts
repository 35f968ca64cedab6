import { describe, expect, it } from 'vitest';
import { computeDocument, lineAmountCents, lineTaxCents } from './xero-arithmetic.js';

describe('Xero arithmetic', () => {
  it('rounds line amounts half away from zero after discounts', () => {
    expect(lineAmountCents({ Quantity: 3, UnitAmount: 0.335 })).toBe(101); // 1.005 → 1.01
    expect(lineAmountCents({ Quantity: 1, UnitAmount: -0.005 })).toBe(-1);
    expect(lineAmountCents({ Quantity: 2, UnitAmount: 10, DiscountAmount: 3.5 })).toBe(1650);
    expect(lineAmountCents({ Quantity: 1, UnitAmount: 99.99, DiscountRate: 27.83 })).toBe(7216); // 72.1628
    expect(lineAmountCents({ Quantity: 0.5, UnitAmount: 12.3457 })).toBe(617);
  });

  it('computes tax from rates when no TaxAmount is sent', () => {
    const rate = (t: string) => (t === 'NY' ? 8.875 : 0);
    const ex = computeDocument({ LineAmountTypes: 'Exclusive', LineItems: [{ Description: 'a', Quantity: 1, UnitAmount: 10, TaxType: 'NY' }] }, rate);
    expect(ex).toMatchObject({ subTotal: 1000, totalTax: 89, total: 1089 });
    const inc = computeDocument({ LineAmountTypes: 'Inclusive', LineItems: [{ Description: 'a', Quantity: 1, UnitAmount: 10.89, TaxType: 'NY' }] }, rate);
    expect(inc).toMatchObject({ subTotal: 1000, totalTax: 89, total: 1089 });
  });

  it('uses the TaxAmount override and ignores tax on NoTax documents', () => {
    const lines = [{ Description: 'a', Quantity: 2, UnitAmount: 5, TaxAmount: 0.9, DiscountAmount: 1 }];
    expect(computeDocument({ LineAmountTypes: 'Exclusive', LineItems: lines })).toMatchObject({ subTotal: 900, totalTax: 90, total: 990 });
    expect(computeDocument({ LineAmountTypes: 'Inclusive', LineItems: lines })).toMatchObject({ subTotal: 810, totalTax: 90, total: 900 });
    expect(computeDocument({ LineAmountTypes: 'NoTax', LineItems: lines })).toMatchObject({ subTotal: 900, totalTax: 0, total: 900 });
  });

  // The model computes tax only from a rate it is given (TaxRateLookup) or the line's own TaxAmount (Xero's LineItem
  // TaxAmount, xero_accounting.yaml: "The tax amount is auto calculated as a percentage of the line amount"); a line whose
  // rate it cannot look up is counted untaxed rather than guessed.
  it('counts a line untaxed when no lookup, no TaxType or an unknown TaxType gives no rate', () => {
    const rate = (t: string) => (t === 'NY' ? 8.875 : undefined);
    expect(lineTaxCents({ TaxType: 'NY' }, 1000, 'Exclusive')).toBe(0); // no lookup at all
    expect(lineTaxCents({}, 1000, 'Exclusive', rate)).toBe(0); // a lookup, but no TaxType to look up
    expect(lineTaxCents({ TaxType: 'UNKNOWN' }, 1000, 'Inclusive', rate)).toBe(0); // the lookup does not know it
    // The same line with a known rate: 10.00 × 8.875 % = 0.8875 → 0.89; inclusive 10.00 × 8.875 / 108.875 = 0.8152 → 0.82.
    expect(lineTaxCents({ TaxType: 'NY' }, 1000, 'Exclusive', rate)).toBe(89);
    expect(lineTaxCents({ TaxType: 'NY' }, 1000, 'Inclusive', rate)).toBe(82);
    // A rate of 0 is no tax: 10.00 × 0 % = 0.
    expect(lineTaxCents({ TaxType: 'ZERO' }, 1000, 'Inclusive', () => 0)).toBe(0);
  });
});
