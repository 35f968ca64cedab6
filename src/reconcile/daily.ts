// The daily reconciliation: once a day, at the hour the merchant chose (store time), compare the last few days and keep
// a summary in the settings table for the dashboard. The host calls `runDailyReconciliation` every few minutes (or runs
// `dailyReconciliationLoop`); it does nothing until the run is due, so calling it often is harmless.
import { z } from 'zod';
import { addDays, epochToLocalDate } from '../domain/dates.js';
import type { SettingsRepository } from '../storage/settings-repository.js';
import type { Clock } from '../domain/clock.js';
import type { ReconcileResult } from './types.js';
import { BOOKS_KEY, booksDifferAlert, type NewAlert } from '../domain/alerts.js';
import { issueKey } from './reconciler.js';

export const RECONCILIATION_SETTINGS_KEY = 'reconciliation';
export const RECONCILIATION_LAST_KEY = 'reconciliation.last';

export const reconciliationSettingsSchema = z.object({
  daily: z.boolean().default(false),
  /** Store-local hour (0-23) from which the day's run is due. */
  hour: z.number().int().min(0).max(23).default(6),
  /** How many days back, ending yesterday (late refunds and hand edits in Xero show up in the days after). */
  days: z.number().int().min(1).max(92).default(7),
  /** Queue the repairable differences straight away. */
  repair: z.boolean().default(false),
});
export type ReconciliationSettings = z.output<typeof reconciliationSettingsSchema>;

/** What the dashboard shows of the last run. */
export interface ReconciliationSummary {
  /** Epoch ms. */
  at: number;
  from: string;
  to: string;
  agreed: boolean;
  issues: number;
  repairable: number;
  needsPerson: number;
  byKind: Record<string, number>;
  xeroCalls: number;
  magentoDocuments: number;
  xeroDocuments: number;
  incremental: boolean;
  /** Records queued by the automatic repair, when it is on. */
  queued?: number;
  /** Why the run failed (Xero not connected, daily limit spent...). */
  error?: string;
}

export interface DailyDeps {
  settings: SettingsRepository;
  clock: Clock;
  reconcile(range: { from: string; to: string }): Promise<ReconcileResult>;
  repair?(issues: ReconcileResult['issues']): Promise<{ queued: number }>;
  /** The store's time zone (days and the hour are store-local); UTC when not given. */
  timeZone?: string;
  /** Where the run's alert goes (differences found: once per set of differences; the books agree: it clears). */
  alerts?: { raise(alerts: readonly NewAlert[]): Promise<number>; clear(keys: readonly string[]): Promise<void> };
}

export async function reconciliationSettings(settings: SettingsRepository): Promise<ReconciliationSettings> {
  const parsed = reconciliationSettingsSchema.safeParse((await settings.get(RECONCILIATION_SETTINGS_KEY)) ?? {});
  return parsed.success ? parsed.data : reconciliationSettingsSchema.parse({});
}

export function lastReconciliation(settings: SettingsRepository): Promise<ReconciliationSummary | undefined> {
  return settings.get<ReconciliationSummary>(RECONCILIATION_LAST_KEY);
}

export function summarize(result: ReconcileResult): ReconciliationSummary {
  const byKind: Record<string, number> = {};
  for (const issue of result.issues) byKind[issue.kind] = (byKind[issue.kind] ?? 0) + 1;
  const repairable = result.issues.filter((i) => i.action === 'queue').length;
  return {
    at: result.at,
    from: result.from,
    to: result.to,
    agreed: result.issues.length === 0,
    issues: result.issues.length,
    repairable,
    needsPerson: result.issues.length - repairable,
    byKind,
    xeroCalls: result.xeroCalls,
    magentoDocuments: result.magentoDocuments,
    xeroDocuments: result.xeroDocuments,
    incremental: result.incremental,
  };
}

function localHour(ms: number, timeZone: string): number {
  const hour = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(new Date(ms));
  return Number(hour);
}

/**
 * Runs the day's reconciliation when it is switched on, the hour has come and today's has not run yet (or `force`).
 * Returns the stored summary, or undefined when nothing was due. A failure is stored as the summary's error and thrown
 * nowhere: the dashboard shows it, and tomorrow's run tries again.
 */
export async function runDailyReconciliation(deps: DailyDeps, options: { force?: boolean } = {}): Promise<ReconciliationSummary | undefined> {
  const config = await reconciliationSettings(deps.settings);
  const now = deps.clock.now();
  const timeZone = deps.timeZone ?? 'UTC';
  const today = epochToLocalDate(now, timeZone);
  if (!options.force) {
    if (!config.daily || localHour(now, timeZone) < config.hour) return undefined;
    const last = await lastReconciliation(deps.settings);
    if (last && epochToLocalDate(last.at, timeZone) === today) return undefined;
  }
  const range = { from: addDays(today, -config.days), to: addDays(today, -1) };
  let summary: ReconciliationSummary;
  try {
    const result = await deps.reconcile(range);
    summary = summarize(result);
    if (deps.alerts) {
      const alert = booksDifferAlert({ from: result.from, to: result.to, issues: result.issues.map((i) => ({ ...i, key: issueKey(i) })) }, now);
      if (alert) await deps.alerts.raise([alert]);
      else await deps.alerts.clear([BOOKS_KEY]);
    }
    if (config.repair && deps.repair && summary.repairable > 0) summary.queued = (await deps.repair(result.issues)).queued;
  } catch (error) {
    summary = {
      at: now,
      ...range,
      agreed: false,
      issues: 0,
      repairable: 0,
      needsPerson: 0,
      byKind: {},
      xeroCalls: 0,
      magentoDocuments: 0,
      xeroDocuments: 0,
      incremental: false,
      error: error instanceof Error ? error.message : String(error),
    };
  }
  await deps.settings.set(RECONCILIATION_LAST_KEY, summary, now);
  return summary;
}

/** Checks every `everyMs` (default 10 minutes) until the signal aborts; for the host's background tasks. */
export async function dailyReconciliationLoop(deps: DailyDeps, signal: AbortSignal, everyMs = 600_000): Promise<void> {
  while (!signal.aborted) {
    await runDailyReconciliation(deps).catch(() => undefined);
    try {
      await deps.clock.sleep(everyMs, signal);
    } catch {
      return;
    }
  }
}
