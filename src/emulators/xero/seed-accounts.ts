/**
 * A realistic starting organisation per region: chart of accounts, tax rates, base currency, time zone. Codes and names
 * follow Xero's default charts closely enough for a connector's account and tax mapping to meet familiar choices.
 */
import type { AccountClass, AccountRecord, TaxRateRecord } from './model.js';
import type { Region } from './options.js';
import { parseScaled } from './money.js';

interface AccountSeed {
  Code: string;
  Name: string;
  Type: string;
  tax: 'output' | 'input' | 'none';
  SystemAccount?: string;
  bank?: string;
}

const CHART: AccountSeed[] = [
  { Code: '090', Name: 'Business Bank Account', Type: 'BANK', tax: 'none', bank: '12-3456-7890123-00' },
  { Code: '091', Name: 'Business Savings Account', Type: 'BANK', tax: 'none', bank: '12-3456-7890123-01' },
  { Code: '200', Name: 'Sales', Type: 'REVENUE', tax: 'output' },
  { Code: '260', Name: 'Other Revenue', Type: 'REVENUE', tax: 'output' },
  { Code: '270', Name: 'Interest Income', Type: 'REVENUE', tax: 'none' },
  { Code: '310', Name: 'Cost of Goods Sold', Type: 'DIRECTCOSTS', tax: 'input' },
  { Code: '400', Name: 'Advertising', Type: 'OVERHEADS', tax: 'input' },
  { Code: '404', Name: 'Bank Fees', Type: 'OVERHEADS', tax: 'none' },
  { Code: '429', Name: 'General Expenses', Type: 'OVERHEADS', tax: 'input' },
  { Code: '610', Name: 'Accounts Receivable', Type: 'CURRENT', tax: 'none', SystemAccount: 'DEBTORS' },
  { Code: '620', Name: 'Prepayments', Type: 'CURRENT', tax: 'none' },
  { Code: '630', Name: 'Inventory', Type: 'INVENTORY', tax: 'none' },
  { Code: '800', Name: 'Accounts Payable', Type: 'CURRLIAB', tax: 'none', SystemAccount: 'CREDITORS' },
  { Code: '820', Name: 'Sales Tax', Type: 'CURRLIAB', tax: 'none', SystemAccount: 'GST' },
  { Code: '860', Name: 'Rounding', Type: 'CURRLIAB', tax: 'none', SystemAccount: 'ROUNDING' },
  { Code: '877', Name: 'Tracking Transfers', Type: 'CURRLIAB', tax: 'none', SystemAccount: 'TRACKINGTRANSFERS' },
  { Code: '960', Name: 'Retained Earnings', Type: 'EQUITY', tax: 'none', SystemAccount: 'RETAINEDEARNINGS' },
  { Code: '970', Name: 'Owner A Funds Introduced', Type: 'EQUITY', tax: 'none' },
];

export const ACCOUNT_TYPE_CLASS: Record<string, AccountClass> = {
  BANK: 'ASSET',
  CURRENT: 'ASSET',
  FIXED: 'ASSET',
  INVENTORY: 'ASSET',
  NONCURRENT: 'ASSET',
  PREPAYMENT: 'ASSET',
  CURRLIAB: 'LIABILITY',
  LIABILITY: 'LIABILITY',
  TERMLIAB: 'LIABILITY',
  PAYG: 'LIABILITY',
  EQUITY: 'EQUITY',
  DEPRECIATN: 'EXPENSE',
  DIRECTCOSTS: 'EXPENSE',
  EXPENSE: 'EXPENSE',
  OVERHEADS: 'EXPENSE',
  OTHERINCOME: 'REVENUE',
  REVENUE: 'REVENUE',
  SALES: 'REVENUE',
};

interface RegionSeed {
  baseCurrency: string;
  countryCode: string;
  version: string;
  timezone: string;
  /** IANA zone of `timezone`: where "today" is for a document sent without a date. */
  zone: string;
  taxAccountName: string;
  salesTaxBasis: string;
  /** [day, month]; AU's 30 June as recorded (xeroizer organisation.xml, threads/netstd70-organisation-shape). */
  financialYearEnd: [number, number];
  output: string;
  input: string;
  none: string;
  taxRates: Array<{
    TaxType: string;
    Name: string;
    ReportTaxType: string;
    /** 'liability': only liability accounts may use it (Xero's import rates; see the AU list below). */
    use: 'revenue' | 'expense' | 'capital' | 'liability' | 'any';
    /** Account classes a rate may not be used with beyond what `use` says (Xero's constraint tables, below). */
    not?: ReadonlyArray<'Assets' | 'Equity' | 'Expenses' | 'Liabilities' | 'Revenue'>;
    components: Array<[string, string, boolean?, boolean?]>;
  }>;
}

/**
 * The Canadian default rates Xero loads for an organisation in Canada, one sales and one purchases rate per province
 * (help.xero.com/int/CanadaDefaultRates): GST-only provinces 5 %, HST provinces one HST component, and GST plus PST/RST/QST
 * as two components, not compound, the provincial one non-recoverable on purchases. Percentages as that page gives them.
 * ReportTaxType: Global organisations take none on creation; what GET shows for these is not documented, so OUTPUT and
 * INPUT, as on Xero's own Global defaults.
 */
function canadianRates(): RegionSeed['taxRates'] {
  const provinces: Array<[string, string, Array<[string, string]>]> = [
    ['AB', 'GST', [['GST', '5']]],
    ['BC', 'GST/PST', [['GST', '5'], ['PST', '7']]],
    ['MB', 'GST/RST', [['GST', '5'], ['RST', '8']]],
    ['NB', 'HST', [['HST', '15']]],
    ['NL', 'HST', [['HST', '15']]],
    ['NT', 'GST', [['GST', '5']]],
    ['NS', 'HST', [['HST', '15']]],
    ['NU', 'GST', [['GST', '5']]],
    ['ON', 'HST', [['HST', '13']]],
    ['PE', 'HST', [['HST', '15']]],
    ['QC', 'GST/QST', [['GST', '5'], ['QST', '9.975']]],
    ['SK', 'GST/PST', [['GST', '5'], ['PST', '6']]],
    ['YT', 'GST', [['GST', '5']]],
  ];
  let n = 0;
  const code = () => `TAX${String(++n).padStart(3, '0')}`;
  return provinces.flatMap(([province, kind, parts]) => [
    { TaxType: code(), Name: `${province} - ${kind} on Sales`, ReportTaxType: 'OUTPUT', use: 'revenue' as const, components: parts.map(([name, rate]) => [name, rate] as [string, string]) },
    {
      TaxType: code(), Name: `${province} - ${kind} on Purchases`, ReportTaxType: 'INPUT', use: 'expense' as const,
      components: parts.map(([name, rate], i) => [name, rate, false, i > 0] as [string, string, boolean, boolean]),
    },
  ]);
}

const REGIONS: Record<Region, RegionSeed> = {
  NZ: {
    baseCurrency: 'NZD', countryCode: 'NZ', version: 'NZ', timezone: 'NEWZEALANDSTANDARDTIME', zone: 'Pacific/Auckland', taxAccountName: 'GST',
    salesTaxBasis: 'INVOICE', financialYearEnd: [31, 3], output: 'OUTPUT2', input: 'INPUT2', none: 'NONE',
    taxRates: [
      { TaxType: 'OUTPUT2', Name: 'GST on Income', ReportTaxType: 'OUTPUT', use: 'revenue', components: [['GST', '15']] },
      { TaxType: 'INPUT2', Name: 'GST on Expenses', ReportTaxType: 'INPUT', use: 'expense', components: [['GST', '15']] },
      // Xero's NZ constraints (developer.xero.com tax rates, "Tax Rate Constraints", as tabled at
      // support.tradegecko.com 202544653): Zero Rated only on revenue and liabilities; GST on Imports only on liabilities.
      { TaxType: 'ZERORATED', Name: 'Zero Rated', ReportTaxType: 'OUTPUT', use: 'revenue', not: ['Assets', 'Equity'], components: [['GST', '0']] },
      { TaxType: 'GSTONIMPORTS', Name: 'GST on Imports', ReportTaxType: 'GSTONIMPORTS', use: 'liability', components: [['GST', '0']] },
      { TaxType: 'NONE', Name: 'No GST', ReportTaxType: 'NONE', use: 'any', components: [['GST', '0']] },
    ],
  },
  AU: {
    baseCurrency: 'AUD', countryCode: 'AU', version: 'AU', timezone: 'AUSEASTERNSTANDARDTIME', zone: 'Australia/Sydney', taxAccountName: 'GST',
    salesTaxBasis: 'ACCRUALS', financialYearEnd: [30, 6], output: 'OUTPUT', input: 'INPUT', none: 'BASEXCLUDED',
    // Names, rates and CanApplyTo* of GET /TaxRates of an AU organisation (xeroizer test/stub_responses/tax_rates.xml,
    // replayed in test/replay as xeroizer/tax_rates.xml). That capture (2010) still had "No GST" (NONE) and "GST Exempt"
    // (EXEMPTINPUT); Xero retired both on 25 March 2013 for "BAS Excluded", "GST Free Expenses" and "GST Free Capital"
    // (developer.xero.com/changes-to-tax-codes-in-australia; help.xero.com/au/GSTChanges), so those are seeded instead
    // and the retired codes are mapped as Xero maps them (validation/tax-type.ts). ReportTaxType of the capital rates:
    // CAPITALEXINPUT and EXEMPTCAPITAL as Xero's AU demo company reports them (XeroAPI/Xero-OpenAPI#95, #101).
    taxRates: [
      { TaxType: 'OUTPUT', Name: 'GST on Income', ReportTaxType: 'OUTPUT', use: 'revenue', components: [['GST', '10']] },
      { TaxType: 'INPUT', Name: 'GST on Expenses', ReportTaxType: 'INPUT', use: 'expense', components: [['GST', '10']] },
      { TaxType: 'CAPEXINPUT', Name: 'GST on Capital', ReportTaxType: 'CAPITALEXINPUT', use: 'capital', components: [['GST', '10']] },
      { TaxType: 'EXEMPTEXPORT', Name: 'GST Free Exports', ReportTaxType: 'EXEMPTEXPORT', use: 'revenue', components: [['GST', '0']] },
      { TaxType: 'EXEMPTOUTPUT', Name: 'GST Free Income', ReportTaxType: 'EXEMPTOUTPUT', use: 'revenue', components: [['GST', '0']] },
      { TaxType: 'EXEMPTEXPENSES', Name: 'GST Free Expenses', ReportTaxType: 'EXEMPTEXPENSES', use: 'expense', components: [['GST', '0']] },
      // Not in the 2010 capture (added 2013); its CanApplyTo* follow "GST on Capital", its taxed counterpart.
      { TaxType: 'EXEMPTCAPITAL', Name: 'GST Free Capital', ReportTaxType: 'EXEMPTCAPITAL', use: 'capital', components: [['GST', '0']] },
      { TaxType: 'INPUTTAXED', Name: 'Input Taxed', ReportTaxType: 'INPUTTAXED', use: 'any', components: [['GST', '0']] },
      { TaxType: 'BASEXCLUDED', Name: 'BAS Excluded', ReportTaxType: 'BASEXCLUDED', use: 'any', components: [['GST', '0']] },
      { TaxType: 'GSTONCAPIMPORTS', Name: 'GST on Capital Imports', ReportTaxType: 'GSTONCAPIMPORTS', use: 'liability', components: [['GST', '0']] },
      { TaxType: 'GSTONIMPORTS', Name: 'GST on Imports', ReportTaxType: 'GSTONIMPORTS', use: 'liability', components: [['GST', '0']] },
    ],
  },
  UK: {
    baseCurrency: 'GBP', countryCode: 'GB', version: 'UK', timezone: 'GMTSTANDARDTIME', zone: 'Europe/London', taxAccountName: 'VAT',
    salesTaxBasis: 'ACCRUAL', financialYearEnd: [31, 3], output: 'OUTPUT2', input: 'INPUT2', none: 'NONE',
    taxRates: [
      { TaxType: 'OUTPUT2', Name: '20% (VAT on Income)', ReportTaxType: 'OUTPUT', use: 'revenue', components: [['VAT', '20']] },
      { TaxType: 'INPUT2', Name: '20% (VAT on Expenses)', ReportTaxType: 'INPUT', use: 'expense', components: [['VAT', '20']] },
      { TaxType: 'RROUTPUT', Name: '5% (VAT on Income)', ReportTaxType: 'OUTPUT', use: 'revenue', components: [['VAT', '5']] },
      { TaxType: 'RRINPUT', Name: '5% (VAT on Expenses)', ReportTaxType: 'INPUT', use: 'expense', components: [['VAT', '5']] },
      { TaxType: 'ZERORATEDOUTPUT', Name: 'Zero Rated Income', ReportTaxType: 'OUTPUT', use: 'revenue', components: [['VAT', '0']] },
      { TaxType: 'ZERORATEDINPUT', Name: 'Zero Rated Expenses', ReportTaxType: 'INPUT', use: 'expense', components: [['VAT', '0']] },
      { TaxType: 'EXEMPTOUTPUT', Name: 'Exempt Income', ReportTaxType: 'EXEMPTOUTPUT', use: 'revenue', components: [['VAT', '0']] },
      { TaxType: 'EXEMPTINPUT', Name: 'Exempt Expenses', ReportTaxType: 'EXEMPTINPUT', use: 'expense', components: [['VAT', '0']] },
      { TaxType: 'NONE', Name: 'No VAT', ReportTaxType: 'NONE', use: 'any', components: [['VAT', '0']] },
    ],
  },
  US: {
    baseCurrency: 'USD', countryCode: 'US', version: 'US', timezone: 'EASTERNSTANDARDTIME', zone: 'America/New_York', taxAccountName: 'Sales Tax',
    salesTaxBasis: 'ACCRUAL', financialYearEnd: [31, 3], output: 'OUTPUT', input: 'INPUT', none: 'NONE',
    taxRates: [
      // US defaults (help.xero.com/us/Tax-SetDefaults) and their constraints (developer.xero.com tax rates, "Tax Rate
      // Constraints", as tabled at support.tradegecko.com 202544653): Tax on Sales, Tax on Purchases and Tax Exempt on
      // every account type; Sales Tax on Imports only on liabilities.
      { TaxType: 'OUTPUT', Name: 'Tax on Sales', ReportTaxType: 'OUTPUT', use: 'any', components: [['Sales Tax', '0']] },
      { TaxType: 'INPUT', Name: 'Tax on Purchases', ReportTaxType: 'INPUT', use: 'any', components: [['Sales Tax', '0']] },
      { TaxType: 'NONE', Name: 'Tax Exempt', ReportTaxType: 'NONE', use: 'any', components: [['Sales Tax', '0']] },
      { TaxType: 'GSTONIMPORTS', Name: 'Sales Tax on Imports', ReportTaxType: 'GSTONIMPORTS', use: 'liability', components: [['Sales Tax', '0']] },
      {
        TaxType: 'TAX001', Name: 'California Sales Tax', ReportTaxType: 'USSALESTAX', use: 'revenue',
        components: [['State', '6'], ['County', '0.25'], ['District', '1']],
      },
      {
        TaxType: 'TAX002', Name: 'New York City Sales Tax', ReportTaxType: 'USSALESTAX', use: 'revenue',
        components: [['State', '4'], ['City', '4.5'], ['MCTD', '0.375']],
      },
    ],
  },
  CA: {
    // A Canadian organisation: Xero's GLOBAL version with CountryCode CA (Organisation.Version has no CA), the Global
    // default rates with their constraints (as the US ones above) and the Canadian provincial rates.
    baseCurrency: 'CAD', countryCode: 'CA', version: 'GLOBAL', timezone: 'EASTERNSTANDARDTIME', zone: 'America/Toronto', taxAccountName: 'Sales Tax',
    // Financial year end: as the other seeds that have no recorded one of their own.
    salesTaxBasis: 'ACCRUAL', financialYearEnd: [31, 3], output: 'OUTPUT', input: 'INPUT', none: 'NONE',
    taxRates: [
      { TaxType: 'OUTPUT', Name: 'Tax on Sales', ReportTaxType: 'OUTPUT', use: 'any', components: [['Sales Tax', '0']] },
      { TaxType: 'INPUT', Name: 'Tax on Purchases', ReportTaxType: 'INPUT', use: 'any', components: [['Sales Tax', '0']] },
      { TaxType: 'NONE', Name: 'Tax Exempt', ReportTaxType: 'NONE', use: 'any', components: [['Sales Tax', '0']] },
      { TaxType: 'GSTONIMPORTS', Name: 'Sales Tax on Imports', ReportTaxType: 'GSTONIMPORTS', use: 'liability', components: [['Sales Tax', '0']] },
      ...canadianRates(),
    ],
  },
};

export function regionSeed(region: Region): RegionSeed {
  return REGIONS[region];
}

export function seedTaxRates(region: Region): TaxRateRecord[] {
  return REGIONS[region].taxRates.map((t) => ({
    TaxType: t.TaxType,
    Name: t.Name,
    ReportTaxType: t.ReportTaxType,
    Status: 'ACTIVE',
    components: t.components.map(([name, rate, compound, nonRecoverable]) => ({
      Name: name,
      rate4: parseScaled(rate, 4) ?? 0n,
      IsCompound: compound ?? false,
      IsNonRecoverable: nonRecoverable ?? false,
    })),
    CanApplyToAssets: t.use !== 'liability' && !t.not?.includes('Assets'),
    CanApplyToEquity: t.use !== 'liability' && !t.not?.includes('Equity'),
    CanApplyToLiabilities: !t.not?.includes('Liabilities'),
    CanApplyToExpenses: (t.use === 'expense' || t.use === 'capital' || t.use === 'any') && !t.not?.includes('Expenses'),
    CanApplyToRevenue: (t.use === 'revenue' || t.use === 'any') && !t.not?.includes('Revenue'),
  }));
}

export function seedAccounts(region: Region, newId: () => string, now: number): AccountRecord[] {
  const r = REGIONS[region];
  return CHART.map((a) => {
    const record: AccountRecord = {
      AccountID: newId(),
      Code: a.Code,
      Name: a.Code === '820' ? r.taxAccountName : a.Name,
      Type: a.Type,
      Status: 'ACTIVE',
      TaxType: a.tax === 'output' ? r.output : a.tax === 'input' ? r.input : r.none,
      EnablePaymentsToAccount: false,
      ShowInExpenseClaims: a.Type === 'OVERHEADS',
      Class: ACCOUNT_TYPE_CLASS[a.Type] ?? 'ASSET',
      updatedAt: now,
    };
    if (a.SystemAccount) record.SystemAccount = a.SystemAccount;
    if (a.bank) {
      record.BankAccountNumber = a.bank;
      record.BankAccountType = 'BANK';
      record.CurrencyCode = r.baseCurrency;
    }
    return record;
  });
}

const CURRENCY_NAMES: Record<string, string> = {
  AUD: 'Australian Dollar', CAD: 'Canadian Dollar', CHF: 'Swiss Franc', EUR: 'Euro', GBP: 'British Pound',
  JPY: 'Japanese Yen', NZD: 'New Zealand Dollar', SEK: 'Swedish Krona', SGD: 'Singapore Dollar', USD: 'United States Dollar',
};

export function currencyDescription(code: string): string {
  return CURRENCY_NAMES[code] ?? code;
}
