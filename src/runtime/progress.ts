import { drainEstimate, type DrainEstimate } from '../domain/progress.js';
import { OUTSTANDING_STATES } from '../domain/queue-state.js';
import { utcDay } from '../storage/api-usage-repository.js';
import type { Runtime } from './runtime.js';

/** The pace is read over this many minutes of the log and of Xero's call counts. */
const WINDOW_MINUTES = 10;

/** A waiting entry's message without the record it names, so that entries waiting for the same thing count together. */
function stem(message: string): string {
  return message.replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '…').replace(/\b[A-Z]*-?\d[\w-]*/g, '…');
}

/**
 * How far the queue has to go and why it goes no faster, from the queue, the log's recent pace, Xero's call counts and
 * what the limits leave today (the organisation with the fewest calls left bounds the estimate).
 */
export async function queueProgress(runtime: Runtime): Promise<DrainEstimate & { outstanding: number }> {
  const { storage, clock, config } = runtime;
  const db = storage.database.db;
  const now = clock.now();
  const since = now - WINDOW_MINUTES * 60_000;
  const [counts, waitingRows, finishedRow, minutes, orgs, blocked] = await Promise.all([
    storage.queue.counts(),
    db.selectFrom('sync_queue').select('last_error').where('state', '=', 'waiting').limit(2_000).execute(),
    db
      .selectFrom('sync_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('at', '>=', since)
      .where('status', 'in', ['success', 'skipped'])
      .executeTakeFirst(),
    storage.apiUsage.minutes(since),
    runtime.connections ? runtime.connections.organisations().catch(() => []) : Promise.resolve([]),
    runtime.postingGate().catch(() => undefined),
  ]);
  const outstanding = counts.filter((c) => OUTSTANDING_STATES.includes(c.state)).reduce((s, c) => s + Number(c.n), 0);
  const waiting = new Map<string, number>();
  for (const r of waitingRows) if (r.last_error) waiting.set(stem(r.last_error), (waiting.get(stem(r.last_error)) ?? 0) + 1);
  const today = utcDay(now);
  let callsLeftToday: number | undefined;
  let pausedUntil: number | undefined;
  for (const org of orgs.filter((o) => o.status === 'connected')) {
    const [used, state] = await Promise.all([storage.apiUsage.callsOn(org.tenantId, today), storage.rateLimits.state(org.tenantId)]);
    let left = Math.max(0, config.xero.limits.perDay - used);
    if (state?.day_remaining !== null && state?.day_remaining !== undefined && utcDay(Number(state.observed_at)) === today) left = Math.min(left, Number(state.day_remaining));
    callsLeftToday = callsLeftToday === undefined ? left : Math.min(callsLeftToday, left);
    if (state && Number(state.paused_until) > now) pausedUntil = Math.max(pausedUntil ?? 0, Number(state.paused_until));
  }
  const notConnected = runtime.connections && orgs.length === 0 ? 'Waiting for Xero to be connected (Configuration → Connect Xero).' : undefined;
  const reconnect = orgs.some((o) => o.status === 'reconnect_needed') ? 'Waiting for Xero to be connected again (Configuration → Reconnect).' : undefined;
  const estimate = drainEstimate({
    outstanding,
    waiting: [...waiting].map(([reason, n]) => ({ reason, n })),
    recent: { finished: Number(finishedRow?.n ?? 0), calls: minutes.reduce((s, m) => s + Number(m.calls), 0), windowMinutes: WINDOW_MINUTES },
    callsLeftToday,
    perMinute: config.xero.limits.perMinute,
    blocked: notConnected ?? reconnect ?? (blocked ? `Nothing is posted until "Start syncing" (dashboard, or \`magento-xero go-live\`).` : undefined),
    pausedUntil,
    now,
  });
  return { ...estimate, outstanding };
}
