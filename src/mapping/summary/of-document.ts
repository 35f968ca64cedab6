// What one Magento invoice or credit memo of a summarised order adds to its day, straight from Magento's record: the
// per-document mapping's lines (a Magento invoice as magentoInvoiceToInvoice maps it, a credit memo as a credit note) and
// the money it moved. Used when a document is recorded into a day, and by the reconciliation to check what was recorded.
import type { MagentoCreditMemo, MagentoInvoice, MagentoOrder } from '../../domain/magento.js';
import { creditMemoToCreditNote } from '../credit-note.js';
import { magentoInvoiceToInvoice } from '../invoice.js';
import { magentoInvoiceToPayment } from '../payment.js';
import { withPostingMode } from '../posting-mode.js';
import type { MappingSettings } from '../settings.js';
import { emptyContribution, refundContribution, saleContribution, type Contribution } from './contribution.js';

export type SummarisedDocument =
  | { entity: 'invoice'; record: MagentoInvoice; order: MagentoOrder }
  | { entity: 'creditmemo'; record: MagentoCreditMemo; order: MagentoOrder };

/** Throws the mapping's own errors (an unmapped tax rate...), as the per-document mapping would. */
export function contributionOf(doc: SummarisedDocument, settings: MappingSettings): Contribution {
  const storeId = doc.record.store_id ?? doc.order.store_id ?? 0;
  const method = doc.order.payment?.method ?? '';
  const currency = (doc.record.order_currency_code ?? doc.order.order_currency_code ?? '').toUpperCase();
  // The per-document mappers skip a summarised order's documents; they only ask whether the order is summarised, so any
  // other mode maps the document as it would be posted on its own.
  const perDocument = withPostingMode(settings, storeId, 'orders');
  if (doc.entity === 'invoice') {
    const mapped = magentoInvoiceToInvoice(doc.record, doc.order, perDocument);
    if (mapped.kind !== 'post') return emptyContribution('sale', currency);
    // The payment's Xero invoice is never read here, only its account and amount.
    const payment = magentoInvoiceToPayment(doc.record, doc.order, perDocument, 'daily-summary');
    return saleContribution(mapped, payment, method);
  }
  const mapped = creditMemoToCreditNote(doc.record, doc.order, perDocument);
  if (mapped.kind !== 'post') return emptyContribution('refund', currency);
  return refundContribution(mapped, method);
}
