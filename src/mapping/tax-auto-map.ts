// "Map tax rates automatically": what to do with a Magento rate the mapping does not know, and with an untaxed reason
// whose Xero type has to be looked up in the organisation. Pure decisions; src/sync/tax-mapper.ts carries them out.
import { MappingError, type RecordRef } from '../domain/errors.js';
import { toMinor, UNIT_DP } from '../domain/money.js';
import type { XeroTaxRate, XeroTaxRatePayload } from '../domain/xero.js';
import type { MappingSettings, StoreContext } from './settings.js';
import { mappedTaxType, taxRateToCreate, unmappedTaxError, type AppliedRate } from './tax.js';
import {
  effectiveRateOf,
  foreignRateProblem,
  matchingTaxedRate,
  REGIONAL_DEFAULTS,
  reportTaxTypeFor,
  resolveRegionalDefault,
  UNTAXED_REASON_LABELS,
  type MagentoRateFacts,
  type UntaxedReason,
} from './tax-regions.js';

export type TaxMappingDecision =
  | { kind: 'mapped'; taxType: string }
  | { kind: 'use_existing'; taxType: string }
  | { kind: 'create'; payload: XeroTaxRatePayload }
  | { kind: 'error'; error: MappingError };

const key4 = (percent: number) => toMinor(percent, UNIT_DP);

/** Country and region of each Magento rate in a combined rate, from Magento's own list. */
export function rateFacts(rate: AppliedRate, settings: MappingSettings): MagentoRateFacts {
  const codes = rate.components.length > 0 ? rate.components.map((c) => c.code) : rate.codes;
  const known = codes.map((code) => settings.magentoTaxRates.find((r) => r.code === code));
  return {
    code: rate.key,
    percent: rate.percent,
    countries: known.map((r) => r?.country),
    regions: [...new Set(known.map((r) => r?.region).filter((r): r is string => Boolean(r) && r !== '*'))],
  };
}

function sameComponents(existing: XeroTaxRate, payload: XeroTaxRatePayload): boolean {
  const key = (name: string, rate: number) => `${name.toLowerCase()}=${key4(rate)}`;
  // Ours always have a name (a Magento code, or "Zero-rated"), so a missing list or a nameless component of theirs
  // matches none of ours whatever stands in for it: "Stryker was here" instead of [] or '' changes no answer.
  // Stryker disable next-line ArrayDeclaration,StringLiteral: equivalent, see above.
  const theirs = (existing.TaxComponents ?? []).map((c) => key(c.Name ?? '', c.Rate ?? 0)).sort();
  const ours = payload.TaxComponents.map((c) => key(c.Name, c.Rate)).sort();
  return theirs.length === ours.length && theirs.every((c, i) => c === ours[i]);
}

/**
 * An existing rate that is the one we would create: the same name, or the same effective rate and report type (and,
 * where the region takes no report type, the same components), so a second run or a second store reuses it.
 */
function sameRate(rates: readonly XeroTaxRate[], payload: XeroTaxRatePayload, percent: number): XeroTaxRate | undefined {
  const active = rates.filter((r) => (r.Status ?? 'ACTIVE') === 'ACTIVE' && r.CanApplyToRevenue !== false);
  const byName = active.find((r) => r.Name?.toLowerCase() === payload.Name.toLowerCase());
  if (byName) return byName;
  return active.find(
    (r) =>
      key4(effectiveRateOf(r) ?? -1) === key4(percent) &&
      (payload.ReportTaxType !== undefined ? r.ReportTaxType === payload.ReportTaxType : sameComponents(r, payload)),
  );
}

/**
 * The "map automatically" rule for a taxed Magento rate: with it off, an error naming the rate. With it on, only a
 * rate of the organisation's own country is mapped: to an existing Xero rate of the same kind (never on the percentage
 * alone, see matchingTaxedRate), or to one created with the region's ReportTaxType. Another country's tax (EU
 * one-stop-shop rates in a UK organisation, say) is left for the merchant to map by hand.
 */
export function decideTaxMapping(
  rate: AppliedRate,
  settings: MappingSettings,
  tax: StoreContext['tax'],
  xeroRates: readonly XeroTaxRate[],
  record: RecordRef,
): TaxMappingDecision {
  const mapped = mappedTaxType(rate, settings);
  if (mapped) return { kind: 'mapped', taxType: mapped };
  if (!settings.autoMapTaxRates) return { kind: 'error', error: unmappedTaxError(rate, record, 'a line') };
  const facts = rateFacts(rate, settings);
  const problem = foreignRateProblem(tax.country, tax.region, facts);
  if (problem) {
    return {
      kind: 'error',
      error: new MappingError(
        'unmapped_tax_rate',
        `Magento tax rate "${rate.key}" (${rate.percent} %) has no Xero tax rate, and it is not mapped automatically: ${problem}.`,
        'Map it by hand in Settings → Tax mapping (ask your accountant which Xero rate files it), then retry.',
        { record, details: { key: rate.key, codes: rate.codes, percent: rate.percent, manual: true } },
      ),
    };
  }
  const existing = matchingTaxedRate(tax.region, facts, xeroRates, key4);
  if (existing) return { kind: 'use_existing', taxType: existing };
  const payload = taxRateToCreate(rate, reportTaxTypeFor(tax.region, 'taxed'));
  const same = sameRate(xeroRates, payload, rate.percent);
  if (same) return { kind: 'use_existing', taxType: same.TaxType };
  return { kind: 'create', payload };
}

/** A 0 % rate for an untaxed reason where the region has none to pick (Canada's zero-rated sales). */
export function untaxedRateToCreate(tax: StoreContext['tax'], reason: UntaxedReason, name: string): XeroTaxRatePayload {
  const report = reportTaxTypeFor(tax.region, reason);
  return { Name: name, TaxComponents: [{ Name: 'Zero-rated', Rate: 0, IsCompound: false }], ...(report ? { ReportTaxType: report } : {}) };
}

/** What to do about an untaxed reason whose Xero type is not chosen yet: pick one the organisation has, or create one. */
export function decideUntaxedType(
  tax: StoreContext['tax'],
  reason: UntaxedReason,
  settings: MappingSettings,
  xeroRates: readonly XeroTaxRate[],
  record: RecordRef,
): TaxMappingDecision {
  const chosen = settings.untaxedTypes[tax.region]?.[reason];
  if (chosen) return { kind: 'mapped', taxType: chosen };
  const found = resolveRegionalDefault(tax.region, reason, xeroRates);
  if (found) return { kind: 'use_existing', taxType: found };
  const create = REGIONAL_DEFAULTS[tax.region][reason].create;
  if (create && settings.autoMapTaxRates) {
    const payload = untaxedRateToCreate(tax, reason, create.name);
    const same = sameRate(xeroRates, payload, 0);
    return same ? { kind: 'use_existing', taxType: same.TaxType } : { kind: 'create', payload };
  }
  return {
    kind: 'error',
    error: new MappingError(
      'unresolved_tax_type',
      `needs a Xero tax rate for "${UNTAXED_REASON_LABELS[reason]}", and this ${tax.region} organisation has none the connector can use.`,
      create ? `Create a 0 % rate in Xero (e.g. "${create.name}") and choose it in Settings → Tax mapping.` : 'Choose one in Settings → Tax mapping.',
      { record, details: { region: tax.region, reason } },
    ),
  };
}
