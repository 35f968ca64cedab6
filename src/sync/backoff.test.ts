import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoff', () => {
  it('doubles per attempt between half and the whole of the step, and stops growing at the cap', () => {
    expect(backoffDelay(1, () => 0)).toBe(1_000);
    expect(backoffDelay(1, () => 1)).toBe(2_000);
    expect(backoffDelay(4, () => 1)).toBe(16_000);
    expect(backoffDelay(30, () => 1)).toBe(15 * 60_000);
    expect(backoffDelay(30, () => 0)).toBe(7.5 * 60_000);
  });
});
