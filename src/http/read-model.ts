import type { Storage } from '../storage/storage.js';
import type { EntityLink } from '../storage/entity-map-repository.js';
import type { QueueEntry } from '../storage/queue-repository.js';
import type { LogEntry, LogFilter } from '../storage/sync-log-repository.js';
import type { QueueState } from '../domain/queue-state.js';
import { PREFERRED_KINDS, xeroDeepLink } from './xero-links.js';

/**
 * Read-only queries the pages need and the repositories do not offer (look-ups across stores, counts under a filter).
 * They read through the storage's own Kysely instance, so they work on SQLite and PostgreSQL alike.
 */

export type RecordSyncState = 'synced' | 'skipped' | 'pending' | 'running' | 'waiting' | 'failed' | 'parked' | 'error' | 'not-synced';

export interface RecordSyncStatus {
  state: RecordSyncState;
  message?: string;
  xeroNumber?: string;
  xeroUrl?: string;
  queueId?: number;
}

/** Where an organisation's documents open: its short code, and Xero's web address (another one for an emulator). */
export interface OrganisationLink {
  code: string;
  base?: string;
}

export async function shortCodes(storage: Storage): Promise<Map<string, OrganisationLink>> {
  const result = new Map<string, OrganisationLink>();
  for (const c of await storage.connections.list('xero')) {
    try {
      const meta = JSON.parse(c.meta_json) as Record<string, unknown>;
      const code = meta['shortCode'] ?? meta['ShortCode'];
      const base = meta['webUrl'];
      if (c.tenant_id && typeof code === 'string') result.set(c.tenant_id, typeof base === 'string' ? { code, base } : { code });
    } catch {
      // meta written by someone else that is not JSON: no link rather than no page
    }
  }
  return result;
}

export function linkFor(link: Pick<EntityLink, 'xero_kind' | 'xero_id' | 'tenant_id'>, codes: Map<string, OrganisationLink>): string | undefined {
  const org = codes.get(link.tenant_id);
  return xeroDeepLink(link.xero_kind, link.xero_id, org?.code, org?.base);
}

/** Sync status of many records of one type: the queue first (work in flight), then what exists in Xero, then the log. */
export async function syncStatuses(
  storage: Storage,
  entityType: string,
  magentoIds: readonly string[],
): Promise<Map<string, RecordSyncStatus>> {
  const result = new Map<string, RecordSyncStatus>();
  if (magentoIds.length === 0) return result;
  const db = storage.database.db;
  const ids = [...magentoIds];
  const [links, queue, logs, codes] = await Promise.all([
    db.selectFrom('entity_map').selectAll().where('entity_type', '=', entityType).where('magento_id', 'in', ids).execute(),
    db.selectFrom('sync_queue').selectAll().where('entity_type', '=', entityType).where('magento_id', 'in', ids).execute(),
    db
      .selectFrom('sync_log')
      .selectAll()
      .where('entity_type', '=', entityType)
      .where('magento_id', 'in', ids)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(ids.length * 5)
      .execute(),
    shortCodes(storage),
  ]);
  const summaries = entityType === 'invoice' || entityType === 'creditmemo' ? await storage.summaries.entriesOf(entityType, ids) : [];
  const days = summaries.length > 0 ? await storage.summaries.days({ from: summaries.reduce((m, e) => (e.day < m ? e.day : m), summaries[0]!.day), limit: 10_000 }) : [];
  const kinds = PREFERRED_KINDS[entityType] ?? [];
  for (const id of ids) {
    const mine = links.filter((l) => l.magento_id === id);
    mine.sort((a, b) => rank(kinds, a.xero_kind) - rank(kinds, b.xero_kind));
    const link = mine[0];
    const entry = queue.find((q) => q.magento_id === id) as QueueEntry | undefined;
    const last = logs.find((l) => l.magento_id === id);
    const status: RecordSyncStatus = { state: 'not-synced' };
    if (link) {
      status.state = 'synced';
      if (link.xero_number) status.xeroNumber = link.xero_number;
      const url = linkFor(link, codes);
      if (url) status.xeroUrl = url;
    }
    // Orders paid in Xero (their payments flow back to Magento): what Xero showed paid, and whether Magento was invoiced.
    const paid = mine.find((l) => l.xero_kind === 'xero-paid');
    const invoiced = mine.find((l) => l.xero_kind === 'magento-invoice');
    if (invoiced) status.message = `Paid in Xero${paid?.xero_number ? ` (${paid.xero_number})` : ''}; invoiced in Magento.`;
    else if (paid) status.message = `Part paid in Xero: ${paid.xero_number ?? ''}; invoiced in Magento once paid in full.`;
    // Documents of summarised orders live in their store's daily summary, not in a document of their own.
    const summarised = summaries.filter((e) => e.magento_id === id);
    if (!link && summarised.length > 0) {
      const last = summarised[summarised.length - 1]!;
      const day = days.find((d) => d.store_id === last.store_id && d.day === last.day);
      status.state = 'synced';
      status.message = `In the daily summary of ${last.day}${day?.state === 'posted' ? '' : ' (posted once the day closes)'}.`;
    }
    if (entry && entry.state !== 'done') {
      status.state = entry.state;
      status.queueId = entry.id;
      if (entry.last_error) status.message = entry.last_error;
    } else if (!link && last?.status === 'error') {
      status.state = 'error';
      if (last.message) status.message = last.message;
    }
    result.set(id, status);
  }
  return result;
}

function rank(kinds: readonly string[], kind: string): number {
  const i = kinds.indexOf(kind);
  return i === -1 ? kinds.length : i;
}

export async function queueCount(storage: Storage, filter: { state?: QueueState; entityType?: string }): Promise<number> {
  let q = storage.database.db.selectFrom('sync_queue').select((eb) => eb.fn.countAll<number>().as('n'));
  if (filter.state) q = q.where('state', '=', filter.state);
  if (filter.entityType) q = q.where('entity_type', '=', filter.entityType);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function logCount(storage: Storage, filter: Omit<LogFilter, 'limit' | 'offset'>): Promise<number> {
  let q = storage.database.db.selectFrom('sync_log').select((eb) => eb.fn.countAll<number>().as('n'));
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.entityType) q = q.where('entity_type', '=', filter.entityType);
  if (filter.magentoId) q = q.where('magento_id', '=', filter.magentoId);
  if (filter.from !== undefined) q = q.where('at', '>=', filter.from);
  if (filter.to !== undefined) q = q.where('at', '<', filter.to);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export interface LogView extends LogEntry {
  xeroUrl?: string;
  /** The record's Magento number (increment_id, SKU), when known: what people call it. */
  number?: string;
}

const OWN_KIND: Record<string, string> = { order: 'invoice', creditmemo: 'creditnote', product: 'item', customer: 'contact' };

/** Magento numbers of the records behind some log rows: from the queued copy, else the Xero number of their own document. */
async function numbersOf(storage: Storage, rows: readonly LogEntry[]): Promise<Map<string, string>> {
  const numbers = new Map<string, string>();
  const ids = [...new Set(rows.map((r) => r.magento_id))];
  if (ids.length === 0) return numbers;
  const db = storage.database.db;
  const [queued, links] = await Promise.all([
    db.selectFrom('sync_queue').select(['entity_type', 'magento_id', 'payload_json']).where('magento_id', 'in', ids).execute(),
    db.selectFrom('entity_map').select(['entity_type', 'magento_id', 'xero_kind', 'xero_number']).where('magento_id', 'in', ids).execute(),
  ]);
  for (const l of links) if (l.xero_number && OWN_KIND[l.entity_type] === l.xero_kind && l.entity_type !== 'customer') numbers.set(`${l.entity_type}:${l.magento_id}`, l.xero_number);
  for (const q of queued) {
    const n = numberOf(q.entity_type, q.payload_json);
    if (n) numbers.set(`${q.entity_type}:${q.magento_id}`, n);
  }
  return numbers;
}

/** A Magento invoice becomes a payment (or, in "invoices" posting mode, an invoice): the log alone cannot tell which. */
const LOG_KINDS: Record<string, string> = { customer: 'contact', product: 'item', order: 'invoice', creditmemo: 'creditnote' };

/** Log rows with their "View on Xero" link (the log stores the id; the kind follows from the entity type). */
export async function withLogLinks(storage: Storage, rows: LogEntry[]): Promise<LogView[]> {
  const [codes, numbers] = await Promise.all([shortCodes(storage), numbersOf(storage, rows)]);
  return rows.map((r) => {
    const kind = LOG_KINDS[r.entity_type];
    const org = r.tenant_id ? codes.get(r.tenant_id) : undefined;
    const url = r.xero_id && kind ? xeroDeepLink(kind, r.xero_id, org?.code, org?.base) : undefined;
    const number = numbers.get(`${r.entity_type}:${r.magento_id}`);
    return { ...r, ...(url ? { xeroUrl: url } : {}), ...(number ? { number } : {}) };
  });
}

/** Everything known about one Magento record: its queue entry, its Xero documents, every attempt. */
export interface RecordView {
  entityType: string;
  magentoId: string;
  /** What people call it: increment_id for sales documents, SKU for products, the email for customers, when known. */
  number?: string;
  queue?: QueueEntry;
  documents: Array<{ kind: string; xeroId: string; xeroNumber: string | null; tenantId: string; url?: string; updatedAt: number }>;
  attempts: LogView[];
  /** What was sent to Xero for this record and what came back, newest first (kept for EXCHANGE_DAYS days). */
  exchanges: Array<{ at: number; collection: string; method: string; ok: boolean; sent: unknown; answer: unknown }>;
  /** The record in the Magento Admin, when its address is known. */
  magentoUrl?: string;
}

/** Where a record opens in the Magento Admin (Magento's own admin routes; products open by their edit page's id only, so by SKU search). */
export function magentoAdminLink(adminUrl: string | undefined, entityType: string, magentoId: string): string | undefined {
  if (!adminUrl) return undefined;
  const id = encodeURIComponent(magentoId);
  switch (entityType) {
    case 'order':
      return `${adminUrl}/sales/order/view/order_id/${id}/`;
    case 'invoice':
      return `${adminUrl}/sales/invoice/view/invoice_id/${id}/`;
    case 'creditmemo':
      return `${adminUrl}/sales/creditmemo/view/creditmemo_id/${id}/`;
    case 'customer':
      return `${adminUrl}/customer/index/edit/id/${id}/`;
    case 'product':
      return `${adminUrl}/catalog/product/?search=${id}`;
    default:
      return undefined;
  }
}

const numberOf = (entityType: string, payload: string | null | undefined): string | undefined => {
  if (!payload) return undefined;
  try {
    const r = JSON.parse(payload) as Record<string, unknown>;
    const value = entityType === 'product' ? r['sku'] : entityType === 'customer' ? r['email'] : r['increment_id'];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  } catch {
    return undefined;
  }
};

/** The Xero collection a record's own document lives in, where its Magento number is the document's number. */
const OWN_COLLECTION: Record<string, { kind: string; collection: string }> = {
  order: { kind: 'invoice', collection: 'Invoices' },
  creditmemo: { kind: 'creditnote', collection: 'CreditNotes' },
  product: { kind: 'item', collection: 'Items' },
};

export async function recordView(storage: Storage, entityType: string, magentoId: string, magentoAdminUrl?: string): Promise<RecordView> {
  const db = storage.database.db;
  const [queue, links, log, codes] = await Promise.all([
    db.selectFrom('sync_queue').selectAll().where('entity_type', '=', entityType).where('magento_id', '=', magentoId).executeTakeFirst(),
    db.selectFrom('entity_map').selectAll().where('entity_type', '=', entityType).where('magento_id', '=', magentoId).execute(),
    storage.log.list({ entityType, magentoId, limit: 200 }),
    shortCodes(storage),
  ]);
  const documents = links.map((l) => {
    const url = linkFor(l, codes);
    return { kind: l.xero_kind, xeroId: l.xero_id, xeroNumber: l.xero_number, tenantId: l.tenant_id, updatedAt: l.updated_at, ...(url ? { url } : {}) };
  });
  // The Magento number: from the queued copy; else the Xero number of its own document (sales documents keep it).
  const own = links.find((l) => l.xero_kind === ({ order: 'invoice', creditmemo: 'creditnote', product: 'item' } as Record<string, string>)[entityType]);
  const number = numberOf(entityType, queue?.payload_json) ?? own?.xero_number ?? undefined;
  // Its exchanges with Xero: found by its documents' ids and numbers, the numbers its attempts logged, and its own number
  // (a document Xero refused has no id yet, only the number it was sent with).
  // Numbers only within the record's own kind of document: Magento numbers orders, invoices and credit memos each from
  // 000000001, so order 000000001's invoice and Magento invoice 000000001 share a number but never an id.
  const ids = [...links.map((l) => l.xero_id), ...log.map((r) => r.xero_id ?? '')];
  const ownDoc = OWN_COLLECTION[entityType];
  const numbers = ownDoc ? [...links.filter((l) => l.xero_kind === ownDoc.kind).map((l) => l.xero_number ?? ''), ...(number ? [number] : [])] : [];
  const exchanges = (
    await Promise.all([storage.exchanges.find(ids, 50), ownDoc ? storage.exchanges.find(numbers, 50, ownDoc.collection) : Promise.resolve([])])
  )
    .flat()
    .filter((e, i, all) => all.findIndex((o) => o.id === e.id) === i)
    .sort((a, b) => b.at - a.at || b.id - a.id)
    .slice(0, 50);
  const magentoUrl = magentoAdminLink(magentoAdminUrl, entityType, magentoId);
  return {
    entityType,
    magentoId,
    ...(number ? { number } : {}),
    ...(queue ? { queue: queue as QueueEntry } : {}),
    documents,
    attempts: await withLogLinks(storage, log),
    exchanges: exchanges.map((e) => ({ at: e.at, collection: e.collection, method: e.method, ok: e.ok, sent: e.sent, answer: e.answer })),
    ...(magentoUrl ? { magentoUrl } : {}),
  };
}
