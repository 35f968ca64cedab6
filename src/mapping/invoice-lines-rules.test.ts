// invoice-lines.ts one rule at a time, on orders written out by hand; every figure is worked in the comments.
import { describe, expect, it } from 'vitest';
import { isMappingError } from '../domain/errors.js';
import type { MagentoOrder, MagentoOrderItem } from '../domain/magento.js';
import { customOptionsText, isBillable, itemSkusFor, itemSpec, lineAmountTypesFor, lineDescription, orderItemFor, requiredTaxRates, shippingSpec, type LineContext } from './invoice-lines.js';
import { testSettings } from './test-support.js';

const NY = 'US-NY-*-Rate 1'; // mapped to TAX001 by testSettings
const CA = 'US-CA-*-Rate 1'; // mapped to TAX002
const record = { entity: 'order', id: '1' };
const itemOf = (fields: object): MagentoOrderItem => ({ item_id: 1, sku: 'TEE', name: 'Tee', product_type: 'simple', ...fields }) as unknown as MagentoOrderItem;
const orderOf = (items: MagentoOrderItem[], fields: object = {}): MagentoOrder =>
  ({ increment_id: '1', entity_id: 1, items, billing_address: { country_id: 'US' }, ...fields }) as unknown as MagentoOrder;
const ctxOf = (order: MagentoOrder, mode: LineContext['mode'], convention?: 'gross' | 'net'): LineContext => ({
  order, mode, settings: testSettings(), record, tax: { region: 'US', country: 'US' }, convention,
});

describe('an item line', () => {
  const item = itemOf({ tax_percent: 8.875 });
  const order = orderOf([item], { extension_attributes: { item_applied_taxes: [{ type: 'product', item_id: 1, applied_taxes: [{ code: NY, percent: 8.875 }] }] } });
  // Row 100.00, discount 10.00 of which 0.50 was tax Magento compensated, tax 7.99.
  const source = { orderItem: item, quantity: 2, amounts: { row_total: 100, price: 50, price_incl_tax: 54.44, tax_amount: 7.99, discount_amount: 10, discount_tax_compensation_amount: 0.5 } };

  it('Exclusive, gross row: 100.00 + 0.50 − 10.00 = 90.50, shown with a discount of 10.00 − 0.50 = 9.50', () => {
    expect(itemSpec(source, ctxOf(order, 'Exclusive'))).toMatchObject({
      description: 'Tee', quantity: 2, unitHint: 50, targetCents: 9050, discountCents: 950, taxCents: 799, taxType: 'TAX001', accountCode: '200', itemCode: 'TEE',
    });
  });

  it('Inclusive: 90.50 + 7.99 = 98.49 at the tax-inclusive price, the discount as Magento gave it (10.00)', () => {
    expect(itemSpec(source, ctxOf(order, 'Inclusive'))).toMatchObject({ unitHint: 54.44, targetCents: 9849, discountCents: 1000, taxCents: 799 });
  });

  it('a row already net of its discount is the line as it is (100.00)', () => {
    expect(itemSpec(source, ctxOf(order, 'Exclusive', 'net'))).toMatchObject({ targetCents: 10000, discountCents: 950 });
  });

  it('NoTax: no tax on the line, whatever Magento put there, and the untaxed type', () => {
    expect(itemSpec(source, ctxOf(order, 'NoTax'))).toMatchObject({ targetCents: 9050, taxCents: 0, taxType: 'NONE' });
  });
});

describe('a shipping line', () => {
  // No shipping entry: the rate is the order's one whose percent is the shipping's own.
  const order = orderOf([], { extension_attributes: { applied_taxes: [{ code: NY, percent: 8.92 }, { code: CA, percent: 9.08 }] } });
  const base = { shipping_amount: 10, shipping_incl_tax: 10.89, shipping_tax_amount: 0.81, shipping_discount_tax_compensation_amount: 0.08, shippingDiscountCents: 100 };

  it('its percent is tax ÷ (amount − discount + compensation): 0.81 ÷ 9.08 = 8.92 %, not 0.81 ÷ 8.92 = 9.08 %', () => {
    // 1000 − 100 + 8 = 908 cents; 81 / 908 = 0.08920… → 8.92 %.
    const spec = shippingSpec({ ...base, description: '  Flat Rate  ' }, ctxOf(order, 'Exclusive'));
    expect(spec).toMatchObject({ description: 'Shipping: Flat Rate', quantity: 1, unitHint: 10, targetCents: 908, discountCents: 92, taxCents: 81, taxType: 'TAX001', accountCode: '200' });
    expect(spec?.rate?.key).toBe(NY);
    // Inclusive: 908 + 81 = 989 at the tax-inclusive price; the discount as given.
    expect(shippingSpec(base, ctxOf(order, 'Inclusive'))).toMatchObject({ description: 'Shipping', unitHint: 10.89, targetCents: 989, discountCents: 100 });
    expect(shippingSpec({ ...base, description: '   ' }, ctxOf(order, 'Exclusive'))?.description).toBe('Shipping');
  });

  it('fully discounted shipping that was taxed reads its percent on the amount: 0.89 ÷ 10.00 = 8.9 %', () => {
    const order89 = orderOf([], { extension_attributes: { applied_taxes: [{ code: NY, percent: 8.9 }, { code: CA, percent: 7.25 }] } });
    const spec = shippingSpec({ shipping_amount: 10, shipping_tax_amount: 0.89, shippingDiscountCents: 1000 }, ctxOf(order89, 'Exclusive'));
    expect(spec).toMatchObject({ targetCents: 0, discountCents: 1000, taxCents: 89, taxType: 'TAX001' });
  });

  it('tax on no amount is still a line; nothing charged and nothing taxed is none; NoTax drops the tax', () => {
    const one = orderOf([], { extension_attributes: { applied_taxes: [{ code: CA, percent: 7.25 }] } });
    expect(shippingSpec({ shipping_amount: 0, shipping_tax_amount: 0.5, shippingDiscountCents: 0 }, ctxOf(one, 'Exclusive'))).toMatchObject({ targetCents: 0, taxCents: 50, taxType: 'TAX002' });
    expect(shippingSpec({ shipping_amount: 0, shipping_tax_amount: 0, shippingDiscountCents: 0 }, ctxOf(one, 'Exclusive'))).toBeUndefined();
    expect(shippingSpec({ shipping_amount: 5, shipping_tax_amount: 0.36, shippingDiscountCents: 0 }, ctxOf(one, 'NoTax'))).toMatchObject({ targetCents: 500, taxCents: 0, taxType: 'NONE' });
  });

  it('an unmapped rate is refused naming the shipping', () => {
    const order10 = orderOf([], { extension_attributes: { applied_taxes: [{ code: 'ODD', percent: 10 }] } });
    let message = '';
    try {
      shippingSpec({ shipping_amount: 10, shipping_tax_amount: 1, shippingDiscountCents: 0 }, ctxOf(order10, 'Exclusive'));
    } catch (error) {
      if (isMappingError(error)) message = error.message;
    }
    expect(message).toContain('Magento tax rate "ODD" (10 %) used on shipping has no Xero tax rate.');
  });
});

describe('how the document reads: Inclusive, Exclusive or NoTax', () => {
  const taxed = (fields: object) => itemOf({ tax_amount: 1, tax_percent: 10, price: 10, price_incl_tax: 11, ...fields });
  it('nothing taxed anywhere is NoTax; tax on the document, an item or the order is not', () => {
    expect(lineAmountTypesFor(orderOf([itemOf({ tax_amount: 0 })], { tax_amount: 0 }), 0)).toBe('NoTax');
    expect(lineAmountTypesFor(orderOf([itemOf({ tax_amount: 0 })], { tax_amount: 0 }), 5)).toBe('Exclusive');
    expect(lineAmountTypesFor(orderOf([taxed({ original_price: 11 })], { tax_amount: 0 }), 0)).toBe('Inclusive');
    expect(lineAmountTypesFor(orderOf([itemOf({ tax_amount: 0 })], { tax_amount: 1 }), 0)).toBe('Exclusive');
  });

  it("the merchant's setting wins over the votes", () => {
    const order = orderOf([taxed({ original_price: 11 })]);
    expect(lineAmountTypesFor(order, 100, 'no')).toBe('Exclusive');
    expect(lineAmountTypesFor(orderOf([taxed({ original_price: 10 })]), 100, 'yes')).toBe('Inclusive');
  });

  it('taxed lines vote by their catalogue price; equal prices, no catalogue price and special prices abstain', () => {
    expect(lineAmountTypesFor(orderOf([taxed({ original_price: 10 })]), 100)).toBe('Exclusive');
    // No catalogue price (and no tax-inclusive price): 0 = 0 would have voted Inclusive.
    expect(lineAmountTypesFor(orderOf([taxed({ original_price: 0, price_incl_tax: null })]), 100)).toBe('Exclusive');
    // Prices equal with and without tax say nothing.
    expect(lineAmountTypesFor(orderOf([taxed({ original_price: 10, price_incl_tax: 10 })]), 100)).toBe('Exclusive');
    // One Inclusive vote and one special price (12 is neither 11 nor 10): Inclusive.
    expect(lineAmountTypesFor(orderOf([taxed({ original_price: 11 }), taxed({ item_id: 2, sku: 'B', original_price: 12 })]), 100)).toBe('Inclusive');
    // Two Exclusive votes to one Inclusive.
    const votes = [taxed({ original_price: 10 }), taxed({ item_id: 2, sku: 'B', original_price: 10 }), taxed({ item_id: 3, sku: 'C', original_price: 11 })];
    expect(lineAmountTypesFor(orderOf(votes), 100)).toBe('Exclusive');
  });

  it('a taxed line votes even without a percent; with no taxed line, lines with a percent vote', () => {
    expect(lineAmountTypesFor(orderOf([taxed({ original_price: 11, tax_percent: null })]), 100)).toBe('Inclusive');
    expect(lineAmountTypesFor(orderOf([taxed({ original_price: 11, tax_amount: 0 })]), 100)).toBe('Inclusive');
    expect(lineAmountTypesFor(orderOf([taxed({ original_price: 11, tax_amount: 0, tax_percent: 0 })]), 100)).toBe('Exclusive');
  });
});

describe('which items are billed', () => {
  const bundle = itemOf({ item_id: 1, sku: 'KIT', name: 'Kit', product_type: 'bundle', row_total: 0, price: 0 });
  const child = (fields: object) => itemOf({ item_id: 2, sku: 'BOLT', name: 'Bolt', parent_item_id: 1, row_total: 0, price: 0, tax_amount: 0, ...fields });
  it('a bundle whose children carry any amount (row, price or tax) bills its children, else itself', () => {
    for (const amounts of [{ row_total: 5 }, { price: 5 }, { tax_amount: 0.4 }]) {
      const order = orderOf([bundle, child(amounts)]);
      expect([isBillable(order, bundle), isBillable(order, order.items[1]!)]).toEqual([false, true]);
    }
    const fixed = orderOf([bundle, child({})]);
    expect([isBillable(fixed, bundle), isBillable(fixed, fixed.items[1]!)]).toEqual([true, false]);
    // One child with amounts is enough.
    const mixed = orderOf([bundle, child({ price: 5 }), child({ item_id: 3, sku: 'NUT' })]);
    expect(isBillable(mixed, bundle)).toBe(false);
  });

  it("a child whose parent the order lacks is billed on its own, even a bundle", () => {
    const orphan = itemOf({ item_id: 2, parent_item_id: 99 });
    expect(isBillable(orderOf([orphan]), orphan)).toBe(true);
    const orphanBundle = itemOf({ item_id: 2, parent_item_id: 99, product_type: 'bundle' });
    expect(isBillable(orderOf([orphanBundle, itemOf({ item_id: 3, parent_item_id: 2, price: 5 })]), orphanBundle)).toBe(true);
  });
});

describe('a line\'s description', () => {
  const hoodie = itemOf({ item_id: 1, sku: 'H', name: '  Hoodie ', product_type: 'configurable' });
  const described = (childName: string | undefined) => {
    const kid = itemOf({ item_id: 2, sku: 'H-XS', parent_item_id: 1, name: childName });
    return lineDescription(orderOf([hoodie, kid]), hoodie);
  };
  it('a configurable item: its name and the options its child\'s name adds', () => {
    expect(described('  Hoodie-XS-Blue ')).toBe('Hoodie (XS, Blue)');
    expect(described('Hoodie - XS - Blue')).toBe('Hoodie (XS, Blue)');
    expect(described('Hoodie')).toBe('Hoodie');
    expect(described('Hoodie-')).toBe('Hoodie (Hoodie-)');
    expect(described('Blue hoodie small')).toBe('Hoodie (Blue hoodie small)');
    expect(described(undefined)).toBe('Hoodie');
  });

  it('a bundle\'s part is named after the bundle; a configurable\'s child, and an item without a name, by itself', () => {
    const kit = itemOf({ item_id: 1, sku: 'KIT', name: ' Kit ', product_type: 'bundle' });
    const bolt = itemOf({ item_id: 2, sku: 'BOLT', name: 'Bolt', parent_item_id: 1, price: 5 });
    expect(lineDescription(orderOf([kit, bolt]), bolt)).toBe('Kit: Bolt');
    const nameless = itemOf({ item_id: 1, sku: 'KIT', name: undefined, product_type: 'bundle' });
    expect(lineDescription(orderOf([nameless, bolt]), bolt)).toBe('Bolt');
    const kid = itemOf({ item_id: 2, sku: 'H-XS', parent_item_id: 1, name: 'Hoodie-XS' });
    expect(lineDescription(orderOf([hoodie, kid]), kid)).toBe('Hoodie-XS');
    expect(lineDescription(orderOf([]), itemOf({ name: undefined, sku: 'SKU-1' }))).toBe('SKU-1');
  });

  it("adds the customer's custom options: label and the printed value (else the value), without markup", () => {
    const options = [
      { label: 'Engraving', value: '<b>Happy</b>  birthday' },
      { label: 'Size', print_value: 'L', value: '2' },
      { value: 5 },
      { label: 'Gift' },
      null,
      'loose text',
      {},
    ];
    const expected = 'Engraving: Happy birthday; Size: L; 5; Gift';
    expect(customOptionsText(itemOf({ product_options: { options: [{ label: 'Note', value: 'one<br>two' }] } }))).toBe('Note: one two');
    expect(customOptionsText(itemOf({ product_options: { options } }))).toBe(expected);
    expect(customOptionsText(itemOf({ product_options: JSON.stringify({ options }) }))).toBe(expected);
    expect(lineDescription(orderOf([]), itemOf({ product_options: { options: [{ label: 'Engraving', value: 'Hi' }] } }))).toBe('Tee — Engraving: Hi');
  });

  it('no options, unreadable JSON, or only empty rows: none', () => {
    for (const product_options of [undefined, null, 5, '{not json', '"text"', {}, { options: 'x' }, { options: [] }, { options: [{}, { label: '' }] }]) {
      expect(customOptionsText(itemOf({ product_options }))).toBeUndefined();
    }
  });

  it('only a string is read as JSON: a list holding the JSON text is no options', () => {
    // String(['{"options":…}']) is that text, so parsing the list as if it were a string would find "Engraving: Hi".
    const text = JSON.stringify({ options: [{ label: 'Engraving', value: 'Hi' }] });
    expect(customOptionsText(itemOf({ product_options: text }))).toBe('Engraving: Hi');
    expect(customOptionsText(itemOf({ product_options: [text] }))).toBeUndefined();
  });
});

describe('the rates an order needs', () => {
  it('each billed, taxed item\'s rate and the shipping\'s, once each, in order', () => {
    const parent = itemOf({ item_id: 1, sku: 'H', product_type: 'configurable', tax_amount: 1, tax_percent: 8.875 });
    const kid = itemOf({ item_id: 2, sku: 'H-XS', parent_item_id: 1, tax_amount: 1, tax_percent: 5 });
    const untaxed = itemOf({ item_id: 3, sku: 'U', tax_amount: 0, tax_percent: 5 });
    const again = itemOf({ item_id: 4, sku: 'A', tax_amount: 2, tax_percent: 8.875 });
    const entries = [
      { type: 'product', item_id: 1, applied_taxes: [{ code: NY, percent: 8.875 }] },
      { type: 'product', item_id: 2, applied_taxes: [{ code: 'CHILD', percent: 5 }] },
      { type: 'product', item_id: 3, applied_taxes: [{ code: 'UNTAXED', percent: 5 }] },
      { type: 'product', item_id: 4, applied_taxes: [{ code: NY, percent: 8.875 }] },
      { type: 'shipping', applied_taxes: [{ code: CA, percent: 7.25 }] },
    ];
    const order = orderOf([parent, kid, untaxed, again], { shipping_tax_amount: 0.73, extension_attributes: { item_applied_taxes: entries } });
    expect(requiredTaxRates(order, testSettings()).map((r) => r.key)).toEqual([NY, CA]);
    // Untaxed shipping adds nothing.
    expect(requiredTaxRates({ ...order, shipping_tax_amount: 0 }, testSettings()).map((r) => r.key)).toEqual([NY]);
  });

  it('a line whose rate cannot be named is left out (mapping reports it)', () => {
    // No entries, two order rates, no destination: neither the item (5 %) nor the shipping can be named.
    const order = orderOf([itemOf({ tax_amount: 1, tax_percent: 5 })], {
      billing_address: null, shipping_tax_amount: 1, extension_attributes: { applied_taxes: [{ code: 'A', percent: 7 }, { code: 'B', percent: 9 }] },
    });
    expect(requiredTaxRates(order, testSettings())).toEqual([]);
  });
});

describe('items and order items', () => {
  it('the SKUs that must exist as Xero items: each once, never a bundle\'s composite one', () => {
    const kit = itemOf({ item_id: 1, sku: 'KIT', product_type: 'bundle' });
    const tee = itemOf({ item_id: 2, sku: 'TEE' });
    expect(itemSkusFor([kit, tee, tee].map((orderItem) => ({ orderItem, quantity: 1, amounts: {} })))).toEqual(['TEE']);
  });

  it('a document item pointing at no order item is an error naming both', () => {
    let error: unknown;
    try {
      orderItemFor(orderOf([itemOf({ item_id: 1 })]), 7, { entity: 'invoice', id: '000000009' });
    } catch (e) {
      error = e;
    }
    expect(isMappingError(error) && [error.code, error.message, error.record]).toEqual([
      'unknown_order_item',
      'Magento invoice 000000009: refers to order item 7, which order 1 does not contain. Re-fetch the order from Magento and retry; if it persists the order was edited after invoicing.',
      { entity: 'invoice', id: '000000009' },
    ]);
  });
});
