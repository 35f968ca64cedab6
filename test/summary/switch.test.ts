// Must show (issue 19): switching a store between per-order and summary posting takes effect from a chosen day and never
// posts a document twice, even when the periods are changed again afterwards (back-dated, or switched back).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { magentoToLocalDate } from '../../src/domain/dates.js';
import { readStores, saveStores } from '../../src/settings/stores.js';
import { MAGENTO_SCOPE } from '../../src/sync/context.js';
import { xeroDocuments } from '../support/xero-state.js';
import { magentoRecords, summaryStack, workQueue, type SummaryStack } from './support.js';

const SWITCH = '2025-12-22';

describe('a store switched from per-order posting to daily summaries on a chosen day', () => {
  let s: SummaryStack;

  beforeAll(async () => {
    s = await summaryStack({ orders: 200, days: 20, from: SWITCH });
    await s.service.enqueue('all');
    await workQueue(s.runtime);
  }, 300_000);
  afterAll(() => s?.close());

  const xeroCounts = async () => ({
    invoices: (await xeroDocuments(s.stack.xero.url, 'Invoices')).length,
    creditNotes: (await xeroDocuments(s.stack.xero.url, 'CreditNotes')).length,
    payments: (await xeroDocuments(s.stack.xero.url, 'Payments')).length,
  });

  it('posts orders before the day one by one, and summarises the documents of orders from that day on', async () => {
    const stores = await readStores(s.runtime.storage.settings);
    const orders = magentoRecords(s, 'orders');
    const dayOf = (o: Record<string, unknown>) => magentoToLocalDate(String(o['created_at']), stores[String(o['store_id'])]!.timezone);
    const before = orders.filter((o) => dayOf(o) < SWITCH);
    const after = orders.filter((o) => dayOf(o) >= SWITCH);
    expect(before.length).toBeGreaterThan(20);
    expect(after.length).toBeGreaterThan(20);
    const ids = (list: Array<Record<string, unknown>>) => list.map((o) => String(o['entity_id']));
    const orderLinks = await s.runtime.storage.entityMap.getMany(MAGENTO_SCOPE, 'order', ids(orders));
    const perOrder = new Set(orderLinks.filter((l) => l.xero_kind === 'invoice').map((l) => l.magento_id));
    const summarised = await s.runtime.storage.summaries.summarisedOrders(ids(orders));
    // No order is both.
    expect([...perOrder].filter((id) => summarised.has(id))).toEqual([]);
    expect(ids(after).filter((id) => perOrder.has(id))).toEqual([]);
    expect(ids(before).filter((id) => summarised.has(id))).toEqual([]);
    // Nothing was refused: an order refused before the day is never posted, so a period changed later may rightly
    // summarise it, which the next test would take for a document posted anew.
    const refused = await s.runtime.storage.log.list({ status: 'error', limit: 20 });
    expect(refused.map((e) => `${e.entity_type} ${e.magento_id}: ${e.message}`)).toEqual([]);
    expect(perOrder.size).toBeGreaterThan(10);
    expect(summarised.size).toBeGreaterThan(10);
    // No Magento invoice both paid per order and in a summary.
    const invoices = magentoRecords(s, 'invoices').map((i) => String(i['entity_id']));
    const paid = new Set((await s.runtime.storage.entityMap.getMany(MAGENTO_SCOPE, 'invoice', invoices)).filter((l) => l.xero_kind === 'payment').map((l) => l.magento_id));
    const inSummary = new Set((await s.runtime.storage.summaries.entriesOf('invoice', invoices)).map((e) => e.magento_id));
    expect([...paid].filter((id) => inSummary.has(id))).toEqual([]);
  });

  const nothingTwice = async () => {
    const orders = magentoRecords(s, 'orders').map((o) => String(o['entity_id']));
    const perOrder = new Set((await s.runtime.storage.entityMap.getMany(MAGENTO_SCOPE, 'order', orders)).filter((l) => l.xero_kind === 'invoice').map((l) => l.magento_id));
    const summarised = await s.runtime.storage.summaries.summarisedOrders(orders);
    expect([...perOrder].filter((id) => summarised.has(id))).toEqual([]);
    const invoices = magentoRecords(s, 'invoices').map((i) => String(i['entity_id']));
    const paid = new Set((await s.runtime.storage.entityMap.getMany(MAGENTO_SCOPE, 'invoice', invoices)).filter((l) => l.xero_kind === 'payment').map((l) => l.magento_id));
    const inSummary = new Set((await s.runtime.storage.summaries.entriesOf('invoice', invoices)).map((e) => e.magento_id));
    expect([...paid].filter((id) => inSummary.has(id))).toEqual([]);
    const memos = magentoRecords(s, 'creditmemos').map((m) => String(m['entity_id']));
    const credited = new Set((await s.runtime.storage.entityMap.getMany(MAGENTO_SCOPE, 'creditmemo', memos)).filter((l) => l.xero_kind === 'creditnote').map((l) => l.magento_id));
    const refundedInSummary = new Set((await s.runtime.storage.summaries.entriesOf('creditmemo', memos)).map((e) => e.magento_id));
    expect([...credited].filter((id) => refundedInSummary.has(id))).toEqual([]);
  };

  it('changing the periods afterwards posts nothing a second time', async () => {
    const counts = await xeroCounts();
    const stores = await readStores(s.runtime.storage.settings);
    const setPeriods = async (periods: Array<{ from: string; mode: 'orders' | 'summary' }> | undefined) => {
      for (const store of Object.values(stores)) {
        if (periods) store.postingPeriods = periods;
        else delete store.postingPeriods;
      }
      await saveStores(s.runtime.storage.settings, stores);
      await s.service.enqueue('all');
      await workQueue(s.runtime);
    };
    // Back-dated: orders already posted one by one stay so; nothing new is summarised or posted.
    await setPeriods([{ from: '2025-12-10', mode: 'summary' }]);
    expect(await xeroCounts()).toEqual(counts);
    await nothingTwice();
    // Back to per-order posting from a later day: the summarised orders stay summarised.
    await setPeriods([{ from: '2025-12-10', mode: 'summary' }, { from: '2026-01-01', mode: 'orders' }]);
    expect(await xeroCounts()).toEqual(counts);
    await nothingTwice();
    // The periods removed altogether: orders of the summary days whose sale is in a summary stay there; only orders
    // never posted at all (waiting for payment, nothing invoiced yet) are now posted one by one.
    await setPeriods(undefined);
    await nothingTwice();
    const parked = await s.runtime.storage.queue.list({ state: 'parked', limit: 100 });
    expect(parked.filter((p) => p.entity_type === 'summary')).toEqual([]);
  }, 120_000);
});
