import { describe, expect, it } from 'vitest';
import type { XeroTaxRate } from '../domain/xero.js';
import { toMinor, UNIT_DP } from '../domain/money.js';
import {
  foreignRateProblem,
  matchingTaxedRate,
  reportTaxTypeFor,
  resolveRegionalDefault,
  sameTaxTerritory,
  sureDefault,
  taxRegionOf,
  type MagentoRateFacts,
} from './tax-regions.js';

const key = (p: number) => toMinor(p, UNIT_DP);
const rate = (TaxType: string, Name: string, EffectiveRate: number, extra: Partial<XeroTaxRate> = {}): XeroTaxRate => ({
  TaxType, Name, EffectiveRate, Status: 'ACTIVE', CanApplyToRevenue: true, ...extra,
});

describe('the region of an organisation', () => {
  it('follows Organisation.Version, with Canada told apart by its country', () => {
    expect(taxRegionOf({ version: 'UK', countryCode: 'GB' })).toBe('UK');
    expect(taxRegionOf({ version: 'AUONRAMP', countryCode: 'AU' })).toBe('AU');
    expect(taxRegionOf({ version: 'GLOBAL', countryCode: 'CA' })).toBe('CA');
    expect(taxRegionOf({ version: 'GLOBAL', countryCode: 'ZA' })).toBe('GLOBAL');
    expect(taxRegionOf({ countryCode: 'NZ' })).toBe('NZ');
    expect(taxRegionOf({ countryCode: 'GB' })).toBe('UK');
    expect(taxRegionOf({})).toBe('GLOBAL');
  });
});

describe('exports', () => {
  it('are sales outside the organisation\'s country, and for the UK outside the UK VAT area', () => {
    expect(sameTaxTerritory('UK', 'GB', 'GB')).toBe(true);
    expect(sameTaxTerritory('UK', 'GB', 'IM')).toBe(true); // Isle of Man: inside UK VAT
    expect(sameTaxTerritory('UK', 'GB', 'JE')).toBe(false); // Jersey: outside
    expect(sameTaxTerritory('UK', 'GB', 'FR')).toBe(false);
    expect(sameTaxTerritory('AU', 'AU', 'NZ')).toBe(false);
    expect(sameTaxTerritory('NZ', undefined, 'NZ')).toBe(true);
    expect(sameTaxTerritory('US', 'US', 'CA')).toBe(false);
    expect(sameTaxTerritory('CA', 'CA', 'ca')).toBe(true);
  });
});

describe('regional defaults', () => {
  it('never use NONE in Australia and file exports as exports', () => {
    expect(sureDefault('AU', 'zero_rated')).toBe('EXEMPTOUTPUT');
    expect(sureDefault('AU', 'exempt')).toBe('EXEMPTOUTPUT');
    expect(sureDefault('AU', 'out_of_scope')).toBe('BASEXCLUDED');
    expect(sureDefault('AU', 'export')).toBeUndefined();
    const basic = [rate('OUTPUT', 'GST on Income', 10), rate('EXEMPTOUTPUT', 'GST Free Income', 0), rate('BASEXCLUDED', 'BAS Excluded', 0)];
    expect(resolveRegionalDefault('AU', 'export', basic)).toBe('EXEMPTOUTPUT');
    expect(resolveRegionalDefault('AU', 'export', [...basic, rate('EXEMPTEXPORT', 'GST Free Exports', 0)])).toBe('EXEMPTEXPORT');
  });

  it('keeps UK zero-rated, exempt and out-of-scope sales apart', () => {
    expect([sureDefault('UK', 'zero_rated'), sureDefault('UK', 'exempt'), sureDefault('UK', 'export'), sureDefault('UK', 'out_of_scope')]).toEqual([
      'ZERORATEDOUTPUT', 'EXEMPTOUTPUT', 'ZERORATEDOUTPUT', 'NONE',
    ]);
    expect([sureDefault('NZ', 'zero_rated'), sureDefault('NZ', 'exempt'), sureDefault('NZ', 'export')]).toEqual(['ZERORATED', 'NONE', 'ZERORATED']);
    expect(sureDefault('US', 'export')).toBe('NONE');
  });

  it('finds a Canadian zero-rated rate by name, or none (to be created)', () => {
    const ca = [rate('NONE', 'Tax Exempt', 0), rate('TAX001', 'ON - HST on Sales', 13)];
    expect(sureDefault('CA', 'export')).toBeUndefined();
    expect(resolveRegionalDefault('CA', 'export', ca)).toBeUndefined();
    expect(resolveRegionalDefault('CA', 'export', [...ca, rate('TAX009', 'Zero Rated Sales', 0)])).toBe('TAX009');
    // A zero-rated name on a rate that is not 0 %, or archived, is not it.
    expect(resolveRegionalDefault('CA', 'export', [...ca, rate('TAX010', 'Zero-rated?', 5), rate('TAX011', 'Zero rated', 0, { Status: 'ARCHIVED' })])).toBeUndefined();
  });

  it('report new rates as Xero requires per region', () => {
    expect(reportTaxTypeFor('AU', 'taxed')).toBe('OUTPUT');
    expect(reportTaxTypeFor('AU', 'export')).toBe('EXEMPTEXPORT');
    expect(reportTaxTypeFor('AU', 'zero_rated')).toBe('EXEMPTOUTPUT');
    expect(reportTaxTypeFor('UK', 'exempt')).toBe('EXEMPTOUTPUT');
    expect(reportTaxTypeFor('UK', 'taxed')).toBe('OUTPUT');
    expect(reportTaxTypeFor('NZ', 'taxed')).toBe('OUTPUT');
    expect(reportTaxTypeFor('US', 'taxed')).toBeUndefined();
    expect(reportTaxTypeFor('CA', 'export')).toBeUndefined();
  });
});

describe('automatic mapping of a taxed Magento rate', () => {
  const uk = [
    rate('OUTPUT2', '20% (VAT on Income)', 20, { ReportTaxType: 'OUTPUT' }),
    rate('INPUT2', '20% (VAT on Expenses)', 20, { ReportTaxType: 'INPUT', CanApplyToRevenue: false }),
    rate('TAX003', 'EU OSS 20%', 20, { ReportTaxType: 'MOSSSALES' }),
    rate('RROUTPUT', '5% (VAT on Income)', 5, { ReportTaxType: 'OUTPUT' }),
  ];
  const facts = (code: string, percent: number, regions: string[] = [], countries: string[] = ['GB']): MagentoRateFacts => ({ code, percent, countries, regions });

  it('in a national region takes the rate of the same kind and percent', () => {
    expect(matchingTaxedRate('UK', facts('UK VAT 20', 20), uk, key)).toBe('OUTPUT2');
    expect(matchingTaxedRate('UK', facts('UK VAT 5', 5), uk, key)).toBe('RROUTPUT');
    expect(matchingTaxedRate('UK', facts('UK VAT 17.5', 17.5), uk, key)).toBeUndefined();
  });

  it('never on the percentage alone where jurisdictions share percentages', () => {
    const us = [rate('OUTPUT', 'Tax on Sales', 6), rate('TAX004', 'Kentucky Sales Tax', 6, { ReportTaxType: 'USSALESTAX' }), rate('TAX005', 'PA sales tax', 6)];
    expect(matchingTaxedRate('US', facts('US-PA-*-Rate 1', 6, ['PA'], ['US']), us, key)).toBe('TAX005');
    expect(matchingTaxedRate('US', facts('US-WV-*-Rate 1', 6, ['WV'], ['US']), us, key)).toBeUndefined();
    const ca = [rate('TAX001', 'ON - HST on Sales', 13), rate('TAX002', 'NB - HST on Sales', 15), rate('TAX003', 'NS - HST on Sales', 15)];
    expect(matchingTaxedRate('CA', facts('CA-ON-HST', 13, ['ON'], ['CA']), ca, key)).toBe('TAX001');
    expect(matchingTaxedRate('CA', facts('CA-NS-HST', 15, ['NS'], ['CA']), ca, key)).toBe('TAX003');
    // "ON" inside another word is no match.
    expect(matchingTaxedRate('CA', facts('CA-ON-HST', 13, ['ON'], ['CA']), [rate('TAX007', 'MONTREAL 13', 13)], key)).toBeUndefined();
  });

  it('refuses another country\'s tax', () => {
    expect(foreignRateProblem('GB', 'UK', facts('FR TVA 20', 20, [], ['FR']))).toMatch(/"FR TVA 20" is FR tax and this Xero organisation files GB tax/);
    expect(foreignRateProblem('GB', 'UK', facts('IM VAT', 20, [], ['IM']))).toBeUndefined();
    expect(foreignRateProblem('GB', 'UK', facts('Unknown', 20, [], []))).toMatch(/does not say which country/);
    expect(foreignRateProblem('GB', 'UK', { code: 'Gone', percent: 20, countries: [undefined], regions: [] })).toMatch(/does not say which country/);
    expect(foreignRateProblem('CA', 'CA', facts('GST+PST', 12, ['BC'], ['CA', 'CA']))).toBeUndefined();
  });
});
