/** A contact element of PUT/POST /Contacts checked the way Xero checks it. */
import { randomUUID } from 'node:crypto';
import type { BatchContext, Prepared } from '../batch.js';
import { isGuid } from '../envelope.js';
import type { AddressRecord, ContactRecord, PhoneRecord } from '../model.js';
import { renderContact } from '../render.js';
import type { Organisation } from '../state.js';

export const ARCHIVED_CONTACT =
  'The specified contact details matched an archived contact. Archived contacts cannot currently be edited via the API.';

export const CONTACT_NAME_EMPTY = 'Contact Name cannot be empty.';

export function duplicateContactName(name: string): string {
  return `The contact name ${name} is already assigned to another contact. The contact name must be unique across all active contacts.`;
}

const STRING_FIELDS = [
  'ContactNumber',
  'AccountNumber',
  'FirstName',
  'LastName',
  'CompanyNumber',
  'EmailAddress',
  'BankAccountDetails',
  'TaxNumber',
  'AccountsReceivableTaxType',
  'AccountsPayableTaxType',
  'DefaultCurrency',
  'SalesDefaultAccountCode',
  'PurchasesDefaultAccountCode',
  'XeroNetworkKey',
] as const;

const MAX_LENGTH: Record<string, number> = { ContactNumber: 50, AccountNumber: 50, FirstName: 255, LastName: 255, EmailAddress: 255 };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Finds the contact an element updates: by ContactID, then by ContactNumber. */
export function matchContact(org: Organisation, element: Record<string, unknown>, pathId?: string) {
  const id = pathId ?? element['ContactID'];
  if (typeof id === 'string' && id !== '') {
    return { found: isGuid(id) ? org.contacts.get(id.toLowerCase()) : undefined, byId: true };
  }
  const n = element['ContactNumber'];
  if (typeof n === 'string' && n !== '') return { found: org.contactByNumber(n), byId: false };
  return { found: undefined, byId: false };
}

/** A refused contact as Xero echoes it: what was sent, with its empty lists (threads/netstd156-contact-summarize-false). */
function contactEcho(element: Record<string, unknown>): Record<string, unknown> {
  const list = (key: string) => (Array.isArray(element[key]) ? element[key] : []);
  return { ...element, Addresses: list('Addresses'), Phones: list('Phones'), ContactGroups: list('ContactGroups'), ContactPersons: list('ContactPersons') };
}

export function prepareContact(
  org: Organisation,
  element: Record<string, unknown>,
  batch: BatchContext,
  now: number,
  mode: 'create' | 'upsert',
  pathId?: string,
): Prepared {
  const prepared = checkContact(org, element, batch, now, mode, pathId);
  return prepared.errors.length > 0 ? { errors: prepared.errors, echo: contactEcho(element) } : prepared;
}

function checkContact(
  org: Organisation,
  element: Record<string, unknown>,
  batch: BatchContext,
  now: number,
  mode: 'create' | 'upsert',
  pathId?: string,
): Prepared {
  const errors: string[] = [];
  const match = mode === 'upsert' ? matchContact(org, element, pathId) : { found: undefined, byId: false };
  if (match.byId && !match.found) return { errors: ['The contact could not be found.'] };
  const existing = match.found;
  const requestedStatus = element['ContactStatus'];
  if (existing && existing.ContactStatus === 'ARCHIVED' && requestedStatus !== 'ACTIVE') {
    return { errors: [ARCHIVED_CONTACT] };
  }
  const rawName = element['Name'];
  const name = typeof rawName === 'string' ? rawName.trim() : existing?.Name;
  // threads/xeroizer380-contactnumber-only: a contact with only a ContactNumber.
  if (name === undefined || name === '') errors.push(CONTACT_NAME_EMPTY);
  else if (name.length > 255) errors.push('The contact name must not be longer than 255 characters.');
  const status =
    requestedStatus === 'ARCHIVED' || requestedStatus === 'ACTIVE' ? requestedStatus : existing?.ContactStatus ?? 'ACTIVE';
  if (name && status === 'ACTIVE') {
    const clash = org.activeContactByName(name);
    const key = `contact-name:${name.toLowerCase()}`;
    if ((clash && clash.ContactID !== existing?.ContactID) || batch.has(key)) errors.push(duplicateContactName(name));
    else batch.reserve(key);
  }
  const fields: Record<string, string | boolean> = { ...(existing?.fields ?? {}) };
  for (const f of STRING_FIELDS) {
    const v = element[f];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') {
      errors.push(`${f} must be a string.`);
      continue;
    }
    const max = MAX_LENGTH[f];
    if (max !== undefined && v.length > max) errors.push(`${f} must not be longer than ${max} characters.`);
    fields[f] = v;
  }
  const email = fields['EmailAddress'];
  if (typeof email === 'string' && email !== '' && !EMAIL.test(email)) errors.push('Email address must be valid.');
  const currency = fields['DefaultCurrency'];
  if (typeof currency === 'string' && currency !== '' && !org.isCurrencyEnabled(currency)) {
    errors.push(`Organisation is not subscribed to currency ${currency}`);
  }
  const addresses = listOf<AddressRecord>(element['Addresses'], ['POBOX', 'STREET'], 'AddressType', errors);
  const phones = listOf<PhoneRecord>(element['Phones'], ['DEFAULT', 'DDI', 'MOBILE', 'FAX', 'OFFICE'], 'PhoneType', errors);
  if (errors.length > 0 || name === undefined) return { errors };
  return {
    errors: [],
    commit: () => {
      const record: ContactRecord = {
        ContactID: existing?.ContactID ?? randomUUID(),
        ContactStatus: status,
        Name: name,
        fields,
        Addresses: addresses ?? existing?.Addresses ?? [],
        Phones: phones ?? existing?.Phones ?? [],
        updatedAt: now,
      };
      org.putContact(record, existing);
      return renderContact(record);
    },
  };
}

function listOf<T>(value: unknown, types: string[], typeField: string, errors: string[]): T[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    errors.push(`${typeField.replace('Type', '')}es must be a list.`);
    return undefined;
  }
  const out: T[] = [];
  for (const entry of value) {
    if (entry === null || typeof entry !== 'object') continue;
    const record: Record<string, string> = {};
    for (const [k, v] of Object.entries(entry as Record<string, unknown>)) if (typeof v === 'string') record[k] = v;
    const t = record[typeField];
    if (t !== undefined && !types.includes(t)) errors.push(`${typeField} '${t}' is not valid.`);
    out.push(record as T);
  }
  return out;
}

/** The contact a document names: by ContactID, ContactNumber or Name; a new one is created for an unknown name. */
export function resolveDocumentContact(
  org: Organisation,
  value: unknown,
  now: number,
  batch?: BatchContext,
): { contact: ContactRecord; create: boolean } | { error: string } {
  if (value === null || typeof value !== 'object') return { error: 'A Contact must be specified for this type of transaction' };
  const c = value as Record<string, unknown>;
  let found: ContactRecord | undefined;
  if (typeof c['ContactID'] === 'string' && c['ContactID'] !== '') {
    found = isGuid(c['ContactID']) ? org.contacts.get(c['ContactID'].toLowerCase()) : undefined;
    if (!found) return { error: `The contact with ContactID ${c['ContactID']} could not be found.` };
  } else if (typeof c['ContactNumber'] === 'string' && c['ContactNumber'] !== '') {
    found = org.contactByNumber(c['ContactNumber']);
  }
  const name = typeof c['Name'] === 'string' ? c['Name'].trim() : '';
  if (!found && name !== '') {
    found = org.activeContactByName(name);
    if (!found && org.archivedContactByName(name)) return { error: ARCHIVED_CONTACT };
  }
  if (found) {
    if (found.ContactStatus === 'ARCHIVED') return { error: ARCHIVED_CONTACT };
    return { contact: found, create: false };
  }
  if (name === '') return { error: 'A Contact must be specified for this type of transaction' };
  // Two documents of one batch naming the same new contact must share it, not create it twice.
  const memoKey = `new-contact:${name.toLowerCase()}`;
  const earlier = batch?.created.get(memoKey) as ContactRecord | undefined;
  if (earlier) return { contact: earlier, create: true };
  const fields: Record<string, string | boolean> = {};
  if (typeof c['ContactNumber'] === 'string' && c['ContactNumber'] !== '') fields['ContactNumber'] = c['ContactNumber'];
  if (typeof c['EmailAddress'] === 'string' && c['EmailAddress'] !== '') fields['EmailAddress'] = c['EmailAddress'];
  const contact: ContactRecord = { ContactID: randomUUID(), ContactStatus: 'ACTIVE', Name: name, fields, Addresses: [], Phones: [], updatedAt: now };
  batch?.created.set(memoKey, contact);
  return { contact, create: true };
}
