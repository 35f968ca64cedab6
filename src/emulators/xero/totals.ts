/**
 * Xero's arithmetic, written here independently of the connector's mapper (a mistake in one shows against the other).
 * Quantities and unit amounts are scale 4, money is scale 2 (cents), rates are percent at scale 4.
 */
import { divRound } from './money.js';

export type LineAmountTypes = 'Exclusive' | 'Inclusive' | 'NoTax';

export interface TaxComponentRate {
  rate4: bigint;
  isCompound: boolean;
}

const HUNDRED_PERCENT_4 = 1_000_000n; // 100 % at scale 4

/** Non-compound components add up; each compound component applies on top of everything before it. */
export function effectiveRate4(components: readonly TaxComponentRate[]): bigint {
  let simple = 0n;
  for (const c of components) if (!c.isCompound) simple += c.rate4;
  let total = simple;
  for (const c of components) {
    if (!c.isCompound) continue;
    total = total + c.rate4 + divRound(total * c.rate4, HUNDRED_PERCENT_4);
  }
  return total;
}

export interface LineInput {
  quantity4: bigint;
  unit4: bigint;
  /** DiscountRate as a percent at scale 4 (10.5 % -> 105000). */
  discountRate4?: bigint;
  discountCents?: bigint;
  rate4: bigint;
  /** TaxAmount the client sent: Xero keeps a client override. */
  taxOverrideCents?: bigint;
}

export interface LineTotals {
  lineCents: bigint;
  taxCents: bigint;
  discountCents: bigint;
}

export function lineTotals(line: LineInput, types: LineAmountTypes): LineTotals {
  const gross8 = line.quantity4 * line.unit4; // scale 8
  const grossCents = divRound(gross8, 1_000_000n);
  let lineCents: bigint;
  if (line.discountRate4 !== undefined && line.discountRate4 !== 0n) {
    lineCents = divRound(gross8 * (HUNDRED_PERCENT_4 - line.discountRate4), 1_000_000n * HUNDRED_PERCENT_4);
  } else if (line.discountCents !== undefined) {
    lineCents = grossCents - line.discountCents;
  } else {
    lineCents = grossCents;
  }
  const discountCents = grossCents - lineCents;
  let taxCents: bigint;
  if (types === 'NoTax') taxCents = 0n;
  else if (line.taxOverrideCents !== undefined) taxCents = line.taxOverrideCents;
  else if (types === 'Inclusive') taxCents = divRound(lineCents * line.rate4, HUNDRED_PERCENT_4 + line.rate4);
  else taxCents = divRound(lineCents * line.rate4, HUNDRED_PERCENT_4);
  return { lineCents, taxCents, discountCents };
}

export interface DocumentTotals {
  subTotal: bigint;
  totalTax: bigint;
  total: bigint;
  totalDiscount: bigint;
}

export function documentTotals(lines: readonly LineTotals[], types: LineAmountTypes): DocumentTotals {
  let sumLines = 0n;
  let sumTax = 0n;
  let sumDiscount = 0n;
  for (const l of lines) {
    sumLines += l.lineCents;
    sumTax += l.taxCents;
    sumDiscount += l.discountCents;
  }
  if (types === 'NoTax') return { subTotal: sumLines, totalTax: 0n, total: sumLines, totalDiscount: sumDiscount };
  if (types === 'Inclusive') {
    return { subTotal: sumLines - sumTax, totalTax: sumTax, total: sumLines, totalDiscount: sumDiscount };
  }
  return { subTotal: sumLines, totalTax: sumTax, total: sumLines + sumTax, totalDiscount: sumDiscount };
}
