// What Xero will compute for a document we send: line amounts, tax and totals, in cents. Written from Xero's documented
// rules, independently of the emulator, so a mistake in one shows against the other.
//   LineAmount = round2(Quantity × UnitAmount × (100 − DiscountRate) / 100), or round2(Quantity × UnitAmount − DiscountAmount)
//   TaxAmount  = the line's TaxAmount when sent (Xero lets a client override it), else from the rate:
//                Exclusive: LineAmount × rate / 100; Inclusive: LineAmount × rate / (100 + rate); NoTax: 0
//   Exclusive: SubTotal = Σ LineAmount, Total = SubTotal + TotalTax
//   Inclusive: Total = Σ LineAmount, SubTotal = Total − TotalTax
import { CENTS, divRound, toMinor, UNIT_DP } from '../domain/money.js';
import type { LineAmountTypes, XeroLineItem } from '../domain/xero.js';

export interface LineArithmetic {
  lineAmount: number;
  taxAmount: number;
}

export interface DocumentArithmetic {
  lines: LineArithmetic[];
  subTotal: number;
  totalTax: number;
  total: number;
}

/** Percentage rate of a TaxType (e.g. 8.875), for lines sent without a TaxAmount. */
export type TaxRateLookup = (taxType: string) => number | undefined;

const TEN_4 = 10n ** 4n;

export function lineAmountCents(line: Pick<XeroLineItem, 'Quantity' | 'UnitAmount' | 'DiscountAmount' | 'DiscountRate'>): number {
  const qty = BigInt(toMinor(line.Quantity, UNIT_DP));
  const unit = BigInt(toMinor(line.UnitAmount, UNIT_DP));
  const gross = qty * unit; // scale 1e-8
  let net: bigint;
  if (line.DiscountRate !== undefined && line.DiscountRate !== 0) {
    const rate = BigInt(toMinor(line.DiscountRate, 2)); // hundredths of a percent
    net = divRound(gross * (100n * 100n - rate), 100n * 100n * 10n ** 6n);
    return Number(net);
  }
  const discount = BigInt(toMinor(line.DiscountAmount ?? 0, CENTS)) * 10n ** 6n;
  net = divRound(gross - discount, TEN_4 * 100n);
  return Number(net);
}

export function lineTaxCents(
  line: Pick<XeroLineItem, 'TaxAmount' | 'TaxType'>,
  lineAmount: number,
  mode: LineAmountTypes,
  rateOf?: TaxRateLookup,
): number {
  if (mode === 'NoTax') return 0;
  if (line.TaxAmount !== undefined) return toMinor(line.TaxAmount, CENTS);
  const rate = line.TaxType && rateOf ? rateOf(line.TaxType) : undefined;
  // A rate of 0 needs no test of its own: r is then 0, and 0 divided by either positive divisor below is 0.
  if (rate === undefined) return 0;
  const r = BigInt(toMinor(rate, UNIT_DP)); // rate in 1e-4 percent
  const amount = BigInt(lineAmount);
  if (mode === 'Exclusive') return Number(divRound(amount * r, 100n * TEN_4));
  return Number(divRound(amount * r, 100n * TEN_4 + r));
}

export function computeDocument(
  doc: { LineAmountTypes: LineAmountTypes; LineItems: readonly XeroLineItem[] },
  rateOf?: TaxRateLookup,
): DocumentArithmetic {
  const lines = doc.LineItems.map((line) => {
    const lineAmount = lineAmountCents(line);
    return { lineAmount, taxAmount: lineTaxCents(line, lineAmount, doc.LineAmountTypes, rateOf) };
  });
  const sumLines = lines.reduce((s, l) => s + l.lineAmount, 0);
  const totalTax = lines.reduce((s, l) => s + l.taxAmount, 0);
  if (doc.LineAmountTypes === 'Inclusive') {
    return { lines, subTotal: sumLines - totalTax, totalTax, total: sumLines };
  }
  return { lines, subTotal: sumLines, totalTax, total: sumLines + totalTax };
}
