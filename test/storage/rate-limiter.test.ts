import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/domain/clock.js';
import { isDailyLimitReached, RateLimiter } from '../../src/sync/rate-limiter.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { testDatabases } from '../support/databases.js';

describe.each(testDatabases())('shared rate limiter on $name', (target) => {
  let storage: Storage;
  let drop: () => Promise<void>;
  let clock: SimulatedClock;

  beforeEach(async () => {
    const db = await target.create();
    drop = db.drop;
    storage = await openStorage(db.url);
    clock = new SimulatedClock(Date.UTC(2026, 10, 25, 10, 0, 0));
  });
  afterEach(async () => {
    await storage.close();
    await drop();
  });

  const limiter = (perMinute: number, concurrent: number, perDay: number) =>
    new RateLimiter({ repository: storage.rateLimits, clock, limits: () => ({ perMinute, concurrent, perDay }) });

  it('never starts more than the minute allows within any sixty seconds', async () => {
    const rl = limiter(5, 5, 1000);
    const starts: number[] = [];
    for (let i = 0; i < 12; i++) {
      const permit = await rl.acquire('t1');
      starts.push(clock.now());
      await storage.apiUsage.record('t1', clock.now(), { calls: 1 });
      await permit.finish({});
      clock.advance(1000);
    }
    for (let i = 5; i < starts.length; i++) expect(starts[i]! - starts[i - 5]!).toBeGreaterThanOrEqual(60_000);
  });

  it('waits for a full minute to end a minute after its oldest call that still counts, to the millisecond', async () => {
    // Two a minute; calls at 0 s and 10 s; a third asked at 20 s may start when the call of 0 s is a minute old:
    // it waits 0 + 60,000 - 20,000 + 1 = 40,001 ms (the + 1 so that the call of 0 s has left the window), i.e. starts at
    // 60,001 ms. Counting from the newest call (10 s) would start it at 70,001.
    const rl = limiter(2, 5, 1000);
    const start = clock.now();
    await (await rl.acquire('t1')).finish({});
    clock.advance(10_000);
    await (await rl.acquire('t1')).finish({});
    clock.advance(10_000);
    await rl.acquire('t1');
    expect(clock.now() - start).toBe(60_001);
  });

  it('stops counting a call as in flight once its timeout has passed (a crashed worker does not hold its slot)', async () => {
    // One at a time, calls time out after 5 s: the first is never finished; the second, asked at once, waits in steps of
    // 25 ms until the first's 5,000 ms are over, and starts at exactly 5,000 ms (200 steps).
    const rl = new RateLimiter({ repository: storage.rateLimits, clock, limits: () => ({ perMinute: 100, concurrent: 1, perDay: 1000 }), callTimeoutMs: 5_000 });
    const start = clock.now();
    await rl.acquire('t1');
    await rl.acquire('t1');
    expect(clock.now() - start).toBe(5_000);
  });

  it('holds at most the concurrent limit in flight, and frees a slot when a call ends', async () => {
    const rl = limiter(100, 2, 1000);
    const a = await rl.acquire('t1');
    await rl.acquire('t1');
    let third = false;
    const pending = rl.acquire('t1').then(() => (third = true));
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(third).toBe(false);
    await a.finish({});
    await pending;
    expect(third).toBe(true);
  });

  it('keeps tenants apart', async () => {
    const rl = limiter(1, 1, 1000);
    await rl.acquire('t1');
    const before = clock.now();
    await rl.acquire('t2');
    expect(clock.now()).toBe(before);
  });

  it('pauses the tenant for Retry-After after a 429, for every worker', async () => {
    const rl = limiter(60, 5, 1000);
    const other = limiter(60, 5, 1000);
    const permit = await rl.acquire('t1');
    await permit.finish({ retryAfterMs: 30_000, problem: 'minute' });
    const start = clock.now();
    await other.acquire('t1');
    expect(clock.now() - start).toBeGreaterThanOrEqual(30_000);
  });

  it('stops for the day when the budget is spent, or when Xero says none is left', async () => {
    const rl = limiter(60, 5, 3);
    await storage.apiUsage.record('t1', clock.now(), { calls: 3 });
    await expect(rl.acquire('t1')).rejects.toSatisfy(isDailyLimitReached);
    const p = await rl.acquire('t2');
    await p.finish({ dayRemaining: 0 });
    const error = await rl.acquire('t2').catch((e: unknown) => e);
    expect(isDailyLimitReached(error)).toBe(true);
    expect((error as { resumeAt: number }).resumeAt).toBe(Date.UTC(2026, 10, 26));
  });
});
