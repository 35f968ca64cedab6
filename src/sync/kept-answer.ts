import type { Clock } from '../domain/clock.js';

/**
 * An answer read again only when the one kept is `ms` old or older: for a small list that changes rarely and is asked for
 * by every batch (Magento's customer groups and tax classes: a quarter of a backfill's requests to Magento when read per
 * batch, bench/RESULTS.md section 8). A failed read keeps nothing, so the next caller reads again.
 */
export function keptFor<T, A extends unknown[]>(ms: number, clock: Clock, read: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  let kept: { at: number; value: T } | undefined;
  return async (...args: A) => {
    const now = clock.now();
    if (kept && now - kept.at < ms) return kept.value;
    const value = await read(...args);
    kept = { at: now, value };
    return value;
  };
}
