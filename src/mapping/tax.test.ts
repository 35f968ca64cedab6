import { describe, expect, it } from 'vitest';
import type { XeroTaxRate } from '../domain/xero.js';
import { decideTaxMapping, magentoTaxRateAsApplied, suggestTaxType, taxRateToCreate, type AppliedRate } from './tax.js';
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

describe('tax mapping', () => {
  it('suggests an active revenue rate with the same effective rate', () => {
    expect(suggestTaxType({ code: 'US-NY-*-Rate 1', percent: 8.875 }, xeroRates)).toBe('OUTPUT');
    expect(suggestTaxType({ code: 'US-CA-*-Rate 1', percent: 7.25 }, xeroRates)).toBe('TAX003'); // name mentions the code
    expect(suggestTaxType({ code: 'X', percent: 19 }, xeroRates)).toBeUndefined();
  });

  it('creates a rate named after the Magento code with its components', () => {
    expect(taxRateToCreate(gstPst)).toEqual({
      Name: 'Magento GST+PST',
      TaxComponents: [
        { Name: 'GST', Rate: 5, IsCompound: false },
        { Name: 'PST', Rate: 7, IsCompound: false },
      ],
    });
    expect(taxRateToCreate(magentoTaxRateAsApplied({ code: 'UK VAT', rate: 20, tax_country_id: 'GB' })).TaxComponents).toEqual([
      { Name: 'UK VAT', Rate: 20, IsCompound: false },
    ]);
  });

  it('maps automatically when allowed, else names the rate', () => {
    const settings = testSettings({ taxMapping: {} });
    const rec = { entity: 'order', id: '1' };
    expect(decideTaxMapping(gstPst, settings, xeroRates, rec)).toMatchObject({ kind: 'create' });
    expect(decideTaxMapping({ ...gstPst, key: 'NY', codes: ['NY'], percent: 8.875 }, settings, xeroRates, rec)).toEqual({ kind: 'use_existing', taxType: 'OUTPUT' });
    expect(decideTaxMapping(gstPst, testSettings(), xeroRates, rec)).toEqual({ kind: 'mapped', taxType: 'GSTPST' });
    const off = decideTaxMapping(gstPst, testSettings({ taxMapping: {}, autoMapTaxRates: false }), xeroRates, rec);
    expect(off.kind === 'error' && off.error.message).toMatch(/"GST\+PST" \(12 %\)/);
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
    expect(requiredTaxRates(order).map((r) => [r.key, r.percent])).toEqual([['GST+PST', 12]]);
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
