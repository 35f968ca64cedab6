import { describe, expect, it } from 'vitest';
import { isDue } from './scheduler.js';

const at = (hhmmss: string) => Date.parse(`2026-11-25T${hhmmss}Z`);

describe('scheduler timing', () => {
  it('polls immediately-mode types every interval', () => {
    expect(isDue('immediately', '', undefined, at('10:00:00'), 5000)).toBe(true);
    expect(isDue('immediately', '', at('10:00:00'), at('10:00:04'), 5000)).toBe(false);
    expect(isDue('immediately', '', at('10:00:00'), at('10:00:05'), 5000)).toBe(true);
  });

  it('runs cron-mode types at the scheduled times only', () => {
    expect(isDue('cron', '*/5 * * * *', at('10:00:00'), at('10:04:59'), 5000)).toBe(false);
    expect(isDue('cron', '*/5 * * * *', at('10:00:00'), at('10:05:00'), 5000)).toBe(true);
    expect(isDue('cron', '0 2 * * *', at('10:00:00'), at('23:59:00'), 5000)).toBe(false);
  });
});
