// The shared last mile of orders (posting mode "orders") and Magento invoices (mode "invoices"): payloads with their
// contact and items become Xero invoices exactly once, each link stored as soon as Xero accepts the document, then the
// gift card / store credit / reward point payments.
import type { XeroInvoice, XeroInvoicePayload } from '../../domain/xero.js';
import type { LockDates } from '../../mapping/cancel.js';
import type { InvoiceMapping } from '../../mapping/invoice.js';
import { contentHash } from '../../mapping/numbers.js';
import type { EntityLink } from '../../storage/entity-map-repository.js';
import type { QueueEntry } from '../../storage/queue-repository.js';
import type { XeroAccounting } from '../../xero/accounting.js';
import type { SyncContext } from '../context.js';
import type { BatchJournal } from '../record-log.js';
import { postInvoices, type InvoiceDraft } from './invoice-poster.js';
import { link, linksByKind } from './links.js';
import { postPrepayments } from './prepayments.js';
import { adjustmentNote, hasAdjustments, type Adjustments } from '../../mapping/adjustments.js';
import { ROUNDING_DESCRIPTION } from '../../mapping/rounding.js';

/** The account of the document's rounding line (the one the mapping added), for the log's words. */
function ctxRounding(payload: XeroInvoicePayload): string {
  return payload.LineItems.find((l) => l.Description === ROUNDING_DESCRIPTION)?.AccountCode ?? 'rounding';
}
import { withoutItemCodes, type Ready } from './prepare.js';

export type InvoicePost = Extract<InvoiceMapping, { kind: 'post' }>;

export interface PostedInvoice {
  invoice: XeroInvoice;
  action: 'create' | 'update' | 'adopt' | 'unchanged';
  payload: XeroInvoicePayload;
  notes: string[];
  /** Rounding line and tax moved, when this attempt wrote the document (create, update, adopt). */
  adjustments?: Adjustments | undefined;
}

/** The payload as sent: the contact by ContactID, and no ItemCode for items that are not in Xero. */
export function finalPayload(ready: Ready<InvoicePost>): XeroInvoicePayload {
  const invoice = ready.mapped.invoice;
  return { ...invoice, Contact: { ContactID: ready.contactId }, LineItems: withoutItemCodes(invoice.LineItems, ready.droppedCodes) };
}

/**
 * Posts the ready documents of one organisation. Refusals are parked in the journal; what comes back succeeded (the
 * caller finishes those entries, and may add more steps first).
 */
export async function postInvoiceDocuments(
  ctx: SyncContext,
  xero: XeroAccounting,
  entityType: 'order' | 'invoice',
  ready: ReadonlyArray<Ready<InvoicePost>>,
  lockDates: () => Promise<LockDates>,
  journal: BatchJournal,
  signal?: AbortSignal,
): Promise<Map<QueueEntry, PostedInvoice>> {
  const tenantId = xero.tenantId;
  const posted = new Map<QueueEntry, PostedInvoice>();
  if (ready.length === 0) return posted;
  const linked = await linksByKind(ctx.storage, entityType, ready.map((r) => r.entry.magento_id), tenantId);
  const drafts: Array<InvoiceDraft<Ready<InvoicePost>> & { payload: XeroInvoicePayload }> = ready.map((r) => {
    const link = linked('invoice', r.entry.magento_id);
    // A document keeps the number it was posted under: a store's new prefix is for new documents only (issue 14).
    const payload = link?.xero_number ? { ...finalPayload(r), InvoiceNumber: link.xero_number } : finalPayload(r);
    return { key: r, payload, hash: contentHash(payload), link, uncertain: r.entry.attempts > 1 };
  });
  const results = await postInvoices(xero, drafts, lockDates, signal);
  const now = () => ctx.clock.now();
  const newLinks: EntityLink[] = [];
  for (const d of drafts) {
    const result = results.get(d.key);
    const entry = d.key.entry;
    if (!result) continue;
    if (!result.ok) {
      journal.park(entry, result.action, result.message, tenantId);
      continue;
    }
    const number = result.invoice.InvoiceNumber ?? d.payload.InvoiceNumber;
    if (result.action !== 'unchanged') {
      newLinks.push(link(entityType, entry.magento_id, 'invoice', tenantId, { id: result.invoice.InvoiceID, number, hash: d.hash }, now(), d.key.order.store_id));
    }
    const notes = d.key.note ? [d.key.note] : [];
    const adjustments = { roundingCents: d.key.mapped.roundingCents, taxMovedCents: d.key.mapped.taxAdjustedCents };
    const written = result.action !== 'unchanged' && hasAdjustments(adjustments);
    if (written) notes.push(adjustmentNote(adjustments, d.payload.CurrencyCode, ctxRounding(d.payload))!);
    posted.set(entry, { invoice: result.invoice, action: result.action, payload: d.payload, notes, ...(written ? { adjustments } : {}) });
  }
  // Linked before anything else can fail: a retry then finds the invoice and never creates it twice.
  await ctx.storage.entityMap.put(newLinks);

  const withPrepayments = ready.filter((r) => r.mapped.prepayments.length > 0 && posted.has(r.entry));
  if (withPrepayments.length > 0) {
    const outcome = await postPrepayments(
      xero,
      withPrepayments.map((r) => {
        const p = posted.get(r.entry)!;
        return {
          entry: r.entry,
          entityType,
          invoice: p.invoice,
          status: p.invoice.Status ?? p.payload.Status,
          currencyRate: p.payload.CurrencyRate,
          plans: r.mapped.prepayments,
          linked: (kind) => linked(kind, r.entry.magento_id),
          uncertain: r.entry.attempts > 1 || p.action !== 'create',
        };
      }),
      now,
      signal,
    );
    await ctx.storage.entityMap.put(outcome.links);
    for (const [entry, message] of outcome.failed) {
      posted.delete(entry);
      journal.park(entry, 'prepayment', message, tenantId);
    }
    for (const entry of outcome.waiting) {
      posted.get(entry)?.notes.push('gift card / store credit payments are recorded once the invoice is approved');
    }
  }
  return posted;
}
