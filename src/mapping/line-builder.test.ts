// Pricing a Xero line so that Xero's LineAmount comes to Magento's amount to the cent (line-builder.ts), rule by rule.
// Xero: "LineAmount = (Quantity * UnitAmount) - DiscountAmount" (xero_accounting.yaml, LineItem.LineAmount), to the cent,
// with unit amounts to four places ("unitdp=4 – You can opt in to use four decimal places for unit amounts", same file).
// Every figure below is that product worked by hand in the comment beside it, rounded half away from zero as the
// connector rounds (src/domain/money.ts; the emulator of Xero in src/emulators/xero/totals.ts rounds the same way).
import { describe, expect, it } from 'vitest';
import { buildLine, LINE_DESCRIPTION_MAX, priceLine, type BuildOptions, type LineSpec } from './line-builder.js';

describe('priceLine: quantities and amounts it does not price', () => {
  it('a quantity of 0 posts one line of the whole amount, folded', () => {
    expect(priceLine({ quantity: 0, targetCents: 500, discountCents: 0 }, true)).toEqual({ quantity: 1, unit4: 50000, discountCents: 0, quantityFolded: true });
  });

  it('a negative amount posts one line of it: folded unless the quantity was 1 already', () => {
    // −2.50 → unit 4-dp −25000.
    expect(priceLine({ quantity: 1, targetCents: -250, discountCents: 0 }, true)).toEqual({ quantity: 1, unit4: -25000, discountCents: 0, quantityFolded: false });
    expect(priceLine({ quantity: 2, targetCents: -250, discountCents: 0 }, false)).toEqual({ quantity: 1, unit4: -25000, discountCents: 0, quantityFolded: true });
    expect(priceLine({ quantity: -2, targetCents: 250, discountCents: 0 }, false)).toEqual({ quantity: 1, unit4: 25000, discountCents: 0, quantityFolded: true });
  });

  it('an amount of 0 keeps its quantity at a unit price of 0', () => {
    // 2 × 0.0000 = 0.00.
    expect(priceLine({ quantity: 2, targetCents: 0, discountCents: 0 }, false)).toEqual({ quantity: 2, unit4: 0, discountCents: 0, quantityFolded: false });
    expect(priceLine({ quantity: 2, targetCents: 0, discountCents: 0 }, true)).toEqual({ quantity: 2, unit4: 0, discountCents: 0, quantityFolded: false });
  });
});

describe('priceLine without discounts (credit notes)', () => {
  it('the nearest 4-dp unit price: 10.00 over 3 is 3.3333', () => {
    // 10.00 ÷ 3 = 3.33333… → 3.3333; 3 × 3.3333 = 9.9999 → 10.00. The 1.50 discount asked for is not given.
    expect(priceLine({ quantity: 3, targetCents: 1000, discountCents: 150, unitHint: 3.5 }, false)).toEqual({ quantity: 3, unit4: 33333, discountCents: 0, quantityFolded: false });
  });

  it('a decimal quantity: 1.2346 kg for 10.00 at 8.0998', () => {
    // 10.00 ÷ 1.2346 = 8.09978… → 8.0998; 1.2346 × 8.0998 = 10.00001… → 10.00.
    expect(priceLine({ quantity: 1.2346, targetCents: 1000, discountCents: 0 }, false)).toEqual({ quantity: 1.2346, unit4: 80998, discountCents: 0, quantityFolded: false });
  });

  it('1000 units: 123.40 is 0.1234 each, but 123.45 needs a fifth place, so the line is folded to one of 123.45', () => {
    // 123.40 ÷ 1000 = 0.1234 exactly. 123.45 ÷ 1000 = 0.12345: 0.1234 gives 123.40, 0.1235 gives 123.50.
    expect(priceLine({ quantity: 1000, targetCents: 12340, discountCents: 0 }, false)).toEqual({ quantity: 1000, unit4: 1234, discountCents: 0, quantityFolded: false });
    expect(priceLine({ quantity: 1000, targetCents: 12345, discountCents: 0 }, false)).toEqual({ quantity: 1, unit4: 1234500, discountCents: 0, quantityFolded: true });
  });
});

describe('priceLine with discounts (invoices)', () => {
  it('without a hint: the smallest unit price whose row covers amount + discount', () => {
    // 10.00 over 3, no discount: 3.3334 (3 × 3.3333 = 9.9999 is short of 10.00 before rounding; 3 × 3.3334 = 10.0002 →
    // 10.00); discount 10.00 − 10.00 = 0.
    expect(priceLine({ quantity: 3, targetCents: 1000, discountCents: 0 }, true)).toEqual({ quantity: 3, unit4: 33334, discountCents: 0, quantityFolded: false });
    // 10.00 over 4: 2.5000 exactly.
    expect(priceLine({ quantity: 4, targetCents: 1000, discountCents: 0, unitHint: null }, true)).toEqual({ quantity: 4, unit4: 25000, discountCents: 0, quantityFolded: false });
    // 10.00 after a 1.50 discount, 1 unit: 11.50, discount 1.50.
    expect(priceLine({ quantity: 1, targetCents: 1000, discountCents: 150 }, true)).toEqual({ quantity: 1, unit4: 115000, discountCents: 150, quantityFolded: false });
  });

  it('a negative discount is no discount', () => {
    // 10.00, discount taken as 0: 10.0000, discount 0.
    expect(priceLine({ quantity: 1, targetCents: 1000, discountCents: -150 }, true)).toEqual({ quantity: 1, unit4: 100000, discountCents: 0, quantityFolded: false });
  });

  // Magento's row: 2 × 10.00 = 20.00 less a discount, 17.97 to pay; the unit hint is Magento's price 10.00, whose row
  // leaves a discount of 20.00 − 17.97 = 2.03.
  const jacket = (discountCents: number, unitHint: number | null | undefined = 10) => ({ quantity: 2, unitHint, targetCents: 1797, discountCents });

  it('keeps Magento\'s price when its row less the amount is within 2 cents of Magento\'s discount', () => {
    // Discount 2.03: exact. 2.01: 2.03 − 2.01 = 2 cents over, still the price. 2.05: 2 cents under, still the price.
    for (const discount of [203, 201, 205]) {
      expect(priceLine(jacket(discount), true)).toEqual({ quantity: 2, unit4: 100000, discountCents: 203, quantityFolded: false });
    }
  });

  it('leaves Magento\'s price when 3 cents or more apart, for the smallest covering price', () => {
    // Discount 2.00: 3 cents apart. 17.97 + 2.00 = 19.97 over 2 = 9.985 exactly; 2 × 9.985 = 19.97, discount 2.00.
    expect(priceLine(jacket(200), true)).toEqual({ quantity: 2, unit4: 99850, discountCents: 200, quantityFolded: false });
    // Discount 2.06: 17.97 + 2.06 = 20.03 over 2 = 10.015; 2 × 10.015 = 20.03, discount 2.06.
    expect(priceLine(jacket(206), true)).toEqual({ quantity: 2, unit4: 100150, discountCents: 206, quantityFolded: false });
  });

  it('without a hint (null or missing) goes straight to the smallest covering price', () => {
    // Discount 2.01: 17.97 + 2.01 = 19.98 over 2 = 9.99; 2 × 9.99 = 19.98, discount 2.01.
    const smallest = { quantity: 2, unit4: 99900, discountCents: 201, quantityFolded: false };
    expect(priceLine(jacket(201, null), true)).toEqual(smallest);
    expect(priceLine({ quantity: 2, targetCents: 1797, discountCents: 201, unitHint: undefined }, true)).toEqual(smallest);
  });

  it('a price whose row falls short of the amount is never kept (it would need a negative discount)', () => {
    // 2 × 8.98 = 17.96, a cent short of 17.97: 17.97 over 2 = 8.985, 2 × 8.985 = 17.97, no discount.
    expect(priceLine({ quantity: 2, unitHint: 8.98, targetCents: 1797, discountCents: 0 }, true)).toEqual({ quantity: 2, unit4: 89850, discountCents: 0, quantityFolded: false });
  });

  it('a price whose row is the amount exactly is kept, discount 0, though Magento named 2 cents', () => {
    // 2 × 9.00 = 18.00 = the amount; Magento's 0.02 is within 2 cents of 0. (Smallest covering price for 18.02: 9.01.)
    expect(priceLine({ quantity: 2, unitHint: 9, targetCents: 1800, discountCents: 2 }, true)).toEqual({ quantity: 2, unit4: 90000, discountCents: 0, quantityFolded: false });
  });
});

describe('buildLine', () => {
  const spec = (more: Partial<LineSpec> = {}): LineSpec => ({
    description: 'Jacket', quantity: 2, unitHint: 10, targetCents: 1797, discountCents: 203, taxCents: 148, taxType: 'TAX001', accountCode: '200', ...more,
  });
  const exclusive: BuildOptions = { mode: 'Exclusive', allowDiscount: true };

  it('an invoice line with everything: item code, tax, discount, tracking', () => {
    const tracking = [{ Name: 'Region', Option: 'North' }];
    const line = buildLine(spec({ itemCode: 'WJ12' }), { ...exclusive, tracking });
    // 2 × 10.00 − 2.03 = 17.97; tax 1.48 as Magento charged it.
    expect(line).toStrictEqual({
      Description: 'Jacket', Quantity: 2, UnitAmount: 10, AccountCode: '200', TaxType: 'TAX001', ItemCode: 'WJ12', TaxAmount: 1.48, DiscountAmount: 2.03,
      Tracking: [{ Name: 'Region', Option: 'North' }],
    });
    // The tracking is the line's own copy.
    expect(line.Tracking?.[0]).not.toBe(tracking[0]);
  });

  it('a credit-note line with no tax: no discount, no TaxAmount, no item code, no empty tracking; a blank description reads "Item"', () => {
    const line = buildLine(spec({ description: '   ', quantity: 3, targetCents: 1000, itemCode: '' }), { mode: 'NoTax', allowDiscount: false, tracking: [] });
    // 10.00 over 3: 3.3333 (3 × 3.3333 = 9.9999 → 10.00).
    expect(line).toStrictEqual({ Description: 'Item', Quantity: 3, UnitAmount: 3.3333, AccountCode: '200', TaxType: 'TAX001' });
  });

  it('prices including tax carry the tax too; a line with no discount carries no DiscountAmount of 0', () => {
    // 1 × 12.00 incl. tax, tax 2.00.
    const line = buildLine(spec({ description: '  Jacket  ', quantity: 1, unitHint: 12, targetCents: 1200, discountCents: 0, taxCents: 200 }), { mode: 'Inclusive', allowDiscount: true });
    expect(line).toStrictEqual({ Description: 'Jacket', Quantity: 1, UnitAmount: 12, AccountCode: '200', TaxType: 'TAX001', TaxAmount: 2 });
  });

  it('a folded line names the quantity in its description', () => {
    // 1000 screws for 123.45 (0.12345 each has five places): one line of 123.45.
    const screws = buildLine(spec({ description: 'Screw', quantity: 1000, targetCents: 12345, discountCents: 0, unitHint: null }), { mode: 'NoTax', allowDiscount: false });
    expect(screws).toStrictEqual({ Description: 'Screw (× 1000)', Quantity: 1, UnitAmount: 123.45, AccountCode: '200', TaxType: 'TAX001' });
    // 250.12345 m for 10.01: to 4 places 250.1235 (half up); 10.01 ÷ 250.1235 = 0.040020… → 0.0400, 250.1235 × 0.04 =
    // 10.00494 → 10.00, not 10.01; so one line, the quantity shown to 4 places.
    const cable = buildLine(spec({ description: 'Cable', quantity: 250.12345, targetCents: 1001, discountCents: 0 }), { mode: 'NoTax', allowDiscount: false });
    expect(cable.Description).toBe('Cable (× 250.1235)');
    expect([cable.Quantity, cable.UnitAmount]).toEqual([1, 10.01]);
  });

  it('a line of quantity 0 or less is posted as one, without a "× 0" in its description', () => {
    for (const quantity of [0, -2]) {
      const line = buildLine(spec({ description: 'Gift card', quantity, targetCents: 500, discountCents: 0 }), { mode: 'NoTax', allowDiscount: false });
      expect([line.Description, line.Quantity, line.UnitAmount]).toEqual(['Gift card', 1, 5]);
    }
  });

  it('a decimal quantity goes to Xero to 4 places', () => {
    // 1.23456 → 1.2346 (half up); 10.00 ÷ 1.2346 = 8.09978… → 8.0998.
    const line = buildLine(spec({ quantity: 1.23456, targetCents: 1000, discountCents: 0 }), { mode: 'NoTax', allowDiscount: false });
    expect([line.Quantity, line.UnitAmount]).toEqual([1.2346, 8.0998]);
  });

  it(`cuts the description to Xero's ${LINE_DESCRIPTION_MAX} characters`, () => {
    expect(LINE_DESCRIPTION_MAX).toBe(4000);
    const line = buildLine(spec({ description: 'x'.repeat(4005) }), exclusive);
    expect(line.Description).toBe('x'.repeat(4000));
  });
});
