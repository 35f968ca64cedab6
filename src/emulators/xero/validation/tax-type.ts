/**
 * Tax types Xero still accepts after retiring them. On 25 March 2013 Xero removed "No GST" (NONE) and "GST Exempt"
 * (EXEMPTINPUT) from Australian organisations; the API keeps taking both on line items and items and maps them by the
 * account the line posts to (developer.xero.com/changes-to-tax-codes-in-australia, "Changes to Tax Codes in Australia",
 * 25 March 2013):
 *   EXEMPTINPUT, any account         -> BASEXCLUDED (BAS Excluded)
 *   NONE, an EXPENSE account         -> EXEMPTEXPENSES (GST Free Expenses)
 *   NONE, every other account / none -> BASEXCLUDED
 */
import type { AccountClass } from '../model.js';
import type { Region } from '../options.js';

export function currentTaxType(region: Region, taxType: string, accountClass: AccountClass | undefined): string {
  if (region !== 'AU') return taxType;
  const code = taxType.toUpperCase();
  if (code === 'EXEMPTINPUT') return 'BASEXCLUDED';
  if (code === 'NONE') return accountClass === 'EXPENSE' ? 'EXEMPTEXPENSES' : 'BASEXCLUDED';
  return taxType;
}
