// line-tax.ts's rules one at a time, on orders written out by hand: where a line is taxed, whether it is an export, which
// untaxed reason or mapped type it takes, and the error when the organisation's type must be looked up first.
import { describe, expect, it } from 'vitest';
import type { MagentoOrder, MagentoOrderItem } from '../domain/magento.js';
import { destinationOf, documentUntaxedType, isExport, isVirtualItem, lineRate, typeForReason, untaxedChoice } from './line-tax.js';
import { testSettings, thrownMappingError } from './test-support.js';

const record = { entity: 'order', id: '1' };
const address = (country_id: string, more: object = {}) => ({ country_id, ...more });
const orderOf = (fields: object): MagentoOrder => ({ increment_id: '1', entity_id: 1, items: [], ...fields }) as unknown as MagentoOrder;
const shippedTo = (shipping: object, billing: object, more: object = {}) =>
  orderOf({ billing_address: billing, extension_attributes: { shipping_assignments: [{ shipping: { address: shipping } }] }, ...more });
const itemOf = (fields: object): MagentoOrderItem => ({ item_id: 1, sku: 'S', ...fields }) as unknown as MagentoOrderItem;
const thrown = thrownMappingError;

describe('what does not ship', () => {
  it('is what Magento marks virtual, or a virtual, downloadable or gift card product', () => {
    expect(isVirtualItem(itemOf({ is_virtual: 1, product_type: 'simple' }))).toBe(true);
    for (const type of ['virtual', 'downloadable', 'giftcard']) expect(isVirtualItem(itemOf({ product_type: type }))).toBe(true);
    expect(isVirtualItem(itemOf({ product_type: 'simple', is_virtual: 0 }))).toBe(false);
    expect(isVirtualItem(itemOf({}))).toBe(false);
  });
});

describe('where a line is taxed', () => {
  const order = shippedTo(address('GB', { region_id: 0, region_code: null }), address('FR', { region_id: 43, region_code: 'NY' }));

  it('goods at the shipping address, with its region id (0 too) and code when given; what does not ship at the billing address', () => {
    expect(destinationOf(order, itemOf({ product_type: 'simple' }))).toStrictEqual({ country: 'GB', regionId: 0 });
    expect(destinationOf(order, itemOf({ product_type: 'downloadable' }))).toStrictEqual({ country: 'FR', regionId: 43, regionCode: 'NY' });
    // No item: the order's own flag decides (a virtual order has nothing to ship).
    expect(destinationOf(order)).toStrictEqual({ country: 'GB', regionId: 0 });
    expect(destinationOf({ ...order, is_virtual: 1 })).toStrictEqual({ country: 'FR', regionId: 43, regionCode: 'NY' });
  });

  it('an assignment without an address is skipped; with none, goods go to the billing address; without a country, nowhere', () => {
    const noAddress = orderOf({ billing_address: address('FR'), extension_attributes: { shipping_assignments: [{ items: [] }, { shipping: { address: null } }] } });
    expect(destinationOf(noAddress, itemOf({}))).toStrictEqual({ country: 'FR' });
    const second = orderOf({ extension_attributes: { shipping_assignments: [{ shipping: {} }, { shipping: { address: address('DE') } }] } });
    expect(destinationOf(second, itemOf({}))).toStrictEqual({ country: 'DE' });
    // What does not ship goes to the shipping address when there is no billing address.
    expect(destinationOf(second, itemOf({ is_virtual: 1 }))).toStrictEqual({ country: 'DE' });
    expect(destinationOf(orderOf({ billing_address: { city: 'Paris' } }), itemOf({}))).toBeUndefined();
  });
});

describe('exports', () => {
  it('leave the organisation\'s country; a Global organisation without a country has none; an unknown destination is domestic', () => {
    expect(isExport({ region: 'UK', country: 'GB' }, { country: 'FR' })).toBe(true);
    expect(isExport({ region: 'UK', country: 'GB' }, { country: 'GB' })).toBe(false);
    expect(isExport({ region: 'US' }, { country: 'FR' })).toBe(true); // the region's own country (US) when none is set
    expect(isExport({ region: 'US' }, { country: 'US' })).toBe(false);
    expect(isExport({ region: 'GLOBAL' }, { country: 'FR' })).toBe(false);
    expect(isExport({ region: 'GLOBAL', country: 'PL' }, { country: 'DE' })).toBe(true);
    expect(isExport({ region: 'GLOBAL', country: 'PL' }, { country: 'PL' })).toBe(false);
    expect(isExport({ region: 'UK', country: 'GB' }, undefined)).toBe(false);
    expect(isExport({ region: 'UK', country: 'GB' }, {})).toBe(false);
  });
});

describe('the untaxed reason of a line', () => {
  const uk = { region: 'UK' as const, country: 'GB' };
  const catalogue = {
    groupTaxClasses: { '4': '5', '7': '8' },
    productTaxClasses: { MAPPED: '6', NAMED: '9', PLAIN: '2' },
    classNames: { '2': 'Taxable Goods', '5': 'Charity', '8': 'Tax Exempt Org', '9': 'Exempt goods' },
  };
  const settings = testSettings({ catalogue, taxClasses: { 'customer:5': { domestic: 'TAXC' }, 'product:6': { domestic: 'TAXP', export: 'TAXPX' } } });
  const home = (group?: number) => shippedTo(address('GB'), address('GB'), group === undefined ? {} : { customer_group_id: group });

  it("the customer's class first: its mapping, or exempt when its name says so", () => {
    expect(untaxedChoice(home(4), itemOf({ sku: 'MAPPED' }), uk, settings)).toBe('TAXC');
    expect(untaxedChoice(home(7), itemOf({ sku: 'MAPPED' }), uk, settings)).toBe('exempt');
  });

  it("then the product's class: its mapping (domestic or export), or the suggestion from its name", () => {
    expect(untaxedChoice(home(), itemOf({ sku: 'MAPPED' }), uk, settings)).toBe('TAXP');
    expect(untaxedChoice(home(9), itemOf({ sku: 'MAPPED' }), uk, settings)).toBe('TAXP'); // a group without a class
    const abroad = shippedTo(address('FR'), address('FR'));
    expect(untaxedChoice(abroad, itemOf({ sku: 'MAPPED' }), uk, settings)).toBe('TAXPX');
    expect(untaxedChoice(abroad, itemOf({ sku: 'PLAIN' }), uk, settings)).toBe('export');
    expect(untaxedChoice(home(), itemOf({ sku: 'NAMED' }), uk, settings)).toBe('exempt');
    expect(untaxedChoice(home(), itemOf({ sku: 'PLAIN' }), uk, settings)).toBe('zero_rated');
    expect(untaxedChoice(home(), itemOf({ sku: 'UNKNOWN' }), uk, settings)).toBe('zero_rated');
    expect(untaxedChoice(home(), undefined, uk, settings)).toBe('zero_rated');
  });

  it('an absent group or class is never looked up under the key "undefined"', () => {
    const odd = testSettings({
      catalogue: { groupTaxClasses: { undefined: '5' }, productTaxClasses: {}, classNames: { '5': 'Exempt', undefined: 'Exempt' } },
      taxClasses: { 'customer:undefined': { domestic: 'BAD1' }, 'product:undefined': { domestic: 'BAD2' } },
    });
    expect(untaxedChoice(home(), itemOf({ sku: 'NONE' }), uk, odd)).toBe('zero_rated');
    expect(untaxedChoice(home(), undefined, uk, odd)).toBe('zero_rated');
  });

  it("a document-level line takes the order's: zero-rated at home in the UK", () => {
    expect(documentUntaxedType(home(), uk, settings, record)).toBe('ZERORATEDOUTPUT');
  });
});

describe("an untaxed type the organisation's rates must decide", () => {
  it('names the reason, the region and the candidates, and where to choose it', () => {
    const au = thrown(() => typeForReason('AU', 'export', testSettings(), record));
    expect(au.code).toBe('unresolved_tax_type');
    expect(au.message).toBe(
      'Magento order 1: needs the Xero tax rate for "Export" in this AU organisation, and none is chosen yet (EXEMPTEXPORT or EXEMPTOUTPUT). Choose it in Settings → Tax mapping, or leave automatic mapping on so the connector picks (or creates) it.',
    );
    expect(au.details).toEqual({ region: 'AU', reason: 'export' });
    // Canada names no candidate (a zero-rated rate is found by its name, or created).
    const ca = thrown(() => typeForReason('CA', 'zero_rated', testSettings(), record));
    expect(ca.message).toBe(
      'Magento order 1: needs the Xero tax rate for "Zero-rated sale (domestic)" in this CA organisation, and none is chosen yet. Choose it in Settings → Tax mapping, or leave automatic mapping on so the connector picks (or creates) it.',
    );
  });
});

describe("a line's applied rate", () => {
  it("reads the store's rates at the item's own destination: billing for what does not ship", () => {
    const settings = testSettings({ magentoTaxRates: [{ code: 'FR TVA', rate: 20, country: 'FR' }, { code: 'GB VAT', rate: 20, country: 'GB' }] });
    const order = shippedTo(address('GB'), address('FR'));
    expect(lineRate(order, { type: 'product', item: itemOf({ product_type: 'downloadable', tax_percent: 20 }) }, settings)?.key).toBe('FR TVA');
    expect(lineRate(order, { type: 'product', item: itemOf({ product_type: 'simple', tax_percent: 20 }) }, settings)?.key).toBe('GB VAT');
    expect(lineRate(order, { type: 'shipping', percent: 20 }, settings)?.key).toBe('GB VAT');
  });
});
