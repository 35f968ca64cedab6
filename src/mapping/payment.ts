// Magento invoice → Xero payment on the order's invoice; gift cards / store credit / reward points → payments against
// the liability account.
import type { RecordRef } from '../domain/errors.js';
import type { MagentoInvoice, MagentoOrder } from '../domain/magento.js';
import { fromMinor, toMinor } from '../domain/money.js';
import type { XeroPaymentPayload } from '../domain/xero.js';
import { currencyRate, documentCurrency, localDate } from './document-common.js';
import type { PlannedPrepayment } from './invoice.js';
import { orderPostingMode, summarisedReason } from './posting-mode.js';
import { DO_NOT_PAY, storeContext, type MappingSettings } from './settings.js';

export type PaymentMapping =
  | { kind: 'pay'; payment: XeroPaymentPayload; amountCents: number }
  | { kind: 'skip'; reason: string };

/** The bank account a payment method settles into, or DO_NOT_PAY. */
export function accountForPaymentMethod(method: string | null | undefined, settings: MappingSettings): string {
  return (method ? settings.paymentMethods[method] : undefined) ?? settings.accounts.bank;
}

export function magentoInvoiceToPayment(
  invoice: MagentoInvoice,
  order: MagentoOrder,
  settings: MappingSettings,
  xeroInvoiceId: string,
): PaymentMapping {
  const record: RecordRef = { entity: 'invoice', id: invoice.increment_id };
  const ctx = storeContext(settings, invoice.store_id ?? order.store_id, record);
  if (invoice.state === 3) return { kind: 'skip', reason: `Magento invoice ${invoice.increment_id} is canceled.` };
  if (orderPostingMode(order, settings) === 'summary') return { kind: 'skip', reason: summarisedReason(`The payment of Magento invoice ${invoice.increment_id}`, order) };
  const method = order.payment?.method;
  const account = accountForPaymentMethod(method, settings);
  if (account === DO_NOT_PAY) {
    return {
      kind: 'skip',
      reason: `Payment method "${method}" is set to "do not pay": the invoice stays awaiting payment in Xero until the money arrives there.`,
    };
  }
  const amountCents = toMinor(invoice.grand_total);
  if (amountCents <= 0) return { kind: 'skip', reason: `Magento invoice ${invoice.increment_id} has nothing to pay.` };
  const payment: XeroPaymentPayload = {
    Invoice: { InvoiceID: xeroInvoiceId },
    Account: { Code: account },
    Date: localDate(invoice.created_at, ctx),
    Amount: fromMinor(amountCents),
    Reference: invoice.increment_id,
  };
  const rate = currencyRate(invoice, documentCurrency(invoice, ctx), ctx);
  if (rate !== undefined) payment.CurrencyRate = rate;
  return { kind: 'pay', payment, amountCents };
}

export function prepaymentToPayment(plan: PlannedPrepayment, xeroInvoiceId: string, rate?: number): XeroPaymentPayload {
  const payment: XeroPaymentPayload = {
    Invoice: { InvoiceID: xeroInvoiceId },
    Account: { Code: plan.accountCode },
    Date: plan.date,
    Amount: fromMinor(plan.amountCents),
    Reference: plan.reference,
  };
  if (rate !== undefined) payment.CurrencyRate = rate;
  return payment;
}
