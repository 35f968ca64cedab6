// Rule by rule: Magento product → Xero item (item.ts), each expected value worked by hand. Xero's limits are from the
// Item schema of Xero's Accounting OpenAPI spec (xero_accounting.yaml): Code 30, Name 50, Description 4000 characters.
// UnitPrice keeps 4 decimal places (Xero's unit amounts take up to 4: the unitdp=4 parameter of the same spec). The UK
// types are Xero's UK tax types (ZERORATEDOUTPUT "Zero Rated Income", EXEMPTOUTPUT "Exempt Income", same spec's
// TaxType enum); Canada's zero-rated sales rate has no fixed TaxType and is created per organisation
// (help.xero.com/int/SalesTax-Canada), so it is left out until the sync has resolved it.
import { describe, expect, it } from 'vitest';
import type { MagentoProduct } from '../domain/magento.js';
import { ITEM_DESCRIPTION_MAX, ITEM_NAME_MAX, itemTaxType, productToItem } from './item.js';
import type { MappingSettings } from './settings.js';
import { testSettings } from './test-support.js';

const attrs = (values: Record<string, unknown>) => Object.entries(values).map(([attribute_code, value]) => ({ attribute_code, value }));
const product = (more: Partial<MagentoProduct> = {}): MagentoProduct => ({ sku: 'MAT-1', name: 'Yoga mat', type_id: 'simple', ...more });

function item(p: MagentoProduct, settings: MappingSettings = testSettings()) {
  const result = productToItem(p, settings);
  if (result.kind !== 'item') throw new Error(`expected an item, got: ${result.reason}`);
  return result;
}

/** Settings whose only store (id "0" or another) is in `region`. */
const storeIn = (region: 'UK' | 'CA' | 'US', id = '0', more: object = {}): MappingSettings =>
  testSettings({ stores: { [id]: { code: 'admin', timezone: 'UTC', baseCurrency: 'GBP', xeroBaseCurrency: 'GBP', tax: { region, country: region === 'UK' ? 'GB' : region } } }, ...more });

describe('productToItem', () => {
  it('a plain product: code, name, description and sales details', () => {
    expect(productToItem(product({ price: 25 }), testSettings())).toEqual({
      kind: 'item', sku: 'MAT-1', code: 'MAT-1', shortened: false,
      item: { Code: 'MAT-1', Name: 'Yoga mat', Description: 'Yoga mat', IsSold: true, SalesDetails: { AccountCode: '200', UnitPrice: 25 } },
    });
  });

  it('skips a configurable parent, saying why', () => {
    expect(productToItem(product({ type_id: 'configurable' }), testSettings())).toEqual({
      kind: 'skip', sku: 'MAT-1', reason: 'Configurable products are not Xero items; their child products are.',
    });
  });

  it('the code is the trimmed SKU up to 30 characters, else 19 characters, "~" and 10 hex digits of its SHA-256', () => {
    expect(item(product({ sku: ' MAT-1 ' })).code).toBe('MAT-1');
    // 32 characters; `printf '%s' ABCDEFGHIJKLMNOPQRSTUVWXYZ-12345 | sha256sum` starts d46793a349.
    const long = item(product({ sku: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ-12345' }));
    expect([long.code, long.shortened, long.item.Code, long.sku]).toEqual(['ABCDEFGHIJKLMNOPQRS~d46793a349', true, 'ABCDEFGHIJKLMNOPQRS~d46793a349', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ-12345']);
  });

  it('the name is trimmed, the SKU when blank or missing, and cut to 50 on a word', () => {
    expect(ITEM_NAME_MAX).toBe(50);
    expect(item(product({ name: '  Yoga mat  ' })).item.Name).toBe('Yoga mat');
    expect(item(product({ name: '   ' })).item.Name).toBe('MAT-1');
    expect(item(product({ name: null })).item.Name).toBe('MAT-1');
    // 30 + 1 + 30 = 61 characters; the last space within the first 51 is at 30 (>= 25): the first 30.
    expect(item(product({ name: `${'a'.repeat(30)} ${'b'.repeat(30)}` })).item.Name).toBe('a'.repeat(30));
  });

  it('the description: the description as text, else the short description, else the name, else the SKU', () => {
    expect(item(product({ custom_attributes: attrs({ description: '<p>Soft &amp; light</p>', short_description: 'Short' }) })).item.Description).toBe('Soft & light');
    expect(item(product({ custom_attributes: attrs({ short_description: '<b>Short</b>' }) })).item.Description).toBe('Short');
    // Markup with no text in it: the name.
    expect(item(product({ custom_attributes: attrs({ description: '<p> </p>' }) })).item.Description).toBe('Yoga mat');
    expect(item(product({ name: '  ' })).item.Description).toBe('MAT-1');
  });

  it('the description is cut to 4000 characters, keeping its line breaks', () => {
    expect(ITEM_DESCRIPTION_MAX).toBe(4000);
    // Two paragraphs of 2500: "x…x\ny…y" is 5001 characters; the last break within the first 4001 is at 2500 (>= 2000).
    const html = `<p>${'x'.repeat(2500)}</p><p>${'y'.repeat(2500)}</p>`;
    expect(item(product({ custom_attributes: attrs({ description: html }) })).item.Description).toBe('x'.repeat(2500));
    const two = `<p>${'x'.repeat(10)}</p><p>${'y'.repeat(10)}</p>`;
    expect(item(product({ custom_attributes: attrs({ description: two }) })).item.Description).toBe(`${'x'.repeat(10)}\n${'y'.repeat(10)}`);
  });

  it('the unit price to 4 decimal places, half away from zero; a zero price is a price; no price, none', () => {
    expect(item(product({ price: 12.34565 })).item.SalesDetails?.UnitPrice).toBe(12.3457);
    expect(item(product({ price: 0 })).item.SalesDetails).toEqual({ AccountCode: '200', UnitPrice: 0 });
    expect(item(product({ price: null })).item.SalesDetails).toEqual({ AccountCode: '200' });
  });

  it('no TaxType key at all when the tax class gives none', () => {
    expect(Object.keys(item(product({ price: 1 })).item.SalesDetails ?? {})).toEqual(['AccountCode', 'UnitPrice']);
  });

  it('sells into the SKU\'s own account when it has one', () => {
    expect(item(product(), testSettings({ productAccountOverrides: { 'MAT-1': '270' } })).item.SalesDetails).toEqual({ AccountCode: '270' });
  });

  it('tracked as inventory when stock is tracked and the product is simple (or of no type)', () => {
    const tracked = {
      IsTrackedAsInventory: true, IsPurchased: true, InventoryAssetAccountCode: '630', PurchaseDetails: { COGSAccountCode: '310' },
    };
    const settings = testSettings({ trackedInventory: true });
    expect(item(product(), settings).item).toMatchObject(tracked);
    expect(item(product({ type_id: undefined }), settings).item).toMatchObject(tracked);
    expect(item(product({ type_id: null }), settings).item).toMatchObject(tracked);
    for (const type_id of ['virtual', 'downloadable', 'bundle', 'giftcard']) {
      expect(Object.keys(item(product({ type_id }), settings).item)).toEqual(['Code', 'Name', 'Description', 'IsSold', 'SalesDetails']);
    }
    expect(Object.keys(item(product(), testSettings()).item)).toEqual(['Code', 'Name', 'Description', 'IsSold', 'SalesDetails']);
  });
});

describe('itemTaxType', () => {
  it('none without a tax class', () => {
    expect(itemTaxType(product(), testSettings({ taxClasses: { 'product:2': { domestic: 'TAX001' } } }))).toBeUndefined();
  });

  it('the class\'s domestic mapping, the class read as text or number', () => {
    const settings = testSettings({ taxClasses: { 'product:2': { domestic: 'TAX001', export: 'TAX002' } } });
    expect(itemTaxType(product({ custom_attributes: attrs({ tax_class_id: '2' }) }), settings)).toBe('TAX001');
    expect(itemTaxType(product({ custom_attributes: attrs({ tax_class_id: 2 }) }), settings)).toBe('TAX001');
  });

  it('a taxable class without a mapping: none, so Xero uses the sales account\'s rate', () => {
    expect(itemTaxType(product({ custom_attributes: attrs({ tax_class_id: '2' }) }), storeIn('UK', '0', { catalogue: { classNames: { '2': 'Taxable Goods' } } }))).toBeUndefined();
  });

  it('class 0 ("None") is zero-rated; a class named exempt (any case) is exempt; in the product store\'s region', () => {
    expect(itemTaxType(product({ custom_attributes: attrs({ tax_class_id: '0' }) }), storeIn('UK'))).toBe('ZERORATEDOUTPUT');
    const exempt = product({ custom_attributes: attrs({ tax_class_id: '7' }) });
    expect(itemTaxType(exempt, storeIn('UK', '0', { catalogue: { classNames: { '7': 'EXEMPT goods' } } }))).toBe('EXEMPTOUTPUT');
  });

  it('a mapping to an untaxed reason: the merchant\'s type for it, else the region\'s', () => {
    const p = product({ custom_attributes: attrs({ tax_class_id: '5' }) });
    expect(itemTaxType(p, storeIn('UK', '0', { taxClasses: { 'product:5': { domestic: 'exempt' } } }))).toBe('EXEMPTOUTPUT');
    expect(itemTaxType(p, storeIn('UK', '0', { taxClasses: { 'product:5': { domestic: 'exempt' } }, untaxedTypes: { UK: { exempt: 'TAX009' } } }))).toBe('TAX009');
  });

  it('Canada\'s zero-rated type is left out until the organisation\'s rates are looked up', () => {
    expect(itemTaxType(product({ custom_attributes: attrs({ tax_class_id: '0' }) }), storeIn('CA'))).toBeUndefined();
  });

  it('the region is the admin store\'s (id 0), else the first store\'s, else global (NONE)', () => {
    const none = product({ custom_attributes: attrs({ tax_class_id: '0' }) });
    expect(itemTaxType(none, storeIn('UK', '3'))).toBe('ZERORATEDOUTPUT');
    const both = testSettings({
      stores: {
        '1': { code: 'ca', timezone: 'UTC', baseCurrency: 'CAD', xeroBaseCurrency: 'CAD', tax: { region: 'CA', country: 'CA' } },
        '0': { code: 'admin', timezone: 'UTC', baseCurrency: 'GBP', xeroBaseCurrency: 'GBP', tax: { region: 'UK', country: 'GB' } },
      },
    });
    expect(itemTaxType(none, both)).toBe('ZERORATEDOUTPUT');
    expect(itemTaxType(none, testSettings({ stores: {} }))).toBe('NONE');
  });
});
