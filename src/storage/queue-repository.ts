import { sql, type Kysely, type Selectable } from 'kysely';
import { allowedFrom, CLAIMABLE_STATES, OUTSTANDING_STATES, type QueueState } from '../domain/queue-state.js';
import type { Dialect } from './database.js';
import type { QueueRow, Tables } from './schema.js';
import type { NewAlert } from '../domain/alerts.js';
import { AlertsRepository } from './alerts-repository.js';

export type QueueEntry = Selectable<QueueRow> & { state: QueueState };

export interface QueueItem {
  store_id: number;
  entity_type: string;
  magento_id: string;
  tenant_id?: string | null;
  priority?: number;
  /** The newest Magento record, when the caller already has it (saves a fetch); otherwise the worker fetches it. */
  payload?: unknown;
  /** Not before this time (a daily summary waits for its day to close); default now. */
  dueAt?: number;
}

function queueKey(storeId: number, entityType: string, magentoId: string): string {
  return `${storeId}\u0000${entityType}\u0000${magentoId}`;
}

/** Entries of one batch that ended the same way (see `QueueRepository.settle`). */
export type SettledGroup =
  | { kind: 'done'; ids: readonly number[] }
  | { kind: 'skipped'; ids: readonly number[]; message: string }
  | { kind: 'parked'; ids: readonly number[]; message: string }
  | { kind: 'waiting'; ids: readonly number[]; message: string; nextAttemptAt: number }
  | { kind: 'failed'; ids: readonly number[]; message: string; nextAttemptAt: number };

export interface ClaimOptions {
  owner: string;
  limit: number;
  leaseMs: number;
  now?: number;
  entityTypes?: readonly string[];
  tenantId?: string | null;
  storeId?: number;
}

export interface QueueFilter {
  state?: QueueState;
  entityType?: string;
  limit?: number;
  offset?: number;
}

/**
 * The durable sync queue: one entry per (store, entity type, Magento id). Claims are single statements that lease the
 * entries to a worker (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so workers on several machines never take the same one);
 * a lease that runs out (a crashed worker) makes the entry claimable again.
 */
export class QueueRepository {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly dialect: Dialect,
  ) {}

  /**
   * Adds records, or refreshes them: a record already queued keeps its one entry, with the newest data. The data goes to
   * its own table (written once, read when claimed, dropped when done); a record queued without data loses any older
   * copy, so the worker fetches it fresh.
   */
  async enqueue(items: readonly QueueItem[], now = Date.now()): Promise<void> {
    for (let i = 0; i < items.length; i += 500) {
      const chunk = items.slice(i, i + 500);
      // One statement per chunk; duplicates inside a chunk would make PostgreSQL refuse the upsert.
      const unique = new Map(chunk.map((it) => [queueKey(it.store_id, it.entity_type, it.magento_id), it]));
      const entries = await this.db
        .insertInto('sync_queue')
        .values(
          [...unique.values()].map((it) => ({
            store_id: it.store_id,
            entity_type: it.entity_type,
            magento_id: it.magento_id,
            tenant_id: it.tenant_id ?? null,
            state: 'pending',
            priority: it.priority ?? 0,
            attempts: 0,
            next_attempt_at: it.dueAt ?? now,
            requeued: 0,
            payload_json: null,
            created_at: now,
            updated_at: now,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['store_id', 'entity_type', 'magento_id']).doUpdateSet((eb) => ({
            tenant_id: eb.fn.coalesce('excluded.tenant_id', 'sync_queue.tenant_id'),
            priority: eb.ref('excluded.priority'),
            updated_at: now,
            // A running entry keeps its lease and is flagged; anything else starts over as pending.
            requeued: sql<number>`case when sync_queue.state = 'running' then 1 else 0 end`,
            // A failed entry keeps its count: an earlier attempt's outcome may be unknown, and the handlers read
            // `attempts > 1` as "look Xero up before writing". Done and parked entries start over.
            attempts: sql<number>`case when sync_queue.state in ('running', 'failed', 'waiting') then sync_queue.attempts else 0 end`,
            last_error: sql<string | null>`case when sync_queue.state = 'running' then sync_queue.last_error else null end`,
            next_attempt_at: sql<number>`case when sync_queue.state = 'running' then sync_queue.next_attempt_at else excluded.next_attempt_at end`,
            state: sql<string>`case when sync_queue.state = 'running' then 'running' else 'pending' end`,
          })),
        )
        .returning(['id', 'store_id', 'entity_type', 'magento_id'])
        .execute();
      const withData: Array<{ entry_id: number; payload_json: string }> = [];
      const withoutData: number[] = [];
      for (const entry of entries) {
        const item = unique.get(queueKey(entry.store_id, entry.entity_type, entry.magento_id));
        if (item?.payload === undefined) withoutData.push(entry.id);
        else withData.push({ entry_id: entry.id, payload_json: JSON.stringify(item.payload) });
      }
      if (withoutData.length > 0) await this.db.deleteFrom('sync_payloads').where('entry_id', 'in', withoutData).execute();
      if (withData.length > 0) {
        await this.db
          .insertInto('sync_payloads')
          .values(withData)
          .onConflict((oc) => oc.column('entry_id').doUpdateSet((eb) => ({ payload_json: eb.ref('excluded.payload_json') })))
          .execute();
      }
    }
  }

  /** Leases up to `limit` due entries, highest priority and oldest first. */
  async claim(options: ClaimOptions): Promise<QueueEntry[]> {
    const now = options.now ?? Date.now();
    const rows = await this.db
      .updateTable('sync_queue')
      .set((eb) => ({
        state: 'running',
        lease_owner: options.owner,
        lease_until: now + options.leaseMs,
        attempts: eb('attempts', '+', 1),
        requeued: 0,
        updated_at: now,
      }))
      .where('id', 'in', this.dialect === 'postgres' ? this.claimablePostgres(options, now) : this.claimableSqlite(options, now))
      .returningAll()
      .execute();
    await this.attachPayloads(rows as QueueEntry[]);
    return (rows as QueueEntry[]).sort((a, b) => b.priority - a.priority || a.next_attempt_at - b.next_attempt_at || a.id - b.id);
  }

  /** The due entries a claim may take (claimable and due, or running with a lapsed lease), filtered as asked. */
  private candidates(options: ClaimOptions) {
    let q = this.db.selectFrom('sync_queue');
    if (options.entityTypes) q = q.where('entity_type', 'in', [...options.entityTypes]);
    if (options.tenantId !== undefined) q = options.tenantId === null ? q.where('tenant_id', 'is', null) : q.where('tenant_id', '=', options.tenantId);
    if (options.storeId !== undefined) q = q.where('store_id', '=', options.storeId);
    return q;
  }

  /** PostgreSQL: one query, rows locked and skipped when another worker holds them (FOR UPDATE SKIP LOCKED). */
  private claimablePostgres(options: ClaimOptions, now: number) {
    return this.candidates(options)
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('state', 'in', [...CLAIMABLE_STATES]), eb('next_attempt_at', '<=', now)]),
          eb.and([eb('state', '=', 'running'), eb('lease_until', '<', now)]),
        ]),
      )
      .orderBy('priority', 'desc')
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(options.limit)
      .forUpdate()
      .skipLocked();
  }

  /**
   * SQLite: the first `limit` entries of each state in claim order, read along sync_queue_claim_by_type (entity type,
   * state, priority, due time, id), then the first `limit` of those. One query over every claimable state sorted every
   * claimable entry of the type on each claim, which grew with the queue (9.8 ms a claim at 60,000 entries, 0.6 ms this
   * way; bench/RESULTS.md, section 8).
   */
  private claimableSqlite(options: ClaimOptions, now: number) {
    const branch = (state: QueueState) =>
      this.db
        .selectFrom(
          this.candidates(options)
            .select(['id', 'priority', 'next_attempt_at'])
            .where('state', '=', state)
            .$call((q) => (state === 'running' ? q.where('lease_until', '<', now) : q.where('next_attempt_at', '<=', now)))
            .orderBy('priority', 'desc')
            .orderBy('next_attempt_at')
            .orderBy('id')
            .limit(options.limit)
            .as(`due_${state}`),
        )
        .select(['id', 'priority', 'next_attempt_at']);
    const [first, ...rest] = [...CLAIMABLE_STATES, 'running' as const].map(branch);
    const due = rest.reduce((all, q) => all.unionAll(q), first!);
    return this.db.selectFrom(due.as('due')).select('id').orderBy('priority', 'desc').orderBy('next_attempt_at').orderBy('id').limit(options.limit);
  }

  /** Extends the lease of entries still being worked on (long batches). */
  async extendLease(ids: readonly number[], owner: string, leaseUntil: number): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('sync_queue')
      .set({ lease_until: leaseUntil })
      .where('id', 'in', [...ids])
      .where('lease_owner', '=', owner)
      .where('state', '=', 'running')
      .execute();
  }

  /** Who holds running entries (to find holders that died). */
  async runningOwners(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('sync_queue')
      .select('lease_owner')
      .distinct()
      .where('state', '=', 'running')
      .where('lease_owner', 'is not', null)
      .execute();
    return rows.map((r) => r.lease_owner as string);
  }

  /** Ends the leases of owners known to be dead, so their entries can be claimed now (their attempt still counts). */
  async expireLeases(owners: readonly string[], now = Date.now()): Promise<number> {
    if (owners.length === 0) return 0;
    const r = await this.db
      .updateTable('sync_queue')
      .set({ lease_until: now - 1 })
      .where('state', '=', 'running')
      .where('lease_owner', 'in', [...owners])
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Finishes entries. An entry queued again while it ran goes back to pending instead, so the newer data is posted. */
  async complete(ids: readonly number[], owner: string, now = Date.now()): Promise<void> {
    if (ids.length === 0) return;
    await this.move(ids, owner, 'done', now, { last_error: null, lease_owner: null, lease_until: null });
    // Only what is done now: an entry queued again while it ran went back to pending with its newer data.
    await this.db
      .deleteFrom('sync_payloads')
      .where('entry_id', 'in', (eb) => eb.selectFrom('sync_queue').select('id').where('id', 'in', [...ids]).where('state', '=', 'done'))
      .execute();
  }

  /**
   * A batch's outcomes written together, in one transaction: entries with the same outcome and message move in one
   * statement, and the whole batch commits once (one commit per record had been a measurable share of the connector's
   * CPU, bench/RESULTS.md section 7). Nothing is half-written: a dropped connection fails the lot, and it is retried.
   */
  async settle(owner: string, now: number, outcomes: readonly SettledGroup[], alerts: { raise: readonly NewAlert[]; clear: readonly string[] } = { raise: [], clear: [] }): Promise<void> {
    if (outcomes.every((o) => o.ids.length === 0)) return;
    await this.db.transaction().execute(async (trx) => {
      // Records that need a person alert in the same transaction as their outcome: never one without the other.
      if (alerts.clear.length > 0) await new AlertsRepository(trx).clear(alerts.clear);
      if (alerts.raise.length > 0) await new AlertsRepository(trx).raise(alerts.raise);
      const queue = new QueueRepository(trx, this.dialect);
      for (const o of outcomes) {
        if (o.ids.length === 0) continue;
        if (o.kind === 'done') await queue.complete(o.ids, owner, now);
        else if (o.kind === 'skipped') await queue.skip(o.ids, owner, o.message, now);
        else if (o.kind === 'parked') await queue.park(o.ids, owner, o.message, now);
        else if (o.kind === 'waiting') await queue.wait(o.ids, owner, o.message, o.nextAttemptAt, now);
        else await queue.fail(o.ids, owner, o.message, o.nextAttemptAt, now);
      }
    });
  }

  /** The queued data of claimed entries, read in one statement. */
  private async attachPayloads(entries: QueueEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const rows = await this.db
      .selectFrom('sync_payloads')
      .select(['entry_id', 'payload_json'])
      .where('entry_id', 'in', entries.map((e) => e.id))
      .execute();
    const byId = new Map(rows.map((r) => [Number(r.entry_id), r.payload_json]));
    for (const entry of entries) entry.payload_json = byId.get(entry.id) ?? null;
  }

  /** A transient failure: tried again at `nextAttemptAt`. */
  async fail(ids: readonly number[], owner: string, error: string, nextAttemptAt: number, now = Date.now()): Promise<void> {
    if (ids.length === 0) return;
    await this.move(ids, owner, 'failed', now, {
      last_error: error,
      next_attempt_at: nextAttemptAt,
      lease_owner: null,
      lease_until: null,
    });
  }

  /** Processed on purpose without a Xero document (a cancelled order, a "do not pay" method): the reason is kept. */
  async skip(ids: readonly number[], owner: string, reason: string, now = Date.now()): Promise<void> {
    if (ids.length === 0) return;
    await this.move(ids, owner, 'skipped', now, { last_error: reason, lease_owner: null, lease_until: null });
  }

  /**
   * Waits for something else (another record, an approval in Xero, Xero's limit, the go-live gate): not an error, due
   * again at `nextAttemptAt`. `countAttempt` as for `release`.
   */
  async wait(ids: readonly number[], owner: string, reason: string, nextAttemptAt: number, now = Date.now(), countAttempt = true): Promise<void> {
    if (ids.length === 0) return;
    const base = this.db
      .updateTable('sync_queue')
      .where('id', 'in', [...ids])
      .where('lease_owner', '=', owner)
      .where('state', 'in', [...allowedFrom('waiting')]);
    const common = {
      attempts: countAttempt ? sql<number>`attempts` : sql<number>`case when attempts > 0 then attempts - 1 else 0 end`,
      lease_owner: null,
      lease_until: null,
      requeued: 0,
      updated_at: now,
    };
    // Queued again while it ran: the newest data goes now instead of waiting.
    await base.set({ ...common, state: 'pending', last_error: null, next_attempt_at: now }).where('requeued', '=', 1).execute();
    await base.set({ ...common, state: 'waiting', last_error: reason, next_attempt_at: nextAttemptAt }).where('requeued', '=', 0).execute();
  }

  /** A failure only a person or a changed record can fix (validation): kept, with the message, until then. */
  async park(ids: readonly number[], owner: string, error: string, now = Date.now()): Promise<void> {
    if (ids.length === 0) return;
    await this.move(ids, owner, 'parked', now, { last_error: error, lease_owner: null, lease_until: null });
  }

  /**
   * Gives claimed entries back, due at `nextAttemptAt`. Untouched entries do not count it as an attempt; entries whose
   * batch was cut short (`countAttempt`: it may have written to Xero before it stopped) keep it, so the next try looks
   * Xero up before writing again.
   */
  async release(ids: readonly number[], owner: string, now = Date.now(), nextAttemptAt = now, countAttempt = false): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('sync_queue')
      .set((eb) => ({
        state: 'pending',
        attempts: countAttempt
          ? eb.ref('attempts')
          : sql<number>`case when ${eb.ref('attempts')} > 0 then ${eb.ref('attempts')} - 1 else 0 end`,
        next_attempt_at: nextAttemptAt,
        lease_owner: null,
        lease_until: null,
        updated_at: now,
      }))
      .where('id', 'in', [...ids])
      .where('lease_owner', '=', owner)
      .where('state', 'in', [...allowedFrom('pending')])
      .execute();
  }

  private async move(
    ids: readonly number[],
    owner: string,
    to: 'done' | 'skipped' | 'failed' | 'parked',
    now: number,
    set: Partial<Pick<QueueRow, 'last_error' | 'next_attempt_at' | 'lease_owner' | 'lease_until'>>,
  ): Promise<void> {
    const base = this.db
      .updateTable('sync_queue')
      .where('id', 'in', [...ids])
      .where('lease_owner', '=', owner)
      .where('state', 'in', [...allowedFrom(to)]);
    // Queued again while running: the newest data still has to go, so back to pending. Attempts start over after a
    // known outcome; after a failure they are kept, because that attempt's answer may have been lost and the handlers
    // read `attempts > 1` as "look Xero up before writing".
    await base
      .set({
        state: 'pending',
        attempts: to === 'failed' ? sql<number>`attempts` : 0,
        next_attempt_at: now,
        lease_owner: null,
        lease_until: null,
        requeued: 0,
        updated_at: now,
        last_error: null,
      })
      .where('requeued', '=', 1)
      .execute();
    await base.set({ ...set, state: to, updated_at: now }).where('requeued', '=', 0).execute();
  }

  /** Puts failed or parked entries (or the given ones) back in line now. */
  async retry(ids?: readonly number[], now = Date.now()): Promise<number> {
    let q = this.db
      .updateTable('sync_queue')
      .set({ state: 'pending', attempts: 0, next_attempt_at: now, updated_at: now })
      .where('state', 'in', ['failed', 'parked']);
    if (ids) q = q.where('id', 'in', ids.length ? [...ids] : [-1]);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Makes due now what waits (a "Sync now" on entries that are pending later or failed). */
  async expedite(ids?: readonly number[], now = Date.now()): Promise<number> {
    let q = this.db
      .updateTable('sync_queue')
      .set({ next_attempt_at: now, updated_at: now })
      .where('state', 'in', [...CLAIMABLE_STATES]);
    if (ids) q = q.where('id', 'in', ids.length ? [...ids] : [-1]);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Removes entries that are not being worked on (running ones finish first). */
  async remove(ids: readonly number[]): Promise<number> {
    if (ids.length === 0) return 0;
    const r = await this.db
      .deleteFrom('sync_queue')
      .where('id', 'in', [...ids])
      .where('state', '!=', 'running')
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Empties the queue of everything not running; `state` limits it to one state (e.g. done). */
  async clear(state?: QueueState): Promise<number> {
    let q = this.db.deleteFrom('sync_queue').where('state', '!=', 'running');
    if (state) q = q.where('state', '=', state);
    const r = await q.executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async get(id: number): Promise<QueueEntry | undefined> {
    const entry = (await this.db.selectFrom('sync_queue').selectAll().where('id', '=', id).executeTakeFirst()) as QueueEntry | undefined;
    if (entry) await this.attachPayloads([entry]);
    return entry;
  }

  async find(storeId: number, entityType: string, magentoId: string): Promise<QueueEntry | undefined> {
    const entry = (await this.db
      .selectFrom('sync_queue')
      .selectAll()
      .where('store_id', '=', storeId)
      .where('entity_type', '=', entityType)
      .where('magento_id', '=', magentoId)
      .executeTakeFirst()) as QueueEntry | undefined;
    if (entry) await this.attachPayloads([entry]);
    return entry;
  }

  async list(filter: QueueFilter = {}): Promise<QueueEntry[]> {
    let q = this.db.selectFrom('sync_queue').selectAll().orderBy('priority', 'desc').orderBy('next_attempt_at').orderBy('id');
    if (filter.state) q = q.where('state', '=', filter.state);
    if (filter.entityType) q = q.where('entity_type', '=', filter.entityType);
    q = q.limit(filter.limit ?? 100).offset(filter.offset ?? 0);
    return (await q.execute()) as QueueEntry[];
  }

  /** Entries per entity type and state, for the dashboard and /metrics. */
  async counts(): Promise<Array<{ entity_type: string; state: QueueState; n: number }>> {
    const rows = await this.db
      .selectFrom('sync_queue')
      .select(['entity_type', 'state', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['entity_type', 'state'])
      .orderBy('entity_type')
      .execute();
    return rows.map((r) => ({ entity_type: r.entity_type, state: r.state as QueueState, n: Number(r.n) }));
  }

  /** Entries that can still be claimed now or later (pending, failed, running). */
  async outstanding(): Promise<number> {
    const row = await this.db
      .selectFrom('sync_queue')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('state', 'in', [...OUTSTANDING_STATES])
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** When the next entry falls due (or a lease runs out), so an idle worker sleeps exactly that long. */
  async nextDueAt(): Promise<number | undefined> {
    const due = await this.db
      .selectFrom('sync_queue')
      .select((eb) => eb.fn.min<number>('next_attempt_at').as('at'))
      .where('state', 'in', [...CLAIMABLE_STATES])
      .executeTakeFirst();
    const lease = await this.db
      .selectFrom('sync_queue')
      .select((eb) => eb.fn.min<number>('lease_until').as('at'))
      .where('state', '=', 'running')
      .executeTakeFirst();
    const times = [due?.at, lease?.at].filter((t): t is number => t != null).map(Number);
    return times.length === 0 ? undefined : Math.min(...times);
  }
}
