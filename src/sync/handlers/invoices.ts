import { magentoInvoiceSchema, type MagentoInvoice } from '../../domain/magento.js';
import { isMappingError } from '../../domain/errors.js';
import { magentoInvoiceToInvoice } from '../../mapping/invoice.js';
import { invoiceNumber } from '../../mapping/numbers.js';
import { storeContext, type MappingSettings } from '../../mapping/settings.js';
import { ContactWriter } from '../contact-writer.js';
import type { SyncContext } from '../context.js';
import { cancelInvoices, type CancelRequest } from '../documents/cancellations.js';
import { ORDER_PRIORITY, requireLinks } from '../documents/dependencies.js';
import { postInvoiceDocuments, type InvoicePost } from '../documents/invoice-documents.js';
import { payInvoices, type PaymentRequest } from '../documents/invoice-payments.js';
import { lockDatesOf } from '../documents/invoice-poster.js';
import { linksOf } from '../documents/links.js';
import { withOrders, type WithOrder } from '../documents/orders-of.js';
import { batchSettings, prepareDocuments } from '../documents/prepare.js';
import { CLAIM, type EntityHandler, type EntryOutcome } from '../handler.js';
import { BatchJournal } from '../record-log.js';
import { TaxMapper } from '../tax-mapper.js';
import { groupByTenant, loadRecords } from './load.js';
import { collectForSummaries } from '../summary/collect.js';
import { byPostingMode } from '../summary/modes.js';

/**
 * Magento invoices. Posting mode "orders": a Payment on the order's Xero invoice (the order is posted first). Mode
 * "invoices": the Magento invoice becomes its own Xero invoice (same exactly-once rules as orders), then its payment.
 * The contact writer (share the customers handler's) is only used in mode "invoices", for contacts and guest contacts.
 */
export function invoicesHandler(ctx: SyncContext, contactWriter: ContactWriter = new ContactWriter()): EntityHandler {
  return {
    entityType: 'invoice',
    batchSize: CLAIM.invoice,
    async process(entries, signal): Promise<EntryOutcome[]> {
      const journal = new BatchJournal(() => ctx.clock.now());
      const settings = batchSettings(await ctx.settings());
      const loaded = await loadRecords(ctx, entries, 'invoice', magentoInvoiceSchema, journal, signal);
      const records = await withOrders(ctx, loaded, journal, signal);
      const byTenant = await groupByTenant(
        ctx,
        records.map((r) => ({ entry: r.entry, record: r })),
        (r) => r.record.store_id ?? r.order.store_id,
        journal,
        (r) => [{ entity: 'invoice', id: String(r.record.entity_id) }, { entity: 'order', id: String(r.order.entity_id) }],
      );
      const taxMapper = new TaxMapper(ctx.storage, () => ctx.clock.now(), ctx.mayCreateTaxRate?.bind(ctx));
      for (const [tenantId, wrapped] of byTenant) {
        // Each order's mode (per order, per Magento invoice, or the store's daily summary) decides what its invoices become.
        for (const g of await byPostingMode(ctx, tenantId, wrapped.map((w) => w.record), (i) => i.order, settings)) {
          if (g.mode === 'summary') {
            const docs = g.items.map((i) => ({ entry: i.entry, entity: 'invoice' as const, record: i.record, order: i.order }));
            await collectForSummaries(ctx, tenantId, docs, g.settings, taxMapper, journal, signal);
          } else if (g.mode === 'invoices') {
            await asInvoices(ctx, contactWriter, tenantId, g.items, g.settings, taxMapper, journal, signal);
          } else {
            await asPayments(ctx, tenantId, g.items, g.settings, journal, signal);
          }
        }
      }
      await ctx.storage.log.add(journal.lines);
      return journal.results();
    },
  };
}

type Item = WithOrder<MagentoInvoice> & { record: MagentoInvoice };

async function asPayments(
  ctx: SyncContext,
  tenantId: string,
  group: readonly Item[],
  settings: MappingSettings,
  journal: BatchJournal,
  signal?: AbortSignal,
): Promise<void> {
  const needs = await requireLinks(
    ctx,
    tenantId,
    { entityType: 'order', kind: 'invoice', priority: ORDER_PRIORITY, label: 'order' },
    group.map((g) => ({ id: String(g.record.order_id), attempts: g.entry.attempts, name: `order ${g.order.increment_id}` })),
  );
  const requests: PaymentRequest[] = [];
  for (const g of group) {
    const need = needs.get(String(g.record.order_id))!;
    if (need.ok) requests.push({ entry: g.entry, invoice: g.record, order: g.order, xeroInvoiceId: need.id, orderId: String(g.record.order_id) });
    else if (need.outcome === 'park') journal.park(g.entry, 'order', need.message, tenantId);
    else journal.wait(g.entry, 'order', need.message, need.delayMs);
  }
  const steps = await payInvoices(ctx, ctx.xero(tenantId), requests, settings, journal, signal);
  for (const r of requests) {
    const step = steps.get(r.entry);
    if (!step) continue;
    if (step.kind === 'skip') journal.done(r.entry, 'skip', { message: step.reason, tenantId });
    else journal.done(r.entry, step.action, { id: step.paymentId, number: r.invoice.increment_id, tenantId });
  }
}

async function asInvoices(
  ctx: SyncContext,
  contactWriter: ContactWriter,
  tenantId: string,
  group: readonly Item[],
  settings: MappingSettings,
  taxMapper: TaxMapper,
  journal: BatchJournal,
  signal?: AbortSignal,
): Promise<void> {
  const xero = ctx.xero(tenantId);
  const lockDates = lockDatesOf(xero, signal);
  // A canceled Magento invoice voids (or deletes) the Xero invoice it became, under the same rules as a canceled order.
  const canceled = group.filter((g) => g.record.state === 3);
  const links = await linksOf(ctx.storage, 'invoice', 'invoice', canceled.map((g) => g.entry.magento_id), tenantId);
  const cancels: CancelRequest[] = [];
  for (const g of canceled) {
    try {
      const prefix = storeContext(settings, g.record.store_id ?? g.order.store_id, { entity: 'invoice', id: g.record.increment_id }).invoicePrefix;
      cancels.push({
        entry: g.entry,
        entityType: 'invoice',
        invoiceNumber: invoiceNumber(prefix, g.record.increment_id),
        reason: `Magento invoice ${g.record.increment_id} was canceled.`,
        link: links.get(g.entry.magento_id),
      });
    } catch (error) {
      if (isMappingError(error)) journal.park(g.entry, 'map', error.message, tenantId);
      else throw error;
    }
  }
  await ctx.storage.entityMap.put(await cancelInvoices(xero, cancels, lockDates, journal, () => ctx.clock.now(), signal));

  const ready = await prepareDocuments<InvoicePost>(ctx, {
    tenantId,
    settings,
    taxMapper,
    contactWriter,
    journal,
    docs: group.filter((g) => g.record.state !== 3).map((g) => ({
      entry: g.entry,
      order: g.order,
      map: (s) => {
        const mapped = magentoInvoiceToInvoice(g.record, g.order, s);
        return mapped.kind === 'cancel' ? { kind: 'skip' as const, reason: mapped.reason } : mapped;
      },
    })),
    ...(signal ? { signal } : {}),
  });
  const posted = await postInvoiceDocuments(ctx, xero, 'invoice', ready, lockDates, journal, signal);
  const byEntry = new Map(group.map((g) => [g.entry, g]));
  const requests: PaymentRequest[] = [...posted].map(([entry, p]) => {
    const g = byEntry.get(entry)!;
    return { entry, invoice: g.record, order: g.order, xeroInvoiceId: p.invoice.InvoiceID, fresh: p.action === 'create' };
  });
  const steps = await payInvoices(ctx, xero, requests, settings, journal, signal);
  for (const [entry, p] of posted) {
    const step = steps.get(entry);
    if (!step) continue;
    const notes = [...p.notes, ...(step.kind === 'skip' ? [step.reason] : step.action === 'pay' ? ['payment recorded'] : [])];
    journal.done(entry, p.action, {
      id: p.invoice.InvoiceID,
      number: p.invoice.InvoiceNumber ?? p.payload.InvoiceNumber,
      tenantId,
      adjustments: p.adjustments,
      ...(notes.length > 0 ? { message: notes.join('; ') } : {}),
    });
  }
}
