// generateStore: a deterministic sandbox store from a seed. The same options always give the same records.
import { applyCommerceAmounts } from './commerce.js';
import { DAY } from '../dates.js';
import { MagentoStore, type MagentoRecord } from '../store.js';
import { generateCatalogue } from './catalogue.js';
import { generateCustomer, type AddressSeed } from './customers.js';
import { loadLumaCatalogue } from './luma.js';
import type { PersonName } from './names.js';
import { buildOrder } from './order-build.js';
import { liveThrough, planOrder, type CustomerRef } from './orders.js';
import { Random } from './prng.js';
import type { Sellable } from './products.js';
import { currencyInfo, REGIONS, storeConfigRecords, storeViewRecords, taxRateRecords, websiteRecords, type Region } from './reference.js';

export interface GenerateOptions {
  seed?: number;
  customers?: number;
  products?: number;
  orders?: number;
  /** Only the store structure (websites, store views, configs, tax rates): no customers, products or orders. */
  empty?: boolean;
  catalogue?: 'generated' | { lumaCsvPath: string };
  /** "Now" in ms; history ends here. Defaults to 2026-01-01T00:00:00Z so a seed alone fixes every date. */
  now?: number;
  /** How many days of order history to spread the orders over. */
  days?: number;
  baseUrl?: string;
  /** Adobe Commerce amounts (gift cards, store credit, reward points) on some invoiced orders: see commerce.ts. */
  commerce?: boolean;
}

export const DEFAULT_NOW = Date.UTC(2026, 0, 1);

/** What the activity simulator needs to keep inventing realistic records. */
export interface World {
  sellables: Sellable[];
  customers: CustomerRef[];
  rng: Random;
  seed: number;
}

export interface GeneratedStore {
  store: MagentoStore;
  world: World;
}

export function customerRef(record: MagentoRecord): CustomerRef {
  const name: PersonName = {
    firstname: String(record['firstname'] ?? ''),
    lastname: String(record['lastname'] ?? ''),
    ascii: String(record['email'] ?? '').split('@')[0] ?? '',
  };
  const ref: CustomerRef = {
    id: Number(record['id']),
    email: String(record['email']),
    name,
    groupId: Number(record['group_id'] ?? 1),
    storeId: Number(record['store_id'] ?? 1),
  };
  const address = Array.isArray(record['addresses']) ? (record['addresses'][0] as MagentoRecord | undefined) : undefined;
  if (address) {
    const regionKey = Object.values(REGIONS).find(
      (r) => r.country === address['country_id'] && (r.regionId === undefined || r.regionId === address['region_id']),
    );
    if (regionKey) {
      const seed: AddressSeed = {
        region: regionKey as Region,
        city: String(address['city'] ?? ''),
        postcode: String(address['postcode'] ?? ''),
        street: Array.isArray(address['street']) ? String(address['street'][0] ?? '') : '',
      };
      if (typeof address['telephone'] === 'string') seed.telephone = address['telephone'];
      if (typeof address['company'] === 'string') seed.company = address['company'];
      ref.address = seed;
    }
  }
  return ref;
}

export function generateStore(options: GenerateOptions = {}): GeneratedStore {
  const seed = options.seed ?? 1;
  const now = options.now ?? DEFAULT_NOW;
  const days = options.days ?? 90;
  const root = new Random(seed);
  const store = new MagentoStore();
  for (const r of websiteRecords()) store.put('websites', r);
  for (const r of storeViewRecords()) store.put('storeViews', r);
  for (const r of storeConfigRecords(options.baseUrl)) store.put('storeConfigs', r);
  for (const r of taxRateRecords()) store.put('taxRates', r);
  store.currency = currencyInfo();
  const world: World = { sellables: [], customers: [], rng: root.fork(99), seed };
  if (options.empty) return { store, world };

  const catalogueRng = root.fork(1);
  const catalogue =
    typeof options.catalogue === 'object'
      ? loadLumaCatalogue(options.catalogue.lumaCsvPath, 1, now - 3 * days * DAY)
      : generateCatalogue(catalogueRng, options.products ?? 40, 1, now - 3 * days * DAY);
  for (const record of catalogue.records) store.put('products', record);
  world.sellables = catalogue.sellables;

  const customerRng = root.fork(2);
  const customerCount = options.customers ?? 25;
  for (let i = 0; i < customerCount; i++) {
    const createdAt = now - 2 * days * DAY + Math.floor((i * days * DAY) / Math.max(customerCount, 1));
    const record = generateCustomer(customerRng, i, { id: i + 1, addressId: store.nextAddressId(), createdAt });
    store.put('customers', record);
    world.customers.push(customerRef(record));
  }

  const orderRng = root.fork(3);
  const commerceRng = root.fork(4);
  const orderCount = options.orders ?? 100;
  const span = days * DAY;
  if (world.sellables.length > 0) {
    for (let i = 0; i < orderCount; i++) {
      const rng = orderRng.fork(i);
      const createdAt = now - span + Math.floor(((i + rng.next()) * span) / Math.max(orderCount, 1)) - 60 * 60 * 1000;
      const { plan, lifecycle } = planOrder(rng, i, world, createdAt);
      const order = buildOrder(store, plan);
      store.put('orders', order);
      liveThrough(store, order, lifecycle, rng, createdAt, now);
      // A random stream of its own: stores generated without the option keep every other draw.
      if (options.commerce) applyCommerceAmounts(store, order, commerceRng.fork(i));
    }
  }
  return { store, world };
}
