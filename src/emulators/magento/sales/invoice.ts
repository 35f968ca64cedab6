// Invoicing an order (POST /V1/order/{id}/invoice): a partial invoice takes each line's share by quantity; the first
// invoice carries the whole shipping charge, as Magento does.
import { magentoDate } from '../dates.js';
import { badRequest } from '../errors.js';
import { amount, cents, num } from '../money.js';
import type { MagentoRecord, MagentoStore } from '../store.js';
import { addQty, addTo, documentHeader, documentItem, DocumentTotals, expandQuantities, giftWrapping, hasNetRows, lineShare, orderLines } from './amounts.js';
import { ONLINE_METHODS, paymentMethod } from './common.js';

export interface InvoiceRequest {
  capture?: boolean | undefined;
  items?: Array<{ order_item_id: number; qty: number }> | undefined;
  notify?: boolean | undefined;
  /** Kept on the invoice whether or not it is e-mailed (InvoiceDocumentFactory adds it to the invoice as given). */
  comment?: { comment: string; is_visible_on_front?: number | undefined } | undefined;
}

/** Magento refuses an invoice for an order in these states (Magento\Sales\Model\Order\Validation\CanInvoice). */
const NOT_INVOICEABLE = new Set(['canceled', 'holded', 'closed', 'payment_review', 'complete']);

function remainingToInvoice(item: MagentoRecord): number {
  return num(item['qty_ordered']) - num(item['qty_invoiced']) - num(item['qty_canceled']);
}

/**
 * Magento's answer to an invoice it will not create: Magento\Sales\Model\InvoiceOrder throws a DocumentValidationException
 * "Invoice Document Validation Error(s):" followed by each message on its own line, the invoice's quantity checks
 * (Order\InvoiceQuantityValidator) before the order's (Order\Validation\CanInvoice); REST answers it as a 400.
 */
function refuse(messages: string[]): never {
  throw badRequest(`Invoice Document Validation Error(s):\n${messages.join('\n')}`);
}

export function createInvoice(store: MagentoStore, order: MagentoRecord, request: InvoiceRequest, nowMs: number): MagentoRecord {
  const state = String(order['state'] ?? 'new');
  const lines = orderLines(order);
  // Requested quantities by order item; ids the order does not have are left out, as InvoiceService::prepareInvoice does.
  const requested = new Map<number, number>();
  const messages: string[] = [];
  if (request.items && request.items.length > 0) {
    for (const r of request.items) {
      const item = lines.byId.get(num(r.order_item_id));
      if (!item) continue;
      if (num(r.qty) > remainingToInvoice(item) && item['parent_item_id'] == null) {
        messages.push(`The quantity to invoice must not be greater than the uninvoiced quantity for product SKU "${String(item['sku'])}".`);
      }
      requested.set(num(r.order_item_id), num(r.qty));
    }
  } else {
    for (const item of lines.items) if (remainingToInvoice(item) > 0) requested.set(num(item['item_id']), remainingToInvoice(item));
  }
  const quantities = expandQuantities(lines, requested, remainingToInvoice);
  if (quantities.size === 0) messages.push("You can't create an invoice without products.");
  if (NOT_INVOICEABLE.has(state)) messages.push(`An invoice cannot be created when an order has a status of ${String(order['status'] ?? state)}`);
  else if (!lines.items.some((i) => remainingToInvoice(i) > 0)) messages.push('The order does not allow an invoice to be created.');
  if (messages.length > 0) refuse(messages);

  const invoiceId = store.invoices.nextId();
  const totals = new DocumentTotals();
  const baseTotals = new DocumentTotals();
  const items: MagentoRecord[] = [];
  let totalQty = 0;
  const netRows = hasNetRows(order);
  for (const orderItem of lines.items) {
    const qty = quantities.get(num(orderItem['item_id']));
    if (qty === undefined) continue;
    const done = num(orderItem['qty_invoiced']);
    const line = lineShare(orderItem, '', done, qty);
    const baseLine = lineShare(orderItem, 'base_', done, qty);
    totals.addLine(line, netRows);
    baseTotals.addLine(baseLine, netRows);
    items.push(documentItem(orderItem, store.nextDocumentItemId('invoices'), invoiceId, qty, line, baseLine));
    if (orderItem['parent_item_id'] == null) totalQty += qty;
    addQty(orderItem, 'qty_invoiced', qty);
    addTo(orderItem, 'row_invoiced', line.row_total);
    addTo(orderItem, 'base_row_invoiced', baseLine.row_total);
    addTo(orderItem, 'tax_invoiced', line.tax_amount);
    addTo(orderItem, 'base_tax_invoiced', baseLine.tax_amount);
    addTo(orderItem, 'discount_invoiced', line.discount_amount);
    addTo(orderItem, 'base_discount_invoiced', baseLine.discount_amount);
    addTo(orderItem, 'discount_tax_compensation_invoiced', line.discount_tax_compensation_amount);
    addTo(orderItem, 'base_discount_tax_compensation_invoiced', baseLine.discount_tax_compensation_amount);
  }

  const firstInvoice = cents(order['shipping_invoiced']) === 0 && cents(order['base_shipping_invoiced']) === 0;
  if (firstInvoice) {
    for (const [t, p] of [[totals, ''], [baseTotals, 'base_']] as const) {
      t.shipping = cents(order[`${p}shipping_amount`]);
      t.shippingInclTax = cents(order[`${p}shipping_incl_tax`]);
      t.shippingTax = cents(order[`${p}shipping_tax_amount`]);
      t.shippingDiscount = cents(order[`${p}shipping_discount_amount`]);
      t.shippingDiscountTaxCompensation = cents(
        order[p === '' ? 'shipping_discount_tax_compensation_amount' : 'base_shipping_discount_tax_compensation_amnt'],
      );
      // Gift wrapping and the printed card go with the first invoice, as the shipping charge does.
      t.gw = giftWrapping(order, p);
    }
  }

  const method = paymentMethod(order);
  const paid = !(ONLINE_METHODS.has(method) && request.capture === false);
  const now = magentoDate(nowMs);
  const invoice = documentHeader(order, totals, baseTotals);
  invoice['can_void_flag'] = 0;
  invoice['created_at'] = now;
  invoice['email_sent'] = request.notify ? 1 : 0;
  invoice['entity_id'] = invoiceId;
  invoice['increment_id'] = store.sequences.take('invoice', num(order['store_id']));
  invoice['state'] = paid ? 2 : 1;
  invoice['total_qty'] = totalQty;
  invoice['updated_at'] = now;
  invoice['items'] = items;
  invoice['comments'] = request.comment
    ? [{ comment: request.comment.comment, is_customer_notified: 0, is_visible_on_front: request.comment.is_visible_on_front ?? 0, parent_id: invoiceId, created_at: now }]
    : [];
  if (ONLINE_METHODS.has(method) && paid) invoice['transaction_id'] = `txn-${String(order['entity_id'])}-${invoiceId}`;

  const grand = totals.grandTotal();
  const baseGrand = baseTotals.grandTotal();
  addTo(order, 'subtotal_invoiced', totals.subtotal);
  addTo(order, 'base_subtotal_invoiced', baseTotals.subtotal);
  addTo(order, 'tax_invoiced', totals.allTax());
  addTo(order, 'base_tax_invoiced', baseTotals.allTax());
  addTo(order, 'discount_invoiced', -(totals.discount + totals.shippingDiscount));
  addTo(order, 'base_discount_invoiced', -(baseTotals.discount + baseTotals.shippingDiscount));
  addTo(order, 'discount_tax_compensation_invoiced', totals.discountTaxCompensation);
  addTo(order, 'base_discount_tax_compensation_invoiced', baseTotals.discountTaxCompensation);
  addTo(order, 'shipping_invoiced', totals.shipping);
  addTo(order, 'base_shipping_invoiced', baseTotals.shipping);
  addTo(order, 'total_invoiced', grand);
  addTo(order, 'base_total_invoiced', baseGrand);
  if (paid) {
    addTo(order, 'total_paid', grand);
    addTo(order, 'base_total_paid', baseGrand);
  }
  order['total_due'] = amount(cents(order['grand_total']) - cents(order['total_paid']));
  order['base_total_due'] = amount(cents(order['base_grand_total']) - cents(order['base_total_paid']));
  if (state === 'new' || state === 'pending_payment') {
    order['state'] = 'processing';
    order['status'] = 'processing';
  }
  order['updated_at'] = now;
  store.put('invoices', invoice);
  return invoice;
}
