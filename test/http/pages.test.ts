import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NAV } from '../../src/web/layout.js';
import { Client, fakeMagento, fakeReconciler, fakeXero, harness, HOSTILE, type Harness } from './support.js';

const GUID = '11111111-2222-4333-8444-555555555555';
let h: Harness;
let c: Client;
let xero: ReturnType<typeof fakeXero>;

beforeEach(async () => {
  xero = fakeXero();
  h = await harness({
    magento: fakeMagento({
      customer: [
        { id: '1', number: '1', name: 'Ada Lovelace', email: 'ada@example.test', updatedAt: '2026-01-01T00:00:00Z' },
        { id: '2', number: '2', name: HOSTILE, email: 'evil"@example.test', updatedAt: '2026-01-02T00:00:00Z' },
      ],
      order: [{ id: '77', number: '000000077', name: 'Ada Lovelace', total: '115.00', currency: 'NZD', status: 'processing', updatedAt: '2026-01-03T00:00:00Z' }],
    }),
    xeroConnect: xero,
  });
  await h.storage.connections.save({
    id: 'xero:t-1', kind: 'xero', tenant_id: 't-1', name: 'Demo Company (NZ)', status: 'connected', secret: null,
    meta_json: JSON.stringify({ shortCode: '!abc12' }), access_expires_at: null,
  });
  c = new Client(h.app);
  await c.login();
});
afterEach(async () => h.close());

/** The one-line message a form action redirects back with: kept with the session, shown once on the next page. */
async function flash(res: { headers: Record<string, unknown> }): Promise<string> {
  const page = await c.get(String(res.headers['location']).split('#')[0]!);
  return [...page.body.matchAll(/<p class="flash (?:notice|error)" role="(?:status|alert)">([^<]*)<\/p>/g)].map((m) => m[1]).join(' ');
}

/** No markup from Magento or Xero survives into the page; it shows as text. */
function expectEscaped(body: string) {
  expect(body).not.toContain('<script>alert');
  expect(body).not.toContain('<b>');
  expect(body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&lt;b&gt;');
}

describe('pages', () => {
  it('renders every page in the navigation for a signed-in admin', async () => {
    for (const { href, label } of NAV) {
      const res = await c.get(href);
      expect(res.statusCode, href).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body, href).toContain(`<h1>`);
      expect(res.body, href).toContain(`aria-current="page">${label}</a>`);
    }
  });

  it('escapes Magento names in the grids and shows each record\'s sync status and Xero link', async () => {
    await h.storage.entityMap.put([
      { store_id: 1, entity_type: 'customer', magento_id: '1', xero_kind: 'contact', tenant_id: 't-1', xero_id: GUID, xero_number: null, content_hash: null, updated_at: 1 },
    ]);
    await h.storage.queue.enqueue([{ store_id: 1, entity_type: 'customer', magento_id: '2' }]);
    const res = await c.get('/customers');
    expectEscaped(res.body);
    expect(res.body).toContain('evil&quot;@example.test');
    expect(res.body).toContain(`https://go.xero.com/organisationlogin/default.aspx?shortcode=!abc12&amp;redirecturl=/Contacts/View/${GUID}`);
    expect(res.body).toMatch(/badge good">synced/);
    expect(res.body).toMatch(/badge busy">pending/);
  });

  it('searches and pages the grid through the Magento port', async () => {
    const res = await c.get('/customers?q=Ada&page=1');
    expect(res.body).toContain('Ada Lovelace');
    expect(res.body).not.toContain('evil&quot;@');
    const bad = await c.get('/customers?page=0');
    expect(bad.statusCode).toBe(200);
    expect(bad.body).toContain('page starts at 1');
  });

  it('says so when Magento is not configured instead of failing', async () => {
    await h.close();
    h = await harness();
    c = new Client(h.app);
    await c.login();
    const res = await c.get('/orders');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Magento is not configured');
  });

  it('escapes Xero messages in the log and shows them in full', async () => {
    const message = `${HOSTILE} ${'A validation error occurred. '.repeat(20)}`;
    await h.storage.log.add([
      { at: Date.now(), store_id: 1, tenant_id: 't-1', entity_type: 'order', magento_id: '77', action: 'create', status: 'error', message, xero_id: null, xero_number: null, duration_ms: 12 },
    ]);
    const res = await c.get('/log?status=error');
    expectEscaped(res.body);
    expect(res.body).toContain('A validation error occurred. '.repeat(20).trim());
  });

  it('escapes organisation names and offers the mapping dropdowns and tax suggestions', async () => {
    const res = await c.get('/configuration');
    expect(res.body).toContain('Demo &lt;Company&gt;');
    expect(res.body).not.toContain('Demo <Company>');
    expect(res.body).toContain('090 · Business Bank Account');
    // NZ GST 15 % → GST on Income (15 %), suggested and preselected.
    expect(res.body).toMatch(/<option value="OUTPUT2" selected>GST on Income \(15 %\) · suggested<\/option>/);
    // A taxed rate is offered taxed Xero rates only: no 0 % type in its list.
    const rateSelect = /<select name="rate\.NZ GST"[\s\S]*?<\/select>/.exec(res.body)?.[0] ?? '';
    expect(rateSelect).not.toContain('ZERORATED');
    expect(rateSelect).not.toContain('value="NONE"');
    // Untaxed lines in New Zealand: Zero Rated for zero-rated sales and exports, No GST for exempt ones (Xero's defaults).
    const regional = (reason: string) => new RegExp(`<select name="region\\.NZ\\.${reason}"[\\s\\S]*?<option value="(\\w+)" selected>`).exec(res.body)?.[1];
    expect([regional('zero_rated'), regional('export'), regional('exempt'), regional('out_of_scope')]).toEqual(['ZERORATED', 'ZERORATED', 'NONE', 'NONE']);
    // Tax classes from Magento, with the suggestion: a "Tax Exempt" customer class is exempt at home.
    expect(res.body).toMatch(/<select name="class\.customer:5\.domestic"[^>]*>\s*<option value="">Suggested: Exempt sale \(domestic\)<\/option>/);
    expect(res.body).toMatch(/<select name="class\.product:2\.export"[^>]*>\s*<option value="">Suggested: Export<\/option>/);
    expect(res.body).toContain('Card &lt;Stripe&gt;');
  });

  it('shows banners on the dashboard when a connection needs attention or the budget is spent', async () => {
    h.sync.status_ = {
      ...h.sync.status_,
      apiToday: [{ tenantId: 't-1', calls: 5000, errors: 0, rateLimited: 0, dailyLimit: 5000 }],
      banners: ['Xero needs reconnecting for <Demo>'],
      recentErrors: [{ at: Date.now(), entity_type: 'order', magento_id: '77', message: HOSTILE }],
    };
    const res = await c.get('/');
    expect(res.body).toContain('Xero needs reconnecting for &lt;Demo&gt;');
    expect(res.body).toContain('API budget is spent for Demo Company (NZ)');
    expectEscaped(res.body);
  });

  it('exports the log and the queue as CSV for a spreadsheet, formulas defused', async () => {
    await h.storage.log.add([{ at: Date.UTC(2026, 0, 2), store_id: 0, tenant_id: null, entity_type: 'order', magento_id: '7', action: 'create', status: 'error', message: '=cmd|x, "quoted"', xero_id: null, xero_number: null, duration_ms: 5 }]);
    await h.storage.queue.enqueue([{ store_id: 0, entity_type: 'order', magento_id: '7' }]);
    const log = await c.get('/log.csv?status=error');
    expect(log.headers['content-type']).toContain('text/csv');
    expect(log.body.split('\r\n')[0]).toBe('time_utc,entity,magento_id,magento_number,action,status,xero_number,xero_id,message,duration_ms');
    expect(log.body).toContain(`2026-01-02T00:00:00.000Z,order,7,,create,error,,,"'=cmd|x, ""quoted""",5`);
    const queue = await c.get('/queue.csv');
    expect(queue.body).toMatch(/\r\n\d+,order,7,pending,0,/);
  });

  it('shows one banner, with a link to where it is fixed, when something needs a person', async () => {
    h.sync.status_ = {
      ...h.sync.status_,
      banners: ['Xero is not connected: open Configuration and press Connect.', 'Xero asked us to wait (429) for Demo: work resumes shortly.'],
      notice: { text: 'Xero is not connected.', href: '/configuration#xero', action: 'Connect Xero' },
    };
    const res = await c.get('/');
    expect(res.body.match(/class="banner"/g)).toHaveLength(1);
    expect(res.body).toContain('<a href="/configuration#xero">Connect Xero</a>');
    expect(res.body).toContain('Xero asked us to wait (429)');
  });

  it('says how long the queue has to go and why, on the queue page, its live summary and the dashboard', async () => {
    const text = "276 to go, about 12 minutes at 23 a minute. Xero allows 60 calls a minute: that limit sets the pace now.";
    Object.assign(h.sync, { progress: async () => ({ outstanding: 276, text, minutes: 12, reason: 'Xero allows 60 calls a minute' }) });
    h.sync.status_ = { ...h.sync.status_, progress: { outstanding: 276, text } };
    // The estimate is worked out every few seconds; the counts are read fresh. With nothing outstanding the page says the
    // queue is drained, whatever the last estimate said.
    expect((await c.get('/queue')).body).toContain('Queue is drained.');
    expect(JSON.parse((await c.get('/api/queue/summary', 'application/json')).body).estimate).toBeUndefined();
    await h.storage.queue.enqueue([{ store_id: 1, entity_type: 'order', magento_id: '9001' }]);
    expect((await c.get('/queue')).body).toContain(text);
    const summary = await c.get('/api/queue/summary', 'application/json');
    expect(JSON.parse(summary.body)).toMatchObject({ estimate: text });
    expect((await c.get('/')).body).toContain(text);
    await h.storage.queue.remove([(await h.storage.queue.find(1, 'order', '9001'))!.id]);
  });

  it('draws the request report as an inline SVG with the daily limit', async () => {
    await h.storage.apiUsage.record('t-1', Date.now(), { calls: 40, errors: 2, rateLimited: 1 });
    const res = await c.get('/report?days=7');
    expect(res.body).toContain('<svg class="chart"');
    expect(res.body).toContain('limit 5000');
    expect(res.body).toContain('limit 60');
    expect(res.body).toContain('Demo Company (NZ)');
  });
});

describe('configuration forms', () => {
  it('saves a valid section and redirects back to it', async () => {
    await c.get('/configuration');
    const res = await c.form('/configuration/posting', {
      postAs: 'invoices', newOrderStatus: 'SUBMITTED', invoicePrefix: 'WEB-', creditNotePrefix: 'CN-',
      guestStrategy: 'generic_per_store', guestContactName: 'Guests', paymentTermsDays: '14', useCompanyName: 'on',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/configuration#posting');
    expect(await flash(res)).toBe('Settings saved.');
    expect(await h.storage.settings.get('posting')).toEqual({
      postAs: 'invoices', newOrderStatus: 'SUBMITTED', invoicePrefix: 'WEB-', creditNotePrefix: 'CN-',
      guestStrategy: 'generic_per_store', guestContactName: 'Guests', paymentTermsDays: 14,
      useCompanyName: true, trackedInventory: false, offlineRefundsPaidOut: false, rewardPointsAs: 'discount',
    });
  });

  it('explains what is wrong inline and saves nothing', async () => {
    await c.get('/configuration');
    const res = await c.form('/configuration/accounts', { bank: '', sales: 'ABCDEFGHIJKLMNOP' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('bank: Choose the bank account payments are recorded in');
    expect(res.body).toContain('sales: An account code has at most 10 characters');
    expect(await h.storage.settings.get('accounts')).toBeUndefined();
  });

  it('saves sync modes, tax and payment mappings from their forms', async () => {
    await c.get('/configuration');
    const sync = await c.form('/configuration/sync', {
      'customer.enabled': 'on', 'customer.mode': 'cron', 'customer.schedule': '0 * * * *',
      'product.mode': 'immediately', 'product.schedule': '*/5 * * * *',
      'order.enabled': 'on', 'order.mode': 'immediately', 'order.schedule': '*/5 * * * *',
      'invoice.enabled': 'on', 'invoice.mode': 'immediately', 'invoice.schedule': '*/5 * * * *',
      'creditmemo.enabled': 'on', 'creditmemo.mode': 'cron', 'creditmemo.schedule': '30 2 * * *',
    });
    expect(sync.statusCode).toBe(303);
    const stored = await h.storage.settings.get<Record<string, { enabled: boolean; mode: string }>>('sync');
    expect(stored?.['product']?.enabled).toBe(false);
    expect(stored?.['customer']?.mode).toBe('cron');

    await c.form('/configuration/taxMapping', {
      autoMap: 'on', 'rate.NZ GST': 'OUTPUT2', 'region.NZ.export': 'ZERORATED', 'region.NZ.exempt': '',
      'class.customer:5.domestic': 'exempt', 'class.product:0.export': 'export', 'class.product:2.domestic': '',
    });
    expect(await h.storage.settings.get('taxMapping')).toEqual({
      autoMap: true,
      rates: { 'NZ GST': 'OUTPUT2' },
      regions: { NZ: { export: 'ZERORATED' } },
      classes: { 'customer:5': { domestic: 'exempt' }, 'product:0': { export: 'export' } },
    });

    // A taxed Magento rate is never saved onto a 0 % Xero type, nor an untaxed line onto a taxed one.
    const refused = await c.form('/configuration/taxMapping', { autoMap: 'on', 'rate.NZ GST': 'NONE', 'region.NZ.zero_rated': 'OUTPUT2' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Magento rate &quot;NZ GST&quot; charges 15 %; &quot;No GST&quot; is 0 %');
    expect(refused.body).toContain('regions.NZ.zero_rated: &quot;GST on Income&quot; is 15 %');
    expect(((await h.storage.settings.get('taxMapping')) as { rates: unknown }).rates).toEqual({ 'NZ GST': 'OUTPUT2' });

    await c.form('/configuration/paymentMapping', { method: ['checkmo', 'stripe', 'paypal'], target: ['do_not_pay', '090', ''] });
    expect(await h.storage.settings.get('paymentMapping')).toEqual({ checkmo: 'do_not_pay', stripe: '090' });
  });
});

describe('actions from the pages', () => {
  it('syncs one record now and tells the outcome, or queues the selected ones', async () => {
    await c.get('/orders');
    const one = await c.form('/records/order/sync', { one: '77' });
    expect(one.headers.location).toBe('/orders');
    expect(await flash(one)).toBe('Order (Magento id 77) synced as INV-100.');
    // Named by its Magento number when the sync service knows it, never by the internal id.
    h.sync.recordResult = { status: 'skipped', number: '000000126', message: 'Payment method checkmo is set to do not pay.' };
    const skipped = await c.form('/records/order/sync', { one: '77' });
    expect(await flash(skipped)).toBe('Order 000000126 skipped: Payment method checkmo is set to do not pay.');
    h.sync.recordResult = { status: 'error', message: 'Organisation is not subscribed to currency EUR' };
    const failed = await c.form('/records/order/sync', { one: '77' });
    expect(await flash(failed)).toContain('currency EUR');

    await c.form('/records/customer/enqueue', { ids: ['1', '2'] });
    expect(h.sync.called('enqueue').at(-1)?.args).toEqual(['customer', { ids: ['1', '2'] }]);
    const none = await c.form('/records/customer/enqueue', {});
    expect(await flash(none)).toContain('Select at least one record');
  });

  it('runs the queue page actions', async () => {
    await h.storage.queue.enqueue([{ store_id: 1, entity_type: 'order', magento_id: '77' }]);
    const entry = (await h.storage.queue.list())[0]!;
    await c.get('/queue');
    await c.form('/queue/sync', { all: '1' });
    await c.form('/queue/sync', { ids: String(entry.id) });
    expect(h.sync.called('syncNow').map((x) => x.args[0])).toEqual([undefined, [entry.id]]);
    const removed = await c.form('/queue/remove', { ids: String(entry.id) });
    expect(await flash(removed)).toContain('1 entries removed');
    expect(await h.storage.queue.list()).toEqual([]);
  });

  it('queues everything, or one type, from the configuration page', async () => {
    await c.get('/configuration');
    await c.form('/enqueue', { entity: 'all' });
    await c.form('/enqueue', { entity: 'creditmemo' });
    expect(h.sync.called('enqueue').map((x) => x.args[0])).toEqual(['all', 'creditmemo']);
    const res = await c.form('/accounts/sync', {});
    expect(await flash(res)).toContain('Created 200');
  });

  it('tests the Magento connection', async () => {
    await c.get('/configuration');
    const res = await c.form('/magento/test', {});
    expect(await flash(res)).toContain('Connected to Main Website');
  });
});

describe('Xero connection', () => {
  it('starts the consent flow, and the callback connects the single organisation', async () => {
    await c.get('/configuration');
    const start = await c.form('/xero/connect', {});
    expect(start.statusCode).toBe(303);
    expect(start.headers.location).toBe('https://login.example.test/authorize?state=s1');
    expect(xero.log[0]).toEqual({ start: 'http://localhost:3000/oauth/callback' });

    const cb = await c.get('/oauth/callback?code=abc&state=s1');
    expect(await flash(cb)).toContain('Connected to Demo Company (NZ)');
    expect(xero.log).toContainEqual({ chooseTenant: 't-1' });

    const forged = await c.get('/oauth/callback?code=abc&state=forged');
    expect(await flash(forged)).toContain('state does not match');
  });

  it('disconnects an organisation', async () => {
    await c.get('/configuration');
    await c.form('/xero/disconnect', { tenantId: 't-1' });
    expect(xero.log).toContainEqual({ disconnect: 't-1' });
  });
});

describe('reconciliation', () => {
  it('says it is not available when no reconciler is wired', async () => {
    const res = await c.get('/reconciliation');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('not available in this process');
  });

  it('compares the chosen days and lists what differs, escaped', async () => {
    await h.close();
    const reconciler = fakeReconciler();
    h = await harness({ reconciler });
    c = new Client(h.app);
    await c.login();
    await c.get('/reconciliation');
    const run = await c.form('/reconciliation', { from: '2026-03-01', to: '2026-03-07' });
    expect(run.headers.location).toBe('/reconciliation');
    expect(reconciler.ranges).toEqual([{ from: '2026-03-01', to: '2026-03-07' }]);
    const res = await c.get('/reconciliation');
    expectEscaped(res.body);
    expect(res.body).toContain('missing in Xero');
    expect(res.body).toContain('Compared 2026-03-01 to 2026-03-07');
    expect(res.body).toMatch(/99\.99 \(1\)[\s\S]*badge bad/);
    // The same comparison for a spreadsheet: a row per day, a row per difference, formulas defused.
    expect(res.body).toContain('href="/reconciliation.csv"');
    const csv = await c.get('/reconciliation.csv', 'text/csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toMatch(/^row,day,currency,entity,magento_id,magento_number,problem/);
    expect(csv.body).toContain('difference,2026-03-07,NZD,creditmemo,7,000000007,missing-in-xero,10.00');
    expect(csv.body).toMatch(/\r\nday,2026-03-0\d,/);
    const api = await c.json('POST', '/api/reconciliation', { from: '2026-03-08', to: '2026-03-01' });
    expect(api.statusCode).toBe(400);
    const stored = await c.get('/api/reconciliation', 'application/json');
    expect(stored.json()).toMatchObject({ from: '2026-03-01', to: '2026-03-07', days: expect.any(Array) });
    expect(reconciler.ranges).toHaveLength(1);
  });
});

describe('errors and headers', () => {
  it('answers an unknown page with a 404 page and an unknown API path with JSON', async () => {
    const page = await c.get('/no-such-page');
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('There is no page at this address.');
    const api = await c.get('/api/no-such-thing', 'application/json');
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({ error: 'Not found' });
  });

  it('sends pages with a content security policy that forbids inline script and framing', async () => {
    const res = await c.get('/');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.body).not.toMatch(/<script>(?!alert)/);
  });
});

describe('health and metrics', () => {
  it('reports queue depth and today\'s API use in Prometheus text, per app instance', async () => {
    await h.storage.queue.enqueue([{ store_id: 1, entity_type: 'order', magento_id: '77' }]);
    await h.storage.apiUsage.record('t-1', Date.now(), { calls: 10, errors: 2, rateLimited: 1 });
    const res = await h.app.inject({ url: '/metrics' });
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('magento_xero_queue_entries{entity="order",state="pending"} 1');
    expect(res.body).toContain('magento_xero_xero_api_calls_today{tenant="t-1"} 10');
    expect(res.body).toContain('magento_xero_xero_api_rate_limited_today{tenant="t-1"} 1');
    expect(res.body).toContain('magento_xero_xero_daily_budget_remaining{tenant="t-1"} 4990');
    // A second app in the same process registers the same metric names without a clash.
    const other = await harness();
    expect((await other.app.inject({ url: '/metrics' })).statusCode).toBe(200);
    await other.close();
  });

  it('asks for the bearer token on /metrics when one is configured', async () => {
    const guarded = await harness({ metricsToken: 'scrape-secret' });
    expect((await guarded.app.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect((await guarded.app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    const ok = await guarded.app.inject({ url: '/metrics', headers: { authorization: 'Bearer scrape-secret' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('magento_xero_queue_entries');
    await guarded.close();
  });
});
