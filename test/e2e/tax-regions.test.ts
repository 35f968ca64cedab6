// Tax end to end, against an organisation of each Xero region (US, UK, AU, NZ, CA): real Magento order variants (see
// test/support/tax-orders.ts) through the built CLI; each line must land on the tax type the region files it under, and
// every rate the connector creates must carry the ReportTaxType Xero requires there. (Every stack's close also checks
// that no untaxed line of any document sits on a taxed rate: test/support/tax-audit.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcilerFor } from '../../src/runtime/reconciler.js';
import { loadMagento } from '../resilience/support.js';
import { runCli } from '../support/cli.js';
import { startStack, type Stack } from '../support/stack.js';
import { taxCustomers, taxOrders, taxProducts, type TaxCountry, type TaxOrders } from '../support/tax-orders.js';
import { xeroRequests, xeroState } from '../support/xero-state.js';

type Doc = Record<string, any>;
/** A Xero rate the line should be on: one of the organisation's own by code, or one the connector created, by name. */
type Want = { type: string } | { created: string; report: string };

interface RegionCase {
  country: TaxCountry;
  /** Magento's tax rates of the store (code, percent, country, region). */
  magentoRates: Array<{ code: string; rate: number; region?: string; regionId?: number }>;
  taxed: Want;
  missing: Want;
  zero: Want;
  exempt: Want;
  export: Want;
  /** What the item of an untaxed (class None) product carries; undefined: no TaxType (Xero uses the account's). */
  untaxedItem: string | undefined;
  /** Set up by hand in the organisation before syncing. */
  prepare?: (edit: (method: string, path: string, body?: unknown) => Promise<unknown>) => Promise<void>;
}

const CASES: RegionCase[] = [
  {
    country: { region: 'US', currency: 'USD', country: 'US', timezone: 'America/New_York', regionCode: 'NY', regionId: 43, rate: { code: 'US-NY-*-Rate 1', percent: 8.875 }, missing: { code: 'US-MI-*-Rate 1', percent: 6, regionCode: 'MI', regionId: 33 } },
    magentoRates: [{ code: 'US-NY-*-Rate 1', rate: 8.875, region: 'NY', regionId: 43 }, { code: 'US-MI-*-Rate 1', rate: 6, region: 'MI', regionId: 33 }],
    // "New York City Sales Tax" (8.875 %) does not name the Magento rate or NY: never mapped on the percentage alone.
    taxed: { created: 'Magento US-NY-*-Rate 1', report: 'USSALESTAX' },
    missing: { created: 'Magento US-MI-*-Rate 1', report: 'USSALESTAX' },
    zero: { type: 'NONE' },
    exempt: { type: 'NONE' },
    export: { type: 'NONE' },
    untaxedItem: 'NONE',
  },
  {
    // The 12.5 % reduced rate the UK applied to hospitality in 2021-22: a rate the organisation has no Xero rate for.
    country: { region: 'UK', currency: 'GBP', country: 'GB', timezone: 'Europe/London', rate: { code: 'UK VAT 20', percent: 20 }, missing: { code: 'UK VAT 12.5', percent: 12.5 } },
    magentoRates: [{ code: 'UK VAT 20', rate: 20 }, { code: 'UK VAT 12.5', rate: 12.5 }],
    taxed: { type: 'OUTPUT2' },
    missing: { created: 'Magento UK VAT 12.5', report: 'OUTPUT' },
    zero: { type: 'ZERORATEDOUTPUT' },
    exempt: { type: 'EXEMPTOUTPUT' },
    export: { type: 'ZERORATEDOUTPUT' },
    untaxedItem: 'ZERORATEDOUTPUT',
  },
  {
    // An organisation that archived Xero's "GST on Income": the store's 10 % has no Xero rate and one is created.
    country: { region: 'AU', currency: 'AUD', country: 'AU', timezone: 'Australia/Sydney', regionCode: 'NSW', regionId: 570, rate: { code: 'AU GST 10', percent: 10 } },
    magentoRates: [{ code: 'AU GST 10', rate: 10 }],
    taxed: { created: 'Magento AU GST 10', report: 'OUTPUT' },
    missing: { created: 'Magento AU GST 10', report: 'OUTPUT' },
    zero: { type: 'EXEMPTOUTPUT' },
    exempt: { type: 'EXEMPTOUTPUT' },
    export: { type: 'EXEMPTEXPORT' },
    untaxedItem: 'EXEMPTOUTPUT',
    prepare: async (edit) => void (await edit('POST', '/TaxRates', { TaxRates: [{ TaxType: 'OUTPUT', Status: 'ARCHIVED' }] })),
  },
  {
    // An order from before 1 October 2010, when New Zealand's GST was 12.5 %.
    country: { region: 'NZ', currency: 'NZD', country: 'NZ', timezone: 'Pacific/Auckland', rate: { code: 'NZ GST 15', percent: 15 }, missing: { code: 'NZ GST 12.5', percent: 12.5, date: '2010-09-20 02:00:00' } },
    magentoRates: [{ code: 'NZ GST 15', rate: 15 }, { code: 'NZ GST 12.5', rate: 12.5 }],
    taxed: { type: 'OUTPUT2' },
    missing: { created: 'Magento NZ GST 12.5', report: 'OUTPUT' },
    zero: { type: 'ZERORATED' },
    exempt: { type: 'NONE' },
    export: { type: 'ZERORATED' },
    untaxedItem: 'ZERORATED',
  },
  {
    // Nova Scotia's HST went from 15 % to 14 % on 1 April 2025; Xero's default Canadian rates still say 15 %.
    country: { region: 'CA', currency: 'CAD', country: 'CA', timezone: 'America/Toronto', regionCode: 'ON', regionId: 74, rate: { code: 'CA-ON-HST', percent: 13 }, missing: { code: 'CA-NS-HST', percent: 14, regionCode: 'NS', regionId: 71 } },
    magentoRates: [{ code: 'CA-ON-HST', rate: 13, region: 'ON', regionId: 74 }, { code: 'CA-NS-HST', rate: 14, region: 'NS', regionId: 71 }],
    taxed: { type: 'ON - HST on Sales' },
    missing: { created: 'Magento CA-NS-HST', report: 'OUTPUT' },
    // Xero: add a zero-rated rate for sales outside Canada, "rather than a tax-exempt tax rate".
    zero: { created: 'Zero-rated sales', report: 'OUTPUT' },
    exempt: { type: 'NONE' },
    export: { created: 'Zero-rated sales', report: 'OUTPUT' },
    untaxedItem: undefined,
  },
];

const auth = (stack: Stack) => `Basic ${Buffer.from(`${stack.env['XERO_CLIENT_ID']}:${stack.env['XERO_CLIENT_SECRET']}`).toString('base64')}`;

describe.each(CASES)('taxes in a $country.region organisation', (c) => {
  let stack: Stack;
  let orders: TaxOrders;
  let org: Doc;

  beforeAll(async () => {
    stack = await startStack({
      magento: { empty: true },
      xero: { tenants: [{ name: `Tax Shop (${c.country.region})`, region: c.country.region }], limits: { perMinute: 100_000, perDay: 1_000_000, concurrent: 50 } },
    });
    orders = taxOrders(c.country);
    // The store's own tax rates only: the empty store's generated ones go.
    for (const r of stack.magento.app.magento.context.store.taxRates.all()) {
      const res = await fetch(`${stack.magento.url}/__emulator/entities/taxRates/${String(r['id'])}`, { method: 'DELETE', headers: { authorization: `Bearer ${stack.env['MAGENTO_ACCESS_TOKEN']}` } });
      expect(res.ok).toBe(true);
    }
    await loadMagento(stack, {
      storeConfigs: [{ id: 1, code: 'default', website_id: 1, locale: 'en_US', base_currency_code: c.country.currency, default_display_currency_code: c.country.currency, timezone: c.country.timezone }],
      taxRates: c.magentoRates.map((r, i) => ({ id: 101 + i, code: r.code, rate: r.rate, tax_country_id: c.country.country, tax_region_id: r.regionId ?? 0, region_name: r.region ?? '*', tax_postcode: '*', titles: [] })),
      taxClasses: [{ class_id: 5, class_name: 'Tax Exempt', class_type: 'CUSTOMER' }],
      customerGroups: [{ id: 4, code: 'Charities', tax_class_id: 5, tax_class_name: 'Tax Exempt' }],
      products: taxProducts(),
      customers: taxCustomers(orders.orders),
      orders: orders.orders,
    });
    // The organisation is set up by hand before it is connected: the connection reads its tax rates.
    if (c.prepare) {
      const tenantId = (await xeroState(stack.xero.url)).organisations[0]!['tenantId'];
      await c.prepare(async (method, path, body) => {
        const res = await fetch(`${stack.xero.url}/__emulator/tenants/${tenantId}/edit`, {
          method: 'POST',
          headers: { authorization: auth(stack), 'content-type': 'application/json' },
          body: JSON.stringify({ method, path, ...(body ? { body } : {}) }),
        });
        if (!res.ok) throw new Error(`edit ${path}: HTTP ${res.status} ${await res.text()}`);
        return res.json();
      });
    }
    await stack.connectXero({ mapOtherCountriesTaxes: false });
    const run = await runCli(['sync', '--all', '--json'], { ...stack.env, XERO_LIMITS: 'unlimited' }, { timeoutMs: 240_000 });
    expect(run.code, run.stdout.slice(-3000) + run.stderr.slice(-2000)).toBe(0);
    org = (await xeroState(stack.xero.url)).organisations[0]!;
  }, 300_000);
  afterAll(() => stack?.close());

  const rate = (taxType: string): Doc | undefined => (org['TaxRates'] as Doc[]).find((r) => r['TaxType'] === taxType);
  const invoice = (number: string): Doc => {
    const found = (org['Invoices'] as Doc[]).find((i) => i['InvoiceNumber'] === number && i['Status'] !== 'DELETED');
    if (!found) throw new Error(`invoice ${number} is not in Xero`);
    return found;
  };
  /** What a line's TaxType is, told the way the case wants it: a code, or "created: <name>". */
  const describe_ = (taxType: string, want: Want): string => {
    if ('type' in want && want.type.includes(' ')) return rate(taxType)?.['Name'] ?? taxType; // a Canadian default, by name
    if ('type' in want) return taxType;
    const r = rate(taxType);
    return `created: ${r?.['Name']} (${r?.['ReportTaxType']})`;
  };
  const label = (want: Want) => ('type' in want ? want.type : `created: ${want.created} (${want.report})`);
  const lines = (number: string) => (invoice(number)['LineItems'] as Doc[]).map((l) => ({ d: String(l['Description']), t: String(l['TaxType']), tax: Number(l['TaxAmount']) }));

  it('files the taxed line at its rate, and the zero-rated product and untaxed shipping of the same order as zero-rated', () => {
    const [hoodie, dress, shipping] = lines(orders.numbers.taxed);
    expect(hoodie!.d).toMatch(/^Abominable Hoodie/);
    expect(hoodie!.tax).toBeGreaterThan(0);
    expect(describe_(hoodie!.t, c.taxed)).toBe(label(c.taxed));
    expect(dress!.d).toBe('Racer Back Maxi Dress');
    expect(describe_(dress!.t, c.zero)).toBe(label(c.zero));
    expect(shipping!.d).toMatch(/^Shipping/);
    expect(describe_(shipping!.t, c.zero)).toBe(label(c.zero));
  });

  it('files every line of a tax-exempt customer group as exempt', () => {
    const all = lines(orders.numbers.exempt);
    expect(all.length).toBeGreaterThan(3);
    for (const l of all) expect(describe_(l.t, c.exempt), l.d).toBe(label(c.exempt));
  });

  it('files an untaxed downloadable product (and its order) as zero-rated at home, and an export as an export', () => {
    const download = lines(orders.numbers.download);
    expect(download.some((l) => l.d === 'Advanced Pilates & Yoga (Strength)')).toBe(true);
    for (const l of download) expect(describe_(l.t, c.zero), l.d).toBe(label(c.zero));
    for (const l of lines(orders.numbers.export)) expect(describe_(l.t, c.export), l.d).toBe(label(c.export));
    // Untaxed documents stay tax exclusive, never "No Tax" (BAS Excluded in Australia), unless No Tax files them alike.
    const mode = invoice(orders.numbers.export)['LineAmountTypes'];
    expect(mode).toBe(c.country.region === 'US' ? 'NoTax' : 'Exclusive');
  });

  it('names the rate of an order without applied taxes from the store\'s rates, and creates the rate Xero lacks', () => {
    const [tee, shipping] = lines(orders.numbers.noapplied);
    expect(tee!.tax).toBeGreaterThan(0);
    expect(describe_(tee!.t, c.taxed)).toBe(label(c.taxed));
    expect(describe_(shipping!.t, c.zero)).toBe(label(c.zero));
    const [missing] = lines(orders.numbers.missing);
    expect(describe_(missing!.t, c.missing)).toBe(label(c.missing));
  });

  it('creates every rate with the ReportTaxType the region requires, each once, and none Xero refused', async () => {
    const created = (org['TaxRates'] as Doc[]).filter((r) => /^TAX\d+$/.test(r['TaxType']) && (String(r['Name']).startsWith('Magento ') || r['Name'] === 'Zero-rated sales'));
    const wanted = new Map<string, string>();
    for (const w of [c.taxed, c.missing, c.zero, c.exempt, c.export]) if ('created' in w) wanted.set(w.created, w.report);
    expect(Object.fromEntries(created.map((r) => [r['Name'], r['ReportTaxType']]))).toEqual(Object.fromEntries(wanted));
    // Components named after Magento's rates.
    for (const r of created.filter((x) => String(x['Name']).startsWith('Magento '))) {
      expect((r['TaxComponents'] as Doc[]).map((x) => x['Name'])).toEqual([String(r['Name']).slice('Magento '.length)]);
    }
    const refused = (await xeroRequests(stack.xero.url)).filter((r) => r['path'] === '/api.xro/2.0/TaxRates' && r['method'] === 'PUT' && r['status'] !== 200);
    expect(refused).toEqual([]);
  });

  it('reconciles with no difference: per day and tax rate, the tax Magento charged is what Xero holds', async () => {
    const runtime = await stack.runtime();
    try {
      const result = await reconcilerFor(runtime).reconcile({ from: '2000-01-01', to: '2099-12-31' }, { full: true });
      expect(result.issues).toEqual([]);
      expect(result.taxes.some((t) => Number(t.magentoTax) > 0)).toBe(true);
      expect(result.taxes.filter((t) => t.differs)).toEqual([]);
      // The exempt group's lines are expected on the exempt type, as the sync posted them.
      const exemptDay = String(invoice(orders.numbers.exempt)['DateString']).slice(0, 10);
      expect(result.taxes.filter((t) => t.day === exemptDay).map((t) => t.taxType)).toContain(invoice(orders.numbers.exempt)['LineItems'][0]['TaxType']);
    } finally {
      await runtime.close();
    }
  });

  it('gives the untaxed product\'s item a 0 % type that exists in the organisation', () => {
    const item = (org['Items'] as Doc[]).find((i) => i['Code'] === 'RACER');
    expect(item).toBeDefined();
    expect(item!['SalesDetails']?.['TaxType']).toBe(c.untaxedItem);
    if (c.untaxedItem) expect(rate(c.untaxedItem)?.['EffectiveRate']).toBe(0);
  });
});
