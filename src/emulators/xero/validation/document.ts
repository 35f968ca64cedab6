/** An invoice or credit note element: life-cycle rules, numbers, contact, currency, lock dates, then totals. */
import { randomUUID } from 'node:crypto';
import { ZERO_GUID } from '../batch.js';
import type { BatchContext, Prepared } from '../batch.js';
import { dateString, lockDateText, msDate, parseClientDate, parseClientDateTime } from '../dates.js';
import { isGuid } from '../envelope.js';
import { cents, divRound, parseRounded } from '../money.js';
import type { DocumentKind, DocumentRecord, DocumentStatus, LineRecord } from '../model.js';
import { renderDocument } from '../render.js';
import type { Organisation } from '../state.js';
import { documentTotals } from '../totals.js';
import type { LineAmountTypes } from '../totals.js';
import { resolveDocumentContact } from './contact.js';
import { prepareLine } from './lines.js';

export const HAS_PAYMENTS = 'This document cannot be edited as it has a payment or credit note allocated to it.';
export const DUPLICATE_INVOICE_NUMBER = 'Invoice # must be unique.';

const TYPES: Record<DocumentKind, string[]> = { invoice: ['ACCREC', 'ACCPAY'], creditNote: ['ACCRECCREDIT', 'ACCPAYCREDIT'] };
const STATUSES: DocumentStatus[] = ['DRAFT', 'SUBMITTED', 'DELETED', 'AUTHORISED', 'PAID', 'VOIDED'];
const LINE_TYPES: Record<string, LineAmountTypes> = { exclusive: 'Exclusive', inclusive: 'Inclusive', notax: 'NoTax' };
/** Fields that change what a document is worth or who owes it: locked once money is applied. */
const MONEY_FIELDS = ['LineItems', 'Contact', 'Date', 'CurrencyCode', 'CurrencyRate', 'LineAmountTypes'];

export function notValidStatus(kind: DocumentKind): string {
  return kind === 'invoice' ? 'Invoice not of valid status for modification' : 'Credit Note not of valid status for modification';
}

export function statusBlockedByPayments(status: string, kind: DocumentKind): string {
  const noun = kind === 'invoice' ? 'invoice' : 'credit note';
  return `The status ${status} cannot be applied to the ${noun} because it has payments or credit notes allocated to it.`;
}

/** The lock-date message for a date, or undefined when the date is open. */
export function lockDateProblem(org: Organisation, date: number, what: 'document' | 'payment'): string | undefined {
  if (org.endOfYearLockDate !== undefined && date <= org.endOfYearLockDate) {
    return `The ${what} date cannot be before the end of year lock date, currently set at ${lockDateText(org.endOfYearLockDate)}`;
  }
  if (org.periodLockDate !== undefined && date <= org.periodLockDate) {
    return `The ${what} date cannot be before the period lock date, currently set at ${lockDateText(org.periodLockDate)}`;
  }
  return undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The document an element updates: the path id, else its id field, else its number. */
export function matchDocument(
  org: Organisation,
  kind: DocumentKind,
  element: Record<string, unknown>,
  pathId: string | undefined,
): { found?: DocumentRecord; missingId?: boolean } {
  const idField = kind === 'invoice' ? 'InvoiceID' : 'CreditNoteID';
  const numberField = kind === 'invoice' ? 'InvoiceNumber' : 'CreditNoteNumber';
  const id = pathId ?? str(element[idField]);
  if (id !== undefined && id !== '') {
    const found = isGuid(id) ? org.documents(kind).get(id.toLowerCase()) : org.documentByAnyNumber(kind, id);
    return found ? { found } : { missingId: true };
  }
  const n = str(element[numberField]);
  if (n !== undefined && n !== '') {
    const type = str(element['Type']);
    const found = type ? org.documentByNumber(kind, type, n) : org.documentByAnyNumber(kind, n);
    if (found) return { found };
  }
  return {};
}

export interface DocumentContext {
  org: Organisation;
  kind: DocumentKind;
  now: number;
  unitdp: 2 | 4;
  batch: BatchContext;
  mode: 'create' | 'upsert';
  pathId?: string;
}

export function notValidForCreation(kind: DocumentKind): string {
  // pyxero/bad_request_response.xml (a new invoice sent as PAID); the credit note wording follows the modification one.
  return kind === 'invoice' ? 'Invoice not of valid status for creation' : 'Credit Note not of valid status for creation';
}

export const LINES_REQUIRED = 'One or more line items must be specified';

export function prepareDocument(ctx: DocumentContext, element: Record<string, unknown>): Prepared {
  const { org, kind } = ctx;
  // Xero lists every problem of an element, not the first (pyxero/bad_request_response.xml: three for one invoice).
  const errors: string[] = [];
  const numberField = kind === 'invoice' ? 'InvoiceNumber' : 'CreditNoteNumber';
  const match = ctx.mode === 'upsert' ? matchDocument(org, kind, element, ctx.pathId) : {};
  if (match.missingId) {
    const missing = kind === 'invoice' ? 'An existing Invoice with the specified InvoiceID could not be found' : 'An existing Credit Note with the specified CreditNoteID could not be found';
    const read = {
      type: str(element['Type'])?.toUpperCase() ?? TYPES[kind][0]!,
      currencyCode: (str(element['CurrencyCode']) ?? org.baseCurrency).toUpperCase(),
      date: parseClientDate(element['Date']),
      dueDate: parseClientDateTime(element['DueDate']),
      contact: undefined,
      lineEchoes: undefined,
    };
    return { errors: [missing], echo: documentEcho(element, kind, read) };
  }
  const existing = match.found;
  const type = str(element['Type'])?.toUpperCase() ?? existing?.Type;
  if (!type || !TYPES[kind].includes(type)) {
    return { errors: [type ? `'${type}' is not a valid type for this document.` : 'Type must be specified.'] };
  }
  if (existing && type !== existing.Type) return { errors: [`The type of a ${existing.Type} document cannot be changed to ${type}.`] };
  const requested = str(element['Status'])?.toUpperCase() as DocumentStatus | undefined;
  if (requested !== undefined && !STATUSES.includes(requested)) return { errors: [`Status '${requested}' is not valid.`] };
  const applied = existing ? existing.paid + existing.credited : 0n;
  const changesMoney = MONEY_FIELDS.some((f) => element[f] !== undefined);

  if (existing) {
    if (existing.status === 'DELETED' || existing.status === 'VOIDED') return { errors: [notValidStatus(kind)] };
    if (existing.status === 'PAID') {
      if (requested === 'VOIDED' || requested === 'DELETED') return { errors: [HAS_PAYMENTS] };
      // Both reasons at once, as integrators quote them for an edit of a paid invoice (support.getbriefcase.net
      // "Xero Invoice Export Errors"; support.workguru.io "Xero API error messages").
      if (changesMoney) return { errors: [notValidStatus(kind), HAS_PAYMENTS] };
    }
    if (requested === 'DELETED' && !['DRAFT', 'SUBMITTED'].includes(existing.status)) return { errors: [notValidStatus(kind)] };
    if (requested === 'VOIDED') {
      if (applied > 0n) return { errors: [HAS_PAYMENTS] };
      if (existing.status !== 'AUTHORISED') return { errors: [notValidStatus(kind)] };
    }
    if (existing.status === 'AUTHORISED' && (requested === 'DRAFT' || requested === 'SUBMITTED')) {
      return { errors: [applied > 0n ? statusBlockedByPayments(requested, kind) : notValidStatus(kind)] };
    }
    if (applied > 0n && changesMoney) return { errors: [HAS_PAYMENTS] };
  }
  const status: DocumentStatus = requested === 'PAID' ? existing?.status ?? 'DRAFT' : requested ?? existing?.status ?? 'DRAFT';
  // pyxero/bad_request_response.xml lists the missing lines first, then the status, then the contact.
  const sentLines = Array.isArray(element['LineItems']) ? element['LineItems'] : undefined;
  const noLines = sentLines !== undefined ? sentLines.length === 0 : (existing?.lines.length ?? 0) === 0;
  if (noLines && requested !== undefined && requested !== 'DRAFT' && requested !== 'DELETED' && requested !== 'VOIDED') errors.push(LINES_REQUIRED);
  if (!existing && (requested === 'PAID' || requested === 'VOIDED' || requested === 'DELETED')) errors.push(notValidForCreation(kind));

  // Contact
  let contactId = existing?.contactId;
  let newContact: ReturnType<typeof resolveDocumentContact> | undefined;
  if (element['Contact'] !== undefined || !existing) {
    newContact = resolveDocumentContact(org, element['Contact'], ctx.now, ctx.batch);
    if ('error' in newContact) errors.push(newContact.error);
    else contactId = newContact.contact.ContactID;
  }

  // Dates
  let date = existing?.date ?? org.today(ctx.now);
  if (element['Date'] !== undefined && element['Date'] !== null) {
    const d = parseClientDate(element['Date']);
    if (d === undefined) errors.push(`The date '${String(element['Date'])}' is not a valid date.`);
    else date = d;
  }
  let dueDate = existing?.dueDate;
  if (element['DueDate'] !== undefined && element['DueDate'] !== null) {
    // A time of day on DueDate is kept (threads/node204-summarize-false-and-time-of-day: "DueDateString": "...T07:28:05").
    const d = parseClientDateTime(element['DueDate']);
    if (d === undefined) errors.push(`The due date '${String(element['DueDate'])}' is not a valid date.`);
    else dueDate = d;
  }

  // Amount types and currency
  let lineAmountTypes: LineAmountTypes = existing?.lineAmountTypes ?? 'Exclusive';
  if (element['LineAmountTypes'] !== undefined) {
    const t = LINE_TYPES[String(element['LineAmountTypes']).toLowerCase()];
    if (!t) errors.push(`LineAmountTypes '${String(element['LineAmountTypes'])}' is not valid. Use Exclusive, Inclusive or NoTax.`);
    else lineAmountTypes = t;
  }
  const currencyCode = (str(element['CurrencyCode']) ?? existing?.currencyCode ?? org.baseCurrency).toUpperCase();
  if (!org.isCurrencyEnabled(currencyCode)) errors.push(`Organisation is not subscribed to currency ${currencyCode}`);
  let currencyRate = existing?.currencyRate ?? 1;
  if (element['CurrencyRate'] !== undefined && element['CurrencyRate'] !== null) {
    const r = Number(element['CurrencyRate']);
    if (!Number.isFinite(r) || r <= 0) errors.push('CurrencyRate must be a positive number.');
    else currencyRate = r;
  }
  if (currencyCode === org.baseCurrency) currencyRate = 1;

  // Number
  let number = existing?.number ?? '';
  const sentNumber = str(element[numberField])?.trim();
  if (sentNumber !== undefined && sentNumber !== '') {
    if (sentNumber.length > 255) errors.push(`${numberField} must not be longer than 255 characters.`);
    number = sentNumber;
  }
  const unique = type === 'ACCREC' || type === 'ACCRECCREDIT';
  if (unique && number !== '' && (!existing || number.toLowerCase() !== existing.number.toLowerCase())) {
    const clash = org.documentByNumber(kind, type, number);
    const key = `${kind}-number:${type}:${number.toLowerCase()}`;
    if ((clash && clash.id !== existing?.id) || ctx.batch.has(key)) {
      errors.push(kind === 'invoice' ? DUPLICATE_INVOICE_NUMBER : 'Credit Note # must be unique.');
    } else ctx.batch.reserve(key);
  }

  // Lines and totals
  let lines: LineRecord[] = existing?.lines ?? [];
  let lineEchoes: Record<string, unknown>[] | undefined;
  if (element['LineItems'] !== undefined) {
    if (!Array.isArray(element['LineItems'])) errors.push('LineItems must be a list.');
    else {
      const posting = status === 'AUTHORISED' || (existing?.status === 'AUTHORISED' && requested === undefined);
      const lineCtx = { org, kind, type, lineAmountTypes, unitdp: ctx.unitdp, previous: existing?.lines ?? [], posting };
      lineEchoes = [];
      lines = [];
      for (const raw of element['LineItems']) {
        const sent = (raw ?? {}) as Record<string, unknown>;
        const lineErrors: string[] = [];
        const line = prepareLine(lineCtx, sent, lineErrors);
        lines.push(line);
        errors.push(...lineErrors);
        lineEchoes.push(lineEcho(sent, line, lineErrors));
      }
    }
  } else if (existing && element['LineAmountTypes'] !== undefined && lineAmountTypes !== existing.lineAmountTypes) {
    errors.push('LineItems must be sent again when LineAmountTypes changes.');
  }
  const totals = documentTotals(
    lines.map((l) => ({ lineCents: l.lineCents, taxCents: l.taxCents, discountCents: lineDiscount(l) })),
    lineAmountTypes,
  );
  // Checked only against lines: a PAID invoice sent with a Total and no lines got no such message (pyxero/bad_request_response.xml).
  const clientTotal = element['Total'] === undefined || element['Total'] === null ? undefined : parseRounded(element['Total'], 2);
  if (clientTotal !== undefined && lines.length > 0 && clientTotal !== totals.total) errors.push('The invoice total does not equal the sum of the lines.');
  if (totals.total < 0n) errors.push(kind === 'invoice' ? 'The invoice total must be zero or greater.' : 'The credit note total must be zero or greater.');

  // Lock dates bind every document that is (or becomes) posted to the ledger.
  const posted = status === 'AUTHORISED' || status === 'VOIDED' || existing?.status === 'AUTHORISED';
  if (posted) {
    const problem = lockDateProblem(org, date, 'document') ?? (existing && existing.date !== date ? lockDateProblem(org, existing.date, 'document') : undefined);
    if (problem) errors.push(problem);
  }
  if (errors.length > 0 || contactId === undefined) {
    const echoed = { date: parseClientDate(element['Date']), dueDate: parseClientDateTime(element['DueDate']) };
    const contact = newContact && !('error' in newContact) && !newContact.create ? newContact.contact.ContactID : undefined;
    return { errors, echo: documentEcho(element, kind, { type, currencyCode, ...echoed, contact, lineEchoes }) };
  }

  return {
    errors: [],
    commit: () => {
      if (newContact && !('error' in newContact) && newContact.create && !org.contacts.has(newContact.contact.ContactID)) {
        org.putContact(newContact.contact);
      }
      const contact = org.contacts.get(contactId);
      if (contact && (type === 'ACCREC' || type === 'ACCPAY')) {
        const role = type === 'ACCREC' ? 'IsCustomer' : 'IsSupplier';
        if (contact.fields[role] !== true) contact.fields[role] = true;
      }
      const finalNumber = number === '' && unique ? org.nextDocumentNumber(kind, type) : number;
      const record: DocumentRecord = {
        kind,
        id: existing?.id ?? randomUUID(),
        Type: type,
        number: finalNumber,
        contactId,
        date,
        status,
        lineAmountTypes,
        currencyCode,
        currencyRate,
        lines,
        subTotal: totals.subTotal,
        totalTax: totals.totalTax,
        total: totals.total,
        totalDiscount: totals.totalDiscount,
        paid: existing?.paid ?? 0n,
        credited: existing?.credited ?? 0n,
        paymentIds: existing?.paymentIds ?? [],
        allocationIds: existing?.allocationIds ?? [],
        extra: { ...(existing?.extra ?? {}) },
        updatedAt: ctx.now,
      };
      if (dueDate !== undefined) record.dueDate = dueDate;
      const reference = str(element['Reference']) ?? existing?.Reference;
      if (reference !== undefined) record.Reference = reference;
      for (const f of ['Url', 'BrandingThemeID', 'ExpectedPaymentDate', 'PlannedPaymentDate'] as const) {
        const v = str(element[f]);
        if (v !== undefined) record.extra[f] = v;
      }
      if (typeof element['SentToContact'] === 'boolean') record.extra['SentToContact'] = element['SentToContact'];
      if (existing?.fullyPaidOn !== undefined) record.fullyPaidOn = existing.fullyPaidOn;
      settleStatus(record, existing?.fullyPaidOn ?? date);
      org.putDocument(record, existing);
      return renderDocument(org, record, { unitdp: ctx.unitdp, withLines: true });
    },
  };
}

/** What the line's discount took off: gross (rounded) less the line amount. */
function lineDiscount(l: LineRecord): bigint {
  if (l.discountRate4 === undefined && l.discountCents === undefined) return 0n;
  return divRound(l.quantity4 * l.unit4, 1_000_000n) - l.lineCents;
}

/** AUTHORISED with nothing left to pay is PAID (a zero-value approved invoice included); PAID with money owing again is AUTHORISED. */
export function settleStatus(doc: DocumentRecord, paidOn: number): void {
  const outstanding = doc.total - doc.paid - doc.credited;
  if (doc.status === 'AUTHORISED' && outstanding === 0n) {
    doc.status = 'PAID';
    doc.fullyPaidOn = paidOn;
  } else if (doc.status === 'PAID' && outstanding !== 0n) {
    doc.status = 'AUTHORISED';
    delete doc.fullyPaidOn;
  }
}

/** A refused line as Xero echoes it: what was sent, the amounts Xero worked out, and the line's own messages (threads/node702). */
function lineEcho(sent: Record<string, unknown>, line: LineRecord, errors: string[]): Record<string, unknown> {
  return {
    ...sent,
    TaxAmount: cents(line.taxCents),
    LineAmount: cents(line.lineCents),
    Tracking: Array.isArray(sent['Tracking']) ? sent['Tracking'] : [],
    LineItemID: line.LineItemID,
    ...(errors.length > 0 ? { ValidationErrors: errors.map((Message) => ({ Message })) } : {}),
  };
}

/**
 * A refused document as Xero echoes it: the element read into Xero's model, so dates come back in Xero's forms (a
 * DueDate keeps its time of day, threads/node204), the currency is filled in (pyxero/bad_request_response.xml) and the
 * lines carry their own messages. Its id is the zero GUID unless one was sent (batch.ts).
 */
function documentEcho(
  element: Record<string, unknown>,
  kind: DocumentKind,
  read: {
    type: string;
    currencyCode: string;
    date: number | undefined;
    dueDate: number | undefined;
    /** The existing contact the element named; a new (unsaved) one echoes the zero GUID (xeroizer/api_exception.xml). */
    contact: string | undefined;
    lineEchoes: Record<string, unknown>[] | undefined;
  },
): Record<string, unknown> {
  const echo: Record<string, unknown> = { ...element, Type: read.type, CurrencyCode: read.currencyCode };
  if (kind === 'invoice') {
    const lines = Array.isArray(element['LineItems']) ? (element['LineItems'] as Array<Record<string, unknown> | null>) : [];
    echo['IsDiscounted'] = lines.some((l) => Boolean(l?.['DiscountRate']) || Boolean(l?.['DiscountAmount']));
  }
  const sentContact = element['Contact'];
  if (sentContact !== null && typeof sentContact === 'object' && !Array.isArray(sentContact)) {
    echo['Contact'] = { ...(sentContact as Record<string, unknown>), ContactID: read.contact ?? (sentContact as Record<string, unknown>)['ContactID'] ?? ZERO_GUID };
  }
  if (read.date !== undefined) Object.assign(echo, { DateString: dateString(read.date), Date: msDate(read.date) });
  if (read.dueDate !== undefined) Object.assign(echo, { DueDateString: dateString(read.dueDate), DueDate: msDate(read.dueDate) });
  if (read.lineEchoes) echo['LineItems'] = read.lineEchoes;
  return echo;
}
