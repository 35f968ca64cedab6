// A small in-memory stand-in for one Xero organisation's Accounting API, shaped like XeroAccounting (cast through
// unknown). It keeps invoices, credit notes, payments and allocations with Xero's amount-due arithmetic, records every
// call, and can refuse elements or lose an answer after the write landed (to test exactly-once).
import type {
  XeroContact,
  XeroContactPayload,
  XeroCreditNote,
  XeroCreditNotePayload,
  XeroInvoice,
  XeroInvoicePayload,
  XeroLineItem,
  XeroOrganisation,
  XeroPayment,
  XeroPaymentPayload,
  XeroTaxRate,
  XeroTaxRatePayload,
  XeroAllocationPayload,
  XeroAllocation,
} from '../../../src/domain/xero.js';
import type { XeroAccounting } from '../../../src/xero/accounting.js';
import { XeroValidationError } from '../../../src/xero/errors.js';
import type { BatchResult } from '../../../src/xero/batch.js';

export interface Call {
  method: string;
  count: number;
  args: unknown;
  idempotencyKey?: string | undefined;
}

type Refusal = (method: string, element: Record<string, unknown>) => string[] | undefined;

const cents = (n: number | null | undefined) => Math.round((n ?? 0) * 100);
const money = (c: number) => c / 100;

function lineCents(line: XeroLineItem, type: string): number {
  const base = Math.round((line.Quantity ?? 1) * (line.UnitAmount ?? 0) * 100) - cents(line.DiscountAmount);
  return type === 'Exclusive' ? base + cents(line.TaxAmount) : base;
}

export class FakeXero {
  readonly calls: Call[] = [];
  readonly invoices = new Map<string, XeroInvoice & { Payments: Array<Record<string, unknown>> }>();
  readonly creditNotes = new Map<string, XeroCreditNote & { Payments: Array<Record<string, unknown>>; Allocations: Array<Record<string, unknown>> }>();
  readonly contacts: XeroContact[] = [];
  readonly taxRates: XeroTaxRate[] = [];
  organisation: XeroOrganisation = { Name: 'Demo', BaseCurrency: 'USD' };
  /** Refuses elements: return Xero's messages for an element to refuse it. */
  refuse: Refusal = () => undefined;
  /** The next call of this method lands in Xero, but its answer is lost (the connection breaks). */
  private loseAnswer = new Set<string>();
  private seq = 0;

  constructor(readonly tenantId = 'tenant-1') {}

  get api(): XeroAccounting {
    return this as unknown as XeroAccounting;
  }

  loseNextAnswer(method: string): void {
    this.loseAnswer.add(method);
  }

  count(method: string): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  elementsSent(method: string): number[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.count);
  }

  private record(method: string, args: unknown, count: number, opts?: { idempotencyKey?: string }): void {
    this.calls.push({ method, args, count, idempotencyKey: opts?.idempotencyKey });
  }

  private landed<T>(method: string, value: T): T {
    if (this.loseAnswer.delete(method)) throw new Error(`connection reset during ${method}`);
    return value;
  }

  private id(prefix: string): string {
    return `${prefix}-${++this.seq}`;
  }

  // ---------- organisation, tax rates ----------
  async getOrganisation(): Promise<XeroOrganisation> {
    this.record('getOrganisation', undefined, 0);
    return this.organisation;
  }

  async getTaxRates(): Promise<XeroTaxRate[]> {
    this.record('getTaxRates', undefined, 0);
    return [...this.taxRates];
  }

  async createTaxRate(payload: XeroTaxRatePayload, opts?: { idempotencyKey?: string }): Promise<XeroTaxRate> {
    this.record('createTaxRate', payload, 1, opts);
    const refused = this.refuse('createTaxRate', payload as unknown as Record<string, unknown>);
    if (refused) throw new XeroValidationError(refused, { method: 'PUT', path: '/api.xro/2.0/TaxRates' });
    const rate: XeroTaxRate = {
      Name: payload.Name,
      TaxType: `TAX${String(++this.seq).padStart(3, '0')}`,
      Status: 'ACTIVE',
      EffectiveRate: payload.TaxComponents.reduce((s, c) => s + c.Rate, 0),
      CanApplyToRevenue: true,
    };
    this.taxRates.push(rate);
    return rate;
  }

  // ---------- contacts ----------
  async getContacts(query: { contactNumbers?: readonly string[] } = {}): Promise<XeroContact[]> {
    this.record('getContacts', query, 0);
    if (query.contactNumbers) return this.contacts.filter((c) => c.ContactNumber && query.contactNumbers!.includes(c.ContactNumber));
    return [...this.contacts];
  }

  async putContacts(payloads: readonly XeroContactPayload[], opts?: { idempotencyKey?: string }): Promise<BatchResult<XeroContact>[]> {
    this.record('putContacts', payloads, payloads.length, opts);
    return this.landed('putContacts', payloads.map((p) => {
      const contact: XeroContact = { ContactID: this.id('contact'), ContactNumber: p.ContactNumber, Name: p.Name, EmailAddress: p.EmailAddress ?? null, ContactStatus: 'ACTIVE' };
      this.contacts.push(contact);
      return { ok: true as const, record: contact, warnings: [] };
    }));
  }

  async postContacts(payloads: readonly XeroContactPayload[], opts?: { idempotencyKey?: string }): Promise<BatchResult<XeroContact>[]> {
    this.record('postContacts', payloads, payloads.length, opts);
    return payloads.map((p) => {
      const existing = this.contacts.find((c) => c.ContactID === p.ContactID) ?? { ContactID: this.id('contact') };
      Object.assign(existing, { Name: p.Name, ContactNumber: p.ContactNumber });
      return { ok: true as const, record: existing, warnings: [] };
    });
  }

  // ---------- invoices ----------
  async getInvoices(query: { ids?: readonly string[]; invoiceNumbers?: readonly string[] } = {}): Promise<XeroInvoice[]> {
    this.record('getInvoices', query, query.ids?.length ?? query.invoiceNumbers?.length ?? 0);
    return [...this.invoices.values()]
      .filter((i) => (!query.ids || query.ids.includes(i.InvoiceID)) && (!query.invoiceNumbers || query.invoiceNumbers.includes(i.InvoiceNumber ?? '')))
      .map((i) => structuredClone(i));
  }

  async putInvoices(payloads: readonly XeroInvoicePayload[], opts?: { idempotencyKey?: string }): Promise<BatchResult<XeroInvoice>[]> {
    this.record('putInvoices', payloads, payloads.length, opts);
    return this.landed('putInvoices', payloads.map((p) => {
      const refused = this.refuse('putInvoices', p as unknown as Record<string, unknown>) ??
        ([...this.invoices.values()].some((i) => i.InvoiceNumber === p.InvoiceNumber) ? ['Invoice # must be unique.'] : undefined);
      if (refused) return { ok: false as const, messages: refused, record: { ...p } };
      const total = p.LineItems.reduce((s, l) => s + lineCents(l, p.LineAmountTypes), 0);
      const invoice = {
        ...(structuredClone(p) as unknown as XeroInvoice),
        InvoiceID: this.id('invoice'),
        Total: money(total),
        AmountDue: money(total),
        AmountPaid: 0,
        AmountCredited: 0,
        Payments: [] as Array<Record<string, unknown>>,
      };
      this.invoices.set(invoice.InvoiceID, invoice);
      return { ok: true as const, record: structuredClone(invoice), warnings: [] };
    }));
  }

  async postInvoices(payloads: readonly XeroInvoicePayload[], opts?: { idempotencyKey?: string }): Promise<BatchResult<XeroInvoice>[]> {
    this.record('postInvoices', payloads, payloads.length, opts);
    return this.landed('postInvoices', payloads.map((p) => {
      const invoice = p.InvoiceID ? this.invoices.get(p.InvoiceID) : undefined;
      const refused = this.refuse('postInvoices', p as unknown as Record<string, unknown>) ?? (invoice ? undefined : ['Invoice not found']);
      if (refused || !invoice) return { ok: false as const, messages: refused ?? [], record: { ...p } };
      Object.assign(invoice, structuredClone(p));
      if (p.LineItems) {
        const total = p.LineItems.reduce((s, l) => s + lineCents(l, p.LineAmountTypes), 0);
        Object.assign(invoice, { Total: money(total), AmountDue: money(total - cents(invoice.AmountPaid) - cents(invoice.AmountCredited)) });
      }
      return { ok: true as const, record: structuredClone(invoice), warnings: [] };
    }));
  }

  // ---------- payments ----------
  async putPayments(payloads: readonly XeroPaymentPayload[], opts?: { idempotencyKey?: string }): Promise<BatchResult<XeroPayment>[]> {
    this.record('putPayments', payloads, payloads.length, opts);
    return this.landed('putPayments', payloads.map((p) => {
      const refused = this.refuse('putPayments', p as unknown as Record<string, unknown>);
      if (refused) return { ok: false as const, messages: refused, record: { ...p } };
      const payment: XeroPayment = { PaymentID: this.id('payment'), Amount: p.Amount, Date: p.Date, Reference: p.Reference ?? null };
      if (p.Invoice && 'InvoiceID' in p.Invoice) {
        const invoice = this.invoices.get(p.Invoice.InvoiceID);
        if (!invoice || invoice.Status !== 'AUTHORISED' || cents(p.Amount) > cents(invoice.AmountDue)) {
          return { ok: false as const, messages: ['Payment amount exceeds the amount outstanding on this document'], record: { ...p } };
        }
        invoice.Payments.push({ PaymentID: payment.PaymentID, Amount: p.Amount, Date: p.Date, Reference: p.Reference });
        invoice.AmountPaid = money(cents(invoice.AmountPaid) + cents(p.Amount));
        invoice.AmountDue = money(cents(invoice.AmountDue) - cents(p.Amount));
        if (cents(invoice.AmountDue) === 0) invoice.Status = 'PAID';
      } else if (p.CreditNote && 'CreditNoteID' in p.CreditNote) {
        const cn = this.creditNotes.get(p.CreditNote.CreditNoteID);
        if (!cn || cents(p.Amount) > cents(cn.RemainingCredit)) {
          return { ok: false as const, messages: ['Payment amount exceeds the amount outstanding on this document'], record: { ...p } };
        }
        cn.Payments.push({ PaymentID: payment.PaymentID, Amount: p.Amount, Date: p.Date, Reference: p.Reference });
        cn.RemainingCredit = money(cents(cn.RemainingCredit) - cents(p.Amount));
      }
      return { ok: true as const, record: payment, warnings: [] };
    }));
  }

  // ---------- credit notes ----------
  async getCreditNotes(query: { creditNoteNumbers?: readonly string[] } = {}): Promise<XeroCreditNote[]> {
    this.record('getCreditNotes', query, query.creditNoteNumbers?.length ?? 0);
    return [...this.creditNotes.values()]
      .filter((c) => !query.creditNoteNumbers || query.creditNoteNumbers.includes(c.CreditNoteNumber ?? ''))
      .map((c) => structuredClone(c));
  }

  async putCreditNotes(payloads: readonly XeroCreditNotePayload[], opts?: { idempotencyKey?: string }): Promise<BatchResult<XeroCreditNote>[]> {
    this.record('putCreditNotes', payloads, payloads.length, opts);
    return this.landed('putCreditNotes', payloads.map((p) => {
      const refused = this.refuse('putCreditNotes', p as unknown as Record<string, unknown>) ??
        ([...this.creditNotes.values()].some((c) => c.CreditNoteNumber === p.CreditNoteNumber) ? ['Credit Note # must be unique.'] : undefined);
      if (refused) return { ok: false as const, messages: refused, record: { ...p } };
      const total = p.LineItems.reduce((s, l) => s + lineCents(l, p.LineAmountTypes), 0);
      const cn = {
        ...(structuredClone(p) as unknown as XeroCreditNote),
        CreditNoteID: this.id('creditnote'),
        Total: money(total),
        RemainingCredit: money(total),
        Payments: [] as Array<Record<string, unknown>>,
        Allocations: [] as Array<Record<string, unknown>>,
      };
      this.creditNotes.set(cn.CreditNoteID, cn);
      return { ok: true as const, record: structuredClone(cn), warnings: [] };
    }));
  }

  async postCreditNotes(payloads: readonly XeroCreditNotePayload[], opts?: { idempotencyKey?: string }): Promise<BatchResult<XeroCreditNote>[]> {
    this.record('postCreditNotes', payloads, payloads.length, opts);
    return payloads.map((p) => {
      const cn = p.CreditNoteID ? this.creditNotes.get(p.CreditNoteID) : undefined;
      if (!cn) return { ok: false as const, messages: ['An existing Credit Note with the specified CreditNoteID could not be found'], record: { ...p } };
      Object.assign(cn, structuredClone(p));
      return { ok: true as const, record: structuredClone(cn), warnings: [] };
    });
  }

  async putAllocation(creditNoteId: string, allocations: readonly XeroAllocationPayload[], opts?: { idempotencyKey?: string }): Promise<BatchResult<XeroAllocation>[]> {
    this.record('putAllocation', { creditNoteId, allocations }, allocations.length, opts);
    return this.landed('putAllocation', allocations.map((a) => {
      const cn = this.creditNotes.get(creditNoteId);
      const invoice = this.invoices.get(a.Invoice.InvoiceID);
      const refused = this.refuse('putAllocation', a as unknown as Record<string, unknown>);
      if (refused) return { ok: false as const, messages: refused, record: { ...a } };
      if (!cn || !invoice || cents(a.Amount) > cents(invoice.AmountDue) || cents(a.Amount) > cents(cn.RemainingCredit)) {
        return { ok: false as const, messages: ['Credit Note cannot be allocated as amount is greater than amount outstanding'], record: { ...a } };
      }
      const allocation = { AllocationID: this.id('allocation'), Amount: a.Amount, Date: a.Date, Invoice: { InvoiceID: invoice.InvoiceID } };
      cn.Allocations.push(allocation);
      cn.RemainingCredit = money(cents(cn.RemainingCredit) - cents(a.Amount));
      invoice.AmountCredited = money(cents(invoice.AmountCredited) + cents(a.Amount));
      invoice.AmountDue = money(cents(invoice.AmountDue) - cents(a.Amount));
      if (cents(invoice.AmountDue) === 0) invoice.Status = 'PAID';
      return { ok: true as const, record: allocation, warnings: [] };
    }));
  }
}
