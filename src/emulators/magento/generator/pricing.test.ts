import { describe, expect, it } from 'vitest';
import { convert, divRound, percentOf, taxIncluded } from '../money.js';
import { priceLine, spreadFixedDiscount } from './pricing.js';

describe('money', () => {
  it('rounds half away from zero like PHP', () => {
    expect(divRound(5, 2)).toBe(3);
    expect(divRound(-5, 2)).toBe(-3);
    expect(divRound(4, 3)).toBe(1);
  });

  it('takes percentages with three decimals exactly', () => {
    expect(percentOf(1000, 8.875)).toBe(89); // 88.75 → 89
    expect(percentOf(2000, 8.875)).toBe(178); // 177.5 → 178
    expect(percentOf(3199, 8.25)).toBe(264); // 263.9175
    expect(taxIncluded(1200, 20)).toBe(200);
    expect(taxIncluded(999, 19)).toBe(160); // 159.50 → 160
    expect(convert(2900, 0.7856)).toBe(2278); // 22.7824
  });
});

describe('priceLine', () => {
  it('taxes the discounted amount when prices exclude tax', () => {
    // 3 × 10.00 at 8.25 %, 10 % off: tax on 27.00 = 2.2275 → 2.23
    expect(priceLine({ unit: 1000, qty: 3, taxPercent: 8.25, discount: { percent: 10 }, inclusive: false })).toEqual({
      price: 1000,
      price_incl_tax: 1083,
      row_total: 3000,
      row_total_incl_tax: 3248,
      tax_amount: 223,
      discount_amount: 300,
      discount_tax_compensation_amount: 0,
      tax_before_discount: 248,
    });
  });

  it('gives back the tax hidden in a discount on tax-inclusive prices as compensation', () => {
    // 2 × 12.00 incl. 20 % VAT, 15 % off: row 24.00 holds 4.00 tax; 3.60 off; 20.40 holds 3.40 tax.
    const line = priceLine({ unit: 1200, qty: 2, taxPercent: 20, discount: { percent: 15 }, inclusive: true });
    expect(line).toEqual({
      price: 1000,
      price_incl_tax: 1200,
      row_total: 2000,
      row_total_incl_tax: 2400,
      tax_amount: 340,
      discount_amount: 360,
      discount_tax_compensation_amount: 60,
      tax_before_discount: 400,
    });
    expect(line.row_total - line.discount_amount + line.tax_amount + line.discount_tax_compensation_amount).toBe(2040);
  });

  it('makes a 100 % discount free of tax', () => {
    const line = priceLine({ unit: 4599, qty: 1, taxPercent: 8.875, discount: { percent: 100 }, inclusive: false });
    expect(line.row_total - line.discount_amount + line.tax_amount).toBe(0);
  });

  it('spreads a fixed cart discount in proportion, to the cent', () => {
    expect(spreadFixedDiscount(1000, [3000, 3000, 3000])).toEqual([333, 334, 333]);
    expect(spreadFixedDiscount(1000, [500])).toEqual([500]);
    expect(spreadFixedDiscount(1000, [1, 2, 3]).reduce((a, b) => a + b, 0)).toBe(6);
  });
});
