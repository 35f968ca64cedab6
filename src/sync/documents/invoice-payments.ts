// Magento invoice → Payment on a Xero invoice, exactly once: a linked payment is never sent again, each PUT carries an
// idempotency key made from the payments it sends and their attempt, and when an earlier attempt's answer may have been lost (the entry's
// attempt count is above one: the queue keeps that count through failures, crashes and re-queuing) the Xero invoices are
// read back first (one call per 50) and a payment with the Magento invoice's number as reference and the same amount is
// adopted. A first attempt reads nothing: the backfill pays 50 invoices per call and no more.
import { isMappingError } from '../../domain/errors.js';
import type { MagentoInvoice, MagentoOrder } from '../../domain/magento.js';
import type { XeroInvoice } from '../../domain/xero.js';
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
      else toPay.push({ key: r, payload: mapped.payment, identity: `${r.invoice.increment_id}#${r.entry.attempts}`, uncertain: !r.fresh && r.entry.attempts > 1 });
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
  // What Xero's copy of the invoice says: this payment is already on it (adopt), or it is a draft (wait for approval).
  const settled = async (d: PaymentDraft<PaymentRequest>, invoice: XeroInvoice | undefined): Promise<boolean> => {
    const found = invoice ? findPayment(invoice, d.payload, taken) : undefined;
    if (found) {
      taken.add(found);
      record(d.key, found, 'adopt');
      return true;
    }
    if (invoice && isDraft(invoice.Status)) {
      await waitForApproval(ctx, d.key, invoice.InvoiceNumber, invoice.Status!, journal, tenantId);
      return true;
    }
    return false;
  };
  const send: Array<PaymentDraft<PaymentRequest>> = [];
  for (const d of toPay) {
    if (!(await settled(d, d.uncertain ? onXero.get(d.key.xeroInvoiceId) : undefined))) send.push(d);
  }
  const refused: Array<{ draft: PaymentDraft<PaymentRequest>; message: string }> = [];
  const answers = await putPayments(xero, 'payments', send, signal);
  for (const d of send) {
    const answer = answers.get(d.key)!;
    if (answer.ok) record(d.key, answer.payment.PaymentID, 'pay');
    else refused.push({ draft: d, message: answer.message });
  }
  // A refusal is looked into before it is parked (one read for the batch's refusals): the invoice may still be a draft
  // (its order is queued again), or already carry this very payment (an earlier answer was lost: adopted).
  const refusedOn = new Map(
    (refused.length ? await readInvoices(xero, 'ids', refused.map((f) => f.draft.key.xeroInvoiceId), signal) : []).map((i) => [i.InvoiceID, i]),
  );
  for (const { draft, message } of refused) {
    if (!(await settled(draft, refusedOn.get(draft.key.xeroInvoiceId)))) {
      journal.park(draft.key.entry, 'pay', `Payment for Magento invoice ${draft.key.invoice.increment_id}: ${message}`, tenantId);
    }
  }
  await ctx.storage.entityMap.put(newLinks);
  return steps;
}

function isDraft(status: string | null | undefined): boolean {
  return status === 'DRAFT' || status === 'SUBMITTED';
}

/**
 * Xero takes payments only on approved invoices. In posting mode "orders" the order was invoiced in Magento, so its next
 * sync approves it: queue the order and wait (a webhook for the invoice can arrive before the one for the order). When
 * the order is already done and the invoice is still a draft, a person has to look: parked with what to do.
 */
async function waitForApproval(
  ctx: SyncContext,
  r: PaymentRequest,
  number: string | null | undefined,
  status: string,
  journal: BatchJournal,
  tenantId: string,
): Promise<void> {
  const label = number ?? r.order.increment_id;
  if (!r.orderId) {
    journal.park(r.entry, 'pay', `Xero invoice ${label} is ${status}: approve it in Xero, then retry.`, tenantId);
    return;
  }
  const queued = await requireQueued(ctx, 'order', r.orderId, ORDER_PRIORITY, r.entry.attempts);
  if (queued) {
    journal.park(r.entry, 'pay', `Xero invoice ${label} is still ${status}: approve it in Xero (or sync the order again), then retry.`, tenantId);
  } else {
    journal.wait(r.entry, 'pay', `waiting for Xero invoice ${label} to be approved (order queued again)`, DEPENDENCY_DELAY_MS);
  }
}
