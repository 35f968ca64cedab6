import { createHmac } from 'node:crypto';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMagentoEmulator, type MagentoEmulator } from './index.js';
import type { MagentoRecord } from './store.js';

const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);
const auth = { authorization: 'Bearer tok' };

describe('control endpoints', () => {
  const app = buildMagentoEmulator({ token: 'tok', controlToken: 'ctl', seed: 2, customers: 5, products: 15, orders: 10, clock: () => NOW });
  const ctl = { authorization: 'Bearer ctl' };
  afterAll(() => app.close());

  it('need the emulator token', async () => {
    expect((await app.inject({ url: '/__emulator/stats', headers: auth })).statusCode).toBe(401);
    const stats = await app.inject({ url: '/__emulator/stats', headers: ctl });
    expect(stats.json().counts.orders).toBe(10);
  });

  it('load records as given and replace one with the same id', async () => {
    const customer = { id: 3, email: 'new@example.com', firstname: 'New', lastname: 'Person', custom: null };
    const res = await app.inject({ method: 'POST', url: '/__emulator/entities', headers: ctl, payload: { customers: [customer] } });
    expect(res.json().loaded).toEqual({ customers: 1 });
    expect((await app.inject({ url: '/rest/V1/customers/3', headers: auth })).json()).toEqual(customer);
    expect((await app.inject({ url: '/__emulator/stats', headers: ctl })).json().counts.customers).toBe(5);
    const bad = await app.inject({ method: 'POST', url: '/__emulator/entities', headers: ctl, payload: { orders: [{ increment_id: 'x' }] } });
    expect(bad.statusCode).toBe(400);
  });

  it('inject failures into the next matching REST requests, then let them through', async () => {
    await app.inject({ method: 'POST', url: '/__emulator/faults', headers: ctl, payload: { status: 429, count: 2, path: '/V1/orders' } });
    const url = '/rest/V1/orders?searchCriteria[pageSize]=1';
    const first = await app.inject({ url, headers: auth });
    expect(first.statusCode).toBe(429);
    expect(first.json()).toEqual({ message: 'Too Many Requests' });
    expect((await app.inject({ url: '/rest/V1/customers/1', headers: auth })).statusCode).toBe(200);
    expect((await app.inject({ url, headers: auth })).statusCode).toBe(429);
    expect((await app.inject({ url, headers: auth })).statusCode).toBe(200);
    await app.inject({ method: 'POST', url: '/__emulator/faults', headers: ctl, payload: { status: 500, count: 1 } });
    const masked = await app.inject({ url, headers: auth });
    expect(masked.statusCode).toBe(500);
    expect(masked.json().message).toMatch(/^Internal Error\. Details are available in Magento log file\. Report ID: webapi-/);
  });

  it('reset regenerates the store, optionally with other counts', async () => {
    const res = await app.inject({ method: 'POST', url: '/__emulator/reset', headers: ctl, payload: { orders: 3 } });
    expect(res.json().counts.orders).toBe(3);
    const empty = await app.inject({ method: 'POST', url: '/__emulator/reset', headers: ctl, payload: { empty: true } });
    expect(empty.json().counts).toMatchObject({ orders: 0, customers: 0, storeViews: 4, taxRates: 7 });
  });
});

describe('store activity', () => {
  const received: Array<{ raw: string; signature: string | undefined }> = [];
  const receiver = Fastify();
  receiver.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  receiver.post('/hook', async (request) => {
    received.push({ raw: request.body as string, signature: request.headers['x-adobe-commerce-webhook-signature'] as string | undefined });
    return { ok: true };
  });
  let app: MagentoEmulator;

  beforeAll(async () => {
    await receiver.listen({ port: 0, host: '127.0.0.1' });
    const address = receiver.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    app = buildMagentoEmulator({
      token: 'tok', seed: 9, customers: 8, products: 20, orders: 20, clock: () => NOW,
      webhookUrl: `http://127.0.0.1:${port}/hook`, webhookSecret: 'shh',
    });
  });
  afterAll(async () => {
    await app.close();
    await receiver.close();
  });

  it('moves the clock, changes records with later updated_at, and sends one signed webhook per change', async () => {
    const before = (await app.inject({ url: '/rest/V1/orders?searchCriteria=', headers: auth })).json().total_count as number;
    const res = await app.inject({ method: 'POST', url: '/__emulator/activity', headers: auth, payload: { steps: 30, minutes: 120 } });
    expect(res.statusCode).toBe(200);
    const result = res.json() as { now: string; changes: Array<{ entity_type: string; entity_id: number }> };
    expect(result.now).toBe('2026-03-01 14:00:00');
    expect(result.changes.length).toBeGreaterThanOrEqual(30);
    expect(received).toHaveLength(result.changes.length);
    for (const hook of received) {
      expect(hook.signature).toBe(createHmac('sha256', 'shh').update(hook.raw).digest('base64'));
    }
    const bodies = received.map((h) => JSON.parse(h.raw) as { event: string; entity_type: string; entity_id: number; updated_at?: string });
    expect(bodies.map((b) => ({ entity_type: b.entity_type, entity_id: b.entity_id }))).toEqual(result.changes);
    expect(bodies.find((b) => b.entity_type === 'order')?.event).toBe('observer.sales_order_save_after');

    const changedOrders = await app.inject({
      url: '/rest/V1/orders?searchCriteria[filter_groups][0][filters][0][field]=updated_at&searchCriteria[filter_groups][0][filters][0][value]=2026-03-01 12:00:00&searchCriteria[filter_groups][0][filters][0][condition_type]=gt',
      headers: auth,
    });
    const changedIds = new Set((changedOrders.json().items as MagentoRecord[]).map((o) => o['entity_id']));
    for (const change of result.changes.filter((c) => c.entity_type === 'order')) expect(changedIds.has(change.entity_id)).toBe(true);
    const after = (await app.inject({ url: '/rest/V1/orders?searchCriteria=', headers: auth })).json().total_count as number;
    expect(after).toBeGreaterThan(before);
    expect((await app.inject({ url: '/__emulator/stats', headers: auth })).json().webhooks).toEqual({ sent: received.length, failed: 0 });
  });

  it('starts selling from an empty store once products are loaded', async () => {
    const empty = buildMagentoEmulator({ token: 'tok', empty: true, seed: 1, clock: () => NOW });
    try {
      const products = [
        { id: 1, sku: 'MUG-1', name: 'Mug', price: 12.5, type_id: 'simple', visibility: 4, custom_attributes: [{ attribute_code: 'tax_class_id', value: '2' }] },
        { id: 2, sku: 'CAP-1', name: 'Cap', price: 20, type_id: 'simple', visibility: 4 },
      ];
      await empty.inject({ method: 'POST', url: '/__emulator/entities', headers: auth, payload: { products } });
      await empty.magento.simulateActivity({ steps: 40 });
      const orders = (await empty.inject({ url: '/rest/V1/orders?searchCriteria=', headers: auth })).json().items as MagentoRecord[];
      expect(orders.length).toBeGreaterThan(0);
      const skus = new Set(orders.flatMap((o) => (o['items'] as MagentoRecord[]).map((i) => i['sku'])));
      expect([...skus].every((sku) => sku === 'MUG-1' || sku === 'CAP-1')).toBe(true);
    } finally {
      await empty.close();
    }
  });

  it('is deterministic for a seed', async () => {
    const a = buildMagentoEmulator({ seed: 4, customers: 3, products: 12, orders: 5, clock: () => NOW });
    const b = buildMagentoEmulator({ seed: 4, customers: 3, products: 12, orders: 5, clock: () => NOW });
    const ra = await a.magento.simulateActivity({ steps: 25 });
    const rb = await b.magento.simulateActivity({ steps: 25 });
    expect(ra).toEqual(rb);
    const dump = async (e: MagentoEmulator) => (await e.inject({ url: '/rest/V1/orders?searchCriteria=', headers: { authorization: 'Bearer magento-emulator-integration-token' } })).body;
    expect(await dump(a)).toBe(await dump(b));
    await a.close();
    await b.close();
  });
});
