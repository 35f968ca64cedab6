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
    const result = productToItem(p, testSettings({ taxClassMapping: { '2': 'TAX001' } }));
    if (result.kind !== 'item') throw new Error('expected item');
    expect(result.item.Code).toBe(p.sku);
    expect(result.item.Name).toBe(p.name);
    expect(result.item.SalesDetails).toEqual({ AccountCode: '200', UnitPrice: p.price, TaxType: 'TAX001' });
    expect(result.item.IsTrackedAsInventory).toBeUndefined();
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
