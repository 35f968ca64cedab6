import { ENTITY_TYPES, type EntityType } from '../domain/entity-types.js';

/**
 * What the queue holds besides Magento records: a store's day to post as a daily summary ("summary", id
 * `<store id>:<YYYY-MM-DD>`) and an order whose Xero invoice may have been paid in Xero ("xeropayment", id the order's
 * entity id). They are worked after the records they depend on, in this order.
 */
export const WORK_TYPES = [...ENTITY_TYPES, 'summary', 'xeropayment'] as const;
export type WorkType = (typeof WORK_TYPES)[number];

export function isEntityType(type: string): type is EntityType {
  return (ENTITY_TYPES as readonly string[]).includes(type);
}

/** The queue id of a store's day. */
export function summaryWorkId(storeId: number, day: string): string {
  return `${storeId}:${day}`;
}

export function parseSummaryWorkId(id: string): { storeId: number; day: string } | undefined {
  const m = /^(\d+):(\d{4}-\d{2}-\d{2})$/.exec(id);
  return m ? { storeId: Number(m[1]), day: m[2]! } : undefined;
}
