import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QueueEntry } from '../../src/storage/queue-repository.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { SimulatedClock } from '../../src/domain/clock.js';
import type { EntityType } from '../../src/domain/entity-types.js';
import type { EntityHandler, EntryOutcome } from '../../src/sync/handler.js';
import { DailyLimitReachedError } from '../../src/sync/rate-limiter.js';
import { Worker } from '../../src/sync/worker.js';
import { memoryLogger } from '../support/quiet-logger.js';

function handler(type: EntityType, decide: (e: QueueEntry) => EntryOutcome | Error, seen: string[] = []): EntityHandler {
  return {
    entityType: type,
    batchSize: 2,
    async process(entries) {
      seen.push(...entries.map((e) => `${type}:${e.magento_id}`));
      const results = entries.map(decide);
      const thrown = results.find((r): r is Error => r instanceof Error);
      if (thrown) throw thrown;
      return results as EntryOutcome[];
    },
  };
}

describe('worker', () => {
  let storage: Storage;
  let clock: SimulatedClock;

  beforeEach(async () => {
    storage = await openStorage('sqlite::memory:');
    clock = new SimulatedClock(Date.UTC(2026, 10, 25, 12));
  });
  afterEach(() => storage.close());

  const worker = (handlers: EntityHandler[]) =>
    new Worker({ storage, handlers, clock, logger: memoryLogger(), random: () => 0.5 });

  it('alerts once for a record that needs a person, not for one retrying by itself, and again only after it went through', async () => {
    await storage.queue.enqueue([{ store_id: 0, entity_type: 'order', magento_id: '10', payload: { increment_id: '000000010', store_id: 2 } }, { store_id: 0, entity_type: 'order', magento_id: '11' }], clock.now());
    let outcome: (e: QueueEntry) => EntryOutcome = (e) =>
      e.magento_id === '10' ? { entryId: e.id, outcome: 'parked', message: 'Account code 999 is not valid', tenantId: 'T1' } : { entryId: e.id, outcome: 'retry', message: 'Xero answered 503', delayMs: 60_000 };
    const w = worker([handler('order', (e) => outcome(e))]);
    await w.runOnce();
    const kinds = async () => (await storage.alerts.recent(50)).map((a) => JSON.parse(a.facts_json) as Record<string, unknown>);
    expect(await kinds()).toEqual([
      // The number and store from the queued copy (the handler did not name it), the organisation from the handler.
      expect.objectContaining({ kind: 'record_failed', magentoId: '10', number: '000000010', storeId: 2, tenantId: 'T1', parked: true }),
    ]);
    // Retried by a person (attempts start again) and refused the same way: no news. The other one keeps failing by
    // itself: news at its 8th try in a row, not before.
    await storage.queue.retry(undefined, clock.now());
    for (let i = 0; i < 7; i++) {
      clock.advance(60_000);
      await w.runUntilIdle();
    }
    expect((await kinds()).filter((a) => a['magentoId'] === '11')).toEqual([]);
    clock.advance(60_000);
    await w.runUntilIdle();
    const after = await kinds();
    expect(after.filter((a) => a['magentoId'] === '10')).toHaveLength(1);
    expect(after.filter((a) => a['magentoId'] === '11')).toEqual([expect.objectContaining({ parked: false, attempts: 8 })]);
    // Posted at last, then refused again: a new alert.
    outcome = (e) => ({ entryId: e.id, outcome: 'done' });
    await storage.queue.retry(undefined, clock.now());
    await w.runUntilIdle();
    await storage.queue.enqueue([{ store_id: 0, entity_type: 'order', magento_id: '10' }], clock.now());
    outcome = (e) => ({ entryId: e.id, outcome: 'parked', message: 'Account code 999 is not valid' });
    await w.runUntilIdle();
    expect((await kinds()).filter((a) => a['magentoId'] === '10')).toHaveLength(2);
  });

  it('claims nothing while the go-live gate is closed, and works the queue once it opens', async () => {
    const seen: string[] = [];
    await storage.queue.enqueue([{ store_id: 1, entity_type: 'customer', magento_id: '1' }], clock.now());
    let reason: string | undefined = 'waiting for "Start syncing"';
    const w = new Worker({
      storage,
      handlers: [handler('customer', (e) => ({ entryId: e.id, outcome: 'done' }), seen)],
      clock,
      logger: memoryLogger(),
      gate: async () => reason,
    });
    expect(await w.runOnce()).toBeUndefined();
    expect(seen).toEqual([]);
    expect((await storage.queue.list())[0]).toMatchObject({ state: 'pending', attempts: 0 });
    reason = undefined;
    await w.runUntilIdle();
    expect(seen).toEqual(['customer:1']);
    expect((await storage.queue.list())[0]?.state).toBe('done');
  });

  it('works dependencies first, in batches, and records every outcome', async () => {
    const seen: string[] = [];
    await storage.queue.enqueue(
      [
        { store_id: 1, entity_type: 'order', magento_id: '10' },
        { store_id: 1, entity_type: 'customer', magento_id: '1' },
        { store_id: 1, entity_type: 'customer', magento_id: '2' },
        { store_id: 1, entity_type: 'customer', magento_id: '3' },
      ],
      clock.now(),
    );
    const w = worker([
      handler('order', (e) => ({ entryId: e.id, outcome: 'parked', message: 'Invoice # must be unique.' }), seen),
      handler('customer', (e) => ({ entryId: e.id, outcome: e.magento_id === '3' ? 'retry' : 'done', message: 'Xero answered 503' }) as EntryOutcome, seen),
    ]);
    await w.runUntilIdle();
    expect(seen).toEqual(['customer:1', 'customer:2', 'customer:3', 'order:10']);
    const byId = Object.fromEntries((await storage.queue.list()).map((e) => [`${e.entity_type}:${e.magento_id}`, e]));
    expect(byId['customer:1']?.state).toBe('done');
    expect(byId['customer:3']).toMatchObject({ state: 'failed', last_error: 'Xero answered 503' });
    expect(byId['customer:3']!.next_attempt_at).toBeGreaterThan(clock.now());
    expect(byId['order:10']).toMatchObject({ state: 'parked', last_error: 'Invoice # must be unique.' });
  });

  it('fails the whole batch for a later retry when the handler throws', async () => {
    await storage.queue.enqueue([{ store_id: 1, entity_type: 'customer', magento_id: '1' }], clock.now());
    await worker([handler('customer', () => new Error('socket hang up'))]).runOnce();
    expect((await storage.queue.list())[0]).toMatchObject({ state: 'failed', last_error: 'socket hang up', attempts: 1 });
  });

  it('gives entries back until the next day when the daily budget is spent, counting the cut-short attempt', async () => {
    await storage.queue.enqueue([{ store_id: 1, entity_type: 'customer', magento_id: '1' }], clock.now());
    const resumeAt = Date.UTC(2026, 10, 26);
    await worker([handler('customer', () => new DailyLimitReachedError('t1', resumeAt))]).runOnce();
    expect((await storage.queue.list())[0]).toMatchObject({ state: 'waiting', attempts: 1, next_attempt_at: resumeAt });
    expect((await storage.queue.list())[0]!.last_error).toMatch(/^waiting for Xero's daily limit/);
  });

  it('stops when asked, and wakes from an idle sleep when told', async () => {
    const w = worker([handler('customer', (e) => ({ entryId: e.id, outcome: 'done' }))]);
    const controller = new AbortController();
    const running = w.run(controller.signal);
    await storage.queue.enqueue([{ store_id: 1, entity_type: 'customer', magento_id: '1' }], clock.now());
    w.wake();
    for (let i = 0; i < 50 && (await storage.queue.outstanding()) > 0; i++) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await running;
    expect(await storage.queue.outstanding()).toBe(0);
  });

  it('retries writing outcomes when the database drops the connection, so finished work is not held until the lease ends', async () => {
    await storage.queue.enqueue([{ store_id: 1, entity_type: 'customer', magento_id: '1' }], clock.now());
    const settle = storage.queue.settle.bind(storage.queue);
    let failures = 2;
    storage.queue.settle = async (...args) => {
      if (failures-- > 0) throw new Error('Connection terminated unexpectedly');
      return settle(...args);
    };
    await worker([handler('customer', (e) => ({ entryId: e.id, outcome: 'done' }))]).runOnce();
    expect((await storage.queue.list())[0]).toMatchObject({ state: 'done' });
    expect(failures).toBe(-1);
  });

  it('hands back what it holds when it loses the database, instead of waiting out its lease', async () => {
    await storage.queue.enqueue([{ store_id: 1, entity_type: 'customer', magento_id: '1' }], clock.now());
    storage.queue.settle = async () => {
      throw new Error('Connection terminated unexpectedly');
    };
    const claims: number[] = [];
    const w = worker([handler('customer', (e) => (claims.push(clock.now()), { entryId: e.id, outcome: 'done' }))]);
    const controller = new AbortController();
    const running = w.run(controller.signal);
    for (let i = 0; i < 400 && claims.length < 2; i++) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await running;
    // Claimed again long before its two-minute lease ran out; the first attempt counts, so the handler looks Xero up.
    expect(claims[1]! - claims[0]!).toBeLessThan(60_000);
    expect((await storage.queue.list())[0]!.attempts).toBeGreaterThanOrEqual(2);
  });

  it('gives the batch in hand back, due at once, when it is stopped mid-batch', async () => {
    await storage.queue.enqueue([{ store_id: 1, entity_type: 'customer', magento_id: '1' }], clock.now());
    const controller = new AbortController();
    const stopping: EntityHandler = {
      entityType: 'customer',
      batchSize: 10,
      async process(_entries, signal) {
        controller.abort();
        signal.throwIfAborted();
        return [];
      },
    };
    await worker([stopping]).runOnce(controller.signal);
    expect((await storage.queue.list())[0]).toMatchObject({ state: 'pending', attempts: 1, last_error: null, next_attempt_at: clock.now() });
  });
});
