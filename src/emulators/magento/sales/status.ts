// Order status changes that are not documents: cancel, hold, release, ship.
import { magentoDate } from '../dates.js';
import { badRequest } from '../errors.js';
import { amount, cents, num } from '../money.js';
import type { MagentoRecord } from '../store.js';

function items(order: MagentoRecord): MagentoRecord[] {
  return Array.isArray(order['items']) ? (order['items'] as MagentoRecord[]) : [];
}

/** Cancels what is not invoiced; an order with nothing invoiced becomes `canceled`. */
export function cancelOrder(order: MagentoRecord, nowMs: number): void {
  const state = String(order['state']);
  if (state === 'canceled' || state === 'closed' || state === 'complete' || state === 'holded') {
    throw badRequest('You cannot cancel this order.');
  }
  for (const item of items(order)) {
    item['qty_canceled'] = num(item['qty_ordered']) - num(item['qty_invoiced']);
    item['updated_at'] = magentoDate(nowMs);
  }
  if (cents(order['total_invoiced']) === 0) {
    for (const prefix of ['', 'base_']) {
      order[`${prefix}subtotal_canceled`] = order[`${prefix}subtotal`] ?? 0;
      order[`${prefix}tax_canceled`] = order[`${prefix}tax_amount`] ?? 0;
      order[`${prefix}shipping_canceled`] = order[`${prefix}shipping_amount`] ?? 0;
      order[`${prefix}discount_canceled`] = order[`${prefix}discount_amount`] ?? 0;
      order[`${prefix}total_canceled`] = order[`${prefix}grand_total`] ?? 0;
    }
    order['state'] = 'canceled';
    order['status'] = 'canceled';
    order['total_due'] = 0;
    order['base_total_due'] = 0;
  } else {
    // Invoiced in part: what was not invoiced is canceled and the order stays open, as Magento's
    // Order::registerCancellation records it (subtotal_canceled = subtotal − subtotal_invoiced, tax, shipping and
    // discount likewise, total_canceled = grand_total − total_paid; the state stays processing, or complete if shipped).
    for (const prefix of ['', 'base_']) {
      const diff = (total: string, done: string) => amount(cents(order[`${prefix}${total}`]) - cents(order[`${prefix}${done}`]));
      order[`${prefix}subtotal_canceled`] = diff('subtotal', 'subtotal_invoiced');
      order[`${prefix}tax_canceled`] = diff('tax_amount', 'tax_invoiced');
      order[`${prefix}shipping_canceled`] = diff('shipping_amount', 'shipping_invoiced');
      order[`${prefix}discount_canceled`] = amount(Math.abs(cents(order[`${prefix}discount_amount`])) - Math.abs(cents(order[`${prefix}discount_invoiced`])));
      order[`${prefix}total_canceled`] = diff('grand_total', 'total_paid');
    }
    order['total_due'] = 0;
    order['base_total_due'] = 0;
  }
  order['updated_at'] = magentoDate(nowMs);
}

export function holdOrder(order: MagentoRecord, nowMs: number): void {
  const state = String(order['state']);
  if (state !== 'new' && state !== 'processing' && state !== 'pending_payment') throw badRequest('A hold action is not available.');
  order['hold_before_state'] = order['state'];
  order['hold_before_status'] = order['status'];
  order['state'] = 'holded';
  order['status'] = 'holded';
  order['updated_at'] = magentoDate(nowMs);
}

export function releaseOrder(order: MagentoRecord, nowMs: number): void {
  if (order['state'] !== 'holded') throw badRequest('An unhold action is not available.');
  order['state'] = order['hold_before_state'] ?? 'new';
  order['status'] = order['hold_before_status'] ?? 'pending';
  // Undefined rather than deleted: left out of the JSON all the same, without reshaping the object.
  order['hold_before_state'] = undefined;
  order['hold_before_status'] = undefined;
  order['updated_at'] = magentoDate(nowMs);
}

/** Ships everything; a fully invoiced and shipped order is `complete`. */
export function shipOrder(order: MagentoRecord, nowMs: number): void {
  for (const item of items(order)) {
    if (item['is_virtual'] !== 1) item['qty_shipped'] = num(item['qty_ordered']) - num(item['qty_canceled']);
  }
  const fullyInvoiced = items(order).every((i) => num(i['qty_invoiced']) + num(i['qty_canceled']) >= num(i['qty_ordered']));
  if (fullyInvoiced && order['state'] === 'processing') {
    order['state'] = 'complete';
    order['status'] = 'complete';
  }
  order['updated_at'] = magentoDate(nowMs);
}
