// Rebuilds what can be sold from product records alone (a store loaded through the control endpoint or restored from a
// snapshot): simple and virtual products that are visible, configurables with their linked children, and bundles with
// their selections and price type.
import { cents, num } from '../money.js';
import type { MagentoRecord } from '../store.js';
import type { ProductInfo, Sellable } from './products.js';

function attribute(product: MagentoRecord, code: string): unknown {
  const list = product['custom_attributes'];
  if (!Array.isArray(list)) return undefined;
  return (list as MagentoRecord[]).find((a) => a['attribute_code'] === code)?.['value'];
}

function info(product: MagentoRecord): ProductInfo {
  const taxClass = attribute(product, 'tax_class_id');
  const result: ProductInfo = {
    id: num(product['id']),
    sku: String(product['sku']),
    name: String(product['name'] ?? product['sku']),
    price: cents(product['price']),
    taxClassId: taxClass === undefined ? 2 : num(taxClass),
  };
  if (product['type_id'] === 'virtual') result.virtual = true;
  return result;
}

export function sellablesFromProducts(products: readonly MagentoRecord[]): Sellable[] {
  const byId = new Map(products.map((p) => [num(p['id']), p]));
  const bySku = new Map(products.map((p) => [String(p['sku']), p]));
  const sellables: Sellable[] = [];
  for (const product of products) {
    const type = product['type_id'];
    const ext = (product['extension_attributes'] ?? {}) as MagentoRecord;
    if ((type === 'simple' || type === 'virtual') && product['visibility'] !== 1 && cents(product['price']) > 0) {
      sellables.push({ kind: 'simple', product: info(product) });
    } else if (type === 'configurable') {
      const links = Array.isArray(ext['configurable_product_links']) ? (ext['configurable_product_links'] as unknown[]) : [];
      const children = links
        .map((id) => byId.get(num(id)))
        .filter((c): c is MagentoRecord => c !== undefined && cents(c['price']) > 0)
        .map(info);
      if (children.length > 0) sellables.push({ kind: 'configurable', parent: info(product), children });
    } else if (type === 'bundle') {
      const options = Array.isArray(ext['bundle_product_options']) ? (ext['bundle_product_options'] as MagentoRecord[]) : [];
      const selections = options.flatMap((option) => {
        const links = Array.isArray(option['product_links']) ? (option['product_links'] as MagentoRecord[]) : [];
        const first = links.find((l) => l['is_default'] === true) ?? links[0];
        const child = first === undefined ? undefined : bySku.get(String(first['sku']));
        return child === undefined ? [] : [{ product: info(child), qty: num(first?.['qty']) || 1 }];
      });
      const dynamic = String(attribute(product, 'price_type') ?? '0') === '0';
      if (selections.length > 0 && (dynamic || cents(product['price']) > 0)) {
        sellables.push({ kind: 'bundle', parent: info(product), dynamic, selections });
      }
    }
  }
  return sellables;
}
