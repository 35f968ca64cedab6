// When a store's day is final: the closing hour after midnight (store time) of the next day. A summary is posted once its
// day is closed; anything that reaches a day already posted is posted on the day it happens instead.
import { addDays, epochToLocalDate, localHourToEpoch } from '../../domain/dates.js';

/** The instant day `day` closes: `closeHour` o'clock on the next day, in the store's time zone. */
export function dayClosesAt(day: string, closeHour: number, timeZone: string): number {
  return localHourToEpoch(addDays(day, 1), closeHour, timeZone);
}

export function isDayClosed(day: string, now: number, closeHour: number, timeZone: string): boolean {
  return now >= dayClosesAt(day, closeHour, timeZone);
}

/** The store-local day it is now: where a change to a posted day goes. */
export function storeToday(now: number, timeZone: string): string {
  return epochToLocalDate(now, timeZone);
}

/** The newest day that is closed at `now` (yesterday after the closing hour, the day before until then). */
export function lastClosedDay(now: number, closeHour: number, timeZone: string): string {
  const yesterday = addDays(storeToday(now, timeZone), -1);
  return isDayClosed(yesterday, now, closeHour, timeZone) ? yesterday : addDays(yesterday, -1);
}
