/** /Invoices and /CreditNotes: the same operations over the two kinds of document. */
import { runBatch } from '../batch.js';
import { elementsOf, flag, isGuid, notFound, ok, postDataInvalid } from '../envelope.js';
import type { ApiRequest, ApiResult } from '../envelope.js';
import { list } from '../list.js';
import { cents } from '../money.js';
import type { DocumentKind, DocumentRecord } from '../model.js';
import { renderDocument } from '../render.js';
import { prepareDocument } from '../validation/document.js';
import { unitdpOf } from './items.js';
import type { Route } from './route.js';

function names(kind: DocumentKind) {
  return kind === 'invoice'
    ? { plural: 'Invoices', typeName: 'Invoice', id: 'InvoiceID', number: 'InvoiceNumber', path: '/Invoices' }
    : { plural: 'CreditNotes', typeName: 'CreditNote', id: 'CreditNoteID', number: 'CreditNoteNumber', path: '/CreditNotes' };
}

function view(request: ApiRequest, d: DocumentRecord): Record<string, unknown> {
  const n = names(d.kind);
  const contact = request.org.contacts.get(d.contactId);
  const outstanding = cents(d.total - d.paid - d.credited);
  return {
    Type: d.Type,
    [n.id]: d.id,
    [n.number]: d.number,
    Reference: d.Reference ?? '',
    Status: d.status,
    Date: d.date,
    DueDate: d.dueDate ?? null,
    UpdatedDateUTC: d.updatedAt,
    FullyPaidOnDate: d.fullyPaidOn ?? null,
    CurrencyCode: d.currencyCode,
    LineAmountTypes: d.lineAmountTypes,
    SubTotal: cents(d.subTotal),
    TotalTax: cents(d.totalTax),
    Total: cents(d.total),
    AmountDue: outstanding,
    RemainingCredit: outstanding,
    AmountPaid: cents(d.paid),
    AmountCredited: cents(d.credited),
    Contact: {
      ContactID: d.contactId,
      Name: contact?.Name ?? null,
      ContactNumber: contact?.fields['ContactNumber'] ?? null,
      EmailAddress: contact?.fields['EmailAddress'] ?? null,
    },
  };
}

const FIELDS = ['Type', 'InvoiceID', 'InvoiceNumber', 'CreditNoteID', 'CreditNoteNumber', 'Reference', 'Status', 'Date', 'DueDate', 'UpdatedDateUTC', 'FullyPaidOnDate', 'CurrencyCode', 'LineAmountTypes', 'SubTotal', 'TotalTax', 'Total', 'AmountDue', 'RemainingCredit', 'AmountPaid', 'AmountCredited', 'Contact'];

function getList(kind: DocumentKind) {
  return (request: ApiRequest): ApiResult => {
    const { org } = request;
    const n = names(kind);
    const unitdp = unitdpOf(request);
    const summaryOnly = flag(request.query['summaryOnly']) ?? false;
    return list(request, org.documents(kind).values(), {
      plural: n.plural,
      typeName: n.typeName,
      paged: true,
      fields: FIELDS.filter((f) => kind === 'invoice' ? !f.startsWith('CreditNote') && f !== 'RemainingCredit' : !f.startsWith('Invoice') && f !== 'AmountDue'),
      view: (d) => view(request, d),
      updatedAt: (d) => d.updatedAt,
      render: (d, paged) => renderDocument(org, d, { unitdp, summaryOnly, withLines: paged }),
      lookup: (field, value) => {
        if (typeof value !== 'string') return undefined;
        if (field === n.number) {
          const found = [...(kind === 'invoice' ? ['ACCREC', 'ACCPAY'] : ['ACCRECCREDIT', 'ACCPAYCREDIT'])]
            .map((t) => org.documentByNumber(kind, t, value))
            .filter((d): d is DocumentRecord => d !== undefined);
          return found.length > 0 ? found : undefined;
        }
        if (field === n.id) return [org.documents(kind).get(value.toLowerCase())].filter((d): d is DocumentRecord => d !== undefined);
        return undefined;
      },
      listFilters: {
        IDs: (d, ids) => ids.has(d.id),
        ...(kind === 'invoice'
          ? {
              InvoiceNumbers: (d: DocumentRecord, v: Set<string>) => v.has(d.number.toLowerCase()),
              ContactIDs: (d: DocumentRecord, v: Set<string>) => v.has(d.contactId),
              Statuses: (d: DocumentRecord, v: Set<string>) => v.has(d.status.toLowerCase()),
            }
          : {}),
      },
    });
  };
}

function getOne(kind: DocumentKind) {
  return (request: ApiRequest): ApiResult => {
    const id = request.params['id'] ?? '';
    const doc = isGuid(id) ? request.org.documents(kind).get(id.toLowerCase()) : request.org.documentByAnyNumber(kind, id);
    if (!doc) return notFound();
    return ok(request.now, names(kind).plural, [renderDocument(request.org, doc, { unitdp: unitdpOf(request), withLines: true })]);
  };
}

function write(kind: DocumentKind, mode: 'create' | 'upsert') {
  return (request: ApiRequest): ApiResult => {
    const n = names(kind);
    const elements = elementsOf(request.body, n.plural);
    if (!elements) return postDataInvalid('the request body is not an element or a list of elements.');
    const pathId = request.params['id'];
    return runBatch(
      request,
      n.plural,
      elements,
      (element, batch) =>
        prepareDocument(
          {
            org: request.org,
            kind,
            now: request.now,
            unitdp: unitdpOf(request),
            batch,
            mode: pathId ? 'upsert' : mode,
            ...(pathId !== undefined ? { pathId } : {}),
          },
          element,
        ),
      { errorFlag: 'HasErrors', idField: n.id },
    );
  };
}

export function documentRoutes(kind: DocumentKind): Route[] {
  const { path } = names(kind);
  return [
    { method: 'GET', path, handler: getList(kind) },
    { method: 'GET', path: `${path}/:id`, handler: getOne(kind) },
    { method: 'PUT', path, handler: write(kind, 'create') },
    { method: 'POST', path, handler: write(kind, 'upsert') },
    { method: 'POST', path: `${path}/:id`, handler: write(kind, 'upsert') },
  ];
}
