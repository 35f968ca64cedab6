import type { ContactWriter } from '../sync/contact-writer.js';
import type { SyncContext } from '../sync/context.js';
import type { EntityHandler } from '../sync/handler.js';

/**
 * The handlers for orders, Magento invoices and credit memos. They are being written (src/sync/handlers/orders.ts and
 * friends); until they land, records of those types wait in the queue untouched rather than being mis-posted.
 */
export function salesHandlers(_ctx: SyncContext, _contacts: ContactWriter): EntityHandler[] {
  return [];
}
