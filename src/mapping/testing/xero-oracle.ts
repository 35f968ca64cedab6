// What Xero will make of a payload, for tests: the Xero emulator's own arithmetic (src/emulators/xero/totals.ts), which
// was written apart from the connector's (src/mapping/xero-arithmetic.ts) and shares no code with src/mapping. Mapping
// tests check payloads with this and never with the connector's own arithmetic, so a mistake there cannot hide itself.
// Test-only: the connector never imports the emulators; this file is imported by tests alone.
import type { LineAmountTypes, XeroLineItem } from '../../domain/xero.js';
import { parseScaled } from '../../emulators/xero/money.js';
import { documentTotals, lineTotals } from '../../emulators/xero/totals.js';

export interface OracleLine {
  description: string;
  lineCents: number;
  taxCents: number;
}

export interface OracleDocument {
  lines: OracleLine[];
  subTotal: number;
  totalTax: number;
  total: number;
}

function scaled(value: number | undefined, scale: number, field: string, line: string): bigint | undefined {
  if (value === undefined) return undefined;
  const v = parseScaled(value, scale);
  // Xero refuses more decimals than this; the payload is wrong, whatever the totals say.
  if (v === undefined) throw new Error(`line "${line}": ${field} ${value} has more than ${scale} decimals`);
  return v;
}

/** Xero's LineAmount, TaxAmount and totals for a document the connector would send. */
export function xeroWouldCompute(doc: { LineAmountTypes: LineAmountTypes; LineItems: readonly XeroLineItem[] }): OracleDocument {
  const mode = doc.LineAmountTypes;
  const totals = doc.LineItems.map((l) => {
    const where = l.Description;
    const taxOverride = scaled(l.TaxAmount, 2, 'TaxAmount', where);
    const discountRate = scaled(l.DiscountRate, 4, 'DiscountRate', where);
    const discount = scaled(l.DiscountAmount, 2, 'DiscountAmount', where);
    const line = lineTotals(
      {
        quantity4: scaled(l.Quantity, 4, 'Quantity', where) ?? 10_000n,
        unit4: scaled(l.UnitAmount, 4, 'UnitAmount', where) ?? 0n,
        ...(discountRate !== undefined ? { discountRate4: discountRate } : {}),
        ...(discount !== undefined ? { discountCents: discount } : {}),
        rate4: 0n,
        ...(taxOverride !== undefined ? { taxOverrideCents: taxOverride } : {}),
      },
      mode,
    );
    // A line without TaxAmount would be taxed at its TaxType's rate, which this oracle does not know: only a line that
    // comes to nothing (a "No charge" line) may leave it out, since any rate of nothing is nothing.
    if (mode !== 'NoTax' && taxOverride === undefined && line.lineCents !== 0n) {
      throw new Error(`line "${where}": no TaxAmount (the connector always sends the tax Magento charged)`);
    }
    return line;
  });
  const doc2 = documentTotals(totals, mode);
  return {
    lines: totals.map((t, i) => ({ description: doc.LineItems[i]?.Description ?? '', lineCents: Number(t.lineCents), taxCents: Number(t.taxCents) })),
    subTotal: Number(doc2.subTotal),
    totalTax: Number(doc2.totalTax),
    total: Number(doc2.total),
  };
}

/** Lines as sorted "amount/tax" pairs without the rounding line, for comparing with Magento's figures whatever the order. */
export function linePairs(lines: ReadonlyArray<{ lineCents: number; taxCents: number; description?: string; what?: string }>): string[] {
  return lines
    .filter((l) => l.description !== 'Rounding' && (l.lineCents !== 0 || l.taxCents !== 0))
    .map((l) => `${l.lineCents}/${l.taxCents}`)
    .sort();
}

/**
 * Checks a payload against Magento's figures without the connector's arithmetic: Xero's totals (as the emulator
 * computes them) must be Magento's, and Xero's lines must be Magento's lines, each amount and each tax, with no rounding
 * line. Returns what differs (empty when everything agrees).
 */
export function differencesFromMagento(
  payload: { LineAmountTypes: LineAmountTypes; LineItems: readonly XeroLineItem[] },
  magento: { lines: ReadonlyArray<{ lineCents: number; taxCents: number; what: string }>; totalCents: number; taxCents: number },
): string[] {
  const xero = xeroWouldCompute(payload);
  const out: string[] = [];
  if (xero.total !== magento.totalCents) out.push(`Xero total ${xero.total} ≠ Magento ${magento.totalCents}`);
  if (payload.LineAmountTypes !== 'NoTax' && xero.totalTax !== magento.taxCents) out.push(`Xero tax ${xero.totalTax} ≠ Magento ${magento.taxCents}`);
  const rounding = payload.LineItems.filter((l) => l.Description === 'Rounding').length;
  if (rounding > 0) out.push(`${rounding} rounding line(s)`);
  const got = linePairs(xero.lines);
  const wanted = linePairs(magento.lines);
  if (got.join(' ') !== wanted.join(' ')) out.push(`Xero lines (amount/tax) ${got.join(' ')} ≠ Magento's ${wanted.join(' ')}`);
  return out;
}
