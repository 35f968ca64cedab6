// Fixed product tax and gift wrapping lines, on amounts written out by hand; every figure is worked in the comments.
import { describe, expect, it } from 'vitest';
import { isMappingError } from '../domain/errors.js';
import type { MagentoOrder, MagentoOrderItem } from '../domain/magento.js';
import { fptOf, fptSpec, giftWrappingAmounts, giftWrappingSpecs, parseWeeeApplied, type ExtraContext } from './extra-charges.js';
import { testSettings, thrownMappingError } from './test-support.js';
import type { MappingSettingsInput } from './settings.js';

const NY = 'US-NY-*-Rate 1'; // TAX001 in testSettings
const CA = 'US-CA-*-Rate 1'; // TAX002
const item = { item_id: 1, sku: 'TEE', name: 'Tee', product_type: 'simple', tax_percent: 20 } as unknown as MagentoOrderItem;
const orderWith = (ext: object): MagentoOrder => ({ increment_id: '1', entity_id: 1, items: [item], extension_attributes: ext }) as unknown as MagentoOrder;
const ctxOf = (order: MagentoOrder, mode: ExtraContext['mode'] = 'Exclusive', settings: Partial<MappingSettingsInput> = {}): ExtraContext => ({
  order, mode, settings: testSettings(settings), record: { entity: 'order', id: '1' }, tax: { region: 'US', country: 'US' },
});
// Eco 1.50 (1.80 with tax) and Eco 2.00 (2.40), and a recycling fee whose amounts are unreadable.
const applied = JSON.stringify([
  { title: ' Eco ', row_amount: ' 1.50 ', row_amount_incl_tax: '1.80' },
  { title: 'Eco', row_amount: 2, row_amount_incl_tax: 2.4 },
  { title: 'Recycling', row_amount: '1e3' },
  { title: 7, row_amount: '-0.25', row_amount_incl_tax: '-0.25' },
]);

describe('weee_tax_applied', () => {
  it('reads a JSON list, also double-encoded; anything else is none', () => {
    expect(parseWeeeApplied('[{"title":"Eco"},1,null]')).toEqual([{ title: 'Eco' }]);
    expect(parseWeeeApplied(JSON.stringify('[{"title":"Eco"}]'))).toEqual([{ title: 'Eco' }]);
    for (const raw of [null, undefined, '', '{"title":"Eco"}', 'not json', '"text"']) expect(parseWeeeApplied(raw)).toEqual([]);
  });

  it('adds the rows up: 1.50 + 2.00 + 0 − 0.25 = 3.25, tax 0.30 + 0.40 = 0.70, the titles once each', () => {
    expect(fptOf({ weee_tax_applied: applied })).toEqual({ cents: 325, taxCents: 70, titles: ['Eco', 'Recycling'] });
    // The row amount Magento gives wins over the list's.
    expect(fptOf({ weee_tax_applied: applied, weee_tax_applied_row_amount: 4 })).toEqual({ cents: 400, taxCents: 70, titles: ['Eco', 'Recycling'] });
    expect(fptOf({ weee_tax_applied_row_amount: 0 })).toEqual({ cents: 0, taxCents: 0, titles: [] });
    // Whole and two-digit amounts as strings; a row with no tax-inclusive amount adds no tax (not minus its amount).
    const more = JSON.stringify([{ row_amount: '10', row_amount_incl_tax: '12.00' }, { row_amount: '0.10' }]);
    expect(fptOf({ weee_tax_applied: more })).toEqual({ cents: 1010, taxCents: 200, titles: [] });
  });
});

describe('a fixed product tax line', () => {
  // 3.50 of FPT with 0.70 tax: 20 %.
  const amounts = { weee_tax_applied: JSON.stringify([{ title: 'Eco', row_amount: 3.5, row_amount_incl_tax: 4.2 }]) };
  const itemTaxedAt = (percent: number, more: object[] = []) =>
    orderWith({ item_applied_taxes: [{ type: 'product', item_id: 1, applied_taxes: [{ code: NY, percent }] }, ...more] });

  it("takes the item's rate when it gives the FPT's tax (20 % of 3.50 = 0.70)", () => {
    expect(fptSpec(item, amounts, 'Tee', ctxOf(itemTaxedAt(20)))).toMatchObject({
      kind: 'fpt', description: 'Eco: Tee', quantity: 1, targetCents: 350, discountCents: 0, taxCents: 70, taxType: 'TAX001', accountCode: '260',
    });
    expect(fptSpec(item, amounts, 'Tee', ctxOf(itemTaxedAt(20), 'Inclusive'))).toMatchObject({ targetCents: 420, taxCents: 70 });
  });

  it('the "weee" entry Magento names for the item wins', () => {
    const named = itemTaxedAt(20, [{ type: 'weee', associated_item_id: 1, applied_taxes: [{ code: CA, percent: 20 }] }]);
    expect(fptSpec(item, amounts, 'Tee', ctxOf(named))?.taxType).toBe('TAX002');
  });

  it("an item rate that does not give the tax (5 % of 3.50 is 0.18) names none, and the line is refused saying so", () => {
    let message = '';
    try {
      fptSpec({ ...item, tax_percent: 5 }, amounts, 'Tee', ctxOf(itemTaxedAt(5)));
    } catch (error) {
      if (isMappingError(error)) message = error.message;
    }
    expect(message).toContain('fixed product tax on "Tee" was taxed at 20 %');
  });

  it('NoTax, no FPT, tax alone, no title, an override', () => {
    expect(fptSpec(item, amounts, 'Tee', ctxOf(itemTaxedAt(20), 'NoTax'))).toMatchObject({ targetCents: 350, taxCents: 0, taxType: 'NONE', rate: undefined });
    expect(fptSpec(item, {}, 'Tee', ctxOf(itemTaxedAt(20)))).toBeUndefined();
    const taxOnly = { weee_tax_applied: JSON.stringify([{ row_amount: 0, row_amount_incl_tax: 0.1 }]) };
    expect(fptSpec(item, taxOnly, 'Tee', ctxOf(itemTaxedAt(20), 'Exclusive', { fptTaxType: 'OVR' }))).toMatchObject({
      description: 'Fixed product tax: Tee', targetCents: 0, taxCents: 10, taxType: 'OVR',
    });
  });
});

describe('gift wrapping', () => {
  it('reads each total at the top level, else in extension attributes; drops the empty ones', () => {
    const doc = { gw_price: '2.00', gw_tax_amount: 0.4, extension_attributes: { gw_price: 5, gw_items_price: 3, gw_items_tax_amount: '0.60', gw_card_price: 0 } };
    expect(giftWrappingAmounts(doc)).toEqual([
      { what: 'Gift wrapping (order)', cents: 200, taxCents: 40 },
      { what: 'Gift wrapping (items)', cents: 300, taxCents: 60 },
    ]);
    expect(giftWrappingAmounts({ gw_card_tax_amount: 0.1 })).toEqual([{ what: 'Printed card', cents: 0, taxCents: 10 }]);
    expect(giftWrappingAmounts({ gw_price: 'abc', extension_attributes: null })).toEqual([]);
  });

  it("is a line on its account at the order's rate that gives its tax (20 % of 2.00 = 0.40)", () => {
    const order = orderWith({ applied_taxes: [{ code: 'VAT20', percent: 20 }] });
    const doc = { gw_price: 2, gw_tax_amount: 0.4 };
    expect(giftWrappingSpecs(doc, ctxOf(order))).toEqual([
      expect.objectContaining({ kind: 'gift_wrapping', description: 'Gift wrapping (order)', quantity: 1, targetCents: 200, discountCents: 0, taxCents: 40, taxType: 'OUTPUT2', accountCode: '260' }),
    ]);
    expect(giftWrappingSpecs(doc, ctxOf(order, 'Inclusive'))[0]).toMatchObject({ targetCents: 240 });
    expect(giftWrappingSpecs(doc, ctxOf(order, 'NoTax'))[0]).toMatchObject({ targetCents: 200, taxCents: 0, taxType: 'NONE', rate: undefined });
    expect(giftWrappingSpecs(doc, ctxOf(order, 'Exclusive', { giftWrappingTaxType: 'GW' }))[0]?.taxType).toBe('GW');
  });

  it('an unmapped rate is refused naming the wrapping and its percent', () => {
    let message = '';
    try {
      giftWrappingSpecs({ gw_price: 2, gw_tax_amount: 0.3 }, ctxOf(orderWith({ applied_taxes: [{ code: 'ODD', percent: 15 }] })));
    } catch (error) {
      if (isMappingError(error)) message = error.message;
    }
    expect(message).toContain('Magento tax rate "ODD" (15 %) used on gift wrapping (order) has no Xero tax rate.');
  });
});

describe("a fixed product tax at its own item's rate", () => {
  // Two items charged 20 % under two rates (codes stand for any two rates of one percent): the tee NY's (TAX001), the
  // mug CA's (TAX002). 20 % of a 3.50 FPT is 0.70 under either, so the order's rates do not say which: the FPT takes its
  // own item's rate when that gives its tax within a cent (with "Apply Tax To FPT" on, Magento taxes an FPT like its
  // product: Adobe's Commerce Admin configuration reference, Sales > Tax > Fixed Product Taxes), and is refused when
  // it does not.
  const mug = { ...item, item_id: 2, sku: 'MUG', name: 'Mug' } as MagentoOrderItem;
  const order = {
    increment_id: '1', entity_id: 1, items: [item, mug],
    extension_attributes: { item_applied_taxes: [
      { type: 'product', item_id: 1, applied_taxes: [{ code: NY, percent: 20 }] },
      { type: 'product', item_id: 2, applied_taxes: [{ code: CA, percent: 20 }] },
    ] },
  } as unknown as MagentoOrder;
  const fpt = (incl: number) => ({ weee_tax_applied: JSON.stringify([{ title: 'Eco', row_amount: 3.5, row_amount_incl_tax: incl }]) });

  it('0.70 on 3.50: the tee\'s FPT goes to the tee\'s rate, the mug\'s to the mug\'s', () => {
    expect(fptSpec(item, fpt(4.2), 'Tee', ctxOf(order))).toMatchObject({ taxCents: 70, taxType: 'TAX001', rate: { key: NY } });
    expect(fptSpec(mug, fpt(4.2), 'Mug', ctxOf(order))).toMatchObject({ taxCents: 70, taxType: 'TAX002', rate: { key: CA } });
  });

  it('within a cent: 0.69 and 0.71 are the 0.70 the rate gives, 0.72 is not (and names its 20.57 %)', () => {
    expect(fptSpec(item, fpt(4.19), 'Tee', ctxOf(order))).toMatchObject({ taxCents: 69, taxType: 'TAX001' });
    expect(fptSpec(item, fpt(4.21), 'Tee', ctxOf(order))).toMatchObject({ taxCents: 71, taxType: 'TAX001' });
    // 0.72 ÷ 3.50 = 0.205714… → 20.57 %.
    expect(thrownMappingError(() => fptSpec(item, fpt(4.22), 'Tee', ctxOf(order))).message).toContain(
      'fixed product tax on "Tee" was taxed at 20.57 % but Magento did not say which tax rate applied',
    );
  });
});

describe('a fixed product tax line, more cases', () => {
  const itemAt20 = orderWith({ item_applied_taxes: [{ type: 'product', item_id: 1, applied_taxes: [{ code: NY, percent: 20 }] }] });

  it('tax on no amount has no percent to name (not "Infinity %")', () => {
    // 0.00 of FPT with 0.10 tax: 20 % of 0.00 is 0.00, no rate gives 0.10, and 0.10 ÷ 0.00 is no percent.
    const taxOnly = { weee_tax_applied: JSON.stringify([{ row_amount: 0, row_amount_incl_tax: 0.1 }]) };
    expect(thrownMappingError(() => fptSpec(item, taxOnly, 'Tee', ctxOf(itemAt20))).message).toContain(
      'fixed product tax on "Tee" was taxed but Magento did not say which tax rate applied, and none of the store\'s Magento tax rates for the order\'s destination fits.',
    );
  });

  it('an untaxed FPT names no rate, though 20 % of 0.05 (0.01) is within a cent of its 0.00', () => {
    const untaxed = { weee_tax_applied: JSON.stringify([{ title: 'Eco', row_amount: 0.05 }]) };
    expect(fptSpec(item, untaxed, 'Tee', ctxOf(itemAt20))).toMatchObject({ targetCents: 5, taxCents: 0, taxType: 'NONE', rate: undefined });
  });

  it('several titles are joined with a comma', () => {
    const two = { weee_tax_applied: JSON.stringify([{ title: 'Eco', row_amount: 1, row_amount_incl_tax: 1.2 }, { title: 'Recycling', row_amount: 2.5, row_amount_incl_tax: 3 }]) };
    // 1.00 + 2.50 = 3.50, tax 0.20 + 0.50 = 0.70 (20 %).
    expect(fptSpec(item, two, 'Tee', ctxOf(itemAt20))).toMatchObject({ description: 'Eco, Recycling: Tee', targetCents: 350, taxCents: 70 });
  });
});

describe('gift wrapping, more cases', () => {
  it('the printed card is read from gw_card_price and gw_card_tax_amount', () => {
    expect(giftWrappingAmounts({ gw_card_price: 1, gw_card_tax_amount: '0.20' })).toEqual([{ what: 'Printed card', cents: 100, taxCents: 20 }]);
    expect(giftWrappingAmounts({ extension_attributes: { gw_card_price: '1.50' } })).toEqual([{ what: 'Printed card', cents: 150, taxCents: 0 }]);
  });

  it('untaxed wrapping names no rate, though 20 % of 0.05 (0.01) is within a cent of its 0.00', () => {
    const order = orderWith({ applied_taxes: [{ code: 'VAT20', percent: 20 }] });
    expect(giftWrappingSpecs({ gw_price: 0.05 }, ctxOf(order))).toEqual([
      expect.objectContaining({ description: 'Gift wrapping (order)', targetCents: 5, taxCents: 0, taxType: 'NONE', rate: undefined }),
    ]);
  });

  it("of the order's two rates, the one whose percent gives the wrapping's tax: 20 % of 2.00 = 0.40, not 8.875 % (0.18)", () => {
    const order = orderWith({ applied_taxes: [{ code: 'VAT20', percent: 20 }, { code: NY, percent: 8.875 }] });
    expect(giftWrappingSpecs({ gw_price: 2, gw_tax_amount: 0.4 }, ctxOf(order))[0]).toMatchObject({ taxCents: 40, taxType: 'OUTPUT2', rate: { key: 'VAT20' } });
  });
});
