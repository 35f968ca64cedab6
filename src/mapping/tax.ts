// Tax: which Magento tax rate(s) a line was charged, which Xero TaxType that maps to, and how to map a rate that has no
// mapping yet (an existing Xero rate with the same effective rate, or a new rate named after the Magento code).
import { MappingError, type RecordRef } from '../domain/errors.js';
import type { MagentoAppliedTax, MagentoOrder, MagentoOrderItem, MagentoTaxRate } from '../domain/magento.js';
import { toMinor, UNIT_DP } from '../domain/money.js';
import type { XeroTaxRate, XeroTaxRatePayload } from '../domain/xero.js';
import type { MappingSettings } from './settings.js';

/** The Magento rates applied together to one line; `key` is what the tax mapping is keyed by. */
export interface AppliedRate {
  key: string;
  codes: string[];
  /** Effective percent (the combined rate for GST + PST). */
  percent: number;
  /** Rates Magento applies at a later priority compound on the earlier ones (Xero: IsCompound). */
  components: { code: string; percent: number; compound?: boolean }[];
}

function componentsOf(applied: MagentoAppliedTax): { code: string; percent: number }[] {
  const rates = applied.extension_attributes?.rates ?? [];
  const fromRates = rates
    .filter((r) => r.code)
    .map((r) => ({ code: r.code as string, percent: r.percent ?? 0 }));
  if (fromRates.length > 0) return fromRates;
  return applied.code ? [{ code: applied.code, percent: applied.percent ?? 0 }] : [];
}

function toAppliedRate(applied: readonly MagentoAppliedTax[], effectivePercent?: number | null): AppliedRate | undefined {
  const groups = applied.filter((a) => a.code);
  if (groups.length === 0) return undefined;
  const codes = groups.map((a) => a.code as string).sort();
  // Each applied-tax entry is one priority group (same-priority rates are summed inside it); later groups compound.
  const components = groups.flatMap((g, i) => componentsOf(g).map((c) => (i > 0 ? { ...c, compound: true } : c)));
  const sumPercent = groups.reduce((s, a) => s + toMinor(a.percent ?? 0, UNIT_DP), 0) / 10 ** UNIT_DP;
  return { key: codes.join('+'), codes, percent: effectivePercent ?? sumPercent, components };
}

/**
 * The rates applied to an order item ('product') or to shipping. Uses extension_attributes.item_applied_taxes; when
 * Magento did not send them, falls back to the order's applied_taxes if exactly one matches the percent.
 */
export function appliedRateFor(
  order: MagentoOrder,
  target: { type: 'product'; item: MagentoOrderItem } | { type: 'shipping'; percent?: number },
): AppliedRate | undefined {
  const itemTaxes = order.extension_attributes?.item_applied_taxes ?? [];
  const match =
    target.type === 'product'
      ? itemTaxes.find((t) => (t.type ?? 'product') === 'product' && t.item_id === target.item.item_id)
      : itemTaxes.find((t) => t.type === 'shipping');
  const percent = target.type === 'product' ? target.item.tax_percent : target.percent;
  if (match?.applied_taxes && match.applied_taxes.length > 0) {
    return toAppliedRate(match.applied_taxes, target.type === 'product' ? percent : undefined);
  }
  const orderTaxes = (order.extension_attributes?.applied_taxes ?? []).filter((a) => a.code);
  if (orderTaxes.length === 1) return toAppliedRate(orderTaxes, percent);
  if (percent !== undefined && percent !== null) {
    const want = toMinor(percent, 2);
    const same = orderTaxes.filter((a) => toMinor(a.percent ?? -1, 2) === want);
    if (same.length === 1) return toAppliedRate(same, percent);
  }
  return undefined;
}

/** Looks a rate up in the mapping: by its combined key, or by its single code. */
export function mappedTaxType(rate: AppliedRate, settings: MappingSettings): string | undefined {
  return settings.taxMapping[rate.key] ?? (rate.codes.length === 1 ? settings.taxMapping[rate.codes[0] as string] : undefined);
}

export function unmappedTaxError(rate: AppliedRate | undefined, record: RecordRef, what: string, percent?: number | null): MappingError {
  if (!rate) {
    return new MappingError(
      'unmapped_tax_rate',
      `${what} was taxed${percent ? ` at ${percent} %` : ''} but Magento did not say which tax rate applied.`,
      'Check the order in Magento (Sales → Orders → the order → Order Totals) and map the tax rate in Settings → Tax mapping.',
      { record, details: { percent } },
    );
  }
  return new MappingError(
    'unmapped_tax_rate',
    `Magento tax rate "${rate.key}" (${rate.percent} %) used on ${what} has no Xero tax rate.`,
    'Map it in Settings → Tax mapping, or turn on "map tax rates automatically".',
    { record, details: { key: rate.key, codes: rate.codes, percent: rate.percent } },
  );
}

/** A taxed line's Xero TaxType; an untaxed line gets the zero-rated type. */
export function resolveLineTaxType(
  rate: AppliedRate | undefined,
  taxCents: number,
  settings: MappingSettings,
  record: RecordRef,
  what: string,
  percent?: number | null,
): string {
  const mapped = rate ? mappedTaxType(rate, settings) : undefined;
  if (mapped) return mapped;
  if (taxCents === 0) return settings.zeroRatedTaxType;
  throw unmappedTaxError(rate, record, what, percent);
}

function effectiveRateOf(rate: XeroTaxRate): number | undefined {
  if (rate.EffectiveRate !== null && rate.EffectiveRate !== undefined) return rate.EffectiveRate;
  return rate.DisplayTaxRate ?? undefined;
}

/**
 * Default suggestion for an unmapped Magento rate: an active Xero rate with the same effective rate that can apply to
 * revenue. Prefers a rate whose name contains the Magento code, then the first by name for a stable answer.
 */
export function suggestTaxType(rate: { code: string; percent: number }, xeroRates: readonly XeroTaxRate[]): string | undefined {
  const want = toMinor(rate.percent, UNIT_DP);
  const candidates = xeroRates
    .filter((r) => (r.Status ?? 'ACTIVE') === 'ACTIVE')
    .filter((r) => r.CanApplyToRevenue !== false)
    .filter((r) => {
      const eff = effectiveRateOf(r);
      return eff !== undefined && toMinor(eff, UNIT_DP) === want;
    })
    .sort((a, b) => {
      const an = (a.Name ?? '').toLowerCase().includes(rate.code.toLowerCase()) ? 0 : 1;
      const bn = (b.Name ?? '').toLowerCase().includes(rate.code.toLowerCase()) ? 0 : 1;
      return an - bn || (a.Name ?? '').localeCompare(b.Name ?? '') || a.TaxType.localeCompare(b.TaxType);
    });
  return candidates[0]?.TaxType;
}

/** A Xero tax rate to create for an unmapped Magento rate: named after the Magento code, one component per rate. */
export function taxRateToCreate(rate: AppliedRate): XeroTaxRatePayload {
  const components =
    rate.components.length > 0 ? rate.components : [{ code: rate.key, percent: rate.percent }];
  return {
    Name: `Magento ${rate.key}`.slice(0, 50),
    TaxComponents: components.map((c) => ({ Name: c.code.slice(0, 50), Rate: c.percent, IsCompound: c.compound === true })),
  };
}

export function magentoTaxRateAsApplied(rate: MagentoTaxRate): AppliedRate {
  return { key: rate.code, codes: [rate.code], percent: rate.rate, components: [{ code: rate.code, percent: rate.rate }] };
}

export type TaxMappingDecision =
  | { kind: 'mapped'; taxType: string }
  | { kind: 'use_existing'; taxType: string }
  | { kind: 'create'; payload: XeroTaxRatePayload }
  | { kind: 'error'; error: MappingError };

/** The "map automatically" rule: with it on, suggest or create; with it off, an error naming the rate. */
export function decideTaxMapping(
  rate: AppliedRate,
  settings: MappingSettings,
  xeroRates: readonly XeroTaxRate[],
  record: RecordRef,
): TaxMappingDecision {
  const mapped = mappedTaxType(rate, settings);
  if (mapped) return { kind: 'mapped', taxType: mapped };
  if (!settings.autoMapTaxRates) return { kind: 'error', error: unmappedTaxError(rate, record, 'a line') };
  const existing = suggestTaxType({ code: rate.key, percent: rate.percent }, xeroRates);
  if (existing) return { kind: 'use_existing', taxType: existing };
  return { kind: 'create', payload: taxRateToCreate(rate) };
}
