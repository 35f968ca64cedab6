// Reading and writing the entity map for sales documents. Every link lives in the queue's scope (MAGENTO_SCOPE); the
// record's own store routes it to a tenant, and a link to another tenant does not count.
import type { EntityLink } from '../../storage/entity-map-repository.js';
import type { Storage } from '../../storage/storage.js';
import { MAGENTO_SCOPE } from '../context.js';

export type XeroKind =
  | 'contact'
  | 'item'
  | 'invoice'
  | 'payment'
  | 'creditnote'
  | 'allocation'
  | 'refund'
  | `prepayment:${string}`
  /** A daily summary's payment into, or refund out of, one account. */
  | `payment:${string}`
  | `refund:${string}`
  /** An order paid in Xero: what Xero showed paid (part payments included), and the Magento invoice it became. */
  /** An order canceled in part: the credit note for the canceled part, and its allocation to the order's invoice. */
  | 'cancel-creditnote'
  | 'cancel-allocation'
  | 'xero-paid'
  | 'magento-invoice'
  | 'awaiting-payment';

/** Links of one entity type and Xero kind for many Magento ids, keyed by Magento id (only the given tenant's). */
export async function linksOf(
  storage: Storage,
  entityType: string,
  kind: XeroKind,
  magentoIds: readonly string[],
  tenantId: string,
): Promise<Map<string, EntityLink>> {
  const unique = [...new Set(magentoIds)];
  const links = await storage.entityMap.getMany(MAGENTO_SCOPE, entityType, unique);
  return new Map(links.filter((l) => l.xero_kind === kind && l.tenant_id === tenantId).map((l) => [l.magento_id, l]));
}

/** Links of several kinds for the same records: `kinds` → Magento id → link. */
export async function linksByKind(
  storage: Storage,
  entityType: string,
  magentoIds: readonly string[],
  tenantId: string,
): Promise<(kind: XeroKind, magentoId: string) => EntityLink | undefined> {
  const links = await storage.entityMap.getMany(MAGENTO_SCOPE, entityType, [...new Set(magentoIds)]);
  const byKey = new Map(links.filter((l) => l.tenant_id === tenantId).map((l) => [`${l.xero_kind}\u0000${l.magento_id}`, l]));
  return (kind, magentoId) => byKey.get(`${kind}\u0000${magentoId}`);
}

export function link(
  entityType: string,
  magentoId: string,
  kind: XeroKind,
  tenantId: string,
  xero: { id: string; number?: string | null | undefined; hash?: string | null | undefined },
  now: number,
  /** The Magento store view a document is posted for (invoices and credit notes), so its routing is known later. */
  storeView?: number | null,
): EntityLink {
  return {
    ...(storeView !== undefined && storeView !== null ? { magento_store_id: storeView } : {}),
    store_id: MAGENTO_SCOPE,
    entity_type: entityType,
    magento_id: magentoId,
    xero_kind: kind,
    tenant_id: tenantId,
    xero_id: xero.id,
    xero_number: xero.number ?? null,
    content_hash: xero.hash ?? null,
    updated_at: now,
  };
}
