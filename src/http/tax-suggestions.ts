// What the Tax mapping page suggests, and what it refuses to save, from the organisation's tax rates as the page has
// them. The rules are the mapping's own (src/mapping/tax-regions.ts): a taxed Magento rate is suggested only a Xero rate
// of the organisation's own country and kind, never a zero-rated or exempt one; untaxed lines only 0 % types.
import type { XeroTaxRate } from '../domain/xero.js';
import { suggestedUntaxed } from '../mapping/line-tax.js';
import {
  foreignRateProblem,
  isUntaxedReason,
  matchingTaxedRate,
  resolveRegionalDefault,
  sureDefault,
  taxRegionOf,
  UNTAXED_REASONS,
  type TaxRegion,
  type UntaxedReason,
} from '../mapping/tax-regions.js';
import type { MagentoTaxRate, XeroOrganisationSummary, XeroTaxRateSummary } from './ports.js';
import type { TaxMappingSettings } from '../settings/schemas.js';

export interface OrganisationTax {
  region: TaxRegion;
  country?: string | undefined;
}

export function organisationTax(org: Pick<XeroOrganisationSummary, 'countryCode' | 'version'> | undefined): OrganisationTax {
  const country = org?.countryCode?.toUpperCase();
  return { region: taxRegionOf({ version: org?.version, countryCode: country }), ...(country ? { country } : {}) };
}

function asXeroRates(rates: readonly XeroTaxRateSummary[]): XeroTaxRate[] {
  return rates.map((r) => ({
    TaxType: r.taxType,
    Name: r.name,
    EffectiveRate: r.effectiveRate,
    CanApplyToRevenue: r.canApplyToRevenue,
    ...(r.status ? { Status: r.status } : {}),
    ...(r.reportTaxType ? { ReportTaxType: r.reportTaxType } : {}),
  }));
}

const key4 = (p: number) => Math.round(p * 10_000);

/**
 * The suggestion for a Magento rate: an active revenue rate of the organisation's own country and kind with the same
 * effective rate (and, where jurisdictions share percentages, a name that names it). Undefined for another country's
 * tax, or when nothing fits (automatic mapping then creates one): never a 0 % type for a taxed rate.
 */
export function suggestTaxType(rate: MagentoTaxRate, xeroRates: readonly XeroTaxRateSummary[], org: OrganisationTax): string | undefined {
  const facts = { code: rate.code, percent: rate.rate, countries: [rate.country], regions: rate.regionCode ? [rate.regionCode] : [] };
  if (rate.rate <= 0 || foreignRateProblem(org.country, org.region, facts)) return undefined;
  return matchingTaxedRate(org.region, facts, asXeroRates(xeroRates), key4);
}

/** The type the page shows for an untaxed reason: the merchant's, else the regional default the organisation has. */
export function untaxedTypeFor(org: OrganisationTax, reason: UntaxedReason, mapping: TaxMappingSettings, xeroRates: readonly XeroTaxRateSummary[]): { type?: string; suggested: boolean } {
  const chosen = mapping.regions[org.region]?.[reason];
  if (chosen) return { type: chosen, suggested: false };
  const found = xeroRates.length > 0 ? resolveRegionalDefault(org.region, reason, asXeroRates(xeroRates)) : sureDefault(org.region, reason);
  return found ? { type: found, suggested: true } : { suggested: true };
}

export function suggestedClassChoice(column: 'domestic' | 'export', className: string | undefined): UntaxedReason {
  return suggestedUntaxed(column, className);
}

/** Xero rates an untaxed line may go to: active, usable on revenue, 0 %. */
export function zeroRates(rates: readonly XeroTaxRateSummary[]): XeroTaxRateSummary[] {
  return rates.filter((r) => r.canApplyToRevenue && (r.status ?? 'ACTIVE') === 'ACTIVE' && r.effectiveRate === 0);
}

/** Xero rates a taxed Magento rate may go to: active, usable on revenue, above 0 %. */
export function taxedRates(rates: readonly XeroTaxRateSummary[]): XeroTaxRateSummary[] {
  return rates.filter((r) => r.canApplyToRevenue && (r.status ?? 'ACTIVE') === 'ACTIVE' && r.effectiveRate > 0);
}

/**
 * What a tax mapping must not say, checked against the rates both systems have: a Magento rate that charges tax mapped
 * to a 0 % Xero type (its taxed sales would be filed as untaxed), or an untaxed line sent to a type above 0 % (a sale
 * with no tax filed under a taxed rate). One message per problem, naming the field.
 */
export function taxMappingProblems(mapping: TaxMappingSettings, magentoRates: readonly MagentoTaxRate[], xeroRates: readonly XeroTaxRateSummary[]): string[] {
  if (xeroRates.length === 0) return [];
  const byType = new Map(xeroRates.map((r) => [r.taxType, r]));
  const problems: string[] = [];
  for (const [code, type] of Object.entries(mapping.rates)) {
    const magento = magentoRates.find((r) => r.code === code);
    const xero = byType.get(type);
    if (magento && magento.rate > 0 && xero && xero.effectiveRate === 0) {
      problems.push(`rates.${code}: Magento rate "${code}" charges ${magento.rate} %; "${xero.name}" is 0 %, so its taxed sales would be filed as untaxed. Choose a taxed Xero rate.`);
    }
  }
  const untaxed = (field: string, type: string | undefined) => {
    const xero = type && !isUntaxedReason(type) ? byType.get(type) : undefined;
    if (xero && xero.effectiveRate > 0) problems.push(`${field}: "${xero.name}" is ${xero.effectiveRate} %; a line Magento did not tax cannot be filed under a taxed rate.`);
  };
  for (const [region, types] of Object.entries(mapping.regions)) {
    for (const reason of UNTAXED_REASONS) untaxed(`regions.${region}.${reason}`, types?.[reason]);
  }
  for (const [key, columns] of Object.entries(mapping.classes)) {
    untaxed(`classes.${key}.domestic`, columns.domestic);
    untaxed(`classes.${key}.export`, columns.export);
  }
  return problems;
}

/** What the Tax mapping page shows, as data: GET /api/tax-mapping. */
export interface TaxMappingOverview {
  region: TaxRegion;
  country?: string | undefined;
  /** Each Magento rate, its mapping and the suggestion (a taxed Xero rate of the organisation's own country and kind). */
  rates: Array<{ code: string; percent: number; country?: string | undefined; mapped?: string | undefined; suggested?: string | undefined }>;
  /** The Xero type for each untaxed reason in this region: the merchant's, or the regional default (suggested). */
  untaxed: Array<{ reason: UntaxedReason; type?: string | undefined; suggested: boolean }>;
  /** Magento tax classes × destination: the merchant's choice, and the suggestion. */
  classes: Array<{ key: string; name: string; domestic?: string | undefined; export?: string | undefined; suggested: { domestic: UntaxedReason; export: UntaxedReason } }>;
}

export function taxMappingOverview(
  mapping: TaxMappingSettings,
  org: OrganisationTax,
  magentoRates: readonly MagentoTaxRate[],
  magentoClasses: ReadonlyArray<{ id: string; name: string; type: 'PRODUCT' | 'CUSTOMER' }>,
  xeroRates: readonly XeroTaxRateSummary[],
): TaxMappingOverview {
  const codes = [...new Set([...magentoRates.map((r) => r.code), ...Object.keys(mapping.rates)])];
  const classes = [{ key: 'product:0', name: 'None' }, ...magentoClasses.map((c) => ({ key: `${c.type === 'CUSTOMER' ? 'customer' : 'product'}:${c.id}`, name: c.name }))];
  return {
    region: org.region,
    ...(org.country ? { country: org.country } : {}),
    rates: codes.map((code) => {
      const rate = magentoRates.find((r) => r.code === code);
      return { code, percent: rate?.rate ?? 0, country: rate?.country, mapped: mapping.rates[code], suggested: rate ? suggestTaxType(rate, xeroRates, org) : undefined };
    }),
    untaxed: UNTAXED_REASONS.map((reason) => ({ reason, ...untaxedTypeFor(org, reason, mapping, xeroRates) })),
    classes: classes.map((c) => ({
      ...c,
      domestic: mapping.classes[c.key]?.domestic,
      export: mapping.classes[c.key]?.export,
      suggested: { domestic: suggestedClassChoice('domestic', c.name), export: suggestedClassChoice('export', c.name) },
    })),
  };
}
