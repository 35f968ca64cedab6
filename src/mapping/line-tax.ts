// A line's Xero TaxType from what Magento charged on that line, never from the order: a taxed line takes the Xero rate
// its Magento rate(s) map to; a line Magento did not tax takes the organisation's zero-rated, exempt or export type,
// chosen by the line's destination and its Magento tax class (product, or the customer's group).
import { MappingError, type RecordRef } from '../domain/errors.js';
import type { MagentoOrder, MagentoOrderItem } from '../domain/magento.js';
import type { MappingSettings, StoreContext } from './settings.js';
import { appliedRateFor, mappedTaxType, unmappedTaxError, type AppliedRate, type TaxDestination } from './tax.js';
import {
  isUntaxedReason,
  REGIONAL_DEFAULTS,
  sameTaxTerritory,
  sureDefault,
  UNTAXED_REASON_LABELS,
  type TaxRegion,
  type UntaxedReason,
} from './tax-regions.js';

export type TaxContext = StoreContext['tax'];

/**
 * Products that never ship: Magento taxes them at the billing address. A function rather than a module-level Set so
 * that a mutation test can switch each type per test.
 */
function isVirtualType(type: string | null | undefined): boolean {
  return type === 'virtual' || type === 'downloadable' || type === 'giftcard';
}

export function isVirtualItem(item: MagentoOrderItem): boolean {
  return item.is_virtual === 1 || isVirtualType(item.product_type);
}

/**
 * Where a line is taxed: the shipping address, or for goods that do not ship (virtual, downloadable) and orders with
 * nothing to ship, the billing address (Magento's "Tax Calculation Based On" defaults to the shipping address and
 * uses the billing address for virtual quotes).
 */
export function destinationOf(order: MagentoOrder, item?: MagentoOrderItem): TaxDestination | undefined {
  const shipping = order.extension_attributes?.shipping_assignments?.map((a) => a.shipping?.address).find((a) => a);
  const billing = order.billing_address ?? undefined;
  const virtual = item ? isVirtualItem(item) : order.is_virtual === 1;
  const address = virtual ? (billing ?? shipping) : (shipping ?? billing);
  if (!address?.country_id) return undefined;
  return {
    country: address.country_id,
    ...(address.region_id != null ? { regionId: address.region_id } : {}),
    ...(address.region_code ? { regionCode: address.region_code } : {}),
  };
}

/** Whether the line leaves the organisation's tax territory. Unknown destinations count as domestic. */
export function isExport(tax: TaxContext, destination: TaxDestination | undefined): boolean {
  if (!destination?.country) return false;
  if (!tax.country && tax.region === 'GLOBAL') return false;
  return !sameTaxTerritory(tax.region, tax.country, destination.country);
}

/** A Magento tax class as the settings key it: "product:2", "customer:3". */
export function classKey(kind: 'product' | 'customer', id: string): string {
  return `${kind}:${id}`;
}

/**
 * What an untaxed line of a class goes to when the merchant has not said: an export is an export; a class named
 * "exempt" is exempt; everything else is a zero-rated sale. Shown as the suggestion on the Tax mapping page.
 */
export function suggestedUntaxed(destination: 'domestic' | 'export', className: string | undefined): UntaxedReason {
  if (destination === 'export') return 'export';
  return className && /exempt/i.test(className) ? 'exempt' : 'zero_rated';
}

/**
 * The reason (or Xero TaxType) an untaxed line goes to. The customer's tax class first (an exempt customer makes every
 * line exempt): its mapping, or "exempt" when its name says so; then the product's class: its mapping, or the
 * suggestion from its name; exports are exports unless a mapping says otherwise.
 */
export function untaxedChoice(order: MagentoOrder, item: MagentoOrderItem | undefined, tax: TaxContext, settings: MappingSettings): string {
  const column = isExport(tax, destinationOf(order, item)) ? 'export' : 'domestic';
  const catalogue = settings.catalogue;
  const customerClass = order.customer_group_id != null ? catalogue.groupTaxClasses[String(order.customer_group_id)] : undefined;
  const productClass = item ? catalogue.productTaxClasses[item.sku] : undefined;
  const customerMapped = customerClass !== undefined ? settings.taxClasses[classKey('customer', customerClass)]?.[column] : undefined;
  if (customerMapped) return customerMapped;
  const customerName = customerClass !== undefined ? catalogue.classNames[customerClass] : undefined;
  const fromCustomer = suggestedUntaxed(column, customerName);
  if (column === 'domestic' && fromCustomer !== 'zero_rated') return fromCustomer;
  const productMapped = productClass !== undefined ? settings.taxClasses[classKey('product', productClass)]?.[column] : undefined;
  if (productMapped) return productMapped;
  return suggestedUntaxed(column, productClass !== undefined ? catalogue.classNames[productClass] : undefined);
}

/**
 * The Xero TaxType serving an untaxed reason in a region: the merchant's choice, else the regional default when every
 * organisation of the region has it. Otherwise an 'unresolved_tax_type' error, which the sync answers by looking the
 * organisation's rates up (or creating Canada's zero-rated rate) and mapping again.
 */
export function typeForReason(region: TaxRegion, reason: UntaxedReason, settings: MappingSettings, record: RecordRef): string {
  const chosen = settings.untaxedTypes[region]?.[reason] ?? sureDefault(region, reason);
  if (chosen) return chosen;
  const d = REGIONAL_DEFAULTS[region][reason];
  throw new MappingError(
    'unresolved_tax_type',
    `needs the Xero tax rate for "${UNTAXED_REASON_LABELS[reason]}" in this ${region} organisation, and none is chosen yet${d.types.length > 0 ? ` (${d.types.join(' or ')})` : ''}.`,
    'Choose it in Settings → Tax mapping, or leave automatic mapping on so the connector picks (or creates) it.',
    { record, details: { region, reason } },
  );
}

function resolveChoice(choice: string, tax: TaxContext, settings: MappingSettings, record: RecordRef): string {
  return isUntaxedReason(choice) ? typeForReason(tax.region, choice, settings, record) : choice;
}

export interface LineTaxInput {
  order: MagentoOrder;
  /** Absent for shipping and document-level lines (adjustments). */
  item?: MagentoOrderItem | undefined;
  rate: AppliedRate | undefined;
  taxCents: number;
  settings: MappingSettings;
  tax: TaxContext;
  record: RecordRef;
  what: string;
  percent?: number | null | undefined;
}

/**
 * A line's TaxType. Tax on the line means a taxed rate: the Xero rate its Magento rate maps to, or an error naming the
 * rate (or saying none could be named). No tax on the line means an untaxed type by reason, whatever rate the order
 * used elsewhere: a line with no tax never files under a rate above zero.
 */
export function lineTaxType(input: LineTaxInput): string {
  if (input.taxCents === 0) return resolveChoice(untaxedChoice(input.order, input.item, input.tax, input.settings), input.tax, input.settings, input.record);
  const mapped = input.rate ? mappedTaxType(input.rate, input.settings) : undefined;
  if (mapped) return mapped;
  throw unmappedTaxError(input.rate, input.record, input.what, input.percent);
}

/** The store's rates and the line's destination, for appliedRateFor's last resort. */
export function storeRatesFor(order: MagentoOrder, item: MagentoOrderItem | undefined, settings: MappingSettings) {
  return { rates: settings.magentoTaxRates, destination: destinationOf(order, item) };
}

/** A line's applied rate, reading the store's rates when the order names none. */
export function lineRate(order: MagentoOrder, target: Parameters<typeof appliedRateFor>[1], settings: MappingSettings): AppliedRate | undefined {
  return appliedRateFor(order, target, storeRatesFor(order, target.type === 'product' ? target.item : undefined, settings));
}

/** The type for lines that are no sale at all (rounding, "No charge"): outside the scope of tax. */
export function outOfScopeType(tax: TaxContext, settings: MappingSettings, record: RecordRef): string {
  return typeForReason(tax.region, 'out_of_scope', settings, record);
}

/** The type for a document-level untaxed line (an adjustment refund or fee): the order's destination decides. */
export function documentUntaxedType(order: MagentoOrder, tax: TaxContext, settings: MappingSettings, record: RecordRef): string {
  return resolveChoice(untaxedChoice(order, undefined, tax, settings), tax, settings, record);
}
