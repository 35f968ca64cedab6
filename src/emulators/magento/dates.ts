/** Magento's REST date format: `YYYY-MM-DD HH:MM:SS`, always UTC whatever the store's timezone. */
export function magentoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
