import { describe, expect, it } from 'vitest';
import { magentoProductSchema, parseMagento, type MagentoProduct } from '../domain/magento.js';
import { productToItem } from './item.js';
import { itemCodeForSku } from './numbers.js';
import { fixture, testSettings } from './test-support.js';
import { cutOnWord, htmlToText } from './text.js';

const product = (name: string): MagentoProduct => parseMagento(magentoProductSchema, fixture(name), 'product');

describe('product → item', () => {
  it('maps the Adobe simple product with its tax class', () => {
    const p = product('product-simple.adobedocs-configurable-tutorial.json');
    const result = productToItem(p, testSettings({ taxClasses: { 'product:2': { domestic: 'TAX001' } } }));
    if (result.kind !== 'item') throw new Error('expected item');
    expect(result.item.Code).toBe(p.sku);
    expect(result.item.Name).toBe(p.name);
    expect(result.item.SalesDetails).toEqual({ AccountCode: '200', UnitPrice: p.price, TaxType: 'TAX001' });
    expect(result.item.IsTrackedAsInventory).toBeUndefined();
  });

  it('gives an untaxed product the region\'s zero-rated type (never NONE in Australia), a taxable one the account\'s own', () => {
    const p = product('product-simple.adobedocs-configurable-tutorial.json');
    const untaxed = { ...p, custom_attributes: [...(p.custom_attributes ?? []).filter((a) => a.attribute_code !== 'tax_class_id'), { attribute_code: 'tax_class_id', value: '0' }] };
    const store = (region: 'AU' | 'UK' | 'US' | 'NZ', country: string) => ({
      stores: { '0': { code: 'admin', timezone: 'UTC', baseCurrency: 'USD', xeroBaseCurrency: 'USD', tax: { region, country } } },
    });
    const taxType = (settings: ReturnType<typeof testSettings>, q: MagentoProduct) => {
      const r = productToItem(q, settings);
      return r.kind === 'item' ? r.item.SalesDetails?.TaxType : 'skipped';
    };
    expect(taxType(testSettings(store('AU', 'AU')), untaxed)).toBe('EXEMPTOUTPUT');
    expect(taxType(testSettings(store('UK', 'GB')), untaxed)).toBe('ZERORATEDOUTPUT');
    expect(taxType(testSettings(store('NZ', 'NZ')), untaxed)).toBe('ZERORATED');
    expect(taxType(testSettings(store('US', 'US')), untaxed)).toBe('NONE');
    // The merchant's choice for the region wins over the default.
    expect(taxType(testSettings({ ...store('AU', 'AU'), untaxedTypes: { AU: { zero_rated: 'TAX009' } } }), untaxed)).toBe('TAX009');
    // Taxable: no TaxType, so Xero uses the sales account's rate.
    expect(taxType(testSettings(store('AU', 'AU')), p)).toBeUndefined();
    // A class named "exempt" is suggested as exempt.
    const exempt = { ...p, custom_attributes: [{ attribute_code: 'tax_class_id', value: '7' }] };
    expect(taxType(testSettings({ ...store('UK', 'GB'), catalogue: { classNames: { '7': 'VAT Exempt' } } }), exempt)).toBe('EXEMPTOUTPUT');
  });

  it('skips configurable parents', () => {
    expect(productToItem(product('product-configurable.adobedocs-configurable-tutorial.json'), testSettings()).kind).toBe('skip');
  });

  it('tracks stock only for stocked types, with the accounts Xero requires', () => {
    const p = product('product-simple.adobedocs-configurable-tutorial.json');
    const tracked = productToItem(p, testSettings({ trackedInventory: true }));
    expect(tracked.kind === 'item' && tracked.item).toMatchObject({
      IsTrackedAsInventory: true,
      InventoryAssetAccountCode: '630',
      PurchaseDetails: { COGSAccountCode: '310' },
    });
    const bundle = productToItem(product('product-bundle.adobedocs-bundle-tutorial.json'), testSettings({ trackedInventory: true }));
    expect(bundle.kind === 'item' && bundle.item.IsTrackedAsInventory).toBeUndefined();
  });

  it('shortens long SKUs deterministically and reports it', () => {
    const sku = '24-WG080-24-WG084-24-WG088-24-WG082-blue-24-WG086';
    const a = itemCodeForSku(sku);
    expect(a.code.length).toBe(30);
    expect(a.shortened).toBe(true);
    expect(itemCodeForSku(sku).code).toBe(a.code);
    expect(itemCodeForSku(`${sku}x`).code).not.toBe(a.code);
    const p = { ...product('product-simple.adobedocs-configurable-tutorial.json'), sku };
    const result = productToItem(p, testSettings());
    expect(result.kind === 'item' && result.shortened).toBe(true);
  });

  it('cuts the name on a word boundary and strips HTML from the description', () => {
    const p: MagentoProduct = {
      sku: 'LONG',
      name: 'The Extraordinarily Comfortable Everyday Performance Running Tee',
      custom_attributes: [{ attribute_code: 'description', value: '<p>Soft &amp; light.</p><ul><li>Dry&nbsp;fit</li></ul><script>x()</script>' }],
    };
    const result = productToItem(p, testSettings());
    if (result.kind !== 'item') throw new Error('expected item');
    expect(result.item.Name).toBe('The Extraordinarily Comfortable Everyday');
    expect(result.item.Name.length).toBeLessThanOrEqual(50);
    expect(result.item.Description).toBe('Soft & light.\nDry fit');
  });

  it('text helpers', () => {
    expect(cutOnWord('abcdefghij', 5)).toBe('abcde');
    expect(htmlToText('A&#39;s &#x263A; &unknown;')).toBe("A's ☺ &unknown;");
  });
});
