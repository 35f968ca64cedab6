// A generated catalogue: simple products, configurables with their children, dynamic- and fixed-price bundles, and
// the awkward ones (a SKU over 30 characters, a name over 50, HTML descriptions, an untaxed product).
import { magentoDate } from '../dates.js';
import type { MagentoRecord } from '../store.js';
import {
  bundleExtension,
  configurableExtension,
  productRecord,
  type Catalogue,
  type ProductInfo,
  type Sellable,
} from './products.js';
import type { Random } from './prng.js';

const ADJECTIVES = ['Radiant', 'Driven', 'Voyage', 'Sprite', 'Chaz', 'Summit', 'Aero', 'Luma', 'Fusion', 'Zen', 'Bolt', 'Nova'];
const NOUNS = ['Tee', 'Backpack', 'Yoga Bag', 'Hoodie', 'Water Bottle', 'Foam Roller', 'Jacket', 'Yoga Strap', 'Watch', 'Duffle', 'Leggings', 'Tank'];
const SIZES = ['XS', 'S', 'M', 'L', 'XL'];

function description(rng: Random, name: string): string {
  return rng.chance(0.5)
    ? `<p>The ${name} keeps you <strong>cool &amp; dry</strong> wherever you train.</p><ul><li>Machine wash cold.</li><li>Imported.</li></ul>`
    : `<div class="product-description"><p>${name}: built for everyday wear &mdash; light, tough and easy to pack.</p></div>`;
}

/** Builds `count` product records (children included) with ids from `firstId`. */
export function generateCatalogue(rng: Random, count: number, firstId: number, createdAtMs: number): Catalogue {
  const records: MagentoRecord[] = [];
  const sellables: Sellable[] = [];
  const simples: ProductInfo[] = [];
  let nextId = firstId;
  const createdAt = magentoDate(createdAtMs);
  const newInfo = (sku: string, name: string, price: number, taxClassId = 2): ProductInfo => ({ id: nextId++, sku, name, price, taxClassId });

  const addSimple = (info: ProductInfo, visibility = 4): void => {
    records.push(productRecord({ info, typeId: 'simple', visibility, description: description(rng, info.name), weight: 1, createdAt }));
    simples.push(info);
    sellables.push({ kind: 'simple', product: info });
  };

  // The awkward ones first, so even a small catalogue has them.
  const specials: Array<() => void> = [
    () => addSimple(newInfo('24-MB01', 'Joust Duffle Bag', 3400)),
    () => addSimple(newInfo('ACME-PRO-YOGA-MAT-EXTRA-THICK-6MM-PURPLE-XL', 'Pro Yoga Mat 6mm', 4599)),
    () =>
      addSimple(
        newInfo('WS-LONGNAME-1', 'Ultra-Lightweight Breathable Performance Running Tee with Reflective Trim (Women’s)', 2899),
      ),
    () => {
      const info = { ...newInfo('GIFT-WRAP', 'Gift Wrapping Service', 500, 0), virtual: true };
      records.push(productRecord({ info, typeId: 'virtual', visibility: 4, description: '<p>We wrap it for you.</p>', createdAt }));
      sellables.push({ kind: 'simple', product: info });
      simples.push(info);
    },
  ];
  for (const special of specials) if (records.length < count) special();

  let serial = 1000;
  while (records.length < count) {
    const left = count - records.length;
    const kind = rng.weighted({ simple: 55, configurable: left >= 3 ? 30 : 0, bundle: left >= 1 && simples.length >= 3 ? 15 : 0 });
    const base = `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`;
    const price = rng.pick([1200, 1999, 2200, 2900, 3200, 3450, 4500, 5200, 6400, 7900, 9999, 12500]);
    serial += 1;
    if (kind === 'simple') {
      addSimple(newInfo(`${base.slice(0, 2).toUpperCase()}-${serial}`, base, price));
    } else if (kind === 'configurable') {
      const parent = newInfo(`MC-${serial}`, base, price);
      const n = Math.min(rng.int(2, 4), left - 1);
      const children: ProductInfo[] = [];
      for (let i = 0; i < n; i++) {
        const size = SIZES[i] as string;
        children.push(newInfo(`MC-${serial}-${size}`, `${base}-${size}`, price + (size === 'XL' ? 300 : 0)));
      }
      records.push(
        productRecord({
          info: parent,
          typeId: 'configurable',
          visibility: 4,
          description: description(rng, base),
          weight: 1,
          createdAt,
          qty: 0,
          extension: configurableExtension(parent.id, children, { id: 144, label: 'Size' }),
        }),
      );
      for (const child of children) {
        records.push(productRecord({ info: child, typeId: 'simple', visibility: 1, description: description(rng, child.name), weight: 1, createdAt }));
      }
      sellables.push({ kind: 'configurable', parent, children });
    } else {
      const dynamic = rng.chance(0.5);
      const picks = new Set<ProductInfo>();
      while (picks.size < 3) picks.add(rng.pick(simples));
      const selections = [...picks].map((product) => ({ product, qty: rng.chance(0.2) ? 2 : 1 }));
      const parent = newInfo(`BNDL-${serial}`, `${base} Kit`, dynamic ? 0 : price * 2);
      records.push(
        productRecord({
          info: parent,
          typeId: 'bundle',
          visibility: 4,
          description: description(rng, parent.name),
          createdAt,
          extension: bundleExtension(parent, selections),
          extraAttributes: [
            { attribute_code: 'price_type', value: dynamic ? '0' : '1' },
            { attribute_code: 'sku_type', value: '1' },
            { attribute_code: 'shipment_type', value: '0' },
          ],
        }),
      );
      sellables.push({ kind: 'bundle', parent, dynamic, selections });
    }
  }
  return { records, sellables };
}
