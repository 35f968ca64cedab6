import { describe, expect, it } from 'vitest';
import { REPORT_TAX_TYPE_NOT_PERMITTED, REPORT_TAX_TYPE_REQUIRED } from './routes/tax-rates.js';
import { testEmulator } from './testing.js';

const messages = (r: { data: any }) => r.data.Elements[0].ValidationErrors.map((e: { Message: string }) => e.Message);
const components = [{ Name: 'GST', Rate: 12.5 }];

describe('Xero emulator: tax rates by region', () => {
  it('seeds the AU rates of a live AU organisation, without the retired NONE and EXEMPTINPUT', async () => {
    const au = testEmulator({ tenants: [{ name: 'AU', region: 'AU' }] });
    const rates = (await au.call('GET', '/TaxRates')).data.TaxRates as Array<Record<string, unknown>>;
    const byType = new Map(rates.map((r) => [r['TaxType'], r]));
    for (const t of ['EXEMPTEXPORT', 'CAPEXINPUT', 'GSTONIMPORTS', 'GSTONCAPIMPORTS', 'EXEMPTCAPITAL', 'BASEXCLUDED']) expect(byType.has(t)).toBe(true);
    expect(byType.has('NONE')).toBe(false);
    expect(byType.has('EXEMPTINPUT')).toBe(false);
    // As in xeroizer tax_rates.xml: imports only on liabilities, exports never on expenses, capital never on revenue.
    expect(byType.get('GSTONIMPORTS')).toMatchObject({ Name: 'GST on Imports', CanApplyToAssets: false, CanApplyToEquity: false, CanApplyToExpenses: false, CanApplyToLiabilities: true, CanApplyToRevenue: false });
    expect(byType.get('EXEMPTEXPORT')).toMatchObject({ Name: 'GST Free Exports', CanApplyToExpenses: false, CanApplyToRevenue: true });
    expect(byType.get('CAPEXINPUT')).toMatchObject({ Name: 'GST on Capital', EffectiveRate: 10, CanApplyToExpenses: true, CanApplyToRevenue: false });
  });

  it('maps NONE on an AU line to BAS Excluded, or to GST Free Expenses on an expense account, as Xero has since 2013', async () => {
    const au = testEmulator({ tenants: [{ name: 'AU', region: 'AU' }] });
    const line = (AccountCode: string, TaxType: string) => ({ Description: 'x', Quantity: 1, UnitAmount: 10, AccountCode, TaxType });
    const r = await au.call('PUT', '/Invoices', {
      Invoices: [{ Type: 'ACCPAY', Contact: { Name: 'Supplier' }, LineItems: [line('429', 'NONE'), line('090', 'NONE'), line('429', 'EXEMPTINPUT')] }],
    });
    expect(r.statusCode).toBe(200);
    expect(r.data.Invoices[0].LineItems.map((l: { TaxType: string }) => l.TaxType)).toEqual(['EXEMPTEXPENSES', 'BASEXCLUDED', 'BASEXCLUDED']);
    expect(r.data.Invoices[0].TotalTax).toBe(0);
    // Elsewhere NONE is a real rate and stays NONE.
    const nz = testEmulator();
    const n = await nz.call('PUT', '/Invoices', { Invoices: [{ Type: 'ACCPAY', Contact: { Name: 'Supplier' }, LineItems: [line('429', 'NONE')] }] });
    expect(n.data.Invoices[0].LineItems[0].TaxType).toBe('NONE');
  });

  it('requires ReportTaxType on a new AU, NZ or UK rate and takes only that region\'s values', async () => {
    for (const region of ['AU', 'NZ', 'UK'] as const) {
      const x = testEmulator({ tenants: [{ name: region, region }] });
      const missing = await x.call('PUT', '/TaxRates', { TaxRates: [{ Name: 'Custom', TaxComponents: components }] });
      expect(missing.statusCode).toBe(400);
      expect(messages(missing)).toEqual([REPORT_TAX_TYPE_REQUIRED]);
      const wrong = await x.call('PUT', '/TaxRates', { TaxRates: [{ Name: 'Custom', ReportTaxType: 'USSALESTAX', TaxComponents: components }] });
      expect(messages(wrong)).toEqual(["The ReportTaxType 'USSALESTAX' cannot be used in this organisation."]);
      const ok = await x.call('PUT', '/TaxRates', { TaxRates: [{ Name: 'Custom', ReportTaxType: 'OUTPUT', TaxComponents: components }] });
      expect(ok.data.TaxRates[0]).toMatchObject({ ReportTaxType: 'OUTPUT', EffectiveRate: 12.5, CanApplyToRevenue: true, CanApplyToExpenses: false });
      // An update may leave it out.
      const renamed = await x.call('POST', '/TaxRates', { TaxRates: [{ TaxType: ok.data.TaxRates[0].TaxType, Name: 'Renamed' }] });
      expect(renamed.data.TaxRates[0]).toMatchObject({ Name: 'Renamed', ReportTaxType: 'OUTPUT' });
    }
    const au = testEmulator({ tenants: [{ name: 'AU', region: 'AU' }] });
    const nzOnly = await au.call('PUT', '/TaxRates', { TaxRates: [{ Name: 'Custom', ReportTaxType: 'NONE', TaxComponents: components }] });
    expect(messages(nzOnly)).toEqual(["The ReportTaxType 'NONE' cannot be used in this organisation."]);
  });

  it('refuses ReportTaxType on a US rate and creates the rate without it', async () => {
    const us = testEmulator({ tenants: [{ name: 'US', region: 'US' }] });
    const sent = await us.call('PUT', '/TaxRates', { TaxRates: [{ Name: 'Oregon', ReportTaxType: 'OUTPUT', TaxComponents: components }] });
    expect(sent.statusCode).toBe(400);
    expect(messages(sent)).toEqual([REPORT_TAX_TYPE_NOT_PERMITTED]);
    const ok = await us.call('PUT', '/TaxRates', { TaxRates: [{ Name: 'Oregon', TaxComponents: components }] });
    expect(ok.data.TaxRates[0]).toMatchObject({ Name: 'Oregon', ReportTaxType: 'USSALESTAX', CanApplyToRevenue: true });
  });

  it('runs a Canadian organisation as Xero does: Global version, Canadian default rates, no ReportTaxType on new rates', async () => {
    const ca = testEmulator({ tenants: [{ name: 'CA', region: 'CA' }] });
    const org = (await ca.call('GET', '/Organisation')).data.Organisations[0];
    expect(org).toMatchObject({ Version: 'GLOBAL', CountryCode: 'CA', BaseCurrency: 'CAD' });
    const rates = (await ca.call('GET', '/TaxRates')).data.TaxRates as Array<Record<string, any>>;
    const byName = new Map(rates.map((r) => [r['Name'], r]));
    expect(byName.get('ON - HST on Sales')).toMatchObject({ EffectiveRate: 13, CanApplyToRevenue: true, CanApplyToExpenses: false });
    expect(byName.get('QC - GST/QST on Sales')?.['EffectiveRate']).toBe(14.975);
    expect(byName.get('BC - GST/PST on Purchases')?.['TaxComponents']).toEqual([
      { Name: 'GST', Rate: 5, IsCompound: false, IsNonRecoverable: false },
      { Name: 'PST', Rate: 7, IsCompound: false, IsNonRecoverable: true },
    ]);
    expect(byName.get('Tax Exempt')?.['TaxType']).toBe('NONE');
    const refused = await ca.call('PUT', '/TaxRates', { TaxRates: [{ Name: 'Zero-rated sales', ReportTaxType: 'OUTPUT', TaxComponents: [{ Name: 'Zero-rated', Rate: 0 }] }] });
    expect(messages(refused)).toEqual([REPORT_TAX_TYPE_NOT_PERMITTED]);
    const created = await ca.call('PUT', '/TaxRates', { TaxRates: [{ Name: 'Zero-rated sales', TaxComponents: [{ Name: 'Zero-rated', Rate: 0 }] }] });
    // Numbered after the seeded TAX001... rates, never over one of them.
    expect(created.data.TaxRates[0].TaxType).toBe(`TAX${String(rates.filter((r) => /^TAX/.test(r['TaxType'])).length + 1).padStart(3, '0')}`);
  });

  it('keeps each rate to the account types Xero allows it', async () => {
    const line = (AccountCode: string, TaxType: string) => ({ Description: 'x', Quantity: 1, UnitAmount: 10, AccountCode, TaxType });
    const sale = (LineItems: unknown[]) => ({ Invoices: [{ Type: 'ACCREC', Contact: { Name: 'Buyer' }, LineItems }] });
    const nz = testEmulator();
    // Zero Rated: revenue (and liabilities) only, not an asset account such as Inventory (630).
    expect(messages(await nz.call('PUT', '/Invoices', sale([line('630', 'ZERORATED')])))).toContain("The TaxType code 'ZERORATED' cannot be used with account code '630'.");
    expect((await nz.call('PUT', '/Invoices', sale([line('200', 'ZERORATED')]))).statusCode).toBe(200);
    // Imports: liabilities only.
    const us = testEmulator({ tenants: [{ name: 'US', region: 'US' }] });
    expect(messages(await us.call('PUT', '/Invoices', sale([line('200', 'GSTONIMPORTS')])))).toContain("The TaxType code 'GSTONIMPORTS' cannot be used with account code '200'.");
    // US Tax on Purchases may go on a revenue account (Xero's US table allows every account type).
    expect((await us.call('PUT', '/Invoices', sale([line('200', 'INPUT')]))).statusCode).toBe(200);
  });

  it('files a No Tax document of an Australian organisation as BAS Excluded, whatever rate its lines name', async () => {
    const au = testEmulator({ tenants: [{ name: 'AU', region: 'AU' }] });
    const r = await au.call('PUT', '/Invoices', {
      Invoices: [{ Type: 'ACCREC', Contact: { Name: 'Buyer' }, LineAmountTypes: 'NoTax', LineItems: [{ Description: 'x', Quantity: 1, UnitAmount: 10, AccountCode: '200', TaxType: 'EXEMPTOUTPUT' }] }],
    });
    expect(r.data.Invoices[0].LineItems[0].TaxType).toBe('BASEXCLUDED');
    const ex = await au.call('PUT', '/Invoices', {
      Invoices: [{ Type: 'ACCREC', Contact: { Name: 'Buyer' }, LineAmountTypes: 'Exclusive', LineItems: [{ Description: 'x', Quantity: 1, UnitAmount: 10, AccountCode: '200', TaxType: 'EXEMPTOUTPUT' }] }],
    });
    expect(ex.data.Invoices[0].LineItems[0].TaxType).toBe('EXEMPTOUTPUT');
  });
});
