// Magento invoices and credit memos of orders posted as daily summaries: each is mapped by the per-document mapping as
// usual (tax rates mapped automatically where allowed), reduced to what it adds to its store's day, and recorded against
// that day, or against today when its own day is already being posted. The day's summary is queued for when it closes.
import { isMappingError } from '../../domain/errors.js';
import type { MagentoCreditMemo, MagentoInvoice, MagentoOrder } from '../../domain/magento.js';
import { creditMemoToCreditNote } from '../../mapping/credit-note.js';
import { localDate } from '../../mapping/document-common.js';
import { magentoInvoiceToInvoice } from '../../mapping/invoice.js';
import { contentHash } from '../../mapping/numbers.js';
import { magentoInvoiceToPayment } from '../../mapping/payment.js';
import { withPostingMode } from '../../mapping/posting-mode.js';
import { storeContext, type MappingSettings } from '../../mapping/settings.js';
import {
  dayClosesAt,
  emptyContribution,
  isEmptyContribution,
  refundContribution,
  saleContribution,
  storeToday,
  subtractContributions,
  summaryCreditNoteNumber,
  summaryInvoiceNumber,
  type Contribution,
} from '../../mapping/summary/index.js';
import { readSettings } from '../../settings/service.js';
import type { QueueItem } from '../../storage/queue-repository.js';
import type { QueueEntry } from '../../storage/queue-repository.js';
import { MAGENTO_SCOPE, type SyncContext } from '../context.js';
import { mapWithTax } from '../documents/prepare.js';
import type { BatchJournal } from '../record-log.js';
import type { TaxMapper } from '../tax-mapper.js';
import { summaryWorkId } from '../work-types.js';

export type SummaryDocument =
  | { entry: QueueEntry; entity: 'invoice'; record: MagentoInvoice; order: MagentoOrder }
  | { entry: QueueEntry; entity: 'creditmemo'; record: MagentoCreditMemo; order: MagentoOrder };

/** Summaries are worked after the documents of their day: a little behind the records that feed them. */
export const SUMMARY_PRIORITY = 10;

/** What a document adds, given what it already added to days that are closed: the difference, or nothing. */
export function additionOf(contribution: Contribution): (previous: readonly unknown[]) => Contribution | undefined {
  return (previous) => {
    const rest = previous.reduce<Contribution>((acc, p) => subtractContributions(acc, p as Contribution), contribution);
    return isEmptyContribution(rest) ? undefined : rest;
  };
}

function contributionOf(doc: SummaryDocument, settings: MappingSettings, storeId: number): Contribution {
  const method = doc.order.payment?.method ?? '';
  if (doc.entity === 'invoice') {
    const mapped = magentoInvoiceToInvoice(doc.record, doc.order, withPostingMode(settings, storeId, 'invoices'));
    if (mapped.kind !== 'post') return emptyContribution('sale', (doc.record.order_currency_code ?? doc.order.order_currency_code ?? '').toUpperCase());
    const payment = magentoInvoiceToPayment(doc.record, doc.order, withPostingMode(settings, storeId, 'orders'), 'daily-summary');
    return saleContribution(mapped, payment, method);
  }
  const mapped = creditMemoToCreditNote(doc.record, doc.order, withPostingMode(settings, storeId, 'orders'));
  if (mapped.kind !== 'post') return emptyContribution('refund', (doc.record.order_currency_code ?? doc.order.order_currency_code ?? '').toUpperCase());
  return refundContribution(mapped, method);
}

/** Records each document against its day (parking what cannot be mapped) and queues the days for when they close. */
export async function collectForSummaries(
  ctx: SyncContext,
  tenantId: string,
  docs: readonly SummaryDocument[],
  settings: MappingSettings,
  taxMapper: TaxMapper,
  journal: BatchJournal,
  signal?: AbortSignal,
): Promise<void> {
  if (docs.length === 0) return;
  const { closeHour } = (await readSettings(ctx.storage.settings)).summary;
  const days = new Map<string, QueueItem>();
  for (const doc of docs) {
    const storeId = doc.record.store_id ?? doc.order.store_id ?? 0;
    const label = doc.entity === 'invoice' ? `Magento invoice ${doc.record.increment_id}` : `Credit memo ${doc.record.increment_id}`;
    let contribution: Contribution;
    let store;
    try {
      store = storeContext(settings, storeId, { entity: doc.entity === 'invoice' ? 'invoice' : 'credit memo', id: doc.record.increment_id });
      contribution = await mapWithTax(ctx, tenantId, taxMapper, settings, doc.order, (s) => contributionOf(doc, s, storeId), signal);
    } catch (error) {
      if (isMappingError(error)) {
        journal.park(doc.entry, 'map', error.message, tenantId);
        continue;
      }
      throw error;
    }
    const now = ctx.clock.now();
    const documentDay = localDate(doc.record.created_at, store);
    const outcome = await ctx.storage.summaries.record({
      storeId,
      entityType: doc.entity,
      magentoId: String(doc.record.entity_id),
      orderId: String(doc.order.entity_id),
      incrementId: doc.record.increment_id,
      orderIncrementId: doc.order.increment_id,
      documentDay,
      today: storeToday(now, store.timezone),
      currency: contribution.currency,
      hash: contentHash(contribution),
      addition: additionOf(contribution),
      now,
    });
    if (outcome.outcome === 'unchanged') {
      journal.done(doc.entry, 'unchanged', { tenantId, message: `${label} is in a daily summary already, unchanged.` });
      continue;
    }
    const day = outcome.day;
    const number =
      doc.entity === 'invoice' ? summaryInvoiceNumber(store, day, contribution.currency || store.baseCurrency) : summaryCreditNoteNumber(store, day, contribution.currency || store.baseCurrency);
    days.set(summaryWorkId(storeId, day), {
      store_id: MAGENTO_SCOPE,
      entity_type: 'summary',
      magento_id: summaryWorkId(storeId, day),
      tenant_id: tenantId,
      priority: SUMMARY_PRIORITY,
      dueAt: dayClosesAt(day, closeHour, store.timezone),
    });
    const message =
      outcome.outcome === 'removed'
        ? `${label} no longer adds anything: taken out of the daily summary of ${day} (not posted yet).`
        : outcome.outcome === 'added' && outcome.late
          ? outcome.revision > 1
            ? `${label} changed after its daily summary was posted: the change goes into the daily summary of ${day}, the day it happened.`
            : `${label} (dated ${documentDay}) came after the daily summary of ${documentDay} was posted: it goes into the daily summary of ${day}.`
          : `${label} is in the daily summary of ${day}, posted once the day closes.`;
    journal.done(doc.entry, 'summarise', { tenantId, number, message });
  }
  if (days.size > 0) await ctx.storage.queue.enqueue([...days.values()], ctx.clock.now());
}
