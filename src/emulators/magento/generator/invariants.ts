// The arithmetic every sales document must satisfy, in cents. Used by the tests and by `GET /__emulator/stats`
// consumers who want to check a loaded store.
import { cents } from '../money.js';
import type { MagentoRecord } from '../store.js';

/**
 * grand_total − (subtotal + shipping + discount + tax + compensations [+ adjustments] + fixed product taxes + gift
 * wrapping), in cents: 0 when it adds up. FPT sits outside the subtotal (Magento's default, "Include FPT In Subtotal":
 * no) with its tax in tax_amount; gift wrapping's tax is in tax_amount too.
 */
export function totalsGap(doc: MagentoRecord, prefix: '' | 'base_' = ''): number {
  const c = (field: string): number => cents(doc[prefix + field]);
  const shippingCompensation =
    prefix === 'base_' ? cents(doc['base_shipping_discount_tax_compensation_amnt']) : c('shipping_discount_tax_compensation_amount');
  const sum =
    c('subtotal') +
    c('shipping_amount') +
    c('discount_amount') +
    c('tax_amount') +
    c('discount_tax_compensation_amount') +
    shippingCompensation +
    // Only a credit memo's adjustments count; an order's adjustment fields sum up its credit memos.
    ('adjustment' in doc ? c('adjustment_positive') - c('adjustment_negative') : 0) +
    fixedProductTaxes(doc, prefix) +
    giftWrappingPrices(doc, prefix);
  return c('grand_total') - sum;
}

function fixedProductTaxes(doc: MagentoRecord, prefix: '' | 'base_'): number {
  const items = Array.isArray(doc['items']) ? (doc['items'] as MagentoRecord[]) : [];
  return items.reduce((s, i) => s + cents(i[prefix === '' ? 'weee_tax_applied_row_amount' : 'base_weee_tax_applied_row_amnt']), 0);
}

function giftWrappingPrices(doc: MagentoRecord, prefix: '' | 'base_'): number {
  const ext = (doc['extension_attributes'] ?? {}) as MagentoRecord;
  const names = prefix === '' ? ['gw_price', 'gw_items_price', 'gw_card_price'] : ['gw_base_price', 'gw_items_base_price', 'gw_card_base_price'];
  return names.reduce((s, n) => s + cents(ext[n]), 0);
}
