import { describe, expect, it } from 'vitest';
import { drainEstimate, type DrainInput } from './progress.js';

const base: DrainInput = { outstanding: 276, waiting: [], recent: { finished: 0, calls: 0, windowMinutes: 10 }, perMinute: 60, now: 0 };

describe('drainEstimate', () => {
  it('says when the queue is drained', () => {
    expect(drainEstimate({ ...base, outstanding: 0 }).text).toBe('Queue is drained.');
  });

  it('estimates from the recent pace', () => {
    const e = drainEstimate({ ...base, recent: { finished: 230, calls: 40, windowMinutes: 10 }, callsLeftToday: 4000 });
    expect(e.minutes).toBeCloseTo(12, 0);
    expect(e.text).toBe('276 to go, about 12 minutes at 23 a minute.');
    expect(e.reason).toBeUndefined();
  });

  it("names Xero's per-minute limit when it sets the pace", () => {
    const e = drainEstimate({ ...base, recent: { finished: 1000, calls: 590, windowMinutes: 10 }, callsLeftToday: 4000 });
    expect(e.reason).toMatch(/Xero allows 60 calls a minute/);
  });

  it('warns when the calls left today will not do, and stops the estimate when they are spent', () => {
    const short = drainEstimate({ ...base, outstanding: 3000, recent: { finished: 100, calls: 50, windowMinutes: 10 }, callsLeftToday: 200 });
    expect(short.reason).toMatch(/About 1500 more Xero calls are needed and 200 are left today/);
    const spent = drainEstimate({ ...base, recent: { finished: 100, calls: 50, windowMinutes: 10 }, callsLeftToday: 0 });
    expect(spent.minutes).toBeUndefined();
    expect(spent.text).toBe("276 to go. Xero's daily API limit is spent: posting resumes after midnight UTC.");
  });

  it('gives the reason when nothing moves: the gate, a pause Xero asked for, or what most entries wait for', () => {
    expect(drainEstimate({ ...base, blocked: 'Waiting for "Start syncing".' }).text).toBe('276 to go. Waiting for "Start syncing".');
    expect(drainEstimate({ ...base, pausedUntil: 5 * 60_000 }).reason).toBe('Xero asked us to wait: posting resumes in about 5 minutes.');
    const waiting = drainEstimate({ ...base, waiting: [{ reason: 'waiting for order 000000126 to reach Xero first', n: 2 }, { reason: 'waiting for Xero to be connected', n: 40 }] });
    expect(waiting.reason).toBe('40 waiting: waiting for Xero to be connected');
  });
});
