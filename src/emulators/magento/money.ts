// Magento keeps amounts as decimals rounded to the cent with PHP's round() (half away from zero). The emulator does
// every sum in integer cents and only turns them into JSON numbers at the edge, so totals add up exactly.

/** Integer division rounded half away from zero, the way PHP's round() treats a .5. */
export function divRound(numerator: number, denominator: number): number {
  const q = numerator / denominator;
  const r = Math.round(Math.abs(q) + 1e-9) * Math.sign(q);
  return r === 0 ? 0 : r;
}

/** A percent with up to three decimals (8.875) as an integer number of thousandths of a percent. */
function milliPercent(percent: number): number {
  return Math.round(percent * 1000);
}

/** `percent` % of an amount in cents, rounded to the cent. */
export function percentOf(cents: number, percent: number): number {
  return divRound(cents * milliPercent(percent), 100_000);
}

/** The tax contained in a tax-inclusive amount: gross × r / (100 + r), rounded to the cent. */
export function taxIncluded(grossCents: number, percent: number): number {
  const m = milliPercent(percent);
  return divRound(grossCents * m, 100_000 + m);
}

/** Converts with an exchange rate of at most four decimals (base_to_order_rate). */
export function convert(cents: number, rate: number): number {
  return divRound(cents * Math.round(rate * 10_000), 10_000);
}

/** Converts back from order currency to base currency. */
export function convertBack(cents: number, rate: number): number {
  return divRound(cents * 10_000, Math.round(rate * 10_000));
}

/** Cents → the JSON number Magento sends (19.99). */
export function amount(cents: number): number {
  const value = cents / 100;
  return value === 0 ? 0 : value;
}

/**
 * An amount as Magento writes a decimal column it does not cast: a string with four decimals ("0.0000"). Adobe's 2.4.8
 * schema types the gift wrapping prices of an order's extension attributes as strings, and a real store's order sends
 * them so (gw_price "0.0000", ../shared/reference/magento/real-stores/store.json).
 */
export function decimalText(cents: number): string {
  return (cents / 100).toFixed(4);
}

/** A JSON amount (number or numeric string) → cents; anything else counts as zero. */
export function cents(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.round(value * 100);
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Math.round(Number(value) * 100);
  return 0;
}

/** A JSON number or numeric string → number (quantities). */
export function num(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return 0;
}
