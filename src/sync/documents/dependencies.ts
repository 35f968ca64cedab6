// What a sales document needs in Xero before it can be posted: its contact (the customer's, or a guest contact created
// here) and, preferably, the items its lines name. A missing dependency is queued ahead of the document, which waits.
import { isGuestOrder, type MagentoOrder } from '../../domain/magento.js';
import { guestToContact } from '../../mapping/guest-contact.js';
import { contentHash } from '../../mapping/numbers.js';
import type { MappingSettings } from '../../mapping/settings.js';
import type { EntityLink } from '../../storage/entity-map-repository.js';
import type { QueueEntry } from '../../storage/queue-repository.js';
import type { ContactRequest, ContactWriter } from '../contact-writer.js';
import { MAGENTO_SCOPE, type SyncContext } from '../context.js';
import { isDeadLocalWorker, workerIdentity } from '../worker.js';
import { link, linksOf } from './links.js';

/** How long a document waits before it looks for its dependency again. */
export const DEPENDENCY_DELAY_MS = 2_000;
/** After this many attempts a document is posted without the ItemCodes of items that still do not exist. */
export const ITEM_WAIT_ATTEMPTS = 3;
export const CUSTOMER_PRIORITY = 100;
export const PRODUCT_PRIORITY = 90;
export const ORDER_PRIORITY = 80;
/** Attempts a record waits for a dependency that was processed without a link before it is parked. */
export const DEPENDENCY_PATIENCE = 3;

export type Need =
  | { ok: true; id: string }
  | { ok: false; outcome: 'retry'; message: string; delayMs: number }
  | { ok: false; outcome: 'park'; message: string };

const STILL_QUEUED = new Set(['pending', 'failed', 'running', 'waiting']);

/**
 * Queues a record another one depends on, unless it is already waiting its turn. A dependency that was parked is not
 * queued again: the dependent record is parked with the dependency's own problem instead, so nothing loops forever. The
 * same goes for a dependency that was processed but became no Xero document (held, skipped), once the dependent has
 * waited `DEPENDENCY_PATIENCE` attempts.
 */
export async function requireQueued(
  ctx: SyncContext,
  entityType: 'customer' | 'product' | 'order' | 'invoice',
  magentoId: string,
  priority: number,
  attempts = 1,
): Promise<{ parked: string } | undefined> {
  const existing = await ctx.storage.queue.find(MAGENTO_SCOPE, entityType, magentoId);
  if (existing?.state === 'parked') return { parked: existing.last_error ?? 'parked' };
  if (existing && STILL_QUEUED.has(existing.state)) return undefined;
  if ((existing?.state === 'done' || existing?.state === 'skipped') && attempts > DEPENDENCY_PATIENCE) {
    return { parked: 'it was processed but became no Xero document (see its line in the sync log). Post it first, then retry this record.' };
  }
  await ctx.storage.queue.enqueue([{ store_id: MAGENTO_SCOPE, entity_type: entityType, magento_id: magentoId, priority }], ctx.clock.now());
  return undefined;
}

/** A link to another record's Xero document (the order's invoice, the customer's contact), or why we must wait. */
export async function requireLinks(
  ctx: SyncContext,
  tenantId: string,
  dependency: { entityType: 'customer' | 'order' | 'invoice'; kind: 'contact' | 'invoice'; priority: number; label: string },
  dependents: ReadonlyArray<{ id: string; attempts: number; name?: string | undefined }>,
): Promise<Map<string, Need>> {
  const links = await linksOf(ctx.storage, dependency.entityType, dependency.kind, dependents.map((d) => d.id), tenantId);
  const attempts = new Map<string, number>();
  // What people call the record waited for (an order's number, a customer's email): never the internal id alone.
  const names = new Map<string, string>();
  for (const d of dependents) {
    attempts.set(d.id, Math.max(attempts.get(d.id) ?? 0, d.attempts));
    if (d.name) names.set(d.id, d.name);
  }
  const needs = new Map<string, Need>();
  for (const [id, tries] of attempts) {
    const found = links.get(id);
    if (found) {
      needs.set(id, { ok: true, id: found.xero_id });
      continue;
    }
    const queued = await requireQueued(ctx, dependency.entityType, id, dependency.priority, tries);
    const name = names.get(id) ?? `${dependency.label} (Magento id ${id})`;
    needs.set(
      id,
      queued
        ? { ok: false, outcome: 'park', message: `${name} could not be posted to Xero: ${queued.parked}` }
        : { ok: false, outcome: 'retry', message: `waiting for ${name} to reach Xero first`, delayMs: DEPENDENCY_DELAY_MS },
    );
  }
  return needs;
}

/**
 * The Xero ContactID for each order's document: the customer's linked contact (the customer is queued first when it has
 * none), or the guest contact, created here under a per-tenant lock so that two workers never create the same guest.
 */
export async function resolveContacts(
  ctx: SyncContext,
  writer: ContactWriter,
  tenantId: string,
  orders: ReadonlyArray<{ entry: QueueEntry; order: MagentoOrder }>,
  settings: MappingSettings,
  signal?: AbortSignal,
): Promise<Map<QueueEntry, Need>> {
  const result = new Map<QueueEntry, Need>();
  const customers = orders.filter((o) => !isGuestOrder(o.order));
  const customerNeeds = await requireLinks(
    ctx,
    tenantId,
    { entityType: 'customer', kind: 'contact', priority: CUSTOMER_PRIORITY, label: 'customer' },
    customers.map((o) => ({
      id: String(o.order.customer_id),
      attempts: o.entry.attempts,
      name: `customer ${o.order.customer_email ?? [o.order.customer_firstname, o.order.customer_lastname].filter(Boolean).join(' ')}`.trim(),
    })),
  );
  for (const o of customers) result.set(o.entry, customerNeeds.get(String(o.order.customer_id))!);

  const guests = orders.filter((o) => isGuestOrder(o.order)).map((o) => ({ ...o, payload: guestToContact(o.order, settings) }));
  if (guests.length === 0) return result;
  const numbers = guests.map((g) => g.payload.ContactNumber);
  let links = await linksOf(ctx.storage, 'guest', 'contact', numbers, tenantId);
  const missing = guests.filter((g) => !links.has(g.payload.ContactNumber));
  if (missing.length > 0) {
    const lockName = `guest-contacts:${tenantId}`;
    // The holder's name says which process holds the lock, so one that died holding it (kill -9 right after creating the
    // contacts) is seen as dead at once, not after the two minutes of its lease (found by the crash-point tests).
    const owner = workerIdentity();
    const holder = await ctx.storage.locks.holder(lockName);
    if (holder !== undefined && isDeadLocalWorker(holder)) await ctx.storage.locks.release(lockName, holder);
    if (!(await ctx.storage.locks.acquire(lockName, owner, 120_000, ctx.clock.now()))) {
      for (const g of missing) {
        result.set(g.entry, { ok: false, outcome: 'retry', message: 'waiting: another worker is creating guest contacts', delayMs: DEPENDENCY_DELAY_MS });
      }
    } else {
      try {
        // Another worker may have created some while we waited for the lock.
        links = await linksOf(ctx.storage, 'guest', 'contact', numbers, tenantId);
        const requests = new Map<string, ContactRequest<string>>();
        for (const g of missing) {
          const number = g.payload.ContactNumber;
          // Look Xero up first only when an earlier attempt may have created the contact without our hearing back; a
          // process that started since reads the whole directory anyway. Looking up every batch cost a call per batch.
          if (!links.has(number) && !requests.has(number)) requests.set(number, { key: number, payload: g.payload, uncertain: g.entry.attempts > 1, guest: true });
        }
        if (requests.size > 0) {
          const written = await writer.write(ctx.xero(tenantId), [...requests.values()], signal);
          const now = ctx.clock.now();
          const newLinks: EntityLink[] = [];
          for (const [number, answer] of written) {
            if (answer.ok) {
              const id = answer.contact.ContactID;
              newLinks.push(link('guest', number, 'contact', tenantId, { id, number, hash: contentHash(requests.get(number)!.payload) }, now));
              links.set(number, newLinks[newLinks.length - 1]!);
            } else {
              for (const g of missing.filter((m) => m.payload.ContactNumber === number)) {
                result.set(g.entry, { ok: false, outcome: 'park', message: `The guest contact could not be created in Xero: ${answer.message}` });
              }
            }
          }
          await ctx.storage.entityMap.put(newLinks);
        }
      } finally {
        await ctx.storage.locks.release(lockName, owner);
      }
    }
  }
  for (const g of guests) {
    if (result.has(g.entry)) continue;
    const found = links.get(g.payload.ContactNumber);
    result.set(g.entry, found ? { ok: true, id: found.xero_id } : { ok: false, outcome: 'retry', message: 'the guest contact was not created', delayMs: DEPENDENCY_DELAY_MS });
  }
  return result;
}

export type ItemCheck =
  | { kind: 'ready'; missingSkus: string[] }
  | { kind: 'wait'; message: string; delayMs: number };

/**
 * Items first: SKUs without a Xero item are queued (ahead of orders) and the document waits, but only for a few attempts;
 * after that it goes without those ItemCodes rather than block on a product that cannot be posted.
 */
export async function checkItems(
  ctx: SyncContext,
  tenantId: string,
  docs: ReadonlyArray<{ entry: QueueEntry; skus: readonly string[] }>,
): Promise<Map<QueueEntry, ItemCheck>> {
  const links = await linksOf(ctx.storage, 'product', 'item', docs.flatMap((d) => d.skus), tenantId);
  const result = new Map<QueueEntry, ItemCheck>();
  for (const { entry, skus } of docs) {
    const missing = skus.filter((s) => !links.has(s));
    if (missing.length === 0 || entry.attempts > ITEM_WAIT_ATTEMPTS) {
      result.set(entry, { kind: 'ready', missingSkus: missing });
      continue;
    }
    let parked = 0;
    for (const sku of missing) if (await requireQueued(ctx, 'product', sku, PRODUCT_PRIORITY)) parked++;
    if (parked === missing.length) {
      // Every missing product is stuck: waiting would not help.
      result.set(entry, { kind: 'ready', missingSkus: missing });
    } else {
      result.set(entry, { kind: 'wait', message: `waiting for items ${missing.join(', ')}`, delayMs: DEPENDENCY_DELAY_MS });
    }
  }
  return result;
}
