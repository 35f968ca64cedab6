// Canceled orders (and canceled Magento invoices in posting mode "invoices"): the Xero invoice is voided (approved, nothing paid) or deleted (draft or awaiting approval), or left
// alone with the reason when Xero's history is locked (invariant 4). An order never posted needs nothing.
import type { XeroInvoice, XeroInvoicePayload } from '../../domain/xero.js';
import { decideCancellation, type LockDates } from '../../mapping/cancel.js';
import { contentHash, idempotencyKey } from '../../mapping/numbers.js';
import type { EntityLink } from '../../storage/entity-map-repository.js';
import type { QueueEntry } from '../../storage/queue-repository.js';
import type { XeroAccounting } from '../../xero/accounting.js';
import type { BatchJournal } from '../record-log.js';
import { BATCH, readInvoices } from './invoice-poster.js';
import { link } from './links.js';

export interface CancelRequest {
  entry: QueueEntry;
  /** The record the invoice was posted for: an order, or a Magento invoice (posting mode "invoices"). */
  entityType?: 'order' | 'invoice';
  invoiceNumber: string;
  reason: string;
  link?: EntityLink | undefined;
}

/** The status change Xero needs: the invoice's id and its new status, nothing else. */
function statusChange(invoiceId: string, status: 'VOIDED' | 'DELETED'): XeroInvoicePayload {
  return { InvoiceID: invoiceId, Status: status } as unknown as XeroInvoicePayload;
}

/** Decides and applies cancellations; writes each outcome to the journal and returns the links to store. */
export async function cancelInvoices(
  xero: XeroAccounting,
  requests: readonly CancelRequest[],
  lockDates: () => Promise<LockDates>,
  journal: BatchJournal,
  now: () => number,
  signal?: AbortSignal,
): Promise<EntityLink[]> {
  const tenantId = xero.tenantId;
  const linked = requests.filter((r) => r.link);
  // Without a link, look the number up (one call) only when an earlier attempt may have posted it and lost the answer
  // (the queue keeps a failed entry's attempts when the record is queued again); otherwise it was never posted.
  const lookup = requests.filter((r) => !r.link && r.entry.attempts > 1);
  if (requests.length === 0) return [];

  const byId = new Map((await readInvoices(xero, 'ids', linked.map((r) => r.link!.xero_id), signal)).map((i) => [i.InvoiceID, i]));
  const byNumber = new Map<string, XeroInvoice>();
  for (const inv of await readInvoices(xero, 'invoiceNumbers', lookup.map((r) => r.invoiceNumber), signal)) {
    if (inv.InvoiceNumber && (inv.Type ?? 'ACCREC') === 'ACCREC') byNumber.set(inv.InvoiceNumber, inv);
  }
  const found = (r: CancelRequest) => (r.link ? byId.get(r.link.xero_id) : byNumber.get(r.invoiceNumber));
  const lock = requests.some(found) ? await lockDates() : {};
  const changes: Array<{ request: CancelRequest; invoice: XeroInvoice; status: 'VOIDED' | 'DELETED' }> = [];
  for (const r of requests) {
    const invoice = found(r);
    const decision = decideCancellation(invoice, lock);
    if (decision.action === 'none') journal.done(r.entry, 'skip', { message: `${r.reason} ${decision.reason}`, tenantId });
    else if (decision.action === 'blocked') journal.park(r.entry, 'cancel', `${decision.reason} ${decision.remedy}`, tenantId);
    else changes.push({ request: r, invoice: invoice!, status: decision.status });
  }

  const links: EntityLink[] = [];
  for (let i = 0; i < changes.length; i += BATCH) {
    const chunk = changes.slice(i, i + BATCH);
    const payloads = chunk.map((c) => statusChange(c.invoice.InvoiceID, c.status));
    const key = idempotencyKey('invoices-cancel', `${tenantId}:${chunk.map((c) => c.request.invoiceNumber).join(',')}`, contentHash(payloads));
    const answers = await xero.postInvoices(payloads, { idempotencyKey: key, ...(signal ? { signal } : {}) });
    answers.forEach((answer, index) => {
      const { request, invoice, status } = chunk[index]!;
      const action = status === 'VOIDED' ? 'void' : 'delete';
      if (!answer.ok) {
        journal.park(request.entry, action, answer.messages.join(' '), tenantId);
        return;
      }
      const number = invoice.InvoiceNumber ?? request.invoiceNumber;
      links.push(link(request.entityType ?? 'order', request.entry.magento_id, 'invoice', tenantId, { id: invoice.InvoiceID, number, hash: `canceled:${status}` }, now()));
      journal.done(request.entry, action, { id: invoice.InvoiceID, number, tenantId, message: request.reason });
    });
  }
  return links;
}
