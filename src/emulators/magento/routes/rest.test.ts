import { afterAll, describe, expect, it } from 'vitest';
import { buildMagentoEmulator } from '../index.js';
import type { MagentoRecord } from '../store.js';

const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);
const app = buildMagentoEmulator({ token: 'tok', seed: 11, customers: 12, products: 30, orders: 40, clock: () => NOW });
const auth = { authorization: 'Bearer tok' };
afterAll(() => app.close());

async function get(url: string): Promise<{ status: number; body: any }> {
  const res = await app.inject({ url, headers: auth });
  return { status: res.statusCode, body: res.json() };
}

describe('REST reads', () => {
  it('serves each list endpoint as {items, search_criteria, total_count}', async () => {
    for (const path of ['customers/search', 'products', 'orders', 'invoices', 'creditmemos', 'taxRates/search']) {
      const { status, body } = await get(`/rest/V1/${path}?searchCriteria[pageSize]=5`);
      expect(status, path).toBe(200);
      expect(Object.keys(body).sort()).toEqual(['items', 'search_criteria', 'total_count']);
      expect(body.items.length).toBeLessThanOrEqual(5);
      expect(body.total_count).toBeGreaterThan(0);
    }
  });

  it('serves single records, with the singular credit memo path', async () => {
    const order = await get('/rest/V1/orders/1');
    expect(order.body.entity_id).toBe(1);
    expect(order.body.increment_id).toBe('000000001');
    const memos = await get('/rest/V1/creditmemos?searchCriteria[pageSize]=1');
    const id = memos.body.items[0].entity_id as number;
    expect((await get(`/rest/V1/creditmemo/${id}`)).body.entity_id).toBe(id);
    expect((await get(`/rest/V1/creditmemos/${id}`)).status).toBe(404);
    expect((await get('/rest/V1/customers/1')).body.id).toBe(1);
    expect((await get('/rest/V1/invoices/1')).body.entity_id).toBe(1);
  });

  it('answers missing entities with Magento 404 bodies', async () => {
    expect(await get('/rest/V1/orders/99999')).toEqual({
      status: 404,
      body: { message: "The entity that was requested doesn't exist. Verify the entity and try again." },
    });
    expect((await get('/rest/V1/customers/99999')).body).toEqual({
      message: 'No such entity with %fieldName = %fieldValue',
      parameters: { fieldName: 'customerId', fieldValue: '99999' },
    });
    expect((await get('/rest/V1/products/NO-SUCH-SKU')).status).toBe(404);
  });

  it('finds products by URL-encoded SKU, long ones and ones with a slash', async () => {
    const long = await get(`/rest/V1/products/${encodeURIComponent('ACME-PRO-YOGA-MAT-EXTRA-THICK-6MM-PURPLE-XL')}`);
    expect(long.body.sku).toBe('ACME-PRO-YOGA-MAT-EXTRA-THICK-6MM-PURPLE-XL');
    const load = await app.inject({
      method: 'POST',
      url: '/__emulator/entities',
      headers: auth,
      payload: { products: [{ id: 5000, sku: 'AB/12 XL', name: 'Slash', price: 1, type_id: 'simple' }] },
    });
    expect(load.statusCode).toBe(200);
    expect((await get(`/rest/V1/products/${encodeURIComponent('AB/12 XL')}`)).body.name).toBe('Slash');
  });

  it('requires searchCriteria on searches', async () => {
    expect(await get('/rest/V1/orders')).toEqual({
      status: 400,
      body: { message: '%fieldName is a required field.', parameters: { fieldName: 'searchCriteria' } },
    });
  });

  it('trims with fields= and drops total_count', async () => {
    const { body } = await get('/rest/V1/orders?searchCriteria[pageSize]=2&fields=items[increment_id,entity_id]');
    expect(body).toEqual({
      items: [
        { increment_id: '000000001', entity_id: 1 },
        { increment_id: '000000002', entity_id: 2 },
      ],
    });
  });

  it('pages with the last page repeated past the end, echoing the requested page', async () => {
    const last = await get('/rest/V1/orders?searchCriteria[pageSize]=15&searchCriteria[currentPage]=3&fields=items[entity_id]');
    const past = await get('/rest/V1/orders?searchCriteria[pageSize]=15&searchCriteria[currentPage]=7');
    expect(past.body.items.map((o: MagentoRecord) => o['entity_id'])).toEqual(last.body.items.map((o: MagentoRecord) => o['entity_id']));
    expect(past.body.search_criteria.current_page).toBe(7);
    expect(past.body.total_count).toBe(40);
  });

  it('filters incrementally on updated_at and sorts ascending', async () => {
    const all = (await get('/rest/V1/orders?searchCriteria=')).body.items as MagentoRecord[];
    const pivot = [...all.map((o) => String(o['updated_at']))].sort()[20] as string;
    const q =
      `searchCriteria[filter_groups][0][filters][0][field]=updated_at&searchCriteria[filter_groups][0][filters][0][value]=${encodeURIComponent(pivot)}` +
      '&searchCriteria[filter_groups][0][filters][0][condition_type]=gteq&searchCriteria[sortOrders][0][field]=updated_at&searchCriteria[sortOrders][0][direction]=ASC';
    const { body } = await get(`/rest/V1/orders?${q}`);
    const dates = (body.items as MagentoRecord[]).map((o) => String(o['updated_at']));
    expect(dates.every((d) => d >= pivot)).toBe(true);
    expect(dates).toEqual([...dates].sort());
    expect(body.total_count).toBe(all.filter((o) => String(o['updated_at']) >= pivot).length);
  });

  it('reads + as a space and %25 as the like wildcard, as PHP does', async () => {
    const order = (await get('/rest/V1/orders/3')).body as MagentoRecord;
    const created = String(order['created_at']).replace(' ', '+');
    const exact = await get(
      `/rest/V1/orders?searchCriteria[filter_groups][0][filters][0][field]=created_at&searchCriteria[filter_groups][0][filters][0][value]=${created}`,
    );
    expect((exact.body.items as MagentoRecord[]).map((o) => o['entity_id'])).toContain(3);
    const like = await get(
      '/rest/V1/customers/search?searchCriteria[filter_groups][0][filters][0][field]=email&searchCriteria[filter_groups][0][filters][0][value]=jane.doe%25&searchCriteria[filter_groups][0][filters][0][condition_type]=like',
    );
    expect(like.body.total_count).toBe(2);
  });

  it('applies input limits when they are on', async () => {
    const limited = buildMagentoEmulator({ token: 'tok', seed: 1, customers: 3, products: 12, orders: 30, inputLimit: true, clock: () => NOW });
    try {
      const page = await limited.inject({ url: '/rest/V1/orders?searchCriteria=', headers: auth });
      expect(page.json().items).toHaveLength(20);
      expect(page.json().total_count).toBe(30);
      const tooBig = await limited.inject({ url: '/rest/V1/orders?searchCriteria[pageSize]=301', headers: auth });
      expect(tooBig.statusCode).toBe(400);
      expect(tooBig.json()).toEqual({ message: 'Maximum SearchCriteria pageSize is %max', parameters: { max: 300 } });
    } finally {
      await limited.close();
    }
  });

  it('scopes by store code and refuses an unknown one', async () => {
    expect((await get('/rest/uk/V1/orders/1')).body.entity_id).toBe(1);
    expect((await get('/rest/all/V1/products?searchCriteria[pageSize]=1')).status).toBe(200);
    expect(await get('/rest/nowhere/V1/orders/1')).toEqual({
      status: 400,
      body: { message: "The store that was requested wasn't found. Verify the store and try again." },
    });
  });

  it('returns the store structure as plain arrays, and currency without authentication', async () => {
    const views = (await get('/rest/V1/store/storeViews')).body as MagentoRecord[];
    expect(views.map((v) => v['code'])).toEqual(['admin', 'default', 'uk', 'de']);
    const configs = (await get('/rest/V1/store/storeConfigs')).body as MagentoRecord[];
    expect(configs.map((c) => c['timezone'])).toEqual(['America/Los_Angeles', 'Europe/London', 'Europe/Berlin']);
    expect(((await get('/rest/V1/store/storeConfigs?storeCodes[]=de')).body as MagentoRecord[]).map((c) => c['code'])).toEqual(['de']);
    expect(Array.isArray((await get('/rest/V1/store/websites')).body)).toBe(true);
    const currency = await app.inject({ url: '/rest/V1/directory/currency' });
    expect(currency.statusCode).toBe(200);
    expect(currency.json().available_currency_codes).toEqual(['USD', 'GBP', 'EUR']);
  });

  it('lists tax rates including 8.875 % and the Canadian GST and PST', async () => {
    const rates = (await get('/rest/V1/taxRates/search?searchCriteria=')).body.items as MagentoRecord[];
    expect(rates.map((r) => r['rate'])).toEqual(expect.arrayContaining([8.25, 8.875, 20, 19, 10, 5, 7]));
  });

  it('lists customer groups with their tax class, and the tax classes, a "Tax Exempt" pair added by a test', async () => {
    const groups = (await get('/rest/V1/customerGroups/search?searchCriteria=')).body.items as MagentoRecord[];
    expect(groups.map((g) => [g['id'], g['code'], g['tax_class_id']])).toEqual([[0, 'NOT LOGGED IN', 3], [1, 'General', 3], [2, 'Wholesale', 3], [3, 'Retailer', 3]]);
    const load = await app.inject({
      method: 'POST',
      url: '/__emulator/entities',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: { taxClasses: [{ class_id: 5, class_name: 'Tax Exempt', class_type: 'CUSTOMER' }], customerGroups: [{ id: 4, code: 'Charities', tax_class_id: 5, tax_class_name: 'Tax Exempt' }] },
    });
    expect(load.statusCode).toBe(200);
    const classes = (await get('/rest/V1/taxClasses/search?searchCriteria=')).body.items as MagentoRecord[];
    expect(classes.find((c) => c['class_id'] === 5)).toEqual({ class_id: 5, class_name: 'Tax Exempt', class_type: 'CUSTOMER' });
    expect(((await get('/rest/V1/customerGroups/search?searchCriteria=')).body.items as MagentoRecord[]).at(-1)?.['tax_class_id']).toBe(5);
  });

  it('answers an unknown route like Magento', async () => {
    expect(await get('/rest/V1/nothing-here')).toEqual({ status: 404, body: { message: 'Request does not match any route.' } });
  });

  // Last: it removes records the other tests read.
  it('deletes customers and products, which then are simply gone', async () => {
    const del = await app.inject({ method: 'DELETE', url: '/rest/V1/customers/12', headers: auth });
    expect(del.json()).toBe(true);
    expect((await get('/rest/V1/customers/12')).status).toBe(404);
    const ids = ((await get('/rest/V1/customers/search?searchCriteria=&fields=items[id]')).body.items as MagentoRecord[]).map((c) => c['id']);
    expect(ids).not.toContain(12);
    expect((await app.inject({ method: 'DELETE', url: '/rest/V1/products/24-MB01', headers: auth })).json()).toBe(true);
    expect((await get('/rest/V1/products/24-MB01')).status).toBe(404);
    const control = await app.inject({ method: 'DELETE', url: '/__emulator/entities/orders/40', headers: auth });
    expect(control.json()).toEqual({ deleted: true });
    expect((await get('/rest/V1/orders/40')).status).toBe(404);
  });
});
