// assembleLines on documents written out by hand: the "post an unexplained difference" setting at its edges, the
// "No charge" line, rows that carry nothing, and the rates reported. Every figure is worked in the comments.
import { describe, expect, it } from 'vitest';
import { isMappingError } from '../domain/errors.js';
import type { MagentoOrder, MagentoOrderItem } from '../domain/magento.js';
import { assembleLines, type AssembleInput } from './document-lines.js';
import type { MappingSettingsInput } from './settings.js';
import { testSettings } from './test-support.js';

const NY = 'US-NY-*-Rate 1'; // mapped to TAX001 by testSettings
// One item: 100.00 plus 10 % tax, 10.00. Its catalogue price equals its price without tax: an Exclusive vote.
const tee = { item_id: 1, sku: 'TEE', name: 'Tee', product_type: 'simple', qty_ordered: 1, price: 100, price_incl_tax: 110, original_price: 100, row_total: 100, tax_amount: 10, tax_percent: 10 } as unknown as MagentoOrderItem;
const order = {
  increment_id: '1', entity_id: 1, items: [tee], billing_address: { country_id: 'US' }, tax_amount: 10,
  extension_attributes: { item_applied_taxes: [{ type: 'product', item_id: 1, applied_taxes: [{ code: NY, percent: 10 }] }] },
} as unknown as MagentoOrder;

function input(grandTotalCents: number, headerTaxCents: number, settings: Partial<MappingSettingsInput> = {}, more: Partial<AssembleInput> = {}): AssembleInput {
  return {
    order, record: { entity: 'order', id: '1' }, sources: [{ orderItem: tee, quantity: 1, amounts: tee }],
    shipping: { shipping_amount: 0, shipping_tax_amount: 0, shippingDiscountCents: 0 },
    headerTaxCents, grandTotalCents, prepaidCents: 0, tracking: [{ Name: 'Region', Option: 'East' }], currency: 'USD', allowDiscount: true,
    tax: { region: 'US', country: 'US' }, subtotal: 100, settings: testSettings(settings), ...more,
  };
}
const posting = (limitCents: number) => ({ unexplainedDifference: { post: true, limitCents } });
const refused = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    if (isMappingError(error)) return error.code;
    throw error;
  }
  return 'posted';
};

describe('an unexplained difference', () => {
  it('is posted to the other charges account when beyond rounding and within the limit (110.50 − 110.00 = 0.50)', () => {
    const result = assembleLines(input(11050, 1000, posting(100)));
    expect(result.otherChargesCents).toBe(50);
    const other = result.reconciled.lines.at(-1);
    expect(other).toMatchObject({ Description: "Other charges (difference to Magento's grand total)", AccountCode: '260', TaxType: 'NONE', Tracking: [{ Name: 'Region', Option: 'East' }] });
    expect(result.notes).toEqual([
      'other charges line USD 0.50 to account 260: Magento\'s grand total holds an amount in no total the connector reads (setting "post an unexplained difference", limit 1.00)',
    ]);
    expect(result.taxRates.map((r) => r.key)).toEqual([NY]);
    // A limit of exactly 0.50 still takes it; 0.49 does not, and the difference is refused.
    expect(assembleLines(input(11050, 1000, posting(50))).otherChargesCents).toBe(50);
    expect(refused(() => assembleLines(input(11050, 1000, posting(49))))).not.toBe('posted');
  });

  it('is not posted within rounding: one cent a line (1 line: 0.01; with shipping, 2 lines: 0.02)', () => {
    const cent = assembleLines(input(11001, 1000, posting(100)));
    expect([cent.otherChargesCents, cent.notes]).toEqual([0, []]);
    // Shipping 5.00 untaxed: 115.00, and 115.02 is two cents off over two lines.
    const shipped = assembleLines(input(11502, 1000, posting(100), { shipping: { shipping_amount: 5, shipping_tax_amount: 0, shippingDiscountCents: 0 } }));
    expect(shipped.otherChargesCents).toBe(0);
  });

  it('in an Exclusive document, less the tax drift that moves onto a line: 110.51 − 110.00 − 0.01 = 0.50', () => {
    // Magento's tax 10.01 is a cent over the line's 10.00 (within tolerance).
    expect(assembleLines(input(11051, 1001, posting(100))).otherChargesCents).toBe(50);
  });

  it('in an Inclusive document the tax drift moves inside the line: 110.50 − 110.00 = 0.50', () => {
    expect(assembleLines(input(11050, 1001, { ...posting(100), pricesIncludeTax: 'yes' })).otherChargesCents).toBe(50);
  });

  it('never papers over a tax difference beyond rounding (10.05 against 10.00)', () => {
    expect(refused(() => assembleLines(input(11055, 1005, posting(100))))).not.toBe('posted');
  });

  it('is not posted when the tax is off by more than a cent a line, even if a second line would widen the tolerance', () => {
    // Tax 10.02 against 10.00: two cents over one line's tolerance of one. Posting 0.50 would make two lines, whose
    // tolerance (two cents) would then let the tax difference through.
    expect(refused(() => assembleLines(input(11052, 1002, posting(100))))).not.toBe('posted');
  });

  it('is never posted with the setting off', () => {
    expect(refused(() => assembleLines(input(11050, 1000)))).not.toBe('posted');
  });
});

describe('lines of a document', () => {
  it('a document with nothing on it gets one "No charge" line', () => {
    const empty = assembleLines(input(0, 0, {}, { sources: [], order: { ...order, items: [], tax_amount: 0 } }));
    expect(empty.mode).toBe('NoTax');
    expect(empty.reconciled.lines).toEqual([{ Description: 'No charge', Quantity: 1, UnitAmount: 0, AccountCode: '200', TaxType: 'NONE' }]);
    expect(empty.specs).toEqual([{ description: 'No charge', quantity: 1, targetCents: 0, discountCents: 0, taxCents: 0, taxType: 'NONE', accountCode: '200' }]);
    expect(empty.taxRates).toEqual([]);
  });

  it("a document's gift wrapping is a line of its own (1.00 untaxed: 111.00)", () => {
    const result = assembleLines(input(11100, 1000, {}, { document: { gw_price: 1, gw_tax_amount: 0 } }));
    expect(result.reconciled.lines.map((l) => [l.Description, l.LineAmount ?? l.UnitAmount])).toEqual([['Tee', 100], ['Gift wrapping (order)', 1]]);
  });

  it('a row with no quantity, amount or tax is left out; a free item (quantity, no amount) stays', () => {
    const nothing = { orderItem: { ...tee, item_id: 2, sku: 'GONE', name: 'Gone' }, quantity: 0, amounts: { row_total: 0, tax_amount: 0, price: 0 } };
    const free = { orderItem: { ...tee, item_id: 3, sku: 'FREE', name: 'Free' }, quantity: 1, amounts: { row_total: 0, tax_amount: 0, price: 0 } };
    const items = [tee, nothing.orderItem, free.orderItem] as MagentoOrderItem[];
    const result = assembleLines(input(11000, 1000, {}, { order: { ...order, items }, sources: [{ orderItem: tee, quantity: 1, amounts: tee }, nothing, free] }));
    expect(result.reconciled.lines.map((l) => l.Description)).toEqual(['Tee', 'Free']);
  });

  it('a row is left out only when quantity, amount and tax are all zero: no quantity with an amount, or with tax, stays', () => {
    const plain = { ...tee, tax_amount: 0 } as MagentoOrderItem;
    // Quantity 0, row 5.00, no tax: one line of 5.00 (quantity folded to 1), untaxed; grand total 5.00.
    const amount = assembleLines(input(500, 0, {}, { order: { ...order, items: [plain], tax_amount: 0 }, subtotal: 5, sources: [{ orderItem: plain, quantity: 0, amounts: { row_total: 5, tax_amount: 0, price: 5 } }] }));
    expect(amount.reconciled.lines.map((l) => [l.Description, l.Quantity, l.UnitAmount, l.TaxType])).toEqual([['Tee', 1, 5, 'NONE']]);
    // Quantity 0, row 0.00, tax 0.50 (NY): a line of 0.00 carrying the 0.50 tax; grand total 0.50.
    const tax = assembleLines(input(50, 50, {}, { order: { ...order, items: [plain], tax_amount: 0.5 }, subtotal: 0, sources: [{ orderItem: plain, quantity: 0, amounts: { row_total: 0, tax_amount: 0.5, price: 0 } }] }));
    expect(tax.reconciled.lines.map((l) => [l.Description, l.UnitAmount, l.TaxType, l.TaxAmount])).toEqual([['Tee', 0, 'TAX001', 0.5]]);
  });
});

// Gross or net rows (row-convention.ts, with Magento's sources there): a row of 100.00 with a discount of 10.00 and tax
// 9.00 reads two ways.
//   gross: the row is price × qty, the discount comes off: UnitAmount 100, DiscountAmount 10 → LineAmount 90, + tax 9 = 99.00
//   net:   the row is already net of the discount: UnitAmount 110, DiscountAmount 10 → LineAmount 100, + tax 9 = 109.00
// Its price (100 × 1 = 100.00 = the row) votes gross, so gross is tried first.
describe('gross or net rows', () => {
  const discounted = { ...tee, discount_amount: 10, tax_amount: 9 } as unknown as MagentoOrderItem;
  const taxed9 = { ...order, items: [discounted], tax_amount: 9 } as MagentoOrder;
  const at = (grandTotalCents: number, subtotal: number | undefined, settings: Partial<MappingSettingsInput> = {}) =>
    input(grandTotalCents, 900, settings, { order: taxed9, sources: [{ orderItem: discounted, quantity: 1, amounts: discounted }], subtotal });
  const item = (r: ReturnType<typeof assembleLines>) => r.reconciled.lines.map((l) => [l.Description, l.UnitAmount, l.DiscountAmount]);

  it('with no subtotal to say, are read the way that comes to the grand total', () => {
    expect(item(assembleLines(at(9900, undefined)))).toEqual([['Tee', 100, 10]]);
    expect(item(assembleLines(at(10900, undefined)))).toEqual([['Tee', 110, 10]]);
  });

  it('on a tie (104.00 is 5.00 from both) keep the reading the prices vote for, and the difference goes to other charges', () => {
    const tie = assembleLines(at(10400, undefined, posting(1000)));
    // gross: 99.00, + other charges 5.00 = 104.00 (net would have needed −5.00).
    expect(item(tie)).toEqual([['Tee', 100, 10], ["Other charges (difference to Magento's grand total)", 5, undefined]]);
    expect(tie.otherChargesCents).toBe(500);
  });

  it('when the subtotal says gross (100.00 = the row), a grand total only net rows reach is refused, not read as net', () => {
    // Net rows would need a subtotal of 100 + 10 = 110.00.
    expect(refused(() => assembleLines(at(10900, 100)))).toBe('unexplained_difference');
    expect(item(assembleLines(at(9900, 100)))).toEqual([['Tee', 100, 10]]);
  });
});
