// Must show (issue 19): a bank-transfer order paid by hand in the Xero emulator becomes invoiced in the Magento emulator
// within one poll (or at once with webhooks), once, with no second payment in Xero; a part payment invoices nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toConfig } from '../../src/config/config.js';
import { parseEnvironment } from '../../src/config/environment.js';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '../../src/emulators/xero/index.js';
import type { MagentoRecord } from '../../src/emulators/magento/store.js';
import { startHost, type Host } from '../../src/runtime/host.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { RuntimeSyncService } from '../../src/runtime/sync-service.js';
import { openStorage } from '../../src/storage/storage.js';
import { MAGENTO_SCOPE } from '../../src/sync/context.js';
import { pollXeroPayments } from '../../src/sync/payment-import/poll.js';
import { memoryLogger } from '../support/quiet-logger.js';
import { startStack, type Stack } from '../support/stack.js';
import { xeroDocuments } from '../support/xero-state.js';

const auth = `Basic ${Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString('base64')}`;
const METHODS = ['banktransfer', 'checkmo', 'cashondelivery', 'purchaseorder'];
const WEBHOOK_KEY = 'xero-webhook-key-for-the-test-0123456789';

describe('payments recorded in Xero flow back to Magento', () => {
  let stack: Stack;
  let runtime: Runtime;
  let tenantId: string;
  let waiting: MagentoRecord[];

  const edit = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${stack.xero.url}/__emulator/tenants/${tenantId}/edit`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ method, path, ...(body ? { body } : {}) }),
    });
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, any>>;
  };
  const drain = async () => {
    const worker = runtime.worker();
    for (let i = 0; i < 3; i++) await worker.runUntilIdle();
  };
  const magentoInvoicesOf = (order: MagentoRecord) => stack.magento.app.magento.context.store.invoices.all().filter((i) => i['order_id'] === order['entity_id']);
  const xeroInvoiceOf = async (order: MagentoRecord) => {
    const link = await runtime.storage.entityMap.get({ store_id: MAGENTO_SCOPE, entity_type: 'order', magento_id: String(order['entity_id']), xero_kind: 'invoice' });
    return (await xeroDocuments(stack.xero.url, 'Invoices')).find((i) => i['InvoiceID'] === link?.xero_id)!;
  };
  const pay = (invoice: Record<string, any>, amount: number) =>
    edit('PUT', '/Payments', { Payments: [{ Invoice: { InvoiceID: invoice['InvoiceID'] }, Account: { Code: '090' }, Amount: amount, Reference: 'Bank statement line' }] });

  beforeAll(async () => {
    stack = await startStack({
      magento: { customers: 20, products: 15, orders: 120 },
      xero: { limits: { perMinute: 100_000, perDay: 1_000_000, concurrent: 50 } },
    });
    await stack.connectXero();
    runtime = await stack.runtime();
    await runtime.ensureReady();
    tenantId = await runtime.defaultTenant();
    await runtime.storage.settings.set('paymentImport', { methods: METHODS, pollMinutes: 1 });
    await runtime.storage.settings.set('paymentMapping', { checkmo: 'do_not_pay', banktransfer: 'do_not_pay', cashondelivery: 'do_not_pay', purchaseorder: 'do_not_pay' });
    await new RuntimeSyncService(runtime).enqueue('all');
    await drain();
    waiting = stack.magento.app.magento.context.store.orders
      .all()
      .filter((o) => o['state'] === 'new' && METHODS.includes(String((o['payment'] as MagentoRecord)['method'])) && Number(o['grand_total']) > 1);
  }, 300_000);
  afterAll(async () => {
    await runtime?.close();
    await stack?.close();
  });

  it('posts the waiting orders approved in Xero, awaiting their payment', async () => {
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    for (const order of waiting) expect((await xeroInvoiceOf(order))['Status']).toBe('AUTHORISED');
  });

  it('a part payment invoices nothing; paid in full, the order is invoiced in Magento within one poll, once, with no second payment', async () => {
    const order = waiting[0]!;
    const invoice = await xeroInvoiceOf(order);
    const total = Number(invoice['Total']);
    const part = Math.round(total * 40) / 100;
    await pay(invoice, part);
    expect((await pollXeroPayments(runtime.context, tenantId)).queued).toBe(1);
    await drain();
    expect(magentoInvoicesOf(order)).toEqual([]);
    const [line] = await runtime.storage.log.list({ entityType: 'xeropayment', magentoId: String(order['entity_id']), limit: 1 });
    expect(line).toMatchObject({ action: 'part-paid', status: 'success' });
    expect(line!.message).toContain('part paid in Xero');
    const seen = await runtime.storage.entityMap.get({ store_id: MAGENTO_SCOPE, entity_type: 'order', magento_id: String(order['entity_id']), xero_kind: 'xero-paid' });
    expect(seen?.content_hash).toBe(`paid:${Math.round(part * 100)}`);

    await pay(invoice, Math.round((total - part) * 100) / 100);
    expect((await pollXeroPayments(runtime.context, tenantId)).queued).toBe(1);
    await drain();
    const invoices = magentoInvoicesOf(order);
    expect(invoices).toHaveLength(1);
    expect(invoices[0]!['grand_total']).toBe(order['grand_total']);
    expect(String((invoices[0]!['comments'] as MagentoRecord[])[0]?.['comment'])).toContain(`Paid in full in Xero: invoice ${invoice['InvoiceNumber']}`);
    expect(stack.magento.app.magento.context.store.orders.get(Number(order['entity_id']))!['state']).toBe('processing');

    // The new Magento invoice and the order it moved on are synced as usual: no second payment reaches Xero.
    const service = new RuntimeSyncService(runtime);
    await service.enqueue('invoice', { ids: [String(invoices[0]!['entity_id'])] });
    await service.enqueue('order', { ids: [String(order['entity_id'])] });
    await drain();
    const after = await xeroInvoiceOf(order);
    expect(after['Status']).toBe('PAID');
    expect(after['Payments']).toHaveLength(2);
    expect((await runtime.storage.queue.list({ state: 'parked', limit: 100 })).filter((e) => ['order', 'invoice', 'xeropayment'].includes(e.entity_type) && [String(order['entity_id']), String(invoices[0]!['entity_id'])].includes(e.magento_id))).toEqual([]);

    // The next poll has nothing new; the order is never invoiced twice.
    expect((await pollXeroPayments(runtime.context, tenantId)).queued).toBe(0);
    await service.enqueue('invoice', { ids: [String(invoices[0]!['entity_id'])] });
    await drain();
    expect(magentoInvoicesOf(order)).toHaveLength(1);
    expect((await xeroInvoiceOf(order))['Payments']).toHaveLength(2);
  }, 120_000);

  describe('with Xero\'s webhooks', () => {
    let host: Host;
    let hostRuntime: Runtime;

    beforeAll(async () => {
      const config = toConfig(parseEnvironment({ ...stack.env, XERO_WEBHOOK_KEY: WEBHOOK_KEY }));
      hostRuntime = new Runtime({ config, storage: await openStorage(config.databaseUrl), logger: memoryLogger() });
      host = await startHost(hostRuntime, { worker: true, scheduler: false });
    }, 60_000);
    afterAll(async () => {
      await host?.stop();
      await hostRuntime?.close();
    });

    it('passes Xero\'s intent to receive, and invoices a paid order at once, once', async () => {
      const res = await fetch(`${stack.xero.url}/__emulator/webhooks`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify({ url: `${host.url}/webhooks/xero`, key: WEBHOOK_KEY }),
      });
      const subscribed = (await res.json()) as Record<string, any>;
      expect(subscribed['subscription']['status']).toBe('OK');

      const order = waiting[1]!;
      const invoice = await xeroInvoiceOf(order);
      // The edit answers once Xero's webhook has been delivered (and the host queued the order).
      await pay(invoice, Number(invoice['Total']));
      const queued = await hostRuntime.storage.queue.find(MAGENTO_SCOPE, 'xeropayment', String(order['entity_id']));
      expect(queued).toBeDefined();
      // The host's own worker picks it up; wait for its outcome (no poll happens: the scheduler is off).
      for (let i = 0; i < 200 && magentoInvoicesOf(order).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(magentoInvoicesOf(order)).toHaveLength(1);
      const webhook = (await (await fetch(`${stack.xero.url}/__emulator/webhooks`, { headers: { authorization: auth } })).json()) as Record<string, any>;
      expect(webhook['deliveries'].filter((d: Record<string, unknown>) => d['kind'] === 'events').every((d: Record<string, unknown>) => d['status'] === 200)).toBe(true);
      expect((await xeroInvoiceOf(order))['Payments']).toHaveLength(1);
    }, 60_000);
  });
});
