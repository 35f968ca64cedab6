import { describe, expect, it } from 'vitest';
import { cents } from '../money.js';
import type { MagentoRecord } from '../store.js';
import { generateStore } from './index.js';
import { totalsGap } from './invariants.js';

/** Fields the schema marks required: Magento sends them as null when empty. Any other null is a bug. */
const REQUIRED_NULLABLE = new Set(['account_status', 'cc_last4', 'low_stock_date', 'base_cost', 'region_code', 'region', 'telephone']);

function nullPaths(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => nullPaths(v, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value as object).flatMap(([k, v]) =>
    v === null ? (REQUIRED_NULLABLE.has(k) ? [] : [`${path}.${k}`]) : nullPaths(v, `${path}.${k}`),
  );
}

const small = generateStore({ seed: 42, customers: 30, products: 40, orders: 150 });
const orders = small.store.orders.all();
const invoices = small.store.invoices.all();
const creditmemos = small.store.creditmemos.all();

describe('generateStore', () => {
  it('gives the same store for the same seed and a different one for another seed', () => {
    const again = generateStore({ seed: 42, customers: 30, products: 40, orders: 150 });
    expect(JSON.stringify(again.store.orders.all())).toBe(JSON.stringify(orders));
    expect(JSON.stringify(again.store.customers.all())).toBe(JSON.stringify(small.store.customers.all()));
    const other = generateStore({ seed: 43, customers: 30, products: 40, orders: 150 });
    expect(JSON.stringify(other.store.orders.all())).not.toBe(JSON.stringify(orders));
  });

  it('makes every order, invoice and credit memo add up to the cent in both currencies', () => {
    for (const doc of [...orders, ...invoices, ...creditmemos]) {
      expect(totalsGap(doc), `${String(doc['increment_id'])}`).toBe(0);
      expect(totalsGap(doc, 'base_'), `${String(doc['increment_id'])} base`).toBe(0);
    }
    expect(invoices.length).toBeGreaterThan(50);
    expect(creditmemos.length).toBeGreaterThan(5);
  });

  it('invoices a fully invoiced order for exactly its grand total, lines referencing its items', () => {
    for (const order of orders) {
      const mine = invoices.filter((i) => i['order_id'] === order['entity_id']);
      const itemIds = new Set((order['items'] as MagentoRecord[]).map((i) => i['item_id']));
      for (const invoice of mine) {
        for (const line of invoice['items'] as MagentoRecord[]) expect(itemIds.has(line['order_item_id'])).toBe(true);
      }
      const fully = (order['items'] as MagentoRecord[]).every((i) => i['qty_invoiced'] === i['qty_ordered']);
      if (mine.length > 0 && fully) {
        expect(mine.reduce((s, i) => s + cents(i['grand_total']), 0)).toBe(cents(order['grand_total']));
        expect(mine.reduce((s, i) => s + cents(i['base_grand_total']), 0)).toBe(cents(order['base_grand_total']));
      }
    }
  });

  it('leaves out empty optional fields (only schema-required ones may be null)', () => {
    for (const kind of ['customers', 'products', 'orders', 'invoices', 'creditmemos'] as const) {
      for (const record of small.store.collection(kind).all()) expect(nullPaths(record)).toEqual([]);
    }
    const order = orders[0] as MagentoRecord;
    expect((order['payment'] as MagentoRecord)['account_status']).toBeNull();
  });

  it('sends the shapes real stores send (issue 16): net rows, children without parent ids, FPT, gift wrapping, custom options', () => {
    const items = orders.flatMap((o) => o['items'] as MagentoRecord[]);
    // The UK store's discounted rows come net of their discount, its subtotal still gross.
    const uk = orders.filter((o) => o['store_id'] === 2 && cents(o['discount_amount']) !== 0);
    expect(uk.length).toBeGreaterThan(0);
    for (const o of uk) {
      const rows = o['items'] as MagentoRecord[];
      const sum = (k: string) => rows.reduce((s, i) => s + cents(i[k]), 0);
      expect(sum('row_total') + sum('discount_amount') - sum('discount_tax_compensation_amount')).toBe(cents(o['subtotal']));
    }
    // Configurable children without parent_item_id, beside ones with it.
    const orphan = (i: MagentoRecord, o: MagentoRecord) =>
      i['product_type'] === 'simple' && i['parent_item_id'] === undefined && (o['items'] as MagentoRecord[]).some((p) => p['product_type'] === 'configurable' && p['sku'] === i['sku']);
    expect(orders.some((o) => (o['items'] as MagentoRecord[]).some((i) => orphan(i, o)))).toBe(true);
    expect(items.some((i) => i['product_type'] === 'simple' && i['parent_item_id'] !== undefined)).toBe(true);
    // Fixed product taxes, untaxed (California) and taxed (Germany); their invoices and refunds carry their share.
    const fpt = items.filter((i) => cents(i['weee_tax_applied_row_amount']) !== 0);
    expect(fpt.some((i) => String(i['weee_tax_applied']).includes('California e-waste fee'))).toBe(true);
    expect(fpt.some((i) => String(i['weee_tax_applied']).includes('WEEE'))).toBe(true);
    expect(invoices.some((d) => (d['items'] as MagentoRecord[]).some((i) => cents(i['weee_tax_applied_row_amount']) !== 0))).toBe(true);
    // Gift wrapping and printed cards, invoiced with the first invoice.
    const wrapped = orders.filter((o) => cents((o['extension_attributes'] as MagentoRecord)['gw_price']) !== 0);
    expect(wrapped.length).toBeGreaterThan(0);
    expect(invoices.some((d) => cents((d['extension_attributes'] as MagentoRecord | undefined)?.['gw_card_price']) !== 0)).toBe(true);
    // Custom options with their label and value.
    expect(items.some((i) => JSON.stringify(i['product_options'] ?? null).includes('"label":"Monogram"'))).toBe(true);
  });

  it('has the awkward cases of a real store', () => {
    const customers = small.store.customers.all();
    const names = customers.map((c) => `${String(c['firstname'])} ${String(c['lastname'])}`);
    expect(names.filter((n) => n === 'Jane Doe')).toHaveLength(2);
    expect(names.some((n) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(n))).toBe(true);
    expect(names.some((n) => /[\u0600-\u06ff]/.test(n))).toBe(true);
    expect(names.some((n) => n.length > 50)).toBe(true);
    const addresses = customers.flatMap((c) => c['addresses'] as MagentoRecord[]);
    expect(addresses.some((a) => a['telephone'] === undefined)).toBe(true);
    expect(orders.some((o) => (o['billing_address'] as MagentoRecord)['telephone'] === null)).toBe(true);
    expect(addresses.some((a) => typeof a['company'] === 'string')).toBe(true);

    const products = small.store.products.all();
    expect(products.some((p) => String(p['sku']).length > 30)).toBe(true);
    expect(products.some((p) => String(p['name']).length > 50)).toBe(true);
    expect(products.some((p) => p['type_id'] === 'configurable')).toBe(true);
    expect(products.some((p) => p['type_id'] === 'bundle')).toBe(true);

    const guest = orders.find((o) => o['customer_is_guest'] === 1);
    expect(guest).toBeDefined();
    // What a client sees is the JSON: the key is not there at all.
    expect('customer_id' in (JSON.parse(JSON.stringify(guest)) as MagentoRecord)).toBe(false);
    expect(new Set(orders.map((o) => o['order_currency_code']))).toEqual(new Set(['USD', 'GBP', 'EUR']));
    expect(orders.some((o) => /^2\d{9}$/.test(String(o['increment_id'])))).toBe(true);
    expect(orders.some((o) => /^0\d{8}$/.test(String(o['increment_id'])))).toBe(true);
    const states = new Set(orders.map((o) => o['state']));
    for (const state of ['new', 'processing', 'complete', 'closed', 'canceled', 'holded']) expect(states).toContain(state);
    expect(orders.some((o) => o['grand_total'] === 0 && cents(o['subtotal']) > 0)).toBe(true);
    expect(orders.some((o) => cents(o['discount_tax_compensation_amount']) > 0)).toBe(true);
    expect(orders.some((o) => cents(o['shipping_discount_amount']) > 0)).toBe(true);
    expect(orders.some((o) => o['shipping_amount'] === 0 && o['shipping_description'] === 'Free Shipping - Free')).toBe(true);
    expect(creditmemos.some((c) => cents(c['adjustment_positive']) > 0)).toBe(true);
    expect(creditmemos.some((c) => cents(c['adjustment_negative']) > 0)).toBe(true);
    expect(creditmemos.some((c) => c['invoice_id'] !== undefined)).toBe(true);
    const partial = orders.find((o) => (o['items'] as MagentoRecord[]).some((i) => (i['qty_invoiced'] as number) > 0 && (i['qty_invoiced'] as number) < (i['qty_ordered'] as number)));
    expect(partial).toBeDefined();
  });

  it("pays with Magento's `free` method exactly the orders whose grand total is zero", () => {
    // Magento offers `free` only when the grand total rounds to 0 and no other method then (Payment/Model/Method/Free.php
    // isAvailable, Payment/Model/Checks/ZeroTotal.php): a 100 % discount on an order that still carries a fixed product
    // tax or gift wrapping leaves those to pay with the buyer's method.
    const method = (o: MagentoRecord) => String((o['payment'] as MagentoRecord)['method']);
    for (const o of orders) expect(method(o) === 'free', `${String(o['increment_id'])} ${method(o)} ${String(o['grand_total'])}`).toBe(cents(o['grand_total']) === 0);
    const staff = orders.filter((o) => o['coupon_code'] === 'STAFF100');
    expect(staff.some((o) => method(o) === 'free')).toBe(true);
    expect(staff.some((o) => cents(o['grand_total']) > 0 && method(o) !== 'free')).toBe(true);
  });

  it('puts amounts on configurable parents and dynamic bundle children, header discounts negative and item discounts positive', () => {
    const items = orders.flatMap((o) => o['items'] as MagentoRecord[]);
    const byId = new Map(items.map((i) => [i['item_id'], i]));
    const configurableChild = items.find((i) => byId.get(i['parent_item_id'])?.['product_type'] === 'configurable');
    expect(configurableChild?.['price']).toBe(0);
    expect(byId.get(configurableChild?.['parent_item_id'])?.['sku']).toBe(configurableChild?.['sku']);
    const dynamicChild = items.find((i) => {
      const parent = byId.get(i['parent_item_id']);
      return parent?.['product_type'] === 'bundle' && cents(i['row_total']) > 0;
    });
    expect(dynamicChild).toBeDefined();
    const fixedParent = items.find((i) => i['product_type'] === 'bundle' && cents(i['row_total']) > 0);
    expect(fixedParent).toBeDefined();
    const discounted = orders.find((o) => cents(o['discount_amount']) < 0);
    expect(discounted).toBeDefined();
    expect((discounted?.['items'] as MagentoRecord[]).some((i) => cents(i['discount_amount']) > 0)).toBe(true);
  });

  it('combines same-priority rates (GST 5 % + PST 7 %) into one applied tax with both rates', () => {
    const canadian = orders.find((o) => (o['billing_address'] as MagentoRecord)['region_code'] === 'BC');
    const applied = ((canadian?.['extension_attributes'] as MagentoRecord)['applied_taxes'] as MagentoRecord[])[0];
    expect(applied?.['percent']).toBe(12);
    expect(((applied?.['extension_attributes'] as MagentoRecord)['rates'] as MagentoRecord[]).map((r) => r['percent'])).toEqual([5, 7]);
  });

  it('generates 10,000 orders whose totals all add up', () => {
    const big = generateStore({ seed: 3, customers: 500, products: 200, orders: 10_000 });
    expect(big.store.orders.size).toBe(10_000);
    let gaps = 0;
    for (const kind of ['orders', 'invoices', 'creditmemos'] as const) {
      for (const doc of big.store.collection(kind).all()) if (totalsGap(doc) !== 0 || totalsGap(doc, 'base_') !== 0) gaps++;
    }
    expect(gaps).toBe(0);
    const impossible = big.store.orders.all().filter((o) => ((o['payment'] as MagentoRecord)['method'] === 'free') !== (cents(o['grand_total']) === 0));
    expect(impossible.map((o) => o['increment_id'])).toEqual([]);
  });
});

describe('orders invoiced in part and canceled for the rest', () => {
  // Magento's Order::registerCancellation: the uninvoiced quantity is canceled, the order records what was not invoiced
  // (subtotal_canceled = subtotal − subtotal_invoiced, tax likewise, total_canceled = grand_total − total_paid) and stays open.
  const partly = orders.filter((o) => cents(o['total_canceled']) > 0 && o['state'] !== 'canceled');

  it('appear in every store (order 13 is one), each with Magento\'s canceled figures', () => {
    expect(partly.length).toBeGreaterThan(0);
    expect(partly.map((o) => o['increment_id'])).toContain(String(orders[12]!['increment_id']));
    for (const o of partly) {
      expect(o['state']).toMatch(/^(processing|complete)$/);
      expect(cents(o['total_canceled'])).toBe(cents(o['grand_total']) - cents(o['total_paid']));
      expect(cents(o['tax_canceled'])).toBe(cents(o['tax_amount']) - cents(o['tax_invoiced']));
      expect(cents(o['subtotal_canceled'])).toBe(cents(o['subtotal']) - cents(o['subtotal_invoiced']));
      const items = o['items'] as MagentoRecord[];
      expect(items.some((i) => Number(i['qty_canceled'] ?? 0) > 0)).toBe(true);
      for (const i of items) expect(Number(i['qty_invoiced'] ?? 0) + Number(i['qty_canceled'] ?? 0)).toBe(Number(i['qty_ordered']));
    }
  });
});

describe('Adobe Commerce amounts (option commerce)', () => {
  const commerce = generateStore({ seed: 42, customers: 30, products: 40, orders: 150, commerce: true });
  const withCommerce = commerce.store.orders.all();

  it('leaves a store generated without the option as it was', () => {
    expect(JSON.stringify(generateStore({ seed: 42, customers: 30, products: 40, orders: 150 }).store.orders.all())).toBe(JSON.stringify(orders));
  });

  it('pays part of some invoiced orders with a gift card, store credit or reward points, off the order and its invoice', () => {
    const ext = (o: MagentoRecord) => (o['extension_attributes'] ?? {}) as MagentoRecord;
    const seen = new Set<string>();
    for (const o of withCommerce) {
      const e = ext(o);
      const kind = e['gift_cards_amount'] ? 'gift_cards_amount' : e['customer_balance_amount'] ? 'customer_balance_amount' : e['reward_currency_amount'] ? 'reward_currency_amount' : undefined;
      if (!kind) continue;
      seen.add(kind);
      const invoice = commerce.store.invoices.all().find((i) => i['order_id'] === o['entity_id'])!;
      expect(cents(invoice['grand_total'])).toBe(cents(o['grand_total']));
      expect(cents(o['total_paid'])).toBe(cents(o['grand_total']));
      // What was sold still adds up: the grand total plus what the card, credit or points paid.
      const plain = orders.find((p) => p['entity_id'] === o['entity_id'])!;
      expect(cents(o['grand_total']) + cents(e[kind])).toBe(cents(plain['grand_total']));
      if (kind !== 'reward_currency_amount') expect(ext(invoice)[kind]).toBe(e[kind]);
      if (kind === 'customer_balance_amount') expect(o['customer_is_guest']).not.toBe(1);
    }
    expect([...seen].sort()).toEqual(['customer_balance_amount', 'gift_cards_amount', 'reward_currency_amount']);
  });
});
