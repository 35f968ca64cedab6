// Plans orders the way a real store's history looks (registered and guest buyers, several currencies, discounts of
// every kind, free and paid shipping) and lives through each one's life: invoices, shipping, refunds, cancellation, hold.
import { MINUTE } from '../dates.js';
import { isMagentoApiError } from '../errors.js';
import { num } from '../money.js';
import { createCreditMemo, type RefundRequest } from '../sales/creditmemo.js';
import { createInvoice } from '../sales/invoice.js';
import { cancelOrder, holdOrder, shipOrder } from '../sales/status.js';
import type { MagentoRecord, MagentoStore } from '../store.js';
import { randomAddress, type AddressSeed } from './customers.js';
import { ordinaryName, AWKWARD_NAMES, type PersonName } from './names.js';
import type { DiscountPlan, OrderPlan } from './order-build.js';
import type { Random } from './prng.js';
import type { Sellable } from './products.js';
import { STORE_VIEWS, type Region, type StoreView } from './reference.js';

export interface CustomerRef {
  id: number;
  email: string;
  name: PersonName;
  groupId: number;
  storeId: number;
  address?: AddressSeed;
}

export const LIFECYCLES = [
  'pending', 'pending_payment', 'payment_review', 'processing', 'complete', 'partial_invoice', 'partial_refund', 'full_refund',
  'canceled', 'holded', 'partial_cancel',
] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

type DiscountKind = 'none' | 'percent' | 'coupon70' | 'fixed' | 'freeShipping' | 'percentWithShipping' | 'hundred';

/** What kind of line to sell: a product kind, or a bundle by its pricing. */
type Want = Sellable['kind'] | 'dynamic' | 'fixed';

interface Forced {
  storeId?: number;
  regionKey?: string;
  guest?: boolean;
  discount?: DiscountKind;
  lifecycle?: Lifecycle;
  payment?: string;
  kinds?: Want[];
}

/** The first orders of every store show one awkward case each, so even a tiny store has them all. */
const FORCED: readonly Forced[] = [
  { storeId: 1, regionKey: 'US-CA', discount: 'percent', lifecycle: 'complete', kinds: ['simple', 'configurable'] },
  { storeId: 1, regionKey: 'US-NY', guest: true, discount: 'percentWithShipping', lifecycle: 'processing', kinds: ['dynamic'] },
  { storeId: 2, regionKey: 'GB', discount: 'percent', lifecycle: 'partial_invoice', kinds: ['simple', 'fixed'] },
  { storeId: 3, regionKey: 'DE', discount: 'fixed', lifecycle: 'full_refund', kinds: ['configurable', 'simple'] },
  { storeId: 1, regionKey: 'US-TX', discount: 'hundred', lifecycle: 'complete', kinds: ['simple'] },
  { storeId: 1, regionKey: 'US-CA', lifecycle: 'canceled' },
  { storeId: 2, regionKey: 'GB', lifecycle: 'holded' },
  { storeId: 1, regionKey: 'CA-BC', discount: 'coupon70', lifecycle: 'partial_refund', kinds: ['simple', 'simple'] },
  { storeId: 1, regionKey: 'AU-NSW', discount: 'freeShipping', lifecycle: 'processing' },
  { storeId: 1, regionKey: 'US-NY', payment: 'braintree', lifecycle: 'partial_refund', kinds: ['configurable', 'dynamic'] },
  { storeId: 3, regionKey: 'DE', guest: true, discount: 'percentWithShipping', lifecycle: 'complete', kinds: ['fixed', 'simple'] },
  { storeId: 1, regionKey: 'US-CA', lifecycle: 'pending' },
  // Invoiced in part, the rest canceled (qty_canceled, total_canceled; the order stays processing).
  { storeId: 1, regionKey: 'US-NY', lifecycle: 'partial_cancel', kinds: ['simple', 'configurable'] },
];

const PAYMENTS: Record<string, { title: string; ccLast4?: string }> = {
  checkmo: { title: 'Check / Money order' },
  banktransfer: { title: 'Bank Transfer Payment' },
  cashondelivery: { title: 'Cash On Delivery' },
  purchaseorder: { title: 'Purchase Order' },
  braintree: { title: 'Credit Card (Braintree)', ccLast4: '1111' },
  paypal_express: { title: 'PayPal Express Checkout' },
};

function discountPlan(kind: DiscountKind): DiscountPlan {
  switch (kind) {
    case 'none':
    case 'freeShipping':
      return { kind: 'none' };
    case 'percent':
      return { kind: 'percent', percent: 20, shipping: false, ruleId: 1, label: '20% off everything' };
    case 'coupon70':
      return { kind: 'percent', percent: 70, shipping: false, ruleId: 2, label: 'H20', coupon: 'H20' };
    case 'fixed':
      return { kind: 'fixed', amount: 1000, ruleId: 3, label: '$10 off your order', coupon: 'TENOFF' };
    case 'percentWithShipping':
      return { kind: 'percent', percent: 15, shipping: true, ruleId: 5, label: '15% off, shipping included', coupon: 'SPRING15' };
    case 'hundred':
      return { kind: 'percent', percent: 100, shipping: true, ruleId: 6, label: 'Staff order', coupon: 'STAFF100' };
  }
}

function pickSellable(rng: Random, sellables: readonly Sellable[], want?: Want): Sellable {
  const matches = (s: Sellable): boolean => {
    if (want === undefined) return true;
    if (want === 'dynamic') return s.kind === 'bundle' && s.dynamic;
    if (want === 'fixed') return s.kind === 'bundle' && !s.dynamic;
    if (want === 'simple') return s.kind === 'simple' && !s.product.virtual;
    return s.kind === want;
  };
  const candidates = sellables.filter(matches);
  return rng.pick(candidates.length > 0 ? candidates : sellables);
}

export interface PlanContext {
  sellables: readonly Sellable[];
  customers: readonly CustomerRef[];
}

export function planOrder(rng: Random, index: number, ctx: PlanContext, createdAt: number): { plan: OrderPlan; lifecycle: Lifecycle } {
  const forced: Forced = FORCED[index] ?? {};
  const store: StoreView =
    STORE_VIEWS.find((s) => s.id === forced.storeId) ?? (rng.chance(0.7) ? (STORE_VIEWS[0] as StoreView) : rng.pick(STORE_VIEWS.slice(1)));
  const candidates = ctx.customers.filter((c) => c.storeId === store.id || (store.id !== 1 && c.storeId !== 1));
  const guest = forced.guest ?? (candidates.length === 0 || rng.chance(0.3));
  let customer: OrderPlan['customer'];
  let address: AddressSeed;
  if (!guest) {
    const ref = rng.pick(candidates);
    customer = { id: ref.id, email: ref.email, name: ref.name, groupId: ref.groupId, guest: false };
    address = ref.address ?? randomAddress(rng, forced.regionKey ?? rng.pick(store.regions));
  } else {
    const name = rng.chance(0.1) ? rng.pick(AWKWARD_NAMES) : ordinaryName((xs) => rng.pick(xs));
    customer = { email: `${name.ascii}.guest${index}@example.net`, name, groupId: 0, guest: true, omitNames: rng.chance(0.3) };
    address = randomAddress(rng, forced.regionKey ?? rng.pick(store.regions), { company: rng.chance(0.1), noPhone: rng.chance(0.05) });
  }
  if (forced.regionKey !== undefined && address.region.key !== forced.regionKey) address = randomAddress(rng, forced.regionKey);
  if (!store.regions.includes(address.region.key)) address = randomAddress(rng, rng.pick(store.regions));
  const region: Region = address.region;

  const lines: OrderPlan['lines'] = [];
  const kinds = forced.kinds ?? Array.from({ length: rng.weighted({ 1: 45, 2: 30, 3: 15, 4: 10 }) === '1' ? 1 : rng.int(2, 4) }, () => undefined);
  for (const kind of kinds) {
    const sellable = pickSellable(rng, ctx.sellables, kind);
    lines.push({ sellable, qty: rng.weighted({ 1: 70, 2: 20, 3: 7, 10: 3 }) === '1' ? 1 : rng.int(2, 3), childIndex: rng.int(0, 3) });
  }
  if (lines.every((l) => l.sellable.kind === 'simple' && l.sellable.product.virtual)) {
    lines.push({ sellable: pickSellable(rng, ctx.sellables, 'simple'), qty: 1 });
  }

  const discountKind: DiscountKind =
    forced.discount ??
    rng.weighted({ none: 60, percent: 10, coupon70: 3, fixed: 8, freeShipping: 10, percentWithShipping: 6, hundred: 3 } as Record<DiscountKind, number>);
  const physicalQty = lines.reduce((s, l) => s + (l.sellable.kind === 'simple' && l.sellable.product.virtual ? 0 : l.qty), 0);
  const shipping =
    discountKind === 'freeShipping'
      ? { method: 'freeshipping_freeshipping', description: 'Free Shipping - Free', amount: 0 }
      : rng.chance(0.7)
        ? { method: 'flatrate_flatrate', description: 'Flat Rate - Fixed', amount: 500 * physicalQty }
        : { method: 'tablerate_bestway', description: 'Best Way - Table Rate', amount: 1500 };
  const discount = discountPlan(discountKind);
  const zeroTotal = discountKind === 'hundred';
  // The method the buyer pays with if anything is left to pay. A 100 % discount takes goods and shipping to zero but not
  // a fixed product tax or gift wrapping the order may carry, so buildOrder decides from the grand total whether the
  // order is `free` (see paymentFor). The discounted order's method is chosen without a draw: every order keeps its draws.
  const codes = Object.keys(PAYMENTS);
  const paymentCode = forced.payment ?? (zeroTotal ? (codes[index % codes.length] as string) : rng.pick(codes));
  const payment = { method: paymentCode, ...(PAYMENTS[paymentCode] ?? { title: paymentCode }) };

  let lifecycle: Lifecycle =
    forced.lifecycle ??
    rng.weighted({
      pending: 12, pending_payment: 3, payment_review: 1, processing: 25, complete: 25, partial_invoice: 7,
      partial_refund: 8, full_refund: 5, canceled: 7, holded: 4,
    } as Record<Lifecycle, number>);
  // Half of the other partly invoiced orders are then canceled for the rest (drawn last: the other orders keep their draws).
  if (lifecycle === 'partial_invoice' && forced.lifecycle === undefined && rng.chance(0.5)) lifecycle = 'partial_cancel';
  if (zeroTotal && lifecycle !== 'complete') lifecycle = 'processing';
  return { plan: { store, region, customer, address, lines, discount, shipping, payment, createdAt }, lifecycle };
}

function topLevel(order: MagentoRecord): MagentoRecord[] {
  return (order['items'] as MagentoRecord[]).filter((i) => i['parent_item_id'] == null);
}

/** Applies the order's life so far; every event happens between the order's creation and `now`. */
export function liveThrough(store: MagentoStore, order: MagentoRecord, lifecycle: Lifecycle, rng: Random, createdAt: number, now: number): void {
  let t = createdAt;
  const later = (): number => {
    t = Math.min(t + rng.int(5, 3 * 24 * 60) * MINUTE, Math.max(now - MINUTE, t + 1000));
    return t;
  };
  const attempt = (action: () => void): void => {
    try {
      action();
    } catch (error) {
      if (!isMagentoApiError(error)) throw error;
    }
  };
  switch (lifecycle) {
    case 'pending':
      return;
    case 'pending_payment':
      order['state'] = 'pending_payment';
      order['status'] = 'pending_payment';
      return;
    case 'payment_review':
      order['state'] = 'payment_review';
      order['status'] = rng.chance(0.5) ? 'fraud' : 'payment_review';
      return;
    case 'canceled':
      cancelOrder(order, later());
      return;
    case 'holded':
      holdOrder(order, later());
      return;
    case 'partial_invoice':
    case 'partial_cancel': {
      const lines = topLevel(order);
      const multi = lines.find((l) => num(l['qty_ordered']) >= 2);
      const first = lines[0] as MagentoRecord;
      const items = multi ? [{ order_item_id: num(multi['item_id']), qty: 1 }] : lines.length > 1 ? [{ order_item_id: num(first['item_id']), qty: num(first['qty_ordered']) }] : [];
      createInvoice(store, order, { capture: true, items }, later());
      if (lifecycle === 'partial_cancel' && items.length > 0) attempt(() => cancelOrder(order, later()));
      return;
    }
    default:
      break;
  }
  const invoice = createInvoice(store, order, { capture: true }, later());
  if (lifecycle === 'complete' || rng.chance(0.5)) shipOrder(order, later());
  if (lifecycle === 'full_refund') {
    attempt(() => createCreditMemo(store, order, {}, later()));
  } else if (lifecycle === 'partial_refund') {
    const first = topLevel(order)[0] as MagentoRecord;
    const variant = rng.int(0, 3);
    const online = ['braintree', 'paypal_express'].includes(String((order['payment'] as MagentoRecord)['method']));
    const request: RefundRequest =
      variant === 0
        ? { items: [{ order_item_id: num(first['item_id']), qty: 1 }], arguments: { shipping_amount: 0 } }
        : variant === 1
          ? { items: [{ order_item_id: num(first['item_id']), qty: 0 }], arguments: { shipping_amount: 0, adjustment_positive: 5 } }
          : { items: [{ order_item_id: num(first['item_id']), qty: 1 }], arguments: { shipping_amount: 0, adjustment_negative: 2.5, adjustment_positive: variant === 3 ? 1 : 0 } };
    attempt(() => createCreditMemo(store, order, request, later(), online ? invoice : undefined));
  }
}
