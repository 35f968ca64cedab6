// What each Xero region files untaxed sales under, which tax types a taxed sale may be mapped to, and how a new tax
// rate is reported. Every fact here comes from Xero's own pages (named beside it); docs/tax.md shows the same table to
// the merchant and their accountant.
import type { XeroTaxRate } from '../domain/xero.js';
import { isUntaxedReason, TAX_REGIONS, UNTAXED_REASON_LABELS, UNTAXED_REASONS, type TaxRegion, type UntaxedReason } from '../domain/tax.js';

export { isUntaxedReason, TAX_REGIONS, UNTAXED_REASON_LABELS, UNTAXED_REASONS, type TaxRegion, type UntaxedReason };

/** The region of an organisation from what GET /Organisation says (Version, CountryCode). */
export function taxRegionOf(org: { version?: string | null | undefined; countryCode?: string | null | undefined }): TaxRegion {
  // "ONRAMP" only ever ends a version (AUONRAMP, GLOBALONRAMP...; the spec's Organisation.Version list).
  const version = (org.version ?? '').toUpperCase().replace('ONRAMP', '');
  const country = org.countryCode?.toUpperCase();
  if (version === 'GLOBAL' || version === '') {
    if (country === 'CA') return 'CA';
    if (version === 'GLOBAL') return 'GLOBAL';
    // No Version recorded (an organisation connected before it was kept): its country tells.
    switch (country) {
      case 'US':
        return 'US';
      case 'GB':
        return 'UK';
      case 'AU':
        return 'AU';
      case 'NZ':
        return 'NZ';
    }
    return 'GLOBAL';
  }
  return (TAX_REGIONS as readonly string[]).includes(version) ? (version as TaxRegion) : 'GLOBAL';
}

/** The country an organisation of a region is in, when its own CountryCode is not known. */
export const REGION_COUNTRY: Record<TaxRegion, string | undefined> = { US: 'US', UK: 'GB', AU: 'AU', NZ: 'NZ', CA: 'CA', GLOBAL: undefined };

/**
 * Countries inside an organisation's tax territory. The Isle of Man is treated as part of the UK for VAT; the Channel
 * Islands are outside it (HMRC VAT Place of Supply (Goods) manual, VATPOSG2300), so a UK organisation's sale to Jersey
 * is an export and one to Douglas is not.
 */
export function sameTaxTerritory(region: TaxRegion, orgCountry: string | undefined, destination: string): boolean {
  const dest = destination.toUpperCase();
  const home = (orgCountry ?? REGION_COUNTRY[region])?.toUpperCase();
  if (region === 'UK' || home === 'GB') return dest === 'GB' || dest === 'IM';
  // No country known (a Global organisation that did not say): no destination is home.
  return dest === home;
}

/**
 * What serves each reason in a region. `types` are tried in order against the organisation's rates; `sure` means every
 * organisation of the region has the first one (a Xero default rate that cannot be missing), so no look-up is needed.
 * `create` names the 0 % rate to add when none of `types` exists (Canada, where Xero asks for one).
 */
export interface RegionalDefault {
  types: string[];
  sure: boolean;
  /** Match an existing active revenue rate of 0 % whose name says this (Canada's zero-rated rate has no fixed code). */
  namePattern?: RegExp;
  create?: { name: string };
}

const sure = (type: string): RegionalDefault => ({ types: [type], sure: true });

/**
 * The regional table (docs/tax.md):
 * - UK (help.xero.com/uk/Tax-SetDefaults): Zero Rated Income (ZERORATEDOUTPUT), Exempt Income (EXEMPTOUTPUT), No VAT
 *   (NONE) is for sales outside the scope of VAT and leaves them off the VAT return; exports of goods are zero-rated, so
 *   Zero Rated Income again.
 * - AU (help.xero.com/au/Tax-SetDefaults): GST Free Income (EXEMPTOUTPUT) in every organisation, GST Free Exports
 *   (EXEMPTEXPORT) only with "advanced" tax rates, BAS Excluded (BASEXCLUDED) for what stays off the BAS. There is no
 *   NONE in Australia since 25 March 2013: Xero turns it into BAS Excluded on a revenue account
 *   (developer.xero.com/changes-to-tax-codes-in-australia, help.xero.com/au/GSTChanges), which would take a GST-free
 *   sale off the BAS: never used here.
 * - NZ (help.xero.com/nz/Tax-SetDefaults): Zero Rated (ZERORATED) for zero-rated supplies and exports, No GST (NONE) for
 *   exempt supplies and what is outside GST (neither is on the GST return).
 * - US (help.xero.com/us/Tax-SetDefaults): Tax Exempt (NONE) is the only untaxed default.
 * - CA: Tax Exempt (NONE) for exempt sales; for sales outside Canada Xero says to add a zero-rated rate and use it
 *   "rather than a tax-exempt tax rate, so the sales appear on your sales tax return" (help.xero.com/int/SalesTax-Canada);
 *   the same rate serves zero-rated (basic groceries) sales in Canada.
 * - GLOBAL: Tax Exempt (NONE).
 */
export const REGIONAL_DEFAULTS: Record<TaxRegion, Record<UntaxedReason, RegionalDefault>> = {
  UK: { zero_rated: sure('ZERORATEDOUTPUT'), exempt: sure('EXEMPTOUTPUT'), export: sure('ZERORATEDOUTPUT'), out_of_scope: sure('NONE') },
  AU: {
    zero_rated: sure('EXEMPTOUTPUT'),
    exempt: sure('EXEMPTOUTPUT'),
    export: { types: ['EXEMPTEXPORT', 'EXEMPTOUTPUT'], sure: false },
    out_of_scope: sure('BASEXCLUDED'),
  },
  NZ: { zero_rated: sure('ZERORATED'), exempt: sure('NONE'), export: sure('ZERORATED'), out_of_scope: sure('NONE') },
  US: { zero_rated: sure('NONE'), exempt: sure('NONE'), export: sure('NONE'), out_of_scope: sure('NONE') },
  CA: {
    zero_rated: { types: [], sure: false, namePattern: /zero[\s-]*rated/i, create: { name: 'Zero-rated sales' } },
    exempt: sure('NONE'),
    export: { types: [], sure: false, namePattern: /zero[\s-]*rated/i, create: { name: 'Zero-rated sales' } },
    out_of_scope: sure('NONE'),
  },
  GLOBAL: { zero_rated: sure('NONE'), exempt: sure('NONE'), export: sure('NONE'), out_of_scope: sure('NONE') },
};

/** The default type for a reason when no look-up is needed, else undefined (resolve it against the organisation). */
export function sureDefault(region: TaxRegion, reason: UntaxedReason): string | undefined {
  const d = REGIONAL_DEFAULTS[region][reason];
  return d.sure ? d.types[0] : undefined;
}

function isActiveRevenue(rate: XeroTaxRate): boolean {
  return (rate.Status ?? 'ACTIVE') === 'ACTIVE' && rate.CanApplyToRevenue !== false;
}

export function effectiveRateOf(rate: XeroTaxRate): number | undefined {
  if (rate.EffectiveRate !== null && rate.EffectiveRate !== undefined) return rate.EffectiveRate;
  return rate.DisplayTaxRate ?? undefined;
}

/** A rate of 0 % (a rate that states no percent is not one). */
function isZero(rate: XeroTaxRate): boolean {
  return effectiveRateOf(rate) === 0;
}

/**
 * The organisation's type for a reason: the first default type it has (active, usable on revenue, 0 %), else a 0 %
 * revenue rate whose name fits, else undefined (create one, or ask the merchant).
 */
export function resolveRegionalDefault(region: TaxRegion, reason: UntaxedReason, rates: readonly XeroTaxRate[]): string | undefined {
  const d = REGIONAL_DEFAULTS[region][reason];
  for (const type of d.types) {
    const found = rates.find((r) => r.TaxType === type && isActiveRevenue(r) && isZero(r));
    if (found) return found.TaxType;
  }
  const pattern = d.namePattern;
  if (pattern) {
    // String(null or undefined) names no zero-rated rate, so a rate without a name never fits.
    const named = rates
      .filter((r) => isActiveRevenue(r) && isZero(r) && pattern.test(String(r.Name)))
      .map((r) => ({ name: String(r.Name), type: r.TaxType }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.type.localeCompare(b.type));
    if (named[0]) return named[0].type;
  }
  return undefined;
}

/**
 * ReportTaxType for a rate the connector creates. Xero requires it for AU, NZ and UK organisations and refuses it for
 * US and Global ones ("ReportTaxType: Required when creating tax rates for AU, NZ and UK orgs. Note - US and Global
 * versions do not support the ReportTaxType element", developer.xero.com tax rates page as quoted in
 * calcinai/xero-php#285). Values per region: OUTPUT for taxed sales; EXEMPTOUTPUT for exempt (UK) and GST-free (AU)
 * sales; EXEMPTEXPORT for Australian exports (help.odatalink.com "Xero Accounting Field: ReportTaxTypes"; the AU default
 * rates recorded by xeroizer carry the same codes).
 */
export function reportTaxTypeFor(region: TaxRegion, nature: 'taxed' | UntaxedReason): string | undefined {
  switch (region) {
    case 'AU':
      return nature === 'taxed' ? 'OUTPUT' : nature === 'export' ? 'EXEMPTEXPORT' : nature === 'out_of_scope' ? 'BASEXCLUDED' : 'EXEMPTOUTPUT';
    case 'UK':
      return nature === 'exempt' ? 'EXEMPTOUTPUT' : nature === 'out_of_scope' ? 'NONE' : 'OUTPUT';
    case 'NZ':
      return nature === 'exempt' || nature === 'out_of_scope' ? 'NONE' : 'OUTPUT';
  }
  return undefined;
}

/** Regions whose organisations file one national rate: a Xero rate's kind and percent identify it. */
const NATIONAL = new Set<TaxRegion>(['UK', 'AU', 'NZ']);

/** Report types of a Xero rate that files taxed sales (not exempt, zero-rated, import or EU ones). */
const TAXED_SALES_REPORT_TYPES = new Set(['OUTPUT', 'SALESOUTPUT', 'USSALESTAX', 'OUTPUT2', 'SROUTPUT', 'SROUTPUT2', 'CAPITALSALESOUTPUT']);

/** Whether a Xero rate is of the kind a taxed sale of this region is filed under. */
export function isTaxedSalesRate(region: TaxRegion, rate: XeroTaxRate): boolean {
  if (!isActiveRevenue(rate) || (effectiveRateOf(rate) ?? 0) <= 0) return false;
  const report = rate.ReportTaxType ?? undefined;
  if (NATIONAL.has(region)) return report === 'OUTPUT';
  // US and Global organisations do not take ReportTaxType; what they report is their sales kind, when anything.
  return report === undefined || TAXED_SALES_REPORT_TYPES.has(report);
}

/** What the auto-mapper knows of a Magento rate (code and percent from the order, country and region from Magento's list). */
export interface MagentoRateFacts {
  code: string;
  percent: number;
  /** ISO country of each Magento rate applied together (GST + PST: both CA). */
  countries: Array<string | undefined>;
  /** Magento region codes (NY, ON...) of the rates, where regional. */
  regions: string[];
}

// A function, not an arrow constant: a mutant of a constant is made when the module loads (docs/testing.md).
/** Whether `token` stands in `text` as a word of its own (letters and digits around it are another word). */
function word(text: string, token: string): boolean {
  return new RegExp(`(^|[^A-Za-z0-9])${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9])`).test(text);
}

/**
 * The rule automatic mapping follows (issue 18): a Magento rate is mapped only to a Xero rate of the organisation's own
 * country and kind, never on the percentage alone. In a region with one national rate (UK, AU, NZ) kind (ReportTaxType
 * OUTPUT) and effective rate identify it. Where several jurisdictions share percentages (US states, Canadian provinces),
 * the Xero rate's name must also name the Magento rate or its region ("ON - HST on Sales" for a rate of region ON).
 */
export function matchingTaxedRate(
  region: TaxRegion,
  magento: MagentoRateFacts,
  rates: readonly XeroTaxRate[],
  toKey: (percent: number) => number,
): string | undefined {
  const want = toKey(magento.percent);
  // isTaxedSalesRate holds only for a rate that states a percent above 0.
  const candidates = rates.filter((r) => isTaxedSalesRate(region, r) && toKey(effectiveRateOf(r)!) === want);
  const named = (r: XeroTaxRate) => {
    const name = r.Name;
    if (!name) return false;
    return name.toLowerCase().includes(magento.code.toLowerCase()) || magento.regions.some((code) => code.length >= 2 && word(name, code));
  };
  const fitting = NATIONAL.has(region) ? candidates : candidates.filter(named);
  return [...fitting].sort((a, b) => Number(named(b)) - Number(named(a)) || (a.Name ?? '').localeCompare(b.Name ?? '') || a.TaxType.localeCompare(b.TaxType))[0]?.TaxType;
}

/** Why an automatic mapping is not allowed for a Magento rate in this organisation, or undefined when it is. */
export function foreignRateProblem(orgCountry: string | undefined, region: TaxRegion, magento: MagentoRateFacts): string | undefined {
  const home = orgCountry ?? REGION_COUNTRY[region];
  if (!home) return `the Xero organisation's country is not known, so the connector cannot tell whether "${magento.code}" is its own tax`;
  const unknown = magento.countries.length === 0 || magento.countries.some((c) => !c);
  if (unknown) return `Magento's tax rate list does not say which country "${magento.code}" is for`;
  const foreign = magento.countries.filter((c): c is string => Boolean(c) && !sameTaxTerritory(region, home, c as string));
  if (foreign.length > 0) return `"${magento.code}" is ${[...new Set(foreign)].join('/')} tax and this Xero organisation files ${home} tax`;
  return undefined;
}
