import { describe, expect, it } from 'vitest';
import { cents, parseRounded, parseScaled, rescale } from './money.js';
import { dateString, lockDateText, msDate, parseClientDate, utcString } from './dates.js';

describe('emulator money', () => {
  it('parses JSON numbers and numeric strings exactly', () => {
    expect(parseScaled(0.1, 2)).toBe(10n);
    expect(parseScaled('1234.5', 2)).toBe(123450n);
    expect(parseScaled(-0.07, 2)).toBe(-7n);
    expect(parseScaled(1e-7, 4)).toBeUndefined();
    expect(parseScaled('12.345', 2)).toBeUndefined();
    expect(parseScaled('abc', 2)).toBeUndefined();
    expect(parseScaled('', 2)).toBeUndefined();
  });

  it('rounds extra places half away from zero', () => {
    expect(parseRounded(2.675, 2)).toBe(268n); // the binary double is 2.67499999..., but the JSON text says 2.675
    expect(parseRounded(-2.675, 2)).toBe(-268n);
    expect(parseRounded('0.005', 2)).toBe(1n);
    expect(rescale(33351n, 4, 2)).toBe(334n);
  });

  it('prints cents as Xero numbers', () => {
    expect(cents(12432n)).toBe(124.32);
    expect(cents(-1n)).toBe(-0.01);
  });
});

describe('emulator dates', () => {
  it('reads the date forms clients send', () => {
    const may20 = Date.UTC(2025, 4, 20);
    expect(parseClientDate('2025-05-20')).toBe(may20);
    expect(parseClientDate('2025-05-20T15:30:00')).toBe(may20);
    expect(parseClientDate(`/Date(${may20 + 3_600_000}+0000)/`)).toBe(may20);
    expect(parseClientDate('2025-02-30')).toBeUndefined();
    expect(parseClientDate('20/05/2025')).toBeUndefined();
  });

  it('writes Xero forms', () => {
    const ms = Date.UTC(2013, 6, 31);
    expect(msDate(ms)).toBe(`/Date(${ms}+0000)/`);
    expect(dateString(ms)).toBe('2013-07-31T00:00:00');
    expect(lockDateText(ms)).toBe('31-Jul-2013');
    expect(utcString(Date.UTC(2019, 2, 11, 17, 58, 46, 117))).toBe('2019-03-11T17:58:46Z');
  });
});
