/** PUT /CreditNotes/{id}/Allocations: apply credit to invoices; DELETE one allocation to take it back. */
import { randomUUID } from 'node:crypto';
import { runBatch } from '../batch.js';
import { parseClientDate } from '../dates.js';
import { elementsOf, isGuid, notFound, postDataInvalid } from '../envelope.js';
import type { ApiRequest, ApiResult } from '../envelope.js';
import { parseRounded } from '../money.js';
import type { AllocationRecord, DocumentRecord } from '../model.js';
import { renderAllocation } from '../render.js';
import { lockDateProblem, settleStatus } from '../validation/document.js';
import type { Route } from './route.js';

export const ALLOCATION_EXCEEDS = 'Credit Note cannot be allocated as amount is greater than amount outstanding';
export const INVOICE_PAID_OFF = 'The invoice you are trying to allocate to has already been paid off';
/** Recorded up to "...incorrect invoice t" (xeroizer#320); the last word is the emulator's completion. */
export const WRONG_INVOICE_TYPE = 'Credit Note cannot be allocated to an incorrect invoice type';

function findCreditNote(request: ApiRequest): DocumentRecord | undefined {
  const id = request.params['id'] ?? '';
  return isGuid(id) ? request.org.creditNotes.get(id.toLowerCase()) : request.org.documentByAnyNumber('creditNote', id);
}

function allocate(request: ApiRequest): ApiResult {
  const { org } = request;
  const creditNote = findCreditNote(request);
  if (!creditNote) return notFound();
  const elements = elementsOf(request.body, 'Allocations');
  if (!elements) return postDataInvalid('the request body is not an element or a list of elements.');
  return runBatch(
    request,
    'Allocations',
    elements,
    (element, batch) => {
      const errors: string[] = [];
      const invoiceRef = (element['Invoice'] ?? {}) as Record<string, unknown>;
      const invoiceId = typeof invoiceRef['InvoiceID'] === 'string' ? invoiceRef['InvoiceID'].toLowerCase() : undefined;
      const invoiceNumber = typeof invoiceRef['InvoiceNumber'] === 'string' ? invoiceRef['InvoiceNumber'] : undefined;
      const invoice = invoiceId ? org.invoices.get(invoiceId) : invoiceNumber ? org.documentByAnyNumber('invoice', invoiceNumber) : undefined;
      const amount = parseRounded(element['Amount'], 2);
      if (amount === undefined || amount <= 0n) errors.push('Allocation amount must be greater than zero.');
      let date = org.today(request.now);
      if (element['Date'] !== undefined && element['Date'] !== null) {
        const d = parseClientDate(element['Date']);
        if (d === undefined) errors.push(`The date '${String(element['Date'])}' is not a valid date.`);
        else date = Math.max(d, creditNote.date);
      }
      const lock = lockDateProblem(org, date, 'document');
      if (lock) errors.push(lock);
      if (creditNote.status !== 'AUTHORISED') {
        errors.push(creditNote.status === 'PAID' ? ALLOCATION_EXCEEDS : 'Only an AUTHORISED credit note can be allocated.');
      }
      if (!invoice) errors.push('An existing Invoice with the specified InvoiceID could not be found');
      else {
        // xeroizer#320 (2016, recorded body): an ACCPAYCREDIT allocated to a paid ACCREC invoice gets, in this order,
        // "paid off", "greater than amount outstanding" and "...to an incorrect invoice t[ype]" (cut off there).
        if (invoice.status === 'PAID') errors.push(INVOICE_PAID_OFF);
        else if (invoice.status !== 'AUTHORISED') errors.push('Credit can only be allocated to an AUTHORISED invoice.');
        if ((invoice.status === 'AUTHORISED' || invoice.status === 'PAID') && amount !== undefined && amount > 0n) {
          const creditLeft = creditNote.total - creditNote.paid - creditNote.credited - batch.pendingAmount(`cn:${creditNote.id}`);
          const invoiceDue = invoice.total - invoice.paid - invoice.credited - batch.pendingAmount(`inv:${invoice.id}`);
          if (amount > creditLeft || amount > invoiceDue) {
            if (creditNote.status !== 'PAID') errors.push(ALLOCATION_EXCEEDS);
          } else if (invoice.status === 'AUTHORISED') {
            batch.addPending(`cn:${creditNote.id}`, amount);
            batch.addPending(`inv:${invoice.id}`, amount);
          }
        }
        const pairs: Record<string, string> = { ACCRECCREDIT: 'ACCREC', ACCPAYCREDIT: 'ACCPAY' };
        if (pairs[creditNote.Type] !== invoice.Type) errors.push(WRONG_INVOICE_TYPE);
        if (invoice.currencyCode !== creditNote.currencyCode) errors.push('The credit note and the invoice must be in the same currency.');
      }
      if (errors.length > 0 || !invoice || amount === undefined) return { errors };
      return {
        errors: [],
        commit: () => {
          const allocation: AllocationRecord = {
            AllocationID: randomUUID(),
            creditNoteId: creditNote.id,
            invoiceId: invoice.id,
            amount,
            date,
            isDeleted: false,
          };
          org.allocations.set(allocation.AllocationID, allocation);
          creditNote.credited += amount;
          creditNote.allocationIds.push(allocation.AllocationID);
          creditNote.updatedAt = request.now;
          invoice.credited += amount;
          invoice.allocationIds.push(allocation.AllocationID);
          invoice.updatedAt = request.now;
          settleStatus(creditNote, date);
          settleStatus(invoice, date);
          return renderAllocation(org, allocation);
        },
      };
    },
    { errorFlag: 'HasValidationErrors' },
  );
}

function deleteAllocation(request: ApiRequest): ApiResult {
  const { org } = request;
  const creditNote = findCreditNote(request);
  const allocation = org.allocations.get((request.params['allocationId'] ?? '').toLowerCase());
  if (!creditNote || !allocation || allocation.creditNoteId !== creditNote.id || allocation.isDeleted) return notFound();
  allocation.isDeleted = true;
  creditNote.credited -= allocation.amount;
  creditNote.updatedAt = request.now;
  settleStatus(creditNote, allocation.date);
  const invoice = org.invoices.get(allocation.invoiceId);
  if (invoice) {
    invoice.credited -= allocation.amount;
    invoice.updatedAt = request.now;
    settleStatus(invoice, allocation.date);
  }
  return { status: 200, body: renderAllocation(org, allocation) };
}

export const allocationRoutes: Route[] = [
  { method: 'PUT', path: '/CreditNotes/:id/Allocations', handler: allocate },
  { method: 'DELETE', path: '/CreditNotes/:id/Allocations/:allocationId', handler: deleteAllocation },
];
