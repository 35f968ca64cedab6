// Which Magento rate a line was charged (appliedRateFor, and storeRateFor when the order names none), case by case:
// every order here is written out by hand and every expected rate is read off it, not computed by the code under test.
import { describe, expect, it } from 'vitest';
import type { MagentoOrder, MagentoOrderItem } from '../domain/magento.js';
import { appliedRateFor, storeRateFor, type StoreTaxRate } from './tax.js';

const orderWith = (extension_attributes: object | undefined): MagentoOrder =>
  ({ increment_id: '1', entity_id: 1, grand_total: 0, created_at: '2024-01-01 00:00:00', items: [], ...(extension_attributes ? { extension_attributes } : {}) }) as unknown as MagentoOrder;
const item = (item_id: number | undefined, tax_percent: number | null): MagentoOrderItem =>
  ({ ...(item_id === undefined ? {} : { item_id }), sku: 'S', tax_percent }) as unknown as MagentoOrderItem;
const product = (order: MagentoOrder, it: MagentoOrderItem) => appliedRateFor(order, { type: 'product', item: it });
const other = (order: MagentoOrder, amountCents: number, taxCents: number, extra: { itemType?: string; associatedItemId?: number } = {}, store?: Parameters<typeof appliedRateFor>[2]) =>
  appliedRateFor(order, { type: 'other', amountCents, taxCents, ...extra }, store);

describe("a line's own item_applied_taxes entry", () => {
  it('is found by item id, a missing type read as "product", never another item\'s nor another kind\'s', () => {
    const order = orderWith({
      item_applied_taxes: [
        { type: 'weee', item_id: 1, applied_taxes: [{ code: 'W', percent: 5 }] },
        { type: 'product', item_id: 2, applied_taxes: [{ code: 'B', percent: 5 }] },
        { item_id: 1, applied_taxes: [{ code: 'A', percent: 5 }] },
      ],
    });
    expect(product(order, item(1, 5))).toEqual({ key: 'A', codes: ['A'], percent: 5, components: [{ code: 'A', percent: 5 }] });
  });

  it('an item without an id takes no entry without one: the order-level reading decides (here: two 5 % rates, none)', () => {
    const order = orderWith({ item_applied_taxes: [{ type: 'product', applied_taxes: [{ code: 'A', percent: 5 }] }], applied_taxes: [{ code: 'B', percent: 5 }] });
    expect(product(order, item(undefined, 5))).toBeUndefined();
  });

  it('keeps the components Magento lists with a code, a component without a percent at 0, and codes sorted in the key', () => {
    const order = orderWith({
      item_applied_taxes: [
        {
          item_id: 1,
          applied_taxes: [
            { code: 'GST-PST', percent: 12, extension_attributes: { rates: [{ code: 'GST', percent: 5 }, { percent: 7 }, { code: 'PST' }] } },
            { percent: 3 },
          ],
        },
        { item_id: 2, applied_taxes: [{ code: 'X' }] },
        { item_id: 3, applied_taxes: [{ percent: 5 }] },
      ],
    });
    expect(product(order, item(1, 12))).toEqual({ key: 'GST-PST', codes: ['GST-PST'], percent: 12, components: [{ code: 'GST', percent: 5 }, { code: 'PST', percent: 0 }] });
    // A rate with a code but no percent and no components: one component at 0 %, the line's own percent kept.
    expect(product(order, item(2, 5))).toEqual({ key: 'X', codes: ['X'], percent: 5, components: [{ code: 'X', percent: 0 }] });
    // An entry whose taxes have no code names no rate.
    expect(product(order, item(3, 5))).toBeUndefined();
  });

  it('shipping takes the shipping entry, with the percent its rates add up to (5 + 7), codes sorted, later ones compounding', () => {
    const order = orderWith({
      item_applied_taxes: [
        { type: 'product', item_id: 1, applied_taxes: [{ code: 'A', percent: 20 }] },
        { type: 'shipping', applied_taxes: [{ code: 'PST', percent: 7 }, { code: 'GST', percent: 5 }] },
      ],
    });
    expect(appliedRateFor(order, { type: 'shipping', percent: 20 })).toEqual({
      key: 'GST+PST', codes: ['GST', 'PST'], percent: 12,
      components: [{ code: 'PST', percent: 7 }, { code: 'GST', percent: 5, compound: true }],
    });
  });

  it('an entry with no taxes in it falls back to the order\'s rate', () => {
    const order = orderWith({ item_applied_taxes: [{ type: 'shipping', applied_taxes: [] }], applied_taxes: [{ code: 'VAT', percent: 20 }] });
    expect(appliedRateFor(order, { type: 'shipping' })).toEqual({ key: 'VAT', codes: ['VAT'], percent: 20, components: [{ code: 'VAT', percent: 20 }] });
  });
});

describe('the order-level reading, for a line Magento named no rate for', () => {
  it('counts entries without an item id as the order\'s rates; other items\' entries and shipping\'s do not count', () => {
    const order = orderWith({
      item_applied_taxes: [
        { type: 'product', item_id: 2, applied_taxes: [{ code: 'B', percent: 5 }] },
        { type: 'shipping', applied_taxes: [{ code: 'S', percent: 5 }] },
        { applied_taxes: [{ code: 'A', percent: 5 }] },
      ],
    });
    expect(product(order, item(1, 5))).toEqual({ key: 'A', codes: ['A'], percent: 5, components: [{ code: 'A', percent: 5 }] });
  });

  it('takes the one rate with the line\'s percent, ignoring rates without a code and repeats', () => {
    const order = orderWith({ applied_taxes: [{ percent: 5 }, { code: 'A', percent: 7 }, { code: 'B', percent: 5 }, { code: 'A', percent: 7 }] });
    expect(product(order, item(1, 5))?.key).toBe('B');
    // 6 %: no rate has it and 7 + 5 is not 6.
    expect(product(order, item(1, 6))).toBeUndefined();
  });

  it('a repeated code at another percent is another rate', () => {
    const order = orderWith({ applied_taxes: [{ code: 'A', percent: 7 }, { code: 'A', percent: 5 }] });
    expect(product(order, item(1, 7))).toEqual({ key: 'A', codes: ['A'], percent: 7, components: [{ code: 'A', percent: 7 }] });
  });

  it('a single order rate at another percent is not the line\'s (nor one without a percent)', () => {
    expect(product(orderWith({ applied_taxes: [{ code: 'A', percent: 7 }] }), item(1, 5))).toBeUndefined();
    expect(product(orderWith({ applied_taxes: [{ code: 'A' }] }), item(1, 1))).toBeUndefined();
  });

  it('rates that add up to the line\'s percent are read as applied together (GST 5 + PST 7 = 12)', () => {
    const rate = product(orderWith({ applied_taxes: [{ code: 'PST', percent: 7 }, { code: 'GST', percent: 5 }] }), item(1, 12));
    expect([rate?.key, rate?.codes, rate?.percent]).toEqual(['GST+PST', ['GST', 'PST'], 12]);
    // Two 0 % rates add up to 0 %, but two rates with the line's percent are no answer.
    expect(product(orderWith({ applied_taxes: [{ code: 'Z1', percent: 0 }, { code: 'Z2', percent: 0 }] }), item(1, 0))).toBeUndefined();
  });

  it('without a percent: the order\'s one rate, and no answer of two', () => {
    expect(appliedRateFor(orderWith({ applied_taxes: [{ code: 'A', percent: 20 }] }), { type: 'shipping' })?.key).toBe('A');
    expect(appliedRateFor(orderWith({ applied_taxes: [{ code: 'A', percent: 20 }] }), { type: 'product', item: item(1, null) })?.key).toBe('A');
    expect(appliedRateFor(orderWith({ applied_taxes: [{ code: 'A', percent: 20 }, { code: 'B', percent: 10 }] }), { type: 'shipping' })).toBeUndefined();
  });

  it("an order with no rates falls back to the store's, even at a percent that is 0.00 to the cent", () => {
    const store = { rates: [{ code: 'tiny', rate: 0.004, country: 'GB' }], destination: { country: 'GB' } };
    expect(appliedRateFor(orderWith({}), { type: 'product', item: item(1, 0.004) }, store)?.key).toBe('tiny');
  });
});

describe('another taxed charge (fixed product tax, gift wrapping)', () => {
  const order = orderWith({
    item_applied_taxes: [
      { type: 'product', item_id: 1, applied_taxes: [{ code: 'P', percent: 10 }] },
      { type: 'weee', associated_item_id: 2, applied_taxes: [{ code: 'W2', percent: 10 }] },
      { type: 'weee', associated_item_id: 1, applied_taxes: [{ code: 'W1', percent: 10 }] },
    ],
  });

  it('takes the entry Magento names for it, by type and associated item; the first of its type when no item is given', () => {
    // 999 cents of tax on 1000 fits none of the rates, so only the named entry can answer.
    expect(other(order, 1000, 999, { itemType: 'weee', associatedItemId: 1 })).toEqual({ key: 'W1', codes: ['W1'], percent: 10, components: [{ code: 'W1', percent: 10 }] });
    expect(other(order, 1000, 999, { itemType: 'weee' })?.key).toBe('W2');
    expect(other(order, 1000, 999, { itemType: 'weee', associatedItemId: 3 })).toBeUndefined();
  });

  it('a named entry with no taxes, or an order without extension attributes, reads the order\'s rates', () => {
    const empty = orderWith({ item_applied_taxes: [{ type: 'weee', associated_item_id: 1, applied_taxes: [] }], applied_taxes: [{ code: 'VAT', percent: 20 }] });
    expect(other(empty, 1000, 200, { itemType: 'weee', associatedItemId: 1 })?.key).toBe('VAT');
    expect(other(orderWith(undefined), 1000, 200)).toBeUndefined();
  });

  it('otherwise the rate that gives its tax on its amount: exactly, else within a cent; none when nothing fits', () => {
    // 20 % of 1000 cents is 200; a rate without a code is no candidate.
    const vat = orderWith({ applied_taxes: [{ code: 'VAT', percent: 20 }, { percent: 20 }] });
    expect(other(vat, 1000, 200)?.key).toBe('VAT');
    expect(other(orderWith({ applied_taxes: [{ code: 'VAT', percent: 10 }] }), 1000, 101)?.key).toBe('VAT'); // 100, a cent off
    expect(other(orderWith({ applied_taxes: [{ code: 'VAT', percent: 20 }] }), 1000, 150)).toBeUndefined(); // 200 is 50 off
    // The products' rates are candidates too: 5 % of 1000 is 50.
    const fromItems = orderWith({ item_applied_taxes: [{ type: 'product', item_id: 1, applied_taxes: [{ code: 'GST', percent: 5 }] }] });
    expect(other(fromItems, 1000, 50, { itemType: 'gift_wrapping' })?.key).toBe('GST');
  });

  it("a tie goes to the rate the order's products were charged, and stays unsettled otherwise", () => {
    // A (order), S (shipping) and B (a product, type left out) all give 100 on 1000; A+S+B gives 300.
    const tie = orderWith({
      applied_taxes: [{ code: 'A', percent: 10 }],
      item_applied_taxes: [
        { type: 'shipping', applied_taxes: [{ code: 'S', percent: 10 }] },
        { item_id: 1, applied_taxes: [{ code: 'B', percent: 10 }, { percent: 0 }] },
      ],
    });
    expect(other(tie, 1000, 100)?.key).toBe('B');
    // A and B (neither a product's) give 100 exactly; C (a product's, 10.1 %) gives 101, a cent off: the exact tie stands.
    const exactTie = orderWith({
      applied_taxes: [{ code: 'A', percent: 10 }, { code: 'B', percent: 10 }],
      item_applied_taxes: [{ type: 'product', item_id: 1, applied_taxes: [{ code: 'C', percent: 10.1 }] }],
    });
    expect(other(exactTie, 1000, 100)).toBeUndefined();
  });

  it('a product charged several rates prefers all of them together, matched by their codes in any order', () => {
    // G 0 % and Q 10 %: Q alone and G+Q both give 100 on 1000; the product was charged Q and G (listed Q first).
    const both = orderWith({
      applied_taxes: [{ code: 'G', percent: 0 }, { code: 'Q', percent: 10 }],
      item_applied_taxes: [{ type: 'product', item_id: 1, applied_taxes: [{ code: 'Q', percent: 10 }, { code: 'G', percent: 0 }] }],
    });
    expect(other(both, 1000, 100)?.key).toBe('G+Q');
    // Codes "G" + "ST" are not the code "GST": GST and ST both give 100, and neither is the product's pair.
    const joined = orderWith({
      applied_taxes: [{ code: 'GST', percent: 10 }],
      item_applied_taxes: [{ type: 'product', item_id: 1, applied_taxes: [{ code: 'G', percent: 0 }, { code: 'ST', percent: 10 }] }],
    });
    expect(other(joined, 1000, 100)).toBeUndefined();
  });

  it('a product without item_applied_taxes names its rates by its percent, even when its tax rounded to nothing', () => {
    // Gift wrapping of 8 cents taxed 1 cent, the order charged GST 5 % and PST 7 %: PST alone gives 0.56 → 1 and
    // GST + PST 0.96 → 1, an exact tie (GST alone gives 0.40 → 0). The 1-cent item was charged 12 % (its tax, 0.12 cent,
    // rounded to 0): 12 = 5 + 7 names both rates together, so the tie goes to GST+PST. At 7 % it would go to PST; an
    // untaxed item (0 %) names nothing and the tie stands.
    const withItem = (tax_percent: number | null) => ({
      ...orderWith({ applied_taxes: [{ code: 'GST', percent: 5 }, { code: 'PST', percent: 7 }], item_applied_taxes: [] }),
      items: [item(1, tax_percent)],
    });
    expect(other(withItem(12), 8, 1)?.key).toBe('GST+PST');
    expect(other(withItem(7), 8, 1)?.key).toBe('PST');
    expect(other(withItem(0), 8, 1)).toBeUndefined();
    expect(other(withItem(null), 8, 1)).toBeUndefined();
  });

  it("with no order rate that fits, the store's one rate that gives its tax within a cent", () => {
    const rates: StoreTaxRate[] = [{ code: 'GB VAT', rate: 20, country: 'GB' }, { code: 'GB VAT reduced', rate: 5, country: 'GB' }];
    const store = { rates, destination: { country: 'GB' } };
    // 20 % of 1000 is 200, a cent from 201; 5 % gives 50.
    expect(other(orderWith({}), 1000, 201, {}, store)).toEqual({ key: 'GB VAT', codes: ['GB VAT'], percent: 20, components: [{ code: 'GB VAT', percent: 20 }] });
    // 10 cents: 20 % gives 2 and 15 % gives 1.5, rounded 2: two rates fit, so none is named.
    const two = { rates: [...rates, { code: 'GB 15', rate: 15, country: 'GB' }], destination: { country: 'GB' } };
    expect(other(orderWith({}), 10, 2, {}, two)).toBeUndefined();
  });
});

describe('storeRateFor: which rates apply where', () => {
  it('a rate for one region (by id or by code) is not the whole country\'s', () => {
    expect(storeRateFor(6, { country: 'US', regionId: 99 }, [{ code: 'US-43', rate: 6, country: 'US', regionId: 43 }])).toBeUndefined();
    expect(storeRateFor(6, { country: 'US', regionCode: 'NY' }, [{ code: 'US-43', rate: 6, country: 'US', regionId: 43 }])).toBeUndefined();
    expect(storeRateFor(8.875, { country: 'US', regionCode: 'CA' }, [{ code: 'US-NY', rate: 8.875, country: 'US', region: 'NY' }])).toBeUndefined();
  });

  it('a region id of 0 matches nothing by id, and a region of "*" nothing by code', () => {
    expect(storeRateFor(5, { country: 'US', regionId: 0, regionCode: 'CA' }, [{ code: 'US-TX-0', rate: 5, country: 'US', region: 'TX', regionId: 0 }])).toBeUndefined();
    expect(storeRateFor(6, { country: 'US', regionId: 1, regionCode: '*' }, [{ code: 'US-12', rate: 6, country: 'US', region: '*', regionId: 12 }])).toBeUndefined();
  });

  it('of two rates at the percent, the region\'s own wins over the whole country\'s', () => {
    const rates: StoreTaxRate[] = [{ code: 'US-all', rate: 8.875, country: 'US' }, { code: 'US-NY', rate: 8.875, country: 'US', region: 'NY' }];
    expect(storeRateFor(8.875, { country: 'US', regionCode: 'NY' }, rates)?.key).toBe('US-NY');
  });

  it('a 0 % line names no rate, even where the store has a 0 % one; a percent of 0.0000 to four places neither', () => {
    expect(storeRateFor(0, { country: 'GB' }, [{ code: 'GB Zero', rate: 0, country: 'GB' }])).toBeUndefined();
    expect(storeRateFor(0.00001, { country: 'GB' }, [])).toBeUndefined();
    expect(storeRateFor(0.00001, { country: 'GB' }, [{ code: 'Z1', rate: 0, country: 'GB' }, { code: 'Z2', rate: 0, country: 'GB' }])).toBeUndefined();
  });
});
