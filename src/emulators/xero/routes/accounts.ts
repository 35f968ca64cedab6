/** /Accounts: list, get, create one per request (Xero uses only the first element), update, delete. */
import { randomUUID } from 'node:crypto';
import { elementsOf, isGuid, notFound, ok, postDataInvalid, validationException } from '../envelope.js';
import type { ApiRequest, ApiResult } from '../envelope.js';
import { list } from '../list.js';
import type { AccountRecord } from '../model.js';
import { renderAccount } from '../render.js';
import { ACCOUNT_TYPE_CLASS } from '../seed-accounts.js';
import type { Organisation } from '../state.js';
import type { Route } from './route.js';

const FIELDS = ['AccountID', 'Code', 'Name', 'Type', 'Status', 'TaxType', 'Class', 'BankAccountNumber', 'BankAccountType', 'CurrencyCode', 'EnablePaymentsToAccount', 'SystemAccount', 'UpdatedDateUTC', 'ReportingCode', 'Description', 'ShowInExpenseClaims'];

function getAccounts(request: ApiRequest): ApiResult {
  return list(request, request.org.accounts.values(), {
    plural: 'Accounts',
    typeName: 'Account',
    paged: false,
    fields: FIELDS,
    view: (a) => ({ ...a, UpdatedDateUTC: a.updatedAt }),
    updatedAt: (a) => a.updatedAt,
    render: renderAccount,
  });
}

function getAccount(request: ApiRequest): ApiResult {
  const id = request.params['id'] ?? '';
  const account = isGuid(id) ? request.org.accounts.get(id.toLowerCase()) : undefined;
  if (!account) return notFound();
  return ok(request.now, 'Accounts', [renderAccount(account)]);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function validate(org: Organisation, e: Record<string, unknown>, existing: AccountRecord | undefined): string[] {
  const errors: string[] = [];
  const code = str(e['Code']) ?? existing?.Code;
  const name = str(e['Name']) ?? existing?.Name;
  const type = str(e['Type']) ?? existing?.Type;
  if (!code) errors.push('Please enter a Code.');
  else if (code.length > 10) errors.push('Account Code is too long. Maximum of 10 characters allowed');
  else {
    const clash = org.accountByCode(code);
    if (clash && clash.AccountID !== existing?.AccountID) errors.push('Please enter a unique Code.');
  }
  if (!name) errors.push('Please enter a Name.');
  else {
    for (const a of org.accounts.values()) {
      if (a.AccountID !== existing?.AccountID && a.Status !== 'DELETED' && a.Name.toLowerCase() === name.toLowerCase()) {
        errors.push('Please enter a unique Name.');
        break;
      }
    }
  }
  if (!type || !(type in ACCOUNT_TYPE_CLASS)) errors.push('Please select a valid Account Type.');
  const bankNumber = str(e['BankAccountNumber']);
  if (type === 'BANK') {
    if (!bankNumber && !existing?.BankAccountNumber) errors.push('Please enter a Bank Account Number.');
    for (const a of org.accounts.values()) {
      if (bankNumber && a.AccountID !== existing?.AccountID && a.BankAccountNumber === bankNumber) {
        errors.push('The Account Number already exists. Please enter a different Account Number.');
        break;
      }
    }
  }
  const currency = str(e['CurrencyCode']);
  if (currency && !org.isCurrencyEnabled(currency)) errors.push(`The current organisation is not subscribed to currency '${currency}'.`);
  const taxType = str(e['TaxType']);
  if (taxType && !org.taxRate(taxType)) errors.push(`The TaxType code ${taxType} does not exist or cannot be used for this type of transaction.`);
  const status = str(e['Status']);
  if (status && !['ACTIVE', 'ARCHIVED'].includes(status)) errors.push(`Status '${status}' is not valid.`);
  return errors;
}

function apply(org: Organisation, e: Record<string, unknown>, existing: AccountRecord | undefined, now: number): AccountRecord {
  const type = str(e['Type']) ?? existing?.Type ?? 'REVENUE';
  const record: AccountRecord = {
    AccountID: existing?.AccountID ?? randomUUID(),
    Code: str(e['Code']) ?? existing?.Code ?? '',
    Name: str(e['Name']) ?? existing?.Name ?? '',
    Type: type,
    Status: (str(e['Status']) as AccountRecord['Status'] | undefined) ?? existing?.Status ?? 'ACTIVE',
    TaxType: str(e['TaxType']) ?? existing?.TaxType ?? org.seed.none,
    EnablePaymentsToAccount: typeof e['EnablePaymentsToAccount'] === 'boolean' ? e['EnablePaymentsToAccount'] : existing?.EnablePaymentsToAccount ?? false,
    ShowInExpenseClaims: typeof e['ShowInExpenseClaims'] === 'boolean' ? e['ShowInExpenseClaims'] : existing?.ShowInExpenseClaims ?? false,
    Class: ACCOUNT_TYPE_CLASS[type] ?? 'ASSET',
    updatedAt: now,
  };
  const copy = (field: 'Description' | 'BankAccountNumber' | 'ReportingCode' | 'SystemAccount') => {
    const v = str(e[field]) ?? existing?.[field];
    if (v !== undefined) record[field] = v;
  };
  copy('Description');
  copy('BankAccountNumber');
  copy('ReportingCode');
  copy('SystemAccount');
  if (type === 'BANK') {
    record.BankAccountType = str(e['BankAccountType']) ?? existing?.BankAccountType ?? 'BANK';
    record.CurrencyCode = str(e['CurrencyCode']) ?? existing?.CurrencyCode ?? org.baseCurrency;
  }
  return record;
}

function writeAccount(request: ApiRequest): ApiResult {
  const elements = elementsOf(request.body, 'Accounts');
  if (!elements) return postDataInvalid('the request body is not an element or a list of elements.');
  const element = elements[0];
  if (!element) return postDataInvalid('the request body is not an element or a list of elements.');
  const id = request.params['id'];
  let existing: AccountRecord | undefined;
  if (id !== undefined) {
    existing = isGuid(id) ? request.org.accounts.get(id.toLowerCase()) : undefined;
    if (!existing) return notFound();
  }
  const errors = validate(request.org, element, existing);
  if (errors.length > 0) return validationException([{ ...element, ValidationErrors: errors.map((Message) => ({ Message })) }]);
  const record = apply(request.org, element, existing, request.now);
  request.org.putAccount(record, existing?.Code);
  return ok(request.now, 'Accounts', [renderAccount(record)]);
}

function deleteAccount(request: ApiRequest): ApiResult {
  const id = request.params['id'] ?? '';
  const account = isGuid(id) ? request.org.accounts.get(id.toLowerCase()) : undefined;
  if (!account) return notFound();
  if (account.SystemAccount) {
    return validationException([{ ...renderAccount(account), ValidationErrors: [{ Message: 'System accounts cannot be deleted.' }] }]);
  }
  account.Status = 'DELETED';
  account.updatedAt = request.now;
  return ok(request.now, 'Accounts', [renderAccount(account)]);
}

export const accountRoutes: Route[] = [
  { method: 'GET', path: '/Accounts', handler: getAccounts },
  { method: 'GET', path: '/Accounts/:id', handler: getAccount },
  { method: 'PUT', path: '/Accounts', handler: writeAccount },
  { method: 'POST', path: '/Accounts/:id', handler: writeAccount },
  { method: 'DELETE', path: '/Accounts/:id', handler: deleteAccount },
];
