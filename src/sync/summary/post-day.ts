// Posting stores' closed days exactly once (invariant 2), like every other document: each day is sealed first (what it
// holds is frozen), then per currency the sales invoice and the refunds credit note are posted with their stable numbers
// and an Idempotency-Key, looked up by number when an earlier attempt's outcome is unknown, and linked the moment Xero
// accepts them; each payment and refund per account is linked as it is made, and found again on the document (same
// reference and amount) when an earlier attempt may have made it. Only then is the day marked posted.
//
// The days of one claim (a backfill of a year, a worker catching up) share their calls, per organisation: every day's
// invoices go out together, then every day's credit notes, then every day's payments and refunds, up to 50 a call as
// for per-order documents (src/sync/documents). Xero's PUT /Invoices, /CreditNotes and /Payments take an array of
// documents and, with summarizeErrors=false, answer each element on its own (a refused one carries its
// ValidationErrors, the others are made): the summarizeErrors parameter of createInvoices, createCreditNotes and
// createPayments in Xero's Accounting OpenAPI spec (xero_accounting.yaml); about 50 elements a call is Xero's
// guidance on its limits page (developer.xero.com, docs/XERO.md "Limits"). A day that Xero refuses is parked on its
// own; the others go on.
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

/** A store's closed day, sealed and summarised, on its way to Xero. */
interface Prepared {
  step: Step;
  days: DaySummary[];
  result: PostedDay;
  invoices: Map<string, XeroInvoice & { fresh: boolean }>;
  creditNotes: Map<string, XeroCreditNote & { fresh: boolean }>;
  paymentIds: Map<string, string>;
  notes: string[];
  /** Set when Xero refused one of the day's documents: the day is parked and goes no further. */
  park?: string;
}

export interface DayWork {
  entry: QueueEntry;
  where: { storeId: number; day: string };
}

/**
 * Posts a claim of stores' days; an outcome for each. Throws only for transient trouble (Xero down): the queue tries the
 * claim again and each day resumes where it was (what was linked stays linked, the rest is looked up before it is made).
 */
export async function postSummaryDays(
  ctx: SyncContext,
  contacts: ContactWriter,
  work: readonly DayWork[],
  settings: MappingSettings,
  closeHour: number,
  signal?: AbortSignal,
): Promise<Map<QueueEntry, DayOutcome>> {
  const outcomes = new Map<QueueEntry, DayOutcome>();
  const prepared: Prepared[] = [];
  const summaryContacts = new Map<string, Promise<string | { park: string }>>();
  for (const w of work) {
    const p = await prepareDay(ctx, contacts, summaryContacts, w, settings, closeHour, signal);
    if ('kind' in p) outcomes.set(w.entry, p);
    else prepared.push(p);
  }
  const tenants = new Map<string, Prepared[]>();
  for (const p of prepared) tenants.set(p.step.tenantId, [...(tenants.get(p.step.tenantId) ?? []), p]);
  for (const [tenantId, group] of tenants) {
    const xero = ctx.xero(tenantId);
    const keys = group.flatMap((p) => p.days.map((d) => summaryKey(p.step.storeId, p.step.day, d.currency)));
    const linked = await linksByKind(ctx.storage, SUMMARY_ENTITY, keys, tenantId);
    await postSalesInvoices(ctx, xero, group, linked, signal);
    await postRefundNotes(ctx, xero, group.filter((p) => !p.park), linked, signal);
    await postMoney(ctx, xero, group.filter((p) => !p.park), linked, signal);
  }
  for (const p of prepared) outcomes.set(p.step.entry, p.park ? { kind: 'park', message: p.park } : { kind: 'posted', result: resultOf(p), notes: p.notes });
  return outcomes;
}

/** Seals a closed day and summarises it, or says why it waits or is parked. */
async function prepareDay(
  ctx: SyncContext,
  contacts: ContactWriter,
  summaryContacts: Map<string, Promise<string | { park: string }>>,
  { entry, where }: DayWork,
  settings: MappingSettings,
  closeHour: number,
  signal?: AbortSignal,
): Promise<Prepared | DayOutcome> {
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

  // The store's summary contact, created once (under its stable ContactNumber), and once per claim at most.
  const contactKey = `${tenantId}:${storeId}`;
  let contact = summaryContacts.get(contactKey);
  if (!contact) {
    contact = summaryContact$(ctx, contacts, step, summaryContact(store), signal);
    summaryContacts.set(contactKey, contact);
  }
  const contactId = await contact;
  if (typeof contactId !== 'string') return { kind: 'park', message: contactId.park };

  let days: DaySummary[];
  try {
    days = buildDaySummaries({ store, day, contact: { ContactID: contactId }, entries: entries.map(entryOf) });
  } catch (error) {
    if (isMappingError(error)) return { kind: 'park', message: error.message };
    throw error;
  }
  return { step, days, result, invoices: new Map(), creditNotes: new Map(), paymentIds: new Map(), notes: [] };
}

async function summaryContact$(
  ctx: SyncContext,
  contacts: ContactWriter,
  step: Step,
  payload: ReturnType<typeof summaryContact>,
  signal?: AbortSignal,
): Promise<string | { park: string }> {
  const contactLinks = await linksOf(ctx.storage, 'summary-contact', 'contact', [String(step.storeId)], step.tenantId);
  const existing = contactLinks.get(String(step.storeId))?.xero_id;
  if (existing) return existing;
  const written = await contacts.write(step.xero, [{ key: 'contact', payload, uncertain: step.uncertain }], signal);
  const answer = written.get('contact');
  if (!answer?.ok) return { park: `The daily summary contact "${payload.Name}" could not be created in Xero: ${answer?.message ?? 'no answer'}` };
  await ctx.storage.entityMap.put([
    link('summary-contact', String(step.storeId), 'contact', step.tenantId, { id: answer.contact.ContactID, number: payload.ContactNumber, hash: contentHash(payload) }, ctx.clock.now()),
  ]);
  return answer.contact.ContactID;
}

function resultOf(p: Prepared): PostedDay {
  const { result } = p;
  for (const d of p.days) {
    const inv = p.invoices.get(d.currency);
    const cn = p.creditNotes.get(d.currency);
    result.currencies.push({
      currency: d.currency,
      ...(inv && d.sales ? { invoice: { id: inv.InvoiceID, number: d.sales.payload.InvoiceNumber, totalCents: d.sales.totalCents, taxCents: d.sales.taxCents, documents: d.sales.documents } } : {}),
      ...(cn && d.refunds ? { creditNote: { id: cn.CreditNoteID, number: d.refunds.payload.CreditNoteNumber, totalCents: d.refunds.totalCents, taxCents: d.refunds.taxCents, documents: d.refunds.documents } } : {}),
      payments: (d.sales?.money ?? []).map((m) => ({ accountCode: m.accountCode, cents: m.cents, labels: m.labels, id: p.paymentIds.get(`${d.currency}:payment:${m.accountCode}`) ?? '' })),
      refunds: (d.refunds?.money ?? []).map((m) => ({ accountCode: m.accountCode, cents: m.cents, labels: m.labels, id: p.paymentIds.get(`${d.currency}:refund:${m.accountCode}`) ?? '' })),
    });
  }
  return result;
}

type Linked = (kind: XeroKind, magentoId: string) => EntityLink | undefined;

/** Every day's sales invoices (one per currency), 50 a call across the days. */
async function postSalesInvoices(ctx: SyncContext, xero: XeroAccounting, group: readonly Prepared[], linked: Linked, signal?: AbortSignal): Promise<void> {
  const drafts = group.flatMap((p) =>
    p.days
      .filter((d) => d.sales)
      .map((d) => {
        const payload = d.sales!.payload;
        const key = summaryKey(p.step.storeId, p.step.day, d.currency);
        return { key, day: p, currency: d.currency, payload, hash: contentHash(payload), link: linked('invoice', key), uncertain: p.step.uncertain };
      }),
  );
  // A sealed day never changes: a linked invoice is never sent again, even if the hash differs (it cannot, but a
  // summary in Xero is history once posted).
  const fresh = drafts.filter((d) => !d.link);
  for (const d of drafts) if (d.link) d.day.invoices.set(d.currency, { InvoiceID: d.link.xero_id, InvoiceNumber: d.link.xero_number, fresh: false });
  const results = await postInvoices(xero, fresh.map((d) => ({ ...d, link: undefined })), lockDatesOf(xero, signal), signal);
  const links: EntityLink[] = [];
  for (const d of fresh) {
    const r = results.get(d.key);
    if (!r) continue;
    if (!r.ok) {
      d.day.park ??= `Daily sales invoice ${d.payload.InvoiceNumber}: ${r.message}`;
      continue;
    }
    d.day.invoices.set(d.currency, { ...r.invoice, fresh: r.action === 'create' });
    if (r.action === 'adopt') d.day.notes.push(`invoice ${d.payload.InvoiceNumber} was found in Xero (an earlier attempt posted it)`);
    links.push(link(SUMMARY_ENTITY, d.key, 'invoice', d.day.step.tenantId, { id: r.invoice.InvoiceID, number: d.payload.InvoiceNumber, hash: d.hash }, ctx.clock.now()));
  }
  await ctx.storage.entityMap.put(links);
}

/** Every day's refunds credit notes (one per currency), 50 a call across the days. */
async function postRefundNotes(ctx: SyncContext, xero: XeroAccounting, group: readonly Prepared[], linked: Linked, signal?: AbortSignal): Promise<void> {
  const drafts = group.flatMap((p) =>
    p.days
      .filter((d) => d.refunds)
      .map((d) => {
        const payload: XeroCreditNotePayload = d.refunds!.payload;
        const key = summaryKey(p.step.storeId, p.step.day, d.currency);
        return { key, day: p, currency: d.currency, payload, hash: contentHash(payload), link: linked('creditnote', key), settled: true, uncertain: p.step.uncertain };
      }),
  );
  const fresh = drafts.filter((d) => !d.link);
  for (const d of drafts) if (d.link) d.day.creditNotes.set(d.currency, { CreditNoteID: d.link.xero_id, CreditNoteNumber: d.link.xero_number, fresh: false });
  const results = await postCreditNotes(xero, fresh.map((d) => ({ ...d, link: undefined })), signal);
  const links: EntityLink[] = [];
  for (const d of fresh) {
    const r = results.get(d.key);
    if (!r) continue;
    if (!r.ok) {
      d.day.park ??= `Daily refunds credit note ${d.payload.CreditNoteNumber}: ${r.message}`;
      continue;
    }
    d.day.creditNotes.set(d.currency, { ...r.creditNote, fresh: r.action === 'create' });
    if (r.action === 'adopt') d.day.notes.push(`credit note ${d.payload.CreditNoteNumber} was found in Xero (an earlier attempt posted it)`);
    links.push(link(SUMMARY_ENTITY, d.key, 'creditnote', d.day.step.tenantId, { id: r.creditNote.CreditNoteID, number: d.payload.CreditNoteNumber, hash: d.hash }, ctx.clock.now()));
  }
  await ctx.storage.entityMap.put(links);
}

interface MoneyDraft {
  day: Prepared;
  currency: string;
  kind: `payment:${string}` | `refund:${string}`;
  /** The Xero document the money is recorded against (invoice or credit note). */
  documentId: string;
  documentNumber: string;
  on: 'invoice' | 'creditnote';
  fresh: boolean;
  payload: XeroPaymentPayload;
}

/** A summary document the day's money is recorded against: the sales invoice (payments in) or the refunds credit note (refunds out). */
interface MoneySide {
  kind: 'payment' | 'refund';
  on: 'invoice' | 'creditnote';
  id: string;
  fresh: boolean;
  number: string;
  money: ReadonlyArray<{ accountCode: string; cents: number; reference: string }>;
  rate: number | undefined;
}

/** Payments into each account on the invoices, refunds out of each account on the credit notes: 50 a call across the days. */
async function postMoney(ctx: SyncContext, xero: XeroAccounting, group: readonly Prepared[], linked: Linked, signal?: AbortSignal): Promise<void> {
  const drafts: MoneyDraft[] = [];
  for (const p of group) {
    const { step } = p;
    for (const d of p.days) {
      const key = summaryKey(step.storeId, step.day, d.currency);
      const inv = p.invoices.get(d.currency);
      const cn = p.creditNotes.get(d.currency);
      const sides: Array<MoneySide | undefined> = [
        inv && d.sales && { kind: 'payment', on: 'invoice', id: inv.InvoiceID, fresh: inv.fresh, number: d.sales.payload.InvoiceNumber, money: d.sales.money, rate: d.sales.payload.CurrencyRate },
        cn && d.refunds && { kind: 'refund', on: 'creditnote', id: cn.CreditNoteID, fresh: cn.fresh, number: d.refunds.payload.CreditNoteNumber, money: d.refunds.money, rate: d.refunds.payload.CurrencyRate },
      ];
      for (const side of sides) {
        if (!side) continue;
        for (const m of side.money) {
          const kind = `${side.kind}:${m.accountCode}` as const;
          const done = linked(kind, key);
          if (done) {
            p.paymentIds.set(`${d.currency}:${kind}`, done.xero_id);
            continue;
          }
          const target = side.on === 'invoice' ? { Invoice: { InvoiceID: side.id } } : { CreditNote: { CreditNoteID: side.id } };
          const payload: XeroPaymentPayload = { ...target, Account: { Code: m.accountCode }, Date: step.day, Amount: fromMinor(m.cents), Reference: m.reference };
          if (side.rate !== undefined) payload.CurrencyRate = side.rate;
          drafts.push({ day: p, currency: d.currency, kind, documentId: side.id, documentNumber: side.number, on: side.on, fresh: side.fresh, payload });
        }
      }
    }
  }
  const links: EntityLink[] = [];
  const record = (d: MoneyDraft, paymentId: string) => {
    d.day.paymentIds.set(`${d.currency}:${d.kind}`, paymentId);
    links.push(link(SUMMARY_ENTITY, summaryKey(d.day.step.storeId, d.day.step.day, d.currency), d.kind, d.day.step.tenantId, { id: paymentId, number: d.payload.Reference ?? null }, ctx.clock.now()));
  };
  // A document made in this attempt carries none of our payments yet; any other may carry one an earlier attempt made.
  const unsure = new Set(drafts.filter((d) => !d.fresh || d.day.step.uncertain));
  const onInvoices = new Map((await readInvoices(xero, 'ids', [...unsure].filter((d) => d.on === 'invoice').map((d) => d.documentId), signal)).map((i) => [i.InvoiceID, i]));
  const onNotes = await readCreditNotes(xero, [...unsure].filter((d) => d.on === 'creditnote').map((d) => d.documentNumber), signal);
  const taken = new Set<string>();
  const send: Array<PaymentDraft<MoneyDraft>> = [];
  for (const d of drafts) {
    const doc = unsure.has(d) ? (d.on === 'invoice' ? onInvoices.get(d.documentId) : onNotes.get(d.documentNumber)) : undefined;
    const found = doc ? findPayment(doc, d.payload, taken) : undefined;
    if (found) {
      taken.add(found);
      record(d, found);
      d.day.notes.push(`${d.kind.replace(':', ' into ')} was found in Xero`);
    } else {
      send.push({ key: d, payload: d.payload, identity: `${d.documentNumber}:${d.kind}#${d.day.step.entry.attempts}` });
    }
  }
  const answers = await putPayments(xero, 'summary-payments', send, signal);
  for (const s of send) {
    const answer = answers.get(s.key);
    if (answer?.ok) record(s.key, answer.payment.PaymentID);
    else {
      const failure = `${s.key.on === 'invoice' ? 'Payment' : 'Refund'} of ${s.payload.Amount} ${s.key.kind.split(':')[0] === 'payment' ? 'into' : 'from'} account ${s.key.kind.split(':')[1]} on ${s.key.documentNumber}: ${answer?.message ?? 'no answer'}`;
      s.key.day.park = s.key.day.park ? `${s.key.day.park} ${failure}` : failure;
    }
  }
  await ctx.storage.entityMap.put(links);
}
