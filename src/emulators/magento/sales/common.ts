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

export function rateOf(order: MagentoRecord): number {
  const rate = num(order['base_to_order_rate']);
  return rate > 0 ? rate : 1;
}
