// Payments recorded in Xero flowing back to Magento ("xeropayment" work, one entry per order): Xero's copy of the
// order's invoice is read (50 a call); paid in full, the order is invoiced in Magento once (offline capture) and that
// Magento invoice is linked as already paid in Xero, so it never goes back to Xero as a second payment; part paid, the
// amount is kept on the order's row and in the log, and nothing is invoiced until the rest arrives.
import { isMappingError } from '../../domain/errors.js';
import { magentoOrderSchema, type MagentoOrder } from '../../domain/magento.js';
import type { XeroInvoice } from '../../domain/xero.js';
import { formatMinor } from '../../domain/money.js';
import { decidePaymentImport, isInvoicedInMagento } from '../../mapping/payment-import.js';
import type { EntityLink } from '../../storage/entity-map-repository.js';
import type { SyncContext } from '../context.js';
import { readInvoices } from '../documents/invoice-poster.js';
import { link, linksByKind } from '../documents/links.js';
import { CLAIM, type EntityHandler, type EntryOutcome } from '../handler.js';
import { BatchJournal } from '../record-log.js';
import { MAGENTO_INVOICE, XERO_PAID } from '../payment-import/queue.js';
import { groupByTenant, loadRecords, type Loaded } from './load.js';

type Kind = typeof XERO_PAID | typeof MAGENTO_INVOICE;

export function xeroPaymentsHandler(ctx: SyncContext): EntityHandler {
  return {
    entityType: 'xeropayment',
    batchSize: CLAIM.xeropayment,
    async process(entries, signal): Promise<EntryOutcome[]> {
      const journal = new BatchJournal(() => ctx.clock.now());
      const settings = await ctx.settings();
      // Always Magento's current order (never a queued copy): whether it is invoiced already is what keeps it once.
      const fresh = entries.map((e) => ({ ...e, payload_json: null }));
      const records = await loadRecords(ctx, fresh, 'order', magentoOrderSchema, journal, signal);
      const byTenant = await groupByTenant(ctx, records, (o) => o.store_id, journal, (o) => [{ entity: 'order', id: String(o.entity_id) }]);
      for (const [tenantId, group] of byTenant) {
        await processTenant(ctx, tenantId, group, settings, journal, signal);
      }
      await ctx.storage.log.add(journal.lines);
      // Outcomes are keyed by the entries given (the copies share their ids).
      return journal.results();
    },
  };
}

async function processTenant(
  ctx: SyncContext,
  tenantId: string,
  group: ReadonlyArray<Loaded<MagentoOrder>>,
  settings: Awaited<ReturnType<SyncContext['settings']>>,
  journal: BatchJournal,
  signal?: AbortSignal,
): Promise<void> {
  const ids = group.map((g) => g.entry.magento_id);
  const linked = await linksByKind(ctx.storage, 'order', ids, tenantId);
  const withInvoice = group.filter((g) => {
    if (linked('invoice', g.entry.magento_id)) return true;
    journal.done(g.entry, 'skip', { tenantId, message: `Order ${g.record.increment_id} is not in Xero; nothing to import.` });
    return false;
  });
  const invoices = new Map(
    (await readInvoices(ctx.xero(tenantId), 'ids', withInvoice.map((g) => linked('invoice', g.entry.magento_id)!.xero_id), signal)).map((i) => [i.InvoiceID, i]),
  );
  const now = () => ctx.clock.now();
  const links: EntityLink[] = [];
  const keep = (orderId: string, kind: Kind, xero: { id: string; number?: string | null; hash?: string | null }) => links.push(link('order', orderId, kind, tenantId, xero, now()));

  for (const { entry, record: order } of withInvoice) {
    const orderId = entry.magento_id;
    const invoiceLink = linked('invoice', orderId)!;
    const invoice = invoices.get(invoiceLink.xero_id);
    if (!invoice) {
      journal.park(entry, 'read', `Xero invoice ${invoiceLink.xero_number ?? invoiceLink.xero_id} of order ${order.increment_id} is no longer in Xero.`, tenantId);
      continue;
    }
    let decision;
    try {
      decision = decidePaymentImport(order, invoice, settings);
    } catch (error) {
      if (isMappingError(error)) {
        journal.park(entry, 'map', error.message, tenantId);
        continue;
      }
      throw error;
    }
    const seen = (paidCents: number) => keep(orderId, XERO_PAID, { id: invoice.InvoiceID, number: `${formatMinor(paidCents)} of ${formatMinor(Math.round((invoice.Total ?? 0) * 100))} ${invoice.CurrencyCode ?? ''}`.trim(), hash: `paid:${paidCents}` });
    switch (decision.kind) {
      case 'off':
      case 'unpaid':
        journal.done(entry, 'skip', { tenantId, message: decision.reason });
        break;
      case 'part':
        seen(decision.paidCents);
        journal.done(entry, 'part-paid', { tenantId, id: invoice.InvoiceID, number: invoice.InvoiceNumber ?? null, message: decision.reason });
        break;
      case 'blocked':
        seen(Math.round((invoice.AmountPaid ?? 0) * 100));
        journal.park(entry, 'invoice-in-magento', decision.reason, tenantId);
        break;
      case 'invoiced': {
        seen(Math.round((invoice.AmountPaid ?? 0) * 100));
        const adopted = linked(MAGENTO_INVOICE, orderId) ? undefined : await adoptMagentoInvoice(ctx, order, invoice, tenantId, links, signal);
        journal.done(entry, adopted ? 'adopt' : 'unchanged', {
          tenantId,
          ...(adopted ? { id: adopted.id, number: adopted.number } : {}),
          message: adopted ? `${decision.reason} Its Magento invoice ${adopted.number} is linked to the payment in Xero.` : decision.reason,
        });
        break;
      }
      case 'paid': {
        seen(decision.paidCents);
        if (!ctx.magentoInvoicer) throw new Error('Magento is not configured: set MAGENTO_BASE_URL and its credentials');
        let magentoInvoiceId: number;
        try {
          magentoInvoiceId = await ctx.magentoInvoicer.invoiceOrder(order.entity_id, { capture: false, notify: false, comment: decision.comment }, signal ? { signal } : {});
        } catch (error) {
          const status = (error as { status?: unknown }).status;
          if (status !== 400) throw error;
          // Refused: invoiced meanwhile (by hand, or by an attempt whose answer was lost)? Then adopt it; else say why.
          const again = await ctx.magento.fetch('order', [orderId], signal);
          const parsed = magentoOrderSchema.safeParse(again.get(orderId));
          if (parsed.success && isInvoicedInMagento(parsed.data)) {
            const adopted = await adoptMagentoInvoice(ctx, parsed.data, invoice, tenantId, links, signal);
            journal.done(entry, 'adopt', { tenantId, ...(adopted ? { id: adopted.id, number: adopted.number } : {}), message: `${decision.reason} Magento had invoiced it already.` });
          } else {
            journal.park(entry, 'invoice-in-magento', `${decision.reason} Magento refused to invoice it: ${(error as Error).message}`, tenantId);
          }
          break;
        }
        linkImported(ctx, tenantId, orderId, String(magentoInvoiceId), undefined, invoice, links);
        journal.done(entry, 'invoice-in-magento', {
          tenantId,
          id: String(magentoInvoiceId),
          message: `${decision.reason} Invoiced in Magento (invoice id ${magentoInvoiceId}, offline capture); no payment goes back to Xero for it.`,
        });
        break;
      }
    }
  }
  await ctx.storage.entityMap.put(links);
}

/**
 * The Magento invoice of an order paid in Xero: linked on the order, and linked as the Magento invoice's own payment (the
 * Xero payment that paid it), so the invoices handler finds it "unchanged" and never records a second payment in Xero.
 */
function linkImported(
  ctx: SyncContext,
  tenantId: string,
  orderId: string,
  magentoInvoiceId: string,
  magentoInvoiceNumber: string | undefined,
  invoice: XeroInvoice,
  links: EntityLink[],
): void {
  const now = ctx.clock.now();
  links.push(link('order', orderId, MAGENTO_INVOICE, tenantId, { id: magentoInvoiceId, number: magentoInvoiceNumber ?? null }, now));
  const payment = invoice.Payments?.find((p) => p.PaymentID)?.PaymentID ?? invoice.InvoiceID;
  links.push(link('invoice', magentoInvoiceId, 'payment', tenantId, { id: payment, number: `paid in Xero (${invoice.InvoiceNumber ?? invoice.InvoiceID})`, hash: 'imported-from-xero' }, now));
}

async function adoptMagentoInvoice(
  ctx: SyncContext,
  order: MagentoOrder,
  invoice: XeroInvoice,
  tenantId: string,
  links: EntityLink[],
  signal?: AbortSignal,
): Promise<{ id: string; number: string } | undefined> {
  const related = ctx.magento.related;
  if (!related) return undefined;
  const found = (await related.call(ctx.magento, 'invoice', 'order_id', [String(order.entity_id)], signal))
    .filter((i) => Number(i['state'] ?? 2) !== 3)
    .sort((a, b) => Number(b['entity_id']) - Number(a['entity_id']))[0];
  if (!found) return undefined;
  const id = String(found['entity_id']);
  const number = String(found['increment_id'] ?? id);
  // An invoice made in Magento by hand may already be paid in Xero by the invoices handler (another method mapping):
  // only link the payment when none is linked yet.
  const existing = await ctx.storage.entityMap.get({ store_id: 0, entity_type: 'invoice', magento_id: id, xero_kind: 'payment' });
  if (existing) {
    links.push(link('order', String(order.entity_id), MAGENTO_INVOICE, tenantId, { id, number }, ctx.clock.now()));
  } else {
    linkImported(ctx, tenantId, String(order.entity_id), id, number, invoice, links);
  }
  return { id, number };
}
