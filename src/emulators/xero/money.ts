/**
 * Exact decimal arithmetic for the emulator. Amounts are scaled integers: money in cents (scale 2), unit amounts and
 * quantities in 1/10000 (scale 4), tax rates in 1/10000 of a percent (scale 4). Products go through BigInt so that
 * 10,000 units at 99,999.9999 do not lose a cent. Rounding is half away from zero, as Xero rounds.
 */
export type Scaled = bigint;

/** Parses a JSON number or numeric string into a scaled integer, or undefined when it has more decimals than `scale`. */
export function parseScaled(value: unknown, scale: number): Scaled | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    text = numberToPlain(value);
  } else if (typeof value === 'string' && value.trim() !== '') {
    text = value.trim();
  } else {
    return undefined;
  }
  const m = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  if (fraction.length > scale) return undefined;
  const digits = `${m[2] || '0'}${fraction.padEnd(scale, '0')}`;
  const magnitude = BigInt(digits);
  return m[1] === '-' ? -magnitude : magnitude;
}

/** Like parseScaled but rounds extra decimals half away from zero instead of refusing them. */
export function parseRounded(value: unknown, scale: number): Scaled | undefined {
  const exact = parseScaled(value, scale);
  if (exact !== undefined) return exact;
  const wide = parseScaled(value, scale + 12);
  if (wide === undefined) return undefined;
  return divRound(wide, 10n ** 12n);
}

function numberToPlain(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(20).replace(/\.?0+$/, '');
}

/** Integer division rounded half away from zero. */
export function divRound(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n * 2n + d) / (d * 2n);
  return negative ? -q : q;
}

/** Rescales from one scale to another, rounding half away from zero when narrowing. */
export function rescale(value: Scaled, from: number, to: number): Scaled {
  if (to >= from) return value * 10n ** BigInt(to - from);
  return divRound(value, 10n ** BigInt(from - to));
}

/** A scaled integer as the JSON number Xero prints (e.g. 40 cents at scale 2 -> 0.4). */
export function toNumber(value: Scaled, scale: number): number {
  return Number(value) / 10 ** scale;
}

export function cents(value: Scaled): number {
  return toNumber(value, 2);
}
