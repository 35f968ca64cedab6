import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, fakeMagento, fakeXero, harness, HOSTILE, type Harness } from './support.js';

let h: Harness;
let c: Client;
beforeEach(async () => {
  h = await harness({
    magento: fakeMagento({
      customer: [
        { id: '1', number: '1', name: 'Ada Lovelace', email: 'ada@example.test', updatedAt: '2026-01-01T00:00:00Z' },
        { id: '2', number: '2', name: HOSTILE, email: 'x@example.test', updatedAt: '2026-01-02T00:00:00Z' },
      ],
    }),
  });
  c = new Client(h.app);
  await c.login();
  await c.get('/');
});
afterEach(async () => h.close());

const GUID = '0f8b1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b';

describe('settings API', () => {
  it('returns the defaults before anything is saved', async () => {
    const res = await c.get('/api/settings', 'application/json');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.posting.newOrderStatus).toBe('DRAFT');
    expect(body.sync.order).toEqual({ enabled: true, mode: 'immediately', schedule: '*/5 * * * *' });
    expect(body.paymentMapping.checkmo).toBe('do_not_pay');
  });

  it('saves valid settings and reads them back', async () => {
    const put = await c.json('PUT', '/api/settings/accounts', { bank: '090', sales: '200', shipping: '' });
    expect(put.statusCode).toBe(200);
    expect(await h.storage.settings.get('accounts')).toEqual({ bank: '090', sales: '200' });
    expect((await c.get('/api/settings/accounts', 'application/json')).json()).toEqual({ bank: '090', sales: '200' });
  });

  it('refuses invalid settings with a 400 that names each bad field, and stores nothing', async () => {
    const res = await c.json('PUT', '/api/settings/posting', {
      postAs: 'orders',
      newOrderStatus: 'AUTHORISED',
      invoicePrefix: 'WAY-TOO-LONG-PREFIX',
      creditNotePrefix: '',
      guestStrategy: 'per_email',
      guestContactName: '',
      paymentTermsDays: -3,
      useCompanyName: false,
      trackedInventory: false,
      offlineRefundsPaidOut: false,
    });
    expect(res.statusCode).toBe(400);
    const issues: string[] = res.json().issues;
    expect(issues.some((i) => i.startsWith('newOrderStatus:') && i.includes('DRAFT or SUBMITTED'))).toBe(true);
    expect(issues.some((i) => i.startsWith('invoicePrefix:') && i.includes('10 characters'))).toBe(true);
    expect(issues.some((i) => i.startsWith('paymentTermsDays:') && i.includes('negative'))).toBe(true);
    expect(await h.storage.settings.get('posting')).toBeUndefined();
  });

  it('checks sync schedules and payment mappings', async () => {
    const sync = await c.json('PUT', '/api/settings/sync', {
      customer: { enabled: true, mode: 'cron', schedule: 'every five minutes' },
      product: { enabled: true, mode: 'immediately', schedule: '*/5 * * * *' },
      order: { enabled: true, mode: 'immediately', schedule: '*/5 * * * *' },
      invoice: { enabled: true, mode: 'immediately', schedule: '*/5 * * * *' },
      creditmemo: { enabled: false, mode: 'cron', schedule: '0 2 * * *' },
    });
    expect(sync.statusCode).toBe(400);
    expect(sync.json().issues.join('\n')).toContain('customer.schedule');
    const pay = await c.json('PUT', '/api/settings/paymentMapping', { checkmo: 'do-not-pay', stripe: '090' });
    expect(pay.statusCode).toBe(200);
    expect(await h.storage.settings.get('paymentMapping')).toEqual({ checkmo: 'do_not_pay', stripe: '090' });
  });

  it('maps taxes by Magento rate, region and tax class, with the suggestions, and refuses a taxed rate on a 0 % type', async () => {
    // With Xero connected (a New Zealand organisation) and Magento's rates and classes readable.
    await h.close();
    h = await harness({ magento: fakeMagento(), xeroConnect: fakeXero() });
    c = new Client(h.app);
    await c.login();
    await c.get('/');
    expect((await c.get('/api/tax-mapping', 'application/json')).statusCode).toBe(200);
    const overview = (await c.get('/api/tax-mapping', 'application/json')).json();
    expect(overview.region).toBe('NZ');
    expect(overview.rates).toEqual([{ code: 'NZ GST', percent: 15, country: 'NZ', suggested: 'OUTPUT2' }]);
    expect(overview.untaxed).toEqual([
      { reason: 'zero_rated', type: 'ZERORATED', suggested: true },
      { reason: 'exempt', type: 'NONE', suggested: true },
      { reason: 'export', type: 'ZERORATED', suggested: true },
      { reason: 'out_of_scope', type: 'NONE', suggested: true },
    ]);
    expect(overview.classes.find((x: { key: string }) => x.key === 'customer:5')).toEqual({ key: 'customer:5', name: 'Tax Exempt', suggested: { domestic: 'exempt', export: 'export' } });
    const refused = await c.json('PUT', '/api/settings/taxMapping', { autoMap: true, rates: { 'NZ GST': 'ZERORATED' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().issues).toEqual(['rates.NZ GST: Magento rate "NZ GST" charges 15 %; "Zero Rated" is 0 %, so its taxed sales would be filed as untaxed. Choose a taxed Xero rate.']);
    const saved = await c.json('PUT', '/api/settings/taxMapping', { autoMap: true, rates: { 'NZ GST': 'OUTPUT2' }, classes: { 'customer:5': { domestic: 'exempt' } } });
    expect(saved.statusCode).toBe(200);
    const after = (await c.get('/api/tax-mapping', 'application/json')).json();
    expect(after.rates[0].mapped).toBe('OUTPUT2');
    expect(after.classes.find((x: { key: string }) => x.key === 'customer:5').domestic).toBe('exempt');
  });

  it('answers 404 for an unknown settings key', async () => {
    expect((await c.json('PUT', '/api/settings/nonsense', {})).statusCode).toBe(404);
  });
});

describe('queue API', () => {
  beforeEach(async () => {
    await h.storage.queue.enqueue([
      { store_id: 1, entity_type: 'order', magento_id: '10' },
      { store_id: 1, entity_type: 'order', magento_id: '11' },
      { store_id: 1, entity_type: 'customer', magento_id: '5' },
    ]);
    const [claimed] = await h.storage.queue.claim({ owner: 'w', limit: 1, leaseMs: 60_000, entityTypes: ['customer'] });
    await h.storage.queue.park([claimed!.id], 'w', 'Email address must be valid.');
  });

  it('lists with filters and paging, and gives the total under the filter', async () => {
    const all = (await c.get('/api/queue?pageSize=2', 'application/json')).json();
    expect(all.total).toBe(3);
    expect(all.items).toHaveLength(2);
    const orders = (await c.get('/api/queue?entity=order', 'application/json')).json();
    expect(orders.total).toBe(2);
    expect(orders.items.every((i: { entity_type: string }) => i.entity_type === 'order')).toBe(true);
    const parked = (await c.get('/api/queue?state=parked', 'application/json')).json();
    expect(parked.items.map((i: { magento_id: string }) => i.magento_id)).toEqual(['5']);
  });

  it('explains a bad filter', async () => {
    const res = await c.get('/api/queue?state=lost&pageSize=1000', 'application/json');
    expect(res.statusCode).toBe(400);
    expect(res.json().issues.join(' ')).toMatch(/State is one of pending/);
    expect(res.json().issues.join(' ')).toMatch(/pageSize is at most 200/);
  });

  it('retries parked entries, removes entries, and summarises the queue', async () => {
    const parked = (await c.get('/api/queue?state=parked', 'application/json')).json().items[0];
    expect((await c.json('POST', '/api/queue/retry', { ids: [parked.id] })).json()).toEqual({ retried: 1 });
    expect((await h.storage.queue.get(parked.id))?.state).toBe('pending');
    expect(h.sync.called('syncNow').at(-1)?.args).toEqual([[parked.id]]);

    const removed = await c.json('POST', '/api/queue/remove', { ids: [parked.id] });
    expect(removed.json()).toEqual({ removed: 1 });
    expect((await c.json('POST', '/api/queue/remove', {})).statusCode).toBe(400);

    const summary = (await c.get('/api/queue/summary', 'application/json')).json();
    expect(summary.byState.pending).toBe(2);
    expect(summary.outstanding).toBe(2);
  });

  it('passes "sync now" for chosen entries or all to the sync service', async () => {
    await c.json('POST', '/api/queue/sync-now', { ids: [1, 2] });
    await c.json('POST', '/api/queue/sync-now', {});
    expect(h.sync.called('syncNow').map((x) => x.args[0])).toEqual([[1, 2], undefined]);
    expect((await c.json('POST', '/api/queue/sync-now', { ids: ['x'] })).statusCode).toBe(400);
  });
});

describe('log and usage API', () => {
  it('filters the log by status, entity and inclusive UTC dates, with Xero links', async () => {
    await h.storage.connections.save({
      id: 'xero:t-1', kind: 'xero', tenant_id: 't-1', name: 'Demo', status: 'connected', secret: null,
      meta_json: JSON.stringify({ shortCode: '!abc12' }), access_expires_at: null,
    });
    const day = (d: number) => Date.UTC(2026, 2, d, 12);
    await h.storage.log.add([
      { at: day(1), store_id: 1, tenant_id: 't-1', entity_type: 'order', magento_id: '10', action: 'create', status: 'success', message: null, xero_id: GUID, xero_number: 'INV-10', duration_ms: 30 },
      { at: day(2), store_id: 1, tenant_id: 't-1', entity_type: 'order', magento_id: '11', action: 'create', status: 'error', message: 'Account code \'999\' is not a valid code for this document.', xero_id: null, xero_number: null, duration_ms: 40 },
      { at: day(3), store_id: 1, tenant_id: 't-1', entity_type: 'customer', magento_id: '5', action: 'create', status: 'error', message: 'x', xero_id: null, xero_number: null, duration_ms: 5 },
    ]);
    const errors = (await c.get('/api/log?status=error', 'application/json')).json();
    expect(errors.total).toBe(2);
    const orders = (await c.get('/api/log?entity=order&from=2026-03-01&to=2026-03-01', 'application/json')).json();
    expect(orders.items.map((i: { magento_id: string }) => i.magento_id)).toEqual(['10']);
    expect(orders.items[0].xeroUrl).toBe(
      `https://go.xero.com/organisationlogin/default.aspx?shortcode=!abc12&redirecturl=/AccountsReceivable/View.aspx?InvoiceID=${GUID}`,
    );
    expect((await c.get('/api/log?from=2026-13-45', 'application/json')).statusCode).toBe(400);
  });

  it('reports calls per day and today\'s minutes', async () => {
    const now = Date.now();
    await h.storage.apiUsage.record('t-1', now, { calls: 3, errors: 1 });
    await h.storage.apiUsage.record('t-1', now - 3 * 86_400_000, { calls: 9, rateLimited: 2 });
    const usage = (await c.get('/api/usage?days=7', 'application/json')).json();
    expect(usage.days.map((d: { calls: number }) => d.calls)).toEqual([9, 3]);
    expect(usage.minutes.reduce((a: number, m: { calls: number }) => a + m.calls, 0)).toBe(3);
    expect(usage.limits['t-1']).toEqual({ perDay: 5000, perMinute: 60 });
  });
});

describe('sync actions API', () => {
  it('enqueues an entity or everything, and refuses an unknown entity with a clear message', async () => {
    expect((await c.json('POST', '/api/enqueue', { entity: 'all' })).json()).toEqual({ queued: 42 });
    await c.json('POST', '/api/enqueue', { entity: 'order', ids: ['10', '11'], since: '2026-01-01' });
    expect(h.sync.called('enqueue').map((x) => x.args)).toEqual([
      ['all', {}],
      ['order', { ids: ['10', '11'], since: '2026-01-01' }],
    ]);
    const bad = await c.json('POST', '/api/enqueue', { entity: 'refunds' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues.join(' ')).toContain('entity');
  });

  it('syncs one record and the accounts', async () => {
    const one = await c.json('POST', '/api/sync-record', { entity: 'order', magentoId: '10' });
    expect(one.json()).toEqual({ status: 'success', xeroNumber: 'INV-100' });
    expect(h.sync.called('syncRecord')[0]?.args).toEqual(['order', '10', undefined]);
    expect((await c.json('POST', '/api/sync-record', { entity: 'order' })).statusCode).toBe(400);
    expect((await c.json('POST', '/api/accounts/sync', {})).json()).toEqual({ created: ['200'], existing: ['090'] });
  });

  it('gives the status from the sync service', async () => {
    const res = (await c.get('/api/status', 'application/json')).json();
    expect(res.xero[0].name).toBe('Demo Company (NZ)');
  });

  it('lists Magento records with their sync status', async () => {
    await h.storage.entityMap.put([
      { store_id: 1, entity_type: 'customer', magento_id: '1', xero_kind: 'contact', tenant_id: 't-1', xero_id: GUID, xero_number: 'M1-1', content_hash: null, updated_at: 1 },
    ]);
    const res = (await c.get('/api/records/customer', 'application/json')).json();
    expect(res.total).toBe(2);
    expect(res.items[0].sync.state).toBe('synced');
    expect(res.items[1].sync.state).toBe('not-synced');
    expect((await c.get('/api/records/widgets', 'application/json')).statusCode).toBe(400);
  });
});
