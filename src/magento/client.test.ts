import { afterEach, describe, expect, it } from 'vitest';
import { startStub, type StubServer } from '../xero/testing/stub-server.js';
import { MagentoClient } from './client.js';

let stub: StubServer | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

const client = (url: string, storeCode?: string) =>
  new MagentoClient({ baseUrl: url, auth: { kind: 'bearer', token: 't' }, ...(storeCode ? { storeCode } : {}) });

const order = (id: number, updated: string) => ({
  entity_id: id,
  increment_id: `0000000${id}`,
  customer_email: `c${id}@example.com`,
  grand_total: 10,
  created_at: '2026-01-01 00:00:00',
  updated_at: updated,
  items: [],
});

/** A collection of `total` orders that, like Magento, answers a page past the end with the last page again. */
function cappingOrders(total: number) {
  return (url: URL) => {
    const size = Number(url.searchParams.get('searchCriteria[pageSize]'));
    const asked = Number(url.searchParams.get('searchCriteria[currentPage]'));
    const lastPage = Math.max(1, Math.ceil(total / size));
    const page = Math.min(asked, lastPage);
    const all = Array.from({ length: total }, (_, i) => order(i + 1, `2026-01-0${1 + Math.floor(i / 3)} 00:00:00`));
    return { items: all.slice((page - 1) * size, page * size), search_criteria: { current_page: asked, page_size: size }, total_count: total };
  };
}

describe('MagentoClient single records', () => {
  it('URL-encodes a SKU and uses the singular creditmemo path, in the store view asked for', async () => {
    stub = await startStub((r) =>
      r.url.includes('/products/')
        ? { body: { sku: 'MH01/S #1', name: 'Hoodie', price: 52 } }
        : { body: { entity_id: 3, increment_id: '100000003', order_id: 3, grand_total: 5, created_at: '2026-01-01 00:00:00', items: [] } },
    );
    const magento = client(stub.url, 'default');
    expect(await magento.getProduct('MH01/S #1')).toMatchObject({ sku: 'MH01/S #1', price: 52 });
    expect(await magento.getCreditMemo(3)).toMatchObject({ entity_id: 3 });
    expect(stub.requests.map((r) => r.url)).toEqual(['/rest/default/V1/products/MH01%2FS%20%231', '/rest/default/V1/creditmemo/3']);
  });

  it('accepts numeric strings for amounts and rejects a record missing what the mapping needs', async () => {
    stub = await startStub((_r, i) =>
      i === 0 ? { body: { ...order(7, '2026-01-01 00:00:00'), grand_total: '12.50' } } : { body: { entity_id: 8, items: [] } },
    );
    expect((await client(stub.url).getOrder(7)).grand_total).toBe(12.5);
    await expect(client(stub.url).getOrder(8)).rejects.toThrow(/Unexpected Magento order 8/);
  });

  it('searches with the criteria in the query and returns items with the total', async () => {
    stub = await startStub(() => ({ body: { items: [{ id: 1, code: 'US-CA', tax_country_id: 'US', rate: '7.25' }], total_count: 1 } }));
    const page = await client(stub.url).searchTaxRates({ pageSize: 5 });
    expect(page).toEqual({ items: [{ id: 1, code: 'US-CA', tax_country_id: 'US', rate: 7.25 }], totalCount: 1 });
    expect(stub.requests[0]!.url).toBe('/rest/V1/taxRates/search?searchCriteria%5BpageSize%5D=5');
  });
});

describe('MagentoClient.stream', () => {
  it('sorts by updated_at then entity_id, filters from the watermark and stops at the last page', async () => {
    stub = await startStub((r) => ({ body: cappingOrders(7)(new URL(r.url, 'http://x')) }));
    const pages = [];
    for await (const page of client(stub.url).stream('orders', { pageSize: 3, updatedSince: new Date('2026-01-01T00:00:00Z') })) pages.push(page);
    expect(pages.map((p) => p.items.map((o) => o.entity_id))).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(pages.map((p) => p.maxUpdatedAt)).toEqual(['2026-01-01 00:00:00', '2026-01-02 00:00:00', '2026-01-03 00:00:00']);
    expect(stub.requests).toHaveLength(3);
    const first = new URL(stub.requests[0]!.url, 'http://x').searchParams;
    expect(first.get('searchCriteria[filter_groups][0][filters][0][field]')).toBe('updated_at');
    expect(first.get('searchCriteria[filter_groups][0][filters][0][value]')).toBe('2026-01-01 00:00:00');
    expect(first.get('searchCriteria[filter_groups][0][filters][0][condition_type]')).toBe('gteq');
    expect(first.get('searchCriteria[sortOrders][0][field]')).toBe('updated_at');
    expect(first.get('searchCriteria[sortOrders][0][direction]')).toBe('ASC');
    expect(first.get('searchCriteria[sortOrders][1][field]')).toBe('entity_id');
  });

  it('stops when the count is an exact multiple of the page size, without asking past the end', async () => {
    stub = await startStub((r) => ({ body: cappingOrders(6)(new URL(r.url, 'http://x')) }));
    let seen = 0;
    for await (const page of client(stub.url).stream('orders', { pageSize: 3 })) seen += page.items.length;
    expect(seen).toBe(6);
    expect(stub.requests).toHaveLength(2);
  });

  it('never loops on a repeated last page even without total_count, and never yields an id twice', async () => {
    // fields= trimming drops total_count: the repeated last page is recognised by its ids.
    stub = await startStub((r) => {
      const body = cappingOrders(6)(new URL(r.url, 'http://x'));
      return { body: { items: body.items } };
    });
    const ids: number[] = [];
    for await (const page of client(stub.url).stream('orders', { pageSize: 3 })) ids.push(...page.items.map((o) => o.entity_id));
    expect(ids).toEqual([1, 2, 3, 4, 5, 6]);
    expect(stub.requests).toHaveLength(3);
  });

  it('de-duplicates a record that moved to a later page while paging', async () => {
    // Record 2 is updated between the calls and reappears on page 2.
    stub = await startStub((_r, i) =>
      i === 0
        ? { body: { items: [order(1, 'a'), order(2, 'a')], total_count: 4 } }
        : { body: { items: [order(4, 'b'), order(2, 'c')], total_count: 4 } },
    );
    const ids: number[] = [];
    for await (const page of client(stub.url).stream('orders', { pageSize: 2 })) ids.push(...page.items.map((o) => o.entity_id));
    expect(ids).toEqual([1, 2, 4]);
  });
});

describe('MagentoClient.testConnection', () => {
  it('reports store name, base currency and time zone', async () => {
    stub = await startStub((r) =>
      r.url.endsWith('/storeConfigs')
        ? { body: [{ id: 1, code: 'default', website_id: 1, base_currency_code: 'USD', timezone: 'America/Chicago' }] }
        : { body: [{ id: 1, code: 'default', name: 'Default Store View', website_id: 1 }] },
    );
    expect(await client(stub.url).testConnection()).toEqual({ ok: true, storeName: 'Default Store View', baseCurrency: 'USD', timezone: 'America/Chicago' });
  });

  it('says what is wrong instead of throwing', async () => {
    stub = await startStub(() => ({ status: 401, body: { message: 'The consumer isn\'t authorized to access %resources.', parameters: { resources: 'Magento_Backend::store' } } }));
    const result = await client(stub.url).testConnection();
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.error).toContain('Magento_Backend::store');
  });
});
