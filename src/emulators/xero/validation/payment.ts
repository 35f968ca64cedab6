/** Payments against invoices (ACCRECPAYMENT/ACCPAYPAYMENT) and refunds of credit notes (ARCREDITPAYMENT/APCREDITPAYMENT). */
import { randomUUID } from 'node:crypto';
import type { BatchContext, Prepared } from '../batch.js';
import { parseClientDate } from '../dates.js';
import { isGuid } from '../envelope.js';
import { parseRounded } from '../money.js';
import type { AccountRecord, DocumentRecord, PaymentRecord } from '../model.js';
import { renderPayment } from '../render.js';
import type { Organisation } from '../state.js';
import { lockDateProblem, settleStatus } from './document.js';

export const PAYMENT_EXCEEDS = 'Payment amount exceeds the amount outstanding on this document';
/**
 * A payment into an account that is neither BANK nor has EnablePaymentsToAccount (the Accounts endpoint's "Enable payments
 * to this account"). Xero's words, as integrations match them in public code (a Xero connector's
 * isXeroInvalidPaymentAccountError tests /account type is invalid for making a payment to\/from/ and then looks for an
 * account that is BANK or has EnablePaymentsToAccount=true).
 */
export const INVALID_PAYMENT_ACCOUNT = 'Account type is invalid for making a payment to/from';
/** No final period, as Xero words it (threads/workato-pay-draft-invoice; Xero-Net#257 compares the exact string). */
export const NOT_AUTHORISED = 'Payments can only be made against Authorised documents';
/** gitmemories.com sde1000/quicktill#133 quotes it for a negative payment, beside PAYMENT_EXCEEDS. */
export const NOT_POSITIVE = 'Payment amounts must be positive amounts';

const PAYMENT_TYPES: Record<string, string> = {
  ACCREC: 'ACCRECPAYMENT',
  ACCPAY: 'ACCPAYPAYMENT',
  ACCRECCREDIT: 'ARCREDITPAYMENT',
  ACCPAYCREDIT: 'APCREDITPAYMENT',
};

function obj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function findDocument(org: Organisation, element: Record<string, unknown>): DocumentRecord | string {
  const invoice = obj(element['Invoice']);
  const creditNote = obj(element['CreditNote']);
  if (invoice) {
    const id = str(invoice['InvoiceID']);
    const n = str(invoice['InvoiceNumber']) ?? str(element['InvoiceNumber']);
    const doc = id ? (isGuid(id) ? org.invoices.get(id.toLowerCase()) : undefined) : n ? org.documentByAnyNumber('invoice', n) : undefined;
    return doc ?? 'An existing Invoice with the specified InvoiceID could not be found';
  }
  if (creditNote) {
    const id = str(creditNote['CreditNoteID']);
    const n = str(creditNote['CreditNoteNumber']) ?? str(element['CreditNoteNumber']);
    const doc = id ? (isGuid(id) ? org.creditNotes.get(id.toLowerCase()) : undefined) : n ? org.documentByAnyNumber('creditNote', n) : undefined;
    return doc ?? 'An existing Credit Note with the specified CreditNoteID could not be found';
  }
  const n = str(element['InvoiceNumber']);
  if (n) return org.documentByAnyNumber('invoice', n) ?? 'An existing Invoice with the specified InvoiceID could not be found';
  const c = str(element['CreditNoteNumber']);
  if (c) return org.documentByAnyNumber('creditNote', c) ?? 'An existing Credit Note with the specified CreditNoteID could not be found';
  if (element['Prepayment'] !== undefined || element['Overpayment'] !== undefined) {
    return 'Prepayments and overpayments are not supported by this emulator.';
  }
  return 'You must specify an Invoice, Credit Note, Prepayment or Overpayment for this payment.';
}

function findAccount(org: Organisation, element: Record<string, unknown>): AccountRecord | string {
  const account = obj(element['Account']);
  const id = str(account?.['AccountID']);
  const code = str(account?.['Code']);
  const found = id ? (isGuid(id) ? org.accounts.get(id.toLowerCase()) : undefined) : code ? org.accountByCode(code) : undefined;
  // Xero's words as a sync vendor relays them (keycashflowhelp.bill.com, "Xero sync error: You must specify an Account
  // code or Account ID for the payment").
  if (!account || (!id && !code)) return 'You must specify an Account code or Account ID for the payment';
  if (!found || found.Status === 'DELETED') return `Account code '${code ?? id ?? ''}' is not a valid code for this document.`;
  if (found.Status === 'ARCHIVED') return `Account code '${found.Code}' has been archived, or has been deleted. Each line item must reference a valid account.`;
  if (found.Type !== 'BANK' && !found.EnablePaymentsToAccount) return INVALID_PAYMENT_ACCOUNT;
  return found;
}

export function preparePayment(
  org: Organisation,
  element: Record<string, unknown>,
  batch: BatchContext,
  now: number,
): Prepared {
  const errors: string[] = [];
  const doc = findDocument(org, element);
  const account = findAccount(org, element);
  if (typeof doc === 'string') errors.push(doc);
  if (typeof account === 'string') errors.push(account);
  const amount = parseRounded(element['Amount'], 2);
  if (amount === undefined || amount <= 0n) errors.push(NOT_POSITIVE);
  let date = org.today(now);
  if (element['Date'] !== undefined && element['Date'] !== null) {
    const d = parseClientDate(element['Date']);
    if (d === undefined) errors.push(`The date '${String(element['Date'])}' is not a valid date.`);
    else date = d;
  }
  const lock = lockDateProblem(org, date, 'payment');
  if (lock) errors.push(lock);
  if (typeof doc !== 'string') {
    if (doc.status !== 'AUTHORISED') {
      errors.push(doc.status === 'PAID' ? PAYMENT_EXCEEDS : NOT_AUTHORISED);
    } else if (amount !== undefined && amount > 0n) {
      const key = `paid:${doc.id}`;
      const outstanding = doc.total - doc.paid - doc.credited - batch.pendingAmount(key);
      if (amount > outstanding) errors.push(PAYMENT_EXCEEDS);
      else batch.addPending(key, amount);
    }
    if (typeof account !== 'string' && account.CurrencyCode !== undefined && account.CurrencyCode !== doc.currencyCode && account.CurrencyCode !== org.baseCurrency) {
      errors.push(`The payment currency must match the bank account currency ${account.CurrencyCode}.`);
    }
  }
  if (errors.length > 0 || typeof doc === 'string' || typeof account === 'string' || amount === undefined) return { errors };
  return {
    errors: [],
    commit: () => {
      const rate = Number(element['CurrencyRate']);
      const payment: PaymentRecord = {
        PaymentID: randomUUID(),
        date,
        amount,
        currencyRate: Number.isFinite(rate) && rate > 0 ? rate : doc.currencyRate,
        accountId: account.AccountID,
        documentKind: doc.kind,
        documentId: doc.id,
        Status: 'AUTHORISED',
        PaymentType: PAYMENT_TYPES[doc.Type] ?? 'ACCRECPAYMENT',
        IsReconciled: element['IsReconciled'] === true,
        updatedAt: now,
      };
      const reference = str(element['Reference']);
      if (reference !== undefined) payment.Reference = reference;
      org.payments.set(payment.PaymentID, payment);
      doc.paid += amount;
      doc.paymentIds.push(payment.PaymentID);
      doc.updatedAt = now;
      settleStatus(doc, date);
      return renderPayment(org, payment);
    },
  };
}

/** POST /Payments/{id} with Status DELETED: the money goes back on the document. */
export function deletePayment(org: Organisation, payment: PaymentRecord, now: number): string | undefined {
  if (payment.Status === 'DELETED') return 'This payment has already been deleted.';
  if (payment.IsReconciled) return 'This payment has been reconciled and cannot be deleted.';
  const lock = lockDateProblem(org, payment.date, 'payment');
  if (lock) return lock;
  const doc = org.documents(payment.documentKind).get(payment.documentId);
  payment.Status = 'DELETED';
  payment.updatedAt = now;
  if (doc) {
    doc.paid -= payment.amount;
    doc.updatedAt = now;
    settleStatus(doc, payment.date);
  }
  return undefined;
}
