import { isMappingError } from '../../domain/errors.js';
import { magentoProductSchema } from '../../domain/magento.js';
import type { XeroItemPayload } from '../../domain/xero.js';
import { productToItem } from '../../mapping/item.js';
import { contentHash, idempotencyKey } from '../../mapping/numbers.js';
import type { EntityLink } from '../../storage/entity-map-repository.js';
import type { QueueEntry } from '../../storage/queue-repository.js';
import type { SyncContext } from '../context.js';
import { CLAIM, type EntityHandler, type EntryOutcome } from '../handler.js';
import { BatchJournal } from '../record-log.js';
import { groupByTenant, loadRecords, tenantsOfStores } from './load.js';

/**
 * Magento products (queued by SKU) → Xero items. Items are written with POST, which Xero treats as create-or-update by
 * Code, so a retry or an item that already exists in Xero can never give a duplicate; 100 items per call.
 */
export function productsHandler(ctx: SyncContext): EntityHandler {
  return {
    entityType: 'product',
    batchSize: CLAIM.product,
    async process(entries, signal): Promise<EntryOutcome[]> {
      const journal = new BatchJournal(() => ctx.clock.now());
      const settings = await ctx.settings();
      const records = await loadRecords(ctx, entries, 'product', magentoProductSchema, journal, signal);
      // Products belong to websites, not store views: each becomes an item in the default store's organisation, and in
      // every other organisation a store posts to (their documents name it by ItemCode).
      const everyStore = Object.keys(settings.stores).map(Number);
      let allTenants: Promise<string[]> | undefined;
      const byTenant = await groupByTenant(ctx, records, () => undefined, journal, undefined, () => (allTenants ??= tenantsOfStores(ctx, everyStore)));
      for (const [tenantId, group] of byTenant) {
        // One journal per organisation: a record sent to several ends with the worst of their outcomes.
        const tenantJournal = journal.child();
        try {
          const links = new Map(
            (await ctx.storage.entityMap.getMany(entries[0]!.store_id, 'product', group.map((g) => g.entry.magento_id)))
              .filter((l) => l.xero_kind === 'item' && l.tenant_id === tenantId)
              .map((l) => [l.magento_id, l]),
          );
          const toSend: Array<{ entry: QueueEntry; item: XeroItemPayload; hash: string; note?: string }> = [];
          for (const { entry, record } of group) {
            try {
              const mapped = productToItem(record, settings);
              if (mapped.kind === 'skip') {
                tenantJournal.done(entry, 'skip', { message: mapped.reason, tenantId });
                continue;
              }
              const hash = contentHash(mapped.item);
              const link = links.get(entry.magento_id);
              if (link && link.content_hash === hash && link.tenant_id === tenantId) {
                tenantJournal.done(entry, 'unchanged', { id: link.xero_id, number: link.xero_number, tenantId });
                continue;
              }
              toSend.push({
                entry,
                item: mapped.item,
                hash,
                ...(mapped.shortened ? { note: `SKU longer than 30 characters: Xero item code ${mapped.code}` } : {}),
              });
            } catch (error) {
              if (isMappingError(error)) tenantJournal.park(entry, 'map', error.message, tenantId);
              else throw error;
            }
          }
          const xero = ctx.xero(tenantId);
          const now = ctx.clock.now();
          for (let i = 0; i < toSend.length; i += 100) {
            const chunk = toSend.slice(i, i + 100);
            const items = chunk.map((c) => c.item);
            const key = idempotencyKey('items', `${tenantId}:${items.map((it) => it.Code).join(',')}`, contentHash(items));
            const answers = await xero.postItems(items, { idempotencyKey: key, ...(signal ? { signal } : {}) });
            const newLinks: EntityLink[] = [];
            answers.forEach((answer, index) => {
              const { entry, item, hash, note } = chunk[index]!;
              if (answer.ok) {
                const id = answer.record.ItemID ?? '';
                newLinks.push({
                  store_id: entry.store_id, entity_type: 'product', magento_id: entry.magento_id, xero_kind: 'item',
                  tenant_id: tenantId, xero_id: id, xero_number: item.Code, content_hash: hash, updated_at: now,
                });
                tenantJournal.done(entry, links.has(entry.magento_id) ? 'update' : 'upsert', { id, number: item.Code, tenantId, ...(note ? { message: note } : {}) });
              } else {
                tenantJournal.park(entry, 'upsert', answer.messages.join(' '), tenantId);
              }
            });
            await ctx.storage.entityMap.put(newLinks);
          }
        } finally {
          journal.absorb(tenantJournal);
        }
      }
      await ctx.storage.log.add(journal.lines);
      return journal.results();
    },
  };
}
