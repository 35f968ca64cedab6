/**
 * When a transiently failed entry is tried again: capped exponential backoff with full jitter, so that many entries
 * failing together (Xero down for a minute) do not all come back in the same second.
 */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, capMs: 15 * 60_000 };

export function backoffDelay(attempts: number, random: () => number = Math.random, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  // Half fixed, half random: never immediately, never all at once.
  return Math.round(exp / 2 + random() * (exp / 2));
}
