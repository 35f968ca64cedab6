// The Luma sample catalogue, read from its import CSV (ConfigurableSampleData/fixtures/products.csv): simple and
// configurable products with their variations. Two bundles made of Luma products are added so orders have bundles.
import { readFileSync } from 'node:fs';
import { magentoDate } from '../dates.js';
import type { MagentoRecord } from '../store.js';
import { bundleExtension, configurableExtension, productRecord, type Catalogue, type ProductInfo, type Sellable } from './products.js';

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function cents(price: string): number {
  const n = Number(price);
  return Number.isFinite(n) ? Math.round(n * 100) : 0;
}

export function loadLumaCatalogue(csvPath: string, firstId: number, createdAtMs: number): Catalogue {
  const rows = parseCsv(readFileSync(csvPath, 'utf8'));
  const header = rows[0] ?? [];
  const col = (name: string): number => header.indexOf(name);
  const at = (row: string[], name: string): string => row[col(name)] ?? '';
  const createdAt = magentoDate(createdAtMs);
  const bySku = new Map<string, { info: ProductInfo; row: string[] }>();
  let nextId = firstId;
  for (const row of rows.slice(1)) {
    if (row.length < header.length || at(row, 'store_view_code') !== '' || at(row, 'sku') === '') continue;
    const taxClass = at(row, 'tax_class_name') === 'Taxable Goods' ? 2 : 0;
    bySku.set(at(row, 'sku'), { info: { id: nextId++, sku: at(row, 'sku'), name: at(row, 'name'), price: cents(at(row, 'price')), taxClassId: taxClass }, row });
  }

  const records: MagentoRecord[] = [];
  const sellables: Sellable[] = [];
  const simples: ProductInfo[] = [];
  const childSkus = new Set<string>();
  for (const { info, row } of bySku.values()) {
    if (at(row, 'product_type') !== 'configurable') continue;
    const children: ProductInfo[] = [];
    for (const variation of at(row, 'configurable_variations').split('|')) {
      const sku = /(?:^|,)sku=([^,]+)/.exec(variation)?.[1];
      const child = sku === undefined ? undefined : bySku.get(sku);
      if (child) {
        children.push(child.info);
        childSkus.add(child.info.sku);
      }
    }
    if (children.length > 0) sellables.push({ kind: 'configurable', parent: { ...info, price: children[0]?.price ?? info.price }, children });
  }
  for (const { info, row } of bySku.values()) {
    const type = at(row, 'product_type');
    const visibility = at(row, 'visibility') === 'Not Visible Individually' ? 1 : 4;
    const weight = Number(at(row, 'weight'));
    const base = {
      info,
      visibility,
      description: at(row, 'description'),
      createdAt,
      ...(Number.isFinite(weight) && at(row, 'weight') !== '' ? { weight } : {}),
    };
    if (type === 'configurable') {
      const sellable = sellables.find((s) => s.kind === 'configurable' && s.parent.id === info.id);
      const children = sellable?.kind === 'configurable' ? sellable.children : [];
      records.push(productRecord({ ...base, typeId: 'configurable', qty: 0, extension: configurableExtension(info.id, children, { id: 93, label: 'Color' }) }));
    } else {
      records.push(productRecord({ ...base, typeId: type === 'virtual' ? 'virtual' : 'simple' }));
      if (!childSkus.has(info.sku)) {
        simples.push(info);
        sellables.push({ kind: 'simple', product: info });
      }
    }
  }
  // The configurable fixture has no stand-alone simples: bundle the first variant of some configurables instead.
  const pool = simples.length >= 6 ? simples : sellables.flatMap((s) => (s.kind === 'configurable' ? s.children.slice(0, 1) : []));
  if (pool.length >= 6) {
    for (const [i, dynamic] of [true, false].entries()) {
      const picks = pool.slice(i * 3, i * 3 + 3).map((product) => ({ product, qty: 1 }));
      const parent: ProductInfo = {
        id: nextId++,
        sku: dynamic ? 'SPRITE-KIT-DYNAMIC' : 'SPRITE-KIT-FIXED',
        name: dynamic ? 'Sprite Yoga Companion Kit' : 'Sprite Yoga Starter Kit (fixed price)',
        price: dynamic ? 0 : 6800,
        taxClassId: 2,
      };
      records.push(
        productRecord({
          info: parent,
          typeId: 'bundle',
          visibility: 4,
          createdAt,
          extension: bundleExtension(parent, picks),
          extraAttributes: [{ attribute_code: 'price_type', value: dynamic ? '0' : '1' }],
        }),
      );
      sellables.push({ kind: 'bundle', parent, dynamic, selections: picks });
    }
  }
  return { records, sellables };
}
