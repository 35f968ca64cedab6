import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, epochToLocalDate, formatXeroDate, isValidTimeZone, localHourToEpoch, magentoToLocalDate, parseMagentoUtc, parseXeroDate, xeroDateToIsoDate } from './dates.js';

describe('store-local dates', () => {
  it.each([
    ['2017-08-21 22:22:19', 'UTC', '2017-08-21'],
    ['2017-08-21 22:22:19', 'Australia/Sydney', '2017-08-22'],
    ['2017-08-22 03:00:00', 'America/Los_Angeles', '2017-08-21'],
    ['2024-12-31 23:30:00', 'Europe/London', '2024-12-31'],
    ['2024-12-31 23:30:00', 'Europe/Berlin', '2025-01-01'],
    ['2024-03-10 07:59:59', 'America/New_York', '2024-03-10'], // just after the DST switch
  ])('%s in %s is %s', (ts, tz, expected) => {
    expect(magentoToLocalDate(ts, tz)).toBe(expected);
  });

  it('rejects bad input', () => {
    expect(() => parseMagentoUtc('2017-02-30 00:00:00')).toThrow(RangeError);
    expect(() => parseMagentoUtc('yesterday')).toThrow(RangeError);
    expect(() => magentoToLocalDate('2017-08-21 22:22:19', 'Mars/Olympus')).toThrow(/Unknown time zone/);
    expect(isValidTimeZone('Pacific/Auckland')).toBe(true);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 30)).toBe('2025-01-30');
    expect(addDays('2024-03-01', 0)).toBe('2024-03-01');
  });
});

describe('Xero dates', () => {
  it('parses /Date(ms+zzzz)/ and ISO forms', () => {
    expect(parseXeroDate('/Date(1550793600000+0000)/')).toBe(1550793600000);
    expect(xeroDateToIsoDate('/Date(1550793600000+0000)/')).toBe('2019-02-22');
    expect(xeroDateToIsoDate('/Date(1550793600000)/')).toBe('2019-02-22');
    expect(xeroDateToIsoDate('2019-02-22T00:00:00')).toBe('2019-02-22');
    expect(formatXeroDate(1550793600000)).toBe('/Date(1550793600000+0000)/');
    expect(() => parseXeroDate('2019-02-22')).toThrow(RangeError);
  });
});

describe('epochToLocalDate, kept per quarter hour', () => {
  const zones = ['UTC', 'Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns'];
  const direct = (ms: number, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));

  it('gives Intl\'s date for every instant, across midnights and daylight-saving changes', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }), fc.constantFrom(...zones), (ms, zone) => {
        expect(epochToLocalDate(ms, zone)).toBe(direct(ms, zone));
      }),
      { numRuns: 3000 },
    );
    // The minutes either side of London's spring change and of New York's local midnight.
    for (const ms of [Date.UTC(2026, 2, 29, 0, 59, 59), Date.UTC(2026, 2, 29, 1, 0, 0), Date.UTC(2026, 10, 2, 4, 59, 59), Date.UTC(2026, 10, 2, 5, 0, 0)]) {
      for (const zone of zones) expect(epochToLocalDate(ms, zone)).toBe(direct(ms, zone));
    }
  });
});

describe('localHourToEpoch', () => {
  const at = (d: string, h: number, z: string) => new Date(localHourToEpoch(d, h, z)).toISOString();
  it('finds the instant a store-local hour begins', () => {
    expect(at('2024-01-15', 3, 'America/New_York')).toBe('2024-01-15T08:00:00.000Z');
    expect(at('2024-06-01', 0, 'Europe/London')).toBe('2024-05-31T23:00:00.000Z');
    expect(at('2024-06-01', 3, 'Pacific/Auckland')).toBe('2024-05-31T15:00:00.000Z');
    expect(at('2024-01-01', 0, 'UTC')).toBe('2024-01-01T00:00:00.000Z');
  });
  it('resolves the hour clocks skip to the first instant after it, and a repeated hour to its first occurrence', () => {
    // 2024-03-10 02:00 does not exist in New York (02:00 EST → 03:00 EDT).
    expect(at('2024-03-10', 2, 'America/New_York')).toBe('2024-03-10T07:00:00.000Z');
    // 2024-11-03 01:00 happens twice (EDT, then EST): the first.
    expect(at('2024-11-03', 1, 'America/New_York')).toBe('2024-11-03T05:00:00.000Z');
  });
  it('refuses a date or hour that is not one', () => {
    expect(() => localHourToEpoch('2024-02-30', 1, 'UTC')).toThrow(/Not a date/);
    expect(() => localHourToEpoch('2024-02-01', 24, 'UTC')).toThrow(/Not an hour/);
    expect(() => localHourToEpoch('2024-02-01', 1, 'Mars/Olympus')).toThrow(/Unknown time zone/);
  });
});
