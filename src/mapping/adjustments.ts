// The corrections the mapping makes so a Xero document adds up to Magento's totals, said in words for the log: the
// rounding line (Xero rounds tax per line, Magento per document, so the two can differ by a cent a line: see rounding.ts)
// and tax moved between lines (the lines' tax is made to equal Magento's tax total on the line with the most tax).
import { formatMinor } from '../domain/money.js';

export interface Adjustments {
  roundingCents: number;
  taxMovedCents: number;
}

/** The sentence for the log line, or undefined when the document needed no correction. */
export function adjustmentNote(a: Adjustments, currency: string, roundingAccount: string): string | undefined {
  const parts: string[] = [];
  if (a.roundingCents !== 0) {
    parts.push(
      `rounding line of ${currency} ${formatMinor(a.roundingCents)} on account ${roundingAccount}: Xero rounds each line, Magento the whole document, and the total must be Magento's`,
    );
  }
  if (a.taxMovedCents !== 0) {
    parts.push(`${currency} ${formatMinor(a.taxMovedCents)} of tax moved onto the line with the most tax, so the lines' tax equals the tax Magento charged`);
  }
  return parts.length > 0 ? parts.join('; ') : undefined;
}

export function hasAdjustments(a: Adjustments | undefined): a is Adjustments {
  return a !== undefined && (a.roundingCents !== 0 || a.taxMovedCents !== 0);
}
