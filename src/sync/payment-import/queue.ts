// Which orders to look at when Xero says invoices changed (a webhook's events, or an incremental read): the orders whose
// Xero invoice it is, queued as "xeropayment" work. Cheap on purpose (a webhook must be answered within five seconds):
// nothing is read from Xero or Magento here.
import type { Storage } from '../../storage/storage.js';
import { MAGENTO_SCOPE } from '../context.js';

/** Xero kinds the payment import keeps on an order's entity-map rows. */
export const XERO_PAID = 'xero-paid' as const;
export const MAGENTO_INVOICE = 'magento-invoice' as const;
export const PAYMENT_IMPORT_PRIORITY = 50;

/**
 * Queues the orders whose Xero invoices are among `invoiceIds` (unknown invoices are someone else's and ignored). With
 * `paidCents`, an order whose payment state was already seen at that amount (or is already invoiced in Magento) is left
 * alone, so a poll does not queue the same paid invoice again and again.
 */
export async function queueOrdersOfInvoices(
  storage: Storage,
  tenantId: string,
  invoiceIds: readonly string[],
  now: number,
  paidCents?: ReadonlyMap<string, number>,
): Promise<string[]> {
  const links = (await storage.entityMap.byXeroIds(tenantId, [...new Set(invoiceIds)])).filter(
    (l) => l.entity_type === 'order' && l.xero_kind === 'invoice' && l.store_id === MAGENTO_SCOPE,
  );
  if (links.length === 0) return [];
  const known = await storage.entityMap.getMany(MAGENTO_SCOPE, 'order', links.map((l) => l.magento_id));
  const orders: string[] = [];
  for (const l of links) {
    const mine = known.filter((k) => k.magento_id === l.magento_id && k.tenant_id === tenantId);
    if (mine.some((k) => k.xero_kind === MAGENTO_INVOICE)) continue;
    const seen = mine.find((k) => k.xero_kind === XERO_PAID);
    const paid = paidCents?.get(l.xero_id);
    if (paid !== undefined && seen && seen.content_hash === `paid:${paid}`) continue;
    orders.push(l.magento_id);
  }
  await storage.queue.enqueue(
    orders.map((id) => ({ store_id: MAGENTO_SCOPE, entity_type: 'xeropayment', magento_id: id, tenant_id: tenantId, priority: PAYMENT_IMPORT_PRIORITY })),
    now,
  );
  return orders;
}
