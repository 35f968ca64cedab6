// Magento order → Xero ACCREC invoice (default posting mode), and Magento invoice → Xero invoice ("invoices" mode).
import { MappingError, type RecordRef } from '../domain/errors.js';
import type { MagentoInvoice, MagentoOrder } from '../domain/magento.js';
import { sumMinor, toMinor, toMinorOr0 } from '../domain/money.js';
import type { XeroCreditNotePayload, XeroInvoicePayload } from '../domain/xero.js';
import {
  currencyRate,
  documentCurrency,
  dueDate,
  localDate,
  orderRecord,
  trackingFor,
  PREPAYMENT_LABELS,
  type PrepaymentKind,
} from './document-common.js';
import { orderContactNumber } from './guest-contact.js';
import { assembleLines } from './document-lines.js';
import { derivedShippingDiscount, isBillable, itemSkusFor, orderItemFor, type SourceLine } from './invoice-lines.js';
import { creditNoteNumber, invoiceNumber } from './numbers.js';
import { isPartlyCanceled, splitCanceled, type OrderPart } from './partial-cancel.js';
import { orderPostingMode, summarisedReason } from './posting-mode.js';
import { DO_NOT_PAY, storeContext, type MappingSettings } from './settings.js';
import { accountForPaymentMethod } from './payment.js';
import type { AppliedRate } from './tax.js';
import { giftCardCents, liabilityAccount, rewardPointsCents, rewardPointsLine, storeCreditCents, type CommerceAmounts } from './commerce.js';
import type { LineSpec } from './line-builder.js';
import { documentUntaxedType, type TaxContext } from './line-tax.js';

/** A payment to record once the invoice exists: gift cards, store credit, reward points against the liability account. */
export interface PlannedPrepayment {
  kind: PrepaymentKind;
  amountCents: number;
  accountCode: string;
  date: string;
  reference: string;
}

export type InvoiceMapping =
  | {
      kind: 'post';
      invoice: XeroInvoicePayload;
      contactNumber: string;
      /** SKUs whose items should exist in Xero first (ItemCode on the lines). */
      itemSkus: string[];
      /** Magento tax rates the lines use (for the tax mapping page and auto-mapping). */
      taxRates: AppliedRate[];
      prepayments: PlannedPrepayment[];
      totalCents: number;
      taxCents: number;
      roundingCents: number;
      /**
       * Cents moved onto the largest taxed line so the lines' tax equals Magento's tax total (0 when Magento's own figures
       * agree line by line). Reported so tests, the log and reconciliation see every correction, not only rounding lines.
       */
      taxAdjustedCents: number;
      /** An unexplained difference posted to the other charges account (setting; 0 when off or none). */
      otherChargesCents: number;
      /** What the log entry of the posted document says about lines added to match Magento's total. */
      notes: string[];
      /**
       * The order was canceled in part after the rest was invoiced: a credit note for the canceled part, posted and
       * allocated to the invoice only when Xero no longer lets the invoice itself be amended.
       */
      canceledPart?: CanceledPart;
    }
  | { kind: 'skip'; reason: string }
  | { kind: 'cancel'; invoiceNumber: string; reason: string };

export interface CanceledPart {
  creditNote: XeroCreditNotePayload;
  totalCents: number;
  taxCents: number;
  roundingCents: number;
  taxAdjustedCents: number;
}

/** The canceled part of an order as an ACCRECCREDIT credit note (lines at their net amount, as credit notes take no discounts). */
function canceledPartCreditNote(
  order: MagentoOrder,
  part: OrderPart,
  settings: MappingSettings,
  ctx: ReturnType<typeof storeContext>,
  record: RecordRef,
  currency: string,
  rate: number | undefined,
): CanceledPart {
  const assembled = assembleLines({
    order,
    record,
    sources: part.sources,
    shipping: { ...part.shipping, shippingDiscountCents: part.shippingDiscountCents, description: order.shipping_description },
    headerTaxCents: part.headerTaxCents,
    grandTotalCents: part.grandTotalCents,
    subtotal: part.subtotal,
    prepaidCents: 0,
    settings,
    tracking: trackingFor(ctx),
    currency,
    allowDiscount: false,
    tax: ctx.tax,
  });
  const date = localDate(order.updated_at ?? order.created_at, ctx);
  const creditNote: XeroCreditNotePayload = {
    Type: 'ACCRECCREDIT',
    Contact: { ContactNumber: orderContactNumber(order, settings) },
    CreditNoteNumber: canceledPartNumber(ctx.creditNotePrefix, order.increment_id),
    Reference: `Canceled part of order ${order.increment_id} (${ctx.code})`,
    Date: date,
    Status: 'AUTHORISED',
    LineAmountTypes: assembled.mode,
    CurrencyCode: currency,
    LineItems: assembled.reconciled.lines,
  };
  if (rate !== undefined) creditNote.CurrencyRate = rate;
  return {
    creditNote,
    totalCents: assembled.totalCents,
    taxCents: assembled.taxCents,
    roundingCents: assembled.reconciled.roundingCents,
    taxAdjustedCents: assembled.reconciled.taxAdjustedCents,
  };
}

/** The canceled part's credit note number: the order's number with "-C", so it never takes a credit memo's number. */
export function canceledPartNumber(prefix: string, incrementId: string): string {
  return creditNoteNumber(prefix, `${incrementId}-C`);
}

export type OrderStatusDecision =
  | { kind: 'status'; status: 'DRAFT' | 'SUBMITTED' | 'AUTHORISED' }
  | { kind: 'skip'; reason: string }
  | { kind: 'cancel'; reason: string };

/** The order's payment method is set to "do not pay" and its payments are imported from Xero. */
export function awaitsPaymentInXero(order: MagentoOrder, settings: MappingSettings): boolean {
  const method = order.payment?.method;
  return Boolean(method && settings.awaitingPaymentMethods.includes(method) && accountForPaymentMethod(method, settings) === DO_NOT_PAY);
}

export function statusForOrder(order: MagentoOrder, settings: MappingSettings): OrderStatusDecision {
  const state = order.state ?? order.status ?? 'new';
  switch (state) {
    case 'new':
    case 'pending':
    case 'pending_payment':
      // An order the customer pays in Xero (bank transfer, cheque...) is the bill itself: approved, awaiting payment.
      if (awaitsPaymentInXero(order, settings)) return { kind: 'status', status: 'AUTHORISED' };
      return { kind: 'status', status: settings.newOrderStatus };
    case 'processing':
    case 'complete':
    case 'closed':
      return { kind: 'status', status: 'AUTHORISED' };
    case 'holded':
      return { kind: 'skip', reason: `Order ${order.increment_id} is on hold in Magento; it will be posted when released.` };
    case 'canceled':
      return { kind: 'cancel', reason: `Order ${order.increment_id} was canceled in Magento.` };
    default:
      // payment_review, fraud and any state a store adds: posted as the merchant chose for new orders.
      return { kind: 'status', status: settings.newOrderStatus };
  }
}

/**
 * Gift cards and store credit redeemed: payments from their liability accounts once the invoice exists (reward points
 * are no payment: see rewardPointsLine). Source of the fields: commerce.ts.
 */
function buildPrepayments(doc: CommerceAmounts, settings: MappingSettings, date: string, number: string, record: RecordRef): PlannedPrepayment[] {
  const plans: PlannedPrepayment[] = [];
  const add = (kind: 'gift_card' | 'store_credit', cents: number) => {
    if (cents === 0) return;
    plans.push({
      kind,
      amountCents: cents,
      accountCode: liabilityAccount(kind, settings, record, 'was paid partly with'),
      date,
      reference: `${PREPAYMENT_LABELS[kind]} ${number}`,
    });
  };
  add('gift_card', giftCardCents(doc));
  add('store_credit', storeCreditCents(doc));
  return plans;
}

/** The reward points line of an order or Magento invoice (orders only carry the amount: see commerce.ts). */
function rewardLines(doc: CommerceAmounts, order: MagentoOrder, settings: MappingSettings, ctx: { tax: TaxContext }, record: RecordRef): LineSpec[] {
  const cents = rewardPointsCents(doc);
  // The untaxed type is looked for only when there are points: finding it may need a look-up in Xero (Canada).
  const line = cents === 0 ? undefined : rewardPointsLine(cents, settings, documentUntaxedType(order, ctx.tax, settings, record), record);
  return line ? [line] : [];
}

export function orderToInvoice(order: MagentoOrder, settings: MappingSettings): InvoiceMapping {
  const record = orderRecord(order);
  const ctx = storeContext(settings, order.store_id, record);
  const number = invoiceNumber(ctx.invoicePrefix, order.increment_id);
  const mode = orderPostingMode(order, settings);
  if (mode === 'invoices') {
    return { kind: 'skip', reason: 'Posting mode is "invoices": Magento invoices, not orders, become Xero invoices.' };
  }
  if (mode === 'summary') return { kind: 'skip', reason: summarisedReason('The sale', order) };
  const status = statusForOrder(order, settings);
  if (status.kind === 'skip') return status;
  if (status.kind === 'cancel') return { kind: 'cancel', invoiceNumber: number, reason: status.reason };

  const currency = documentCurrency(order, ctx);
  const sources: SourceLine[] = order.items.map((item) => ({ orderItem: item, quantity: item.qty_ordered ?? 1, amounts: item }));
  const itemDiscount = sumMinor(order.items.filter((i) => isBillable(order, i)).map((i) => toMinorOr0(i.discount_amount)));
  const shippingDiscountCents =
    order.shipping_discount_amount != null
      ? Math.abs(toMinorOr0(order.shipping_discount_amount))
      : derivedShippingDiscount(order.discount_amount, itemDiscount);
  const date = localDate(order.created_at, ctx);
  const prepayments = buildPrepayments(order, settings, date, number, record);
  // Invoiced in part and canceled for the rest: the invoice says what was sold (partial-cancel.ts).
  const split = isPartlyCanceled(order) ? splitCanceled(order, shippingDiscountCents) : undefined;
  const assembled = assembleLines({
    order,
    record,
    sources: split ? split.sold.sources : sources,
    shipping: split
      ? { ...split.sold.shipping, shippingDiscountCents: split.sold.shippingDiscountCents, description: order.shipping_description }
      : { ...order, shippingDiscountCents, description: order.shipping_description },
    headerTaxCents: split ? split.sold.headerTaxCents : toMinorOr0(order.tax_amount),
    grandTotalCents: split ? split.sold.grandTotalCents : toMinor(order.grand_total),
    subtotal: split ? split.sold.subtotal : order.subtotal,
    document: order,
    prepaidCents: sumMinor(prepayments.map((p) => p.amountCents)),
    settings,
    tracking: trackingFor(ctx),
    currency,
    allowDiscount: true,
    tax: ctx.tax,
  }, rewardLines(order, order, settings, ctx, record));

  const invoice: XeroInvoicePayload = {
    Type: 'ACCREC',
    Contact: { ContactNumber: orderContactNumber(order, settings) },
    InvoiceNumber: number,
    Reference: `Order ${order.increment_id} (${ctx.code})`,
    Date: date,
    DueDate: dueDate(date, settings),
    Status: status.status,
    LineAmountTypes: assembled.mode,
    CurrencyCode: currency,
    LineItems: assembled.reconciled.lines,
  };
  const rate = currencyRate(order, currency, ctx);
  if (rate !== undefined) invoice.CurrencyRate = rate;
  const canceledPart = split && split.canceled.grandTotalCents > 0 ? canceledPartCreditNote(order, split.canceled, settings, ctx, record, currency, rate) : undefined;
  return {
    kind: 'post',
    invoice,
    ...(canceledPart ? { canceledPart } : {}),
    contactNumber: orderContactNumber(order, settings),
    itemSkus: itemSkusFor(sources.filter((s) => isBillable(order, s.orderItem))),
    taxRates: assembled.taxRates,
    prepayments,
    totalCents: assembled.totalCents,
    taxCents: assembled.taxCents,
    roundingCents: assembled.reconciled.roundingCents,
    taxAdjustedCents: assembled.reconciled.taxAdjustedCents,
    otherChargesCents: assembled.otherChargesCents,
    notes: assembled.notes,
  };
}

/** Posting mode "invoices": each Magento invoice becomes its own AUTHORISED Xero invoice. */
export function magentoInvoiceToInvoice(invoice: MagentoInvoice, order: MagentoOrder, settings: MappingSettings): InvoiceMapping {
  const record: RecordRef = { entity: 'invoice', id: invoice.increment_id };
  if (invoice.store_id != null) record.storeId = invoice.store_id;
  const ctx = storeContext(settings, invoice.store_id ?? order.store_id, record);
  if (invoice.state === 3) return { kind: 'skip', reason: `Magento invoice ${invoice.increment_id} is canceled.` };
  if (orderPostingMode(order, settings) === 'summary') return { kind: 'skip', reason: summarisedReason(`Magento invoice ${invoice.increment_id}`, order) };
  const number = invoiceNumber(ctx.invoicePrefix, invoice.increment_id);
  const currency = documentCurrency(invoice, ctx);
  const sources: SourceLine[] = invoice.items.map((item) => ({
    orderItem: orderItemFor(order, item.order_item_id, record),
    quantity: item.qty,
    amounts: item,
  }));
  const itemDiscount = sumMinor(sources.filter((s) => isBillable(order, s.orderItem)).map((s) => toMinorOr0(s.amounts.discount_amount)));
  const date = localDate(invoice.created_at, ctx);
  const prepayments = buildPrepayments(invoice, settings, date, number, record);
  const assembled = assembleLines({
    order,
    record,
    sources,
    shipping: { ...invoice, shippingDiscountCents: derivedShippingDiscount(invoice.discount_amount, itemDiscount), description: order.shipping_description },
    headerTaxCents: toMinorOr0(invoice.tax_amount),
    grandTotalCents: toMinor(invoice.grand_total),
    subtotal: invoice.subtotal,
    document: invoice,
    prepaidCents: sumMinor(prepayments.map((p) => p.amountCents)),
    settings,
    tracking: trackingFor(ctx),
    currency,
    allowDiscount: true,
    tax: ctx.tax,
  }, rewardLines(invoice, order, settings, ctx, record));
  const payload: XeroInvoicePayload = {
    Type: 'ACCREC',
    Contact: { ContactNumber: orderContactNumber(order, settings) },
    InvoiceNumber: number,
    Reference: `Order ${order.increment_id} (${ctx.code})`,
    Date: date,
    DueDate: dueDate(date, settings),
    Status: 'AUTHORISED',
    LineAmountTypes: assembled.mode,
    CurrencyCode: currency,
    LineItems: assembled.reconciled.lines,
  };
  const rate = currencyRate(invoice, currency, ctx);
  if (rate !== undefined) payload.CurrencyRate = rate;
  return {
    kind: 'post',
    invoice: payload,
    contactNumber: orderContactNumber(order, settings),
    itemSkus: itemSkusFor(sources.filter((s) => isBillable(order, s.orderItem))),
    taxRates: assembled.taxRates,
    prepayments,
    totalCents: assembled.totalCents,
    taxCents: assembled.taxCents,
    roundingCents: assembled.reconciled.roundingCents,
    taxAdjustedCents: assembled.reconciled.taxAdjustedCents,
    otherChargesCents: assembled.otherChargesCents,
    notes: assembled.notes,
  };
}
