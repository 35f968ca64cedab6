import { magentoCreditMemoSchema, type MagentoCreditMemo } from '../../domain/magento.js';
import type { XeroCreditNote, XeroCreditNotePayload } from '../../domain/xero.js';
import { creditMemoToCreditNote, type CreditNoteMapping } from '../../mapping/credit-note.js';
import { contentHash } from '../../mapping/numbers.js';
import type { MappingSettings } from '../../mapping/settings.js';
import type { EntityLink } from '../../storage/entity-map-repository.js';
import type { QueueEntry } from '../../storage/queue-repository.js';
import { ContactWriter } from '../contact-writer.js';
import type { SyncContext } from '../context.js';
import { postCreditNotes, readCreditNotes, type CreditNoteDraft } from '../documents/credit-notes.js';
import { DEPENDENCY_DELAY_MS, ORDER_PRIORITY, requireLinks, requireQueued, type Need } from '../documents/dependencies.js';
import { link, linksByKind } from '../documents/links.js';
import type { WithOrder } from '../documents/orders-of.js';
import { withOrders } from '../documents/orders-of.js';
import { batchSettings, prepareDocuments, withoutItemCodes, type Ready } from '../documents/prepare.js';
import { settleCreditNotes } from '../documents/settlement.js';
import { adjustmentNote, hasAdjustments } from '../../mapping/adjustments.js';
import { ROUNDING_DESCRIPTION } from '../../mapping/rounding.js';
import { paymentsPending } from '../documents/payments-first.js';
import { CLAIM, type EntityHandler, type EntryOutcome } from '../handler.js';
import { BatchJournal } from '../record-log.js';
import { TaxMapper } from '../tax-mapper.js';
import { groupByTenant, loadRecords } from './load.js';
import { orderPostingMode } from '../../mapping/posting-mode.js';
import { collectForSummaries } from '../summary/collect.js';
import { byPostingMode } from '../summary/modes.js';

type CreditPost = Extract<CreditNoteMapping, { kind: 'post' }>;
type Item = WithOrder<MagentoCreditMemo>;

/**
 * Magento credit memos → Xero ACCRECCREDIT credit notes (50 per call, exactly once), then, one step at a time, the
 * allocation to the order's invoice and the refund of what went back to the customer (ACCOUNTING.md "Credit Memo").
 * Pass the customers handler's ContactWriter to share its directory of Xero contacts (guest contacts are created here
 * only when the order's own guest contact is missing).
 */
export function creditMemosHandler(ctx: SyncContext, contactWriter: ContactWriter = new ContactWriter()): EntityHandler {
  return {
    entityType: 'creditmemo',
    batchSize: CLAIM.creditmemo,
    async process(entries, signal): Promise<EntryOutcome[]> {
      const journal = new BatchJournal(() => ctx.clock.now());
      const settings = batchSettings(await ctx.settings());
      const loaded = await loadRecords(ctx, entries, 'creditmemo', magentoCreditMemoSchema, journal, signal);
      const records = await withOrders(ctx, loaded, journal, signal);
      const byTenant = await groupByTenant(
        ctx,
        records.map((r) => ({ entry: r.entry, record: r })),
        (r) => r.record.store_id ?? r.order.store_id,
        journal,
        (r) => [{ entity: 'creditmemo', id: String(r.record.entity_id) }, { entity: 'order', id: String(r.order.entity_id) }],
      );
      const taxMapper = new TaxMapper(ctx.storage, () => ctx.clock.now(), ctx.mayCreateTaxRate?.bind(ctx));
      for (const [tenantId, wrapped] of byTenant) {
        for (const g of await byPostingMode(ctx, tenantId, wrapped.map((w) => w.record), (i) => i.order, settings)) {
          if (g.mode === 'summary') {
            const docs = g.items.map((i) => ({ entry: i.entry, entity: 'creditmemo' as const, record: i.record, order: i.order }));
            await collectForSummaries(ctx, tenantId, docs, g.settings, taxMapper, journal, signal);
          } else {
            await processTenant(ctx, contactWriter, tenantId, g.items, g.settings, taxMapper, journal, signal);
          }
        }
      }
      await ctx.storage.log.add(journal.lines);
      return journal.results();
    },
  };
}

/** The Xero invoice a credit memo settles against: the order's (mode "orders") or the Magento invoice's own. */
function targetOf(item: Item, settings: MappingSettings): { entityType: 'order' | 'invoice'; id: string } | undefined {
  if (orderPostingMode(item.order, settings) === 'invoices') {
    return item.record.invoice_id != null ? { entityType: 'invoice', id: String(item.record.invoice_id) } : undefined;
  }
  return { entityType: 'order', id: String(item.record.order_id) };
}

async function processTenant(
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
  // The invoice to allocate to must be in Xero first (the order, or the Magento invoice, is queued ahead of us).
  const needs = new Map<QueueEntry, Need | undefined>();
  for (const entityType of ['order', 'invoice'] as const) {
    const items = group.filter((g) => targetOf(g, settings)?.entityType === entityType);
    const found = await requireLinks(
      ctx,
      tenantId,
      { entityType, kind: 'invoice', priority: ORDER_PRIORITY, label: entityType === 'order' ? 'order' : 'Magento invoice' },
      items.map((g) => ({
        id: targetOf(g, settings)!.id,
        attempts: g.entry.attempts,
        name: entityType === 'order' ? `order ${g.order.increment_id}` : `the Magento invoice of order ${g.order.increment_id}`,
      })),
    );
    for (const g of items) needs.set(g.entry, found.get(targetOf(g, settings)!.id));
  }
  const linkedTarget: Item[] = [];
  const unpaid = await paymentsPending(ctx, group.filter((g) => orderPostingMode(g.order, settings) === 'orders'), signal);
  for (const g of group) {
    const need = needs.get(g.entry);
    const payment = unpaid.get(g.entry);
    if (payment) journal.wait(g.entry, 'payment', payment.message, payment.delayMs ?? DEPENDENCY_DELAY_MS);
    else if (!need || need.ok) linkedTarget.push(g);
    else if (need.outcome === 'park') journal.park(g.entry, 'invoice', need.message, tenantId);
    else journal.wait(g.entry, 'invoice', need.message, need.delayMs);
  }

  const ready = await prepareDocuments<CreditPost>(ctx, {
    tenantId,
    settings,
    taxMapper,
    contactWriter,
    journal,
    docs: linkedTarget.map((g) => ({ entry: g.entry, order: g.order, map: (s) => creditMemoToCreditNote(g.record, g.order, s) })),
    ...(signal ? { signal } : {}),
  });
  if (ready.length === 0) return;

  const linked = await linksByKind(ctx.storage, 'creditmemo', ready.map((r) => r.entry.magento_id), tenantId);
  const drafts: Array<CreditNoteDraft<Ready<CreditPost>>> = ready.map((r) => {
    const id = r.entry.magento_id;
    const link = linked('creditnote', id);
    const payload: XeroCreditNotePayload = {
      ...r.mapped.creditNote,
      // A credit note keeps the number it was posted under: a store's new prefix is for new documents only (issue 14).
      ...(link?.xero_number ? { CreditNoteNumber: link.xero_number } : {}),
      Contact: { ContactID: r.contactId },
      LineItems: withoutItemCodes(r.mapped.creditNote.LineItems, r.droppedCodes),
    };
    return {
      key: r,
      payload,
      hash: contentHash(payload),
      link,
      settled: Boolean(linked('allocation', id) || linked('refund', id)),
      uncertain: r.entry.attempts > 1,
    };
  });
  const results = await postCreditNotes(xero, drafts, signal);
  const now = () => ctx.clock.now();
  const newLinks: EntityLink[] = [];
  const posted: Array<{ draft: (typeof drafts)[number]; creditNote: XeroCreditNote; action: string; notes: string[] }> = [];
  for (const d of drafts) {
    const result = results.get(d.key);
    if (!result) continue;
    if (!result.ok) {
      journal.park(d.key.entry, result.action, result.message, tenantId);
      continue;
    }
    const notes = d.key.note ? [d.key.note] : [];
    if (result.action === 'unchanged' && d.link && d.link.content_hash !== d.hash) {
      notes.push('the credit memo changed after its credit note was allocated or refunded in Xero; the credit note was not edited (record the difference as a new credit memo)');
    }
    if (result.action !== 'unchanged') {
      newLinks.push(
        link('creditmemo', d.key.entry.magento_id, 'creditnote', tenantId, {
          id: result.creditNote.CreditNoteID,
          number: result.creditNote.CreditNoteNumber ?? d.payload.CreditNoteNumber,
          hash: d.hash,
        }, now(), d.key.order.store_id),
      );
    }
    posted.push({ draft: d, creditNote: result.creditNote, action: result.action, notes });
  }
  // The credit note is linked before the next step, so a failure there never creates it twice.
  await ctx.storage.entityMap.put(newLinks);

  // An earlier attempt may have allocated or refunded without our knowing: read back every credit note that existed
  // before this batch and still misses a step (a new one cannot have any; an adopted one was just read).
  const unsure = posted.filter(
    (p) => (p.action === 'unchanged' || p.action === 'update') && (!linked('allocation', p.draft.key.entry.magento_id) || !linked('refund', p.draft.key.entry.magento_id)),
  );
  const readBack = await readCreditNotes(xero, unsure.map((p) => p.draft.payload.CreditNoteNumber), signal);
  const byEntry = new Map(group.map((g) => [g.entry, g]));
  const settlement = await settleCreditNotes(
    xero,
    posted.map((p) => {
      const entry = p.draft.key.entry;
      const target = targetOf(byEntry.get(entry)!, settings);
      const need = needs.get(entry);
      return {
        entry,
        creditNoteId: p.creditNote.CreditNoteID,
        creditNote: readBack.get(p.draft.payload.CreditNoteNumber) ?? (p.action === 'adopt' ? p.creditNote : undefined),
        invoiceId: target && need?.ok ? need.id : undefined,
        settlement: p.draft.key.mapped.settlement,
        linked: (kind) => linked(kind, entry.magento_id),
      };
    }),
    now,
    signal,
  );
  await ctx.storage.entityMap.put(settlement.links);
  for (const p of posted) {
    const entry = p.draft.key.entry;
    const failed = settlement.failed.get(entry);
    if (failed) {
      journal.park(entry, 'settle', failed, tenantId);
      continue;
    }
    const waiting = settlement.waiting.get(entry);
    const target = targetOf(byEntry.get(entry)!, settings);
    if (waiting && target) {
      const queued = await requireQueued(ctx, target.entityType, target.id, ORDER_PRIORITY, entry.attempts);
      if (queued) {
        journal.park(entry, 'settle', `Xero invoice ${waiting.number} is still ${waiting.status}, so the credit note cannot be allocated to it: approve it in Xero (or sync the order again), then retry.`, tenantId);
      } else {
        journal.wait(entry, 'settle', `waiting for Xero invoice ${waiting.number} to be approved before allocating (order queued again)`, DEPENDENCY_DELAY_MS);
      }
      continue;
    }
    const notes = [...p.notes, ...(settlement.notes.get(entry) ?? [])];
    const mapped = p.draft.key.mapped;
    const adjustments = { roundingCents: mapped.roundingCents, taxMovedCents: mapped.taxAdjustedCents };
    const written = p.action !== 'unchanged' && hasAdjustments(adjustments);
    if (written) {
      const account = p.draft.payload.LineItems.find((l) => l.Description === ROUNDING_DESCRIPTION)?.AccountCode ?? 'rounding';
      notes.push(adjustmentNote(adjustments, p.draft.payload.CurrencyCode, account)!);
    }
    journal.done(entry, p.action, {
      id: p.creditNote.CreditNoteID,
      number: p.creditNote.CreditNoteNumber ?? p.draft.payload.CreditNoteNumber,
      tenantId,
      ...(written ? { adjustments } : {}),
      ...(notes.length > 0 ? { message: notes.join('; ') } : {}),
    });
  }
}
