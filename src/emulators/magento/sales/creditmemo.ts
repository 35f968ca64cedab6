// Refunds: POST /V1/order/{id}/refund (offline) and POST /V1/invoice/{id}/refund (online). A credit memo takes each
// refunded line's share by quantity, the shipping asked for (all that is left by default) and the adjustment refund
// (added) and adjustment fee (subtracted).
import { magentoDate } from '../dates.js';
import { badRequest } from '../errors.js';
import { amount, cents, convertBack, num } from '../money.js';
import type { MagentoRecord, MagentoStore } from '../store.js';
import { addQty, addTo, documentHeader, documentItem, DocumentTotals, expandQuantities, lineShare, orderLines, share, giftWrapping, hasNetRows } from './amounts.js';
import { rateOf } from './common.js';

export interface RefundRequest {
  items?: Array<{ order_item_id: number; qty: number }> | undefined;
  notify?: boolean | undefined;
  arguments?:
    | {
        shipping_amount?: number | undefined;
        adjustment_positive?: number | undefined;
        adjustment_negative?: number | undefined;
      }
    | undefined;
}

const NOT_REFUNDABLE = new Set(['canceled', 'closed', 'holded', 'payment_review']);

function refundable(item: MagentoRecord): number {
  return num(item['qty_invoiced']) - num(item['qty_refunded']);
}

export function createCreditMemo(
  store: MagentoStore,
  order: MagentoRecord,
  request: RefundRequest,
  nowMs: number,
  invoice?: MagentoRecord,
): MagentoRecord {
  const state = String(order['state'] ?? 'new');
  if (NOT_REFUNDABLE.has(state) || cents(order['total_paid']) <= cents(order['total_refunded'])) {
    throw badRequest('The order does not allow a creditmemo to be created.');
  }
  const lines = orderLines(order);
  const requested = new Map<number, number>();
  if (request.items && request.items.length > 0) {
    for (const r of request.items) {
      const item = lines.byId.get(num(r.order_item_id));
      if (!item) throw badRequest('The "%1" order item is not part of the order.', [String(r.order_item_id)]);
      if (num(r.qty) > refundable(item)) {
        throw badRequest('The quantity to creditmemo must not be greater than the unrefunded quantity.');
      }
      requested.set(num(r.order_item_id), num(r.qty));
    }
  } else if (invoice) {
    for (const line of Array.isArray(invoice['items']) ? (invoice['items'] as MagentoRecord[]) : []) {
      requested.set(num(line['order_item_id']), num(line['qty']));
    }
  } else {
    for (const item of lines.items) if (refundable(item) > 0) requested.set(num(item['item_id']), refundable(item));
  }
  const quantities = expandQuantities(lines, requested, refundable);

  const creditmemoId = store.creditmemos.nextId();
  const totals = new DocumentTotals();
  const baseTotals = new DocumentTotals();
  const items: MagentoRecord[] = [];
  const updates: Array<() => void> = [];
  const netRows = hasNetRows(order);
  for (const orderItem of lines.items) {
    const qty = quantities.get(num(orderItem['item_id']));
    if (qty === undefined) continue;
    const done = num(orderItem['qty_refunded']);
    const line = lineShare(orderItem, '', done, qty);
    const baseLine = lineShare(orderItem, 'base_', done, qty);
    totals.addLine(line, netRows);
    baseTotals.addLine(baseLine, netRows);
    const item = documentItem(orderItem, store.nextDocumentItemId('creditmemos'), creditmemoId, qty, line, baseLine);
    // Required in the schema, so an item without a cost says null.
    item['base_cost'] = orderItem['base_cost'] === undefined ? null : orderItem['base_cost'];
    items.push(item);
    // Applied only once the whole credit memo is known to be valid.
    updates.push(() => {
      addQty(orderItem, 'qty_refunded', qty);
      addTo(orderItem, 'amount_refunded', line.row_total);
      addTo(orderItem, 'base_amount_refunded', baseLine.row_total);
      addTo(orderItem, 'tax_refunded', line.tax_amount);
      addTo(orderItem, 'base_tax_refunded', baseLine.tax_amount);
      addTo(orderItem, 'discount_refunded', line.discount_amount);
      addTo(orderItem, 'base_discount_refunded', baseLine.discount_amount);
      addTo(orderItem, 'discount_tax_compensation_refunded', line.discount_tax_compensation_amount);
      addTo(orderItem, 'base_discount_tax_compensation_refunded', baseLine.discount_tax_compensation_amount);
    });
  }

  const rate = rateOf(order);
  const shippingLeft = cents(order['shipping_invoiced']) - cents(order['shipping_refunded']);
  const baseShippingLeft = cents(order['base_shipping_invoiced']) - cents(order['base_shipping_refunded']);
  const askedShipping = request.arguments?.shipping_amount;
  // An invoice refund gives back that invoice's shipping by default; an order refund all that is left.
  const defaultShipping = invoice ? Math.min(cents(invoice['shipping_amount']), shippingLeft) : shippingLeft;
  const shipping = askedShipping === undefined ? defaultShipping : Math.round(askedShipping * 100);
  if (shipping > shippingLeft || shipping < 0) {
    throw badRequest('Maximum shipping amount allowed to refund is: %1', [amount(Math.max(shippingLeft, 0)).toFixed(2)]);
  }
  const baseShipping = shipping === shippingLeft ? baseShippingLeft : convertBack(shipping, rate);
  for (const [t, p, part] of [[totals, '', shipping], [baseTotals, 'base_', baseShipping]] as const) {
    const whole = cents(order[`${p}shipping_amount`]);
    const done = cents(order[`${p}shipping_refunded`]);
    const portion = (field: string): number => (whole === 0 ? 0 : share(cents(order[field]), done, part, whole));
    t.shipping = part;
    t.shippingTax = portion(`${p}shipping_tax_amount`);
    t.shippingInclTax = portion(`${p}shipping_incl_tax`);
    t.shippingDiscount = portion(`${p}shipping_discount_amount`);
    t.shippingDiscountTaxCompensation = portion(
      p === '' ? 'shipping_discount_tax_compensation_amount' : 'base_shipping_discount_tax_compensation_amnt',
    );
  }

  // Gift wrapping and the printed card come back with the refund that gives back everything invoiced.
  const allBack = lines.items.every((i) => num(i['qty_refunded']) + (quantities.get(num(i['item_id'])) ?? 0) >= num(i['qty_invoiced']));
  if (allBack && shipping === shippingLeft) {
    totals.gw = giftWrapping(order, '');
    baseTotals.gw = giftWrapping(order, 'base_');
  }

  const adjustmentPositive = Math.round((request.arguments?.adjustment_positive ?? 0) * 100);
  const adjustmentNegative = Math.round((request.arguments?.adjustment_negative ?? 0) * 100);
  totals.adjustmentPositive = adjustmentPositive;
  totals.adjustmentNegative = adjustmentNegative;
  baseTotals.adjustmentPositive = convertBack(adjustmentPositive, rate);
  baseTotals.adjustmentNegative = convertBack(adjustmentNegative, rate);

  const grand = totals.grandTotal();
  const baseGrand = baseTotals.grandTotal();
  if (grand <= 0 && items.length === 0 && shipping === 0 && adjustmentPositive === 0) {
    throw badRequest("The credit memo's total must be positive.");
  }
  if (grand < 0) throw badRequest("The credit memo's total must be positive.");
  const available = cents(order['total_paid']) - cents(order['total_refunded']);
  if (grand > available) throw badRequest('The most money available to refund is %1.', [amount(available).toFixed(2)]);

  for (const update of updates) update();
  const now = magentoDate(nowMs);
  const creditmemo = documentHeader(order, totals, baseTotals);
  creditmemo['adjustment'] = amount(adjustmentPositive - adjustmentNegative);
  creditmemo['adjustment_negative'] = amount(adjustmentNegative);
  creditmemo['adjustment_positive'] = amount(adjustmentPositive);
  creditmemo['base_adjustment'] = amount(baseTotals.adjustmentPositive - baseTotals.adjustmentNegative);
  creditmemo['base_adjustment_negative'] = amount(baseTotals.adjustmentNegative);
  creditmemo['base_adjustment_positive'] = amount(baseTotals.adjustmentPositive);
  creditmemo['created_at'] = now;
  creditmemo['email_sent'] = request.notify ? 1 : 0;
  creditmemo['entity_id'] = creditmemoId;
  creditmemo['increment_id'] = store.sequences.take('creditmemo', num(order['store_id']));
  creditmemo['state'] = 2;
  creditmemo['updated_at'] = now;
  creditmemo['items'] = items;
  creditmemo['comments'] = [];
  if (invoice) {
    creditmemo['invoice_id'] = invoice['entity_id'];
    creditmemo['transaction_id'] = `refund-${String(invoice['entity_id'])}-${creditmemoId}`;
    addTo(invoice, 'base_total_refunded', baseGrand);
    invoice['is_used_for_refund'] = 1;
    invoice['updated_at'] = now;
  }

  addTo(order, 'subtotal_refunded', totals.subtotal);
  addTo(order, 'base_subtotal_refunded', baseTotals.subtotal);
  addTo(order, 'tax_refunded', totals.allTax());
  addTo(order, 'base_tax_refunded', baseTotals.allTax());
  addTo(order, 'discount_refunded', -(totals.discount + totals.shippingDiscount));
  addTo(order, 'base_discount_refunded', -(baseTotals.discount + baseTotals.shippingDiscount));
  addTo(order, 'shipping_refunded', totals.shipping);
  addTo(order, 'base_shipping_refunded', baseTotals.shipping);
  addTo(order, 'adjustment_positive', adjustmentPositive);
  addTo(order, 'base_adjustment_positive', baseTotals.adjustmentPositive);
  addTo(order, 'adjustment_negative', adjustmentNegative);
  addTo(order, 'base_adjustment_negative', baseTotals.adjustmentNegative);
  addTo(order, 'total_refunded', grand);
  addTo(order, 'base_total_refunded', baseGrand);
  addTo(order, invoice ? 'total_online_refunded' : 'total_offline_refunded', grand);
  addTo(order, invoice ? 'base_total_online_refunded' : 'base_total_offline_refunded', baseGrand);

  const everythingBack =
    lines.items.every((i) => num(i['qty_refunded']) >= num(i['qty_ordered']) - num(i['qty_canceled'])) &&
    cents(order['shipping_refunded']) >= cents(order['shipping_amount']);
  if (everythingBack || cents(order['total_refunded']) >= cents(order['grand_total'])) {
    order['state'] = 'closed';
    order['status'] = 'closed';
  }
  order['updated_at'] = now;
  store.put('creditmemos', creditmemo);
  return creditmemo;
}
