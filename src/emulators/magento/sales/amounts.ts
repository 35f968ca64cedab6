// Shared arithmetic of invoices and credit memos: a document takes a share of each order line by quantity, in both
// the order currency and the base currency, and its totals are the sums of those shares.
import { amount, cents, decimalText, num } from '../money.js';
import type { MagentoRecord } from '../store.js';
import { shippingAddressId } from './common.js';

/**
 * The part of `total` that belongs to quantities (done, done + qty] out of `ordered`. Shares of consecutive documents
 * add up to exactly `total`, so the last invoice or credit memo takes whatever rounding left over.
 */
export function share(total: number, done: number, qty: number, ordered: number): number {
  if (ordered <= 0 || qty <= 0) return 0;
  const upTo = Math.min(done + qty, ordered);
  return Math.round((total * upTo) / ordered) - Math.round((total * done) / ordered);
}

/** The line amounts a document copies from an order item, in one currency. */
export interface LineShare {
  row_total: number;
  row_total_incl_tax: number;
  tax_amount: number;
  discount_amount: number;
  discount_tax_compensation_amount: number;
  /** Fixed product tax of the share, excluding its tax, and that tax (Magento\Weee\Model\Total\Invoice\Weee). */
  weee: number;
  weee_tax: number;
}

/** weee_tax_applied as the order item keeps it: a JSON list with each FPT's row amounts. */
function weeeApplied(item: MagentoRecord): Array<Record<string, unknown>> {
  const raw = item['weee_tax_applied'];
  if (typeof raw !== 'string' || raw === '') return [];
  const parsed = JSON.parse(raw) as unknown;
  return Array.isArray(parsed) ? (parsed as Array<Record<string, unknown>>) : [];
}

export const LINE_FIELDS = [
  'row_total',
  'row_total_incl_tax',
  'tax_amount',
  'discount_amount',
  'discount_tax_compensation_amount',
] as const;

export function lineShare(item: MagentoRecord, prefix: '' | 'base_', done: number, qty: number): LineShare {
  const ordered = num(item['qty_ordered']);
  const part = (field: string): number => share(cents(item[prefix + field]), done, qty, ordered);
  // Magento's base column for the FPT row amount is cut short.
  const weeeRow = cents(item[prefix === '' ? 'weee_tax_applied_row_amount' : 'base_weee_tax_applied_row_amnt']);
  const weeeInclTax = weeeApplied(item).reduce((sum, a) => sum + cents(a[`${prefix}row_amount_incl_tax`]), 0);
  const weee = share(weeeRow, done, qty, ordered);
  return {
    row_total: part('row_total'),
    row_total_incl_tax: part('row_total_incl_tax'),
    tax_amount: part('tax_amount'),
    discount_amount: part('discount_amount'),
    discount_tax_compensation_amount: part('discount_tax_compensation_amount'),
    weee,
    weee_tax: weeeRow === 0 ? 0 : share(weeeInclTax, done, qty, ordered) - weee,
  };
}

/**
 * Whether an order's rows are already net of their discount (some stores' extensions rewrite row_total so; real orders
 * 000000014 and 000000006, see src/mapping/row-convention.ts): its subtotal is the rows plus their discounts. Such a
 * store's invoices and credit memos keep the same convention (net rows, gross subtotal).
 */
export function hasNetRows(order: MagentoRecord): boolean {
  const items = Array.isArray(order['items']) ? (order['items'] as MagentoRecord[]) : [];
  const discount = items.reduce((s, i) => s + cents(i['discount_amount']) - cents(i['discount_tax_compensation_amount']), 0);
  if (discount === 0) return false;
  const rows = items.reduce((s, i) => s + cents(i['row_total']), 0);
  return rows !== cents(order['subtotal']) && rows + discount === cents(order['subtotal']);
}

/** Adobe Commerce gift wrapping of an order: for the order, for items, the printed card, each with its tax (cents). */
export interface GiftWrapping {
  wrap: number;
  items: number;
  card: number;
  wrapTax: number;
  itemsTax: number;
  cardTax: number;
  tax: number;
}

export function giftWrapping(order: MagentoRecord, prefix: '' | 'base_'): GiftWrapping {
  const ext = (order['extension_attributes'] ?? {}) as MagentoRecord;
  const f = (name: string, base: string) => cents(ext[prefix === '' ? name : base]);
  const wrapTax = f('gw_tax_amount', 'gw_base_tax_amount');
  const itemsTax = f('gw_items_tax_amount', 'gw_items_base_tax_amount');
  const cardTax = f('gw_card_tax_amount', 'gw_card_base_tax_amount');
  return {
    wrap: f('gw_price', 'gw_base_price'),
    items: f('gw_items_price', 'gw_items_base_price'),
    card: f('gw_card_price', 'gw_card_base_price'),
    wrapTax,
    itemsTax,
    cardTax,
    tax: wrapTax + itemsTax + cardTax,
  };
}

/** One currency's running totals of a document. Discounts are kept positive here and negated on output. */
export class DocumentTotals {
  subtotal = 0;
  subtotalInclTax = 0;
  tax = 0;
  discount = 0;
  discountTaxCompensation = 0;
  shipping = 0;
  shippingInclTax = 0;
  shippingTax = 0;
  shippingDiscount = 0;
  shippingDiscountTaxCompensation = 0;
  adjustmentPositive = 0;
  adjustmentNegative = 0;
  /** Fixed product taxes and their tax; gift wrapping (order, items, card) and its tax. */
  fpt = 0;
  fptTax = 0;
  gw: GiftWrapping = { wrap: 0, items: 0, card: 0, wrapTax: 0, itemsTax: 0, cardTax: 0, tax: 0 };

  /** A net-row store keeps its subtotal gross: the row plus its discount. */
  addLine(line: LineShare, netRows = false): void {
    this.subtotal += netRows ? line.row_total + line.discount_amount - line.discount_tax_compensation_amount : line.row_total;
    this.fpt += line.weee;
    this.fptTax += line.weee_tax;
    this.subtotalInclTax += line.row_total_incl_tax;
    this.tax += line.tax_amount;
    this.discount += line.discount_amount;
    this.discountTaxCompensation += line.discount_tax_compensation_amount;
  }

  grandTotal(): number {
    return (
      this.subtotal +
      this.shipping -
      this.discount -
      this.shippingDiscount +
      this.tax +
      this.shippingTax +
      this.discountTaxCompensation +
      this.shippingDiscountTaxCompensation +
      this.adjustmentPositive -
      this.adjustmentNegative +
      this.fpt +
      this.fptTax +
      this.gw.wrap +
      this.gw.items +
      this.gw.card +
      this.gw.tax
    );
  }

  /** The document's tax: items, shipping, fixed product taxes and gift wrapping. */
  allTax(): number {
    return this.tax + this.shippingTax + this.fptTax + this.gw.tax;
  }
}

/**
 * The header every invoice and credit memo shares: what it repeats from its order and its amounts. One literal, so
 * every document has the same compact shape; a field the order lacks stays undefined and is left out of the JSON.
 */
export function documentHeader(order: MagentoRecord, t: DocumentTotals, b: DocumentTotals): MagentoRecord {
  const base = order['base_currency_code'] ?? 'USD';
  return {
    base_currency_code: base,
    base_discount_amount: amount(-(b.discount + b.shippingDiscount)),
    base_grand_total: amount(b.grandTotal()),
    base_discount_tax_compensation_amount: amount(b.discountTaxCompensation),
    base_shipping_amount: amount(b.shipping),
    // Magento's column name is cut short in base currency.
    base_shipping_discount_tax_compensation_amnt: amount(b.shippingDiscountTaxCompensation),
    base_shipping_incl_tax: amount(b.shippingInclTax),
    base_shipping_tax_amount: amount(b.shippingTax),
    base_subtotal: amount(b.subtotal),
    base_subtotal_incl_tax: amount(b.subtotalInclTax),
    base_tax_amount: amount(b.allTax()),
    base_to_global_rate: order['base_to_global_rate'] ?? 1,
    base_to_order_rate: order['base_to_order_rate'] ?? 1,
    billing_address_id: order['billing_address_id'],
    discount_amount: amount(-(t.discount + t.shippingDiscount)),
    global_currency_code: order['global_currency_code'] ?? base,
    grand_total: amount(t.grandTotal()),
    discount_tax_compensation_amount: amount(t.discountTaxCompensation),
    order_currency_code: order['order_currency_code'] ?? base,
    order_id: order['entity_id'],
    shipping_address_id: shippingAddressId(order),
    shipping_amount: amount(t.shipping),
    shipping_discount_tax_compensation_amount: amount(t.shippingDiscountTaxCompensation),
    shipping_incl_tax: amount(t.shippingInclTax),
    shipping_tax_amount: amount(t.shippingTax),
    store_currency_code: order['store_currency_code'] ?? base,
    store_id: order['store_id'] ?? 1,
    store_to_base_rate: order['store_to_base_rate'] ?? 0,
    store_to_order_rate: order['store_to_order_rate'] ?? 0,
    subtotal: amount(t.subtotal),
    subtotal_incl_tax: amount(t.subtotalInclTax),
    tax_amount: amount(t.allTax()),
    extension_attributes: t.gw.wrap + t.gw.items + t.gw.card + t.gw.tax !== 0 ? giftWrappingFields(t, b) : undefined,
  };
}

/** A document's gift wrapping, as the order's extension attributes name it. */
function giftWrappingFields(t: DocumentTotals, b: DocumentTotals): MagentoRecord {
  return {
    gw_price: decimalText(t.gw.wrap),
    gw_base_price: decimalText(b.gw.wrap),
    gw_items_price: decimalText(t.gw.items),
    gw_items_base_price: decimalText(b.gw.items),
    gw_card_price: decimalText(t.gw.card),
    gw_card_base_price: decimalText(b.gw.card),
    gw_tax_amount: decimalText(t.gw.wrapTax),
    gw_base_tax_amount: decimalText(b.gw.wrapTax),
    gw_items_tax_amount: decimalText(t.gw.itemsTax),
    gw_items_base_tax_amount: decimalText(b.gw.itemsTax),
    gw_card_tax_amount: decimalText(t.gw.cardTax),
    gw_card_base_tax_amount: decimalText(b.gw.cardTax),
  };
}

/** Adds cents to an amount field of a record (order trackers such as `tax_invoiced`). */
export function addTo(record: MagentoRecord, field: string, centsToAdd: number): void {
  record[field] = amount(cents(record[field]) + centsToAdd);
}

export function addQty(record: MagentoRecord, field: string, qty: number): void {
  record[field] = num(record[field]) + qty;
}

/** Order items a document line can reference, with parents and children known. */
export interface OrderLines {
  items: MagentoRecord[];
  byId: Map<number, MagentoRecord>;
  children: Map<number, MagentoRecord[]>;
}

export function orderLines(order: MagentoRecord): OrderLines {
  const items = Array.isArray(order['items']) ? (order['items'] as MagentoRecord[]) : [];
  const byId = new Map<number, MagentoRecord>();
  const children = new Map<number, MagentoRecord[]>();
  for (const item of items) byId.set(num(item['item_id']), item);
  for (const item of items) {
    const parent = item['parent_item_id'];
    if (parent === undefined || parent === null) continue;
    const list = children.get(num(parent)) ?? [];
    list.push(item);
    children.set(num(parent), list);
  }
  return { items, byId, children };
}

/**
 * Expands requested quantities to whole product lines: a parent brings its children in proportion, a child brings its
 * parent. `available` caps each line.
 */
export function expandQuantities(
  lines: OrderLines,
  requested: Map<number, number>,
  available: (item: MagentoRecord) => number,
): Map<number, number> {
  const result = new Map<number, number>();
  const set = (item: MagentoRecord, qty: number): void => {
    const id = num(item['item_id']);
    const q = Math.min(qty, available(item));
    if (q > 0 && !result.has(id)) result.set(id, q);
  };
  for (const [id, qty] of requested) {
    const item = lines.byId.get(id);
    if (!item || qty <= 0) continue;
    set(item, qty);
    const ordered = num(item['qty_ordered']) || 1;
    for (const child of lines.children.get(id) ?? []) set(child, (qty * num(child['qty_ordered'])) / ordered);
    const parentId = item['parent_item_id'];
    if (parentId !== undefined && parentId !== null) {
      const parent = lines.byId.get(num(parentId));
      if (parent) set(parent, (qty * num(parent['qty_ordered'])) / ordered);
    }
  }
  return result;
}

/** Items of a document line: amount-carrying lines get every amount, price-only lines (children, bundle parents) less. */
export function documentItem(
  orderItem: MagentoRecord,
  entityId: number,
  parentId: number,
  qty: number,
  line: LineShare,
  baseLine: LineShare,
): MagentoRecord {
  // A row net of a 100 % discount is 0 yet carries its discount (stores that report net rows).
  const carries = cents(orderItem['row_total']) !== 0 || cents(orderItem['base_row_total']) !== 0 || cents(orderItem['discount_amount']) !== 0;
  const item: MagentoRecord = {
    base_price: amount(cents(orderItem['base_price'])),
  };
  if (carries || cents(orderItem['price']) !== 0) item['base_price_incl_tax'] = amount(cents(orderItem['base_price_incl_tax']));
  if (carries) {
    Object.assign(item, {
      base_discount_amount: amount(baseLine.discount_amount),
      base_discount_tax_compensation_amount: amount(baseLine.discount_tax_compensation_amount),
      base_row_total: amount(baseLine.row_total),
      base_row_total_incl_tax: amount(baseLine.row_total_incl_tax),
      base_tax_amount: amount(baseLine.tax_amount),
      discount_amount: amount(line.discount_amount),
      discount_tax_compensation_amount: amount(line.discount_tax_compensation_amount),
    });
  }
  item['entity_id'] = entityId;
  item['name'] = orderItem['name'];
  item['parent_id'] = parentId;
  item['price'] = amount(cents(orderItem['price']));
  if (carries || cents(orderItem['price']) !== 0) item['price_incl_tax'] = amount(cents(orderItem['price_incl_tax']));
  item['product_id'] = orderItem['product_id'];
  if (carries) {
    item['row_total'] = amount(line.row_total);
    item['row_total_incl_tax'] = amount(line.row_total_incl_tax);
  }
  item['sku'] = orderItem['sku'];
  if (carries) item['tax_amount'] = amount(line.tax_amount);
  if (line.weee !== 0) {
    // The document item's FPT, with its applied list scaled to the quantity (Weee\Model\Total\Invoice\Weee).
    item['weee_tax_applied_amount'] = orderItem['weee_tax_applied_amount'];
    item['weee_tax_applied_row_amount'] = amount(line.weee);
    item['base_weee_tax_applied_row_amnt'] = amount(baseLine.weee);
    item['weee_tax_applied'] = JSON.stringify(
      weeeApplied(orderItem).map((a) => ({
        ...a,
        row_amount: amount(line.weee),
        base_row_amount: amount(baseLine.weee),
        row_amount_incl_tax: amount(line.weee + line.weee_tax),
        base_row_amount_incl_tax: amount(baseLine.weee + baseLine.weee_tax),
      })),
    );
  }
  item['order_item_id'] = orderItem['item_id'];
  item['qty'] = qty;
  return item;
}
