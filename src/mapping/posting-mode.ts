// Which way an order's sales go to Xero: one invoice per order, one per Magento invoice, or the store's daily summary.
// Decided by the order's own store-local day against the store's posting periods, so every document of one order (its
// Magento invoices and credit memos, whenever they come) is posted the same way, and switching a store from one mode to
// another on a chosen day never posts a sale twice.
import type { MagentoOrder } from '../domain/magento.js';
import { magentoToLocalDate } from '../domain/dates.js';
import type { MappingSettings, StoreContext } from './settings.js';

export type PostingMode = 'orders' | 'invoices' | 'summary';

/** The mode a store posts in on a store-local day: the last period started on or before it, else the global setting. */
export function postingModeOn(settings: MappingSettings, storeId: number | null | undefined, day: string): PostingMode {
  const ctx = settings.stores[String(storeId ?? 0)];
  let mode: PostingMode = settings.postingMode;
  // Stryker disable next-line ArrayDeclaration: a list holding anything but periods ends the loop at once (no `from` to compare).
  for (const period of ctx?.postingPeriods ?? []) {
    if (period.from <= day) mode = period.mode;
    else break;
  }
  return mode;
}

/** The mode of an order: the one its store posts in on the day the order was placed (store time). */
export function orderPostingMode(order: Pick<MagentoOrder, 'store_id' | 'created_at'>, settings: MappingSettings): PostingMode {
  const ctx = settings.stores[String(order.store_id ?? 0)];
  if (!ctx?.postingPeriods || ctx.postingPeriods.length === 0) return settings.postingMode;
  return postingModeOn(settings, order.store_id, magentoToLocalDate(order.created_at, ctx.timezone));
}

/**
 * The same settings with one store posting in `mode` on every day: how the engine maps an order whose mode the facts
 * decided (an order posted per order before its store switched to summaries stays per order), and how the daily summary
 * reuses the per-document mapping for the lines it adds up.
 */
export function withPostingMode(settings: MappingSettings, storeId: number | null | undefined, mode: PostingMode): MappingSettings {
  const key = String(storeId ?? 0);
  const ctx: StoreContext | undefined = settings.stores[key];
  if (!ctx) return settings;
  return { ...settings, stores: { ...settings.stores, [key]: { ...ctx, postingPeriods: [{ from: '0001-01-01', mode }] } } };
}

/** Why a per-document mapping leaves a summarised order's documents alone (for the log). */
export function summarisedReason(what: string, order: Pick<MagentoOrder, 'increment_id'>): string {
  return `${what} of order ${order.increment_id} goes into its store's daily summary, not a Xero document of its own.`;
}
