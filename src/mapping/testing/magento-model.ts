// A small model of how Magento computes order, invoice and credit memo amounts, in integer cents, for tests: it builds
// real-shaped REST records whose totals are consistent the way Magento's are (row, discount, tax after discount,
// hidden tax for tax-inclusive catalogues). Not used at run time.
//
// It is an oracle, so it shares no code with what it checks: its arithmetic is its own (below), and the only import
// from the connector is the records' types, which compile away.
import type { MagentoCreditMemo, MagentoInvoice, MagentoOrder, MagentoOrderItem } from '../../domain/magento.js';

/** a / b for b > 0, to the nearest integer, halves away from zero (as Magento's and Xero's rounding of amounts). */
function divRound(a: bigint, b: bigint): bigint {
  if (b <= 0n) throw new RangeError('the model divides by positive numbers only');
  const q = a / b; // truncates towards zero
  const r = a % b; // takes the sign of a
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice < b) return q;
  return a < 0n ? q - 1n : q + 1n;
}

function mulDivRound(a: number, b: number, divisor: number): number {
  return Number(divRound(BigInt(a) * BigInt(b), BigInt(divisor)));
}

/** Minor units (cents, or 1/10000 with dp 4) as the JSON number a REST record carries. */
function fromMinor(minor: number, dp = 2): number {
  const n = minor / 10 ** dp;
  return n === 0 ? 0 : n;
}

/** Back to minor units. The model's records only ever hold whole cents (or 4-dp quantities), so rounding is exact. */
function toMinor(value: number, dp = 2): number {
  return Math.round(value * 10 ** dp);
}

function toMinorOr0(value: number | null | undefined): number {
  return value === null || value === undefined ? 0 : toMinor(value);
}

/** Rates in 1/10000 of a percent (8.875 % = 88750), with the Magento code(s) that charge them. */
export const RATES: Record<string, { percent4: number; codes: { code: string; percent4: number }[] }> = {
  none: { percent4: 0, codes: [] },
  ny: { percent4: 88750, codes: [{ code: 'US-NY-*-Rate 1', percent4: 88750 }] },
  ca: { percent4: 72500, codes: [{ code: 'US-CA-*-Rate 1', percent4: 72500 }] },
  gst: { percent4: 50000, codes: [{ code: 'GST', percent4: 50000 }] },
  gstpst: { percent4: 120000, codes: [{ code: 'GST', percent4: 50000 }, { code: 'PST', percent4: 70000 }] },
  vat: { percent4: 200000, codes: [{ code: 'VAT20', percent4: 200000 }] },
};
export type RateName = keyof typeof RATES;

export interface ModelItem {
  sku: string;
  name: string;
  qty: number;
  /** Catalogue unit price in cents (incl. tax when the store's prices include tax). */
  unitCents: number;
  /** Discount as a percent of the row (0..100), in whole percent. */
  discountPercent: number;
  kind?: 'simple' | 'configurable' | 'bundle_dynamic' | 'bundle_fixed';
}

export interface ModelOrder {
  incrementId: string;
  storeId: number;
  pricesIncludeTax: boolean;
  rate: RateName;
  items: ModelItem[];
  shippingCents: number;
  shippingDiscountPercent: number;
  currency: string;
  baseToOrderRate: number;
  guest: boolean;
  state: string;
  createdAt: string;
  giftCardCents?: number;
  paymentMethod?: string;
  /**
   * How the store reports item rows: 'gross' (Magento's own: row_total = price × qty, discount beside it) or 'net'
   * (row_total already less its discount, subtotal still gross: real orders 000000014 and 000000006, see
   * src/mapping/row-convention.ts).
   */
  rowTotals?: 'gross' | 'net';
  /** Configurable children sent without parent_item_id (real orders 000000009 and 000000010). */
  omitParentIds?: boolean;
  /** A fixed product tax per unit (cents, excluding its tax) on every simple item, taxed at the order's rate. */
  fptUnitCents?: number;
  /** Adobe Commerce gift wrapping for the order and a printed card (cents excluding tax), taxed at the order's rate. */
  giftWrapCents?: number;
  printedCardCents?: number;
}

/** The row convention a model order was built with (its invoices and credit memos report rows the same way). */
const conventionOf = new WeakMap<object, 'gross' | 'net'>();
export function rowConventionOf(doc: object): 'gross' | 'net' {
  return conventionOf.get(doc) ?? 'gross';
}

interface Row {
  row: number;
  tax: number;
  dtc: number;
  discount: number;
  price: number;
  priceIncl: number;
  rowIncl: number;
}

/** Magento's row arithmetic for one line: discount on the row as entered, tax after discount, hidden tax when inclusive. */
export function computeRow(qty: number, unitCents: number, discountPercent: number, percent4: number, inclusive: boolean): Row {
  const gross = unitCents * qty;
  const discount = mulDivRound(gross, discountPercent, 100);
  const r = BigInt(percent4);
  const denom = 1_000_000n;
  if (inclusive) {
    const taxBefore = Number(divRound(BigInt(gross) * r, denom + r));
    const taxAfter = Number(divRound(BigInt(gross - discount) * r, denom + r));
    const row = gross - taxBefore;
    return {
      row,
      tax: taxAfter,
      dtc: taxBefore - taxAfter,
      discount,
      price: Number(divRound(BigInt(row), BigInt(qty))),
      priceIncl: unitCents,
      rowIncl: gross,
    };
  }
  const tax = Number(divRound(BigInt(gross - discount) * r, denom));
  const taxFull = Number(divRound(BigInt(gross) * r, denom));
  return {
    row: gross,
    tax,
    dtc: 0,
    discount,
    price: unitCents,
    priceIncl: unitCents + Number(divRound(BigInt(unitCents) * r, denom)),
    rowIncl: gross + taxFull,
  };
}

const money = (c: number): number => fromMinor(c);

function appliedTaxes(rate: RateName, amountCents: number) {
  const info = RATES[rate];
  if (!info || info.percent4 === 0) return [];
  return info.codes.map((c, i) => ({
    code: c.code,
    title: c.code,
    percent: fromMinor(c.percent4, 4),
    // Split the amount across components; the last one takes the remainder.
    amount: money(
      i === info.codes.length - 1
        ? amountCents - info.codes.slice(0, -1).reduce((s, k) => s + mulDivRound(amountCents, k.percent4, info.percent4), 0)
        : mulDivRound(amountCents, c.percent4, info.percent4),
    ),
  }));
}

/**
 * A plain processing order of store 1 in US dollars, placed on 2 March 2026 with 10.00 shipping and no discount: the
 * starting point of hand-worked cases, which override what they are about.
 */
export function plainOrder(overrides: Partial<ModelOrder> = {}): ModelOrder {
  return {
    incrementId: '',
    storeId: 1,
    pricesIncludeTax: false,
    rate: 'none',
    items: [],
    shippingCents: 1000,
    shippingDiscountPercent: 0,
    currency: 'USD',
    baseToOrderRate: 1,
    guest: false,
    state: 'processing',
    createdAt: '2026-03-02 10:00:00',
    ...overrides,
  };
}

export function buildOrder(m: ModelOrder): MagentoOrder {
  const percent4 = RATES[m.rate]?.percent4 ?? 0;
  const items: MagentoOrderItem[] = [];
  const itemTaxes: NonNullable<NonNullable<MagentoOrder['extension_attributes']>['item_applied_taxes']> = [];
  let nextId = 1;
  let subtotal = 0;
  let tax = 0;
  let dtc = 0;
  let discount = 0;
  const rowFields = (r: Row, qty: number, extra: Partial<MagentoOrderItem>): MagentoOrderItem => ({
    item_id: nextId++,
    sku: '',
    qty_ordered: qty,
    price: money(r.price),
    base_price: money(r.price),
    original_price: money(m.pricesIncludeTax ? r.priceIncl : r.price),
    price_incl_tax: money(r.priceIncl),
    row_total: money(r.row),
    row_total_incl_tax: money(r.rowIncl),
    tax_amount: money(r.tax),
    tax_percent: fromMinor(percent4, 4),
    discount_amount: money(r.discount),
    discount_tax_compensation_amount: money(r.dtc),
    ...extra,
  });
  const zeroRow: Row = { row: 0, tax: 0, dtc: 0, discount: 0, price: 0, priceIncl: 0, rowIncl: 0 };
  for (const it of m.items) {
    const r = computeRow(it.qty, it.unitCents, it.discountPercent, percent4, m.pricesIncludeTax);
    subtotal += r.row;
    tax += r.tax;
    dtc += r.dtc;
    discount += r.discount;
    const kind = it.kind ?? 'simple';
    const withTax = (item: MagentoOrderItem): MagentoOrderItem => {
      if (r.tax !== 0) itemTaxes.push({ type: 'product', item_id: item.item_id, applied_taxes: appliedTaxes(m.rate, r.tax) });
      return item;
    };
    if (kind === 'simple') {
      items.push(withTax(rowFields(r, it.qty, { sku: it.sku, name: it.name, product_type: 'simple' })));
    } else if (kind === 'configurable') {
      const parent = withTax(rowFields(r, it.qty, { sku: `${it.sku}-M-Blue`, name: it.name, product_type: 'configurable' }));
      items.push(parent);
      items.push(rowFields(zeroRow, it.qty, { sku: `${it.sku}-M-Blue`, name: `${it.name}-M-Blue`, product_type: 'simple', parent_item_id: parent.item_id, tax_percent: 0 }));
    } else if (kind === 'bundle_fixed') {
      const parent = withTax(rowFields(r, it.qty, { sku: it.sku, name: it.name, product_type: 'bundle' }));
      items.push(parent);
      items.push(rowFields(zeroRow, it.qty, { sku: `${it.sku}-part`, name: `${it.name} part`, product_type: 'simple', parent_item_id: parent.item_id, tax_percent: 0 }));
    } else {
      const parentId = nextId++;
      items.push({ item_id: parentId, sku: `${it.sku}-kit`, name: `${it.name} kit`, product_type: 'bundle', qty_ordered: it.qty, price: money(it.unitCents) });
      items.push(withTax(rowFields(r, it.qty, { sku: it.sku, name: it.name, product_type: 'simple', parent_item_id: parentId })));
    }
  }
  // Fixed product tax on simple items (Magento\Weee: weee_tax_applied_row_amount excl. tax; its tax outside the item's).
  let fpt = 0;
  if (m.fptUnitCents) {
    for (const item of items) {
      if (item.product_type !== 'simple' || item.parent_item_id != null) continue;
      const qty = item.qty_ordered ?? 1;
      const row = m.fptUnitCents * qty;
      const rowTax = Number(divRound(BigInt(row) * BigInt(percent4), 1_000_000n));
      item.weee_tax_applied_amount = money(m.fptUnitCents);
      item.weee_tax_applied_row_amount = money(row);
      item.weee_tax_applied = JSON.stringify([
        { title: 'Recycling fee', base_amount: money(m.fptUnitCents), amount: money(m.fptUnitCents), row_amount: money(row), base_row_amount: money(row), amount_incl_tax: money(m.fptUnitCents + Number(divRound(BigInt(m.fptUnitCents) * BigInt(percent4), 1_000_000n))), row_amount_incl_tax: money(row + rowTax), base_row_amount_incl_tax: money(row + rowTax) },
      ]);
      fpt += row;
      tax += rowTax;
      if (rowTax !== 0) itemTaxes.push({ type: 'weee', associated_item_id: item.item_id, applied_taxes: appliedTaxes(m.rate, rowTax) });
    }
  }
  const gw = (cents: number | undefined) => {
    const c = cents ?? 0;
    return { c, t: Number(divRound(BigInt(c) * BigInt(percent4), 1_000_000n)) };
  };
  const wrap = gw(m.giftWrapCents);
  const card = gw(m.printedCardCents);
  tax += wrap.t + card.t;
  const ship = computeRow(1, m.shippingCents, m.shippingDiscountPercent, percent4, m.pricesIncludeTax);
  tax += ship.tax;
  if (ship.tax !== 0) itemTaxes.push({ type: 'shipping', applied_taxes: appliedTaxes(m.rate, ship.tax) });
  const giftCards = m.giftCardCents ?? 0;
  const grand = subtotal + ship.row + tax + dtc + ship.dtc - discount - ship.discount - giftCards + fpt + wrap.c + card.c;
  const order: MagentoOrder = {
    entity_id: Number.parseInt(m.incrementId, 10) || 1,
    increment_id: m.incrementId,
    state: m.state,
    status: m.state,
    customer_email: 'Shopper@Example.com',
    customer_firstname: 'Sam',
    customer_lastname: 'Shopper',
    customer_is_guest: m.guest ? 1 : 0,
    ...(m.guest ? {} : { customer_id: 42 }),
    store_id: m.storeId,
    created_at: m.createdAt,
    order_currency_code: m.currency,
    base_currency_code: 'USD',
    base_to_order_rate: m.baseToOrderRate,
    grand_total: money(grand),
    subtotal: money(subtotal),
    tax_amount: money(tax),
    discount_amount: money(-(discount + ship.discount)),
    discount_tax_compensation_amount: money(dtc),
    shipping_amount: money(ship.row),
    shipping_incl_tax: money(ship.rowIncl),
    shipping_tax_amount: money(ship.tax),
    shipping_discount_amount: money(ship.discount),
    shipping_discount_tax_compensation_amount: money(ship.dtc),
    shipping_description: m.shippingCents ? 'Flat Rate - Fixed' : null,
    items,
    billing_address: { firstname: 'Sam', lastname: 'Shopper', street: ['1 Main St'], city: 'Springfield', postcode: '12345', country_id: 'US', telephone: '555-0100' },
    payment: { method: m.paymentMethod ?? 'checkmo' },
    extension_attributes: {
      applied_taxes: percent4 ? appliedTaxes(m.rate, tax) : [],
      item_applied_taxes: itemTaxes,
    },
  };
  if (giftCards) order.gift_cards_amount = money(giftCards);
  if (wrap.c || card.c) {
    Object.assign(order.extension_attributes!, {
      gw_price: money(wrap.c),
      gw_base_price: money(wrap.c),
      gw_tax_amount: money(wrap.t),
      gw_base_tax_amount: money(wrap.t),
      gw_items_price: 0,
      gw_items_tax_amount: 0,
      gw_card_price: money(card.c),
      gw_card_base_price: money(card.c),
      gw_card_tax_amount: money(card.t),
      gw_card_base_tax_amount: money(card.t),
    });
  }
  if (m.rowTotals === 'net') {
    for (const item of order.items) {
      const net = cents(item.row_total) - cents(item.discount_amount) + cents(item.discount_tax_compensation_amount);
      item.row_total = money(net);
      item.base_row_total = money(net);
      item.row_total_incl_tax = money(net + cents(item.tax_amount));
    }
  }
  if (m.omitParentIds) {
    for (const item of order.items) {
      const parent = order.items.find((p) => p.item_id === item.parent_item_id);
      if (parent?.product_type === 'configurable') delete item.parent_item_id;
    }
  }
  conventionOf.set(order, m.rowTotals ?? 'gross');
  return order;
}

export interface ModelRefund {
  /** Quantity refunded per billable order item id. */
  qty: Record<number, number>;
  shippingCents: number;
  adjustmentPositiveCents: number;
  adjustmentNegativeCents: number;
  online: boolean;
}

interface ProratedDoc {
  items: { order_item_id: number; sku: string; name: string | null | undefined; qty: number; price: number | null | undefined; price_incl_tax: number | null | undefined; row_total: number; tax_amount: number; discount_amount: number; discount_tax_compensation_amount: number; row_total_incl_tax: number; weee_tax_applied_row_amount?: number; weee_tax_applied?: string }[];
  subtotal: number;
  /** FPT of the document's items, excluding and of its tax. */
  fpt: number;
  fptTax: number;
  tax: number;
  dtc: number;
  discount: number;
}

const cents = (v: number | null | undefined): number => toMinorOr0(v);

/** Magento's pro-rating of an order item's amounts over a partial quantity (as for partial invoices and refunds). */
function prorate(order: MagentoOrder, qtyById: Record<number, number>): ProratedDoc {
  const out: ProratedDoc = { items: [], subtotal: 0, fpt: 0, fptTax: 0, tax: 0, dtc: 0, discount: 0 };
  const net = rowConventionOf(order) === 'net';
  for (const item of order.items) {
    const full = item.qty_ordered ?? 0;
    const q = qtyById[item.item_id] ?? 0;
    if (q <= 0 || full <= 0) continue;
    const part = (c: number): number => (q === full ? c : mulDivRound(c, toMinor(q, 4), toMinor(full, 4)));
    const row = part(cents(item.row_total));
    const tax = part(cents(item.tax_amount));
    const dtc = part(cents(item.discount_tax_compensation_amount));
    const discount = part(cents(item.discount_amount));
    out.items.push({
      order_item_id: item.item_id,
      sku: item.sku,
      name: item.name,
      qty: q,
      price: item.price,
      price_incl_tax: item.price_incl_tax,
      row_total: money(row),
      tax_amount: money(tax),
      discount_amount: money(discount),
      discount_tax_compensation_amount: money(dtc),
      row_total_incl_tax: money(part(cents(item.row_total_incl_tax))),
    });
    const weee = cents(item.weee_tax_applied_row_amount);
    if (weee !== 0) {
      // Magento\Weee\Model\Total\Invoice\Weee: the document item's FPT and its tax, pro-rated by quantity.
      const applied = JSON.parse(item.weee_tax_applied ?? '[]') as Array<Record<string, number | string>>;
      const rowIncl = applied.reduce((s, a) => s + toMinorOr0(Number(a['row_amount_incl_tax'] ?? 0)), 0);
      const f = part(weee);
      const fTax = part(rowIncl) - f;
      const doc = out.items[out.items.length - 1]!;
      doc.weee_tax_applied_row_amount = money(f);
      doc.weee_tax_applied = JSON.stringify(applied.map((a) => ({ ...a, row_amount: money(f), row_amount_incl_tax: money(f + fTax) })));
      out.fpt += f;
      out.fptTax += fTax;
    }
    // A store that reports net rows keeps its subtotal gross (the row plus its discount).
    out.subtotal += net ? row + discount - dtc : row;
    out.tax += tax;
    out.dtc += dtc;
    out.discount += discount;
  }
  return out;
}

function docHeader(order: MagentoOrder) {
  return {
    order_id: order.entity_id,
    store_id: order.store_id,
    order_currency_code: order.order_currency_code,
    base_currency_code: order.base_currency_code,
    base_to_order_rate: order.base_to_order_rate,
  };
}

/** A Magento invoice for some quantities; shipping is billed in full on the invoice that includes it. */
export function buildInvoice(order: MagentoOrder, qty: Record<number, number>, withShipping: boolean, incrementId: string, createdAt: string): MagentoInvoice {
  const p = prorate(order, qty);
  const ship = withShipping ? cents(order.shipping_amount) : 0;
  const shipTax = withShipping ? cents(order.shipping_tax_amount) : 0;
  const shipDisc = withShipping ? cents(order.shipping_discount_amount) : 0;
  const shipDtc = withShipping ? cents(order.shipping_discount_tax_compensation_amount) : 0;
  const grand = p.subtotal + p.tax + p.dtc - p.discount + ship + shipTax + shipDtc - shipDisc + p.fpt + p.fptTax;
  const invoice: MagentoInvoice = {
    ...docHeader(order),
    entity_id: 1,
    increment_id: incrementId,
    state: 2,
    created_at: createdAt,
    grand_total: money(grand),
    subtotal: money(p.subtotal),
    tax_amount: money(p.tax + shipTax + p.fptTax),
    discount_amount: money(-(p.discount + shipDisc)),
    discount_tax_compensation_amount: money(p.dtc),
    shipping_amount: money(ship),
    shipping_incl_tax: withShipping ? order.shipping_incl_tax : 0,
    shipping_tax_amount: money(shipTax),
    shipping_discount_tax_compensation_amount: money(shipDtc),
    items: p.items,
  };
  conventionOf.set(invoice, rowConventionOf(order));
  return invoice;
}

/** A credit memo: refunded quantities, refunded shipping (pro-rated tax and discount), adjustments. */
export function buildCreditMemo(order: MagentoOrder, refund: ModelRefund, incrementId: string, createdAt: string): MagentoCreditMemo {
  const p = prorate(order, refund.qty);
  const fullShip = cents(order.shipping_amount);
  const ship = Math.min(refund.shippingCents, fullShip);
  const shipPart = (c: number): number => (fullShip === 0 ? 0 : mulDivRound(c, ship, fullShip));
  const shipTax = shipPart(cents(order.shipping_tax_amount));
  const shipDisc = shipPart(cents(order.shipping_discount_amount));
  const shipDtc = shipPart(cents(order.shipping_discount_tax_compensation_amount));
  const grand =
    p.subtotal + p.tax + p.dtc - p.discount + ship + shipTax + shipDtc - shipDisc + refund.adjustmentPositiveCents - refund.adjustmentNegativeCents + p.fpt + p.fptTax;
  const memo: MagentoCreditMemo = {
    ...docHeader(order),
    entity_id: 1,
    increment_id: incrementId,
    state: 2,
    created_at: createdAt,
    transaction_id: refund.online ? 'txn-123' : null,
    adjustment: money(refund.adjustmentPositiveCents - refund.adjustmentNegativeCents),
    adjustment_positive: money(refund.adjustmentPositiveCents),
    adjustment_negative: money(refund.adjustmentNegativeCents),
    grand_total: money(grand),
    subtotal: money(p.subtotal),
    tax_amount: money(p.tax + shipTax + p.fptTax),
    discount_amount: money(-(p.discount + shipDisc)),
    discount_tax_compensation_amount: money(p.dtc),
    shipping_amount: money(ship),
    shipping_tax_amount: money(shipTax),
    shipping_discount_tax_compensation_amount: money(shipDtc),
    items: p.items,
  };
  conventionOf.set(memo, rowConventionOf(order));
  return memo;
}

/** Billable item ids of a model order (the ones carrying amounts). */
export function billableIds(order: MagentoOrder): number[] {
  return order.items.filter((i) => cents(i.row_total) !== 0 || cents(i.tax_amount) !== 0 || cents(i.discount_amount) !== 0).map((i) => i.item_id);
}

/** One line as Magento charged it, in Xero's terms: what the line comes to (LineAmount) and its tax, in cents. */
export interface MagentoLineFigure {
  what: string;
  lineCents: number;
  taxCents: number;
}

/**
 * The lines a Magento document charged, from its own figures only (no connector code): each item that carries an amount
 * comes to its row less its discount plus the discount's hidden tax (plus its tax when amounts include tax), taxed as
 * Magento taxed it; then shipping the same way; then a credit memo's adjustments. This is what each Xero line must
 * come to, hand-checkable on any record. Zero lines are left out (the connector may post a free item at 0.00).
 */
export function magentoLineFigures(
  doc: MagentoOrder | MagentoInvoice | MagentoCreditMemo,
  mode: 'Exclusive' | 'Inclusive' | 'NoTax',
): MagentoLineFigure[] {
  const out: MagentoLineFigure[] = [];
  const add = (what: string, net: number, tax: number) => {
    const taxCents = mode === 'NoTax' ? 0 : tax;
    const lineCents = net + (mode === 'Inclusive' ? taxCents : 0);
    if (lineCents !== 0 || taxCents !== 0) out.push({ what, lineCents, taxCents });
  };
  let itemDiscount = 0;
  // Rows net of their discount: the model says so for its own records; any other record by its own figures (the rows
  // plus their discounts make its subtotal).
  const figures = doc.items as Array<Record<string, unknown>>;
  const sumOf = (k: string) => figures.reduce((s, i) => s + toMinorOr0(i[k] as number | null | undefined), 0);
  const rowsDiscount = sumOf('discount_amount') - sumOf('discount_tax_compensation_amount');
  const subtotal = (doc as Record<string, unknown>)['subtotal'] as number | null | undefined;
  const netByFigures = rowsDiscount !== 0 && subtotal != null && sumOf('row_total') !== toMinorOr0(subtotal) && sumOf('row_total') + rowsDiscount === toMinorOr0(subtotal);
  for (const item of doc.items as Array<Record<string, unknown>>) {
    const c = (k: string) => toMinorOr0(item[k] as number | null | undefined);
    itemDiscount += c('discount_amount');
    // A row already net of its discount is the line as it is (rowConventionOf: how the model built the document).
    const net = rowConventionOf(doc) === 'net' || netByFigures;
    add(`item ${String(item['sku'])}`, net ? c('row_total') : c('row_total') - c('discount_amount') + c('discount_tax_compensation_amount'), c('tax_amount'));
  }
  const header = doc as Record<string, unknown>;
  const h = (k: string) => toMinorOr0(header[k] as number | null | undefined);
  // An order names its shipping discount; an invoice or credit memo leaves it in the header discount (negative).
  const shippingDiscount = 'shipping_discount_amount' in header && header['shipping_discount_amount'] != null ? Math.abs(h('shipping_discount_amount')) : Math.max(0, -h('discount_amount') - itemDiscount);
  if (h('shipping_amount') !== 0 || h('shipping_tax_amount') !== 0) {
    add('shipping', h('shipping_amount') - shippingDiscount + h('shipping_discount_tax_compensation_amount'), h('shipping_tax_amount'));
  }
  // Fixed product taxes: per item, excluding tax, with the tax their applied list says.
  for (const item of doc.items as Array<Record<string, unknown>>) {
    const weee = toMinorOr0(item['weee_tax_applied_row_amount'] as number | null | undefined);
    if (weee === 0) continue;
    const applied = JSON.parse((item['weee_tax_applied'] as string | undefined) ?? '[]') as Array<Record<string, number>>;
    const incl = applied.reduce((s, a) => s + toMinorOr0(a['row_amount_incl_tax']), 0);
    add(`fpt ${String(item['sku'])}`, weee, incl - weee);
  }
  // Adobe Commerce gift wrapping and printed card.
  const ext = (header['extension_attributes'] ?? {}) as Record<string, number | null | undefined>;
  for (const [price, taxKey] of [['gw_price', 'gw_tax_amount'], ['gw_items_price', 'gw_items_tax_amount'], ['gw_card_price', 'gw_card_tax_amount']] as const) {
    add(price, toMinorOr0(ext[price]), toMinorOr0(ext[taxKey]));
  }
  // A credit memo's own adjustments (an order's adjustment fields add up its credit memos': not lines of its invoice).
  if ('order_id' in header) {
    add('adjustment refund', h('adjustment_positive'), 0);
    add('adjustment fee', -h('adjustment_negative'), 0);
  }
  return out;
}
