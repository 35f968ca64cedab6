/** /TaxRates: list, get by TaxType, create and update (one rate per request, like Accounts). */
import { elementsOf, notFound, ok, postDataInvalid, validationException } from '../envelope.js';
import type { ApiRequest, ApiResult } from '../envelope.js';
import { list } from '../list.js';
import { parseScaled, toNumber } from '../money.js';
import type { TaxComponentRecord, TaxRateRecord } from '../model.js';
import { renderTaxRate } from '../render.js';
import { effectiveRate4 } from '../totals.js';
import type { Region } from '../options.js';
import type { Route } from './route.js';

/**
 * ReportTaxType on a new rate. Xero's tax-rates page: "Required when creating tax rates for AU, NZ and UK orgs. Note - US
 * and Global versions do not support the ReportTaxType element." (quoted in calcinai/xero-php#285, xeroizer#325; replayed
 * as threads/doc-taxrate-reporttaxtype). The values each region takes are those Xero's ReportTaxTypes list gives per
 * region (as listed at help.odatalink.com "Xero Accounting Field: ReportTaxTypes"; AU CAPITALEXINPUT / EXEMPTCAPITAL also
 * seen from Xero's AU demo company, XeroAPI/Xero-OpenAPI#95, #101).
 */
export const REPORT_TAX_TYPES: Partial<Record<Region, readonly string[]>> = {
  AU: ['BASEXCLUDED', 'CAPITALEXINPUT', 'EXEMPTCAPITAL', 'EXEMPTEXPENSES', 'EXEMPTEXPORT', 'EXEMPTOUTPUT', 'GSTONCAPIMPORTS', 'GSTONIMPORTS', 'INPUT', 'INPUTTAXED', 'OUTPUT'],
  NZ: ['EXEMPTINPUT', 'EXEMPTOUTPUT', 'GSTONIMPORTS', 'INPUT', 'NONE', 'OUTPUT'],
  UK: ['CAPITALEXPENSESINPUT', 'CAPITALSALESOUTPUT', 'ECACQUISITIONS', 'ECINPUT', 'ECOUTPUT', 'ECOUTPUTSERVICES', 'EXEMPTINPUT', 'EXEMPTOUTPUT', 'GSTONIMPORTS', 'INPUT', 'MOSSSALES', 'NONE', 'OUTPUT', 'REVERSECHARGES'],
};
/** Wording of calcinai/xero-php#323 (2017), which reads as Xero's answer to a US/global rate sent with ReportTaxType. */
export const REPORT_TAX_TYPE_NOT_PERMITTED = 'The ReportTaxType value is not permitted when creating a tax type for a global organisation.';
/** The emulator's own wording: no recorded answer of Xero to a missing or unknown ReportTaxType was found. */
export const REPORT_TAX_TYPE_REQUIRED = 'A ReportTaxType must be specified when creating a tax rate for this organisation.';
export function reportTaxTypeInvalid(value: string): string {
  return `The ReportTaxType '${value}' cannot be used in this organisation.`;
}

/** The ReportTaxType problems of a created (or updated) rate in `region`. */
function reportTaxTypeProblems(region: Region, value: unknown, creating: boolean): string[] {
  const allowed = REPORT_TAX_TYPES[region];
  if (!allowed) return value === undefined || value === null ? [] : [REPORT_TAX_TYPE_NOT_PERMITTED];
  if (value === undefined || value === null || value === '') return creating ? [REPORT_TAX_TYPE_REQUIRED] : [];
  return allowed.includes(String(value).toUpperCase()) ? [] : [reportTaxTypeInvalid(String(value))];
}

const FIELDS = ['Name', 'TaxType', 'Status', 'ReportTaxType', 'CanApplyToAssets', 'CanApplyToEquity', 'CanApplyToExpenses', 'CanApplyToLiabilities', 'CanApplyToRevenue', 'EffectiveRate', 'DisplayTaxRate'];

function getTaxRates(request: ApiRequest): ApiResult {
  return list(request, request.org.taxRates.values(), {
    plural: 'TaxRates',
    typeName: 'TaxRate',
    paged: false,
    fields: FIELDS,
    view: (t) => {
      const rate = toNumber(effectiveRate4(t.components.map((c) => ({ rate4: c.rate4, isCompound: c.IsCompound }))), 4);
      return { ...t, EffectiveRate: rate, DisplayTaxRate: rate };
    },
    updatedAt: () => Number.POSITIVE_INFINITY,
    render: renderTaxRate,
  });
}

function getTaxRate(request: ApiRequest): ApiResult {
  const rate = request.org.taxRate(request.params['taxType'] ?? '');
  if (!rate) return notFound();
  return ok(request.now, 'TaxRates', [renderTaxRate(rate)]);
}

function parseComponents(value: unknown, errors: string[]): TaxComponentRecord[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    errors.push('At least one tax component is required.');
    return undefined;
  }
  const out: TaxComponentRecord[] = [];
  for (const raw of value) {
    const c = (raw ?? {}) as Record<string, unknown>;
    const rate4 = parseScaled(c['Rate'], 4);
    if (typeof c['Name'] !== 'string' || c['Name'] === '') errors.push('Tax component name is required.');
    if (rate4 === undefined || rate4 < 0n) errors.push('Tax component rate must be a number of at most 4 decimal places.');
    out.push({
      Name: typeof c['Name'] === 'string' ? c['Name'] : '',
      rate4: rate4 ?? 0n,
      IsCompound: c['IsCompound'] === true,
      IsNonRecoverable: c['IsNonRecoverable'] === true,
    });
  }
  return out;
}

function writeTaxRate(mode: 'create' | 'update') {
  return (request: ApiRequest): ApiResult => {
    const { org } = request;
    const element = elementsOf(request.body, 'TaxRates')?.[0];
    if (!element) return postDataInvalid('the request body is not an element or a list of elements.');
    const errors: string[] = [];
    const name = typeof element['Name'] === 'string' ? element['Name'].trim() : undefined;
    const taxType = typeof element['TaxType'] === 'string' ? element['TaxType'] : undefined;
    let existing: TaxRateRecord | undefined;
    if (mode === 'update') {
      existing = taxType !== undefined ? org.taxRate(taxType) : [...org.taxRates.values()].find((t) => t.Name === name);
      if (!existing) return validationException([{ ...element, ValidationErrors: [{ Message: 'The tax rate could not be found.' }] }]);
    }
    if (!existing && !name) errors.push('Please enter a Name.');
    if (name) {
      const clash = [...org.taxRates.values()].find((t) => t.Name.toLowerCase() === name.toLowerCase() && t.Status !== 'DELETED');
      if (clash && clash !== existing) errors.push('Please enter a unique Name.');
    }
    const components = parseComponents(element['TaxComponents'], errors);
    if (!existing && !components) errors.push('At least one tax component is required.');
    errors.push(...reportTaxTypeProblems(org.region, element['ReportTaxType'], !existing));
    const status = element['Status'];
    if (status !== undefined && !['ACTIVE', 'DELETED', 'ARCHIVED'].includes(String(status))) errors.push(`Status '${String(status)}' is not valid.`);
    if (errors.length > 0) return validationException([{ ...element, ValidationErrors: errors.map((Message) => ({ Message })) }]);
    // A US rate has no ReportTaxType of its own; Xero reports its sales tax rates as USSALESTAX (as the seeded ones). A
    // Global (Canadian) organisation's new rate: undocumented, shown as OUTPUT like the Global default sales rate.
    const report =
      typeof element['ReportTaxType'] === 'string' ? element['ReportTaxType'].toUpperCase() : existing?.ReportTaxType ?? (org.region === 'US' ? 'USSALESTAX' : 'OUTPUT');
    const record: TaxRateRecord = existing ?? {
      TaxType: org.nextTaxType(),
      Name: name ?? '',
      components: [],
      Status: 'ACTIVE',
      ReportTaxType: report,
      CanApplyToAssets: true,
      CanApplyToEquity: true,
      CanApplyToLiabilities: true,
      CanApplyToExpenses: !/OUTPUT|SALES/.test(report),
      CanApplyToRevenue: !/INPUT|EXPENSE|PURCHASE/.test(report),
    };
    if (name) record.Name = name;
    if (components) record.components = components;
    if (status !== undefined) record.Status = status as TaxRateRecord['Status'];
    record.ReportTaxType = report;
    org.taxRates.set(record.TaxType, record);
    return ok(request.now, 'TaxRates', [renderTaxRate(record)]);
  };
}

export const taxRateRoutes: Route[] = [
  { method: 'GET', path: '/TaxRates', handler: getTaxRates },
  { method: 'GET', path: '/TaxRates/:taxType', handler: getTaxRate },
  { method: 'PUT', path: '/TaxRates', handler: writeTaxRate('create') },
  { method: 'POST', path: '/TaxRates', handler: writeTaxRate('update') },
];
