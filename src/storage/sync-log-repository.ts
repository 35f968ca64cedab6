import type { Insertable, Kysely, Selectable } from 'kysely';
import type { LogRow, Tables } from './schema.js';

export type LogEntry = Selectable<LogRow>;
export type NewLogEntry = Omit<Insertable<LogRow>, 'id'>;

export interface LogFilter {
  status?: LogRow['status'];
  entityType?: string;
  magentoId?: string;
  from?: number;
  to?: number;
  limit?: number;
  offset?: number;
}

/** Every attempt, with Xero's own message on failure: what the Log page and `magento-xero log` show. */
export class SyncLogRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async add(entries: readonly NewLogEntry[]): Promise<void> {
    for (let i = 0; i < entries.length; i += 500) {
      await this.db.insertInto('sync_log').values(entries.slice(i, i + 500)).execute();
    }
  }

  async list(filter: LogFilter = {}): Promise<LogEntry[]> {
    let q = this.db.selectFrom('sync_log').selectAll().orderBy('at', 'desc').orderBy('id', 'desc');
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.entityType) q = q.where('entity_type', '=', filter.entityType);
    if (filter.magentoId) q = q.where('magento_id', '=', filter.magentoId);
    if (filter.from !== undefined) q = q.where('at', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('at', '<', filter.to);
    return q.limit(filter.limit ?? 100).offset(filter.offset ?? 0).execute();
  }

  async count(filter: Pick<LogFilter, 'status' | 'entityType'> = {}): Promise<number> {
    let q = this.db.selectFrom('sync_log').select((eb) => eb.fn.countAll<number>().as('n'));
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.entityType) q = q.where('entity_type', '=', filter.entityType);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  /** Log lines of documents posted with a rounding line or tax moved between lines, per UTC day since `from`. */
  async adjustmentsByDay(from: number): Promise<Array<{ day: string; documents: number; roundingCents: number; taxMovedCents: number }>> {
    const rows = await this.db
      .selectFrom('sync_log')
      .select(['at', 'rounding_cents', 'tax_moved_cents'])
      .where('at', '>=', from)
      // An "other charges" line (a difference no Magento total explains, posted because the setting allows it) is
      // recorded in the message alone; the reconciliation lists it with the rounding lines.
      .where((eb) => eb.or([eb('rounding_cents', 'is not', null), eb('tax_moved_cents', 'is not', null), eb('message', 'like', '%other charges line %')]))
      .execute();
    const byDay = new Map<string, { day: string; documents: number; roundingCents: number; taxMovedCents: number }>();
    for (const r of rows) {
      const day = new Date(Number(r.at)).toISOString().slice(0, 10);
      const d = byDay.get(day) ?? { day, documents: 0, roundingCents: 0, taxMovedCents: 0 };
      d.documents += 1;
      d.roundingCents += Number(r.rounding_cents ?? 0);
      d.taxMovedCents += Number(r.tax_moved_cents ?? 0);
      byDay.set(day, d);
    }
    return [...byDay.values()].sort((a, b) => b.day.localeCompare(a.day));
  }

  /** Log lines that carry a rounding line or tax moved between lines, since `from` (epoch ms), oldest first. */
  async adjustmentsSince(from: number): Promise<LogEntry[]> {
    return this.db
      .selectFrom('sync_log')
      .selectAll()
      .where('at', '>=', from)
      // An "other charges" line (a difference no Magento total explains, posted because the setting allows it) is
      // recorded in the message alone; the reconciliation lists it with the rounding lines.
      .where((eb) => eb.or([eb('rounding_cents', 'is not', null), eb('tax_moved_cents', 'is not', null), eb('message', 'like', '%other charges line %')]))
      .orderBy('at', 'asc')
      .execute();
  }

  /** The newest successful attempt, for the dashboard's "last successful sync". */
  async lastSuccessAt(): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('sync_log')
      .select((eb) => eb.fn.max<number>('at').as('at'))
      .where('status', '=', 'success')
      .executeTakeFirst();
    return row?.at == null ? undefined : Number(row.at);
  }
}
