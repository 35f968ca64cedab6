// "Map tax rates automatically" (tax-auto-map.ts), rule by rule: what is known of a Magento rate, when the connector
// refuses to map it (with the words the merchant reads), when it reuses an organisation's rate and when it creates one.
// Xero tax rates are shaped as the Accounting API returns them (xero_accounting.yaml, TaxRate: Name, TaxType,
// TaxComponents, Status ACTIVE / DELETED / ARCHIVED / PENDING, ReportTaxType, CanApplyToRevenue, DisplayTaxRate,
// EffectiveRate). Magento rate codes are Magento's sample ones ("US-NY-*-Rate 1"; GET /V1/taxRates/search).
import { describe, expect, it } from 'vitest';
import type { RecordRef } from '../domain/errors.js';
import type { XeroTaxRate } from '../domain/xero.js';
import type { AppliedRate } from './tax.js';
import { decideTaxMapping, decideUntaxedType, rateFacts, untaxedRateToCreate } from './tax-auto-map.js';
import { testSettings } from './test-support.js';

const record: RecordRef = { entity: 'order', id: '000000009' };
const US = { region: 'US' as const, country: 'US' };
const UK = { region: 'UK' as const, country: 'GB' };
const CA = { region: 'CA' as const, country: 'CA' };
const AU = { region: 'AU' as const, country: 'AU' };

/** Magento's list of the store's rates: where each applies ("*" is Magento's "every region"). */
const magentoTaxRates = [
  { code: 'US-NY-*-Rate 9', rate: 8.875, country: 'US', region: 'NY', regionId: 43 },
  { code: 'US-NY-*-Rate 10', rate: 8.875, country: 'US', region: 'NY', regionId: 43 },
  { code: 'US-*-Rate 1', rate: 1, country: 'US', region: '*' },
  { code: 'GST', rate: 5, country: 'CA' },
  { code: 'PST', rate: 7, country: 'CA', region: 'BC' },
  { code: 'UK VAT', rate: 20, country: 'GB' },
  { code: 'UK Zero', rate: 0, country: 'GB' },
  { code: 'FR TVA', rate: 20, country: 'FR' },
  { code: 'AU GST', rate: 10, country: 'AU' },
];
const auto = testSettings({ taxMapping: {}, magentoTaxRates });

const one = (code: string, percent: number): AppliedRate => ({ key: code, codes: [code], percent, components: [{ code, percent }] });
const ny = one('US-NY-*-Rate 9', 8.875);
const ukVat = one('UK VAT', 20);

describe('rateFacts: country and region of each Magento rate in a combined rate', () => {
  it('reads the components when there are any: GST (CA) and PST (CA, BC) of a combined group', () => {
    // Magento names a group of rates applied together by one id; its rates[] name the rates.
    const gstPst: AppliedRate = { key: 'GSTPST', codes: ['GSTPST'], percent: 12, components: [{ code: 'GST', percent: 5 }, { code: 'PST', percent: 7 }] };
    expect(rateFacts(gstPst, auto)).toEqual({ code: 'GSTPST', percent: 12, countries: ['CA', 'CA'], regions: ['BC'] });
  });

  it('reads the codes when there are no components; a region named twice is listed once', () => {
    const both: AppliedRate = { key: 'US-NY-*-Rate 10+US-NY-*-Rate 9', codes: ['US-NY-*-Rate 10', 'US-NY-*-Rate 9'], percent: 17.75, components: [] };
    expect(rateFacts(both, auto)).toEqual({ code: 'US-NY-*-Rate 10+US-NY-*-Rate 9', percent: 17.75, countries: ['US', 'US'], regions: ['NY'] });
  });

  it('a code not in Magento\'s list has no country; "every region" is no region', () => {
    expect(rateFacts(one('XX', 3), auto)).toEqual({ code: 'XX', percent: 3, countries: [undefined], regions: [] });
    expect(rateFacts(one('US-*-Rate 1', 1), auto)).toEqual({ code: 'US-*-Rate 1', percent: 1, countries: ['US'], regions: [] });
  });
});

describe('decideTaxMapping: when it will not map', () => {
  it('the merchant\'s own mapping comes first, automatic or not', () => {
    expect(decideTaxMapping(ny, testSettings({ taxMapping: { 'US-NY-*-Rate 9': 'TAX007' }, autoMapTaxRates: false }), US, [], record)).toEqual({ kind: 'mapped', taxType: 'TAX007' });
  });

  it('with automatic mapping off: an error naming the rate, on "a line"', () => {
    const decision = decideTaxMapping(ny, testSettings({ taxMapping: {}, magentoTaxRates, autoMapTaxRates: false }), US, [], record);
    if (decision.kind !== 'error') throw new Error(`expected an error, got ${decision.kind}`);
    expect(decision.error.message).toBe(
      'Magento order 000000009: Magento tax rate "US-NY-*-Rate 9" (8.875 %) used on a line has no Xero tax rate. Map it in Settings → Tax mapping, or turn on "map tax rates automatically".',
    );
  });

  it('another country\'s tax: refused to be mapped by hand, with the rate named and marked manual', () => {
    const decision = decideTaxMapping(one('FR TVA', 20), auto, UK, [], record);
    if (decision.kind !== 'error') throw new Error(`expected an error, got ${decision.kind}`);
    expect(decision.error.code).toBe('unmapped_tax_rate');
    expect(decision.error.record).toEqual(record);
    expect(decision.error.message).toBe(
      'Magento order 000000009: Magento tax rate "FR TVA" (20 %) has no Xero tax rate, and it is not mapped automatically: "FR TVA" is FR tax and this Xero organisation files GB tax. Map it by hand in Settings → Tax mapping (ask your accountant which Xero rate files it), then retry.',
    );
    expect(decision.error.remedy).toBe('Map it by hand in Settings → Tax mapping (ask your accountant which Xero rate files it), then retry.');
    expect(decision.error.details).toEqual({ key: 'FR TVA', codes: ['FR TVA'], percent: 20, manual: true });
  });

  it('a rate Magento\'s list does not place is not mapped either', () => {
    const decision = decideTaxMapping(one('XX', 3), auto, US, [], record);
    expect(decision.kind === 'error' && decision.error.message).toContain(': Magento\'s tax rate list does not say which country "XX" is for. Map it by hand');
  });
});

describe('decideTaxMapping: reusing or creating a rate', () => {
  it('uses the organisation\'s rate of the same kind and percent (UK: 20 %, report type OUTPUT)', () => {
    const rates: XeroTaxRate[] = [{ TaxType: 'OUTPUT2', Name: '20% (VAT on Income)', EffectiveRate: 20, Status: 'ACTIVE', CanApplyToRevenue: true, ReportTaxType: 'OUTPUT' }];
    expect(decideTaxMapping(ukVat, auto, UK, rates, record)).toEqual({ kind: 'use_existing', taxType: 'OUTPUT2' });
  });

  it('creates one named after the Magento rate, with the region\'s report type (UK: OUTPUT; US: none)', () => {
    expect(decideTaxMapping(ukVat, auto, UK, [], record)).toEqual({
      kind: 'create', payload: { Name: 'Magento UK VAT', TaxComponents: [{ Name: 'UK VAT', Rate: 20, IsCompound: false }], ReportTaxType: 'OUTPUT' },
    });
    expect(decideTaxMapping(ny, auto, US, [], record)).toEqual({
      kind: 'create', payload: { Name: 'Magento US-NY-*-Rate 9', TaxComponents: [{ Name: 'US-NY-*-Rate 9', Rate: 8.875, IsCompound: false }] },
    });
    // Australia: GST on sales is OUTPUT too (an exempt sale there would be EXEMPTOUTPUT).
    expect(decideTaxMapping(one('AU GST', 10), auto, AU, [], record)).toEqual({
      kind: 'create', payload: { Name: 'Magento AU GST', TaxComponents: [{ Name: 'AU GST', Rate: 10, IsCompound: false }], ReportTaxType: 'OUTPUT' },
    });
  });

  it('a 0 % Magento rate in the UK reuses a 0 % rate of report type OUTPUT (Zero Rated Income), not an exempt one', () => {
    // Not a taxed-sales rate (0 %), so only "the same rate we would create" can find it: 0 % and ReportTaxType OUTPUT.
    const zero = one('UK Zero', 0);
    const exempt: XeroTaxRate = { TaxType: 'EXEMPTOUTPUT', Name: 'Exempt Income', EffectiveRate: 0, Status: 'ACTIVE', CanApplyToRevenue: true, ReportTaxType: 'EXEMPTOUTPUT' };
    const zeroRated: XeroTaxRate = { TaxType: 'ZERORATEDOUTPUT', Name: 'Zero Rated Income', EffectiveRate: 0, Status: 'ACTIVE', CanApplyToRevenue: true, ReportTaxType: 'OUTPUT' };
    expect(decideTaxMapping(zero, auto, UK, [exempt, zeroRated], record)).toEqual({ kind: 'use_existing', taxType: 'ZERORATEDOUTPUT' });
    expect(decideTaxMapping(zero, auto, UK, [exempt], record)).toEqual({
      kind: 'create', payload: { Name: 'Magento UK Zero', TaxComponents: [{ Name: 'UK Zero', Rate: 0, IsCompound: false }], ReportTaxType: 'OUTPUT' },
    });
  });

  // The New York rate in a US organisation: a Xero rate whose name says neither the code nor "NY" is not matched as a
  // taxed rate (matchingTaxedRate), so only "the rate we would create" can be reused.
  const created = { kind: 'create', payload: { Name: 'Magento US-NY-*-Rate 9', TaxComponents: [{ Name: 'US-NY-*-Rate 9', Rate: 8.875, IsCompound: false }] } };
  const reused = (taxType: string) => ({ kind: 'use_existing', taxType });
  const rate = (more: Partial<XeroTaxRate>): XeroTaxRate => ({
    TaxType: 'TAX009', Name: 'Sales tax 8.875', EffectiveRate: 8.875, Status: 'ACTIVE', CanApplyToRevenue: true, TaxComponents: [{ Name: 'US-NY-*-Rate 9', Rate: 8.875 }], ...more,
  });

  it('reuses a rate of the same name in any case (a second run\'s or a second store\'s), though nothing else would find it', () => {
    // Xero left out the rate's percentage, so neither the taxed-rate match nor "same percent and components" can find it.
    const renamed = rate({ Name: 'magento US-NY-*-RATE 9', EffectiveRate: undefined, TaxComponents: [{ Name: 'State', Rate: 4 }, { Name: 'City', Rate: 4.875 }] });
    expect(decideTaxMapping(ny, auto, US, [renamed], record)).toEqual(reused('TAX009'));
    // UK, 0 %: no taxed-sales rate, and Xero gave no report type, so only the name finds it.
    const zero: XeroTaxRate = { TaxType: 'TAX040', Name: 'MAGENTO UK ZERO', EffectiveRate: 0, Status: 'ACTIVE', CanApplyToRevenue: true };
    expect(decideTaxMapping(one('UK Zero', 0), auto, UK, [zero], record)).toEqual(reused('TAX040'));
  });

  it('reuses a rate of the same percent and the same components (names in any case), where the region takes no report type', () => {
    expect(decideTaxMapping(ny, auto, US, [rate({})], record)).toEqual(reused('TAX009'));
    expect(decideTaxMapping(ny, auto, US, [rate({ TaxComponents: [{ Name: 'us-ny-*-RATE 9', Rate: 8.875 }] })], record)).toEqual(reused('TAX009'));
    // Xero gives DisplayTaxRate where EffectiveRate is missing.
    expect(decideTaxMapping(ny, auto, US, [rate({ EffectiveRate: undefined, DisplayTaxRate: 8.875 })], record)).toEqual(reused('TAX009'));
    // Status and CanApplyToRevenue missing: an active revenue rate.
    expect(decideTaxMapping(ny, auto, US, [rate({ Status: undefined, CanApplyToRevenue: undefined })], record)).toEqual(reused('TAX009'));
  });

  it('creates one where the percent or the components differ', () => {
    expect(decideTaxMapping(ny, auto, US, [rate({ EffectiveRate: 8.5 })], record)).toEqual(created);
    expect(decideTaxMapping(ny, auto, US, [rate({ EffectiveRate: undefined })], record)).toEqual(created);
    expect(decideTaxMapping(ny, auto, US, [rate({ TaxComponents: [{ Name: 'State', Rate: 8.875 }] })], record)).toEqual(created);
    expect(decideTaxMapping(ny, auto, US, [rate({ TaxComponents: [{ Name: 'US-NY-*-Rate 9', Rate: 8.5 }] })], record)).toEqual(created);
    expect(decideTaxMapping(ny, auto, US, [rate({ TaxComponents: [{ Name: 'US-NY-*-Rate 9', Rate: 8.875 }, { Name: 'MCTD', Rate: 0 }] })], record)).toEqual(created);
    expect(decideTaxMapping(ny, auto, US, [rate({ TaxComponents: null })], record)).toEqual(created);
    expect(decideTaxMapping(ny, auto, US, [rate({ TaxComponents: [{}] })], record)).toEqual(created);
  });

  it('never reuses an archived, deleted or purchases-only rate, even of the same name', () => {
    for (const more of [{ Status: 'ARCHIVED' }, { Status: 'DELETED' }, { CanApplyToRevenue: false }]) {
      expect(decideTaxMapping(ny, auto, US, [rate(more)], record)).toEqual(created);
      expect(decideTaxMapping(ny, auto, US, [rate({ ...more, Name: 'Magento US-NY-*-Rate 9' })], record)).toEqual(created);
    }
  });

  it('components are compared in any order: GST and PST of a Canadian combined rate', () => {
    // Magento's "GSTPST" group (GST 5 %, PST 7 % of BC) in a CA organisation; Xero lists the components PST first.
    const gstPst: AppliedRate = { key: 'GSTPST', codes: ['GSTPST'], percent: 12, components: [{ code: 'GST', percent: 5 }, { code: 'PST', percent: 7 }] };
    const sales: XeroTaxRate = {
      TaxType: 'TAX012', Name: 'Sales tax 12', EffectiveRate: 12, Status: 'ACTIVE', CanApplyToRevenue: true, TaxComponents: [{ Name: 'PST', Rate: 7 }, { Name: 'GST', Rate: 5 }],
    };
    expect(decideTaxMapping(gstPst, auto, CA, [sales], record)).toEqual(reused('TAX012'));
    // Magento's group listing PST first, Xero's GST first: the same.
    const pstGst: AppliedRate = { ...gstPst, components: [{ code: 'PST', percent: 7 }, { code: 'GST', percent: 5 }] };
    expect(decideTaxMapping(pstGst, auto, CA, [{ ...sales, TaxComponents: [{ Name: 'GST', Rate: 5 }, { Name: 'PST', Rate: 7 }] }], record)).toEqual(reused('TAX012'));
    // One component of another name (HST 7 %, not PST 7 %): not the same rate.
    const hst = { ...sales, TaxComponents: [{ Name: 'GST', Rate: 5 }, { Name: 'HST', Rate: 7 }] };
    expect(decideTaxMapping(gstPst, auto, CA, [hst], record)).toEqual({
      kind: 'create', payload: { Name: 'Magento GSTPST', TaxComponents: [{ Name: 'GST', Rate: 5, IsCompound: false }, { Name: 'PST', Rate: 7, IsCompound: false }] },
    });
  });

  it('a rate whose percentage Xero does not give is not taken for any percentage, 1 % included', () => {
    // Magento's "US-*-Rate 1" at 1 %; the Xero rate has its one component but neither EffectiveRate nor DisplayTaxRate.
    const unknown: XeroTaxRate = { TaxType: 'TAX001', Name: 'Sales tax', Status: 'ACTIVE', CanApplyToRevenue: true, TaxComponents: [{ Name: 'US-*-Rate 1', Rate: 1 }] };
    expect(decideTaxMapping(one('US-*-Rate 1', 1), auto, US, [unknown], record)).toEqual({
      kind: 'create', payload: { Name: 'Magento US-*-Rate 1', TaxComponents: [{ Name: 'US-*-Rate 1', Rate: 1, IsCompound: false }] },
    });
    // With its percentage given, it is ours.
    expect(decideTaxMapping(one('US-*-Rate 1', 1), auto, US, [{ ...unknown, EffectiveRate: 1 }], record)).toEqual(reused('TAX001'));
  });

  it('a rate with no name is matched on percent and components alone', () => {
    expect(decideTaxMapping(ny, auto, US, [rate({ Name: undefined })], record)).toEqual(reused('TAX009'));
  });
});

describe('untaxedRateToCreate: a 0 % rate for an untaxed reason', () => {
  it('with the region\'s report type where it takes one (UK zero-rated: OUTPUT; exempt: EXEMPTOUTPUT), none in Canada', () => {
    const component = [{ Name: 'Zero-rated', Rate: 0, IsCompound: false }];
    expect(untaxedRateToCreate(UK, 'zero_rated', 'Zero rated')).toEqual({ Name: 'Zero rated', TaxComponents: component, ReportTaxType: 'OUTPUT' });
    expect(untaxedRateToCreate(UK, 'exempt', 'Exempt')).toEqual({ Name: 'Exempt', TaxComponents: component, ReportTaxType: 'EXEMPTOUTPUT' });
    expect(untaxedRateToCreate(CA, 'export', 'Zero-rated sales')).toStrictEqual({ Name: 'Zero-rated sales', TaxComponents: component });
  });
});

describe('decideUntaxedType', () => {
  it('the merchant\'s choice for the region and reason comes first', () => {
    const chosen = testSettings({ untaxedTypes: { CA: { export: 'TAX020' } } });
    expect(decideUntaxedType(CA, 'export', chosen, [], record)).toEqual({ kind: 'mapped', taxType: 'TAX020' });
    // A choice for another region or another reason does not apply.
    const elsewhere = testSettings({ untaxedTypes: { UK: { export: 'TAX021' }, CA: { exempt: 'TAX022' } }, autoMapTaxRates: false });
    expect(decideUntaxedType(CA, 'export', elsewhere, [], record).kind).toBe('error');
  });

  it('Canada: a 0 % rate whose name says zero-rated is used; with none, one is created', () => {
    const named: XeroTaxRate = { TaxType: 'TAX030', Name: 'Zero Rated', EffectiveRate: 0, Status: 'ACTIVE', CanApplyToRevenue: true };
    expect(decideUntaxedType(CA, 'export', testSettings(), [named], record)).toEqual({ kind: 'use_existing', taxType: 'TAX030' });
    expect(decideUntaxedType(CA, 'zero_rated', testSettings(), [], record)).toEqual({
      kind: 'create', payload: { Name: 'Zero-rated sales', TaxComponents: [{ Name: 'Zero-rated', Rate: 0, IsCompound: false }] },
    });
  });

  it('Canada: the rate it would create, under another name, is reused; Tax Exempt (its component is not "Zero-rated") is not', () => {
    const ours: XeroTaxRate = { TaxType: 'TAX031', Name: 'Exports 0%', EffectiveRate: 0, Status: 'ACTIVE', CanApplyToRevenue: true, TaxComponents: [{ Name: 'Zero-Rated', Rate: 0 }] };
    const exempt: XeroTaxRate = { TaxType: 'NONE', Name: 'Tax Exempt', EffectiveRate: 0, Status: 'ACTIVE', CanApplyToRevenue: true, TaxComponents: [{ Name: 'Tax Exempt', Rate: 0 }] };
    expect(decideUntaxedType(CA, 'export', testSettings(), [exempt, ours], record)).toEqual({ kind: 'use_existing', taxType: 'TAX031' });
    expect(decideUntaxedType(CA, 'export', testSettings(), [exempt], record)).toEqual({
      kind: 'create', payload: { Name: 'Zero-rated sales', TaxComponents: [{ Name: 'Zero-rated', Rate: 0, IsCompound: false }] },
    });
  });

  it('Canada with automatic mapping off: an error that says which rate to create', () => {
    const decision = decideUntaxedType(CA, 'export', testSettings({ autoMapTaxRates: false }), [], record);
    if (decision.kind !== 'error') throw new Error(`expected an error, got ${decision.kind}`);
    expect(decision.error.code).toBe('unresolved_tax_type');
    expect(decision.error.message).toBe(
      'Magento order 000000009: needs a Xero tax rate for "Export", and this CA organisation has none the connector can use. Create a 0 % rate in Xero (e.g. "Zero-rated sales") and choose it in Settings → Tax mapping.',
    );
    expect(decision.error.details).toEqual({ region: 'CA', reason: 'export' });
    expect(decision.error.record).toEqual(record);
  });

  it('Australia without GST Free Exports or Income: nothing to create, an error asking for a choice', () => {
    // AU exports: EXEMPTEXPORT, else EXEMPTOUTPUT (tax-regions.ts); no rate is created there, automatic mapping or not.
    const decision = decideUntaxedType(AU, 'export', testSettings(), [], record);
    if (decision.kind !== 'error') throw new Error(`expected an error, got ${decision.kind}`);
    expect(decision.error.message).toBe(
      'Magento order 000000009: needs a Xero tax rate for "Export", and this AU organisation has none the connector can use. Choose one in Settings → Tax mapping.',
    );
    expect(decision.error.details).toEqual({ region: 'AU', reason: 'export' });
  });
});
