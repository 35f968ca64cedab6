import type { ContactWriter } from '../sync/contact-writer.js';
import type { SyncContext } from '../sync/context.js';
import type { EntityHandler } from '../sync/handler.js';
import { creditMemosHandler } from '../sync/handlers/creditmemos.js';
import { invoicesHandler } from '../sync/handlers/invoices.js';
import { ordersHandler } from '../sync/handlers/orders.js';
import { summariesHandler } from '../sync/handlers/summaries.js';

/**
 * Orders, Magento invoices and credit memos share the contact writer (guest contacts) with the customers handler; so do
 * the daily summaries (one contact per store).
 */
export function salesHandlers(ctx: SyncContext, contacts: ContactWriter): EntityHandler[] {
  return [ordersHandler(ctx, contacts), invoicesHandler(ctx, contacts), creditMemosHandler(ctx, contacts), summariesHandler(ctx, contacts)];
}
