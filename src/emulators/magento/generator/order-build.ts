// Turns an order plan (who, where, what, which discount and shipping) into an order record as GET /V1/orders/{id}
// returns it: lines priced in the base and the order currency separately, taxes per line and per rate, addresses,
// payment and the shipping assignment.
import { magentoDate } from '../dates.js';
import { amount, convert } from '../money.js';
import type { MagentoRecord, MagentoStore } from '../store.js';
import type { AddressSeed } from './customers.js';
import type { PersonName } from './names.js';
import { priceLine, spreadFixedDiscount, type Discount, type PricedLine } from './pricing.js';
import type { ProductInfo, Sellable } from './products.js';
import { BASE_CURRENCY, taxPercent, type Region, type StoreView } from './reference.js';

export type DiscountPlan =
  | { kind: 'none' }
  | { kind: 'percent'; percent: number; shipping: boolean; ruleId: number; label: string; coupon?: string }
  | { kind: 'fixed'; amount: number; ruleId: number; label: string; coupon?: string };

export interface OrderPlan {
  store: StoreView;
  region: Region;
  customer: { id?: number; email: string; name: PersonName; groupId: number; guest: boolean; omitNames?: boolean };
  address: AddressSeed;
  lines: Array<{ sellable: Sellable; qty: number; childIndex?: number }>;
  discount: DiscountPlan;
  shipping: { method: string; description: string; amount: number };
  payment: { method: string; title: string; ccLast4?: string };
  createdAt: number;
}

interface Carrier {
  item: MagentoRecord;
  unit: number;
  qty: number;
  taxPercent: number;
}

const ZERO_LINE: PricedLine = {
  price: 0, price_incl_tax: 0, row_total: 0, row_total_incl_tax: 0, tax_amount: 0, discount_amount: 0,
  discount_tax_compensation_amount: 0, tax_before_discount: 0,
};

function itemSkeleton(orderId: number, itemId: number, product: ProductInfo, type: string, qty: number, storeId: number, created: string): MagentoRecord {
  return {
    amount_refunded: 0,
    base_amount_refunded: 0,
    base_discount_invoiced: 0,
    base_row_invoiced: 0,
    base_tax_invoiced: 0,
    created_at: created,
    discount_invoiced: 0,
    discount_percent: 0,
    free_shipping: 0,
    is_qty_decimal: 0,
    is_virtual: product.virtual ? 1 : 0,
    item_id: itemId,
    name: product.name,
    no_discount: 0,
    order_id: orderId,
    product_id: product.id,
    product_type: type,
    qty_canceled: 0,
    qty_invoiced: 0,
    qty_ordered: qty,
    qty_refunded: 0,
    qty_shipped: 0,
    quote_item_id: itemId + 1000,
    row_invoiced: 0,
    sku: product.sku,
    store_id: storeId,
    tax_invoiced: 0,
    updated_at: created,
    // Filled in by pricing and later by invoices and refunds; declared here so every item keeps one compact shape.
    applied_rule_ids: undefined,
    parent_item_id: undefined,
    base_discount_amount: undefined,
    base_discount_tax_compensation_amount: undefined,
    base_original_price: undefined,
    base_price: undefined,
    base_price_incl_tax: undefined,
    base_row_total: undefined,
    base_row_total_incl_tax: undefined,
    base_tax_amount: undefined,
    discount_amount: undefined,
    discount_tax_compensation_amount: undefined,
    original_price: undefined,
    price: undefined,
    price_incl_tax: undefined,
    row_total: undefined,
    row_total_incl_tax: undefined,
    tax_amount: undefined,
    tax_percent: undefined,
    discount_tax_compensation_invoiced: undefined,
    base_discount_tax_compensation_invoiced: undefined,
    tax_refunded: undefined,
    base_tax_refunded: undefined,
    discount_refunded: undefined,
    base_discount_refunded: undefined,
    discount_tax_compensation_refunded: undefined,
    base_discount_tax_compensation_refunded: undefined,
  };
}

function writeAmounts(item: MagentoRecord, line: PricedLine, base: PricedLine, original: number, baseOriginal: number, percent: number): void {
  Object.assign(item, {
    base_discount_amount: amount(base.discount_amount),
    base_discount_tax_compensation_amount: amount(base.discount_tax_compensation_amount),
    base_original_price: amount(baseOriginal),
    base_price: amount(base.price),
    base_price_incl_tax: amount(base.price_incl_tax),
    base_row_total: amount(base.row_total),
    base_row_total_incl_tax: amount(base.row_total_incl_tax),
    base_tax_amount: amount(base.tax_amount),
    discount_amount: amount(line.discount_amount),
    discount_tax_compensation_amount: amount(line.discount_tax_compensation_amount),
    original_price: amount(original),
    price: amount(line.price),
    price_incl_tax: amount(line.price_incl_tax),
    row_total: amount(line.row_total),
    row_total_incl_tax: amount(line.row_total_incl_tax),
    tax_amount: amount(line.tax_amount),
    tax_percent: percent,
  });
}

function addressRecord(id: number, orderId: number, type: 'billing' | 'shipping', plan: OrderPlan): MagentoRecord {
  const { address, customer } = plan;
  const record: MagentoRecord = { address_type: type, city: address.city };
  if (address.company !== undefined) record['company'] = address.company;
  record['country_id'] = address.region.country;
  record['email'] = customer.email;
  record['entity_id'] = id;
  record['firstname'] = customer.name.firstname;
  record['lastname'] = customer.name.lastname;
  record['parent_id'] = orderId;
  record['postcode'] = address.postcode;
  if (address.region.region !== undefined) record['region'] = address.region.region;
  if (address.region.regionCode !== undefined) record['region_code'] = address.region.regionCode;
  if (address.region.regionId !== undefined) record['region_id'] = address.region.regionId;
  record['street'] = [address.street];
  // Required on order addresses (optional on customer addresses): a missing phone comes out as null.
  record['telephone'] = address.telephone ?? null;
  return record;
}

/** The order's invoiced, refunded and canceled totals: absent until a document or a cancellation sets them. */
const TRACKERS = [
  'subtotal_invoiced', 'tax_invoiced', 'discount_invoiced', 'discount_tax_compensation_invoiced', 'shipping_invoiced',
  'total_invoiced', 'total_paid', 'subtotal_refunded', 'tax_refunded', 'discount_refunded', 'shipping_refunded',
  'adjustment_positive', 'adjustment_negative', 'total_refunded', 'total_online_refunded', 'total_offline_refunded',
  'subtotal_canceled', 'tax_canceled', 'shipping_canceled', 'discount_canceled', 'total_canceled',
] as const;

function emptyTrackers(): MagentoRecord {
  const out: MagentoRecord = {};
  for (const field of TRACKERS) {
    out[field] = undefined;
    out[`base_${field}`] = undefined;
  }
  return out;
}

export function buildOrder(store: MagentoStore, plan: OrderPlan): MagentoRecord {
  const orderId = store.orders.nextId();
  const storeId = plan.store.id;
  const created = magentoDate(plan.createdAt);
  const percent = taxPercent(plan.region);
  const items: MagentoRecord[] = [];
  const carriers: Carrier[] = [];
  const newItem = (product: ProductInfo, type: string, qty: number, parent?: MagentoRecord): MagentoRecord => {
    const item = itemSkeleton(orderId, store.nextOrderItemId(), product, type, qty, storeId, created);
    if (parent) item['parent_item_id'] = parent['item_id'];
    items.push(item);
    return item;
  };
  const carry = (item: MagentoRecord, product: ProductInfo, unit: number, qty: number): void => {
    carriers.push({ item, unit, qty, taxPercent: product.taxClassId === 2 ? percent : 0 });
  };
  const priceOnly = (item: MagentoRecord, unitBase: number): void => {
    const unit = convert(unitBase, plan.store.rate);
    writeAmounts(item, { ...ZERO_LINE, price: unit, price_incl_tax: unit }, { ...ZERO_LINE, price: unitBase, price_incl_tax: unitBase }, unit, unitBase, 0);
  };

  for (const line of plan.lines) {
    const s = line.sellable;
    if (s.kind === 'simple') {
      carry(newItem(s.product, s.product.virtual ? 'virtual' : 'simple', line.qty), s.product, s.product.price, line.qty);
    } else if (s.kind === 'configurable') {
      const child = s.children[(line.childIndex ?? 0) % s.children.length] as ProductInfo;
      const parent = newItem({ ...s.parent, sku: child.sku }, 'configurable', line.qty);
      carry(parent, child, child.price, line.qty);
      const childItem = newItem(child, 'simple', line.qty, parent);
      writeAmounts(childItem, ZERO_LINE, ZERO_LINE, 0, 0, 0);
    } else {
      const sku = [s.parent.sku, ...s.selections.map((x) => x.product.sku)].join('-');
      const parent = newItem({ ...s.parent, sku }, 'bundle', line.qty);
      const unitSum = s.selections.reduce((sum, x) => sum + x.product.price * x.qty, 0);
      if (s.dynamic) {
        priceOnly(parent, unitSum);
        for (const sel of s.selections) carry(newItem(sel.product, 'simple', sel.qty * line.qty, parent), sel.product, sel.product.price, sel.qty * line.qty);
      } else {
        carry(parent, s.parent, s.parent.price, line.qty);
        for (const sel of s.selections) writeAmounts(newItem(sel.product, 'simple', sel.qty * line.qty, parent), ZERO_LINE, ZERO_LINE, 0, 0, 0);
      }
    }
  }

  const inclusive = plan.store.pricesIncludeTax;
  const shippingPercent = plan.region.shippingTaxed ? percent : 0;
  const price = (rate: number): { lines: PricedLine[]; shipping: PricedLine } => {
    const units = carriers.map((c) => (rate === 1 ? c.unit : convert(c.unit, rate)));
    let discounts: Discount[];
    const d = plan.discount;
    if (d.kind === 'percent') discounts = carriers.map(() => ({ percent: d.percent }));
    else if (d.kind === 'fixed') {
      const total = rate === 1 ? d.amount : convert(d.amount, rate);
      discounts = spreadFixedDiscount(total, carriers.map((c, i) => (units[i] as number) * c.qty)).map((a) => ({ amount: a }));
    } else discounts = carriers.map(() => null);
    const lines = carriers.map((c, i) =>
      priceLine({ unit: units[i] as number, qty: c.qty, taxPercent: c.taxPercent, discount: discounts[i] ?? null, inclusive }),
    );
    const shippingUnit = rate === 1 ? plan.shipping.amount : convert(plan.shipping.amount, rate);
    const shippingDiscount: Discount = d.kind === 'percent' && d.shipping ? { percent: d.percent } : null;
    const shipping = priceLine({ unit: shippingUnit, qty: 1, taxPercent: shippingPercent, discount: shippingDiscount, inclusive });
    return { lines, shipping };
  };
  const ordered = price(plan.store.rate);
  const based = price(1);
  for (const [i, c] of carriers.entries()) {
    const line = ordered.lines[i] as PricedLine;
    const base = based.lines[i] as PricedLine;
    writeAmounts(c.item, line, base, convert(c.unit, plan.store.rate), c.unit, c.taxPercent);
    if (plan.discount.kind !== 'none' && line.discount_amount > 0) {
      c.item['applied_rule_ids'] = String(plan.discount.ruleId);
      if (plan.discount.kind === 'percent') c.item['discount_percent'] = plan.discount.percent;
    }
  }

  const totals = (p: { lines: PricedLine[]; shipping: PricedLine }) => {
    const sum = (f: keyof PricedLine): number => p.lines.reduce((s, l) => s + l[f], 0);
    const subtotal = sum('row_total');
    const discount = sum('discount_amount') + p.shipping.discount_amount;
    const tax = sum('tax_amount') + p.shipping.tax_amount;
    const dtc = sum('discount_tax_compensation_amount');
    const grand = subtotal + p.shipping.row_total - discount + tax + dtc + p.shipping.discount_tax_compensation_amount;
    return { subtotal, subtotalInclTax: sum('row_total_incl_tax'), discount, tax, dtc, grand, shipping: p.shipping };
  };
  const t = totals(ordered);
  const b = totals(based);
  const billingId = store.nextAddressId();
  const shippingId = store.nextAddressId();
  const billing = addressRecord(billingId, orderId, 'billing', plan);
  const shippingAddress = addressRecord(shippingId, orderId, 'shipping', plan);
  const isVirtual = items.every((i) => i['is_virtual'] === 1);

  const d = plan.discount;
  const topLevel = items.filter((i) => i['parent_item_id'] === undefined);
  // One literal with every field an order can come to have: fields still undefined are left out of the JSON (as
  // Magento leaves out nulls), and filling them in later keeps V8's compact layout instead of a hash table.
  const order: MagentoRecord = {
    applied_rule_ids: d.kind === 'none' ? undefined : String(d.ruleId),
    base_currency_code: BASE_CURRENCY,
    base_discount_amount: amount(-b.discount),
    base_grand_total: amount(b.grand),
    base_discount_tax_compensation_amount: amount(b.dtc),
    base_shipping_amount: amount(b.shipping.row_total),
    base_shipping_discount_amount: amount(b.shipping.discount_amount),
    base_shipping_discount_tax_compensation_amnt: amount(b.shipping.discount_tax_compensation_amount),
    base_shipping_incl_tax: amount(b.shipping.row_total_incl_tax),
    base_shipping_tax_amount: amount(b.shipping.tax_amount),
    base_subtotal: amount(b.subtotal),
    base_subtotal_incl_tax: amount(b.subtotalInclTax),
    base_tax_amount: amount(b.tax),
    base_total_due: amount(b.grand),
    base_to_global_rate: 1,
    base_to_order_rate: plan.store.rate,
    billing_address_id: billingId,
    coupon_code: d.kind === 'none' ? undefined : d.coupon,
    created_at: created,
    customer_email: plan.customer.email,
    customer_firstname: plan.customer.omitNames ? undefined : plan.customer.name.firstname,
    customer_group_id: plan.customer.groupId,
    customer_id: plan.customer.id,
    customer_is_guest: plan.customer.guest ? 1 : 0,
    customer_lastname: plan.customer.omitNames ? undefined : plan.customer.name.lastname,
    customer_note_notify: 1,
    discount_amount: amount(-t.discount),
    discount_description: d.kind === 'none' ? undefined : d.coupon ?? d.label,
    email_sent: 1,
    entity_id: orderId,
    global_currency_code: BASE_CURRENCY,
    grand_total: amount(t.grand),
    discount_tax_compensation_amount: amount(t.dtc),
    hold_before_state: undefined,
    hold_before_status: undefined,
    increment_id: store.sequences.take('order', storeId),
    is_virtual: isVirtual ? 1 : 0,
    order_currency_code: plan.store.currency,
    protect_code: ((orderId * 2654435761) >>> 0).toString(16).slice(0, 6).padStart(6, '0'),
    quote_id: orderId + 500,
    shipping_amount: amount(t.shipping.row_total),
    shipping_description: plan.shipping.description,
    shipping_discount_amount: amount(t.shipping.discount_amount),
    shipping_discount_tax_compensation_amount: amount(t.shipping.discount_tax_compensation_amount),
    shipping_incl_tax: amount(t.shipping.row_total_incl_tax),
    shipping_tax_amount: amount(t.shipping.tax_amount),
    state: 'new',
    status: 'pending',
    store_currency_code: BASE_CURRENCY,
    store_id: storeId,
    store_name: plan.store.storeName,
    store_to_base_rate: 0,
    store_to_order_rate: 0,
    subtotal: amount(t.subtotal),
    subtotal_incl_tax: amount(t.subtotalInclTax),
    tax_amount: amount(t.tax),
    total_due: amount(t.grand),
    total_item_count: topLevel.length,
    total_qty_ordered: topLevel.reduce((sum, i) => sum + (i['qty_ordered'] as number), 0),
    updated_at: created,
    weight: topLevel.filter((i) => i['is_virtual'] !== 1).length,
    ...emptyTrackers(),
    items,
    billing_address: billing,
    payment: undefined,
    status_histories: [],
    extension_attributes: undefined,
  };
  // account_status and cc_last4 are required in the schema, so Magento sends them as null rather than leaving them out.
  const payment: MagentoRecord = {
    account_status: null,
    additional_information: [plan.payment.title, ''],
    amount_ordered: amount(t.grand),
    base_amount_ordered: amount(b.grand),
    base_shipping_amount: amount(b.shipping.row_total),
  };
  payment['cc_last4'] = plan.payment.ccLast4 ?? null;
  Object.assign(payment, { entity_id: orderId, method: plan.payment.method, parent_id: orderId, shipping_amount: amount(t.shipping.row_total) });
  order['payment'] = payment;
  order['extension_attributes'] = {
    shipping_assignments: [
      {
        shipping: {
          address: shippingAddress,
          method: plan.shipping.method,
          total: {
            base_shipping_amount: amount(b.shipping.row_total),
            base_shipping_discount_amount: amount(b.shipping.discount_amount),
            base_shipping_incl_tax: amount(b.shipping.row_total_incl_tax),
            base_shipping_tax_amount: amount(b.shipping.tax_amount),
            shipping_amount: amount(t.shipping.row_total),
            shipping_discount_amount: amount(t.shipping.discount_amount),
            shipping_discount_tax_compensation_amount: amount(t.shipping.discount_tax_compensation_amount),
            shipping_incl_tax: amount(t.shipping.row_total_incl_tax),
            shipping_tax_amount: amount(t.shipping.tax_amount),
          },
        },
        items,
      },
    ],
    payment_additional_info: [{ key: 'method_title', value: plan.payment.title }],
    ...appliedTaxes(plan.region, carriers, ordered, based),
  };
  return order;
}

function appliedTaxes(
  region: Region,
  carriers: Carrier[],
  ordered: { lines: PricedLine[]; shipping: PricedLine },
  based: { lines: PricedLine[]; shipping: PricedLine },
): MagentoRecord {
  const group = region.tax;
  if (!group) return { applied_taxes: [], item_applied_taxes: [] };
  const percent = taxPercent(region);
  const rates = group.rates.map((r) => ({ code: r.code, title: r.title, percent: r.percent }));
  const applied = (amt: number, baseAmt: number): MagentoRecord => ({
    code: group.code,
    title: group.title,
    percent,
    amount: amount(amt),
    base_amount: amount(baseAmt),
    extension_attributes: { rates },
  });
  const itemTaxes: MagentoRecord[] = [];
  let sum = 0;
  let baseSum = 0;
  for (const [i, c] of carriers.entries()) {
    const tax = ordered.lines[i]?.tax_amount ?? 0;
    const baseTax = based.lines[i]?.tax_amount ?? 0;
    if (c.taxPercent === 0) continue;
    sum += tax;
    baseSum += baseTax;
    itemTaxes.push({ type: 'product', item_id: c.item['item_id'], applied_taxes: [applied(tax, baseTax)] });
  }
  if (ordered.shipping.tax_amount !== 0 || (region.shippingTaxed && ordered.shipping.row_total > 0)) {
    sum += ordered.shipping.tax_amount;
    baseSum += based.shipping.tax_amount;
    itemTaxes.push({ type: 'shipping', applied_taxes: [applied(ordered.shipping.tax_amount, based.shipping.tax_amount)] });
  }
  return { applied_taxes: itemTaxes.length > 0 ? [applied(sum, baseSum)] : [], item_applied_taxes: itemTaxes };
}
