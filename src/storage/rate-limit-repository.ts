import type { Kysely } from 'kysely';
import { utcDay } from './api-usage-repository.js';
import type { Dialect } from './database.js';
import type { Tables } from './schema.js';
import { dailyLimitAlert } from '../domain/alerts.js';
import { AlertsRepository } from './alerts-repository.js';

export interface TenantLimits {
  perMinute: number;
  concurrent: number;
  perDay: number;
}

export type AcquireResult =
  | { ok: true }
  | { ok: false; waitMs: number; reason: 'paused' | 'day' | 'minute' | 'concurrent'; detail?: string };

export interface CallOutcome {
  /** Xero's X-MinLimit-Remaining / X-DayLimit-Remaining when the answer had them. */
  minuteRemaining?: number;
  dayRemaining?: number;
  /** A 429: Xero says wait this long. */
  retryAfterMs?: number;
  problem?: string;
}

const MINUTE = 60_000;
const nextUtcMidnight = (now: number) => Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate() + 1);

/**
 * The SQL of the shared per-tenant rate limiter. `tryAcquire` is one transaction that, with the tenant's state row locked,
 * checks the pause, the daily budget, the sliding minute and the calls in flight, and either records the call or says how
 * long to wait. Every worker on the database sees the same counts.
 */
export class RateLimitRepository {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly dialect: Dialect,
  ) {}

  async tryAcquire(tenantId: string, callId: string, limits: TenantLimits, now: number, callTimeoutMs: number): Promise<AcquireResult> {
    // Three statements in the transaction (the state row locked, the counts, the call recorded), where there were five:
    // the limiter ran for every Xero call and its statements were 44 % of a backfill's (bench/RESULTS.md, section 8).
    return this.db.transaction().execute(async (trx) => {
      const state = await this.lockedState(trx, tenantId);

      if (state.paused_until > now) {
        return { ok: false, waitMs: state.paused_until - now, reason: 'paused', detail: state.pause_reason ?? undefined } as AcquireResult;
      }

      // Read after the lock is held, in a statement of its own: on PostgreSQL (read committed) a statement sees what was
      // committed when it started, so counting in the locking statement would miss a call another worker recorded while
      // this one waited for the lock.
      const today = utcDay(now);
      const counts = await trx
        .selectFrom('rate_calls')
        .select((eb) => [
          eb.fn.countAll<number>().as('calls'),
          eb.fn
            .sum<number | null>(eb.case().when(eb.and([eb('done', '=', 0), eb('expires_at', '>', now)])).then(1).else(0).end())
            .as('in_flight'),
          eb
            .selectFrom('api_usage_day')
            .select('calls')
            .where('tenant_id', '=', tenantId)
            .where('day', '=', today)
            .as('used_today'),
        ])
        .where('tenant_id', '=', tenantId)
        .where('at', '>', now - MINUTE)
        .executeTakeFirstOrThrow();
      const callsThisMinute = Number(counts.calls);
      const inFlight = Number(counts.in_flight ?? 0);

      const usedToday = Number(counts.used_today ?? 0) + inFlight;
      const xeroSaysSpent =
        state.day_remaining !== null && state.day_remaining <= 0 && utcDay(state.observed_at) === today;
      if (usedToday >= limits.perDay || xeroSaysSpent) {
        const until = nextUtcMidnight(now);
        const detail = xeroSaysSpent ? 'Xero said no calls are left today (X-DayLimit-Remaining: 0)' : `${usedToday} of ${limits.perDay} calls used today`;
        // A person should know: once per organisation and day (the alert's fingerprint), in the same transaction.
        await new AlertsRepository(trx).raise([dailyLimitAlert(tenantId, until, now, detail)]);
        return { ok: false, waitMs: until - now, reason: 'day', detail: `daily limit of ${limits.perDay} calls reached` } as AcquireResult;
      }
      if (callsThisMinute >= limits.perMinute) {
        // The minute is full: the next call may start a minute after the perMinute-th newest call of the last minute.
        const oldest = await trx
          .selectFrom('rate_calls')
          .select('at')
          .where('tenant_id', '=', tenantId)
          .where('at', '>', now - MINUTE)
          .orderBy('at', 'desc')
          .limit(1)
          .offset(limits.perMinute - 1)
          .executeTakeFirstOrThrow();
        return { ok: false, waitMs: Math.max(1, oldest.at + MINUTE - now + 1), reason: 'minute' } as AcquireResult;
      }
      if (inFlight >= limits.concurrent) return { ok: false, waitMs: 25, reason: 'concurrent' } as AcquireResult;

      await trx
        .insertInto('rate_calls')
        .values({ id: callId, tenant_id: tenantId, at: now, expires_at: now + callTimeoutMs, done: 0 })
        .execute();
      return { ok: true } as AcquireResult;
    });
  }

  /**
   * The tenant's state row, made on its first call, in the statement that locks it: an upsert that writes the row takes
   * SQLite's write lock at once (a transaction that only read first could not take it later if another process wrote
   * meanwhile) and PostgreSQL's row lock (as FOR UPDATE would), so every worker's check and record of a call is serial.
   */
  private async lockedState(trx: Kysely<Tables>, tenantId: string) {
    return trx
      .insertInto('rate_state')
      .values({ tenant_id: tenantId, paused_until: 0, observed_at: 0 })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet((eb) => ({ tenant_id: eb.ref('excluded.tenant_id') })))
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Ends a call; applies what Xero said about the limits, and pauses the tenant on a 429. */
  async finish(tenantId: string, callId: string, outcome: CallOutcome, now: number): Promise<void> {
    // Xero's own 429 for the day (X-Rate-Limit-Problem: day): the budget ran out, whatever our count says.
    if (outcome.retryAfterMs !== undefined && outcome.problem === 'day') {
      await new AlertsRepository(this.db).raise([dailyLimitAlert(tenantId, now + outcome.retryAfterMs, now, "Xero answered 429 with X-Rate-Limit-Problem: day")]);
    }
    await this.db.updateTable('rate_calls').set({ done: 1 }).where('id', '=', callId).execute();
    if (outcome.minuteRemaining !== undefined || outcome.dayRemaining !== undefined) {
      await this.db
        .updateTable('rate_state')
        .set({
          observed_at: now,
          ...(outcome.minuteRemaining !== undefined ? { minute_remaining: outcome.minuteRemaining } : {}),
          ...(outcome.dayRemaining !== undefined ? { day_remaining: outcome.dayRemaining } : {}),
        })
        .where('tenant_id', '=', tenantId)
        .execute();
    }
    if (outcome.retryAfterMs !== undefined) {
      const until = now + outcome.retryAfterMs;
      await this.db
        .updateTable('rate_state')
        .set({ paused_until: until, pause_reason: `Xero asked to wait (${outcome.problem ?? 'rate limit'})` })
        .where('tenant_id', '=', tenantId)
        // Never shorten a longer pause set by another worker.
        .where('paused_until', '<', until)
        .execute();
    }
  }

  async prune(now: number): Promise<void> {
    await this.db.deleteFrom('rate_calls').where('at', '<', now - 2 * MINUTE).execute();
  }

  async state(tenantId: string) {
    return this.db.selectFrom('rate_state').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
  }

  async pause(tenantId: string, until: number, reason: string): Promise<void> {
    await this.db
      .insertInto('rate_state')
      .values({ tenant_id: tenantId, paused_until: until, pause_reason: reason, observed_at: 0 })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ paused_until: until, pause_reason: reason }))
      .execute();
  }
}
