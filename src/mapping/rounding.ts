// Invariant 1, proved before posting: what Xero will compute for the payload must equal Magento's totals to the cent.
// Small drifts (Magento and Xero round in different places) go to the tax of the largest taxed line and to a rounding
// line; a drift beyond the tolerance is an error that names the lines, never a silent post.
import { MappingError, type RecordRef } from '../domain/errors.js';
import { formatMinor, fromMinor } from '../domain/money.js';
import type { LineAmountTypes, XeroLineItem } from '../domain/xero.js';
import { computeDocument, lineAmountCents, type DocumentArithmetic } from './xero-arithmetic.js';
import type { MappingSettings } from './settings.js';

export interface ReconcileTarget {
  /** What Xero's Total must be, in cents. */
  totalCents: number;
  /** What Xero's TotalTax must be, in cents. */
  taxCents: number;
  /** What Magento charged per line (LineAmount terms), for naming drifting lines in an error. */
  lineTargets: readonly number[];
  currency: string;
  /** The organisation's type for what is no sale (outside the scope of tax): NONE, BAS Excluded in Australia. */
  roundingTaxType: string;
}

export interface Reconciled {
  lines: XeroLineItem[];
  roundingCents: number;
  taxAdjustedCents: number;
  arithmetic: DocumentArithmetic;
}

export const ROUNDING_DESCRIPTION = 'Rounding';

function money(cents: number, currency: string): string {
  return `${currency} ${formatMinor(cents)}`;
}

export function reconcile(
  input: readonly XeroLineItem[],
  mode: LineAmountTypes,
  target: ReconcileTarget,
  settings: MappingSettings,
  record: RecordRef,
): Reconciled {
  const lines = input.map((l) => ({ ...l }));
  const tolerance = settings.roundingToleranceCentsPerLine * Math.max(1, lines.length);
  let arithmetic = computeDocument({ LineAmountTypes: mode, LineItems: lines });

  let taxAdjustedCents = 0;
  const taxDrift = mode === 'NoTax' ? 0 : target.taxCents - arithmetic.totalTax;
  if (taxDrift !== 0) {
    const largest = arithmetic.lines
      .map((l, i) => ({ i, taxAmount: l.taxAmount, tax: Math.abs(l.taxAmount) }))
      .filter((l) => l.tax > 0)
      .sort((a, b) => b.tax - a.tax)[0];
    if (Math.abs(taxDrift) > tolerance || !largest) {
      throw new MappingError(
        'rounding_beyond_tolerance',
        `the lines' tax comes to ${money(arithmetic.totalTax, target.currency)} but Magento charged ${money(target.taxCents, target.currency)} tax.`,
        'Nothing was posted. Check the document\'s tax in Magento (Order Totals): a tax in no total the connector reads (items, shipping, fixed product taxes, gift wrapping) is charged by an extension; raise the rounding tolerance in Settings only if the difference is rounding.',
        { record, details: { taxDriftCents: taxDrift, toleranceCents: tolerance } },
      );
    }
    const line = lines[largest.i] as XeroLineItem;
    line.TaxAmount = fromMinor(largest.taxAmount + taxDrift);
    taxAdjustedCents = taxDrift;
    arithmetic = computeDocument({ LineAmountTypes: mode, LineItems: lines });
  }

  const drift = target.totalCents - arithmetic.total;
  if (drift === 0) return { lines, roundingCents: 0, taxAdjustedCents, arithmetic };
  if (Math.abs(drift) > tolerance) {
    const drifting = lines
      .map((l, i) => ({ description: l.Description, xero: lineAmountCents(l), magento: target.lineTargets[i] }))
      .filter((l) => l.magento !== undefined && l.magento !== l.xero)
      .map((l) => `"${l.description}" (Xero ${formatMinor(l.xero)}, Magento ${formatMinor(l.magento as number)})`);
    if (drifting.length === 0) {
      // Every line is what Magento charged for it: the difference is an amount in no total the connector reads.
      const direction = drift > 0 ? 'more than' : 'less than';
      throw new MappingError(
        'unexplained_difference',
        `Magento's grand total ${money(target.totalCents, target.currency)} is ${money(Math.abs(drift), target.currency)} ${direction} its items, shipping, fixed product taxes, gift wrapping and adjustments add up to (${money(arithmetic.total, target.currency)}): an amount in no Magento total the connector reads, such as an extension's fee or surcharge.`,
        'Nothing was posted. Check the totals in Magento (Sales → Orders → the order → Order Totals). To post such a difference to the other charges account, turn on "Post an unexplained difference" with a limit in Settings → Posting, then retry.',
        { record, details: { differenceCents: drift, toleranceCents: tolerance } },
      );
    }
    throw new MappingError(
      'rounding_beyond_tolerance',
      `Xero would total ${money(arithmetic.total, target.currency)} but Magento's grand total is ${money(target.totalCents, target.currency)} (difference ${formatMinor(drift)}, tolerance ${formatMinor(tolerance)}). Lines that differ: ${drifting.join('; ')}.`,
      'Nothing was posted. Check the document in Magento, or raise the rounding tolerance in Settings if the difference is rounding.',
      { record, details: { driftCents: drift, toleranceCents: tolerance, lines: drifting } },
    );
  }
  const rounding: XeroLineItem = {
    Description: ROUNDING_DESCRIPTION,
    Quantity: 1,
    UnitAmount: fromMinor(drift),
    AccountCode: settings.accounts.rounding,
    TaxType: target.roundingTaxType,
  };
  if (mode !== 'NoTax') rounding.TaxAmount = 0;
  lines.push(rounding);
  arithmetic = computeDocument({ LineAmountTypes: mode, LineItems: lines });
  return { lines, roundingCents: drift, taxAdjustedCents, arithmetic };
}
