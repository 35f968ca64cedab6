// What a refused batch of creates is looked up by, per endpoint: invoices and credit notes by their numbers, contacts by
// their contact numbers, payments by document, amount, reference and date. Used by XeroAccounting after a 400 (see
// recoverRefusedBatch in batch.ts): Xero keeps the good elements of such a batch without returning their ids.
import { xeroDateToIsoDate } from '../domain/dates.js';
import { toMinorOr0 } from '../domain/money.js';
import type { XeroContact, XeroCreditNote, XeroInvoice, XeroPayment } from '../domain/xero.js';
import type { BatchRecovery } from './batch.js';

const CHUNK = 50;

function field(element: unknown, ...path: string[]): unknown {
  let at: unknown = element;
  for (const key of path) at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
  return at;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export async function inChunks<T>(keys: readonly string[], read: (chunk: string[]) => Promise<readonly T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < keys.length; i += CHUNK) out.push(...(await read(keys.slice(i, i + CHUNK))));
  return out;
}

/** Sales invoices by InvoiceNumber: a deleted one is not ours to adopt. */
export function invoicesByNumber(read: (numbers: string[]) => Promise<readonly XeroInvoice[]>): BatchRecovery<XeroInvoice> {
  return {
    keyOf: (e) => text(field(e, 'InvoiceNumber')),
    async find(_elements, keys) {
      const found = await inChunks(keys, read);
      return new Map(
        found
          .filter((i) => (i.Type ?? 'ACCREC') === 'ACCREC' && i.Status !== 'DELETED' && text(i.InvoiceNumber) !== undefined)
          .map((i) => [text(i.InvoiceNumber)!, i]),
      );
    },
  };
}

/** Sales credit notes by CreditNoteNumber. */
export function creditNotesByNumber(read: (numbers: string[]) => Promise<readonly XeroCreditNote[]>): BatchRecovery<XeroCreditNote> {
  return {
    keyOf: (e) => text(field(e, 'CreditNoteNumber')),
    async find(_elements, keys) {
      const found = await inChunks(keys, read);
      return new Map(
        found
          .filter((c) => (c.Type ?? 'ACCRECCREDIT') === 'ACCRECCREDIT' && c.Status !== 'DELETED' && text(c.CreditNoteNumber) !== undefined)
          .map((c) => [text(c.CreditNoteNumber)!, c]),
      );
    },
  };
}

/** Contacts by ContactNumber (every contact the connector creates carries one). */
export function contactsByNumber(read: (numbers: string[]) => Promise<readonly XeroContact[]>): BatchRecovery<XeroContact> {
  return {
    keyOf: (e) => text(field(e, 'ContactNumber')),
    async find(_elements, keys) {
      const found = await inChunks(keys, read);
      return new Map(found.filter((c) => text(c.ContactNumber) !== undefined).map((c) => [text(c.ContactNumber)!, c]));
    },
  };
}

interface PaymentSummary {
  PaymentID?: unknown;
  Amount?: unknown;
  Date?: unknown;
  Reference?: unknown;
}

function paymentKey(e: unknown): string | undefined {
  const invoice = text(field(e, 'Invoice', 'InvoiceID'));
  const creditNote = text(field(e, 'CreditNote', 'CreditNoteID'));
  const doc = invoice ?? creditNote;
  const amount = field(e, 'Amount');
  if (doc === undefined || (typeof amount !== 'number' && typeof amount !== 'string')) return undefined;
  return [doc.toLowerCase(), toMinorOr0(amount), text(field(e, 'Reference')) ?? '', text(field(e, 'Date')) ?? ''].join('|');
}

function sameDay(xeroDate: unknown, iso: string): boolean {
  if (typeof xeroDate !== 'string' || iso === '') return false;
  try {
    return xeroDateToIsoDate(xeroDate) === iso.slice(0, 10);
  } catch {
    return false;
  }
}

/**
 * Payments by the document they pay: the document is read back and a payment on it with the same amount and reference
 * (or, when Xero's summary has no reference, the same date) is this one. Each payment on the document is adopted once.
 */
export function paymentsOnDocuments(
  readInvoices: (ids: string[]) => Promise<ReadonlyArray<{ InvoiceID: string; Payments?: readonly unknown[] | null | undefined }>>,
  readCreditNotes: (ids: string[]) => Promise<ReadonlyArray<{ CreditNoteID: string; Payments?: readonly unknown[] | null | undefined }>>,
): BatchRecovery<XeroPayment> {
  return {
    keyOf: paymentKey,
    async find(elements, keys) {
      const wanted = new Set(keys);
      const mine = elements.filter((e) => {
        const k = paymentKey(e);
        return k !== undefined && wanted.has(k);
      });
      const invoiceIds = [...new Set(mine.map((e) => text(field(e, 'Invoice', 'InvoiceID'))).filter((v): v is string => v !== undefined))];
      const noteIds = [...new Set(mine.map((e) => text(field(e, 'CreditNote', 'CreditNoteID'))).filter((v): v is string => v !== undefined))];
      const docs = new Map<string, readonly unknown[]>();
      for (const i of await inChunks(invoiceIds, readInvoices)) docs.set(i.InvoiceID.toLowerCase(), i.Payments ?? []);
      for (const c of await inChunks(noteIds, readCreditNotes)) docs.set(c.CreditNoteID.toLowerCase(), c.Payments ?? []);
      const taken = new Set<string>();
      const out = new Map<string, XeroPayment>();
      for (const e of mine) {
        const key = paymentKey(e)!;
        const [doc = '', cents, reference = '', date = ''] = key.split('|');
        const candidates = (docs.get(doc) ?? []).filter(
          (p): p is PaymentSummary =>
            p !== null && typeof p === 'object' && typeof (p as PaymentSummary).PaymentID === 'string' && !taken.has((p as PaymentSummary).PaymentID as string),
        );
        const sameAmount = candidates.filter((p) => String(toMinorOr0(p.Amount as number | string | undefined)) === cents);
        const match =
          sameAmount.find((p) => reference !== '' && p.Reference === reference) ??
          sameAmount.find((p) => (p.Reference === undefined || p.Reference === null || p.Reference === '') && sameDay(p.Date, date));
        if (!match) continue;
        const id = match.PaymentID as string;
        taken.add(id);
        const target = text(field(e, 'Invoice', 'InvoiceID')) ? { Invoice: { InvoiceID: doc } } : { CreditNote: { CreditNoteID: doc } };
        out.set(key, { PaymentID: id, Amount: typeof match.Amount === 'number' ? match.Amount : undefined, Reference: reference || undefined, ...target } as XeroPayment);
      }
      return out;
    },
  };
}
