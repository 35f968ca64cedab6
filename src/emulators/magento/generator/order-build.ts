// Turns an order plan (who, where, what, which discount and shipping) into an order record as GET /V1/orders/{id}
// returns it: lines priced in the base and the order currency separately, taxes per line and per rate, addresses,
// payment and the shipping assignment.
import { magentoDate } from '../dates.js';
import { amount, cents, convert, decimalText } from '../money.js';
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

  const shapes = orderShapes(plan, orderId);
  const extras = applyShapes(shapes, carriers, plan, percent);

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
  // Fixed product taxes and gift wrapping: outside the subtotal, their tax in tax_amount, both in the grand total.
  for (const [x, e] of [[t, extras.ordered], [b, extras.base]] as const) {
    x.tax += e.fptTax + e.gwTax;
    x.grand += e.fpt + e.fptTax + e.gw + e.gwTax;
  }
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
  const method = paymentFor(plan.payment, t.grand);
  const payment: MagentoRecord = {
    account_status: null,
    additional_information: [method.title, ''],
    amount_ordered: amount(t.grand),
    base_amount_ordered: amount(b.grand),
    base_shipping_amount: amount(b.shipping.row_total),
  };
  payment['cc_last4'] = method.ccLast4 ?? null;
  Object.assign(payment, { entity_id: orderId, method: method.method, parent_id: orderId, shipping_amount: amount(t.shipping.row_total) });
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
    payment_additional_info: [{ key: 'method_title', value: method.title }],
    ...appliedTaxes(plan.region, carriers, ordered, based, extras),
  };
  if (shapes.giftWrap) {
    Object.assign(order['extension_attributes'] as MagentoRecord, {
      gw_id: '1',
      gw_allow_gift_receipt: '0',
      gw_add_card: '1',
      gw_price: decimalText(extras.ordered.wrap),
      gw_base_price: decimalText(extras.base.wrap),
      gw_items_price: decimalText(0),
      gw_items_base_price: decimalText(0),
      gw_card_price: decimalText(extras.ordered.card),
      gw_card_base_price: decimalText(extras.base.card),
      gw_tax_amount: decimalText(extras.ordered.wrapTax),
      gw_base_tax_amount: decimalText(extras.base.wrapTax),
      gw_items_tax_amount: decimalText(0),
      gw_items_base_tax_amount: decimalText(0),
      gw_card_tax_amount: decimalText(extras.ordered.cardTax),
      gw_card_base_tax_amount: decimalText(extras.base.cardTax),
    });
  }
  // A store that leaves parent_item_id out of its REST answer (real orders 000000009 and 000000010): the relation is
  // still Magento's (its invoices and refunds take the child with the parent), only the field is missing.
  if (shapes.omitParentIds) {
    for (const item of items) {
      const parent = items.find((p) => p['item_id'] === item['parent_item_id']);
      if (parent?.['product_type'] === 'configurable') item['parent_item_id'] = undefined;
    }
  }
  return order;
}

const FREE_PAYMENT = { method: 'free', title: 'No Payment Information Required' } as const;

/**
 * The order's payment method: Magento's `free` exactly when the grand total (cents, order currency) is zero, else the
 * method the buyer chose. Magento offers `free` only for a quote whose grand total rounds to 0
 * (magento/magento2 app/code/Magento/Payment/Model/Method/Free.php, isAvailable) and lets a zero-total quote use no
 * other method (app/code/Magento/Payment/Model/Checks/ZeroTotal.php); multishipping checkout sets `free` on an order whose
 * grand total rounds to 0 (app/code/Magento/Multishipping/Model/Checkout/Type/Multishipping.php). So a 100 % discount
 * whose order still carries a fixed product tax or gift wrapping is paid with the buyer's method.
 */
export function paymentFor(chosen: OrderPlan['payment'], grandTotalCents: number): OrderPlan['payment'] {
  return grandTotalCents === 0 ? { ...FREE_PAYMENT } : chosen;
}

/**
 * Shapes real stores send beside Magento's own arithmetic, on some stores and orders, so the sandbox and the tests meet
 * them every day (issue 16). Decided from the store and the order id, so the random draws of a seed stay as they were.
 * - netRows: the UK store's rows come net of their discount while its subtotal stays gross (an extension rewriting
 *   row_total; real orders 000000014 and 000000006 in /work/shared/reference/magento/real-stores);
 * - omitParentIds: every fifth order's configurable children come without parent_item_id (real orders 000000009/10);
 * - fpt: fixed product taxes (Magento_Weee) on goods of 50.00 or more: California's e-waste fee (untaxed) and a German
 *   WEEE fee (taxed like the goods, "Apply Tax To FPT");
 * - giftWrap: Adobe Commerce gift wrapping and a printed card on every seventh order of the main store;
 * - customOptions: every fourth order's first simple line carries a custom option ("Monogram").
 */
export interface OrderShapes {
  netRows: boolean;
  omitParentIds: boolean;
  fpt?: { title: string; unitBase: number; taxed: boolean };
  giftWrap?: { wrapBase: number; cardBase: number };
  customOptions: boolean;
}

export function orderShapes(plan: OrderPlan, orderId: number): OrderShapes {
  const key = plan.region.key;
  const shapes: OrderShapes = { netRows: plan.store.id === 2, omitParentIds: orderId % 5 === 0, customOptions: orderId % 4 === 1 };
  if (key === 'US-CA') shapes.fpt = { title: 'California e-waste fee', unitBase: 150, taxed: false };
  else if (key === 'DE') shapes.fpt = { title: 'WEEE', unitBase: 25, taxed: true };
  if (plan.store.id === 1 && orderId % 7 === 3) shapes.giftWrap = { wrapBase: 300, cardBase: 150 };
  return shapes;
}

interface ExtraSums {
  fpt: number;
  fptTax: number;
  wrap: number;
  wrapTax: number;
  card: number;
  cardTax: number;
  gw: number;
  gwTax: number;
  /** Per carrier index: its FPT tax, for item_applied_taxes. */
  fptTaxByCarrier: Map<number, number>;
}

function applyShapes(shapes: OrderShapes, carriers: Carrier[], plan: OrderPlan, percent: number): { ordered: ExtraSums; base: ExtraSums } {
  const empty = (): ExtraSums => ({ fpt: 0, fptTax: 0, wrap: 0, wrapTax: 0, card: 0, cardTax: 0, gw: 0, gwTax: 0, fptTaxByCarrier: new Map() });
  const ordered = empty();
  const base = empty();
  const taxOf = (c: number, p: number) => Math.round((c * p) / 100);
  for (const [i, c] of carriers.entries()) {
    const item = c.item;
    if (shapes.netRows) {
      for (const p of ['', 'base_']) {
        const net = cents(item[`${p}row_total`]) - cents(item[`${p}discount_amount`]) + cents(item[`${p}discount_tax_compensation_amount`]);
        item[`${p}row_total`] = amount(net);
        item[`${p}row_total_incl_tax`] = amount(net + cents(item[`${p}tax_amount`]));
      }
    }
    const physical = item['product_type'] === 'configurable' || (item['product_type'] === 'simple' && item['is_virtual'] !== 1);
    if (shapes.fpt && physical && c.unit >= 5000) {
      const fptPercent = shapes.fpt.taxed ? c.taxPercent : 0;
      const unit = convert(shapes.fpt.unitBase, plan.store.rate);
      const row = unit * c.qty;
      const baseRow = shapes.fpt.unitBase * c.qty;
      const tax = taxOf(row, fptPercent);
      const baseTax = taxOf(baseRow, fptPercent);
      Object.assign(item, {
        weee_tax_applied_amount: amount(unit),
        base_weee_tax_applied_amount: amount(shapes.fpt.unitBase),
        weee_tax_applied_row_amount: amount(row),
        base_weee_tax_applied_row_amnt: amount(baseRow),
        weee_tax_disposition: 0,
        weee_tax_row_disposition: 0,
        weee_tax_applied: JSON.stringify([
          {
            title: shapes.fpt.title,
            base_amount: amount(shapes.fpt.unitBase),
            amount: amount(unit),
            row_amount: amount(row),
            base_row_amount: amount(baseRow),
            base_amount_incl_tax: amount(shapes.fpt.unitBase + taxOf(shapes.fpt.unitBase, fptPercent)),
            amount_incl_tax: amount(unit + taxOf(unit, fptPercent)),
            row_amount_incl_tax: amount(row + tax),
            base_row_amount_incl_tax: amount(baseRow + baseTax),
          },
        ]),
      });
      ordered.fpt += row;
      ordered.fptTax += tax;
      base.fpt += baseRow;
      base.fptTax += baseTax;
      if (tax !== 0) {
        ordered.fptTaxByCarrier.set(i, tax);
        base.fptTaxByCarrier.set(i, baseTax);
      }
    }
  }
  if (shapes.customOptions) {
    const first = carriers.find((c) => c.item['product_type'] === 'simple');
    if (first) {
      // REST's product_option names the option by id only; the label and value a bookkeeper reads are in
      // product_options.options (Magento keeps them there: Magento\SalesGraphQl\Model\OrderItem\OptionsProcessor).
      first.item['product_option'] = { extension_attributes: { custom_options: [{ option_id: '1', option_value: 'A.B.' }] } };
      first.item['product_options'] = { options: [{ label: 'Monogram', value: 'A.B.', print_value: 'A.B.', option_id: '1', option_type: 'field' }] };
    }
  }
  if (shapes.giftWrap) {
    const gwPercent = plan.region.shippingTaxed ? percent : 0;
    for (const [x, wrap, card] of [
      [ordered, convert(shapes.giftWrap.wrapBase, plan.store.rate), convert(shapes.giftWrap.cardBase, plan.store.rate)],
      [base, shapes.giftWrap.wrapBase, shapes.giftWrap.cardBase],
    ] as const) {
      x.wrap = wrap;
      x.card = card;
      x.wrapTax = taxOf(wrap, gwPercent);
      x.cardTax = taxOf(card, gwPercent);
      x.gw = wrap + card;
      x.gwTax = x.wrapTax + x.cardTax;
    }
  }
  return { ordered, base };
}

function appliedTaxes(
  region: Region,
  carriers: Carrier[],
  ordered: { lines: PricedLine[]; shipping: PricedLine },
  based: { lines: PricedLine[]; shipping: PricedLine },
  extras: { ordered: ExtraSums; base: ExtraSums },
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
  // A taxed FPT is its own entry, type "weee", tied to its item (TaxDataOrderTaxDetailsItemInterface).
  for (const [i, tax] of extras.ordered.fptTaxByCarrier) {
    const baseTax = extras.base.fptTaxByCarrier.get(i) ?? 0;
    sum += tax;
    baseSum += baseTax;
    itemTaxes.push({ type: 'weee', associated_item_id: carriers[i]?.item['item_id'], applied_taxes: [applied(tax, baseTax)] });
  }
  sum += extras.ordered.gwTax;
  baseSum += extras.base.gwTax;
  return { applied_taxes: itemTaxes.length > 0 ? [applied(sum, baseSum)] : [], item_applied_taxes: itemTaxes };
}
