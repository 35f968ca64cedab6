// Typed methods for the Accounting API endpoints the connector uses (paths under /api.xro/2.0/). Every answer is
// validated with the domain's zod schemas; batch writes use summarizeErrors=false and return one result per element.
import { z } from 'zod';
import {
  parseXero,
  xeroAccountSchema,
  xeroAllocationSchema,
  xeroContactSchema,
  xeroCreditNoteSchema,
  xeroCurrencySchema,
  xeroInvoiceSchema,
  xeroItemSchema,
  xeroOrganisationSchema,
  xeroPaymentSchema,
  xeroTaxRateSchema,
  xeroTrackingCategorySchema,
  xeroTrackingOptionSchema,
  type XeroAccount,
  type XeroAccountPayload,
  type XeroAllocation,
  type XeroAllocationPayload,
  type XeroContact,
  type XeroContactPayload,
  type XeroCreditNote,
  type XeroCreditNotePayload,
  type XeroCurrency,
  type XeroInvoice,
  type XeroInvoicePayload,
  type XeroInvoiceStatus,
  type XeroItem,
  type XeroItemPayload,
  type XeroOrganisation,
  type XeroPayment,
  type XeroPaymentPayload,
  type XeroTaxRate,
  type XeroTaxRatePayload,
  type XeroTrackingCategory,
} from '../domain/xero.js';
import { InvalidPayloadError } from '../domain/errors.js';
import { recoverRefusedBatch, toBatchResults, whereAll, whereAnyEquals, whereString, type BatchRecovery, type BatchResult } from './batch.js';
import { isXeroValidationError } from './errors.js';
import { contactsByNumber, creditNotesByNumber, invoicesByNumber, paymentsOnDocuments } from './recovery.js';
import { callXero, type CallRequest, type XeroCallerOptions } from './caller.js';
import type { QueryValue, XeroResponse } from './http.js';

const BASE = '/api.xro/2.0';

export type XeroTrackingOption = z.infer<typeof xeroTrackingOptionSchema>;

export interface WriteOptions {
  /** Reuse the same key when the same write is tried again (after a crash, or by another worker). ≤ 128 characters. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export interface ReadOptions {
  signal?: AbortSignal;
}

export interface PagedQuery extends ReadOptions {
  where?: string;
  order?: string;
  /** 1-based. Without it Xero returns every record (contacts) or the first 100 (invoices). */
  page?: number;
  /** 1..1000; Xero's default is 100. */
  pageSize?: number;
  ifModifiedSince?: Date | string;
}

export interface ContactQuery extends PagedQuery {
  ids?: readonly string[];
  /** Looked up through the where-clause (the endpoint has no ContactNumbers parameter). */
  contactNumbers?: readonly string[];
  includeArchived?: boolean;
  summaryOnly?: boolean;
}

export interface ItemQuery extends ReadOptions {
  where?: string;
  codes?: readonly string[];
  ifModifiedSince?: Date | string;
}

export interface InvoiceQuery extends PagedQuery {
  ids?: readonly string[];
  invoiceNumbers?: readonly string[];
  statuses?: readonly XeroInvoiceStatus[];
  summaryOnly?: boolean;
}

export interface CreditNoteQuery extends PagedQuery {
  creditNoteNumbers?: readonly string[];
}

export interface TrackingCategoryPayload {
  Name: string;
}
export interface TrackingOptionPayload {
  Name: string;
}

const list = (values: readonly string[] | undefined): string | undefined =>
  values && values.length > 0 ? values.join(',') : undefined;

export interface XeroAccountingOptions extends XeroCallerOptions {
  /**
   * Told after Xero answered a write (the collection written: "Invoices", "Allocations"...), before the caller sees the
   * answer. The test-only crash points (src/runtime/crash-points.ts) hang off it; nothing else needs it.
   */
  onWritten?: (collection: string) => void;
  /**
   * Told after a write of documents (contacts, items, invoices, payments, credit notes, allocations), with each document
   * as sent and as Xero answered it (or why there is no answer), so a record's page can show its own exchange.
   */
  onExchange?: (exchange: XeroExchange) => void;
}

/** One write of documents: each as sent, and what Xero answered for it. */
export interface XeroExchange {
  collection: string;
  method: 'PUT' | 'POST';
  documents: Array<{ sent: unknown; answer: unknown; ok: boolean }>;
}

/** The Accounting API for one organisation (tenant). */
export class XeroAccounting {
  constructor(private readonly options: XeroAccountingOptions) {}

  get tenantId(): string {
    return this.options.tenantId;
  }

  // ---------- organisation and settings ----------
  async getOrganisation(opts: ReadOptions = {}): Promise<XeroOrganisation> {
    const res = await this.call({ method: 'GET', path: `${BASE}/Organisation`, ...signal(opts) });
    const [organisation] = this.elements(res, 'Organisations', xeroOrganisationSchema, 'organisation');
    if (!organisation) throw new InvalidPayloadError('xero', 'organisation', ['no organisation in the answer']);
    return organisation;
  }

  async getAccounts(opts: ReadOptions & { where?: string } = {}): Promise<XeroAccount[]> {
    const res = await this.call({ method: 'GET', path: `${BASE}/Accounts`, query: { where: opts.where }, ...signal(opts) });
    return this.elements(res, 'Accounts', xeroAccountSchema, 'accounts');
  }

  /** Xero creates one account per request (it ignores any after the first). A refusal throws XeroValidationError. */
  async createAccount(account: XeroAccountPayload, opts: WriteOptions = {}): Promise<XeroAccount> {
    const res = await this.call({ method: 'PUT', path: `${BASE}/Accounts`, body: account, ...write(opts) });
    return this.single(res, 'Accounts', xeroAccountSchema, 'account');
  }

  async getTaxRates(opts: ReadOptions & { where?: string } = {}): Promise<XeroTaxRate[]> {
    const res = await this.call({ method: 'GET', path: `${BASE}/TaxRates`, query: { where: opts.where }, ...signal(opts) });
    return this.elements(res, 'TaxRates', xeroTaxRateSchema, 'tax rates');
  }

  /** One tax rate per request, like accounts. */
  async createTaxRate(taxRate: XeroTaxRatePayload, opts: WriteOptions = {}): Promise<XeroTaxRate> {
    const res = await this.call({ method: 'PUT', path: `${BASE}/TaxRates`, body: { TaxRates: [taxRate] }, ...write(opts) });
    return this.single(res, 'TaxRates', xeroTaxRateSchema, 'tax rate');
  }

  async getCurrencies(opts: ReadOptions = {}): Promise<XeroCurrency[]> {
    const res = await this.call({ method: 'GET', path: `${BASE}/Currencies`, ...signal(opts) });
    return this.elements(res, 'Currencies', xeroCurrencySchema, 'currencies');
  }

  async getTrackingCategories(opts: ReadOptions & { includeArchived?: boolean } = {}): Promise<XeroTrackingCategory[]> {
    const res = await this.call({
      method: 'GET',
      path: `${BASE}/TrackingCategories`,
      query: { includeArchived: opts.includeArchived },
      ...signal(opts),
    });
    return this.elements(res, 'TrackingCategories', xeroTrackingCategorySchema, 'tracking categories');
  }

  async createTrackingCategory(category: TrackingCategoryPayload, opts: WriteOptions = {}): Promise<XeroTrackingCategory> {
    const res = await this.call({ method: 'PUT', path: `${BASE}/TrackingCategories`, body: category, ...write(opts) });
    return this.single(res, 'TrackingCategories', xeroTrackingCategorySchema, 'tracking category');
  }

  async createTrackingOption(categoryId: string, option: TrackingOptionPayload, opts: WriteOptions = {}): Promise<XeroTrackingOption> {
    const res = await this.call({
      method: 'PUT',
      path: `${BASE}/TrackingCategories/${encodeURIComponent(categoryId)}/Options`,
      body: option,
      ...write(opts),
    });
    return this.single(res, 'Options', xeroTrackingOptionSchema, 'tracking option');
  }

  // ---------- contacts ----------
  async getContacts(query: ContactQuery = {}): Promise<XeroContact[]> {
    const res = await this.call({
      method: 'GET',
      path: `${BASE}/Contacts`,
      query: {
        ...paged(query),
        where: whereAll(query.where, whereAnyEquals('ContactNumber', query.contactNumbers ?? [])),
        IDs: list(query.ids),
        includeArchived: query.includeArchived,
        summaryOnly: query.summaryOnly,
      },
      ...readExtras(query),
    });
    return this.elements(res, 'Contacts', xeroContactSchema, 'contacts');
  }

  /** Creates contacts. After a 400 the batch is not sent again: each contact is looked up by its ContactNumber. */
  putContacts(contacts: readonly XeroContactPayload[], opts: WriteOptions = {}): Promise<BatchResult<XeroContact>[]> {
    const recovery = contactsByNumber((numbers) => this.getContacts({ contactNumbers: numbers, includeArchived: true, ...signal(opts) }));
    return this.batch('PUT', 'Contacts', contacts, xeroContactSchema, opts, false, recovery);
  }

  /** Updates contacts (by ContactID or ContactNumber), creating any that do not exist. */
  postContacts(contacts: readonly XeroContactPayload[], opts: WriteOptions = {}): Promise<BatchResult<XeroContact>[]> {
    return this.batch('POST', 'Contacts', contacts, xeroContactSchema, opts);
  }

  // ---------- items (not paged: every match comes back) ----------
  async getItems(query: ItemQuery = {}): Promise<XeroItem[]> {
    const res = await this.call({
      method: 'GET',
      path: `${BASE}/Items`,
      query: { where: whereAll(query.where, whereAnyEquals('Code', query.codes ?? [])), unitdp: 4 },
      ...readExtras(query),
    });
    return this.elements(res, 'Items', xeroItemSchema, 'items');
  }

  putItems(items: readonly XeroItemPayload[], opts: WriteOptions = {}): Promise<BatchResult<XeroItem>[]> {
    return this.batch('PUT', 'Items', items, xeroItemSchema, opts, true);
  }

  postItems(items: readonly XeroItemPayload[], opts: WriteOptions = {}): Promise<BatchResult<XeroItem>[]> {
    return this.batch('POST', 'Items', items, xeroItemSchema, opts, true);
  }

  // ---------- invoices ----------
  async getInvoices(query: InvoiceQuery = {}): Promise<XeroInvoice[]> {
    // InvoiceNumbers is "a comma-separated list" (xero_accounting.yaml, getInvoices): a number that holds a comma
    // cannot be named there, so such a look-up goes through the where-clause instead (one call all the same).
    const byWhere = (query.invoiceNumbers ?? []).some((n) => n.includes(','));
    const res = await this.call({
      method: 'GET',
      path: `${BASE}/Invoices`,
      query: {
        ...paged(query),
        where: byWhere ? whereAll(query.where, whereAnyEquals('InvoiceNumber', query.invoiceNumbers ?? [])) : query.where,
        IDs: list(query.ids),
        InvoiceNumbers: byWhere ? undefined : list(query.invoiceNumbers),
        Statuses: list(query.statuses),
        summaryOnly: query.summaryOnly,
        unitdp: 4,
      },
      ...readExtras(query),
    });
    return this.elements(res, 'Invoices', xeroInvoiceSchema, 'invoices');
  }

  /** Creates invoices. After a 400 the batch is not sent again: each invoice is looked up by its InvoiceNumber. */
  putInvoices(invoices: readonly XeroInvoicePayload[], opts: WriteOptions = {}): Promise<BatchResult<XeroInvoice>[]> {
    const recovery = invoicesByNumber((numbers) => this.getInvoices({ invoiceNumbers: numbers, ...signal(opts) }));
    return this.batch('PUT', 'Invoices', invoices, xeroInvoiceSchema, opts, true, recovery);
  }

  postInvoices(invoices: readonly XeroInvoicePayload[], opts: WriteOptions = {}): Promise<BatchResult<XeroInvoice>[]> {
    return this.batch('POST', 'Invoices', invoices, xeroInvoiceSchema, opts, true);
  }

  // ---------- payments ----------
  async getPayments(query: PagedQuery = {}): Promise<XeroPayment[]> {
    const res = await this.call({
      method: 'GET',
      path: `${BASE}/Payments`,
      query: { ...paged(query), where: query.where },
      ...readExtras(query),
    });
    return this.elements(res, 'Payments', xeroPaymentSchema, 'payments');
  }

  /** Creates payments. After a 400 the batch is not sent again: each payment is looked for on the document it pays. */
  putPayments(payments: readonly XeroPaymentPayload[], opts: WriteOptions = {}): Promise<BatchResult<XeroPayment>[]> {
    const recovery = paymentsOnDocuments(
      (ids) => this.getInvoices({ ids, ...signal(opts) }),
      (ids) => this.getCreditNotes({ where: ids.map((id) => `CreditNoteID==Guid(${whereString(id)})`).join(' OR '), ...signal(opts) }),
    );
    return this.batch('PUT', 'Payments', payments, xeroPaymentSchema, opts, false, recovery);
  }

  // ---------- credit notes ----------
  async getCreditNotes(query: CreditNoteQuery = {}): Promise<XeroCreditNote[]> {
    const res = await this.call({
      method: 'GET',
      path: `${BASE}/CreditNotes`,
      query: {
        ...paged(query),
        where: whereAll(query.where, whereAnyEquals('CreditNoteNumber', query.creditNoteNumbers ?? [])),
        unitdp: 4,
      },
      ...readExtras(query),
    });
    return this.elements(res, 'CreditNotes', xeroCreditNoteSchema, 'credit notes');
  }

  /** Creates credit notes. After a 400 the batch is not sent again: each one is looked up by its CreditNoteNumber. */
  putCreditNotes(creditNotes: readonly XeroCreditNotePayload[], opts: WriteOptions = {}): Promise<BatchResult<XeroCreditNote>[]> {
    const recovery = creditNotesByNumber((numbers) => this.getCreditNotes({ creditNoteNumbers: numbers, ...signal(opts) }));
    return this.batch('PUT', 'CreditNotes', creditNotes, xeroCreditNoteSchema, opts, true, recovery);
  }

  postCreditNotes(creditNotes: readonly XeroCreditNotePayload[], opts: WriteOptions = {}): Promise<BatchResult<XeroCreditNote>[]> {
    return this.batch('POST', 'CreditNotes', creditNotes, xeroCreditNoteSchema, opts, true);
  }

  /** Allocates a credit note to invoices; one result per allocation. */
  async putAllocation(
    creditNoteId: string,
    allocations: readonly XeroAllocationPayload[],
    opts: WriteOptions = {},
  ): Promise<BatchResult<XeroAllocation>[]> {
    // The allocation names its credit note only in the path: the recorded copy carries it, so the note's page finds it.
    const sent = allocations.map((a) => ({ ...a, CreditNote: { CreditNoteID: creditNoteId } }));
    let res: XeroResponse;
    try {
      res = await this.call({
        method: 'PUT',
        path: `${BASE}/CreditNotes/${encodeURIComponent(creditNoteId)}/Allocations`,
        query: { summarizeErrors: false },
        body: { Allocations: allocations },
        ...write(opts),
      });
    } catch (error) {
      this.tell('Allocations', 'PUT', sent, () => ({ error: error instanceof Error ? error.message : String(error) }), () => false);
      throw error;
    }
    this.options.onWritten?.('Allocations');
    const raw = rawElements(res, 'Allocations');
    const results = toBatchResults(xeroAllocationSchema, raw, allocations.length, 'allocations');
    this.tell('Allocations', 'PUT', sent, (i) => raw[i], (i) => results[i]?.ok === true);
    return results;
  }

  // ---------- plumbing ----------
  private call(request: CallRequest): Promise<XeroResponse> {
    return callXero(this.options, request);
  }

  private async batch<S extends z.ZodType>(
    method: 'PUT' | 'POST',
    plural: string,
    records: readonly unknown[],
    schema: S,
    opts: WriteOptions,
    unitdp = false,
    recovery?: BatchRecovery<z.output<S>>,
  ): Promise<BatchResult<z.output<S>>[]> {
    if (records.length === 0) return [];
    const query: Record<string, QueryValue> = { summarizeErrors: false };
    // Four decimals on unit amounts: Magento prices like 9.9950 survive, and Xero still rounds line totals to cents.
    if (unitdp) query.unitdp = 4;
    let res: XeroResponse;
    try {
      res = await this.call({ method, path: `${BASE}/${plural}`, query, body: { [plural]: records }, ...write(opts) });
    } catch (error) {
      // A 400 with refused elements: Xero answered as if summarizeErrors were on (its default), so the elements it did
      // not refuse may be saved. Never sent again; looked up instead (recoverRefusedBatch).
      if (!recovery || !isXeroValidationError(error) || error.elements.length === 0) {
        this.tell(plural, method, records, () => ({ error: error instanceof Error ? error.message : String(error) }), () => false);
        throw error;
      }
      this.options.onWritten?.(plural);
      const recovered = await recoverRefusedBatch(records, error, recovery);
      this.tell(plural, method, records, (i) => answerOf(recovered[i]), (i) => recovered[i]?.ok === true);
      return recovered;
    }
    this.options.onWritten?.(plural);
    const raw = rawElements(res, plural);
    const results = toBatchResults(schema, raw, records.length, plural);
    this.tell(plural, method, records, (i) => raw[i], (i) => results[i]?.ok === true);
    return results;
  }

  /** onExchange, never allowed to break the write it reports on. */
  private tell(collection: string, method: 'PUT' | 'POST', sent: readonly unknown[], answer: (i: number) => unknown, ok: (i: number) => boolean): void {
    if (!this.options.onExchange) return;
    try {
      this.options.onExchange({ collection, method, documents: sent.map((s, i) => ({ sent: s, answer: answer(i), ok: ok(i) })) });
    } catch {
      // a recorder that failed loses a page's detail, not the write
    }
  }

  private elements<S extends z.ZodType>(res: XeroResponse, plural: string, schema: S, what: string): z.output<S>[] {
    return parseXero(z.array(schema), rawElements(res, plural), what);
  }

  private single<S extends z.ZodType>(res: XeroResponse, plural: string, schema: S, what: string): z.output<S> {
    const [first] = this.elements(res, plural, schema, what);
    if (first === undefined) throw new InvalidPayloadError('xero', what, [`no ${plural} in the answer`]);
    return first;
  }
}

function answerOf(result: BatchResult<unknown> | undefined): unknown {
  if (!result) return undefined;
  return result.ok ? result.record : { ...result.record, messages: result.messages };
}

/** The envelope's array (`{..., Invoices: [...]}`); an empty answer (304 Not Modified) is an empty list. */
function rawElements(res: XeroResponse, plural: string): unknown[] {
  if (res.body === undefined) return [];
  if (typeof res.body !== 'object' || res.body === null) {
    throw new InvalidPayloadError('xero', plural, ['the answer is not a JSON object']);
  }
  const value = (res.body as Record<string, unknown>)[plural];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new InvalidPayloadError('xero', plural, [`${plural} is not a list`]);
  return value;
}

function paged(query: PagedQuery): Record<string, QueryValue> {
  return { page: query.page, pageSize: query.pageSize, order: query.order };
}

function signal(opts: ReadOptions): Pick<CallRequest, 'signal'> {
  return opts.signal ? { signal: opts.signal } : {};
}

function readExtras(query: ReadOptions & { ifModifiedSince?: Date | string }): Pick<CallRequest, 'signal' | 'ifModifiedSince'> {
  return { ...signal(query), ...(query.ifModifiedSince !== undefined ? { ifModifiedSince: query.ifModifiedSince } : {}) };
}

function write(opts: WriteOptions): Pick<CallRequest, 'signal' | 'idempotencyKey'> {
  return { ...signal(opts), ...(opts.idempotencyKey !== undefined ? { idempotencyKey: opts.idempotencyKey } : {}) };
}
