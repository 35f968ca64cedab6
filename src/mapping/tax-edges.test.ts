// The small tax helpers at their edges: the mapping look-up, the error a bookkeeper reads when a rate is not mapped,
// the Xero rate created for a Magento one, and the store's rate for a destination. Expected values are written out.
import { describe, expect, it } from 'vitest';
import { magentoTaxRateAsApplied, mappedTaxType, storeRateFor, taxRateToCreate, unmappedTaxError, type AppliedRate, type StoreTaxRate } from './tax.js';
import { testSettings } from './test-support.js';

const record = { entity: 'order', id: '100000007' };
const ny: AppliedRate = { key: 'US-NY-*-Rate 1', codes: ['US-NY-*-Rate 1'], percent: 8.875, components: [{ code: 'US-NY-*-Rate 1', percent: 8.875 }] };

describe('mappedTaxType', () => {
  // testSettings maps 'US-NY-*-Rate 1' → TAX001, 'GST' → GST5, 'GST+PST' → GSTPST.
  it('looks up the combined key first, then a single code, never one code of several', () => {
    expect(mappedTaxType(ny, testSettings())).toBe('TAX001');
    const both: AppliedRate = { key: 'GST+PST', codes: ['GST', 'PST'], percent: 12, components: [] };
    expect(mappedTaxType(both, testSettings())).toBe('GSTPST');
    const unmappedPair: AppliedRate = { key: 'GST+QST', codes: ['GST', 'QST'], percent: 14.975, components: [] };
    expect(mappedTaxType(unmappedPair, testSettings())).toBeUndefined();
    const byCode: AppliedRate = { key: 'odd key', codes: ['GST'], percent: 5, components: [] };
    expect(mappedTaxType(byCode, testSettings())).toBe('GST5');
    expect(mappedTaxType({ ...ny, key: 'nothing', codes: ['nothing'] }, testSettings())).toBeUndefined();
  });
});

describe('unmappedTaxError', () => {
  it('names the rate, its percent and where to map it', () => {
    const error = unmappedTaxError(ny, record, 'item "Tee"');
    expect(error.code).toBe('unmapped_tax_rate');
    expect(error.message).toBe(
      'Magento order 100000007: Magento tax rate "US-NY-*-Rate 1" (8.875 %) used on item "Tee" has no Xero tax rate. Map it in Settings → Tax mapping, or turn on "map tax rates automatically".',
    );
    expect(error.details).toEqual({ key: 'US-NY-*-Rate 1', codes: ['US-NY-*-Rate 1'], percent: 8.875 });
  });

  it('without a rate, says whether the percent or the destination failed to name one', () => {
    const withPercent = unmappedTaxError(undefined, record, 'shipping', 7.5);
    expect(withPercent.message).toBe(
      "Magento order 100000007: shipping was taxed at 7.5 % but Magento did not say which tax rate applied, and none of the store's Magento tax rates for the order's destination has that percent. Check the order in Magento (Sales → Orders → the order → Order Totals) and the store's tax rates (Stores → Tax Zones and Rates), then map the rate in Settings → Tax mapping.",
    );
    expect(withPercent.details).toEqual({ percent: 7.5 });
    const without = unmappedTaxError(undefined, record, 'shipping');
    expect(without.message).toContain("shipping was taxed but Magento did not say which tax rate applied, and none of the store's Magento tax rates for the order's destination fits.");
    expect(without.code).toBe('unmapped_tax_rate');
    expect(unmappedTaxError(undefined, record, 'shipping', 0).message).toContain('shipping was taxed but');
  });
});

describe('taxRateToCreate', () => {
  it('names the rate and each component after Magento, within Xero\'s 50 characters', () => {
    const long = 'X'.repeat(60);
    const payload = taxRateToCreate({ key: long, codes: [long], percent: 5, components: [{ code: long, percent: 5 }] });
    expect(payload.Name).toBe(`Magento ${'X'.repeat(42)}`);
    expect(payload.TaxComponents).toEqual([{ Name: 'X'.repeat(50), Rate: 5, IsCompound: false }]);
    expect('ReportTaxType' in payload).toBe(false);
  });

  it('makes one component of the whole rate when Magento named none, and carries the report type when given', () => {
    const payload = taxRateToCreate({ key: 'Solo', codes: ['Solo'], percent: 6.5, components: [] }, 'OUTPUT');
    expect(payload).toEqual({ Name: 'Magento Solo', TaxComponents: [{ Name: 'Solo', Rate: 6.5, IsCompound: false }], ReportTaxType: 'OUTPUT' });
    expect('ReportTaxType' in taxRateToCreate(ny, '')).toBe(false);
  });

  it('marks only compounding components', () => {
    const payload = taxRateToCreate({
      key: 'GST+QST', codes: ['GST', 'QST'], percent: 14.975,
      components: [{ code: 'GST', percent: 5 }, { code: 'QST', percent: 9.975, compound: true }],
    });
    expect(payload.TaxComponents.map((c) => c.IsCompound)).toEqual([false, true]);
  });

  it('reads a Magento rate as one applied rate of one component', () => {
    expect(magentoTaxRateAsApplied({ code: 'US-CA-*-Rate 1', rate: 7.25, tax_country_id: 'US' })).toEqual({
      key: 'US-CA-*-Rate 1', codes: ['US-CA-*-Rate 1'], percent: 7.25, components: [{ code: 'US-CA-*-Rate 1', percent: 7.25 }],
    });
  });
});

describe('storeRateFor at its edges', () => {
  const rates: StoreTaxRate[] = [
    { code: 'DE MwSt 19', rate: 19, country: 'DE' },
    { code: 'DE MwSt 7', rate: 7, country: 'de', region: '*' },
    { code: 'US-TX', rate: 6.25, country: 'US', region: 'TX', regionId: 57 },
    { code: 'US-TX-Austin', rate: 2, country: 'US', region: 'TX', regionId: 57 },
    { code: 'US-ZERO', rate: 4, country: 'US', regionId: 0 },
    { code: 'CA-GST', rate: 5, country: 'CA' },
    { code: 'CA-BC-PST', rate: 7, country: 'CA', region: 'BC', regionId: 2 },
    { code: 'CA-ON-HST', rate: 13, country: 'CA', region: 'ON', regionId: 8 },
  ];

  it('needs a positive percent and a country', () => {
    expect(storeRateFor(null, { country: 'DE' }, rates)).toBeUndefined();
    expect(storeRateFor(undefined, { country: 'DE' }, rates)).toBeUndefined();
    expect(storeRateFor(-19, { country: 'DE' }, rates)).toBeUndefined();
    expect(storeRateFor(19, {}, rates)).toBeUndefined();
    expect(storeRateFor(19, { country: '' }, rates)).toBeUndefined();
  });

  it('compares countries and region codes without regard to case; "*" and a region id of 0 mean the whole country', () => {
    expect(storeRateFor(19, { country: 'de' }, rates)?.key).toBe('DE MwSt 19');
    expect(storeRateFor(7, { country: 'DE' }, rates)?.key).toBe('DE MwSt 7');
    expect(storeRateFor(6.25, { country: 'US', regionCode: 'tx' }, rates)?.key).toBe('US-TX');
    expect(storeRateFor(6.25, { country: 'US', regionId: 57 }, rates)?.key).toBe('US-TX');
    expect(storeRateFor(6.25, { country: 'US', regionCode: 'NY' }, rates)).toBeUndefined();
    expect(storeRateFor(4, { country: 'US', regionCode: 'NY' }, rates)?.key).toBe('US-ZERO');
    expect(storeRateFor(4, { country: 'US', regionId: 0 }, rates)?.key).toBe('US-ZERO');
  });

  it('keeps the line\'s own percent and lists the rates it found, sorted by code', () => {
    const found = storeRateFor(12, { country: 'CA', regionId: 2 }, rates);
    expect(found).toEqual({
      key: 'CA-BC-PST+CA-GST', codes: ['CA-BC-PST', 'CA-GST'], percent: 12,
      components: [{ code: 'CA-BC-PST', percent: 7 }, { code: 'CA-GST', percent: 5 }],
    });
    // Ontario: 13 is HST's alone; 18 is no single rate but the sum of every rate there (GST 5 + HST 13), read as both.
    expect(storeRateFor(13, { country: 'CA', regionCode: 'ON' }, rates)?.key).toBe('CA-ON-HST');
    expect(storeRateFor(18, { country: 'CA', regionCode: 'ON' }, rates)?.key).toBe('CA-GST+CA-ON-HST');
    // Texas: 6.25 + 2 + the whole country's 4 = 12.25 is the sum of all three; 8.25 is no sum of all the rates there.
    expect(storeRateFor(12.25, { country: 'US', regionId: 57 }, rates)?.key).toBe('US-TX+US-TX-Austin+US-ZERO');
    expect(storeRateFor(8.25, { country: 'US', regionId: 57 }, rates)).toBeUndefined();
  });

  it('a single rate in the country at that percent wins even with no region; a sum needs more than one rate', () => {
    expect(storeRateFor(5, { country: 'CA' }, rates)?.key).toBe('CA-GST');
    expect(storeRateFor(5, { country: 'CA', regionCode: 'QC' }, rates)?.key).toBe('CA-GST');
    expect(storeRateFor(6, { country: 'CA', regionCode: 'QC' }, rates)).toBeUndefined();
  });
});
