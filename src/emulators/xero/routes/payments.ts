/** /Payments: list, get, create (PUT batch or POST one), delete (POST {Status:"DELETED"}). */
import { runBatch } from '../batch.js';
import { elementsOf, isGuid, notFound, ok, postDataInvalid, validationException } from '../envelope.js';
import type { ApiRequest, ApiResult } from '../envelope.js';
import { list } from '../list.js';
import { cents } from '../money.js';
import type { PaymentRecord } from '../model.js';
import { renderPayment } from '../render.js';
import { deletePayment, preparePayment } from '../validation/payment.js';
import type { Route } from './route.js';

function view(request: ApiRequest, p: PaymentRecord): Record<string, unknown> {
  const doc = request.org.documents(p.documentKind).get(p.documentId);
  const account = request.org.accounts.get(p.accountId);
  return {
    PaymentID: p.PaymentID,
    Date: p.date,
    Amount: cents(p.amount),
    Reference: p.Reference ?? '',
    Status: p.Status,
    PaymentType: p.PaymentType,
    IsReconciled: p.IsReconciled,
    UpdatedDateUTC: p.updatedAt,
    Invoice: doc?.kind === 'invoice' ? { InvoiceID: doc.id, InvoiceNumber: doc.number, Type: doc.Type } : null,
    CreditNote: doc?.kind === 'creditNote' ? { CreditNoteID: doc.id, CreditNoteNumber: doc.number, Type: doc.Type } : null,
    Account: account ? { AccountID: account.AccountID, Code: account.Code } : null,
  };
}

function getPayments(request: ApiRequest): ApiResult {
  return list(request, request.org.payments.values(), {
    plural: 'Payments',
    typeName: 'Payment',
    paged: true,
    fields: ['PaymentID', 'Date', 'Amount', 'Reference', 'Status', 'PaymentType', 'IsReconciled', 'UpdatedDateUTC', 'Invoice', 'CreditNote', 'Account'],
    view: (p) => view(request, p),
    updatedAt: (p) => p.updatedAt,
    render: (p) => renderPayment(request.org, p),
  });
}

function getPayment(request: ApiRequest): ApiResult {
  const id = request.params['id'] ?? '';
  const payment = isGuid(id) ? request.org.payments.get(id.toLowerCase()) : undefined;
  if (!payment) return notFound();
  return ok(request.now, 'Payments', [renderPayment(request.org, payment)]);
}

function createPayments(request: ApiRequest): ApiResult {
  const elements = elementsOf(request.body, 'Payments');
  if (!elements) return postDataInvalid('the request body is not an element or a list of elements.');
  return runBatch(request, 'Payments', elements, (e, batch) => preparePayment(request.org, e, batch, request.now), {
    errorFlag: 'HasValidationErrors', idField: 'PaymentID',
  });
}

function updatePayment(request: ApiRequest): ApiResult {
  const id = request.params['id'] ?? '';
  const payment = isGuid(id) ? request.org.payments.get(id.toLowerCase()) : undefined;
  if (!payment) return notFound();
  const element = elementsOf(request.body, 'Payments')?.[0];
  if (!element) return postDataInvalid('the request body is not an element or a list of elements.');
  if (String(element['Status'] ?? '').toUpperCase() !== 'DELETED') {
    return validationException([{ ...element, ValidationErrors: [{ Message: 'A payment can only be deleted (Status DELETED); to change it, delete it and create another.' }] }]);
  }
  const problem = deletePayment(request.org, payment, request.now);
  if (problem) return validationException([{ ...renderPayment(request.org, payment), ValidationErrors: [{ Message: problem }] }]);
  return ok(request.now, 'Payments', [renderPayment(request.org, payment)]);
}

export const paymentRoutes: Route[] = [
  { method: 'GET', path: '/Payments', handler: getPayments },
  { method: 'GET', path: '/Payments/:id', handler: getPayment },
  { method: 'PUT', path: '/Payments', handler: createPayments },
  { method: 'POST', path: '/Payments', handler: createPayments },
  { method: 'POST', path: '/Payments/:id', handler: updatePayment },
];
