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
  // Only entries with a code get here (toAppliedRate drops the others).
  return fromRates.length > 0 ? fromRates : [{ code: applied.code as string, percent: applied.percent ?? 0 }];
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

/** One of Magento's own tax rates, as the settings keep them (country and region say where it applies). */
export interface StoreTaxRate {
  code: string;
  rate: number;
  country: string;
  region?: string | undefined;
  regionId?: number | undefined;
}

/** Where a line's tax is decided: the shipping address, or the billing address for what does not ship. */
export interface TaxDestination {
  country?: string | undefined;
  regionId?: number | undefined;
  regionCode?: string | undefined;
}

const regionless = (r: StoreTaxRate) => !r.regionId && (!r.region || r.region === '*');
const regionMatches = (r: StoreTaxRate, d: TaxDestination) =>
  (r.regionId !== undefined && r.regionId !== 0 && r.regionId === d.regionId) ||
  (r.region !== undefined && r.region !== '*' && d.regionCode !== undefined && r.region.toUpperCase() === d.regionCode.toUpperCase());

function storeRateAsApplied(rates: readonly StoreTaxRate[], percent: number): AppliedRate {
  const sorted = [...rates].sort((a, b) => a.code.localeCompare(b.code));
  const codes = sorted.map((r) => r.code);
  return { key: codes.join('+'), codes, percent, components: sorted.map((r) => ({ code: r.code, percent: r.rate })) };
}

/**
 * The store's rate for a taxed line whose order names none (real stores send orders without item_applied_taxes, see
 * src/mapping/fixtures/README.md): Magento's rates for the destination with the line's tax_percent, or the
 * destination's rates that add up to it (GST 5 % + PST 7 % = 12 %). Undefined when that does not name one rate.
 */
export function storeRateFor(percent: number | null | undefined, destination: TaxDestination | undefined, rates: readonly StoreTaxRate[]): AppliedRate | undefined {
  const wanted = percent ?? 0;
  if (wanted <= 0 || !destination?.country) return undefined;
  const country = destination.country.toUpperCase();
  const here = rates.filter((r) => r.country.toUpperCase() === country && (regionless(r) || regionMatches(r, destination)));
  const want = toMinor(wanted, UNIT_DP);
  const same = here.filter((r) => toMinor(r.rate, UNIT_DP) === want);
  // One rate at that percent; of several, the one for the destination's own region.
  const pick = same.length === 1 ? same : same.filter((r) => regionMatches(r, destination));
  if (pick.length === 1) return storeRateAsApplied(pick, wanted);
  if (same.length === 0 && here.length >= 2 && here.reduce((s, r) => s + toMinor(r.rate, UNIT_DP), 0) === want) return storeRateAsApplied(here, wanted);
  return undefined;
}

/**
 * The rates applied to an order item ('product') or to shipping: extension_attributes.item_applied_taxes for that
 * line; when Magento did not send them for it, an order-level rate (applied_taxes, or item_applied_taxes without an
 * item_id) with the line's own percent; failing that, the store's rate for the line's destination and percent.
 */
export function appliedRateFor(
  order: MagentoOrder,
  target:
    | { type: 'product'; item: MagentoOrderItem }
    | { type: 'shipping'; percent?: number | undefined }
    /**
     * Another taxed charge (a fixed product tax, gift wrapping): its item_applied_taxes entry when Magento names one
     * (type "weee" with the item in associated_item_id: TaxDataOrderTaxDetailsItemInterface, "Type (shipping, product,
     * weee, gift wrapping, etc)"), else the order's rate whose percent gives its tax on its amount (small amounts make
     * the percent itself imprecise).
     */
    | { type: 'other'; itemType?: string; associatedItemId?: number; amountCents: number; taxCents: number },
  store?: { rates: readonly StoreTaxRate[]; destination: TaxDestination | undefined },
): AppliedRate | undefined {
  const itemTaxes = order.extension_attributes?.item_applied_taxes ?? [];
  if (target.type === 'other') return otherRate(order, target, store);
  const match =
    target.type === 'product'
      ? itemTaxes.find((t) => (t.type ?? 'product') === 'product' && t.item_id != null && t.item_id === target.item.item_id)
      : itemTaxes.find((t) => t.type === 'shipping');
  const percent = target.type === 'product' ? target.item.tax_percent : target.percent;
  if (match?.applied_taxes && match.applied_taxes.length > 0) {
    return toAppliedRate(match.applied_taxes, target.type === 'product' ? percent : undefined);
  }
  // Order-level readings: the order's applied_taxes, and per-item entries that do not say which item they are for.
  const unattributed = itemTaxes.filter((t) => (t.type ?? 'product') === 'product' && t.item_id == null).flatMap((t) => t.applied_taxes ?? []);
  const orderTaxes = [...(order.extension_attributes?.applied_taxes ?? []), ...unattributed].filter((a) => a.code);
  const distinct = [...new Map(orderTaxes.map((a) => [`${a.code}\u0000${String(a.percent)}`, a])).values()];
  if (percent !== undefined && percent !== null) {
    const want = toMinor(percent, 2);
    const same = distinct.filter((a) => toMinor(a.percent ?? -1, 2) === want);
    if (same.length === 1) return toAppliedRate(same, percent);
    if (same.length === 0 && distinct.length >= 2 && distinct.reduce((s, a) => s + toMinor(a.percent ?? 0, 2), 0) === want) {
      return toAppliedRate(distinct, percent);
    }
  } else if (distinct.length === 1) {
    return toAppliedRate(distinct, percent);
  }
  return store ? storeRateFor(percent, store.destination, store.rates) : undefined;
}

function otherRate(
  order: MagentoOrder,
  target: { itemType?: string; associatedItemId?: number; amountCents: number; taxCents: number },
  store?: { rates: readonly StoreTaxRate[]; destination: TaxDestination | undefined },
): AppliedRate | undefined {
  const itemTaxes = order.extension_attributes?.item_applied_taxes ?? [];
  const named = target.itemType
    ? itemTaxes.find((t) => t.type === target.itemType && (target.associatedItemId === undefined || t.associated_item_id === target.associatedItemId))
    : undefined;
  if (named?.applied_taxes && named.applied_taxes.length > 0) return toAppliedRate(named.applied_taxes);
  // The rate whose percent gives the charge's tax on its amount: exactly first, then within a cent (a small amount's
  // tax says little about its percent). Each of the order's rates, and all of them together (GST + PST), is a candidate.
  const orderTaxes = [...(order.extension_attributes?.applied_taxes ?? []), ...itemTaxes.flatMap((t) => t.applied_taxes ?? [])].filter((a) => a.code);
  const distinct = [...new Map(orderTaxes.map((a) => [`${a.code}\u0000${String(a.percent)}`, a])).values()];
  const candidates = distinct.map((a) => [a]);
  if (distinct.length > 1) candidates.push(distinct);
  const off = (group: readonly MagentoAppliedTax[]) =>
    Math.abs(Math.round((target.amountCents * group.reduce((sum, a) => sum + (a.percent ?? 0), 0)) / 100) - target.taxCents);
  // Ties go to the rate the order's products were charged (a charge is most often taxed like the goods), read as the
  // product lines read it: their item_applied_taxes, or, for orders that send none (real stores do, see
  // src/mapping/fixtures/README.md), the order's rates their tax_percent names (12 % = GST 5 % + PST 7 %). A product
  // whose tax rounded to nothing still names its rate by its percent; an untaxed one (0 % or none) names none of several.
  const keyOf = (group: readonly MagentoAppliedTax[]) => group.map((a) => a.code).sort().join('+');
  const productKeys = new Set(itemTaxes.filter((t) => (t.type ?? 'product') === 'product').map((t) => keyOf((t.applied_taxes ?? []).filter((a) => a.code))));
  for (const item of order.items) {
    const rate = appliedRateFor(order, { type: 'product', item });
    if (rate) productKeys.add(rate.key);
  }
  for (const within of [0, 1]) {
    const fitting = candidates.filter((g) => off(g) <= within);
    const preferred = fitting.length > 1 ? fitting.filter((g) => productKeys.has(keyOf(g))) : fitting;
    if (preferred.length === 1) return toAppliedRate(preferred[0]!);
    // Several fit and the products do not settle it: a wider tolerance would only add candidates.
    if (fitting.length > 0) break;
  }
  if (!store) return undefined;
  const gives = (percent: number) => Math.abs(Math.round((target.amountCents * percent) / 100) - target.taxCents) <= 1;
  const storeRates = [...new Set(store.rates.map((r) => r.rate))].filter(gives);
  return storeRates.length === 1 ? storeRateFor(storeRates[0], store.destination, store.rates) : undefined;
}

/** Looks a rate up in the mapping: by its combined key, or by its single code. */
export function mappedTaxType(rate: AppliedRate, settings: MappingSettings): string | undefined {
  return settings.taxMapping[rate.key] ?? (rate.codes.length === 1 ? settings.taxMapping[rate.codes[0] as string] : undefined);
}

export function unmappedTaxError(rate: AppliedRate | undefined, record: RecordRef, what: string, percent?: number | null): MappingError {
  if (!rate) {
    return new MappingError(
      'unmapped_tax_rate',
      `${what} was taxed${percent ? ` at ${percent} %` : ''} but Magento did not say which tax rate applied, and none of the store's Magento tax rates for the order's destination${percent ? ' has that percent' : ' fits'}.`,
      'Check the order in Magento (Sales → Orders → the order → Order Totals) and the store\'s tax rates (Stores → Tax Zones and Rates), then map the rate in Settings → Tax mapping.',
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

/**
 * A Xero tax rate to create for an unmapped Magento rate: named after the Magento code, one component per Magento rate
 * (named after it), with the ReportTaxType the organisation's region requires (none for US and Global ones).
 */
export function taxRateToCreate(rate: AppliedRate, reportTaxType?: string): XeroTaxRatePayload {
  const components =
    rate.components.length > 0 ? rate.components : [{ code: rate.key, percent: rate.percent }];
  return {
    Name: `Magento ${rate.key}`.slice(0, 50),
    TaxComponents: components.map((c) => ({ Name: c.code.slice(0, 50), Rate: c.percent, IsCompound: c.compound === true })),
    ...(reportTaxType ? { ReportTaxType: reportTaxType } : {}),
  };
}

export function magentoTaxRateAsApplied(rate: MagentoTaxRate): AppliedRate {
  return { key: rate.code, codes: [rate.code], percent: rate.rate, components: [{ code: rate.code, percent: rate.rate }] };
}

