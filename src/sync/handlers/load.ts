import type { z } from 'zod';
import type { QueueEntry } from '../../storage/queue-repository.js';
import type { SyncContext } from '../context.js';
import type { EntityType } from '../../domain/entity-types.js';
import type { BatchJournal } from '../record-log.js';
import { isMappingError } from '../../domain/errors.js';
import { GoLivePendingError } from '../../domain/go-live.js';

export interface Loaded<T> {
  entry: QueueEntry;
  record: T;
}

/**
 * The Magento records behind a batch: the queued copy when the queue holds one (webhooks and "add all" carry it), else
 * fetched in one request. A record Magento no longer has, or one that fails validation, is parked with a message that
 * says which and why; the rest of the batch goes on.
 */
export async function loadRecords<S extends z.ZodType>(
  ctx: SyncContext,
  entries: readonly QueueEntry[],
  entity: EntityType,
  schema: S,
  journal: BatchJournal,
  signal?: AbortSignal,
): Promise<Array<Loaded<z.output<S>>>> {
  const raw = new Map<string, unknown>();
  const missing: string[] = [];
  for (const entry of entries) {
    if (entry.payload_json) raw.set(entry.magento_id, JSON.parse(entry.payload_json));
    else missing.push(entry.magento_id);
  }
  if (missing.length > 0) {
    for (const [id, record] of await ctx.magento.fetch(entity, missing, signal)) raw.set(id, record);
  }
  const loaded: Array<Loaded<z.output<S>>> = [];
  for (const entry of entries) {
    const record = raw.get(entry.magento_id);
    if (record === undefined) {
      journal.park(entry, 'fetch', `Magento ${entity} ${entry.magento_id} no longer exists in Magento (deleted?); nothing was posted.`);
      continue;
    }
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; ');
      journal.park(entry, 'validate', `Magento ${entity} ${entry.magento_id} cannot be read: ${problems}. Fix the record in Magento; it is retried when it changes.`);
      continue;
    }
    loaded.push({ entry, record: parsed.data });
  }
  return loaded;
}

/** Splits loaded records by the Xero organisation their store posts to. */
export async function groupByTenant<T>(
  ctx: SyncContext,
  records: ReadonlyArray<Loaded<T>>,
  storeOf: (record: T) => number | null | undefined,
  journal: BatchJournal,
): Promise<Map<string, Array<Loaded<T>>>> {
  const groups = new Map<string, Array<Loaded<T>>>();
  // One look-up per store, not per record: a batch is hundreds of records from a handful of stores.
  const tenants = new Map<number | null | undefined, Promise<string>>();
  const live = new Map<string, Promise<boolean>>();
  for (const item of records) {
    let tenantId: string;
    const store = storeOf(item.record);
    try {
      let pending = tenants.get(store);
      if (!pending) tenants.set(store, (pending = ctx.tenantFor(store)));
      tenantId = await pending;
    } catch (error) {
      // Only a routing the settings forbid is the record's problem; anything else (Xero not connected, a dropped
      // database connection) is the batch's, and the worker retries or pauses it.
      if (!isMappingError(error)) throw error;
      journal.park(item.entry, 'route', error.message);
      continue;
    }
    // Nothing reaches an organisation before its go-live: the batch is given back and waits (the worker pauses it).
    if (ctx.isLive) {
      let open = live.get(tenantId);
      if (!open) live.set(tenantId, (open = ctx.isLive(tenantId)));
      if (!(await open)) throw new GoLivePendingError(tenantId);
    }
    const group = groups.get(tenantId) ?? [];
    group.push(item);
    groups.set(tenantId, group);
  }
  return groups;
}
