import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divRound, formatMinor, fromMinor, hasAtMostDp, mulDivRound, rescale, roundAmount, sumMinor, toMinor, toMinorOr0 } from './money.js';

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

describe('toMinor: the forms of a decimal, worked by hand', () => {
  it.each([
    [' 19.99 ', 2, 1999], // whitespace around a string is ignored
    ['+5', 2, 500],
    ['5.', 2, 500],
    ['.5', 2, 50],
    ['-.5', 2, -50],
    ['007.50', 2, 750],
    ['1e3', 2, 100000],
    ['1E-2', 2, 1],
    ['1.5e+1', 2, 1500],
    ['2.5e-1', 0, 0], // 0.25 → 0
    ['5e-3', 2, 1], // 0.005 → 0.01
    ['-5e-3', 2, -1],
    ['49e-4', 2, 0], // 0.0049 → 0.00
    ['5e-4', 2, 0], // 0.0005 → 0.00: the first digit dropped is a 0 put in front
    ['567e-6', 2, 0], // 0.000567 → 0.00
    ['0.0000123', 2, 0],
    ['12.344999', 2, 1234], // only the first digit dropped counts: 0.004999 is less than half a cent
    ['12.345', 2, 1235],
    ['12.3449', 3, 12345],
    ['0.999', 2, 100], // rounding carries into the whole number
    ['99.995', 2, 10000],
    ['1000', 0, 1000],
    ['1000.4', 0, 1000],
    ['1000.5', 0, 1001],
    ['-1000.5', 0, -1001],
    ['120', 4, 1200000],
  ])('%j at %i places is %i', (text, dp, expected) => {
    expect(toMinor(text, dp)).toBe(expected);
  });

  it('never gives a negative zero', () => {
    for (const text of ['-0', '-0.00', '-0.004', '-4e-3', '-0e5']) expect(Object.is(toMinor(text), 0)).toBe(true);
    expect(Object.is(toMinor(-0.001), 0)).toBe(true);
    expect(Object.is(fromMinor(-0), 0)).toBe(true);
  });

  it('refuses what is not a decimal, quoting it', () => {
    for (const text of ['', ' ', '.', '-', '+', 'e5', '.e5', '1e', '1.2.3', '12abc', 'abc12', '1 2', '--1', '0x10', '1,5', '١٢']) {
      expect(() => toMinor(text), text).toThrow(new RangeError(`Not a decimal number: ${JSON.stringify(text)}`));
    }
    expect(() => toMinor(Number.POSITIVE_INFINITY)).toThrow(new RangeError('Not a finite amount: Infinity'));
    expect(() => toMinor(Number.NaN)).toThrow(new RangeError('Not a finite amount: NaN'));
    expect(() => hasAtMostDp('abc', 2)).toThrow(new RangeError('Not a decimal number: "abc"'));
  });

  it('takes amounts up to the largest safe integer of minor units and refuses larger ones', () => {
    // Number.MAX_SAFE_INTEGER = 9007199254740991.
    expect(toMinor('90071992547409.91')).toBe(9007199254740991);
    expect(toMinor('90071992547409.905')).toBe(9007199254740991); // …90.5 rounds up to …91
    expect(toMinor('-90071992547409.91')).toBe(-9007199254740991);
    expect(() => toMinor('90071992547409.92')).toThrow(new RangeError('Amount out of range: "90071992547409.92" at 2 places'));
    expect(() => toMinor('90071992547409.915')).toThrow(RangeError); // …91.5 rounds up to 2^53
    expect(() => toMinor(1e21, 0)).toThrow(new RangeError('Amount out of range: 1e+21 at 0 places'));
    expect(() => toMinor('1e400')).toThrow(RangeError);
  });

  it('agrees with long division on numbers written with an exponent', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: -14, max: 3 }), fc.integer({ min: 0, max: 4 }), (units, exp, dp) => {
        const abs = units < 0n ? -units : units;
        const power = exp + dp; // value × 10^dp = |units| × 10^power
        const rounded = power >= 0 ? abs * 10n ** BigInt(power) : (abs * 2n + 10n ** BigInt(-power)) / (2n * 10n ** BigInt(-power));
        const expected = Number(units < 0n ? -rounded : rounded);
        if (!Number.isSafeInteger(expected)) return;
        expect(toMinor(`${units}e${exp}`, dp)).toBe(expected === 0 ? 0 : expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the other helpers, at their edges', () => {
  it('toMinorOr0: null and undefined are 0, anything else is read', () => {
    expect(toMinorOr0(null)).toBe(0);
    expect(toMinorOr0(undefined)).toBe(0);
    expect(toMinorOr0('1.5', 4)).toBe(15000);
    expect(toMinorOr0(2.345)).toBe(235);
    expect(() => toMinorOr0('')).toThrow(RangeError);
  });

  it('hasAtMostDp: counts places after any exponent, and only zeros may follow', () => {
    expect(hasAtMostDp('19.99', 2)).toBe(true);
    expect(hasAtMostDp('19.9', 2)).toBe(true);
    expect(hasAtMostDp('19.991', 2)).toBe(false);
    expect(hasAtMostDp('19.9910', 3)).toBe(true);
    expect(hasAtMostDp('19.9901', 3)).toBe(false);
    expect(hasAtMostDp('5e3', 0)).toBe(true);
    expect(hasAtMostDp('10e-3', 0)).toBe(false); // 0.010
    expect(hasAtMostDp('10e-3', 2)).toBe(true);
    expect(hasAtMostDp('10e-3', 1)).toBe(false);
    expect(hasAtMostDp('100e-3', 1)).toBe(true); // 0.100
    expect(hasAtMostDp(1e-7, 6)).toBe(false);
    expect(hasAtMostDp(1e-7, 7)).toBe(true);
  });

  it('fromMinor and formatMinor: places, signs and zero', () => {
    expect(fromMinor(5)).toBe(0.05);
    expect(fromMinor(-12345, 4)).toBe(-1.2345);
    expect(fromMinor(7, 0)).toBe(7);
    expect(formatMinor(5)).toBe('0.05');
    expect(formatMinor(0)).toBe('0.00');
    expect(formatMinor(-0)).toBe('0.00');
    expect(formatMinor(100)).toBe('1.00');
    expect(formatMinor(-1999)).toBe('-19.99');
    expect(formatMinor(7, 0)).toBe('7');
    expect(formatMinor(-7, 0)).toBe('-7');
    expect(formatMinor(5, 4)).toBe('0.0005');
    expect(() => fromMinor(1.5)).toThrow(new RangeError('Minor units must be a safe integer, got 1.5'));
    expect(() => formatMinor(2 ** 53)).toThrow(new RangeError('Minor units must be a safe integer, got 9007199254740992'));
  });

  it('rescale: exact upwards, half away from zero downwards, the same at the same scale', () => {
    expect(rescale(1234, 2, 2)).toBe(1234);
    expect(rescale(-1234, 4, 4)).toBe(-1234);
    expect(rescale(-5, 1, 0)).toBe(-1); // −0.5 → −1
    expect(rescale(4, 1, 0)).toBe(0);
    expect(Object.is(rescale(-4, 1, 0), 0)).toBe(true); // −0.4 → 0, never −0
    expect(() => rescale(1.5, 2, 4)).toThrow(new RangeError('Minor units must be a safe integer, got 1.5'));
    expect(() => rescale(2 ** 53, 4, 2)).toThrow(RangeError);
  });

  it('divRound: refuses a divisor of zero or below by name', () => {
    expect(() => divRound(1n, 0n)).toThrow(new RangeError('divisor must be positive'));
    expect(() => divRound(1n, -2n)).toThrow(new RangeError('divisor must be positive'));
    expect(divRound(4n, 2n)).toBe(2n);
    expect(divRound(1n, 3n)).toBe(0n);
    expect(divRound(-1n, 3n)).toBe(0n);
    expect(divRound(-2n, 3n)).toBe(-1n);
  });

  it('mulDivRound: signs, a zero divisor and non-integer operands refused', () => {
    expect(mulDivRound(3, 5, 2)).toBe(8); // 7.5 → 8
    expect(mulDivRound(-3, 5, 2)).toBe(-8);
    expect(mulDivRound(3, 5, -2)).toBe(-8);
    expect(mulDivRound(2 ** 40, 2 ** 20, 2 ** 20)).toBe(2 ** 40); // the product is beyond 2^53: exact in BigInt
    expect(() => mulDivRound(1, 1, 0)).toThrow(new RangeError('division by zero'));
    for (const [a, b, c] of [[1.5, 1, 1], [1, 1.5, 1], [1, 1, 1.5]] as const) {
      expect(() => mulDivRound(a, b, c)).toThrow(new RangeError('Minor units must be a safe integer, got 1.5'));
    }
    expect(() => mulDivRound(2 ** 52, 4, 1)).toThrow(new RangeError(`Amount out of range: ${2n ** 54n}`));
  });

  it('sumMinor: empty is 0, non-integers and overflow refused', () => {
    expect(sumMinor([])).toBe(0);
    expect(sumMinor([5, -7])).toBe(-2);
    expect(() => sumMinor([1, 0.5])).toThrow(new RangeError('Minor units must be a safe integer, got 0.5'));
    expect(() => sumMinor([Number.MAX_SAFE_INTEGER, 1])).toThrow(new RangeError('Sum out of range'));
  });

  it('roundAmount: to cents unless told otherwise', () => {
    expect(roundAmount(1.23456)).toBe(1.23);
    expect(roundAmount(1.23456, 4)).toBe(1.2346);
    expect(roundAmount(-2.675)).toBe(-2.68);
  });
});
