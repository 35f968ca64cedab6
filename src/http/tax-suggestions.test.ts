import { describe, expect, it } from 'vitest';
import { organisationTax, suggestTaxType, taxMappingProblems, untaxedTypeFor } from './tax-suggestions.js';

const nz = [
  { taxType: 'INPUT2', name: 'GST on Expenses', effectiveRate: 15, canApplyToRevenue: false, reportTaxType: 'INPUT' },
  { taxType: 'OUTPUT2', name: 'GST on Income', effectiveRate: 15, canApplyToRevenue: true, reportTaxType: 'OUTPUT' },
  { taxType: 'ZERORATED', name: 'Zero Rated', effectiveRate: 0, canApplyToRevenue: true, reportTaxType: 'OUTPUT' },
  { taxType: 'TAX001', name: 'VAT 20', effectiveRate: 20, canApplyToRevenue: true, status: 'DELETED' },
];
const mapping = { autoMap: true, rates: {}, regions: {}, classes: {} };

describe('tax suggestions on the Tax mapping page', () => {
  it('suggest a rate of the organisation\'s own country and kind, not another country\'s', () => {
    const org = organisationTax({ countryCode: 'NZ', version: 'NZ' });
    expect(org).toEqual({ region: 'NZ', country: 'NZ' });
    expect(suggestTaxType({ code: 'NZ GST', rate: 15, country: 'NZ' }, nz, org)).toBe('OUTPUT2');
    expect(suggestTaxType({ code: 'AU GST', rate: 15, country: 'AU' }, nz, org)).toBeUndefined();
    expect(suggestTaxType({ code: 'VAT', rate: 20, country: 'NZ' }, nz, org)).toBeUndefined(); // only a deleted rate fits
  });

  it('in the US only a rate that names the state', () => {
    const us = organisationTax({ countryCode: 'US', version: 'US' });
    const rates = [{ taxType: 'OUTPUT', name: 'Tax on Sales', effectiveRate: 8.875, canApplyToRevenue: true }];
    expect(suggestTaxType({ code: 'US-NY-*-Rate 1', rate: 8.875, country: 'US', regionCode: 'NY' }, rates, us)).toBeUndefined();
    const named = [...rates, { taxType: 'TAX002', name: 'New York City (NY) Sales Tax', effectiveRate: 8.875, canApplyToRevenue: true }];
    expect(suggestTaxType({ code: 'US-NY-*-Rate 1', rate: 8.875, country: 'US', regionCode: 'NY' }, named, us)).toBe('TAX002');
  });

  it('show the regional default the organisation has for each untaxed reason, or the merchant\'s choice', () => {
    const au = organisationTax({ countryCode: 'AU', version: 'AU' });
    const basic = [{ taxType: 'EXEMPTOUTPUT', name: 'GST Free Income', effectiveRate: 0, canApplyToRevenue: true }];
    expect(untaxedTypeFor(au, 'export', mapping, basic)).toEqual({ type: 'EXEMPTOUTPUT', suggested: true });
    expect(untaxedTypeFor(au, 'export', { ...mapping, regions: { AU: { export: 'TAX010' } } }, basic)).toEqual({ type: 'TAX010', suggested: false });
    expect(untaxedTypeFor(au, 'out_of_scope', mapping, [])).toEqual({ type: 'BASEXCLUDED', suggested: true });
  });

  it('refuse a taxed rate onto a 0 % type and an untaxed line onto a taxed type', () => {
    const magento = [{ code: 'NZ GST', rate: 15, country: 'NZ' }, { code: 'NZ Zero', rate: 0, country: 'NZ' }];
    expect(taxMappingProblems({ ...mapping, rates: { 'NZ GST': 'OUTPUT2', 'NZ Zero': 'ZERORATED' } }, magento, nz)).toEqual([]);
    expect(taxMappingProblems({ ...mapping, rates: { 'NZ GST': 'ZERORATED' } }, magento, nz)).toEqual([
      'rates.NZ GST: Magento rate "NZ GST" charges 15 %; "Zero Rated" is 0 %, so its taxed sales would be filed as untaxed. Choose a taxed Xero rate.',
    ]);
    expect(taxMappingProblems({ ...mapping, regions: { NZ: { export: 'OUTPUT2' } }, classes: { 'product:0': { domestic: 'OUTPUT2', export: 'export' } } }, magento, nz)).toEqual([
      'regions.NZ.export: "GST on Income" is 15 %; a line Magento did not tax cannot be filed under a taxed rate.',
      'classes.product:0.domestic: "GST on Income" is 15 %; a line Magento did not tax cannot be filed under a taxed rate.',
    ]);
    // Without Xero's rates nothing can be checked, so nothing is refused.
    expect(taxMappingProblems({ ...mapping, rates: { 'NZ GST': 'ZERORATED' } }, magento, [])).toEqual([]);
  });
});
