// Money as integer minor units. Amounts from Magento and Xero arrive as JSON numbers (binary floats); we go through
// their shortest decimal string so 19.99 becomes exactly 1999 and never 1998.9999. Rounding is half away from zero,
// which is how Xero rounds line amounts and tax.

/** Integer amount in minor units at some scale (2 = cents, 4 = 1/10000 for unit prices and rates). */
export type Minor = number;

export const CENTS = 2;
export const UNIT_DP = 4;

interface Decimal {
  negative: boolean;
  digits: string; // no sign, no dot, may have leading zeros
  scale: number; // value = digits / 10^scale
}

function parseDecimal(input: number | string): Decimal {
  const text = typeof input === 'number' ? numberToPlainString(input) : input.trim();
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
    throw new RangeError(`Not a decimal number: ${JSON.stringify(input)}`);
  }
  const intPart = match[2] as string; // `(\d*)` always takes part in a match: '' at the least
  const fracPart = match[3] ?? '';
  const exponent = match[4] ? Number.parseInt(match[4], 10) : 0;
  // The digits are never empty: the pattern needs one before or after the point. "-0.00" parses as negative; toMinor
  // turns −0 into 0. A scale below zero ("5e3") means zeros to add.
  return { negative: match[1] === '-', digits: `${intPart}${fracPart}`, scale: fracPart.length - exponent };
}

function numberToPlainString(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`Not a finite amount: ${value}`);
  return String(value);
}

/** Divides a by b (b > 0) rounding half away from zero. */
export function divRound(a: bigint, b: bigint): bigint {
  if (b <= 0n) throw new RangeError('divisor must be positive');
  const negative = a < 0n;
  const abs = negative ? -a : a;
  const q = (abs * 2n + b) / (2n * b);
  return negative ? -q : q;
}

function toSafeNumber(value: bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`Amount out of range: ${value}`);
  return n;
}

/** Parses a JSON number or decimal string to integer minor units at `dp` places, rounding half away from zero. */
export function toMinor(value: number | string, dp: number = CENTS): Minor {
  const d = parseDecimal(value);
  // Done on the decimal digits, no BigInt (a measurable share of the connector's CPU went to BigInt here;
  // bench/RESULTS.md §7): with `dropped` digits beyond `dp` places (zeros put in front so that there are that many),
  // or zeros added up to `dp` places, keep the rest and add one when the first digit dropped is 5 or more (half away
  // from zero; the sign is put back afterwards). The kept digits read as a double are exact whenever they make a safe
  // integer, and a larger amount is refused.
  const dropped = Math.max(0, d.scale - dp);
  const padded = '0'.repeat(dropped) + d.digits + '0'.repeat(Math.max(0, dp - d.scale));
  const cut = padded.length - dropped;
  const n = Number(padded.slice(0, cut)) + (padded.charAt(cut) >= '5' ? 1 : 0);
  if (!Number.isSafeInteger(n)) throw new RangeError(`Amount out of range: ${JSON.stringify(value)} at ${dp} places`);
  return d.negative ? -n || 0 : n;
}

/** Like toMinor, but null/undefined become 0 (Magento leaves out null amounts). */
export function toMinorOr0(value: number | string | null | undefined, dp: number = CENTS): Minor {
  return value === null || value === undefined ? 0 : toMinor(value, dp);
}

/** Whether the value has no more than `dp` decimal places (e.g. is a whole number of cents). */
export function hasAtMostDp(value: number | string, dp: number): boolean {
  const d = parseDecimal(value);
  // The digits beyond `dp` places must all be zeros (none at all when the value has `dp` places or fewer: the slice is
  // empty; all of them when even the first is beyond, as in "10e-3" at 0 places).
  return /^0*$/.test(d.digits.slice(Math.max(0, d.digits.length - (d.scale - dp))));
}

/** Converts minor units back to a JSON number for a payload (exact for any safe integer). */
export function fromMinor(minor: Minor, dp: number = CENTS): number {
  assertInteger(minor);
  const n = minor / 10 ** dp;
  return n === 0 ? 0 : n;
}

/** Formats minor units as a fixed decimal string, e.g. 1999 → "19.99". */
export function formatMinor(minor: Minor, dp: number = CENTS): string {
  assertInteger(minor);
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(dp + 1, '0');
  const text = dp === 0 ? digits : `${digits.slice(0, digits.length - dp)}.${digits.slice(digits.length - dp)}`;
  return negative ? `-${text}` : text;
}

/** Changes scale (e.g. 4-dp unit amount to cents), rounding half away from zero. */
export function rescale(minor: Minor, fromDp: number, toDp: number): Minor {
  assertInteger(minor);
  if (toDp >= fromDp) return minor * 10 ** (toDp - fromDp);
  return toSafeNumber(divRound(BigInt(minor), 10n ** BigInt(fromDp - toDp)));
}

/** round(a × b / divisor) half away from zero, exact for large operands. */
export function mulDivRound(a: Minor, b: Minor, divisor: Minor): Minor {
  assertInteger(a);
  assertInteger(b);
  assertInteger(divisor);
  if (divisor === 0) throw new RangeError('division by zero');
  const sign = divisor < 0 ? -1n : 1n;
  return toSafeNumber(divRound(BigInt(a) * BigInt(b) * sign, BigInt(divisor) * sign));
}

export function sumMinor(values: Iterable<Minor>): Minor {
  let total = 0;
  for (const v of values) {
    assertInteger(v);
    total += v;
  }
  if (!Number.isSafeInteger(total)) throw new RangeError('Sum out of range');
  return total;
}

/** Rounds a JSON number to `dp` places the way Xero does and returns it as a JSON number. */
export function roundAmount(value: number, dp: number = CENTS): number {
  return fromMinor(toMinor(value, dp), dp);
}

function assertInteger(value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`Minor units must be a safe integer, got ${value}`);
}
