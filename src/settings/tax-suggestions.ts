/** A Magento tax rate as the Configuration page lists it. */
export interface TaxRateToMap {
  code: string;
  /** Percent, e.g. 20 or 7.25. */
  rate: number;
}

/** A Xero tax rate as the organisation lists it. */
export interface XeroRateChoice {
  taxType: string;
  name: string;
  effectiveRate: number;
  canApplyToRevenue: boolean;
  status?: string;
}

/**
 * The default suggestion for a Magento tax rate: an active Xero rate with the same effective rate that can apply to
 * revenue, preferring one whose name mentions the Magento code. Undefined when none fits (the engine then creates one).
 */
export function suggestTaxType(rate: TaxRateToMap, xeroRates: readonly XeroRateChoice[]): string | undefined {
  const fits = xeroRates.filter(
    (x) => x.canApplyToRevenue && (x.status ?? 'ACTIVE') === 'ACTIVE' && Math.abs(x.effectiveRate - rate.rate) < 0.00005,
  );
  const named = fits.find((x) => x.name.toLowerCase().includes(rate.code.toLowerCase()));
  return (named ?? fits[0])?.taxType;
}
