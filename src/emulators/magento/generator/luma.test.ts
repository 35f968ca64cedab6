import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateStore } from './index.js';
import { totalsGap } from './invariants.js';
import { parseCsv } from './luma.js';

// A few rows in the shape of the Luma import CSV (ConfigurableSampleData/fixtures/products.csv).
const HEADER = 'sku,store_view_code,product_type,name,description,weight,tax_class_name,visibility,price,configurable_variations';
const rows = [
  'MH01-S-Gray,,simple,Chaz Kangeroo Hoodie-S-Gray,"<p>Warm, ""thick"" fleece.</p>\n<ul><li>Kangaroo pocket</li></ul>",1,Taxable Goods,Not Visible Individually,52,',
  'MH01-M-Gray,,simple,Chaz Kangeroo Hoodie-M-Gray,<p>Warm.</p>,1,Taxable Goods,Not Visible Individually,52,',
  'MH01,,configurable,Chaz Kangeroo Hoodie,<p>Warm.</p>,1,Taxable Goods,"Catalog, Search",52,"sku=MH01-S-Gray,size=S,color=Gray|sku=MH01-M-Gray,size=M,color=Gray"',
  'MH01,fr,configurable,Sweat Chaz,<p>Chaud.</p>,1,Taxable Goods,"Catalog, Search",52,',
  ...Array.from({ length: 6 }, (_, i) => `24-WG08${i},,simple,Sprite Item ${i},<p>Gear.</p>,1,Taxable Goods,"Catalog, Search",${10 + i},`),
];

describe('Luma catalogue', () => {
  it('parses quoted CSV fields with commas, doubled quotes and line breaks', () => {
    const parsed = parseCsv(`${HEADER}\n${rows[0] as string}\n`);
    expect(parsed).toHaveLength(2);
    expect(parsed[1]?.[4]).toBe('<p>Warm, "thick" fleece.</p>\n<ul><li>Kangaroo pocket</li></ul>');
  });

  it('loads simple and configurable products with their variations, skips store-view rows, and sells them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'luma-'));
    const path = join(dir, 'products.csv');
    writeFileSync(path, `${HEADER}\n${rows.join('\n')}\n`);
    const { store } = generateStore({ seed: 1, customers: 5, orders: 40, catalogue: { lumaCsvPath: path } });
    const parent = store.productBySku('MH01');
    expect(parent?.['type_id']).toBe('configurable');
    expect(parent?.['name']).toBe('Chaz Kangeroo Hoodie');
    const links = (parent?.['extension_attributes'] as Record<string, unknown>)['configurable_product_links'];
    expect(links).toEqual([store.productBySku('MH01-S-Gray')?.['id'], store.productBySku('MH01-M-Gray')?.['id']]);
    expect(store.productBySku('MH01-S-Gray')?.['visibility']).toBe(1);
    expect(store.productBySku('24-WG080')?.['price']).toBe(10);
    expect(store.products.all().filter((p) => p['type_id'] === 'bundle')).toHaveLength(2);
    const skus = new Set(store.orders.all().flatMap((o) => (o['items'] as Array<Record<string, unknown>>).map((i) => i['sku'])));
    expect(skus.has('MH01-S-Gray') || skus.has('MH01-M-Gray')).toBe(true);
    for (const doc of [...store.orders.all(), ...store.invoices.all(), ...store.creditmemos.all()]) expect(totalsGap(doc)).toBe(0);
  });
});
