import type { z } from 'zod';
import type { QueueEntry } from '../../storage/queue-repository.js';
import type { SyncContext } from '../context.js';
import type { EntityType } from '../../domain/entity-types.js';
import { recordAbout as aboutOf, type BatchJournal } from '../record-log.js';
import { isMappingError } from '../../domain/errors.js';
import { GoLivePendingError } from '../../domain/go-live.js';
import { MAGENTO_SCOPE } from '../context.js';

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
    if (record !== undefined) journal.name(entry, aboutOf(record));
    if (record === undefined) {
      journal.park(entry, 'fetch', `Magento ${entity} ${entry.magento_id} no longer exists in Magento (deleted?); nothing was posted.`);
      continue;
    }
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; ');
      journal.park(entry, 'validate', `Magento ${entity} ${nameOf(record, entry.magento_id)} cannot be read: ${problems}. Fix the record in Magento; it is retried when it changes.`);
      continue;
    }
    loaded.push({ entry, record: parsed.data });
  }
  return loaded;
}

/** A Magento record whose Xero document, once posted, pins the records that follow it to its organisation. */
export interface Anchor {
  entity: string;
  id: string;
}

const DOCUMENT_KINDS = new Set(['invoice', 'creditnote']);

/**
 * Where documents already posted live: for each record, the organisation of the first of its anchors (itself, then its
 * order) that has an invoice or credit note in Xero. A store's routing may change after documents were posted ("new
 * documents only"): what was posted stays where it is, and its later changes, payments and credit notes follow it there,
 * so nothing is posted twice.
 */
async function pinnedTenants<T>(ctx: SyncContext, records: ReadonlyArray<Loaded<T>>, anchors: (record: T) => Anchor[]): Promise<Map<Loaded<T>, string>> {
  const wanted = new Map<string, Set<string>>();
  const perRecord = records.map((r) => [r, anchors(r.record)] as const);
  for (const [, list] of perRecord) for (const a of list) (wanted.get(a.entity) ?? wanted.set(a.entity, new Set()).get(a.entity)!).add(a.id);
  const found = new Map<string, string>();
  for (const [entity, ids] of wanted) {
    const links = await ctx.storage.entityMap.getMany(MAGENTO_SCOPE, entity, [...ids]);
    for (const l of links) if (DOCUMENT_KINDS.has(l.xero_kind) && !found.has(`${entity}:${l.magento_id}`)) found.set(`${entity}:${l.magento_id}`, l.tenant_id);
  }
  const out = new Map<Loaded<T>, string>();
  for (const [r, list] of perRecord) {
    const tenant = list.map((a) => found.get(`${a.entity}:${a.id}`)).find((t) => t !== undefined);
    if (tenant) out.set(r, tenant);
  }
  return out;
}

/** How long a record of an organisation that has not gone live waits before it is looked at again ("Start syncing" wakes it). */
export const GO_LIVE_WAIT_MS = 60_000;

/** A record as people know it: its number (increment_id), SKU or email, with the internal id only when there is none. */
function nameOf(record: unknown, id: string): string {
  return aboutOf(record).number ?? `(Magento id ${id})`;
}

/** Splits loaded records by the Xero organisation their store posts to (or where their documents already are). */
export async function groupByTenant<T>(
  ctx: SyncContext,
  records: ReadonlyArray<Loaded<T>>,
  storeOf: (record: T) => number | null | undefined,
  journal: BatchJournal,
  anchors?: (record: T) => Anchor[],
  alsoTo?: (record: T) => Promise<string[]>,
): Promise<Map<string, Array<Loaded<T>>>> {
  const groups = new Map<string, Array<Loaded<T>>>();
  const pinned = anchors ? await pinnedTenants(ctx, records, anchors) : new Map<Loaded<T>, string>();
  // One look-up per store, not per record: a batch is hundreds of records from a handful of stores.
  const tenants = new Map<number | null | undefined, Promise<string>>();
  const live = new Map<string, Promise<boolean>>();
  for (const item of records) {
    let tenantId: string;
    const store = storeOf(item.record);
    try {
      const already = pinned.get(item);
      if (already) tenantId = already;
      else {
        let pending = tenants.get(store);
        if (!pending) tenants.set(store, (pending = ctx.tenantFor(store)));
        tenantId = await pending;
      }
    } catch (error) {
      // Only a routing the settings forbid is the record's problem; anything else (Xero not connected, a dropped
      // database connection) is the batch's, and the worker retries or pauses it.
      if (!isMappingError(error)) throw error;
      // A store set to "not synced" (the Stores page): its records are skipped, saying so.
      if (error.code === 'store_not_synced') journal.done(item.entry, 'skip', { message: error.message });
      else journal.park(item.entry, 'route', error.message);
      continue;
    }
    // The record's own organisation first (its outcome is the one the queue keeps), then any other that also needs it.
    const targets = [tenantId, ...(alsoTo ? (await alsoTo(item.record)).filter((t) => t !== tenantId) : [])];
    for (const target of [...new Set(targets)]) {
      // Nothing reaches an organisation before its own go-live: a record of one that has not gone live waits, saying so,
      // while the records of organisations that went live in the same batch go on (one going live opens it alone).
      if (ctx.isLive) {
        let open = live.get(target);
        if (!open) live.set(target, (open = ctx.isLive(target)));
        if (!(await open)) {
          if (target === tenantId) {
            journal.wait(item.entry, 'go-live', new GoLivePendingError(target).message, GO_LIVE_WAIT_MS);
            break;
          }
          continue;
        }
      }
      const group = groups.get(target) ?? [];
      group.push(item);
      groups.set(target, group);
    }
  }
  return groups;
}

/**
 * The organisations a set of Magento stores post to (stores set to "not synced" left out), in store order: a product
 * becomes an item, a customer a contact, in each organisation whose documents may name it.
 */
export async function tenantsOfStores(ctx: SyncContext, storeIds: readonly number[]): Promise<string[]> {
  const out: string[] = [];
  for (const id of storeIds) {
    try {
      const tenant = await ctx.tenantFor(id);
      if (!out.includes(tenant)) out.push(tenant);
    } catch (error) {
      if (!isMappingError(error)) throw error;
    }
  }
  return out;
}
