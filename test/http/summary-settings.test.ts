// Configuration for issue 19 as a merchant sets it: per store, from which day on it posts one invoice per order, per
// Magento invoice or a daily summary (and the summaries' contact); the closing hour and gateway clearing accounts; and
// which "do not pay" methods bring their Xero payments back to Magento. Through the page's forms and the admin API.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readStores, saveStores } from '../../src/settings/stores.js';
import { Client, harness, HOSTILE, type Harness } from './support.js';

let h: Harness;
let c: Client;

beforeEach(async () => {
  h = await harness();
  await saveStores(h.storage.settings, {
    '0': { code: 'admin', timezone: 'Pacific/Auckland', baseCurrency: 'NZD' },
    '1': { code: 'default', name: 'Main', timezone: 'Pacific/Auckland', baseCurrency: 'NZD' },
    '2': { code: 'wholesale', name: HOSTILE, timezone: 'Pacific/Auckland', baseCurrency: 'NZD', postingPeriods: [{ from: '2026-01-01', mode: 'summary' }] },
  });
  await h.storage.settings.set('paymentMapping', { checkmo: 'do_not_pay', banktransfer: 'do_not_pay', braintree: '611', paypal_express: '612' });
  c = new Client(h.app);
  await c.login();
});
afterEach(async () => h.close());

describe('posting per store: daily summaries from a chosen day', () => {
  it('shows each store (not the admin store) with its periods, and saves new ones in day order', async () => {
    const page = await c.get('/configuration');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="summaries"');
    expect(page.body).toContain('name="period.2.from" type="date" value="2026-01-01"');
    expect(page.body).toContain('name="period.1.from"');
    expect(page.body).not.toContain('name="period.0.from"');
    expect(page.body).not.toContain('<script>alert');

    const res = await c.form('/configuration/stores', {
      store: ['1', '2'],
      'period.1.from': ['2026-03-01', '2026-02-01', ''],
      'period.1.mode': ['orders', 'summary', 'summary'],
      'contact.1': '  Web shop daily sales ',
      'period.2.from': ['2026-01-01', ''],
      'period.2.mode': ['summary', 'summary'],
      'contact.2': '',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/configuration#summaries');
    const stores = await readStores(h.storage.settings);
    expect(stores['1']?.postingPeriods).toEqual([
      { from: '2026-02-01', mode: 'summary' },
      { from: '2026-03-01', mode: 'orders' },
    ]);
    expect(stores['1']?.summaryContactName).toBe('Web shop daily sales');
    expect(stores['1']?.timezone).toBe('Pacific/Auckland');
    expect(stores['2']?.postingPeriods).toEqual([{ from: '2026-01-01', mode: 'summary' }]);
    expect(stores['0']?.postingPeriods).toBeUndefined();

    // Every day of a store cleared: back to the posting setting.
    await c.get('/configuration');
    await c.form('/configuration/stores', { store: '2', 'period.2.from': ['', ''], 'period.2.mode': ['summary', 'summary'] });
    expect((await readStores(h.storage.settings))['2']?.postingPeriods).toBeUndefined();
  });

  it('refuses two periods on one day, a day that is not real and an unknown mode, naming the store and field, saving nothing', async () => {
    await c.get('/configuration');
    const res = await c.form('/configuration/stores', {
      store: ['1', '2'],
      'period.1.from': ['2026-02-01', '2026-02-01'],
      'period.1.mode': ['summary', 'orders'],
      'period.2.from': ['2026-02-30'],
      'period.2.mode': ['weekly'],
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Store default (1), postingPeriods: Posting periods start on different days, in order');
    expect(res.body).toContain('Store wholesale (2), postingPeriods.0.from: Not a real day');
    expect(res.body).toContain('Store wholesale (2), postingPeriods.0.mode: A store posts &quot;orders&quot;, &quot;invoices&quot; or a daily &quot;summary&quot;');
    const stores = await readStores(h.storage.settings);
    expect(stores['1']?.postingPeriods).toBeUndefined();
    expect(stores['2']?.postingPeriods).toEqual([{ from: '2026-01-01', mode: 'summary' }]);
  });

  it('the admin API reads the stores and sets one store\'s posting', async () => {
    await c.get('/configuration');
    const listed = await c.request({ method: 'GET', url: '/api/stores', headers: { accept: 'application/json' } });
    expect(Object.keys(listed.json() as object)).toEqual(['0', '1', '2']);
    const ok = await c.json('PUT', '/api/stores/1', { postingPeriods: [{ from: '2026-04-01', mode: 'invoices' }, { from: '2026-01-15', mode: 'summary' }], summaryContactName: 'Daily' });
    expect(ok.statusCode).toBe(200);
    expect((ok.json() as Record<string, { postingPeriods: unknown }>)['1']?.postingPeriods).toEqual([
      { from: '2026-01-15', mode: 'summary' },
      { from: '2026-04-01', mode: 'invoices' },
    ]);
    const unknown = await c.json('PUT', '/api/stores/9', { postingPeriods: [] });
    expect(unknown.statusCode).toBe(400);
    expect((unknown.json() as { issues: string[] }).issues[0]).toMatch(/^Store 9: no such store \(the stores are 0 admin, 1 default, 2 wholesale\)/);
    const bad = await c.json('PUT', '/api/stores/1', { postingPeriods: 'summary' });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { issues: string[] }).issues).toEqual([expect.stringMatching(/^Store default \(1\), postingPeriods: /)]);
    expect((await readStores(h.storage.settings))['1']?.summaryContactName).toBe('Daily');
  });
});

describe('daily summary options and payments from Xero', () => {
  it('saves the closing hour and the ticked clearing accounts, offering the accounts payment methods pay into', async () => {
    const page = await c.get('/configuration');
    expect(page.body).toContain('name="clearing" value="611"');
    expect(page.body).toContain('name="clearing" value="612"');
    expect(page.body).not.toContain('name="clearing" value="do_not_pay"');
    const res = await c.form('/configuration/summary', { closeHour: '4', clearing: ['611', '612'] });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/configuration#summaries');
    expect(await h.storage.settings.get('summary')).toEqual({ closeHour: 4, clearingAccounts: ['611', '612'] });
    expect((await c.get('/configuration')).body).toContain('name="clearing" value="611" checked');

    const refused = await c.form('/configuration/summary', { closeHour: '24' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('closeHour: The closing hour is from 0 to 23');
    expect(await h.storage.settings.get('summary')).toEqual({ closeHour: 4, clearingAccounts: ['611', '612'] });
  });

  it('turns payment import on per "do not pay" method, and says when a ticked method is not "do not pay"', async () => {
    const page = await c.get('/configuration');
    expect(page.body).toContain('name="importMethod" value="banktransfer"');
    expect(page.body).toContain('name="importMethod" value="checkmo"');
    expect(page.body).not.toContain('name="importMethod" value="braintree"');
    const res = await c.form('/configuration/paymentImport', { importMethod: 'banktransfer', pollMinutes: '10' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/configuration#payments-from-xero');
    expect(await h.storage.settings.get('paymentImport')).toEqual({ methods: ['banktransfer'], pollMinutes: 10 });
    expect((await c.get('/configuration')).body).toContain('name="importMethod" value="banktransfer" checked');

    await h.storage.settings.set('paymentMapping', { checkmo: 'do_not_pay', banktransfer: '090' });
    expect((await c.get('/configuration')).body).toContain('<strong>not set to "Do not pay": nothing is brought back until it is</strong>');

    const refused = await c.form('/configuration/paymentImport', { importMethod: 'checkmo', pollMinutes: '0' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('pollMinutes: Poll at most once a minute');
  });
});
