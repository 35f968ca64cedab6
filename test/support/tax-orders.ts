// Orders for the tax end-to-end tests, built from the real Magento orders in src/mapping/fixtures/orders.real-stores.json
// (sources named there and in its README): the same shapes and variants real stores send, moved to the store and
// country of each test and taxed at that country's rates. What each order is for:
//   taxed      OCA cassette order 9: a configurable hoodie taxed at the country's rate, a dress of tax class "None"
//              (a zero-rated product) and untaxed shipping;
//   exempt     devdocs 2.1 order: simple, downloadable and bundle lines, nothing taxed, bought by a tax-exempt group;
//   download   the same order by a retail customer: a downloadable product and others Magento did not tax;
//   export     OCA cassette order 16: a guest order shipped to Afghanistan, nothing taxed;
//   noapplied  storefront-integration-sdk order 102: a taxed line and no applied taxes at all (the rate is found from
//              the line's percent and the store's rates);
//   missing    the same, taxed at a rate of the country that the Xero organisation does not have.
import { readFileSync } from 'node:fs';

type Raw = Record<string, any>;

const real = JSON.parse(readFileSync(new URL('../../src/mapping/fixtures/orders.real-stores.json', import.meta.url), 'utf8')) as { orders: Raw[] };
const original = (entityId: number): Raw => structuredClone(real.orders.find((o) => o['entity_id'] === entityId)) as Raw;

export interface TaxCountry {
  region: 'US' | 'UK' | 'AU' | 'NZ' | 'CA';
  currency: string;
  country: string;
  timezone: string;
  regionCode?: string;
  regionId?: number;
  /** The country's rate for the taxed orders. */
  rate: { code: string; percent: number };
  /** A rate of the same country that the organisation has no Xero rate for (absent: `rate` itself is the missing one). */
  missing?: { code: string; percent: number; regionCode?: string; regionId?: number; date?: string };
}

const cents = (n: number) => Math.round(n * 100);
const money = (c: number) => c / 100;

function address(a: Raw | undefined | null, country: string, regionCode?: string, regionId?: number): Raw | undefined {
  if (!a) return undefined;
  return { ...a, country_id: country, region_code: regionCode ?? null, region_id: regionId ?? null, region: regionCode ?? null };
}

/** Moves a real order into the test's store and country (currency, addresses, number), as processing. */
function retarget(raw: Raw, c: TaxCountry, id: number, options: { country?: string; regionCode?: string; regionId?: number } = {}): Raw {
  const country = options.country ?? c.country;
  const regionCode = options.country ? options.regionCode : options.regionCode ?? c.regionCode;
  const regionId = options.country ? options.regionId : options.regionId ?? c.regionId;
  const order: Raw = { ...raw, entity_id: id, increment_id: `T${String(id).padStart(8, '0')}`, store_id: 1, state: 'processing', status: 'processing' };
  for (const field of ['base_currency_code', 'order_currency_code', 'global_currency_code', 'store_currency_code']) order[field] = c.currency;
  order['base_to_order_rate'] = 1;
  order['billing_address'] = address(raw['billing_address'], country, regionCode, regionId);
  const ext = { ...(raw['extension_attributes'] ?? {}) };
  ext['shipping_assignments'] = (ext['shipping_assignments'] ?? []).map((s: Raw) => ({ ...s, shipping: { ...s['shipping'], address: address(s['shipping']?.['address'], country, regionCode, regionId) } }));
  order['extension_attributes'] = ext;
  order['items'] = (raw['items'] as Raw[]).map((i) => ({ ...i, order_id: id, store_id: 1 }));
  order['payment'] = { ...(raw['payment'] ?? {}), method: 'checkmo' };
  return order;
}

function taxItem(item: Raw, percent: number, taxCents: number): Raw {
  return {
    ...item,
    tax_percent: percent,
    tax_amount: money(taxCents),
    base_tax_amount: money(taxCents),
    price_incl_tax: money(cents(item['price']) + Math.round((cents(item['price']) * percent) / 100)),
    row_total_incl_tax: money(cents(item['row_total']) + taxCents),
  };
}

function untaxItem(item: Raw): Raw {
  return { ...item, tax_percent: 0, tax_amount: 0, base_tax_amount: 0, price_incl_tax: item['price'], row_total_incl_tax: item['row_total'] };
}

function totals(order: Raw): Raw {
  const billable = (order['items'] as Raw[]).filter((i) => i['parent_item_id'] == null || (order['items'] as Raw[]).find((p) => p['item_id'] === i['parent_item_id'])?.['product_type'] === 'bundle');
  const parents = new Set((order['items'] as Raw[]).filter((i) => i['product_type'] === 'bundle').map((i) => i['item_id']));
  const lines = billable.filter((i) => !parents.has(i['item_id']));
  const subtotal = lines.reduce((s, i) => s + cents(i['row_total']), 0);
  const discount = lines.reduce((s, i) => s + cents(i['discount_amount'] ?? 0), 0);
  const tax = lines.reduce((s, i) => s + cents(i['tax_amount']), 0) + cents(order['shipping_tax_amount'] ?? 0);
  const shipping = cents(order['shipping_amount'] ?? 0);
  const grand = subtotal - discount + shipping + tax;
  return {
    ...order,
    subtotal: money(subtotal),
    base_subtotal: money(subtotal),
    subtotal_incl_tax: money(subtotal + tax),
    discount_amount: money(-discount),
    tax_amount: money(tax),
    base_tax_amount: money(tax),
    grand_total: money(grand),
    base_grand_total: money(grand),
    total_due: money(grand),
  };
}

const applied = (code: string, percent: number, amountCents: number) => ({ code, title: code, percent, amount: money(amountCents), base_amount: money(amountCents) });

export interface TaxOrders {
  orders: Raw[];
  /** Increment id of each order by its purpose. */
  numbers: Record<'taxed' | 'exempt' | 'download' | 'export' | 'noapplied' | 'missing', string>;
}

export function taxOrders(c: TaxCountry, firstId = 7001): TaxOrders {
  const orders: Raw[] = [];
  const numbers = {} as TaxOrders['numbers'];
  const add = (name: keyof TaxOrders['numbers'], order: Raw) => {
    orders.push(order);
    numbers[name] = String(order['increment_id']);
  };

  // taxed: the hoodie (configurable parent) taxed; the dress (tax class None) and shipping not.
  {
    const o = retarget(original(1009), c, firstId);
    const items = o['items'] as Raw[];
    const hoodie = items.find((i) => i['product_type'] === 'configurable')!;
    const taxCents = Math.round((cents(hoodie['row_total']) * c.rate.percent) / 100);
    o['items'] = items.map((i) => (i === hoodie ? taxItem(i, c.rate.percent, taxCents) : untaxItem(i)));
    o['shipping_tax_amount'] = 0;
    o['extension_attributes']['applied_taxes'] = [applied(c.rate.code, c.rate.percent, taxCents)];
    o['extension_attributes']['item_applied_taxes'] = [{ type: 'product', item_id: hoodie['item_id'], applied_taxes: [applied(c.rate.code, c.rate.percent, taxCents)] }];
    add('taxed', totals(o));
  }
  // exempt and download: nothing taxed; the real order's customer, in a tax-exempt group; then a guest.
  for (const [name, group, id] of [['exempt', 4, firstId + 1], ['download', 0, firstId + 2]] as const) {
    const o = retarget(original(3003), c, id);
    o['items'] = (o['items'] as Raw[]).map(untaxItem);
    o['customer_group_id'] = group;
    if (name === 'download') Object.assign(o, { customer_id: null, customer_is_guest: 1, customer_email: 'guest.download@example.com' });
    add(name, totals(o));
  }
  // export: shipped (and billed) abroad, as the real order was.
  {
    const o = retarget(original(1016), c, firstId + 3, { country: 'AF' });
    add('export', totals(o));
  }
  // noapplied and missing: the Polish order's one line, taxed after its discount, and no applied taxes at all (missing:
  // with applied taxes naming a rate the organisation has no Xero rate for).
  const single = (id: number, rate: { code: string; percent: number }, where: { regionCode?: string; regionId?: number }, named: boolean, date?: string) => {
    const o = retarget(original(4102), c, id, where.regionCode ? { regionCode: where.regionCode, ...(where.regionId ? { regionId: where.regionId } : {}) } : {});
    const item = (o['items'] as Raw[])[0]!;
    const taxCents = Math.round(((cents(item['row_total']) - cents(item['discount_amount'])) * rate.percent) / 100);
    o['items'] = [taxItem(item, rate.percent, taxCents)];
    if (date) o['created_at'] = o['updated_at'] = date;
    o['extension_attributes'] = { ...o['extension_attributes'] };
    if (named) {
      o['extension_attributes']['applied_taxes'] = [applied(rate.code, rate.percent, taxCents)];
      o['extension_attributes']['item_applied_taxes'] = [{ type: 'product', item_id: item['item_id'], applied_taxes: [applied(rate.code, rate.percent, taxCents)] }];
    }
    return totals(o);
  };
  add('noapplied', single(firstId + 4, c.rate, {}, false));
  const m = c.missing ?? { ...c.rate };
  add('missing', single(firstId + 5, m, { ...(m.regionCode ? { regionCode: m.regionCode } : {}), ...(m.regionId ? { regionId: m.regionId } : {}) }, true, c.missing?.date));
  return { orders, numbers };
}

/** The products the orders sell, with their tax classes: the dress is of class "None" (0), Magento's untaxed class. */
export function taxProducts(): Raw[] {
  const product = (id: number, sku: string, name: string, price: number, taxClass: string, type = 'simple') => ({
    id, sku, name, price, type_id: type, status: 1, visibility: 4, attribute_set_id: 4, created_at: '2024-01-01 00:00:00', updated_at: '2024-01-01 00:00:00',
    custom_attributes: [{ attribute_code: 'tax_class_id', value: taxClass }],
  });
  return [
    product(101, 'MH09-XS-Blue', 'Abominable Hoodie-XS-Blue', 69, '2'),
    product(102, 'RACER', 'Racer Back Maxi Dress', 224, '0'),
    product(103, 'WS12-M-Orange', 'Radiant Tee-M-Orange', 22, '2'),
    product(104, '240-LV08', 'Advanced Pilates & Yoga (Strength)', 18, '2', 'downloadable'),
    product(105, '24-WG082-blue', 'Sprite Stasis Ball 65 cm', 27, '2'),
    product(106, '24-WG084', 'Sprite Foam Yoga Brick', 5, '2'),
    product(107, '24-WG086', 'Sprite Yoga Strap 8 foot', 17, '2'),
    product(108, '24-WG088', 'Sprite Foam Roller', 19, '2'),
    product(109, 'WP13-28-Blue', 'Portia Capri-28-Blue', 49, '2'),
    product(110, 'WS12-XS-Blue', 'Radiant Tee-XS-Blue', 22, '2'),
  ];
}

/** The customers of the orders that are not guests' (from the real orders, with the group each order names). */
export function taxCustomers(orders: readonly Raw[]): Raw[] {
  const seen = new Map<number, Raw>();
  for (const o of orders) {
    const id = o['customer_id'];
    if (typeof id !== 'number' || o['customer_is_guest'] === 1) continue;
    seen.set(id, {
      id, email: o['customer_email'], firstname: o['customer_firstname'] ?? 'Jane', lastname: o['customer_lastname'] ?? 'Doe',
      group_id: o['customer_group_id'] ?? 1, store_id: 1, website_id: 1, created_at: '2024-01-01 00:00:00', updated_at: '2024-01-01 00:00:00', addresses: [],
    });
  }
  return [...seen.values()];
}
