// An order invoiced in part and canceled for the rest. Magento's Order::registerCancellation cancels each item's
// uninvoiced quantity (qty_canceled) and records what was not invoiced on the order: subtotal_canceled = subtotal −
// subtotal_invoiced, tax_canceled = tax_amount − tax_invoiced, shipping_canceled, discount_canceled and total_canceled =
// grand_total − total_paid; the order stays "processing" or "complete" because something was sold (magento/magento2,
// app/code/Magento/Sales/Model/Order.php, registerCancellation). In Xero the order must end with exactly what was sold:
//   - soldPart: the order's figures less the canceled part, for the invoice (amended while Xero allows it);
//   - canceledPart: the canceled part alone, for a credit note allocated to the invoice once Xero no longer lets the
//     invoice change (a payment is on it, or it is in a locked period).
// Item amounts come from Magento's own *_invoiced figures where the order carries them (row_invoiced, tax_invoiced,
// discount_invoiced, discount_tax_compensation_invoiced on the item), else they are pro-rated by quantity as Magento
// pro-rates an invoice (Magento\Sales\Model\Order\Invoice\Total\Subtotal: row × qty ÷ qty_ordered, rounded).
import type { MagentoOrder, MagentoOrderItem } from '../domain/magento.js';
import { fromMinor, mulDivRound, toMinor, toMinorOr0 } from '../domain/money.js';
import type { LineAmounts, ShippingAmounts, SourceLine } from './invoice-lines.js';

type Raw = Record<string, unknown>;

// Functions, not arrow constants: a mutant of a constant is made when the module loads (docs/testing.md).
/** A number, or text holding one (Magento's raw columns may come as text); anything else is no figure. */
function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined;
}
function centsOf(v: unknown): number {
  return toMinorOr0(num(v));
}

/** Whether the order was canceled for part of it while the rest was sold. */
export function isPartlyCanceled(order: MagentoOrder): boolean {
  const state = order.state ?? order.status;
  if (state === 'canceled') return false;
  const canceledCents = centsOf((order as Raw)['total_canceled']);
  const someCanceled = canceledCents > 0 || order.items.some((i) => (num(i.qty_canceled) ?? 0) > 0);
  // Something must have been sold: an order canceled whole is the cancellation path (statusForOrder), whatever its state.
  const someSold = order.items.some((i) => (num(i.qty_ordered) ?? 0) - (num(i.qty_canceled) ?? 0) > 0) && (canceledCents === 0 || canceledCents < toMinor(order.grand_total));
  return someCanceled && someSold;
}

const AMOUNT_FIELDS = ['row_total', 'row_total_incl_tax', 'tax_amount', 'discount_amount', 'discount_tax_compensation_amount'] as const;
/** Magento's own figure of each amount for the invoiced part of an item (sales_order_item columns). */
const INVOICED_FIELD: Record<(typeof AMOUNT_FIELDS)[number], string | undefined> = {
  row_total: 'row_invoiced',
  row_total_incl_tax: undefined,
  tax_amount: 'tax_invoiced',
  discount_amount: 'discount_invoiced',
  discount_tax_compensation_amount: 'discount_tax_compensation_invoiced',
};

/** The sold and canceled amounts of one item, in cents (sold + canceled = the order's amount). */
function splitItem(item: MagentoOrderItem): { soldQty: number; canceledQty: number; sold: Record<string, number>; canceled: Record<string, number> } {
  const ordered = num(item.qty_ordered) ?? 0;
  const canceledQty = Math.min(ordered, num(item.qty_canceled) ?? 0);
  const soldQty = ordered - canceledQty;
  const sold: Record<string, number> = {};
  const canceled: Record<string, number> = {};
  for (const field of AMOUNT_FIELDS) {
    const full = centsOf(item[field]);
    let part: number;
    const invoicedField = INVOICED_FIELD[field];
    // Stryker disable next-line ConditionalExpression: without the test an item would be read at the key "undefined", which no item has.
    const invoiced = invoicedField ? num((item as Raw)[invoicedField]) : undefined;
    if (canceledQty === 0) part = full;
    else if (soldQty === 0) part = 0;
    else if (invoiced !== undefined) part = toMinor(invoiced);
    else part = mulDivRound(full, toMinor(soldQty, 4), toMinor(ordered, 4));
    sold[field] = part;
    canceled[field] = full - part;
  }
  return { soldQty, canceledQty, sold, canceled };
}

function amountsOf(item: MagentoOrderItem, cents: Record<string, number>, canceledSide: boolean): LineAmounts {
  return {
    price: item.price,
    price_incl_tax: item.price_incl_tax,
    row_total: fromMinor(cents['row_total'] ?? 0),
    row_total_incl_tax: fromMinor(cents['row_total_incl_tax'] ?? 0),
    tax_amount: fromMinor(cents['tax_amount'] ?? 0),
    discount_amount: fromMinor(cents['discount_amount'] ?? 0),
    discount_tax_compensation_amount: fromMinor(cents['discount_tax_compensation_amount'] ?? 0),
    ...weeeOf(item, canceledSide),
  };
}

/**
 * A fixed product tax (FPT/WEEE) on the item, split like its row: weee_tax_applied_row_amount and each applied FPT's
 * row_amount and row_amount_incl_tax (the weee_tax_applied JSON list extra-charges.ts reads).
 */
function weeeOf(item: MagentoOrderItem, canceledSide: boolean): Record<string, unknown> {
  const raw = item as Raw;
  const row = num(raw['weee_tax_applied_row_amount']);
  const listed = raw['weee_tax_applied'];
  const ordered = num(item.qty_ordered) ?? 0;
  const soldQty = ordered - Math.min(ordered, num(item.qty_canceled) ?? 0);
  const part = (value: unknown): number | undefined => {
    const n = num(value);
    if (n === undefined) return undefined;
    const full = toMinor(n);
    // An item without a quantity is sold whole, as splitItem has it.
    const sold = ordered === 0 ? full : mulDivRound(full, toMinor(soldQty, 4), toMinor(ordered, 4));
    return fromMinor(canceledSide ? full - sold : sold);
  };
  const out: Record<string, unknown> = {};
  if (row !== undefined) out['weee_tax_applied_row_amount'] = part(row);
  if (typeof listed === 'string') {
    try {
      let parsed: unknown = JSON.parse(listed);
      if (typeof parsed === 'string') parsed = JSON.parse(parsed);
      // Stryker disable next-line ConditionalExpression: a parsed value that is not a list has no map(), and the catch drops it the same.
      if (Array.isArray(parsed)) {
        out['weee_tax_applied'] = JSON.stringify(
          parsed.map((a) => (a && typeof a === 'object' ? { ...a, row_amount: part((a as Raw)['row_amount']), row_amount_incl_tax: part((a as Raw)['row_amount_incl_tax']) } : a)),
        );
      }
    } catch {
      // Unreadable: extra-charges.ts reads it as none either way.
    }
  }
  return out;
}

export interface OrderPart {
  sources: SourceLine[];
  shipping: Omit<ShippingAmounts, 'shippingDiscountCents' | 'description'>;
  shippingDiscountCents: number;
  headerTaxCents: number;
  grandTotalCents: number;
  /** The part's subtotal (Magento's subtotal_canceled and the rest), when the order says it: it tells gross rows from net. */
  subtotal?: number | undefined;
}

/** The shipping the order canceled (shipping_canceled) and its tax and discount in proportion. */
function shippingSplit(order: MagentoOrder, shippingDiscountCents: number): { sold: OrderPart['shipping'] & { discount: number }; canceled: OrderPart['shipping'] & { discount: number } } {
  const full = centsOf(order.shipping_amount);
  const canceled = Math.min(full, centsOf((order as Raw)['shipping_canceled']));
  const part = (c: number) => (full === 0 ? 0 : mulDivRound(c, canceled, full));
  const tax = centsOf(order.shipping_tax_amount);
  const incl = centsOf(order.shipping_incl_tax);
  const dtc = centsOf(order.shipping_discount_tax_compensation_amount);
  const c = { amount: canceled, tax: part(tax), incl: part(incl), dtc: part(dtc), discount: part(shippingDiscountCents) };
  const shape = (amount: number, taxCents: number, inclCents: number, dtcCents: number, discount: number) => ({
    shipping_amount: fromMinor(amount),
    shipping_tax_amount: fromMinor(taxCents),
    shipping_incl_tax: fromMinor(inclCents),
    shipping_discount_tax_compensation_amount: fromMinor(dtcCents),
    discount,
  });
  return {
    sold: shape(full - c.amount, tax - c.tax, incl - c.incl, dtc - c.dtc, shippingDiscountCents - c.discount),
    canceled: shape(c.amount, c.tax, c.incl, c.dtc, c.discount),
  };
}

/**
 * The order split into what was sold and what was canceled. Header totals come from Magento's own canceled figures
 * (total_canceled, tax_canceled); without them, from the items.
 */
export function splitCanceled(order: MagentoOrder, shippingDiscountCents: number): { sold: OrderPart; canceled: OrderPart } {
  const sold: SourceLine[] = [];
  const canceled: SourceLine[] = [];
  let canceledGross = 0;
  let canceledTax = 0;
  for (const item of order.items) {
    const s = splitItem(item);
    sold.push({ orderItem: item, quantity: s.soldQty, amounts: amountsOf(item, s.sold, false) });
    canceled.push({ orderItem: item, quantity: s.canceledQty, amounts: amountsOf(item, s.canceled, true) });
  }
  const ship = shippingSplit(order, shippingDiscountCents);
  const raw = order as Raw;
  const taxCanceled = num(raw['tax_canceled']);
  const totalCanceled = num(raw['total_canceled']);
  // Worked out from the parts, for when Magento gives no canceled figure; a line canceled for none of its quantity adds 0.
  for (const line of canceled) {
    const a = line.amounts;
    canceledTax += toMinorOr0(a.tax_amount);
    canceledGross += toMinorOr0(a.row_total) + toMinorOr0(a.tax_amount) + toMinorOr0(a.discount_tax_compensation_amount) - toMinorOr0(a.discount_amount);
  }
  canceledTax += toMinorOr0(ship.canceled.shipping_tax_amount);
  canceledGross += toMinorOr0(ship.canceled.shipping_amount) + toMinorOr0(ship.canceled.shipping_tax_amount) + toMinorOr0(ship.canceled.shipping_discount_tax_compensation_amount) - ship.canceled.discount;
  const taxCents = taxCanceled !== undefined ? toMinor(taxCanceled) : canceledTax;
  const totalCents = totalCanceled !== undefined ? toMinor(totalCanceled) : canceledGross;
  const subtotalCanceled = num(raw['subtotal_canceled']);
  const subtotal = num(order.subtotal);
  const subtotals = subtotalCanceled !== undefined && subtotal !== undefined ? { sold: fromMinor(toMinor(subtotal) - toMinor(subtotalCanceled)), canceled: subtotalCanceled } : undefined;
  const { discount: soldShipDiscount, ...soldShip } = ship.sold;
  const { discount: canceledShipDiscount, ...canceledShip } = ship.canceled;
  return {
    sold: {
      sources: sold,
      shipping: soldShip,
      shippingDiscountCents: soldShipDiscount,
      headerTaxCents: toMinorOr0(order.tax_amount) - taxCents,
      grandTotalCents: toMinor(order.grand_total) - totalCents,
      ...(subtotals ? { subtotal: subtotals.sold } : {}),
    },
    canceled: {
      sources: canceled,
      shipping: canceledShip,
      shippingDiscountCents: canceledShipDiscount,
      headerTaxCents: taxCents,
      grandTotalCents: totalCents,
      ...(subtotals ? { subtotal: subtotals.canceled } : {}),
    },
  };
}
