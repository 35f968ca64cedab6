// The one place that decides whether a failed call is tried again and when. Pure: the attempt count, the random source
// and the limits come in, a decision goes out, so every rule is a unit test.
import {
  isNetworkError,
  isReconnectNeeded,
  isXeroForbiddenError,
  isXeroNotFoundError,
  isXeroRateLimitError,
  isXeroServerError,
  isXeroUnauthorizedError,
  isXeroValidationError,
} from './errors.js';

export type RetryReason =
  | 'network'
  | 'server'
  | 'rate-limit'
  | 'daily-limit'
  | 'refresh-token'
  | 'unauthorized'
  | 'reconnect-needed'
  | 'forbidden'
  | 'not-found'
  | 'validation'
  | 'attempts-exhausted'
  | 'unknown';

/**
 * `retry: true`: call again after `waitMs` (for 'refresh-token': invalidate the token first).
 * `retry: false` with `waitMs > 0`: transient, but not worth waiting for inside this call (a spent daily limit, or the
 * attempts ran out): give the work back to the queue until then.
 */
export interface RetryDecision {
  retry: boolean;
  reason: RetryReason;
  waitMs: number;
}

export interface RetryContext {
  /** 1 for the first failure. */
  attempt: number;
  /** Whether a 401 already made us refresh the token in this call. */
  tokenRefreshed?: boolean;
  maxAttempts?: number;
  baseMs?: number;
  capMs?: number;
  /** A Retry-After longer than this is not waited out in-process. */
  maxWaitMs?: number;
  random?: () => number;
}

export const RETRY_DEFAULTS = { maxAttempts: 4, baseMs: 1_000, capMs: 60_000, maxWaitMs: 120_000 } as const;

/** Capped exponential backoff, half fixed and half random, so failures together do not come back together. */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

export function decideRetry(error: unknown, context: RetryContext): RetryDecision {
  const maxAttempts = context.maxAttempts ?? RETRY_DEFAULTS.maxAttempts;
  const maxWaitMs = context.maxWaitMs ?? RETRY_DEFAULTS.maxWaitMs;
  const backoff = () =>
    backoffMs(context.attempt, context.baseMs ?? RETRY_DEFAULTS.baseMs, context.capMs ?? RETRY_DEFAULTS.capMs, context.random ?? Math.random);
  const transient = (reason: RetryReason, waitMs: number): RetryDecision => {
    if (context.attempt >= maxAttempts) return { retry: false, reason: 'attempts-exhausted', waitMs };
    if (waitMs > maxWaitMs) return { retry: false, reason, waitMs };
    return { retry: true, reason, waitMs };
  };

  if (isXeroValidationError(error)) return { retry: false, reason: 'validation', waitMs: 0 };
  if (isXeroNotFoundError(error)) return { retry: false, reason: 'not-found', waitMs: 0 };
  if (isXeroForbiddenError(error)) return { retry: false, reason: 'forbidden', waitMs: 0 };
  if (isReconnectNeeded(error)) return { retry: false, reason: 'reconnect-needed', waitMs: 0 };
  if (isXeroUnauthorizedError(error)) {
    return context.tokenRefreshed
      ? { retry: false, reason: 'unauthorized', waitMs: 0 }
      : { retry: true, reason: 'refresh-token', waitMs: 0 };
  }
  if (isXeroRateLimitError(error)) {
    const waitMs = error.retryAfterMs ?? backoff();
    if (error.problem === 'day') return { retry: false, reason: 'daily-limit', waitMs };
    return transient('rate-limit', waitMs);
  }
  if (isXeroServerError(error)) {
    // 501 Not Implemented and similar 4xx we did not name are not going to change on their own.
    if (error.status < 500 || error.status === 501) return { retry: false, reason: 'server', waitMs: 0 };
    return transient('server', backoff());
  }
  if (isNetworkError(error)) return transient('network', backoff());
  // Duck-typed answers from other clients (Magento): a status and maybe a Retry-After.
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number') {
    const retryAfter = (error as { retryAfterMs?: unknown }).retryAfterMs;
    if (status === 429) return transient('rate-limit', typeof retryAfter === 'number' ? retryAfter : backoff());
    if (status >= 500 && status !== 501) return transient('server', backoff());
  }
  // Other clients' errors that say so themselves (a Magento timeout or reset).
  if ((error as { retryable?: unknown } | null)?.retryable === true) return transient('network', backoff());
  return { retry: false, reason: 'unknown', waitMs: 0 };
}
