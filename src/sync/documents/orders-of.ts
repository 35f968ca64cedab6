// Magento invoices and credit memos are mapped together with their order (payment method, items, customer): the orders
// of a batch are fetched in one request, and a document whose order cannot be read is parked with the reason.
import { magentoOrderSchema, type MagentoOrder } from '../../domain/magento.js';
import type { SyncContext } from '../context.js';
import type { Loaded } from '../handlers/load.js';
import type { BatchJournal } from '../record-log.js';

export interface WithOrder<T> extends Loaded<T> {
  order: MagentoOrder;
}

export async function withOrders<T extends { order_id: number | string }>(
  ctx: SyncContext,
  records: ReadonlyArray<Loaded<T>>,
  journal: BatchJournal,
  signal?: AbortSignal,
): Promise<Array<WithOrder<T>>> {
  const ids = [...new Set(records.map((r) => String(r.record.order_id)))];
  const raw = ids.length > 0 ? await ctx.magento.fetch('order', ids, signal) : new Map<string, unknown>();
  const out: Array<WithOrder<T>> = [];
  for (const item of records) {
    const id = String(item.record.order_id);
    const found = raw.get(id);
    if (found === undefined) {
      journal.park(item.entry, 'fetch', `Magento order ${id} (of ${item.entry.entity_type} ${item.entry.magento_id}) no longer exists in Magento; nothing was posted.`);
      continue;
    }
    const parsed = magentoOrderSchema.safeParse(found);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; ');
      journal.park(item.entry, 'validate', `Magento order ${id} cannot be read: ${problems}. Fix the order in Magento; it is retried when it changes.`);
      continue;
    }
    out.push({ ...item, order: parsed.data });
  }
  return out;
}
