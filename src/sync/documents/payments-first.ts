import type { MagentoCreditMemo } from '../../domain/magento.js';
import type { QueueEntry } from '../../storage/queue-repository.js';
import { MAGENTO_SCOPE, type SyncContext } from '../context.js';
import { DEPENDENCY_DELAY_MS, ORDER_PRIORITY } from './dependencies.js';

/**
 * A refund comes after the payment it refunds: a credit memo is allocated only once the order's Magento invoices made
 * before it are posted (or settled otherwise), or the allocation would take the amount the payment was meant for, and the
 * payment would then be refused as exceeding what is outstanding. Returns, per waiting entry, why it waits.
 *
 * It waits as long as such an invoice is still to be worked (pending, running, failed), however many tries that takes:
 * counting tries would let a credit memo jump ahead while Xero is disconnected or rate-limited and the invoices wait.
 * An invoice that is done (paid, or nothing to pay) or parked (a person must look) no longer holds the refund back.
 */
export async function paymentsPending(
  ctx: SyncContext,
  items: ReadonlyArray<{ entry: QueueEntry; record: MagentoCreditMemo }>,
  signal?: AbortSignal,
): Promise<Map<QueueEntry, { message: string; delayMs: number }>> {
  const waiting = new Map<QueueEntry, { message: string; delayMs: number }>();
  const related = ctx.magento.related;
  const candidates = items.filter((i) => i.record.order_id != null);
  if (!related || candidates.length === 0) return waiting;
  const orderIds = [...new Set(candidates.map((i) => String(i.record.order_id)))];
  const invoices = await related.call(ctx.magento, 'invoice', 'order_id', orderIds, signal);
  for (const { entry, record } of candidates) {
    const before = invoices.filter(
      (inv) => String(inv['order_id']) === String(record.order_id) && String(inv['created_at'] ?? '') <= String(record.created_at ?? '~'),
    );
    for (const inv of before) {
      const id = String(inv['entity_id']);
      const queued = await ctx.storage.queue.find(MAGENTO_SCOPE, 'invoice', id);
      if (queued && (queued.state === 'done' || queued.state === 'skipped' || queued.state === 'parked')) continue;
      if (!queued) {
        const linked = (await ctx.storage.entityMap.getMany(MAGENTO_SCOPE, 'invoice', [id])).length > 0;
        if (linked) continue;
        await ctx.storage.queue.enqueue([{ store_id: MAGENTO_SCOPE, entity_type: 'invoice', magento_id: id, priority: ORDER_PRIORITY }], ctx.clock.now());
      }
      waiting.set(entry, {
        message: `waiting for Magento invoice ${String(inv['increment_id'] ?? id)} (its payment) to reach Xero before refunding`,
        delayMs: DEPENDENCY_DELAY_MS,
      });
      break;
    }
  }
  return waiting;
}
