import { isMappingError } from '../../domain/errors.js';
import { magentoOrderSchema, type MagentoOrder } from '../../domain/magento.js';
import { awaitsPaymentInXero, orderToInvoice, statusForOrder } from '../../mapping/invoice.js';
import type { ContactWriter } from '../contact-writer.js';
import type { SyncContext } from '../context.js';
import { cancelInvoices, type CancelRequest } from '../documents/cancellations.js';
import { settleCanceledParts } from '../documents/canceled-parts.js';
import { postInvoiceDocuments, type InvoicePost } from '../documents/invoice-documents.js';
import { lockDatesOf } from '../documents/invoice-poster.js';
import { link, linksOf } from '../documents/links.js';
import { AWAITING_PAYMENT } from '../payment-import/queue.js';
import { batchSettings, prepareDocuments } from '../documents/prepare.js';
import { CLAIM, type EntityHandler, type EntryOutcome } from '../handler.js';
import { BatchJournal } from '../record-log.js';
import { TaxMapper } from '../tax-mapper.js';
import { groupByTenant, loadRecords, type Loaded } from './load.js';
import { summarisedReason } from '../../mapping/posting-mode.js';
import { byPostingMode } from '../summary/modes.js';

/**
 * Magento orders → Xero ACCREC invoices (posting mode "orders"; ACCOUNTING.md "Order → Invoice"), 50 per call, exactly
 * once. Customers and items are posted first; canceled orders void or delete their invoice; held orders wait.
 */
export function ordersHandler(ctx: SyncContext, contactWriter: ContactWriter): EntityHandler {
  return {
    entityType: 'order',
    batchSize: CLAIM.order,
    async process(entries, signal): Promise<EntryOutcome[]> {
      const journal = new BatchJournal(() => ctx.clock.now());
      const settings = batchSettings(await ctx.settings());
      const records = await loadRecords(ctx, entries, 'order', magentoOrderSchema, journal, signal);
      const byTenant = await groupByTenant(ctx, records, (o) => o.store_id, journal, (o) => [{ entity: 'order', id: String(o.entity_id) }]);
      const taxMapper = new TaxMapper(ctx.storage, () => ctx.clock.now(), ctx.mayCreateTaxRate?.bind(ctx));
      for (const [tenantId, group] of byTenant) {
        // Per order: its store's mode on the order's day, unless the order was already posted the other way.
        for (const g of await byPostingMode(ctx, tenantId, group, (i) => i.record, settings)) {
          if (g.mode === 'orders') {
            await processTenant(ctx, contactWriter, tenantId, g.items, g.settings, taxMapper, journal, signal);
            continue;
          }
          for (const { entry, record } of g.items) {
            const reason =
              g.mode === 'invoices'
                ? 'Posting mode is "invoices": Magento invoices, not orders, become Xero invoices.'
                : summarisedReason('The sale', record);
            journal.done(entry, 'skip', { message: reason, tenantId });
          }
        }
      }
      await ctx.storage.log.add(journal.lines);
      return journal.results();
    },
  };
}

async function processTenant(
  ctx: SyncContext,
  contactWriter: ContactWriter,
  tenantId: string,
  group: ReadonlyArray<Loaded<MagentoOrder>>,
  settings: ReturnType<typeof batchSettings>,
  taxMapper: TaxMapper,
  journal: BatchJournal,
  signal?: AbortSignal,
): Promise<void> {
  const xero = ctx.xero(tenantId);
  const lockDates = lockDatesOf(xero, signal);
  const links = await linksOf(ctx.storage, 'order', 'invoice', group.map((g) => g.entry.magento_id), tenantId);
  const cancels: CancelRequest[] = [];
  const toPost: Array<Loaded<MagentoOrder>> = [];
  for (const item of group) {
    const { entry, record: order } = item;
    const status = statusForOrder(order, settings);
    if (status.kind === 'skip') {
      journal.done(entry, 'skip', { message: status.reason, tenantId });
    } else if (status.kind === 'cancel') {
      try {
        const mapped = orderToInvoice(order, settings);
        if (mapped.kind === 'cancel') cancels.push({ entry, invoiceNumber: mapped.invoiceNumber, reason: mapped.reason, link: links.get(entry.magento_id) });
        else if (mapped.kind === 'skip') journal.done(entry, 'skip', { message: mapped.reason, tenantId });
      } catch (error) {
        if (isMappingError(error)) journal.park(entry, 'map', error.message, tenantId);
        else throw error;
      }
    } else {
      toPost.push(item);
    }
  }
  await ctx.storage.entityMap.put(await cancelInvoices(xero, cancels, lockDates, journal, () => ctx.clock.now(), signal));

  const ready = await prepareDocuments<InvoicePost>(ctx, {
    tenantId,
    settings,
    taxMapper,
    contactWriter,
    journal,
    docs: toPost.map(({ entry, record }) => ({
      entry,
      order: record,
      map: (s) => {
        const mapped = orderToInvoice(record, s);
        return mapped.kind === 'cancel' ? { kind: 'skip' as const, reason: mapped.reason } : mapped;
      },
    })),
    ...(signal ? { signal } : {}),
  });
  // Orders canceled in part whose invoice Xero no longer lets us amend get a credit note for the canceled part instead.
  const toSend = await settleCanceledParts(ctx, xero, ready, lockDates, journal, signal);
  const posted = await postInvoiceDocuments(ctx, xero, 'order', toSend, lockDates, journal, signal);
  // Orders whose payment is recorded in Xero and flows back to Magento are marked, so that a change Xero reports (a
  // webhook, a poll) looks at those orders only.
  const byEntry = new Map(toPost.map((t) => [t.entry, t.record]));
  const awaiting = [...posted].filter(([entry]) => awaitsPaymentInXero(byEntry.get(entry)!, settings));
  await ctx.storage.entityMap.put(
    awaiting.map(([entry, p]) => link('order', entry.magento_id, AWAITING_PAYMENT, tenantId, { id: p.invoice.InvoiceID, number: p.invoice.InvoiceNumber ?? null }, ctx.clock.now())),
  );
  for (const [entry, p] of posted) {
    journal.done(entry, p.action, {
      id: p.invoice.InvoiceID,
      number: p.invoice.InvoiceNumber ?? p.payload.InvoiceNumber,
      tenantId,
      adjustments: p.adjustments,
      ...(p.notes.length > 0 ? { message: p.notes.join('; ') } : {}),
    });
  }
}
