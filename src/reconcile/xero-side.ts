// What Xero holds: the store's ACCREC invoices and ACCRECCREDIT credit notes of a date range, read a thousand at a time
// (their payments and allocations come inside them, so payments cost no call of their own). What was read is remembered
// in the settings table; the next run over an overlapping range asks only for what changed since (If-Modified-Since).
import { addDays, isXeroDate, parseXeroDate, xeroDateToIsoDate } from '../domain/dates.js';
import { toMinorOr0 } from '../domain/money.js';
import type { XeroCreditNote, XeroInvoice } from '../domain/xero.js';
import { effectiveLockDate } from '../mapping/cancel.js';
import type { SettingsRepository } from '../storage/settings-repository.js';
import type { XeroAccounting } from '../xero/accounting.js';
import type { TaxShare, XeroDocument, XeroPaymentLine } from './types.js';
import { xeroTaxShares } from './tax.js';

/** The reads the reconciliation makes (a subset of XeroAccounting, so tests can count or fake them). */
export type XeroReader = Pick<XeroAccounting, 'getInvoices' | 'getCreditNotes' | 'getOrganisation'>;

export const PAGE_SIZE = 1000;
export const CACHE_KEY_PREFIX = 'reconciliation.xero.';

interface Cache {
  from: string;
  to: string;
  /** Newest UpdatedDateUTC seen (ISO), sent as If-Modified-Since next time. */
  since?: string;
  documents: XeroDocument[];
}

export interface XeroSide {
  documents: XeroDocument[];
  lockDate: string | undefined;
  calls: number;
  incremental: boolean;
}

export async function readXeroSide(
  xero: XeroReader,
  settings: SettingsRepository,
  tenantId: string,
  range: { from: string; to: string },
  options: { full?: boolean; signal?: AbortSignal; onProgress?: (read: number) => void } = {},
): Promise<XeroSide> {
  let calls = 0;
  let read = 0;
  const signal = options.signal ? { signal: options.signal } : {};
  const key = CACHE_KEY_PREFIX + tenantId;
  const cache = options.full ? undefined : await settings.get<Cache>(key);

  const org = await xero.getOrganisation(signal);
  calls++;
  const lockDate = effectiveLockDate({ PeriodLockDate: org.PeriodLockDate, EndOfYearLockDate: org.EndOfYearLockDate });

  const readAll = async <T>(fetchPage: (page: number) => Promise<T[]>, convert: (doc: T) => XeroDocument | undefined, into: Map<string, XeroDocument>) => {
    for (let page = 1; ; page++) {
      const docs = await fetchPage(page);
      calls++;
      for (const d of docs) {
        const doc = convert(d);
        if (doc) into.set(doc.id, doc);
      }
      read += docs.length;
      options.onProgress?.(read);
      if (docs.length < PAGE_SIZE) return;
    }
  };
  const readKind = async (where: string | undefined, ifModifiedSince: string | undefined, into: Map<string, XeroDocument>) => {
    const common = { pageSize: PAGE_SIZE, order: 'Date ASC', ...(ifModifiedSince ? { ifModifiedSince } : {}), ...signal };
    await readAll((page) => xero.getInvoices({ ...common, page, where: and('Type=="ACCREC"', where) }), fromInvoice, into);
    await readAll((page) => xero.getCreditNotes({ ...common, page, where: and('Type=="ACCRECCREDIT"', where) }), fromCreditNote, into);
  };

  const documents = new Map<string, XeroDocument>();
  const overlaps = cache && cache.since && cache.from <= range.to && cache.to >= range.from;
  if (cache && overlaps) {
    for (const d of cache.documents) documents.set(d.id, d);
    // Only what changed since the last read, wherever its date now is (a date moved by hand is seen too).
    await readKind(undefined, cache.since, documents);
    if (range.from < cache.from) await readKind(dateWhere(range.from, addDays(cache.from, -1)), undefined, documents);
    if (range.to > cache.to) await readKind(dateWhere(addDays(cache.to, 1), range.to), undefined, documents);
  } else {
    await readKind(dateWhere(range.from, range.to), undefined, documents);
  }
  const kept = [...documents.values()].filter((d) => d.date >= range.from && d.date <= range.to);
  const since = newest([cache?.since, ...[...documents.values()].map((d) => d.updatedAt)]);
  await settings.set(key, { from: range.from, to: range.to, ...(since ? { since } : {}), documents: kept } satisfies Cache);
  return { documents: kept, lockDate, calls, incremental: Boolean(overlaps) };
}

function and(a: string, b: string | undefined): string {
  return b ? `${a} AND ${b}` : a;
}

export function dateWhere(from: string, to: string): string {
  const dt = (d: string) => {
    const [y, m, day] = d.split('-').map(Number);
    return `DateTime(${y}, ${m}, ${day})`;
  };
  return `Date >= ${dt(from)} AND Date <= ${dt(to)}`;
}

function newest(values: ReadonlyArray<string | undefined>): string | undefined {
  let best: string | undefined;
  for (const v of values) if (v && (!best || v > best)) best = v;
  return best;
}

function isoTime(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  if (isXeroDate(value)) return new Date(parseXeroDate(value)).toISOString();
  const ms = Date.parse(value.endsWith('Z') ? value : `${value}Z`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function lines(values: ReadonlyArray<Record<string, unknown>> | null | undefined): XeroPaymentLine[] {
  const out: XeroPaymentLine[] = [];
  for (const v of values ?? []) {
    const id = typeof v['PaymentID'] === 'string' ? v['PaymentID'] : typeof v['AllocationID'] === 'string' ? v['AllocationID'] : undefined;
    if (!id) continue;
    const amount = v['Amount'];
    const reference = v['Reference'];
    out.push({ id, amountCents: typeof amount === 'number' ? toMinorOr0(amount) : 0, ...(typeof reference === 'string' ? { reference } : {}) });
  }
  return out;
}

export function fromInvoice(inv: XeroInvoice): XeroDocument | undefined {
  if (!inv.Date) return undefined;
  const updatedAt = isoTime(inv.UpdatedDateUTC);
  return {
    kind: 'invoice',
    id: inv.InvoiceID,
    number: inv.InvoiceNumber ?? '',
    ...(inv.Reference ? { reference: inv.Reference } : {}),
    date: xeroDateToIsoDate(inv.Date),
    status: inv.Status ?? 'DRAFT',
    currency: inv.CurrencyCode ?? '',
    totalCents: toMinorOr0(inv.Total),
    paidCents: toMinorOr0(inv.AmountPaid),
    creditedCents: toMinorOr0(inv.AmountCredited),
    payments: lines(inv.Payments),
    allocations: [],
    ...(updatedAt ? { updatedAt } : {}),
    ...withTaxes(xeroTaxShares(inv.LineAmountTypes, inv.LineItems)),
  };
}

function withTaxes(taxes: TaxShare[] | undefined): { taxes?: TaxShare[] } {
  return taxes ? { taxes } : {};
}

export function fromCreditNote(cn: XeroCreditNote): XeroDocument | undefined {
  if (!cn.Date) return undefined;
  const updatedAt = isoTime(cn.UpdatedDateUTC);
  const payments = lines(cn.Payments);
  const allocations = lines(cn.Allocations);
  return {
    kind: 'creditnote',
    id: cn.CreditNoteID,
    number: cn.CreditNoteNumber ?? '',
    ...(cn.Reference ? { reference: cn.Reference } : {}),
    date: xeroDateToIsoDate(cn.Date),
    status: cn.Status ?? 'DRAFT',
    currency: cn.CurrencyCode ?? '',
    totalCents: toMinorOr0(cn.Total),
    paidCents: payments.reduce((s, p) => s + p.amountCents, 0),
    creditedCents: allocations.reduce((s, p) => s + p.amountCents, 0),
    payments,
    allocations,
    ...(updatedAt ? { updatedAt } : {}),
    ...withTaxes(xeroTaxShares(cn.LineAmountTypes, cn.LineItems)),
  };
}
