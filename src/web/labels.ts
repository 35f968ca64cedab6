import type { EntityType } from '../domain/entity-types.js';

export const ENTITY_LABELS: Record<EntityType, { one: string; many: string; path: string; xero: string }> = {
  customer: { one: 'Customer', many: 'Customers', path: '/customers', xero: 'contact' },
  product: { one: 'Product', many: 'Products', path: '/products', xero: 'item' },
  order: { one: 'Order', many: 'Orders', path: '/orders', xero: 'invoice' },
  invoice: { one: 'Invoice', many: 'Invoices', path: '/invoices', xero: 'payment' },
  creditmemo: { one: 'Credit memo', many: 'Credit memos', path: '/creditmemos', xero: 'credit note' },
};
