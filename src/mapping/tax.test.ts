import { describe, expect, it } from 'vitest';
import type { XeroTaxRate } from '../domain/xero.js';
import { magentoTaxRateAsApplied, storeRateFor, taxRateToCreate, type AppliedRate, type StoreTaxRate } from './tax.js';
import { decideTaxMapping, decideUntaxedType } from './tax-auto-map.js';
import { testSettings } from './test-support.js';

const xeroRates: XeroTaxRate[] = [
  { TaxType: 'OUTPUT', Name: 'Tax on Sales', EffectiveRate: 8.875, Status: 'ACTIVE', CanApplyToRevenue: true },
  { TaxType: 'INPUT', Name: 'Tax on Purchases', EffectiveRate: 8.875, Status: 'ACTIVE', CanApplyToRevenue: false },
  { TaxType: 'TAX002', Name: 'Old NY rate', EffectiveRate: 8.875, Status: 'ARCHIVED', CanApplyToRevenue: true },
  { TaxType: 'TAX003', Name: 'US-CA-*-Rate 1 sales', EffectiveRate: 7.25, Status: 'ACTIVE', CanApplyToRevenue: true },
  { TaxType: 'TAX004', Name: 'California', EffectiveRate: 7.25, Status: 'ACTIVE', CanApplyToRevenue: true },
  { TaxType: 'NONE', Name: 'Tax Exempt', EffectiveRate: 0, Status: 'ACTIVE', CanApplyToRevenue: true },
];

const gstPst: AppliedRate = {
  key: 'GST+PST',
  codes: ['GST', 'PST'],
  percent: 12,
  components: [{ code: 'GST', percent: 5 }, { code: 'PST', percent: 7 }],
};

const US = { region: 'US' as const, country: 'US' };
const magentoRates = [
  { code: 'US-NY-*-Rate 1', rate: 8.875, country: 'US', region: 'NY' },
  { code: 'US-CA-*-Rate 1', rate: 7.25, country: 'US', region: 'CA' },
  { code: 'FR TVA', rate: 20, country: 'FR' },
  { code: 'UK VAT', rate: 20, country: 'GB' },
  { code: 'GST', rate: 5, country: 'CA' },
  { code: 'PST', rate: 7, country: 'CA', region: 'BC' },
];

describe('automatic mapping of a taxed rate', () => {
  const rec = { entity: 'order', id: '1' };
  const auto = testSettings({ taxMapping: {}, magentoTaxRates: magentoRates });

  it('uses an existing rate only when its name names the rate or its region, never on the percentage alone (US)', () => {
    const ny: AppliedRate = { key: 'US-NY-*-Rate 1', codes: ['US-NY-*-Rate 1'], percent: 8.875, components: [{ code: 'US-NY-*-Rate 1', percent: 8.875 }] };
    const ca: AppliedRate = { key: 'US-CA-*-Rate 1', codes: ['US-CA-*-Rate 1'], percent: 7.25, components: [{ code: 'US-CA-*-Rate 1', percent: 7.25 }] };
    // "Tax on Sales" at 8.875 % says nothing about New York: a rate is created, without ReportTaxType (US).
    expect(decideTaxMapping(ny, auto, US, xeroRates, rec)).toEqual({
      kind: 'create',
      payload: { Name: 'Magento US-NY-*-Rate 1', TaxComponents: [{ Name: 'US-NY-*-Rate 1', Rate: 8.875, IsCompound: false }] },
    });
    expect(decideTaxMapping(ca, auto, US, xeroRates, rec)).toEqual({ kind: 'use_existing', taxType: 'TAX003' });
    // A rate created on an earlier run (same name) is reused, not duplicated.
    const again = [...xeroRates, { TaxType: 'TAX009', Name: 'Magento US-NY-*-Rate 1', EffectiveRate: 8.875, Status: 'ACTIVE', CanApplyToRevenue: true }];
    expect(decideTaxMapping(ny, auto, US, again, rec)).toEqual({ kind: 'use_existing', taxType: 'TAX009' });
  });

  it('creates a UK rate with ReportTaxType OUTPUT and reuses one of the same rate and report type', () => {
    const vat: AppliedRate = { key: 'UK VAT', codes: ['UK VAT'], percent: 20, components: [{ code: 'UK VAT', percent: 20 }] };
    const uk = { region: 'UK' as const, country: 'GB' };
    expect(decideTaxMapping(vat, auto, uk, [], rec)).toEqual({
      kind: 'create',
      payload: { Name: 'Magento UK VAT', TaxComponents: [{ Name: 'UK VAT', Rate: 20, IsCompound: false }], ReportTaxType: 'OUTPUT' },
    });
    const existing: XeroTaxRate[] = [
      { TaxType: 'ZERORATEDOUTPUT', Name: 'Zero Rated Income', EffectiveRate: 0, Status: 'ACTIVE', CanApplyToRevenue: true, ReportTaxType: 'OUTPUT' },
      { TaxType: 'OUTPUT2', Name: '20% (VAT on Income)', EffectiveRate: 20, Status: 'ACTIVE', CanApplyToRevenue: true, ReportTaxType: 'OUTPUT' },
    ];
    expect(decideTaxMapping(vat, auto, uk, existing, rec)).toEqual({ kind: 'use_existing', taxType: 'OUTPUT2' });
  });

  it('never maps another country\'s tax, and never without the rate\'s country', () => {
    const fr: AppliedRate = { key: 'FR TVA', codes: ['FR TVA'], percent: 20, components: [{ code: 'FR TVA', percent: 20 }] };
    const decision = decideTaxMapping(fr, auto, { region: 'UK', country: 'GB' }, [], rec);
    expect(decision.kind === 'error' && decision.error.message).toMatch(/"FR TVA" is FR tax and this Xero organisation files GB tax.*Map it by hand/);
    const unknown = decideTaxMapping({ ...fr, key: 'X', codes: ['X'], components: [{ code: 'X', percent: 20 }] }, auto, { region: 'UK', country: 'GB' }, [], rec);
    expect(unknown.kind).toBe('error');
  });

  it('keeps GST and PST as components named after Magento\'s rates', () => {
    const decision = decideTaxMapping(gstPst, auto, { region: 'CA', country: 'CA' }, xeroRates, rec);
    expect(decision).toEqual({
      kind: 'create',
      payload: { Name: 'Magento GST+PST', TaxComponents: [{ Name: 'GST', Rate: 5, IsCompound: false }, { Name: 'PST', Rate: 7, IsCompound: false }] },
    });
    expect(taxRateToCreate(magentoTaxRateAsApplied({ code: 'UK VAT', rate: 20, tax_country_id: 'GB' }), 'OUTPUT').TaxComponents).toEqual([
      { Name: 'UK VAT', Rate: 20, IsCompound: false },
    ]);
  });

  it('maps nothing automatically when the setting is off, and keeps what the merchant mapped', () => {
    expect(decideTaxMapping(gstPst, testSettings(), US, xeroRates, rec)).toEqual({ kind: 'mapped', taxType: 'GSTPST' });
    const off = decideTaxMapping(gstPst, testSettings({ taxMapping: {}, autoMapTaxRates: false }), US, xeroRates, rec);
    expect(off.kind === 'error' && off.error.message).toMatch(/"GST\+PST" \(12 %\)/);
  });
});

describe('untaxed types that need the organisation\'s rates', () => {
  const rec = { entity: 'order', id: '1' };
  it('picks GST Free Exports where the organisation has it, else GST Free Income', () => {
    const basic: XeroTaxRate[] = [{ TaxType: 'EXEMPTOUTPUT', Name: 'GST Free Income', EffectiveRate: 0, Status: 'ACTIVE', CanApplyToRevenue: true }];
    const au = { region: 'AU' as const, country: 'AU' };
    expect(decideUntaxedType(au, 'export', testSettings(), basic, rec)).toEqual({ kind: 'use_existing', taxType: 'EXEMPTOUTPUT' });
    const advanced = [...basic, { TaxType: 'EXEMPTEXPORT', Name: 'GST Free Exports', EffectiveRate: 0, Status: 'ACTIVE', CanApplyToRevenue: true }];
    expect(decideUntaxedType(au, 'export', testSettings(), advanced, rec)).toEqual({ kind: 'use_existing', taxType: 'EXEMPTEXPORT' });
  });

  it('creates Canada\'s zero-rated rate when there is none, without ReportTaxType', () => {
    const ca = { region: 'CA' as const, country: 'CA' };
    expect(decideUntaxedType(ca, 'export', testSettings(), xeroRates, rec)).toEqual({
      kind: 'create',
      payload: { Name: 'Zero-rated sales', TaxComponents: [{ Name: 'Zero-rated', Rate: 0, IsCompound: false }] },
    });
    const off = decideUntaxedType(ca, 'export', testSettings({ autoMapTaxRates: false }), xeroRates, rec);
    expect(off.kind === 'error' && off.error.message).toMatch(/Create a 0 % rate in Xero/);
  });
});

describe('the store\'s rate for a line whose order names none', () => {
  const rates: StoreTaxRate[] = [
    { code: 'PL VAT 23', rate: 23, country: 'PL' },
    { code: 'PL VAT 8', rate: 8, country: 'PL' },
    { code: 'US-NY-*-Rate 1', rate: 8.875, country: 'US', region: 'NY', regionId: 43 },
    { code: 'US-XX-*-Rate 1', rate: 8.875, country: 'US', region: 'XX', regionId: 99 },
    { code: 'CA-GST', rate: 5, country: 'CA' },
    { code: 'CA-BC-PST', rate: 7, country: 'CA', region: 'BC', regionId: 2 },
  ];
  it('finds the destination\'s rate with the line\'s percent', () => {
    expect(storeRateFor(23, { country: 'PL' }, rates)?.key).toBe('PL VAT 23');
    expect(storeRateFor(8.875, { country: 'US', regionId: 43 }, rates)?.key).toBe('US-NY-*-Rate 1');
    expect(storeRateFor(8.875, { country: 'US', regionCode: 'xx' }, rates)?.key).toBe('US-XX-*-Rate 1');
  });
  it('adds up rates applied together', () => {
    const both = storeRateFor(12, { country: 'CA', regionCode: 'BC' }, rates);
    expect(both?.key).toBe('CA-BC-PST+CA-GST');
    expect(both?.components).toEqual([{ code: 'CA-BC-PST', percent: 7 }, { code: 'CA-GST', percent: 5 }]);
  });
  it('names nothing when the percent, the country or the region does not single out a rate', () => {
    expect(storeRateFor(19, { country: 'PL' }, rates)).toBeUndefined();
    expect(storeRateFor(23, { country: 'DE' }, rates)).toBeUndefined();
    expect(storeRateFor(8.875, { country: 'US' }, rates)).toBeUndefined(); // two states, no region
    expect(storeRateFor(0, { country: 'PL' }, rates)).toBeUndefined();
    expect(storeRateFor(23, undefined, rates)).toBeUndefined();
  });
});

describe('rates an order needs', () => {
  it('lists each combined rate once, including shipping', async () => {
    const { buildOrder } = await import('./testing/magento-model.js');
    const { requiredTaxRates } = await import('./invoice-lines.js');
    const order = buildOrder({
      incrementId: '1', storeId: 1, pricesIncludeTax: false, rate: 'gstpst',
      items: [{ sku: 'A', name: 'A', qty: 1, unitCents: 1000, discountPercent: 0 }, { sku: 'B', name: 'B', qty: 2, unitCents: 500, discountPercent: 0 }],
      shippingCents: 700, shippingDiscountPercent: 0, currency: 'CAD', baseToOrderRate: 1, guest: false, state: 'new', createdAt: '2024-01-01 00:00:00',
    });
    expect(requiredTaxRates(order, testSettings()).map((r) => [r.key, r.percent])).toEqual([['GST+PST', 12]]);
  });
});

describe('rates Magento applies together', () => {
  const orderWith = (applied: object[]) =>
    ({
      increment_id: '1', entity_id: 1, customer_email: 'a@b.co', grand_total: 0, created_at: '2024-01-01 00:00:00',
      items: [{ item_id: 1, sku: 'A', tax_percent: 12, tax_amount: 1.2 }],
      extension_attributes: { item_applied_taxes: [{ type: 'product', item_id: 1, applied_taxes: applied }] },
    }) as unknown as import('../domain/magento.js').MagentoOrder;

  it('same priority: one group, summed, components not compound', async () => {
    const { appliedRateFor } = await import('./tax.js');
    const order = orderWith([{ code: 'GST-PST', percent: 12, amount: 1.2, extension_attributes: { rates: [{ code: 'GST', percent: 5 }, { code: 'PST', percent: 7 }] } }]);
    const rate = appliedRateFor(order, { type: 'product', item: order.items[0]! });
    expect(rate?.key).toBe('GST-PST');
    expect(taxRateToCreate(rate!).TaxComponents.map((c) => c.IsCompound)).toEqual([false, false]);
  });

  it('different priorities: later groups compound', async () => {
    const { appliedRateFor } = await import('./tax.js');
    const order = orderWith([{ code: 'GST', percent: 5, amount: 0.5 }, { code: 'QST', percent: 9.975, amount: 1.05 }]);
    const rate = appliedRateFor(order, { type: 'product', item: { ...order.items[0]!, tax_percent: 15.47 } });
    expect(rate?.key).toBe('GST+QST');
    expect(rate?.percent).toBe(15.47);
    expect(taxRateToCreate(rate!).TaxComponents).toEqual([
      { Name: 'GST', Rate: 5, IsCompound: false },
      { Name: 'QST', Rate: 9.975, IsCompound: true },
    ]);
  });
});
