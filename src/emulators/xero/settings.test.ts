import { describe, expect, it } from 'vitest';
import { buildXeroEmulator, xeroEmulatorOf } from './index.js';
import { testEmulator } from './testing.js';

describe('Xero emulator: organisation settings', () => {
  it('seeds a regional chart of accounts and tax rates', async () => {
    const uk = testEmulator({ tenants: [{ name: 'UK', region: 'UK' }] });
    const accounts = (await uk.call('GET', '/Accounts')).data.Accounts;
    expect(accounts.find((a: { Code: string }) => a.Code === '200')).toMatchObject({ Name: 'Sales', Type: 'REVENUE', Class: 'REVENUE', TaxType: 'OUTPUT2' });
    expect(accounts.find((a: { Code: string }) => a.Code === '820')).toMatchObject({ Name: 'VAT', SystemAccount: 'GST' });
    const rates = (await uk.call('GET', `/TaxRates?where=${encodeURIComponent('CanApplyToRevenue==true AND EffectiveRate>0')}`)).data.TaxRates;
    expect(rates.map((t: { TaxType: string }) => t.TaxType)).toEqual(['OUTPUT2', 'RROUTPUT']);
    const au = testEmulator({ tenants: [{ name: 'AU', region: 'AU' }] });
    expect((await au.call('GET', '/TaxRates/OUTPUT')).data.TaxRates[0]).toMatchObject({ Name: 'GST on Income', EffectiveRate: 10 });
    expect((await au.call('GET', '/Organisation')).data.Organisations[0]).toMatchObject({ BaseCurrency: 'AUD', CountryCode: 'AU' });
    const us = testEmulator({ tenants: [{ name: 'US', region: 'US' }] });
    expect((await us.call('GET', '/TaxRates/TAX002')).data.TaxRates[0].EffectiveRate).toBe(8.875);
  });

  it('creates one account per request, using only the first element', async () => {
    const x = testEmulator();
    const r = await x.call('PUT', '/Accounts', { Accounts: [{ Code: '855', Name: 'Clearing', Type: 'CURRLIAB' }, { Code: '856', Name: 'Ignored', Type: 'CURRLIAB' }] });
    expect(r.data.Accounts).toHaveLength(1);
    const codes = (await x.call('GET', '/Accounts')).data.Accounts.map((a: { Code: string }) => a.Code);
    expect(codes).toContain('855');
    expect(codes).not.toContain('856');
  });

  it('checks account codes, names and currencies with Xero messages', async () => {
    const x = testEmulator();
    const messages = async (body: unknown) => (await x.call('PUT', '/Accounts', body)).data.Elements[0].ValidationErrors.map((e: { Message: string }) => e.Message);
    expect(await messages({ Code: '12345678901', Name: 'Long', Type: 'REVENUE' })).toEqual(['Account Code is too long. Maximum of 10 characters allowed']);
    expect(await messages({ Code: '201', Name: 'sales', Type: 'REVENUE' })).toEqual(['Please enter a unique Name.']);
    expect(await messages({ Code: '092', Name: 'Euro account', Type: 'BANK', BankAccountNumber: '1', CurrencyCode: 'EUR' })).toEqual([
      "The current organisation is not subscribed to currency 'EUR'.",
    ]);
  });

  it('archives an account so lines can no longer use it', async () => {
    const x = testEmulator();
    const account = (await x.call('PUT', '/Accounts', { Code: '261', Name: 'Old sales', Type: 'REVENUE' })).data.Accounts[0];
    await x.call('POST', `/Accounts/${account.AccountID}`, { Accounts: [{ Status: 'ARCHIVED' }] });
    const r = await x.call('PUT', '/Invoices', { Invoices: [{ Type: 'ACCREC', Contact: { Name: 'A' }, LineItems: [{ Description: 'a', Quantity: 1, UnitAmount: 1, AccountCode: '261' }] }] });
    expect(r.data.Elements[0].ValidationErrors[0].Message).toBe(
      "Account code '261' has been archived, or has been deleted. Each line item must reference a valid account.",
    );
  });

  it('subscribes to a currency, after which documents may use it', async () => {
    const x = testEmulator();
    const doc = { Invoices: [{ Type: 'ACCREC', Contact: { Name: 'A' }, CurrencyCode: 'EUR', CurrencyRate: 0.55 }] };
    expect((await x.call('PUT', '/Invoices', doc)).statusCode).toBe(400);
    expect((await x.call('PUT', '/Currencies', { Code: 'EUR' })).data.Currencies[0]).toEqual({ Code: 'EUR', Description: 'Euro' });
    const r = await x.call('PUT', '/Invoices', doc);
    expect(r.data.Invoices[0]).toMatchObject({ CurrencyCode: 'EUR', CurrencyRate: 0.55 });
  });

  it('tracks lines with at most two active categories', async () => {
    const x = testEmulator();
    const store = (await x.call('PUT', '/TrackingCategories', { Name: 'Store' })).data.TrackingCategories[0];
    await x.call('PUT', `/TrackingCategories/${store.TrackingCategoryID}/Options`, { Name: 'Default Store View' });
    await x.call('PUT', '/TrackingCategories', { Name: 'Region' });
    const third = await x.call('PUT', '/TrackingCategories', { Name: 'Channel' });
    expect(third.data.Elements[0].ValidationErrors[0].Message).toBe('You can only have 2 active tracking categories.');
    const line = { Description: 'a', Quantity: 1, UnitAmount: 1, AccountCode: '200' };
    const ok = await x.call('PUT', '/Invoices', { Invoices: [{ Type: 'ACCREC', Contact: { Name: 'A' }, LineItems: [{ ...line, Tracking: [{ Name: 'Store', Option: 'Default Store View' }] }] }] });
    expect(ok.data.Invoices[0].LineItems[0].Tracking[0]).toMatchObject({ Name: 'Store', Option: 'Default Store View', TrackingCategoryID: store.TrackingCategoryID });
    const bad = await x.call('PUT', '/Invoices', { Invoices: [{ Type: 'ACCREC', Contact: { Name: 'A' }, LineItems: [{ ...line, Tracking: [{ Name: 'Store', Option: 'Nope' }] }] }] });
    expect(bad.statusCode).toBe(400);
    // Names of at most 100 characters, categories and options alike (xero_accounting.yaml: TrackingCategory.Name,
    // TrackingOption.Name maxLength 100); an option name is unique within its category.
    const long = await x.call('PUT', `/TrackingCategories/${store.TrackingCategoryID}/Options`, { Name: 'x'.repeat(101) });
    expect(long.data.Elements[0].ValidationErrors[0].Message).toBe('Name must not be longer than 100 characters.');
    const twice = await x.call('PUT', `/TrackingCategories/${store.TrackingCategoryID}/Options`, { Name: 'default store view' });
    expect(twice.data.Elements[0].ValidationErrors[0].Message).toBe('Please enter a unique Name.');
  });

  it('keeps organisations apart', async () => {
    const app = buildXeroEmulator({ tenants: [{ name: 'One', region: 'NZ' }, { name: 'Two', region: 'NZ' }] });
    const h = xeroEmulatorOf(app);
    const token = h.issueToken().access_token;
    const [one, two] = h.tenantIds();
    const put = (tenant: string) => app.inject({ method: 'PUT', url: '/api.xro/2.0/Invoices', headers: { authorization: `Bearer ${token}`, 'xero-tenant-id': tenant ?? '', 'content-type': 'application/json' }, payload: JSON.stringify({ Invoices: [{ Type: 'ACCREC', InvoiceNumber: 'M-1', Contact: { Name: 'A' } }] }) });
    expect((await put(one ?? '')).statusCode).toBe(200);
    expect((await put(two ?? '')).statusCode).toBe(200);
    expect((await put(one ?? '')).statusCode).toBe(400);
  });
});
