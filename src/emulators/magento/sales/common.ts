import { num } from '../money.js';
import type { MagentoRecord } from '../store.js';

/** Payment methods that take money online (a capture or an online refund goes through a gateway). */
export const ONLINE_METHODS = new Set(['braintree', 'paypal_express', 'payflowpro', 'authorizenet_acceptjs', 'stripe_payments']);

export function paymentMethod(order: MagentoRecord): string {
  const payment = order['payment'];
  if (typeof payment === 'object' && payment !== null) {
    const method = (payment as MagentoRecord)['method'];
    if (typeof method === 'string') return method;
  }
  return 'checkmo';
}

export function shippingAddressId(order: MagentoRecord): number | undefined {
  const ext = order['extension_attributes'] as MagentoRecord | undefined;
  const assignments = ext?.['shipping_assignments'];
  if (!Array.isArray(assignments)) return undefined;
  const address = ((assignments[0] as MagentoRecord | undefined)?.['shipping'] as MagentoRecord | undefined)?.['address'] as
    | MagentoRecord
    | undefined;
  const id = address?.['entity_id'];
  return id === undefined ? undefined : num(id);
}

/** The currency and address fields every sales document repeats from its order. */
export function headerFromOrder(order: MagentoRecord): MagentoRecord {
  const header: MagentoRecord = {
    base_currency_code: order['base_currency_code'] ?? 'USD',
    base_to_global_rate: order['base_to_global_rate'] ?? 1,
    base_to_order_rate: order['base_to_order_rate'] ?? 1,
  };
  if (order['billing_address_id'] !== undefined) header['billing_address_id'] = order['billing_address_id'];
  header['global_currency_code'] = order['global_currency_code'] ?? order['base_currency_code'] ?? 'USD';
  header['order_currency_code'] = order['order_currency_code'] ?? 'USD';
  header['order_id'] = order['entity_id'];
  const shippingId = shippingAddressId(order);
  if (shippingId !== undefined) header['shipping_address_id'] = shippingId;
  header['store_currency_code'] = order['store_currency_code'] ?? order['base_currency_code'] ?? 'USD';
  header['store_id'] = order['store_id'] ?? 1;
  header['store_to_base_rate'] = order['store_to_base_rate'] ?? 0;
  header['store_to_order_rate'] = order['store_to_order_rate'] ?? 0;
  return header;
}

export function rateOf(order: MagentoRecord): number {
  const rate = num(order['base_to_order_rate']);
  return rate > 0 ? rate : 1;
}
