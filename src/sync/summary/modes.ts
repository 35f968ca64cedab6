// Which way each order's documents go, from the store's posting periods and from the facts: an order already posted to
// Xero per order stays per order, and an order whose documents are already in a daily summary stays summarised, whatever
// the periods say now (they may have been changed afterwards). Nothing is ever posted both ways.
import type { MagentoOrder } from '../../domain/magento.js';
import { orderPostingMode, withPostingMode, type PostingMode } from '../../mapping/posting-mode.js';
import type { MappingSettings } from '../../mapping/settings.js';
import type { SyncContext } from '../context.js';
import { linksOf } from '../documents/links.js';

export interface ModeGroup<T> {
  mode: PostingMode;
  /** Settings to map this group with (the store's periods overridden where the facts decided). */
  settings: MappingSettings;
  items: T[];
}

export async function byPostingMode<T>(
  ctx: SyncContext,
  tenantId: string,
  items: readonly T[],
  orderOf: (item: T) => MagentoOrder,
  settings: MappingSettings,
): Promise<Array<ModeGroup<T>>> {
  const orderIds = [...new Set(items.map((i) => String(orderOf(i).entity_id)))];
  const scheduled = new Map(items.map((i) => [i, orderPostingMode(orderOf(i), settings)]));
  const mayBeSummary = orderIds.filter((id) => items.some((i) => String(orderOf(i).entity_id) === id && scheduled.get(i) === 'summary'));
  const mayBePerOrder = orderIds.filter((id) => items.some((i) => String(orderOf(i).entity_id) === id && scheduled.get(i) !== 'summary'));
  const postedPerOrder = mayBeSummary.length > 0 ? await linksOf(ctx.storage, 'order', 'invoice', mayBeSummary, tenantId) : new Map();
  const summarised = mayBePerOrder.length > 0 ? await ctx.storage.summaries.summarisedOrders(mayBePerOrder) : new Set<string>();

  const groups = new Map<string, ModeGroup<T>>();
  for (const item of items) {
    const order = orderOf(item);
    const planned = scheduled.get(item)!;
    const id = String(order.entity_id);
    let mode = planned;
    if (planned === 'summary' && postedPerOrder.has(id)) mode = 'orders';
    else if (planned !== 'summary' && summarised.has(id)) mode = 'summary';
    const overridden = mode !== planned;
    const key = overridden ? `${mode}|${order.store_id ?? 0}` : mode;
    let group = groups.get(key);
    if (!group) {
      group = { mode, settings: overridden ? withPostingMode(settings, order.store_id, mode) : settings, items: [] };
      groups.set(key, group);
    }
    group.items.push(item);
  }
  return [...groups.values()];
}
