import { magentoCustomerSchema, type MagentoCustomer } from '../../domain/magento.js';
import { isMappingError } from '../../domain/errors.js';
import { customerToContact } from '../../mapping/contact.js';
import { contentHash } from '../../mapping/numbers.js';
import type { QueueEntry } from '../../storage/queue-repository.js';
import type { ContactWriter, ContactRequest } from '../contact-writer.js';
import type { SyncContext } from '../context.js';
import { CLAIM, type EntityHandler, type EntryOutcome } from '../handler.js';
import { BatchJournal } from '../record-log.js';
import { groupByTenant, loadRecords, tenantsOfStores } from './load.js';

/** Magento customers → Xero contacts (ACCOUNTING.md "Customer → Contact"). */
export function customersHandler(ctx: SyncContext, writer: ContactWriter): EntityHandler {
  return {
    entityType: 'customer',
    batchSize: CLAIM.customer,
    async process(entries, signal): Promise<EntryOutcome[]> {
      const journal = new BatchJournal(() => ctx.clock.now());
      const settings = await ctx.settings();
      const records = await loadRecords(ctx, entries, 'customer', magentoCustomerSchema, journal, signal);
      // A customer account belongs to a website (Magento's default "Share Customer Accounts: Per Website"): the contact
      // is made in every organisation that website's store views post to, so each one's documents find it.
      const websiteTenants = new Map<number, Promise<string[]>>();
      const storesOfWebsite = (websiteId: number) =>
        Object.entries(settings.stores)
          .filter(([, s]) => s.websiteId === websiteId)
          .map(([id]) => Number(id));
      const alsoTo = (c: MagentoCustomer): Promise<string[]> => {
        const website = c.website_id;
        if (website === null || website === undefined) return Promise.resolve([]);
        let found = websiteTenants.get(website);
        if (!found) websiteTenants.set(website, (found = tenantsOfStores(ctx, storesOfWebsite(website))));
        return found;
      };
      const byTenant = await groupByTenant(ctx, records, (c) => c.store_id, journal, undefined, alsoTo);

      for (const [tenantId, group] of byTenant) {
        // One journal per organisation: a record sent to several ends with the worst of their outcomes.
        const tenantJournal = journal.child();
        try {
          const links = new Map(
            (await ctx.storage.entityMap.getMany(entries[0]!.store_id, 'customer', group.map((g) => g.entry.magento_id)))
              .filter((l) => l.xero_kind === 'contact' && l.tenant_id === tenantId)
              .map((l) => [l.magento_id, l]),
          );
          const requests: Array<ContactRequest<QueueEntry> & { hash: string }> = [];
          for (const { entry, record } of group) {
            try {
              const payload = customerToContact(record, settings);
              const hash = contentHash(payload);
              const link = links.get(entry.magento_id);
              if (link && link.content_hash === hash && link.tenant_id === tenantId) {
                tenantJournal.done(entry, 'unchanged', { id: link.xero_id, number: link.xero_number, tenantId });
                continue;
              }
              requests.push({
                key: entry,
                payload,
                hash,
                ...(link && link.tenant_id === tenantId ? { linkedId: link.xero_id } : {}),
                uncertain: entry.attempts > 1,
              });
            } catch (error) {
              if (isMappingError(error)) tenantJournal.park(entry, 'map', error.message, tenantId);
              else throw error;
            }
          }
          if (requests.length === 0) continue;
          const results = await writer.write(ctx.xero(tenantId), requests, signal);
          const now = ctx.clock.now();
          const newLinks = [];
          for (const request of requests) {
            const result = results.get(request.key);
            const entry = request.key;
            if (!result) continue;
            if (result.ok) {
              const id = result.contact.ContactID ?? '';
              newLinks.push({
                store_id: entry.store_id,
                entity_type: 'customer',
                magento_id: entry.magento_id,
                xero_kind: 'contact',
                tenant_id: tenantId,
                xero_id: id,
                xero_number: request.payload.ContactNumber,
                content_hash: request.hash,
                updated_at: now,
              });
              tenantJournal.done(entry, result.action, { id, number: request.payload.ContactNumber, tenantId });
            } else {
              tenantJournal.park(entry, request.linkedId ? 'update' : 'create', result.message, tenantId);
            }
          }
          await ctx.storage.entityMap.put(newLinks);
        } finally {
          journal.absorb(tenantJournal);
        }
      }
      await ctx.storage.log.add(journal.lines);
      return journal.results();
    },
  };
}

export type { MagentoCustomer };
