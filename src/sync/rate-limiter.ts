import { randomUUID } from 'node:crypto';
import type { CallOutcome, RateLimitRepository, TenantLimits } from '../storage/rate-limit-repository.js';
import type { Clock } from '../domain/clock.js';

export const XERO_LIMITS: TenantLimits = { perMinute: 60, concurrent: 5, perDay: 5000 };

export interface RateLimiterOptions {
  repository: RateLimitRepository;
  clock: Clock;
  limits: (tenantId: string) => TenantLimits;
  /** A call still open after this long (a crashed worker) stops counting as in flight. */
  callTimeoutMs?: number;
  /** Told when work waits on a limit, so the dashboard can say why nothing moves. */
  onWait?: (tenantId: string, reason: string, waitMs: number) => void;
  /** Counts each finished call (and each 429) for the Request daily report and the daily budget. */
  recordCall?: (tenantId: string, at: number, rateLimited: boolean) => Promise<void>;
}

export interface CallPermit {
  finish(outcome: CallOutcome): Promise<void>;
}

export class DailyLimitReachedError extends Error {
  override readonly name = 'DailyLimitReachedError';
  constructor(
    readonly tenantId: string,
    readonly resumeAt: number,
  ) {
    super(`Xero's daily API limit for this organisation is spent; work resumes at ${new Date(resumeAt).toISOString()}`);
  }
}
export const isDailyLimitReached = (e: unknown): e is DailyLimitReachedError => e instanceof DailyLimitReachedError;

/**
 * Xero's per-tenant limits (60 calls a minute, 5 at once, 5,000 a day, or a smaller tier's), shared by every worker through
 * the database. `acquire` waits for a free slot; a spent daily budget is not waited out inside a request: it throws
 * DailyLimitReachedError so the worker can give its entries back and sleep until the next day.
 */
export class RateLimiter {
  private acquired = 0;
  constructor(private readonly options: RateLimiterOptions) {}

  async acquire(tenantId: string, signal?: AbortSignal): Promise<CallPermit> {
    const { repository, clock, limits } = this.options;
    const callId = randomUUID();
    const timeout = this.options.callTimeoutMs ?? 120_000;
    for (;;) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      const now = clock.now();
      const result = await repository.tryAcquire(tenantId, callId, limits(tenantId), now, timeout);
      if (result.ok) break;
      this.options.onWait?.(tenantId, result.reason, result.waitMs);
      if (result.reason === 'day') throw new DailyLimitReachedError(tenantId, now + result.waitMs);
      await clock.sleep(Math.min(result.waitMs, 60_000), signal);
    }
    if (++this.acquired % 200 === 0) await repository.prune(clock.now());
    return {
      finish: async (outcome) => {
        const at = clock.now();
        await this.options.recordCall?.(tenantId, at, outcome.retryAfterMs !== undefined || outcome.problem !== undefined);
        await repository.finish(tenantId, callId, outcome, at);
      },
    };
  }
}
