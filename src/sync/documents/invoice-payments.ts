// Magento invoice → Payment on a Xero invoice, exactly once: a linked payment is never sent again, and before paying,
// the Xero invoices of the batch are read back (one call) and a payment with the Magento invoice's number as reference
// and the same amount is adopted. Payments have no number Xero could refuse as taken, and a queue entry's attempt count
// starts over when Magento changes the record, so "attempts > 1" alone would not catch every earlier attempt whose
// answer was lost; the read costs one call per 50 payments.
import { isMappingError } from '../../domain/errors.js';
import type { MagentoInvoice, MagentoOrder } from '../../domain/magento.js';
import { magentoInvoiceToPayment } from '../../mapping/payment.js';
import type { MappingSettings } from '../../mapping/settings.js';
import type { EntityLink } from '../../storage/entity-map-repository.js';
import type { QueueEntry } from '../../storage/queue-repository.js';
import type { XeroAccounting } from '../../xero/accounting.js';
import type { SyncContext } from '../context.js';
import type { BatchJournal } from '../record-log.js';
import { DEPENDENCY_DELAY_MS, ORDER_PRIORITY, requireQueued } from './dependencies.js';
import { readInvoices } from './invoice-poster.js';
import { link, linksOf } from './links.js';
import { findPayment, putPayments, type PaymentDraft } from './payments.js';

export interface PaymentRequest {
  entry: QueueEntry;
  invoice: MagentoInvoice;
  order: MagentoOrder;
  xeroInvoiceId: string;
  /** The Xero invoice was created in this batch: it can carry no payment of ours yet. */
  fresh?: boolean;
  /** Posting mode "orders": the Magento order whose Xero invoice is paid (queued again while that invoice is a draft). */
  orderId?: string;
}

export type PaymentStep =
  | { kind: 'paid'; action: 'pay' | 'adopt' | 'unchanged'; paymentId: string }
  | { kind: 'skip'; reason: string };

/** Pays each Magento invoice's amount on its Xero invoice; refusals are parked, the rest come back. */
export async function payInvoices(
  ctx: SyncContext,
  xero: XeroAccounting,
  requests: readonly PaymentRequest[],
  settings: MappingSettings,
  journal: BatchJournal,
  signal?: AbortSignal,
): Promise<Map<QueueEntry, PaymentStep>> {
  const tenantId = xero.tenantId;
  const steps = new Map<QueueEntry, PaymentStep>();
  const links = await linksOf(ctx.storage, 'invoice', 'payment', requests.map((r) => r.entry.magento_id), tenantId);
  const toPay: Array<PaymentDraft<PaymentRequest> & { uncertain: boolean }> = [];
  for (const r of requests) {
    const existing = links.get(r.entry.magento_id);
    if (existing) {
      steps.set(r.entry, { kind: 'paid', action: 'unchanged', paymentId: existing.xero_id });
      continue;
    }
    try {
      const mapped = magentoInvoiceToPayment(r.invoice, r.order, settings, r.xeroInvoiceId);
      if (mapped.kind === 'skip') steps.set(r.entry, { kind: 'skip', reason: mapped.reason });
      else toPay.push({ key: r, payload: mapped.payment, identity: r.invoice.increment_id, uncertain: !r.fresh });
    } catch (error) {
      if (isMappingError(error)) journal.park(r.entry, 'map', error.message, tenantId);
      else throw error;
    }
  }

  const now = () => ctx.clock.now();
  const newLinks: EntityLink[] = [];
  const record = (r: PaymentRequest, paymentId: string, action: 'pay' | 'adopt') => {
    newLinks.push(link('invoice', r.entry.magento_id, 'payment', tenantId, { id: paymentId, number: r.invoice.increment_id }, now()));
    steps.set(r.entry, { kind: 'paid', action, paymentId });
  };

  const uncertain = toPay.filter((d) => d.uncertain);
  const onXero = new Map((await readInvoices(xero, 'ids', uncertain.map((d) => d.key.xeroInvoiceId), signal)).map((i) => [i.InvoiceID, i]));
  const taken = new Set<string>();
  const send: Array<PaymentDraft<PaymentRequest>> = [];
  for (const d of toPay) {
    const invoice = d.uncertain ? onXero.get(d.key.xeroInvoiceId) : undefined;
    const found = invoice ? findPayment(invoice, d.payload, taken) : undefined;
    if (found) {
      taken.add(found);
      record(d.key, found, 'adopt');
    } else if (invoice && d.key.orderId && (invoice.Status === 'DRAFT' || invoice.Status === 'SUBMITTED')) {
      // Xero takes payments only on approved invoices. The order was invoiced in Magento, so its next sync approves it:
      // queue it and wait (a webhook for the invoice can arrive before the one for the order).
      const queued = await requireQueued(ctx, 'order', d.key.orderId, ORDER_PRIORITY, d.key.entry.attempts);
      const number = invoice.InvoiceNumber ?? d.key.orderId;
      if (queued) {
        journal.park(d.key.entry, 'pay', `Xero invoice ${number} is still ${invoice.Status}: approve it in Xero (or sync the order again), then retry.`, tenantId);
      } else {
        journal.retry(d.key.entry, 'pay', `waiting for Xero invoice ${number} to be approved (order queued again)`, DEPENDENCY_DELAY_MS);
      }
    } else send.push(d);
  }
  for (const [r, answer] of await putPayments(xero, 'payments', send, signal)) {
    if (answer.ok) record(r, answer.payment.PaymentID, 'pay');
    else journal.park(r.entry, 'pay', `Payment for Magento invoice ${r.invoice.increment_id}: ${answer.message}`, tenantId);
  }
  await ctx.storage.entityMap.put(newLinks);
  return steps;
}
