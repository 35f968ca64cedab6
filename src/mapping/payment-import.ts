// Payments recorded in Xero flowing back to Magento: for an order whose payment method is set to "do not pay" and whose
// payments are imported, what Xero's copy of its invoice means for the Magento order. Only an invoice paid in full makes
// the Magento invoice (offline capture); a part payment is reported and nothing is invoiced until the rest arrives.
import type { MagentoOrder } from '../domain/magento.js';
import { formatMinor, toMinorOr0 } from '../domain/money.js';
import type { XeroInvoice } from '../domain/xero.js';
import { awaitsPaymentInXero } from './invoice.js';
import type { MappingSettings } from './settings.js';

export type PaymentImportDecision =
  /** Payments of this order are not imported (another method, or the method is paid from Magento). */
  | { kind: 'off'; reason: string }
  /** Nothing paid in Xero yet. */
  | { kind: 'unpaid'; reason: string }
  | { kind: 'part'; paidCents: number; dueCents: number; totalCents: number; reason: string }
  /** Paid in full in Xero: invoice the order in Magento. */
  | { kind: 'paid'; paidCents: number; comment: string; reason: string }
  /** Magento invoiced the order already (by hand, or an earlier attempt): nothing to do. */
  | { kind: 'invoiced'; reason: string }
  /** Paid in Xero, but Magento cannot invoice the order as it stands: someone has to look. */
  | { kind: 'blocked'; reason: string };

/** Magento refuses an invoice for an order in these states (Magento\Sales\Model\Order\Validation\CanInvoice). */
const NOT_INVOICEABLE = new Set(['payment_review', 'holded', 'canceled', 'complete', 'closed']);

/** Whether Magento has invoiced the whole order: nothing due, or its invoiced total reaches the grand total. */
export function isInvoicedInMagento(order: MagentoOrder): boolean {
  const grand = toMinorOr0(order.grand_total);
  const invoiced = toMinorOr0((order as Record<string, unknown>)['total_invoiced'] as number | null | undefined);
  if (grand > 0 && invoiced >= grand) return true;
  // Stryker disable next-line StringLiteral: any stand-in for a missing state is none of the three states below.
  const state = order.state ?? '';
  return (state === 'processing' || state === 'complete' || state === 'closed') && order.total_due != null && toMinorOr0(order.total_due) === 0;
}

export function decidePaymentImport(order: MagentoOrder, invoice: XeroInvoice, settings: MappingSettings): PaymentImportDecision {
  const method = order.payment?.method ?? '';
  const label = `Order ${order.increment_id}`;
  const number = invoice.InvoiceNumber ?? invoice.InvoiceID;
  if (!awaitsPaymentInXero(order, settings)) {
    return { kind: 'off', reason: `${label}: payments of "${method}" are not imported from Xero (turn it on in Configuration → Payments from Xero; the method must be set to "do not pay").` };
  }
  const currency = invoice.CurrencyCode ?? order.order_currency_code ?? '';
  const total = toMinorOr0(invoice.Total);
  const paid = toMinorOr0(invoice.AmountPaid);
  const due = toMinorOr0(invoice.AmountDue);
  if (invoice.Status === 'VOIDED' || invoice.Status === 'DELETED') {
    return { kind: 'unpaid', reason: `${label}: Xero invoice ${number} is ${invoice.Status}; nothing to import.` };
  }
  if (paid <= 0) return { kind: 'unpaid', reason: `${label}: Xero invoice ${number} has no payment yet.` };
  if (isInvoicedInMagento(order)) return { kind: 'invoiced', reason: `${label} is invoiced in Magento already.` };
  if (due > 0 || invoice.Status !== 'PAID') {
    return {
      kind: 'part',
      paidCents: paid,
      dueCents: due,
      totalCents: total,
      reason: `${label}: part paid in Xero, ${currency} ${formatMinor(paid)} of ${formatMinor(total)} (${formatMinor(due)} due on invoice ${number}); it is invoiced in Magento once paid in full.`,
    };
  }
  // Stryker disable next-line StringLiteral: a missing state is invoiceable whatever stands in for it, unless it names a refused state.
  const state = order.state ?? 'new';
  if (NOT_INVOICEABLE.has(state)) {
    return { kind: 'blocked', reason: `${label} was paid in full in Xero (invoice ${number}), but Magento cannot invoice an order that is ${state}. Invoice it by hand in Magento, or release it, then retry.` };
  }
  return {
    kind: 'paid',
    paidCents: paid,
    comment: `Paid in full in Xero: invoice ${number}, ${currency} ${formatMinor(paid)}.`,
    reason: `${label} was paid in full in Xero (invoice ${number}, ${currency} ${formatMinor(paid)}).`,
  };
}
