import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../storage/storage.js';
import { SimulatedClock } from '../domain/clock.js';
import { lastReconciliation, RECONCILIATION_SETTINGS_KEY, runDailyReconciliation, type DailyDeps } from './daily.js';
import type { ReconcileIssue, ReconcileResult } from './types.js';

describe('the daily reconciliation', () => {
  let storage: Storage;
  let clock: SimulatedClock;
  let ranges: Array<{ from: string; to: string }>;
  let repaired: number;

  const issue = (action: 'queue' | 'person'): ReconcileIssue => ({
    day: '2026-03-01', entity: 'order', magentoId: '1', number: '1', problem: 'missing-in-xero', kind: 'missing-in-xero', action, advice: '', tenantId: 't',
  });
  const deps = (issues: ReconcileIssue[] = []): DailyDeps => ({
    settings: storage.settings,
    clock,
    timeZone: 'America/Los_Angeles',
    reconcile: async (range) => {
      ranges.push(range);
      const result: ReconcileResult = { ...range, days: [],
    taxes: [], issues, xeroCalls: 3, magentoCalls: 2, magentoDocuments: 10, xeroDocuments: 10, incremental: false, at: clock.now() };
      return result;
    },
    repair: async (list) => {
      repaired += list.length;
      return { queued: list.filter((i) => i.action === 'queue').length };
    },
  });

  beforeEach(async () => {
    storage = await openStorage('sqlite::memory:');
    // 05:00 in Los Angeles on 10 March 2026.
    clock = new SimulatedClock(Date.UTC(2026, 2, 10, 12, 0, 0));
    ranges = [];
    repaired = 0;
  });
  afterEach(() => storage.close());

  it('does nothing while switched off', async () => {
    expect(await runDailyReconciliation(deps())).toBeUndefined();
    expect(ranges).toEqual([]);
  });

  it('runs once a day from the chosen store-local hour over the days before today, and keeps the summary', async () => {
    await storage.settings.set(RECONCILIATION_SETTINGS_KEY, { daily: true, hour: 6, days: 3 });
    expect(await runDailyReconciliation(deps())).toBeUndefined(); // 05:00 store time: not yet
    clock.advance(60 * 60_000);
    const summary = await runDailyReconciliation(deps([issue('queue'), issue('person')]));
    expect(ranges).toEqual([{ from: '2026-03-07', to: '2026-03-09' }]);
    expect(summary).toMatchObject({ agreed: false, issues: 2, repairable: 1, needsPerson: 1, byKind: { 'missing-in-xero': 2 }, xeroCalls: 3 });
    expect(summary?.queued).toBeUndefined();
    expect(await lastReconciliation(storage.settings)).toEqual(summary);
    clock.advance(3 * 60 * 60_000);
    expect(await runDailyReconciliation(deps())).toBeUndefined(); // already ran today
    clock.advance(24 * 60 * 60_000);
    expect((await runDailyReconciliation(deps()))?.agreed).toBe(true);
    expect(ranges[1]).toEqual({ from: '2026-03-08', to: '2026-03-10' });
  });

  it('queues the repairable differences when automatic repair is on', async () => {
    await storage.settings.set(RECONCILIATION_SETTINGS_KEY, { daily: true, hour: 0, repair: true });
    const summary = await runDailyReconciliation(deps([issue('queue'), issue('person')]));
    expect(summary?.queued).toBe(1);
    expect(repaired).toBe(2);
  });

  it('stores a failure as the summary\'s error instead of throwing', async () => {
    await storage.settings.set(RECONCILIATION_SETTINGS_KEY, { daily: true, hour: 0 });
    const failing: DailyDeps = { ...deps(), reconcile: async () => Promise.reject(new Error('Xero is not connected')) };
    const summary = await runDailyReconciliation(failing);
    expect(summary).toMatchObject({ agreed: false, error: 'Xero is not connected' });
    expect((await lastReconciliation(storage.settings))?.error).toBe('Xero is not connected');
  });
});
