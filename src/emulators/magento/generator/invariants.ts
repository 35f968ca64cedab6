// The arithmetic every sales document must satisfy, in cents. Used by the tests and by `GET /__emulator/stats`
// consumers who want to check a loaded store.
import { cents } from '../money.js';
import type { MagentoRecord } from '../store.js';

/** grand_total − (subtotal + shipping + discount + tax + compensations [+ adjustments]), in cents: 0 when it adds up. */
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
    ('adjustment' in doc ? c('adjustment_positive') - c('adjustment_negative') : 0);
  return c('grand_total') - sum;
}
