// Tax in the reconciliation: what a document files under each Xero tax type (net and tax, in minor units), on Magento's
// side from the mapping's own lines, on Xero's from the lines Xero holds; per document (a line moved to another tax type
// by hand shows as a difference) and per day and Magento tax rate (what the merchant's tax return is built from).
import { formatMinor, toMinorOr0 } from '../domain/money.js';
import type { LineAmountTypes, XeroLineItem, XeroLineItemRead } from '../domain/xero.js';
import { computeDocument } from '../mapping/xero-arithmetic.js';
import type { MappingSettings } from '../mapping/settings.js';
import { mappedTaxType, type AppliedRate } from '../mapping/tax.js';
import type { TaxShare } from './types.js';

/** What the mapping's lines file under each tax type (Xero's arithmetic), with the Magento rates mapped to each. */
export function expectedTaxShares(
  mode: LineAmountTypes,
  lines: readonly XeroLineItem[],
  rates: readonly AppliedRate[],
  settings: MappingSettings,
): TaxShare[] {
  const arithmetic = computeDocument({ LineAmountTypes: mode, LineItems: [...lines] });
  const labels = new Map<string, Set<string>>();
  for (const rate of rates) {
    const type = mappedTaxType(rate, settings);
    if (type) labels.set(type, (labels.get(type) ?? new Set()).add(rate.key));
  }
  const shares = new Map<string, TaxShare>();
  lines.forEach((line, i) => {
    const type = line.TaxType ?? '';
    const a = arithmetic.lines[i] ?? { lineAmount: 0, taxAmount: 0 };
    const net = mode === 'Inclusive' ? a.lineAmount - a.taxAmount : a.lineAmount;
    const share = shares.get(type) ?? { taxType: type, netCents: 0, taxCents: 0, rates: [...(labels.get(type) ?? [])].sort() };
    share.netCents += net;
    share.taxCents += mode === 'NoTax' ? 0 : a.taxAmount;
    shares.set(type, share);
  });
  return sortShares([...shares.values()]);
}

/** What a Xero document's lines file under each tax type, from its LineItems; undefined when Xero sent no lines. */
export function xeroTaxShares(mode: string | null | undefined, lines: readonly XeroLineItemRead[] | null | undefined): TaxShare[] | undefined {
  if (!lines || lines.length === 0) return undefined;
  const shares = new Map<string, TaxShare>();
  for (const line of lines) {
    const type = line.TaxType ?? '';
    const amount = toMinorOr0(line.LineAmount);
    const tax = toMinorOr0(line.TaxAmount);
    const share = shares.get(type) ?? { taxType: type, netCents: 0, taxCents: 0 };
    share.netCents += mode === 'Inclusive' ? amount - tax : amount;
    share.taxCents += mode === 'NoTax' ? 0 : tax;
    shares.set(type, share);
  }
  return sortShares([...shares.values()]);
}

function sortShares(shares: TaxShare[]): TaxShare[] {
  return shares.filter((s) => s.netCents !== 0 || s.taxCents !== 0).sort((a, b) => a.taxType.localeCompare(b.taxType));
}

/** The tax types whose net or tax differ between the two sides, described for the merchant. */
export function taxDifferences(expected: readonly TaxShare[], held: readonly TaxShare[]): string[] {
  const types = [...new Set([...expected.map((s) => s.taxType), ...held.map((s) => s.taxType)])].sort();
  const out: string[] = [];
  for (const type of types) {
    const m = expected.find((s) => s.taxType === type) ?? { netCents: 0, taxCents: 0 };
    const x = held.find((s) => s.taxType === type) ?? { netCents: 0, taxCents: 0 };
    if (m.netCents === x.netCents && m.taxCents === x.taxCents) continue;
    out.push(`${type || '(no tax type)'}: Magento ${formatMinor(m.netCents)} + tax ${formatMinor(m.taxCents)}, Xero ${formatMinor(x.netCents)} + tax ${formatMinor(x.taxCents)}`);
  }
  return out;
}

/** Whether both sides file under the same set of tax types. */
export function sameTaxTypes(a: readonly TaxShare[], b: readonly TaxShare[]): boolean {
  const x = [...new Set(a.map((s) => s.taxType))].sort().join('\u0000');
  const y = [...new Set(b.map((s) => s.taxType))].sort().join('\u0000');
  return x === y;
}
