import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type AllSettings, type Stores } from '../settings/schemas.js';
import type { Storage } from '../storage/storage.js';
import type { XeroAccounting } from '../xero/accounting.js';
import { storesCheck } from './store-settings.js';

type Category = { TrackingCategoryID: string; Name: string; Status: string; Options: Array<{ TrackingOptionID: string; Name: string; Status: string }> };

/** The three TrackingCategories calls the check makes, over a list it keeps (Xero's behaviour: reference/xero OpenAPI). */
function fakeXero(categories: Category[]) {
  const calls: string[] = [];
  const api = {
    async getTrackingCategories() {
      calls.push('GET');
      return structuredClone(categories);
    },
    async createTrackingCategory(payload: { Name: string }) {
      calls.push(`PUT category ${payload.Name}`);
      const c = { TrackingCategoryID: `c${categories.length + 1}`, Name: payload.Name, Status: 'ACTIVE', Options: [] };
      categories.push(c);
      return structuredClone(c);
    },
    async createTrackingOption(id: string, payload: { Name: string }) {
      calls.push(`PUT option ${payload.Name}`);
      const o = { TrackingOptionID: `o-${payload.Name}`, Name: payload.Name, Status: 'ACTIVE' };
      categories.find((c) => c.TrackingCategoryID === id)!.Options.push(o);
      return o;
    },
  };
  return { api: api as unknown as XeroAccounting, calls, categories };
}

const store = (code: string, extra: Record<string, unknown> = {}) => ({ code, name: code, timezone: 'UTC', baseCurrency: 'USD', ...extra });
const current = (stores: Stores): AllSettings => ({ accounts: undefined, ...DEFAULT_SETTINGS, stores });
const ORGS = [
  { tenantId: 't-1', name: 'Americas', status: 'connected' },
  { tenantId: 't-2', name: 'Europe', status: 'connected' },
];

function deps(posted: Record<number, Array<{ tenant_id: string; xero_kind: string; n: number; sample: string | null }>>, xero: XeroAccounting) {
  return {
    storage: { entityMap: { postedForStore: async (id: number) => posted[id] ?? [] } } as unknown as Storage,
    defaultTenant: async () => 't-1',
    organisations: async () => ORGS,
    xero: () => xero,
  };
}

describe('the stores check', () => {
  it('refuses an organisation that is not connected, naming the store', async () => {
    const check = storesCheck(deps({}, fakeXero([]).api));
    const problems = await check('stores', { '2': store('uk', { tenantId: 't-9' }) }, current({ '2': store('uk') }), {});
    expect(problems).toEqual([
      '2.tenantId: store 2 "uk" names organisation t-9, which is not connected: connect it first (Configuration → Connect Xero), or choose a connected organisation or "not synced"',
    ]);
  });

  it('refuses a new organisation or prefix once documents are posted, unless for new documents only', async () => {
    const posted = { 2: [{ tenant_id: 't-1', xero_kind: 'invoice', n: 3, sample: 'INV-2000000003' }, { tenant_id: 't-1', xero_kind: 'creditnote', n: 1, sample: 'CN-2000000001' }] };
    const check = storesCheck(deps(posted, fakeXero([]).api));
    const before = current({ '2': store('uk'), '3': store('de') });
    const next = { '2': store('uk', { tenantId: 't-2' }), '3': store('de', { tenantId: 't-2' }) };
    const refused = await check('stores', next, before, {});
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(/^2\.tenantId: store 2 "uk" already has 3 invoices and 1 credit note in Xero organisation "Americas" \(e\.g\. INV-2000000003\), posted under its present organisation and prefixes; changing tenantId was refused\./);
    expect(await check('stores', next, before, { newDocumentsOnly: true })).toEqual([]);
    // The same routing spelled out (the default organisation named) is no change.
    expect(await check('stores', { '2': store('uk', { tenantId: 't-1' }) }, before, {})).toEqual([]);
    // A prefix is a change too; the global prefix a store falls back to counts as its prefix.
    expect((await check('stores', { '2': store('uk', { invoicePrefix: 'UK-' }) }, before, {}))[0]).toMatch(/^2\.invoicePrefix: /);
  });

  it('creates a missing tracking category and option, reuses an active one, and creates nothing when something is refused', async () => {
    const xero = fakeXero([{ TrackingCategoryID: 'c1', Name: 'Region', Status: 'ACTIVE', Options: [{ TrackingOptionID: 'o1', Name: 'North', Status: 'ACTIVE' }] }]);
    const check = storesCheck(deps({}, xero.api));
    const stores = {
      '1': store('us', { tracking: { name: 'region', option: 'North' } }),
      '2': store('uk', { tracking: { name: 'Store', option: 'UK' } }),
      '3': store('de', { tracking: { name: 'Store', option: 'Germany' } }),
    };
    expect(await check('stores', stores, current({}), {})).toEqual([]);
    expect(xero.calls).toEqual(['GET', 'PUT category Store', 'PUT option UK', 'PUT option Germany']);
    expect(xero.categories.map((c) => [c.Name, c.Options.map((o) => o.Name)])).toEqual([['Region', ['North']], ['Store', ['UK', 'Germany']]]);

    // Checked again on the next save: nothing is created twice.
    xero.calls.length = 0;
    expect(await check('stores', stores, current({}), {})).toEqual([]);
    expect(xero.calls).toEqual(['GET']);

    // A refused routing change: Xero is not touched.
    xero.calls.length = 0;
    const guarded = storesCheck(deps({ 2: [{ tenant_id: 't-1', xero_kind: 'invoice', n: 1, sample: 'X' }] }, xero.api));
    expect(await guarded('stores', { '2': store('uk', { tenantId: 't-2', tracking: { name: 'Channel', option: 'Web' } }) }, current({ '2': store('uk') }), {})).toHaveLength(1);
    expect(xero.calls).toEqual([]);
  });

  it('refuses a third active category, and an archived category or option, naming the store and the field', async () => {
    const xero = fakeXero([
      { TrackingCategoryID: 'c1', Name: 'Region', Status: 'ACTIVE', Options: [] },
      { TrackingCategoryID: 'c2', Name: 'Channel', Status: 'ACTIVE', Options: [{ TrackingOptionID: 'o1', Name: 'Old', Status: 'ARCHIVED' }] },
      { TrackingCategoryID: 'c3', Name: 'Legacy', Status: 'ARCHIVED', Options: [] },
    ]);
    const check = storesCheck(deps({}, xero.api));
    const problems = await check(
      'stores',
      {
        '1': store('us', { tracking: { name: 'Store', option: 'US' } }),
        '2': store('uk', { tracking: { name: 'Legacy', option: 'UK' } }),
        '3': store('de', { tracking: { name: 'Channel', option: 'old' } }),
      },
      current({}),
      {},
    );
    expect(problems).toEqual([
      '1.tracking.name: store 1 "us": "Americas" has 2 active tracking categories ("Region", "Channel") and Xero allows 2: use one of them, or archive one in Xero, then save again',
      '2.tracking.name: store 2 "uk": the tracking category "Legacy" is archived in "Americas": restore it in Xero (its tracking categories) or choose another',
      '3.tracking.option: store 3 "de": the option "old" of tracking category "Channel" is archived in "Americas": restore it in Xero or choose another',
    ]);
    expect(xero.calls).toEqual(['GET']);
  });
});
