/** /Contacts: list, get by id or number, create (PUT), create-or-update (POST). */
import { runBatch } from '../batch.js';
import { elementsOf, flag, isGuid, notFound, ok, postDataInvalid } from '../envelope.js';
import type { ApiRequest, ApiResult } from '../envelope.js';
import { list } from '../list.js';
import type { ListSpec } from '../list.js';
import type { ContactRecord } from '../model.js';
import { renderContact } from '../render.js';
import type { Organisation } from '../state.js';
import { prepareContact } from '../validation/contact.js';
import type { Route } from './route.js';

function spec(org: Organisation, request: ApiRequest): ListSpec<ContactRecord> {
  const summaryOnly = flag(request.query['summaryOnly']) ?? false;
  return {
    plural: 'Contacts',
    typeName: 'Contact',
    paged: true,
    fields: [
      'ContactID', 'ContactNumber', 'AccountNumber', 'ContactStatus', 'Name', 'FirstName', 'LastName', 'EmailAddress',
      'IsSupplier', 'IsCustomer', 'UpdatedDateUTC', 'DefaultCurrency', 'CompanyNumber', 'TaxNumber',
    ],
    view: (c) => ({
      ContactID: c.ContactID,
      ContactStatus: c.ContactStatus,
      Name: c.Name,
      ...c.fields,
      IsSupplier: c.fields['IsSupplier'] === true,
      IsCustomer: c.fields['IsCustomer'] === true,
      UpdatedDateUTC: c.updatedAt,
    }),
    updatedAt: (c) => c.updatedAt,
    render: (c) => renderContact(c, { unitdp: 2, summaryOnly }),
    lookup: (field, value) => {
      if (typeof value !== 'string') return undefined;
      if (field === 'ContactNumber') return [org.contactByNumber(value)].filter((c): c is ContactRecord => c !== undefined);
      if (field === 'EmailAddress') return org.contactsByEmailAddress(value);
      if (field === 'ContactID') return [org.contacts.get(value.toLowerCase())].filter((c): c is ContactRecord => c !== undefined);
      return undefined;
    },
    listFilters: {
      IDs: (c, ids) => ids.has(c.ContactID),
      ContactNumbers: (c, n) => typeof c.fields['ContactNumber'] === 'string' && n.has(c.fields['ContactNumber'].toLowerCase()),
    },
  };
}

function getContacts(request: ApiRequest): ApiResult {
  const { org } = request;
  const includeArchived = flag(request.query['includeArchived']) ?? false;
  const all = [...org.contacts.values()].filter((c) => includeArchived || c.ContactStatus !== 'ARCHIVED');
  const searchTerm = request.query['searchTerm']?.toLowerCase();
  const searched = searchTerm
    ? all.filter((c) => [c.Name, c.fields['FirstName'], c.fields['LastName'], c.fields['ContactNumber'], c.fields['EmailAddress']]
        .some((v) => typeof v === 'string' && v.toLowerCase().includes(searchTerm)))
    : all;
  return list(request, searched, spec(org, request));
}

function getContact(request: ApiRequest): ApiResult {
  const { org } = request;
  const id = request.params['id'] ?? '';
  const contact = isGuid(id) ? org.contacts.get(id.toLowerCase()) : org.contactByNumber(id);
  if (!contact) return notFound();
  return ok(request.now, 'Contacts', [renderContact(contact)]);
}

function writeContacts(mode: 'create' | 'upsert') {
  return (request: ApiRequest): ApiResult => {
    const elements = elementsOf(request.body, 'Contacts');
    if (!elements) return postDataInvalid('the request body is not an element or a list of elements.');
    const pathId = request.params['id'];
    return runBatch(
      request,
      'Contacts',
      elements,
      (element, batch) => prepareContact(request.org, element, batch, request.now, pathId ? 'upsert' : mode, pathId),
      { errorFlag: 'HasValidationErrors', idField: 'ContactID' },
    );
  };
}

export const contactRoutes: Route[] = [
  { method: 'GET', path: '/Contacts', handler: getContacts },
  { method: 'GET', path: '/Contacts/:id', handler: getContact },
  { method: 'PUT', path: '/Contacts', handler: writeContacts('create') },
  { method: 'POST', path: '/Contacts', handler: writeContacts('upsert') },
  { method: 'POST', path: '/Contacts/:id', handler: writeContacts('upsert') },
];
