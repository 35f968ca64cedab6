// A store's day in one currency becomes at most two Xero documents: one ACCREC invoice for the day's sales (one line per
// kind, account and tax type, discounts as DiscountAmount as in per-order mode, tax to the cent as Magento charged it)
// with one payment per account the money went into, and one ACCRECCREDIT credit note for the day's refunds with one
// refund payment per account the money came out of. Each line keeps the Magento documents it adds up.
import { MappingError } from '../../domain/errors.js';
import { divRound, formatMinor, fromMinor } from '../../domain/money.js';
import type { LineAmountTypes, XeroCreditNotePayload, XeroInvoicePayload, XeroLineItem } from '../../domain/xero.js';
import { trackingFor } from '../document-common.js';
import type { StoreContext } from '../settings.js';
import { computeDocument } from '../xero-arithmetic.js';
import { convertLine, lineKey, type Contribution, type ContributionLine, type SummaryLineKind } from './contribution.js';
import { summaryCreditNoteNumber, summaryCreditNoteReference, summaryInvoiceNumber, summaryInvoiceReference } from './numbers.js';

/** A Magento document behind a summary: what it is, and which revision of it (a change after its day adds one). */
export interface SummaryRef {
  entity: 'invoice' | 'creditmemo';
  magentoId: string;
  incrementId: string;
  orderIncrementId: string;
  revision: number;
  /** The store-local day the document itself is dated; differs from the summary's day for late changes. */
  documentDay: string;
}

export interface SummaryEntry {
  ref: SummaryRef;
  contribution: Contribution;
}

export interface SummaryLine {
  kind: SummaryLineKind;
  accountCode: string;
  taxType: string;
  grossCents: number;
  discountCents: number;
  taxCents: number;
  /** Xero's LineAmount: gross less discount (tax included when the document is Inclusive). */
  amountCents: number;
  refs: SummaryRef[];
}

export interface PlannedSummaryMoney {
  accountCode: string;
  cents: number;
  /** Payment methods (or gift cards, store credit...) behind the amount. */
  labels: string[];
  reference: string;
}

export interface SummaryDocument<P> {
  payload: P;
  lines: SummaryLine[];
  /** Payments into (sales) or refunds out of (refunds) each account, one Xero payment each. */
  money: PlannedSummaryMoney[];
  totalCents: number;
  taxCents: number;
  documents: number;
}

export interface DaySummary {
  day: string;
  currency: string;
  sales: SummaryDocument<XeroInvoicePayload> | undefined;
  refunds: SummaryDocument<XeroCreditNotePayload> | undefined;
}

export interface SummaryInput {
  store: StoreContext & { storeId: number };
  day: string;
  currency: string;
  /** The Xero ContactNumber (or ContactID, once known) the documents are made out to. */
  contact: { ContactNumber: string } | { ContactID: string };
  entries: readonly SummaryEntry[];
}

const KIND_ORDER: Record<SummaryLineKind, number> = { goods: 0, shipping: 1, 'adjustment-refund': 2, 'adjustment-fee': 3, rounding: 4 };
const KIND_TEXT: Record<SummaryLineKind, string> = {
  goods: 'Goods sold',
  shipping: 'Shipping',
  'adjustment-refund': 'Adjustment refunds',
  'adjustment-fee': 'Adjustment fees',
  rounding: 'Rounding',
};

/**
 * The day's LineAmountTypes: what most of its documents use (tax-inclusive stores stay inclusive), Exclusive on a tie,
 * NoTax only when nothing on the day was taxed. Documents in the other mode are converted line by line (convertLine),
 * which keeps every net amount and every tax to the cent.
 */
export function summaryMode(contributions: readonly Contribution[]): LineAmountTypes {
  let inclusive = 0;
  let exclusive = 0;
  for (const c of contributions) {
    if (c.mode === 'Inclusive') inclusive++;
    else if (c.mode === 'Exclusive') exclusive++;
  }
  if (inclusive === 0 && exclusive === 0) {
    return contributions.some((c) => c.lines.some((l) => l.taxCents !== 0)) ? 'Exclusive' : 'NoTax';
  }
  return inclusive > exclusive ? 'Inclusive' : 'Exclusive';
}

/** Adds the entries' lines up by kind, account and tax type, in the summary's mode, keeping who contributed. */
export function aggregateLines(entries: readonly SummaryEntry[], mode: LineAmountTypes): SummaryLine[] {
  const byKey = new Map<string, SummaryLine>();
  for (const entry of entries) {
    const c = entry.contribution;
    for (const raw of c.lines) {
      const line: ContributionLine = convertLine(raw, c.mode, mode); // a NoTax day converts nothing
      const key = lineKey(line);
      let total = byKey.get(key);
      if (!total) {
        total = { kind: line.kind, accountCode: line.accountCode, taxType: line.taxType, grossCents: 0, discountCents: 0, taxCents: 0, amountCents: 0, refs: [] };
        byKey.set(key, total);
      }
      total.grossCents += line.grossCents;
      total.discountCents += line.discountCents;
      total.taxCents += line.taxCents;
      total.amountCents += line.grossCents - line.discountCents;
      if (!total.refs.includes(entry.ref)) total.refs.push(entry.ref);
    }
  }
  return [...byKey.values()]
    .filter((l) => l.grossCents !== 0 || l.discountCents !== 0 || l.taxCents !== 0)
    .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.accountCode.localeCompare(b.accountCode) || a.taxType.localeCompare(b.taxType));
}

function describe(line: SummaryLine, day: string, noun: string): string {
  const docs = new Set(line.refs.map((r) => `${r.entity}:${r.magentoId}`)).size;
  return `${KIND_TEXT[line.kind]} ${day} (${docs} Magento ${noun}${docs === 1 ? '' : 's'})`;
}

/**
 * One Xero line per summary line, Quantity 1: UnitAmount is the gross in cents, so Xero's LineAmount (UnitAmount less
 * DiscountAmount) is the sum of the documents' LineAmounts exactly; TaxAmount is the sum of the tax Magento charged.
 */
function xeroLines(lines: readonly SummaryLine[], mode: LineAmountTypes, day: string, noun: string, ctx: StoreContext, allowDiscount: boolean): XeroLineItem[] {
  const tracking = trackingFor(ctx);
  return lines.map((l) => {
    const gross = allowDiscount ? l.grossCents : l.amountCents;
    const item: XeroLineItem = {
      Description: describe(l, day, noun),
      Quantity: 1,
      UnitAmount: fromMinor(gross),
      AccountCode: l.accountCode,
      TaxType: l.taxType,
    };
    if (mode !== 'NoTax') item.TaxAmount = fromMinor(l.taxCents);
    if (allowDiscount && l.discountCents !== 0) item.DiscountAmount = fromMinor(l.discountCents);
    if (tracking) item.Tracking = tracking.map((t) => ({ ...t }));
    return item;
  });
}

function plannedMoney(entries: readonly SummaryEntry[], number: string): PlannedSummaryMoney[] {
  const byAccount = new Map<string, { cents: number; labels: Set<string> }>();
  for (const e of entries) {
    for (const m of e.contribution.money) {
      const current = byAccount.get(m.accountCode) ?? { cents: 0, labels: new Set<string>() };
      current.cents += m.cents;
      if (m.cents !== 0) current.labels.add(m.label);
      byAccount.set(m.accountCode, current);
    }
  }
  return [...byAccount.entries()]
    .filter(([, v]) => v.cents > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([accountCode, v]) => {
      const labels = [...v.labels].sort();
      return { accountCode, cents: v.cents, labels, reference: `${number} ${labels.join(', ')}`.slice(0, 255) };
    });
}

/** The day's rate (foreign units per base unit): total over base total, 6 decimals, when every document had one. */
function dayRate(entries: readonly SummaryEntry[]): number | undefined {
  let total = 0;
  let base = 0;
  for (const { contribution } of entries) {
    if (contribution.baseCents === undefined) return undefined;
    total += contribution.totalCents;
    base += contribution.baseCents;
  }
  if (total <= 0 || base <= 0) return undefined;
  return Number(divRound(BigInt(total) * 10n ** 6n, BigInt(base))) / 1e6;
}

function checkTotals(what: string, lines: XeroLineItem[], mode: LineAmountTypes, entries: readonly SummaryEntry[], ctx: SummaryInput): { totalCents: number; taxCents: number } {
  const expected = entries.reduce((s, e) => s + e.contribution.totalCents, 0);
  const expectedTax = mode === 'NoTax' ? 0 : entries.reduce((s, e) => s + e.contribution.taxCents, 0);
  const arithmetic = computeDocument({ LineAmountTypes: mode, LineItems: lines });
  const record = { entity: 'daily summary', id: `${ctx.store.code} ${ctx.day} ${ctx.currency}`, storeId: ctx.store.storeId };
  if (arithmetic.total !== expected || arithmetic.totalTax !== expectedTax) {
    // Every document was reconciled to Magento on its own; a difference here is a bug, never a rounding to absorb.
    throw new MappingError(
      'invalid_summary',
      `the ${what} would total ${ctx.currency} ${formatMinor(arithmetic.total)} (tax ${formatMinor(arithmetic.totalTax)}) but its Magento documents total ${formatMinor(expected)} (tax ${formatMinor(expectedTax)}).`,
      'Nothing was posted. Report this with the day and store: the summary is refused rather than posted wrong.',
      { record },
    );
  }
  if (arithmetic.total < 0) {
    throw new MappingError(
      'invalid_summary',
      `the ${what} comes to ${ctx.currency} ${formatMinor(arithmetic.total)}: Xero does not take documents below zero.`,
      'Changes to documents of earlier days took more off this day than it sold. Post the difference by hand in Xero, or wait for the next day to carry it.',
      { record },
    );
  }
  return { totalCents: arithmetic.total, taxCents: arithmetic.totalTax };
}

/** The day's sales invoice, or undefined when nothing was sold. Entries must be sales of one currency. */
export function buildSalesSummary(input: SummaryInput): SummaryDocument<XeroInvoicePayload> | undefined {
  const entries = input.entries.filter((e) => e.contribution.kind === 'sale' && e.contribution.currency === input.currency);
  const contributions = entries.map((e) => e.contribution);
  const mode = summaryMode(contributions);
  const lines = aggregateLines(entries, mode);
  if (lines.length === 0) return undefined;
  const number = summaryInvoiceNumber(input.store, input.day, input.currency);
  const items = xeroLines(lines, mode, input.day, 'invoice', input.store, true);
  const totals = checkTotals('daily sales invoice', items, mode, entries, input);
  const payload: XeroInvoicePayload = {
    Type: 'ACCREC',
    Contact: input.contact,
    InvoiceNumber: number,
    Reference: summaryInvoiceReference(input.store, input.day),
    Date: input.day,
    DueDate: input.day,
    Status: 'AUTHORISED',
    LineAmountTypes: mode,
    CurrencyCode: input.currency,
    LineItems: items,
  };
  const rate = dayRate(entries);
  if (rate !== undefined) payload.CurrencyRate = rate;
  const planned = plannedMoney(entries, number);
  const paid = planned.reduce((s, m) => s + m.cents, 0);
  if (paid > totals.totalCents) {
    throw new MappingError(
      'invalid_summary',
      `the day's payments (${formatMinor(paid)}) are more than its sales (${formatMinor(totals.totalCents)}).`,
      'Nothing was posted. Check the day\'s Magento invoices for payments larger than the invoice.',
      { record: { entity: 'daily summary', id: `${input.store.code} ${input.day} ${input.currency}`, storeId: input.store.storeId } },
    );
  }
  return { payload, lines, money: planned, ...totals, documents: new Set(entries.map((e) => `${e.ref.entity}:${e.ref.magentoId}`)).size };
}

/**
 * The day's refunds credit note, or undefined when nothing was refunded. Credit notes take no discounts, so lines go in
 * at their net amount. What went back to customers is refunded from each account; the rest stays as credit on the
 * store's summary contact, as an unrefunded credit memo leaves credit on its customer in per-order mode.
 */
export function buildRefundSummary(input: SummaryInput): SummaryDocument<XeroCreditNotePayload> | undefined {
  const entries = input.entries.filter((e) => e.contribution.kind === 'refund' && e.contribution.currency === input.currency);
  const contributions = entries.map((e) => e.contribution);
  const mode = summaryMode(contributions);
  const lines = aggregateLines(entries, mode);
  if (lines.length === 0) return undefined;
  const number = summaryCreditNoteNumber(input.store, input.day, input.currency);
  const items = xeroLines(lines, mode, input.day, 'credit memo', input.store, false);
  const totals = checkTotals('daily refunds credit note', items, mode, entries, input);
  const payload: XeroCreditNotePayload = {
    Type: 'ACCRECCREDIT',
    Contact: input.contact,
    CreditNoteNumber: number,
    Reference: summaryCreditNoteReference(input.store, input.day),
    Date: input.day,
    Status: 'AUTHORISED',
    LineAmountTypes: mode,
    CurrencyCode: input.currency,
    LineItems: items,
  };
  const rate = dayRate(entries);
  if (rate !== undefined) payload.CurrencyRate = rate;
  // Never refund more than the credit note holds (a refund larger than its credit memo is refused by Xero).
  let left = totals.totalCents;
  const money = plannedMoney(entries, number).map((m) => {
    const cents = Math.min(m.cents, left);
    left -= cents;
    return { ...m, cents };
  }).filter((m) => m.cents > 0);
  return { payload, lines, money, ...totals, documents: new Set(entries.map((e) => `${e.ref.entity}:${e.ref.magentoId}`)).size };
}

/** Every document of one store's day: per currency, the sales invoice and the refunds credit note. */
export function buildDaySummaries(input: Omit<SummaryInput, 'currency'>): DaySummary[] {
  const currencies = [...new Set(input.entries.map((e) => e.contribution.currency))].sort();
  return currencies.map((currency) => ({
    day: input.day,
    currency,
    sales: buildSalesSummary({ ...input, currency }),
    refunds: buildRefundSummary({ ...input, currency }),
  }));
}
