import type { MagentoTaxRate, XeroTaxRateSummary } from './ports.js';

/**
 * The default suggestion for a Magento tax rate: an active Xero rate with the same effective rate that can apply to
 * revenue, preferring one whose name mentions the Magento code. Undefined when none fits (the engine then creates one).
 */
export function suggestTaxType(rate: MagentoTaxRate, xeroRates: readonly XeroTaxRateSummary[]): string | undefined {
  const fits = xeroRates.filter(
    (x) => x.canApplyToRevenue && (x.status ?? 'ACTIVE') === 'ACTIVE' && Math.abs(x.effectiveRate - rate.rate) < 0.00005,
  );
  const named = fits.find((x) => x.name.toLowerCase().includes(rate.code.toLowerCase()));
  return (named ?? fits[0])?.taxType;
}
