/** The Magento record types the connector syncs, in the order their Xero documents depend on each other. */
export const ENTITY_TYPES = ['customer', 'product', 'order', 'invoice', 'creditmemo'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** The names people type on the command line and see in the UI. */
export const ENTITY_PLURALS: Record<EntityType, string> = {
  customer: 'customers',
  product: 'products',
  order: 'orders',
  invoice: 'invoices',
  creditmemo: 'creditmemos',
};

export function parseEntityType(name: string): EntityType | undefined {
  const lower = name.toLowerCase();
  return ENTITY_TYPES.find((t) => t === lower || ENTITY_PLURALS[t] === lower || lower === `${t}s`);
}
