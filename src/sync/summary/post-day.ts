// Posting a store's closed day exactly once (invariant 2), like every other document: the day is sealed first (what it
// holds is frozen), then per currency the sales invoice and the refunds credit note are posted with their stable numbers
// and an Idempotency-Key, looked up by number when an earlier attempt's outcome is unknown, and linked the moment Xero
// accepts them; each payment and refund per account is linked as it is made, and found again on the document (same
// reference and amount) when an earlier attempt may have made it. Only then is the day marked posted.
import { GoLivePendingError } from '../../domain/go-live.js';
import { GO_LIVE_WAIT_MS } from '../handlers/load.js';
import { isMappingError } from '../../domain/errors.js';
import type { XeroCreditNote, XeroCreditNotePayload, XeroInvoice, XeroPaymentPayload } from '../../domain/xero.js';
import { contentHash } from '../../mapping/numbers.js';
import { storeContext, type MappingSettings } from '../../mapping/settings.js';
import { buildDaySummaries, dayClosesAt, summaryContact, type Contribution, type DaySummary, type SummaryEntry } from '../../mapping/summary/index.js';
import { fromMinor } from '../../domain/money.js';
import type { EntityLink } from '../../storage/entity-map-repository.js';
import type { SummaryEntryRecord } from '../../storage/summary-repository.js';
import type { QueueEntry } from '../../storage/queue-repository.js';
import type { XeroAccounting } from '../../xero/accounting.js';
import type { ContactWriter } from '../contact-writer.js';
import type { SyncContext } from '../context.js';
import { postCreditNotes, readCreditNotes } from '../documents/credit-notes.js';
import { lockDatesOf, postInvoices, readInvoices } from '../documents/invoice-poster.js';
import { link, linksByKind, linksOf, type XeroKind } from '../documents/links.js';
import { findPayment, putPayments, type PaymentDraft } from '../documents/payments.js';

/** The entity map's name for a store's day in one currency. */
export const SUMMARY_ENTITY = 'summary';
export const summaryKey = (storeId: number, day: string, currency: string) => `${storeId}:${day}:${currency}`;

/** What a posted day holds, as the Summary page and `summary show` read it. */
export interface PostedDay {
  storeId: number;
  day: string;
  tenantId: string;
  currencies: Array<{
    currency: string;
    invoice?: { id: string; number: string; totalCents: number; taxCents: number; documents: number };
    creditNote?: { id: string; number: string; totalCents: number; taxCents: number; documents: number };
    payments: Array<{ accountCode: string; cents: number; labels: string[]; id: string }>;
    refunds: Array<{ accountCode: string; cents: number; labels: string[]; id: string }>;
  }>;
}

export function entryOf(row: SummaryEntryRecord): SummaryEntry {
  return {
    ref: {
      entity: row.entity_type === 'creditmemo' ? 'creditmemo' : 'invoice',
      magentoId: row.magento_id,
      incrementId: row.increment_id,
      orderIncrementId: row.order_increment_id,
      revision: row.revision,
      documentDay: row.document_day,
    },
    contribution: JSON.parse(row.contribution_json) as Contribution,
  };
}

export type DayOutcome =
  | { kind: 'posted'; result: PostedDay; notes: string[] }
  | { kind: 'wait'; message: string; delayMs: number }
  | { kind: 'park'; message: string };

interface Step {
  entry: QueueEntry;
  tenantId: string;
  xero: XeroAccounting;
  storeId: number;
  day: string;
  uncertain: boolean;
}

/** Posts one store's day. Throws only for transient trouble (Xero down): the queue tries again and resumes where it was. */
export async function postSummaryDay(
  ctx: SyncContext,
  contacts: ContactWriter,
  entry: QueueEntry,
  where: { storeId: number; day: string },
  settings: MappingSettings,
  closeHour: number,
  signal?: AbortSignal,
): Promise<DayOutcome> {
  const { storeId, day } = where;
  let store;
  try {
    store = storeContext(settings, storeId, { entity: 'daily summary', id: day });
  } catch (error) {
    if (isMappingError(error)) return { kind: 'park', message: error.message };
    throw error;
  }
  const now = ctx.clock.now();
  const closesAt = dayClosesAt(day, closeHour, store.timezone);
  if (now < closesAt) {
    return { kind: 'wait', message: `the daily summary of ${day} is posted once the day closes (${new Date(closesAt).toISOString()})`, delayMs: closesAt - now };
  }
  const tenantId = await ctx.tenantFor(storeId);
  // A day's summary reaches an organisation only after its own go-live, as every other document.
  if (ctx.isLive && !(await ctx.isLive(tenantId))) return { kind: 'wait', message: new GoLivePendingError(tenantId).message, delayMs: GO_LIVE_WAIT_MS };
  const xero = ctx.xero(tenantId);
  const { entries } = await ctx.storage.summaries.seal(storeId, day, tenantId, now);
  const step: Step = { entry, tenantId, xero, storeId, day, uncertain: entry.attempts > 1 };
  const result: PostedDay = { storeId, day, tenantId, currencies: [] };
  if (entries.length === 0) return { kind: 'posted', result, notes: ['nothing was sold or refunded'] };

  // The store's summary contact, created once (under its stable ContactNumber).
  const contactPayload = summaryContact(store);
  const contactLinks = await linksOf(ctx.storage, 'summary-contact', 'contact', [String(storeId)], tenantId);
  let contactId = contactLinks.get(String(storeId))?.xero_id;
  if (!contactId) {
    const written = await contacts.write(xero, [{ key: 'contact', payload: contactPayload, uncertain: step.uncertain }], signal);
    const answer = written.get('contact');
    if (!answer?.ok) return { kind: 'park', message: `The daily summary contact "${contactPayload.Name}" could not be created in Xero: ${answer?.message ?? 'no answer'}` };
    contactId = answer.contact.ContactID;
    await ctx.storage.entityMap.put([link('summary-contact', String(storeId), 'contact', tenantId, { id: contactId, number: contactPayload.ContactNumber, hash: contentHash(contactPayload) }, ctx.clock.now())]);
  }

  let days: DaySummary[];
  try {
    days = buildDaySummaries({ store, day, contact: { ContactID: contactId }, entries: entries.map(entryOf) });
  } catch (error) {
    if (isMappingError(error)) return { kind: 'park', message: error.message };
    throw error;
  }
  const keys = days.map((d) => summaryKey(storeId, day, d.currency));
  const linked = await linksByKind(ctx.storage, SUMMARY_ENTITY, keys, tenantId);

  const invoices = await postSalesInvoices(ctx, step, days, linked, signal);
  if ('park' in invoices) return { kind: 'park', message: invoices.park };
  const creditNotes = await postRefundNotes(ctx, step, days, linked, signal);
  if ('park' in creditNotes) return { kind: 'park', message: creditNotes.park };

  const payments = await postMoney(ctx, step, days, linked, invoices.byCurrency, creditNotes.byCurrency, signal);
  if (payments.failed.length > 0) return { kind: 'park', message: payments.failed.join(' ') };

  for (const d of days) {
    const inv = invoices.byCurrency.get(d.currency);
    const cn = creditNotes.byCurrency.get(d.currency);
    result.currencies.push({
      currency: d.currency,
      ...(inv && d.sales ? { invoice: { id: inv.InvoiceID, number: d.sales.payload.InvoiceNumber, totalCents: d.sales.totalCents, taxCents: d.sales.taxCents, documents: d.sales.documents } } : {}),
      ...(cn && d.refunds ? { creditNote: { id: cn.CreditNoteID, number: d.refunds.payload.CreditNoteNumber, totalCents: d.refunds.totalCents, taxCents: d.refunds.taxCents, documents: d.refunds.documents } } : {}),
      payments: (d.sales?.money ?? []).map((m) => ({ accountCode: m.accountCode, cents: m.cents, labels: m.labels, id: payments.ids.get(`${d.currency}:payment:${m.accountCode}`) ?? '' })),
      refunds: (d.refunds?.money ?? []).map((m) => ({ accountCode: m.accountCode, cents: m.cents, labels: m.labels, id: payments.ids.get(`${d.currency}:refund:${m.accountCode}`) ?? '' })),
    });
  }
  return { kind: 'posted', result, notes: [...invoices.notes, ...creditNotes.notes, ...payments.notes] };
}

type Linked = (kind: XeroKind, magentoId: string) => EntityLink | undefined;

async function postSalesInvoices(
  ctx: SyncContext,
  step: Step,
  days: readonly DaySummary[],
  linked: Linked,
  signal?: AbortSignal,
): Promise<{ byCurrency: Map<string, XeroInvoice & { fresh: boolean }>; notes: string[] } | { park: string }> {
  const byCurrency = new Map<string, XeroInvoice & { fresh: boolean }>();
  const drafts = days
    .filter((d) => d.sales)
    .map((d) => {
      const payload = d.sales!.payload;
      const key = summaryKey(step.storeId, step.day, d.currency);
      return { key: d.currency, payload, hash: contentHash(payload), link: linked('invoice', key), uncertain: step.uncertain };
    });
  // A sealed day never changes: a linked invoice is never sent again, even if the hash differs (it cannot, but a
  // summary in Xero is history once posted).
  const fresh = drafts.filter((d) => !d.link);
  for (const d of drafts) if (d.link) byCurrency.set(d.key, { InvoiceID: d.link.xero_id, InvoiceNumber: d.link.xero_number, fresh: false });
  const results = await postInvoices(step.xero, fresh.map((d) => ({ ...d, link: undefined })), lockDatesOf(step.xero, signal), signal);
  const links: EntityLink[] = [];
  const notes: string[] = [];
  for (const d of fresh) {
    const r = results.get(d.key);
    if (!r) continue;
    if (!r.ok) return { park: `Daily sales invoice ${d.payload.InvoiceNumber}: ${r.message}` };
    byCurrency.set(d.key, { ...r.invoice, fresh: r.action === 'create' });
    if (r.action === 'adopt') notes.push(`invoice ${d.payload.InvoiceNumber} was found in Xero (an earlier attempt posted it)`);
    links.push(link(SUMMARY_ENTITY, summaryKey(step.storeId, step.day, d.key), 'invoice', step.tenantId, { id: r.invoice.InvoiceID, number: d.payload.InvoiceNumber, hash: d.hash }, ctx.clock.now()));
  }
  await ctx.storage.entityMap.put(links);
  return { byCurrency, notes };
}

async function postRefundNotes(
  ctx: SyncContext,
  step: Step,
  days: readonly DaySummary[],
  linked: Linked,
  signal?: AbortSignal,
): Promise<{ byCurrency: Map<string, XeroCreditNote & { fresh: boolean }>; notes: string[] } | { park: string }> {
  const byCurrency = new Map<string, XeroCreditNote & { fresh: boolean }>();
  const drafts = days
    .filter((d) => d.refunds)
    .map((d) => {
      const payload: XeroCreditNotePayload = d.refunds!.payload;
      const key = summaryKey(step.storeId, step.day, d.currency);
      return { key: d.currency, payload, hash: contentHash(payload), link: linked('creditnote', key), settled: true, uncertain: step.uncertain };
    });
  const fresh = drafts.filter((d) => !d.link);
  for (const d of drafts) if (d.link) byCurrency.set(d.key, { CreditNoteID: d.link.xero_id, CreditNoteNumber: d.link.xero_number, fresh: false });
  const results = await postCreditNotes(step.xero, fresh.map((d) => ({ ...d, link: undefined })), signal);
  const links: EntityLink[] = [];
  const notes: string[] = [];
  for (const d of fresh) {
    const r = results.get(d.key);
    if (!r) continue;
    if (!r.ok) return { park: `Daily refunds credit note ${d.payload.CreditNoteNumber}: ${r.message}` };
    byCurrency.set(d.key, { ...r.creditNote, fresh: r.action === 'create' });
    if (r.action === 'adopt') notes.push(`credit note ${d.payload.CreditNoteNumber} was found in Xero (an earlier attempt posted it)`);
    links.push(link(SUMMARY_ENTITY, summaryKey(step.storeId, step.day, d.key), 'creditnote', step.tenantId, { id: r.creditNote.CreditNoteID, number: d.payload.CreditNoteNumber, hash: d.hash }, ctx.clock.now()));
  }
  await ctx.storage.entityMap.put(links);
  return { byCurrency, notes };
}

interface MoneyDraft {
  currency: string;
  kind: `payment:${string}` | `refund:${string}`;
  /** The Xero document the money is recorded against (invoice or credit note). */
  documentId: string;
  documentNumber: string;
  on: 'invoice' | 'creditnote';
  fresh: boolean;
  payload: XeroPaymentPayload;
}

/** Payments into each account on the invoices, refunds out of each account on the credit notes. */
async function postMoney(
  ctx: SyncContext,
  step: Step,
  days: readonly DaySummary[],
  linked: Linked,
  invoices: ReadonlyMap<string, XeroInvoice & { fresh: boolean }>,
  creditNotes: ReadonlyMap<string, XeroCreditNote & { fresh: boolean }>,
  signal?: AbortSignal,
): Promise<{ ids: Map<string, string>; failed: string[]; notes: string[] }> {
  const ids = new Map<string, string>();
  const drafts: MoneyDraft[] = [];
  for (const d of days) {
    const key = summaryKey(step.storeId, step.day, d.currency);
    const inv = invoices.get(d.currency);
    const rate = d.sales?.payload.CurrencyRate;
    for (const m of inv ? (d.sales?.money ?? []) : []) {
      const kind = `payment:${m.accountCode}` as const;
      const done = linked(kind, key);
      if (done) {
        ids.set(`${d.currency}:${kind}`, done.xero_id);
        continue;
      }
      const payload: XeroPaymentPayload = { Invoice: { InvoiceID: inv!.InvoiceID }, Account: { Code: m.accountCode }, Date: step.day, Amount: fromMinor(m.cents), Reference: m.reference };
      if (rate !== undefined) payload.CurrencyRate = rate;
      drafts.push({ currency: d.currency, kind, documentId: inv!.InvoiceID, documentNumber: d.sales!.payload.InvoiceNumber, on: 'invoice', fresh: inv!.fresh, payload });
    }
    const cn = creditNotes.get(d.currency);
    const refundRate = d.refunds?.payload.CurrencyRate;
    for (const m of cn ? (d.refunds?.money ?? []) : []) {
      const kind = `refund:${m.accountCode}` as const;
      const done = linked(kind, key);
      if (done) {
        ids.set(`${d.currency}:${kind}`, done.xero_id);
        continue;
      }
      const payload: XeroPaymentPayload = { CreditNote: { CreditNoteID: cn!.CreditNoteID }, Account: { Code: m.accountCode }, Date: step.day, Amount: fromMinor(m.cents), Reference: m.reference };
      if (refundRate !== undefined) payload.CurrencyRate = refundRate;
      drafts.push({ currency: d.currency, kind, documentId: cn!.CreditNoteID, documentNumber: d.refunds!.payload.CreditNoteNumber, on: 'creditnote', fresh: cn!.fresh, payload });
    }
  }
  const notes: string[] = [];
  const failed: string[] = [];
  const links: EntityLink[] = [];
  const record = (d: MoneyDraft, paymentId: string) => {
    ids.set(`${d.currency}:${d.kind}`, paymentId);
    links.push(link(SUMMARY_ENTITY, summaryKey(step.storeId, step.day, d.currency), d.kind, step.tenantId, { id: paymentId, number: d.payload.Reference ?? null }, ctx.clock.now()));
  };
  // A document made in this attempt carries none of our payments yet; any other may carry one an earlier attempt made.
  const unsure = drafts.filter((d) => !d.fresh || step.uncertain);
  const onInvoices = new Map((await readInvoices(step.xero, 'ids', unsure.filter((d) => d.on === 'invoice').map((d) => d.documentId), signal)).map((i) => [i.InvoiceID, i]));
  const onNotes = await readCreditNotes(step.xero, unsure.filter((d) => d.on === 'creditnote').map((d) => d.documentNumber), signal);
  const taken = new Set<string>();
  const send: Array<PaymentDraft<MoneyDraft>> = [];
  for (const d of drafts) {
    const doc = unsure.includes(d) ? (d.on === 'invoice' ? onInvoices.get(d.documentId) : onNotes.get(d.documentNumber)) : undefined;
    const found = doc ? findPayment(doc, d.payload, taken) : undefined;
    if (found) {
      taken.add(found);
      record(d, found);
      notes.push(`${d.kind.replace(':', ' into ')} was found in Xero`);
    } else {
      send.push({ key: d, payload: d.payload, identity: `${d.documentNumber}:${d.kind}#${step.entry.attempts}` });
    }
  }
  const answers = await putPayments(step.xero, 'summary-payments', send, signal);
  for (const s of send) {
    const answer = answers.get(s.key);
    if (answer?.ok) record(s.key, answer.payment.PaymentID);
    else failed.push(`${s.key.on === 'invoice' ? 'Payment' : 'Refund'} of ${s.payload.Amount} ${s.key.kind.split(':')[0] === 'payment' ? 'into' : 'from'} account ${s.key.kind.split(':')[1]} on ${s.key.documentNumber}: ${answer?.message ?? 'no answer'}`);
  }
  await ctx.storage.entityMap.put(links);
  return { ids, failed, notes };
}
