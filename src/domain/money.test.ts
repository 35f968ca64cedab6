import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divRound, formatMinor, fromMinor, hasAtMostDp, mulDivRound, rescale, roundAmount, sumMinor, toMinor } from './money.js';

describe('toMinor', () => {
  it.each([
    [19.99, 2, 1999],
    [0.1 + 0.2, 2, 30],
    [1.005, 2, 101], // the decimal string "1.005" rounds up, unlike Math.round(1.005 * 100)
    [-1.005, 2, -101], // half away from zero
    [8.875, 4, 88750],
    [12.3456, 4, 123456],
    [1917.6, 2, 191760],
    [-404.4, 2, -40440],
    [0, 2, 0],
    [-0, 2, 0],
    [1e-7, 2, 0],
    [1e21, 0, Number.NaN],
  ])('%s at %i dp', (value, dp, expected) => {
    if (Number.isNaN(expected)) expect(() => toMinor(value, dp)).toThrow(RangeError);
    else expect(toMinor(value, dp)).toBe(expected);
  });

  it('accepts decimal strings and rejects junk', () => {
    expect(toMinor('19.995')).toBe(2000);
    expect(toMinor('-0.005')).toBe(-1);
    expect(() => toMinor('abc')).toThrow(RangeError);
    expect(() => toMinor(Number.NaN)).toThrow(RangeError);
  });
});

describe('conversions', () => {
  it('round-trips minor units to JSON numbers exactly', () => {
    for (const n of [1, 99, 1999, 123456789, -40440, 5]) {
      expect(toMinor(fromMinor(n))).toBe(n);
      expect(toMinor(fromMinor(n, 4), 4)).toBe(n);
    }
    expect(fromMinor(1999)).toBe(19.99);
    expect(formatMinor(-5)).toBe('-0.05');
    expect(formatMinor(123456, 4)).toBe('12.3456');
  });

  it('rounds half away from zero when rescaling and dividing', () => {
    expect(rescale(12345, 4, 2)).toBe(123);
    expect(rescale(12350, 4, 2)).toBe(124);
    expect(rescale(-12350, 4, 2)).toBe(-124);
    expect(rescale(12, 2, 4)).toBe(1200);
    expect(divRound(5n, 2n)).toBe(3n);
    expect(divRound(-5n, 2n)).toBe(-3n);
    expect(mulDivRound(1000, 88750, 1_000_000)).toBe(89); // 10.00 × 8.875 % = 0.8875 → 0.89
    expect(mulDivRound(-7, 1, -2)).toBe(4);
  });

  it('sums and checks decimal places', () => {
    expect(sumMinor([1, 2, 3])).toBe(6);
    expect(hasAtMostDp(19.99, 2)).toBe(true);
    expect(hasAtMostDp(19.995, 2)).toBe(false);
    expect(hasAtMostDp('1.2300', 2)).toBe(true);
    expect(roundAmount(2.675)).toBe(2.68);
  });
});

describe('toMinor on decimal strings', () => {
  it('agrees with long division on every decimal of up to 16 digits, whichever path it takes', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 16n), max: 10n ** 16n }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 4 }), (units, scale, dp) => {
        const abs = units < 0n ? -units : units;
        const text = abs.toString().padStart(scale + 1, '0');
        const decimal = `${units < 0n ? '-' : ''}${scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`}`;
        // Reference: |units| · 10^dp / 10^scale, half away from zero, in BigInt throughout.
        const num = abs * 10n ** BigInt(dp);
        const den = 10n ** BigInt(scale);
        const rounded = (num * 2n + den) / (2n * den);
        const expected = Number(units < 0n ? -rounded : rounded);
        if (!Number.isSafeInteger(expected)) return;
        expect(toMinor(decimal, dp)).toBe(expected === 0 ? 0 : expected);
      }),
      { numRuns: 2000 },
    );
  });
});
