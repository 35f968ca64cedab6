// Dates with an explicit time zone. Magento returns "YYYY-MM-DD HH:MM:SS" in UTC whatever the store's time zone;
// an accounting date is the store-local calendar date. Xero returns "/Date(ms+zzzz)/" and takes "YYYY-MM-DD".

/** A calendar date "YYYY-MM-DD" with no time zone attached (Xero's Date, DueDate). */
export type IsoDate = string;

const MAGENTO_UTC = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const XERO_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

/** Parses Magento's UTC timestamp ("2017-08-21 22:22:19") to epoch milliseconds. */
export function parseMagentoUtc(timestamp: string): number {
  const m = MAGENTO_UTC.exec(timestamp.trim());
  if (!m) throw new RangeError(`Not a Magento timestamp (YYYY-MM-DD HH:MM:SS): ${JSON.stringify(timestamp)}`);
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(ms);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new RangeError(`Not a real date: ${JSON.stringify(timestamp)}`);
  }
  return ms;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      throw new RangeError(`Unknown time zone: ${JSON.stringify(timeZone)}`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `timeZone` is an IANA time zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The calendar date of an instant in an IANA time zone. */
export function epochToLocalDate(ms: number, timeZone: string): IsoDate {
  // Offsets change only at whole quarter hours (every zone in use today), so one quarter hour has one local date: the
  // answer is kept per zone and quarter hour, and Intl is asked once per quarter hour of orders, not once per date.
  const key = `${timeZone}|${Math.floor(ms / QUARTER_HOUR)}`;
  const known = localDates.get(key);
  if (known !== undefined) return known;
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  const date = `${get('year')}-${get('month')}-${get('day')}`;
  if (localDates.size >= 20_000) localDates.clear();
  localDates.set(key, date);
  return date;
}

const QUARTER_HOUR = 15 * 60_000;
const localDates = new Map<string, IsoDate>();

/** Magento UTC "YYYY-MM-DD HH:MM:SS" → store-local "YYYY-MM-DD". */
export function magentoToLocalDate(timestamp: string, timeZone: string): IsoDate {
  return epochToLocalDate(parseMagentoUtc(timestamp), timeZone);
}

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Adds whole days to a calendar date (no time zone involved). */
export function addDays(date: IsoDate, days: number): IsoDate {
  if (!isIsoDate(date)) throw new RangeError(`Not a date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  const ms = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** Compares two calendar dates: negative, zero or positive. */
export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Parses Xero's "/Date(1550793600000+0000)/" to epoch milliseconds. The offset is informational: ms is UTC. */
export function parseXeroDate(value: string): number {
  const m = XERO_DATE.exec(value.trim());
  if (!m) throw new RangeError(`Not a Xero date (/Date(ms)/): ${JSON.stringify(value)}`);
  return Number(m[1]);
}

export function isXeroDate(value: string): boolean {
  return XERO_DATE.test(value.trim());
}

/**
 * Xero date fields (Date, DueDate, lock dates) → "YYYY-MM-DD". Xero encodes a calendar date as midnight UTC, so the UTC
 * date of the instant is the calendar date. Also accepts an ISO date or date-time, which Xero sends in *String siblings.
 */
export function xeroDateToIsoDate(value: string): IsoDate {
  const trimmed = value.trim();
  if (isXeroDate(trimmed)) return new Date(parseXeroDate(trimmed)).toISOString().slice(0, 10);
  const iso = /^(\d{4}-\d{2}-\d{2})(?:T[\d:.]+Z?)?$/.exec(trimmed);
  if (iso?.[1] && isIsoDate(iso[1])) return iso[1];
  throw new RangeError(`Not a Xero date: ${JSON.stringify(value)}`);
}

/** Formats epoch milliseconds as Xero's "/Date(ms+0000)/" (used by emulators and tests). */
export function formatXeroDate(ms: number): string {
  return `/Date(${ms}+0000)/`;
}

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time an instant shows in a time zone, as if that wall clock were UTC (ms). */
function wallClockAsUtc(ms: number, timeZone: string): number {
  let f = wallClocks.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallClocks.set(timeZone, f);
  }
  const parts = f.formatToParts(new Date(ms));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

/**
 * The instant a store-local date and hour begins ("2024-03-10", 3 in America/New_York). An hour the clocks skip (a
 * spring-forward gap) resolves to the first instant after it; an hour that happens twice, to its first occurrence.
 */
export function localHourToEpoch(date: IsoDate, hour: number, timeZone: string): number {
  if (!isIsoDate(date)) throw new RangeError(`Not a date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new RangeError(`Not an hour (0-23): ${hour}`);
  formatterFor(timeZone);
  const wanted = Date.parse(`${date}T00:00:00Z`) + hour * 3_600_000;
  // Offsets change at most twice around a date: two corrections reach the instant whose wall clock shows `wanted`.
  let guess = wanted - (wallClockAsUtc(wanted, timeZone) - wanted);
  for (let i = 0; i < 2; i++) {
    const shown = wallClockAsUtc(guess, timeZone);
    if (shown === wanted) break;
    guess += wanted - shown;
  }
  // Earlier occurrence of a repeated hour; or, in a gap, the first instant at or after the wanted wall time.
  const hourEarlier = guess - 3_600_000;
  if (wallClockAsUtc(hourEarlier, timeZone) === wanted) return hourEarlier;
  while (wallClockAsUtc(guess, timeZone) < wanted) guess += 60_000;
  return guess;
}
