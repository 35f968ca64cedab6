import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Dialect } from './database.js';
import type { SummaryDayRow, SummaryEntryRow, Tables } from './schema.js';

export type SummaryDay = Selectable<SummaryDayRow>;
export type SummaryEntryRecord = Selectable<SummaryEntryRow>;

export interface SummaryDocumentInput {
  storeId: number;
  entityType: 'invoice' | 'creditmemo';
  magentoId: string;
  orderId: string;
  incrementId: string;
  orderIncrementId: string;
  /** The store-local day the document is dated. */
  documentDay: string;
  /** The store-local day it is now: where a document goes when its own day is no longer open. */
  today: string;
  currency: string;
  /** Hash of the document's whole contribution as it is now. */
  hash: string;
  /**
   * What this document should add on top of what it already added to days that are no longer open (their contributions
   * as stored, oldest first); undefined when that is nothing. With no earlier revisions: the whole contribution.
   */
  addition(previous: readonly unknown[]): unknown | undefined;
  now: number;
}

export type RecordOutcome =
  | { outcome: 'added'; day: string; revision: number; late: boolean }
  | { outcome: 'replaced'; day: string; revision: number }
  | { outcome: 'removed'; day: string }
  | { outcome: 'unchanged' };

type Db = Kysely<Tables> | Transaction<Tables>;

/**
 * Which Magento documents went into which store day, and the days' states. A document joins a day only while the day is
 * open; sealing a day (before its summary is posted) and adding a document to it exclude each other (a row lock on
 * PostgreSQL, an immediate transaction on SQLite), so a document that arrives while its day is being posted goes to
 * today's summary instead, and no summary is ever changed after it was posted.
 */
export class SummaryRepository {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly dialect: Dialect,
  ) {}

  private async transaction<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    if (this.dialect === 'postgres') return this.db.transaction().execute(fn);
    // SQLite: take the write lock up front, so a read-then-write never deadlocks against another process.
    return this.db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const result = await fn(conn);
        await sql`commit`.execute(conn);
        return result;
      } catch (error) {
        await sql`rollback`.execute(conn).catch(() => undefined);
        throw error;
      }
    });
  }

  /** The day's row, created open when missing, locked until the end of the transaction (PostgreSQL). */
  private async lockDay(db: Db, storeId: number, day: string, now: number): Promise<SummaryDay> {
    await db
      .insertInto('summary_days')
      .values({ store_id: storeId, day, state: 'open', tenant_id: null, sealed_at: null, posted_at: null, result_json: null, updated_at: now })
      .onConflict((oc) => oc.columns(['store_id', 'day']).doNothing())
      .execute();
    let q = db.selectFrom('summary_days').selectAll().where('store_id', '=', storeId).where('day', '=', day);
    if (this.dialect === 'postgres') q = q.forUpdate();
    return (await q.executeTakeFirstOrThrow()) as SummaryDay;
  }

  /** Puts a document (or its change) into a day: its own while that is open, else today's. */
  async record(input: SummaryDocumentInput): Promise<RecordOutcome> {
    return this.transaction(async (db) => {
      const revisions = await db
        .selectFrom('summary_entries')
        .selectAll()
        .where('store_id', '=', input.storeId)
        .where('entity_type', '=', input.entityType)
        .where('magento_id', '=', input.magentoId)
        .orderBy('revision')
        .execute();
      const latest = revisions[revisions.length - 1];
      if (latest && latest.content_hash === input.hash) return { outcome: 'unchanged' as const };

      const row = (revision: number, day: string, contribution: unknown): SummaryEntryRow => ({
        store_id: input.storeId,
        entity_type: input.entityType,
        magento_id: input.magentoId,
        revision,
        day,
        document_day: input.documentDay,
        order_id: input.orderId,
        increment_id: input.incrementId,
        order_increment_id: input.orderIncrementId,
        currency: input.currency,
        content_hash: input.hash,
        contribution_json: JSON.stringify(contribution),
        created_at: input.now,
      });

      if (latest) {
        const latestDay = await this.lockDay(db, input.storeId, latest.day, input.now);
        if (latestDay.state === 'open') {
          // Its day is still open: the latest revision is rewritten, on top of what earlier (closed) days already hold.
          const before = revisions.slice(0, -1).map((r) => JSON.parse(r.contribution_json) as unknown);
          const addition = input.addition(before);
          if (addition === undefined) {
            await db
              .deleteFrom('summary_entries')
              .where('store_id', '=', input.storeId)
              .where('entity_type', '=', input.entityType)
              .where('magento_id', '=', input.magentoId)
              .where('revision', '=', latest.revision)
              .execute();
            // Nothing left to add (a canceled invoice): the next look finds the earlier revisions and adds nothing again.
            return { outcome: 'removed' as const, day: latest.day };
          }
          await db
            .updateTable('summary_entries')
            .set({ content_hash: input.hash, contribution_json: JSON.stringify(addition), currency: input.currency, document_day: input.documentDay })
            .where('store_id', '=', input.storeId)
            .where('entity_type', '=', input.entityType)
            .where('magento_id', '=', input.magentoId)
            .where('revision', '=', latest.revision)
            .execute();
          return { outcome: 'replaced' as const, day: latest.day, revision: latest.revision };
        }
      }

      const addition = input.addition(revisions.map((r) => JSON.parse(r.contribution_json) as unknown));
      if (addition === undefined) return { outcome: 'unchanged' as const };
      // Its own day while that is open (first sight only); otherwise the first open day from today on.
      let day = latest ? input.today : input.documentDay;
      let state = (await this.lockDay(db, input.storeId, day, input.now)).state;
      let late = day !== input.documentDay;
      if (state !== 'open' && day !== input.today) {
        day = input.today;
        late = true;
        state = (await this.lockDay(db, input.storeId, day, input.now)).state;
      }
      for (let i = 0; state !== 'open' && i < 7; i++) {
        // Today is being posted already (a clock behind the store's): the next day that is open.
        day = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
        state = (await this.lockDay(db, input.storeId, day, input.now)).state;
      }
      const revision = (latest?.revision ?? 0) + 1;
      await db.insertInto('summary_entries').values(row(revision, day, addition)).execute();
      return { outcome: 'added' as const, day, revision, late };
    });
  }

  /**
   * Freezes a day before its summary is posted and returns what went into it. A sealed or posted day stays as it is (a
   * retried posting reads the same entries); documents that come after go to today.
   */
  async seal(storeId: number, day: string, tenantId: string, now: number): Promise<{ day: SummaryDay; entries: SummaryEntryRecord[] }> {
    return this.transaction(async (db) => {
      const current = await this.lockDay(db, storeId, day, now);
      if (current.state === 'open') {
        await db
          .updateTable('summary_days')
          .set({ state: 'sealed', sealed_at: now, tenant_id: tenantId, updated_at: now })
          .where('store_id', '=', storeId)
          .where('day', '=', day)
          .where('state', '=', 'open')
          .execute();
      }
      const row = (await db.selectFrom('summary_days').selectAll().where('store_id', '=', storeId).where('day', '=', day).executeTakeFirstOrThrow()) as SummaryDay;
      const entries = await db
        .selectFrom('summary_entries')
        .selectAll()
        .where('store_id', '=', storeId)
        .where('day', '=', day)
        .orderBy('entity_type')
        .orderBy('magento_id')
        .orderBy('revision')
        .execute();
      return { day: row, entries };
    });
  }

  async markPosted(storeId: number, day: string, result: unknown, now: number): Promise<void> {
    await this.db
      .updateTable('summary_days')
      .set({ state: 'posted', posted_at: now, result_json: JSON.stringify(result), updated_at: now })
      .where('store_id', '=', storeId)
      .where('day', '=', day)
      .where('state', 'in', ['sealed', 'posted'])
      .execute();
  }

  async day(storeId: number, day: string): Promise<SummaryDay | undefined> {
    return (await this.db.selectFrom('summary_days').selectAll().where('store_id', '=', storeId).where('day', '=', day).executeTakeFirst()) as
      | SummaryDay
      | undefined;
  }

  /** Days newest first, optionally within a range and for one store. */
  async days(filter: { storeId?: number; from?: string; to?: string; limit?: number } = {}): Promise<SummaryDay[]> {
    let q = this.db.selectFrom('summary_days').selectAll().orderBy('day', 'desc').orderBy('store_id');
    if (filter.storeId !== undefined) q = q.where('store_id', '=', filter.storeId);
    if (filter.from) q = q.where('day', '>=', filter.from);
    if (filter.to) q = q.where('day', '<=', filter.to);
    return (await q.limit(filter.limit ?? 100).execute()) as SummaryDay[];
  }

  async entries(storeId: number, day: string): Promise<SummaryEntryRecord[]> {
    return this.db
      .selectFrom('summary_entries')
      .selectAll()
      .where('store_id', '=', storeId)
      .where('day', '=', day)
      .orderBy('entity_type')
      .orderBy('magento_id')
      .orderBy('revision')
      .execute();
  }

  /** Entries of documents, by entity type and Magento ids (every revision). */
  async entriesOf(entityType: string, magentoIds: readonly string[]): Promise<SummaryEntryRecord[]> {
    if (magentoIds.length === 0) return [];
    return this.db.selectFrom('summary_entries').selectAll().where('entity_type', '=', entityType).where('magento_id', 'in', [...magentoIds]).execute();
  }

  /** The orders (of those given) that have a document in some summary: they must never be posted per order as well. */
  async summarisedOrders(orderIds: readonly string[]): Promise<Set<string>> {
    if (orderIds.length === 0) return new Set();
    const rows = await this.db.selectFrom('summary_entries').select('order_id').distinct().where('order_id', 'in', [...orderIds]).execute();
    return new Set(rows.map((r) => r.order_id));
  }
}
