import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../domain/clock.js';
import { keptFor } from './kept-answer.js';

describe('keptFor', () => {
  it('reads again only once the kept answer is the given age, and keeps nothing from a failed read', async () => {
    const clock = new SimulatedClock(Date.UTC(2026, 11, 4, 12, 0, 0));
    let reads = 0;
    let fail = false;
    const read = keptFor(60_000, clock, async (label: string) => {
      reads++;
      if (fail) throw new Error('Magento did not answer');
      return `${label} #${reads}`;
    });
    expect(await read('groups')).toBe('groups #1');
    clock.advance(59_999);
    // 59,999 ms old: still kept (the argument of a later call does not matter while it is).
    expect(await read('other')).toBe('groups #1');
    clock.advance(1);
    fail = true;
    await expect(read('groups')).rejects.toThrow('Magento did not answer');
    fail = false;
    expect(await read('groups')).toBe('groups #3');
    expect(reads).toBe(3);
  });
});
