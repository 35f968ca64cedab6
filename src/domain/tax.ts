// The words the tax mapping is spoken in, shared by the settings (what a merchant may set) and the mapping (what it
// does with them): the tax systems Xero organisations come in, and the reasons a line goes untaxed.

/**
 * Xero's Organisation.Version is AU, NZ, UK, US or GLOBAL (plus *ONRAMP variants; xero_accounting.yaml,
 * Organisation.Version); Canadian organisations are GLOBAL organisations with CountryCode CA and Canadian default rates
 * (help.xero.com/int/CanadaDefaultRates), so they get a region of their own.
 */
export const TAX_REGIONS = ['US', 'UK', 'AU', 'NZ', 'CA', 'GLOBAL'] as const;
export type TaxRegion = (typeof TAX_REGIONS)[number];

/** Why Magento charged no tax on a line, as far as the tax return is concerned. */
export const UNTAXED_REASONS = ['zero_rated', 'exempt', 'export', 'out_of_scope'] as const;
export type UntaxedReason = (typeof UNTAXED_REASONS)[number];

export const UNTAXED_REASON_LABELS: Record<UntaxedReason, string> = {
  zero_rated: 'Zero-rated sale (domestic)',
  exempt: 'Exempt sale (domestic)',
  export: 'Export',
  out_of_scope: 'Outside the scope of tax',
};

export function isUntaxedReason(value: string): value is UntaxedReason {
  return (UNTAXED_REASONS as readonly string[]).includes(value);
}
