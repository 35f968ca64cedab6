import type { Kysely, Selectable } from 'kysely';
import type { ApiUsageDayRow, ApiUsageMinuteRow, Tables } from './schema.js';

export interface UsageDelta {
  calls?: number;
  errors?: number;
  rateLimited?: number;
}

export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
export const minuteStart = (ms: number): number => ms - (ms % 60_000);

/** Xero API calls per tenant per UTC day and per minute: the Request daily report and the daily budget. */
export class ApiUsageRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async record(tenantId: string, at: number, delta: UsageDelta): Promise<void> {
    const calls = delta.calls ?? 0;
    const errors = delta.errors ?? 0;
    const rate_limited = delta.rateLimited ?? 0;
    await this.db
      .insertInto('api_usage_day')
      .values({ tenant_id: tenantId, day: utcDay(at), calls, errors, rate_limited })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'day']).doUpdateSet((eb) => ({
          calls: eb('api_usage_day.calls', '+', calls),
          errors: eb('api_usage_day.errors', '+', errors),
          rate_limited: eb('api_usage_day.rate_limited', '+', rate_limited),
        })),
      )
      .execute();
    await this.db
      .insertInto('api_usage_minute')
      .values({ tenant_id: tenantId, minute: minuteStart(at), calls, errors, rate_limited })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'minute']).doUpdateSet((eb) => ({
          calls: eb('api_usage_minute.calls', '+', calls),
          errors: eb('api_usage_minute.errors', '+', errors),
          rate_limited: eb('api_usage_minute.rate_limited', '+', rate_limited),
        })),
      )
      .execute();
  }

  /** Days from `fromDay` (inclusive, YYYY-MM-DD), oldest first; all tenants unless one is named. */
  async days(fromDay: string, tenantId?: string): Promise<Array<Selectable<ApiUsageDayRow>>> {
    let q = this.db.selectFrom('api_usage_day').selectAll().where('day', '>=', fromDay).orderBy('day').orderBy('tenant_id');
    if (tenantId) q = q.where('tenant_id', '=', tenantId);
    return q.execute();
  }

  async minutes(from: number, tenantId?: string): Promise<Array<Selectable<ApiUsageMinuteRow>>> {
    let q = this.db.selectFrom('api_usage_minute').selectAll().where('minute', '>=', from).orderBy('minute');
    if (tenantId) q = q.where('tenant_id', '=', tenantId);
    return q.execute();
  }

  async callsOn(tenantId: string, day: string): Promise<number> {
    const row = await this.db
      .selectFrom('api_usage_day')
      .select('calls')
      .where('tenant_id', '=', tenantId)
      .where('day', '=', day)
      .executeTakeFirst();
    return row ? Number(row.calls) : 0;
  }

  /** Minute rows older than `before` are only detail: the day rows keep the totals. */
  async pruneMinutes(before: number): Promise<void> {
    await this.db.deleteFrom('api_usage_minute').where('minute', '<', before).execute();
  }
}
