// Store activity on the store's clock: customers sign up and change their details, orders come in and get invoiced,
// shipped, refunded or canceled, each moving `updated_at`. Deterministic for a given seed and sequence of calls.
import { announce, type EmulatorContext } from './context.js';
import { magentoDate, MINUTE } from './dates.js';
import { isMagentoApiError } from './errors.js';
import { generateCustomer, randomAddress } from './generator/customers.js';
import { customerRef } from './generator/index.js';
import { buildOrder } from './generator/order-build.js';
import { planOrder } from './generator/orders.js';
import { sellablesFromProducts } from './generator/sellables.js';
import { STORE_VIEWS } from './generator/reference.js';
import { cents, num } from './money.js';
import { createCreditMemo } from './sales/creditmemo.js';
import { createInvoice } from './sales/invoice.js';
import { cancelOrder, shipOrder } from './sales/status.js';
import type { MagentoRecord } from './store.js';
import type { Change } from './webhooks.js';

export interface ActivityRequest {
  /** Number of events (default: one per 5 minutes of `minutes`, at least 1). */
  steps?: number;
  /** How far the store's clock moves (default: 5 minutes per step). */
  minutes?: number;
}

export interface ActivityResult {
  now: string;
  changes: Change[];
}

const ACTIONS = {
  newCustomer: 15,
  newOrder: 35,
  invoice: 18,
  ship: 6,
  refund: 8,
  cancel: 3,
  editCustomer: 10,
  editOrderAddress: 5,
  editProduct: 4,
} as const;
type Action = keyof typeof ACTIONS;

function recent(records: readonly MagentoRecord[], test: (r: MagentoRecord) => boolean): MagentoRecord[] {
  const out: MagentoRecord[] = [];
  for (let i = records.length - 1; i >= 0 && i >= records.length - 500; i--) {
    const r = records[i] as MagentoRecord;
    if (test(r)) out.push(r);
  }
  return out;
}

function act(ctx: EmulatorContext, action: Action, now: number): Change[] {
  const { store, world } = ctx;
  const rng = world.rng;
  const orders = store.orders.all();
  const orderChange = (o: MagentoRecord): Change => ({ entity_type: 'order', entity_id: num(o['entity_id']) });
  switch (action) {
    case 'newCustomer': {
      const id = store.customers.nextId();
      const record = generateCustomer(rng, 7 + id, { id, addressId: store.nextAddressId(), createdAt: now });
      store.put('customers', record);
      world.customers.push(customerRef(record));
      return [{ entity_type: 'customer', entity_id: id }];
    }
    case 'newOrder': {
      // A store loaded through the control endpoint (or restored) sells and serves what it holds.
      if (world.sellables.length === 0) world.sellables = sellablesFromProducts(store.products.all());
      if (world.sellables.length === 0) return act(ctx, 'newCustomer', now);
      if (world.customers.length === 0 && store.customers.size > 0) world.customers = store.customers.all().map(customerRef);
      const { plan } = planOrder(rng, 1000 + store.orders.size, world, now);
      const order = buildOrder(store, plan);
      store.put('orders', order);
      const changes: Change[] = [orderChange(order)];
      if (cents(order['grand_total']) === 0) {
        const invoice = createInvoice(store, order, {}, now);
        changes.push({ entity_type: 'invoice', entity_id: num(invoice['entity_id']) });
      }
      return changes;
    }
    case 'invoice': {
      const candidates = recent(orders, (o) => o['state'] === 'new' || o['state'] === 'pending_payment');
      if (candidates.length === 0) return act(ctx, 'newOrder', now);
      const order = rng.pick(candidates);
      const invoice = createInvoice(store, order, { capture: true }, now);
      return [{ entity_type: 'invoice', entity_id: num(invoice['entity_id']) }, orderChange(order)];
    }
    case 'ship': {
      const candidates = recent(orders, (o) => o['state'] === 'processing');
      if (candidates.length === 0) return act(ctx, 'invoice', now);
      const order = rng.pick(candidates);
      shipOrder(order, now);
      return [orderChange(order)];
    }
    case 'refund': {
      const candidates = recent(orders, (o) => (o['state'] === 'processing' || o['state'] === 'complete') && cents(o['total_paid']) > cents(o['total_refunded']));
      if (candidates.length === 0) return act(ctx, 'invoice', now);
      const order = rng.pick(candidates);
      const first = (order['items'] as MagentoRecord[]).find((i) => i['parent_item_id'] == null && num(i['qty_invoiced']) > num(i['qty_refunded']));
      const request = rng.chance(0.5) || !first ? {} : { items: [{ order_item_id: num(first['item_id']), qty: 1 }], arguments: { shipping_amount: 0 } };
      const memo = createCreditMemo(store, order, request, now);
      return [{ entity_type: 'creditmemo', entity_id: num(memo['entity_id']) }, orderChange(order)];
    }
    case 'cancel': {
      // A new order, or one invoiced in part whose rest is canceled (it stays processing).
      const partly = (o: MagentoRecord) =>
        o['state'] === 'processing' &&
        Number(o['total_invoiced'] ?? 0) > 0 &&
        (o['items'] as MagentoRecord[]).some((i) => i['parent_item_id'] == null && num(i['qty_ordered']) - num(i['qty_invoiced']) - num(i['qty_canceled']) > 0);
      const candidates = recent(orders, (o) => o['state'] === 'new' || partly(o));
      if (candidates.length === 0) return act(ctx, 'newOrder', now);
      const order = rng.pick(candidates);
      cancelOrder(order, now);
      return [orderChange(order)];
    }
    case 'editCustomer': {
      const customers = store.customers.all();
      if (customers.length === 0) return act(ctx, 'newCustomer', now);
      const customer = rng.pick(customers);
      const addresses = Array.isArray(customer['addresses']) ? (customer['addresses'] as MagentoRecord[]) : [];
      if (addresses.length > 0 && rng.chance(0.6)) {
        const address = addresses[0] as MagentoRecord;
        address['street'] = [`${rng.int(1, 999)} ${rng.pick(['Oak Ave', 'High Street', 'Elm Road', 'Hauptstraße'])}`];
        if (rng.chance(0.3)) address['telephone'] = `555-${String(rng.int(1000, 9999))}`;
      } else {
        customer['lastname'] = `${String(customer['lastname'] ?? '')}-${rng.pick(['Smith', 'Lee', 'Müller'])}`;
      }
      customer['updated_at'] = magentoDate(now);
      return [{ entity_type: 'customer', entity_id: num(customer['id']) }];
    }
    case 'editProduct': {
      const products = store.products.all().filter((p) => p['type_id'] === 'simple' && cents(p['price']) > 0);
      if (products.length === 0) return act(ctx, 'newCustomer', now);
      const product = rng.pick(products);
      // A price change of a few percent, to the cent; orders already placed keep their prices.
      product['price'] = Math.round(cents(product['price']) * rng.pick([0.9, 0.95, 1.05, 1.1])) / 100;
      product['updated_at'] = magentoDate(now);
      return [{ entity_type: 'product', entity_id: num(product['id']) }];
    }
    case 'editOrderAddress': {
      const candidates = recent(orders, (o) => o['state'] === 'new' || o['state'] === 'processing');
      if (candidates.length === 0) return act(ctx, 'newOrder', now);
      const order = rng.pick(candidates);
      const billing = order['billing_address'] as MagentoRecord | undefined;
      const store0 = STORE_VIEWS.find((s) => s.id === order['store_id']) ?? STORE_VIEWS[0];
      if (billing && store0) {
        const seed = randomAddress(rng, String(billing['country_id']) === 'US' ? 'US-TX' : rng.pick(store0.regions));
        billing['street'] = [seed.street];
      }
      order['updated_at'] = magentoDate(now);
      return [orderChange(order)];
    }
  }
}

export async function simulateActivity(ctx: EmulatorContext, request: ActivityRequest = {}): Promise<ActivityResult> {
  const steps = Math.max(1, Math.floor(request.steps ?? Math.round((request.minutes ?? 5) / 5)));
  const minutes = request.minutes ?? steps * 5;
  const stepMs = Math.max(1000, Math.floor((minutes * MINUTE) / steps));
  const changes: Change[] = [];
  for (let i = 0; i < steps; i++) {
    ctx.clock.advance(stepMs);
    const action = ctx.world.rng.weighted(ACTIONS);
    try {
      changes.push(...act(ctx, action, ctx.clock.now()));
    } catch (error) {
      // A refused action (say, nothing left to refund) is just a quiet minute in the store.
      if (!isMagentoApiError(error)) throw error;
    }
  }
  await announce(ctx, changes);
  return { now: magentoDate(ctx.clock.now()), changes };
}
