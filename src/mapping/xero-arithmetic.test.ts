import { describe, expect, it } from 'vitest';
import { computeDocument, lineAmountCents } from './xero-arithmetic.js';

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
});
