// `serve` with Magento down: the problem is told once, again when it changes, and its end is told; between tries the
// scheduler waits longer and longer (not every second).
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../src/sync/scheduler.js';
import { openStorage } from '../../src/storage/storage.js';
import type { ChangeCapture } from '../../src/sync/change-capture.js';
import { memoryLogger } from '../support/quiet-logger.js';

describe('change capture problems in the log', () => {
  it('tells a lasting problem once, a new one when it changes, and when Magento answers again', async () => {
    const storage = await openStorage('sqlite::memory:');
    const logger = memoryLogger();
    const answers: Array<string | number> = ['token refused', 'token refused', 'token refused', 'host not found', 'host not found', 0, 0];
    const capture = {
      poll: async () => {
        const next = answers.shift();
        if (typeof next === 'string') throw new Error(next);
        return 0;
      },
    } as unknown as ChangeCapture;
    const controller = new AbortController();
    const sleeps: number[] = [];
    let now = 0;
    const clock = {
      now: () => now,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
        if (answers.length === 0) controller.abort();
      },
    };
    // Only orders, polled on every tick, so that each tick is one answer.
    await storage.settings.set('sync', { order: { enabled: true, mode: 'immediately', schedule: '*/5 * * * *' } });
    await new Scheduler({ storage, capture, clock, logger, pollIntervalMs: 1 }).run(controller.signal);
    const told = logger.lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level >= 30).map((l) => l.msg);
    expect(told.filter((m) => m.includes('token refused'))).toHaveLength(1);
    expect(told.filter((m) => m.includes('host not found'))).toHaveLength(1);
    expect(told).toContain('change capture reads Magento again');
    // 2 s, 4 s, 8 s after failures in a row; back to every second once it answers.
    expect(sleeps.slice(0, 3)).toEqual([2_000, 4_000, 8_000]);
    expect(sleeps.at(-1)).toBe(1_000);
    await storage.close();
  });
});
