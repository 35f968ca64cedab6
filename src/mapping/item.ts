// Magento product → Xero item. Configurable parents are not items (their child SKUs are what is sold and invoiced).
import { productAttribute, type MagentoProduct } from '../domain/magento.js';
import { fromMinor, toMinor, UNIT_DP } from '../domain/money.js';
import type { XeroItemPayload } from '../domain/xero.js';
import { itemCodeForSku } from './numbers.js';
import { salesAccountFor, type MappingSettings } from './settings.js';
import { cutOnWord, cutText, htmlToText } from './text.js';
import { classKey, suggestedUntaxed, type TaxContext } from './line-tax.js';
import { isUntaxedReason, sureDefault } from './tax-regions.js';

export const ITEM_NAME_MAX = 50;
export const ITEM_DESCRIPTION_MAX = 4000;

export type ItemMapping =
  | { kind: 'item'; item: XeroItemPayload; sku: string; code: string; shortened: boolean }
  | { kind: 'skip'; sku: string; reason: string };

/** Types that hold stock; bundles, virtual and downloadable products are never tracked. */
const STOCKED_TYPES = new Set(['simple', undefined, null]);

/** Products go to the default store's organisation (products belong to websites, not store views). */
function productTaxContext(settings: MappingSettings): TaxContext {
  // Store ids are integer keys, which JavaScript lists in ascending order: the first store is store 0 when there is one.
  return Object.values(settings.stores)[0]?.tax ?? { region: 'GLOBAL' };
}

/**
 * The item's sales TaxType from its Magento tax class: the class's domestic mapping (Settings → Tax mapping), or for
 * class "None" (0, never taxed) the organisation's zero-rated type: GST Free Income in Australia, where NONE does not
 * exist. A taxable class without a mapping leaves TaxType out, so Xero uses the sales account's own tax rate, which
 * exists in the organisation by definition. A choice that needs the organisation's rates looked up (Canada's
 * zero-rated rate) is left out too until the sync has resolved it.
 */
export function itemTaxType(product: MagentoProduct, settings: MappingSettings): string | undefined {
  const taxClass = productAttribute(product, 'tax_class_id');
  if (taxClass === undefined) return undefined;
  const tax = productTaxContext(settings);
  const className = taxClass === '0' ? 'None' : settings.catalogue.classNames[taxClass];
  const choice =
    settings.taxClasses[classKey('product', taxClass)]?.domestic ??
    (taxClass === '0' || (className && /exempt/i.test(className)) ? suggestedUntaxed('domestic', className) : undefined);
  if (!choice) return undefined;
  if (!isUntaxedReason(choice)) return choice;
  return settings.untaxedTypes[tax.region]?.[choice] ?? sureDefault(tax.region, choice);
}

export function productToItem(product: MagentoProduct, settings: MappingSettings): ItemMapping {
  const sku = product.sku;
  if (product.type_id === 'configurable') {
    return { kind: 'skip', sku, reason: 'Configurable products are not Xero items; their child products are.' };
  }
  const { code, shortened } = itemCodeForSku(sku);
  const name = cutOnWord(product.name?.trim() || sku, ITEM_NAME_MAX);
  const rawDescription = productAttribute(product, 'description') ?? productAttribute(product, 'short_description');
  const text = rawDescription ? htmlToText(rawDescription) : '';
  const description = cutText(text || product.name?.trim() || sku, ITEM_DESCRIPTION_MAX);

  const salesDetails: XeroItemPayload['SalesDetails'] = { AccountCode: salesAccountFor(settings, sku) };
  if (product.price !== null && product.price !== undefined) {
    salesDetails.UnitPrice = fromMinor(toMinor(product.price, UNIT_DP), UNIT_DP);
  }
  const taxType = itemTaxType(product, settings);
  if (taxType) salesDetails.TaxType = taxType;

  const item: XeroItemPayload = { Code: code, Name: name, Description: description, IsSold: true, SalesDetails: salesDetails };
  if (settings.trackedInventory && STOCKED_TYPES.has(product.type_id)) {
    item.IsTrackedAsInventory = true;
    item.IsPurchased = true;
    item.InventoryAssetAccountCode = settings.accounts.inventory;
    item.PurchaseDetails = { COGSAccountCode: settings.accounts.cogs };
  }
  return { kind: 'item', item, sku, code, shortened };
}
