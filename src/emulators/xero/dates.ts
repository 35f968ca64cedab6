/** Xero's date formats: `/Date(ms+0000)/` on documents, `/Date(ms)/` in the envelope, ISO siblings in `...String`. */
const DAY_MS = 86_400_000;

export function msDate(ms: number): string {
  return `/Date(${ms}+0000)/`;
}

export function envelopeDate(ms: number): string {
  return `/Date(${ms})/`;
}

/** `2019-02-22T00:00:00`: the form of DateString / DueDateString. */
export function dateString(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** `2019-03-11T17:58:46Z`: the form of UpdatedDateUTCString (seconds, UTC). */
export function utcString(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** The calendar day at `ms` in an IANA time zone, as midnight UTC of that day (how document dates are kept). */
export function dayIn(zone: string, ms: number): number {
  const text = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
  return parseClientDate(text) ?? startOfDay(ms);
}

export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** `31-Jul-2013`, the form Xero uses in lock-date messages. */
export function lockDateText(ms: number): string {
  const d = new Date(ms);
  const month = d.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
  return `${String(d.getUTCDate()).padStart(2, '0')}-${month}-${d.getUTCFullYear()}`;
}

/**
 * A date a client sent: `2024-01-31`, `2024-01-31T00:00:00`, an ISO date-time, or `/Date(ms)/` / `/Date(ms+0000)/`.
 * Document dates are days: the time of day is dropped. Returns undefined when the text is not a date.
 */
export function parseClientDate(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  const ms = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(text);
  if (ms?.[1] !== undefined) return startOfDay(Number(ms[1]));
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!day) return undefined;
  const parsed = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
  if (Number.isNaN(parsed)) return undefined;
  const back = new Date(parsed);
  if (back.getUTCMonth() !== Number(day[2]) - 1) return undefined;
  return parsed;
}

/**
 * Like parseClientDate, but a time of day that was sent is kept (to the second), as Xero keeps it on DueDate
 * (threads/node204-summarize-false-and-time-of-day). The time is read as UTC, the way Xero echoes it.
 */
export function parseClientDateTime(value: unknown): number | undefined {
  const day = parseClientDate(value);
  if (day === undefined || typeof value !== 'string') return day;
  const text = value.trim();
  const ms = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(text);
  if (ms?.[1] !== undefined) return Math.floor(Number(ms[1]) / 1000) * 1000;
  const time = /^\d{4}-\d{2}-\d{2}[T ](\d{2}):(\d{2})(?::(\d{2}))?/.exec(text);
  if (!time) return day;
  const [h, m, sec] = [Number(time[1]), Number(time[2]), Number(time[3] ?? '0')];
  if (h > 23 || m > 59 || sec > 59) return undefined;
  return day + ((h * 60 + m) * 60 + sec) * 1000;
}

/** `If-Modified-Since` as xero-node sends it (ISO) or as an HTTP date. */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
