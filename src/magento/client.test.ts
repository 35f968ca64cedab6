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

/**
 * A tiny Magento-like order collection behind the stub: evaluates the filter groups (AND of OR; eq, gt, gteq), the sort
 * orders and the paging (a page past the end answers the last page again), and lets a test change records between calls.
 */
function orderCollection(count: number) {
  const rows = Array.from({ length: count }, (_, i) => order(i + 1, `2026-01-01 00:00:${String(10 + i).padStart(2, '0')}`));
  const answer = (raw: string) => {
    const params = new URL(raw, 'http://x').searchParams;
    const groups = new Map<string, Map<string, Record<string, string>>>();
    const sorts: { field: string; direction: string }[] = [];
    for (const [key, value] of params) {
      const f = /^searchCriteria\[filter_groups\]\[(\d+)\]\[filters\]\[(\d+)\]\[(\w+)\]$/.exec(key);
      if (f) {
        const group = groups.get(f[1]!) ?? new Map<string, Record<string, string>>();
        groups.set(f[1]!, group);
        group.set(f[2]!, { ...group.get(f[2]!), [f[3]!]: value });
      }
      const s = /^searchCriteria\[sortOrders\]\[(\d+)\]\[(\w+)\]$/.exec(key);
      if (s) sorts[Number(s[1])] = { ...sorts[Number(s[1])]!, [s[2]!]: value } as { field: string; direction: string };
    }
    const test = (row: Record<string, unknown>, f: Record<string, string>) => {
      const v = row[f.field!] as string | number;
      const w = typeof v === 'number' ? Number(f.value) : f.value!;
      return f.condition_type === 'gt' ? v > w : f.condition_type === 'gteq' ? v >= w : v === w;
    };
    const matching = rows
      .filter((row) => [...groups.values()].every((g) => [...g.values()].some((f) => test(row, f))))
      .sort((a, b) => {
        for (const { field, direction } of sorts) {
          const x = (a as Record<string, unknown>)[field] as string | number;
          const y = (b as Record<string, unknown>)[field] as string | number;
          if (x !== y) return (x < y ? -1 : 1) * (direction === 'DESC' ? -1 : 1);
        }
        return 0;
      });
    const size = Number(params.get('searchCriteria[pageSize]'));
    const page = Math.min(Number(params.get('searchCriteria[currentPage]')), Math.max(1, Math.ceil(matching.length / size)));
    return { items: matching.slice((page - 1) * size, page * size), total_count: matching.length };
  };
  return { rows, answer };
}

describe('MagentoClient.stream while records change', () => {
  it('offset paging can skip a record when an earlier one is updated mid-pass; keyset paging does not', async () => {
    const run = async (strategy: 'offset' | 'keyset') => {
      const collection = orderCollection(6);
      stub = await startStub((r, i) => {
        // After the first page, order 1 is edited in Magento: it moves to the end of an updated_at sort.
        if (i === 1) collection.rows[0]!.updated_at = '2026-01-01 00:01:00';
        return { body: collection.answer(r.url) };
      });
      const ids: number[] = [];
      for await (const page of client(stub.url).stream('orders', { pageSize: 2, strategy })) ids.push(...page.items.map((o) => o.entity_id));
      await stub.close();
      stub = undefined;
      return ids.sort((a, b) => a - b);
    };
    const offset = await run('offset');
    const keyset = await run('keyset');
    // The hazard the option exists for: order 3 slid onto page 1 after it was read.
    expect(offset).not.toContain(3);
    expect(keyset).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('keyset paging asks for entity_id > the last id seen, always page 1, and stops on a short page', async () => {
    const collection = orderCollection(5);
    stub = await startStub((r) => ({ body: collection.answer(r.url) }));
    const pages: number[][] = [];
    for await (const page of client(stub.url).stream('orders', { pageSize: 2, strategy: 'keyset', updatedSince: new Date('2026-01-01T00:00:11Z') })) {
      pages.push(page.items.map((o) => o.entity_id));
    }
    expect(pages).toEqual([[2, 3], [4, 5]]);
    const last = new URL(stub.requests.at(-1)!.url, 'http://x').searchParams;
    expect(last.get('searchCriteria[currentPage]')).toBe('1');
    expect(last.get('searchCriteria[filter_groups][1][filters][0][field]')).toBe('entity_id');
    expect(last.get('searchCriteria[filter_groups][1][filters][0][condition_type]')).toBe('gt');
    expect(last.get('searchCriteria[filter_groups][1][filters][0][value]')).toBe('5');
    expect(stub.requests).toHaveLength(3);
  });

  it('pages customers and products by offset even when keyset is asked for (their records carry id, not entity_id)', async () => {
    stub = await startStub((r) => {
      const page = Number(new URL(r.url, 'http://x').searchParams.get('searchCriteria[currentPage]'));
      const ids = page === 1 ? [1, 2] : [3];
      return { body: { items: ids.map((id) => ({ id, email: `c${id}@example.com` })), total_count: 3 } };
    });
    const ids: number[] = [];
    for await (const page of client(stub.url).stream('customers', { pageSize: 2, strategy: 'keyset' })) ids.push(...page.items.map((c) => c.id));
    expect(ids).toEqual([1, 2, 3]);
    expect(stub.requests.map((r) => new URL(r.url, 'http://x').searchParams.get('searchCriteria[currentPage]'))).toEqual(['1', '2']);
  });
});
