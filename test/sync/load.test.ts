import { describe, expect, it } from 'vitest';
import { MappingError } from '../../src/domain/errors.js';
import type { QueueEntry } from '../../src/storage/queue-repository.js';
import type { SyncContext } from '../../src/sync/context.js';
import { groupByTenant } from '../../src/sync/handlers/load.js';
import { BatchJournal } from '../../src/sync/record-log.js';

const entry = (id: number) => ({ id, magento_id: String(id), entity_type: 'order', attempts: 1 }) as unknown as QueueEntry;
const records = [1, 2, 3].map((id) => ({ entry: entry(id), record: { store_id: id === 3 ? 2 : 1 } }));

describe('groupByTenant', () => {
  it('looks each store up once and groups its records', async () => {
    const asked: Array<number | null | undefined> = [];
    const ctx = { tenantFor: async (store: number | null | undefined) => (asked.push(store), `t${store}`) } as unknown as SyncContext;
    const groups = await groupByTenant(ctx, records, (r) => r.store_id, new BatchJournal(() => 0));
    expect(asked).toEqual([1, 2]);
    expect([...groups].map(([t, g]) => [t, g.length])).toEqual([['t1', 2], ['t2', 1]]);
  });

  it('parks the records of a store the settings cannot route, and nothing else', async () => {
    const ctx = {
      tenantFor: async (store: number) => {
        if (store === 2) throw new MappingError('missing_store_context', 'Store 2 posts to no Xero organisation.', 'Choose one in Configuration.');
        return 't1';
      },
    } as unknown as SyncContext;
    const journal = new BatchJournal(() => 0);
    const groups = await groupByTenant(ctx, records, (r) => r.store_id, journal);
    expect(groups.get('t1')).toHaveLength(2);
    expect(journal.results()).toEqual([expect.objectContaining({ entryId: 3, outcome: 'parked' })]);
  });

  it('skips, saying so, the records of a store set to "not synced", and never asks again for that store', async () => {
    let asked = 0;
    const ctx = {
      tenantFor: async (store: number) => {
        asked++;
        if (store === 2) throw new MappingError('store_not_synced', 'store 2 "Wholesale" is set to "not synced"; nothing was posted.', 'Choose an organisation on the Stores page.');
        return 't1';
      },
    } as unknown as SyncContext;
    const journal = new BatchJournal(() => 0);
    const groups = await groupByTenant(ctx, [...records, { entry: entry(4), record: { store_id: 2 } }], (r) => r.store_id, journal);
    expect([...groups.keys()]).toEqual(['t1']);
    expect(asked).toBe(2);
    expect(journal.results()).toEqual([
      { entryId: 3, outcome: 'skipped', message: 'store 2 "Wholesale" is set to "not synced"; nothing was posted. Choose an organisation on the Stores page.' },
      { entryId: 4, outcome: 'skipped', message: 'store 2 "Wholesale" is set to "not synced"; nothing was posted. Choose an organisation on the Stores page.' },
    ]);
  });

  it('keeps a record whose document is in Xero in that organisation, and sends a record to every organisation that also needs it', async () => {
    const links = [{ entity_type: 'order', magento_id: '1', xero_kind: 'invoice', tenant_id: 't-old' }];
    const ctx = {
      tenantFor: async (store: number) => `t${store}`,
      storage: { entityMap: { getMany: async (_s: number, entity: string, ids: string[]) => links.filter((l) => l.entity_type === entity && ids.includes(l.magento_id)) } },
    } as unknown as SyncContext;
    const journal = new BatchJournal(() => 0);
    const groups = await groupByTenant(ctx, records, (r) => r.store_id, journal, (r) => [{ entity: 'order', id: r === records[0]!.record ? '1' : 'not-posted' }]);
    expect([...groups].map(([t, g]) => [t, g.map((x) => x.entry.id)])).toEqual([['t-old', [1]], ['t1', [2]], ['t2', [3]]]);

    const fanned = await groupByTenant(ctx, records, (r) => r.store_id, new BatchJournal(() => 0), undefined, async () => ['t1', 't9']);
    expect([...fanned].map(([t, g]) => [t, g.map((x) => x.entry.id)])).toEqual([['t1', [1, 2, 3]], ['t9', [1, 2, 3]], ['t2', [3]]]);
  });

  it('lets a failure that is not the record\'s (a dropped database connection) fail the batch, parking nothing', async () => {
    const ctx = { tenantFor: async () => Promise.reject(new Error('terminating connection due to administrator command')) } as unknown as SyncContext;
    const journal = new BatchJournal(() => 0);
    await expect(groupByTenant(ctx, records, (r) => r.store_id, journal)).rejects.toThrow('terminating connection');
    expect(journal.results()).toEqual([]);
  });
});
