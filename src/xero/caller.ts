// One Xero call for one tenant, end to end: a permit from the rate limiter, a token, the request, and the retry policy
// (a 401 refreshes the token once; 429/5xx/network wait and try again with the same Idempotency-Key).
import { randomUUID } from 'node:crypto';
import type { RateLimitProblem } from './errors.js';
import { isXeroRateLimitError } from './errors.js';
import { xeroRequest, type XeroHttpOptions, type XeroRequest, type XeroResponse } from './http.js';
import { decideRetry, type RetryContext } from './retry-policy.js';
import type { TokenProvider } from './token-provider.js';

/** What the engine's RateLimiter (src/sync/rate-limiter.ts) offers; structural, so any limiter fits. */
export interface CallLimiter {
  acquire(tenantId: string, signal?: AbortSignal): Promise<{ finish(outcome: CallOutcomeReport): Promise<void> }>;
}
export interface CallOutcomeReport {
  minuteRemaining?: number;
  dayRemaining?: number;
  retryAfterMs?: number;
  problem?: string;
}

export interface RetryOptions extends Omit<RetryContext, 'attempt' | 'tokenRefreshed'> {
  /** Waits between attempts; injectable so tests do not sleep. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface XeroCallerOptions extends XeroHttpOptions {
  tenantId: string;
  tokens: TokenProvider;
  limiter?: CallLimiter;
  retry?: RetryOptions;
}

export type CallRequest = Omit<XeroRequest, 'accessToken' | 'tenantId'>;

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export async function callXero(options: XeroCallerOptions, request: CallRequest): Promise<XeroResponse> {
  const { tenantId, tokens, limiter } = options;
  const retry = options.retry ?? {};
  const wait = retry.sleep ?? sleep;
  // Every call gets a key, kept across its retries, so a retried write after a lost answer cannot post twice; xeroRequest
  // sends it only on writes (PUT, POST), the one place that rule lives.
  const idempotencyKey = request.idempotencyKey ?? randomUUID();
  let tokenRefreshed = false;

  for (let attempt = 1; ; attempt++) {
    const permit = limiter ? await limiter.acquire(tenantId, request.signal) : undefined;
    try {
      const accessToken = await tokens.accessToken(tenantId);
      const response = await xeroRequest(options, {
        ...request,
        accessToken,
        tenantId,
        idempotencyKey,
      });
      await permit?.finish(outcome(response.rate));
      return response;
    } catch (error) {
      await permit?.finish(isXeroRateLimitError(error) ? rateLimited(error.retryAfterMs, error.problem) : {});
      const decision = decideRetry(error, { ...retry, attempt, tokenRefreshed });
      if (!decision.retry) throw error;
      if (decision.reason === 'refresh-token') {
        await tokens.invalidate(tenantId);
        tokenRefreshed = true;
      } else if (decision.waitMs > 0) {
        await wait(decision.waitMs, request.signal);
      }
    }
  }
}

function outcome(rate: XeroResponse['rate']): CallOutcomeReport {
  const out: CallOutcomeReport = {};
  if (rate.minuteRemaining !== undefined) out.minuteRemaining = rate.minuteRemaining;
  if (rate.dayRemaining !== undefined) out.dayRemaining = rate.dayRemaining;
  return out;
}

function rateLimited(retryAfterMs: number | undefined, problem: RateLimitProblem): CallOutcomeReport {
  return retryAfterMs === undefined ? { problem } : { retryAfterMs, problem };
}
