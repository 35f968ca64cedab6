// What the Summary page and `magento-xero summary show` read: a store's day as it was (or will be) posted, each line
// with the Magento documents it adds up, the payments and refunds per account, and what was posted in Xero.
import { isMappingError } from '../../domain/errors.js';
import type { MappingSettings } from '../../mapping/settings.js';
import { buildDaySummaries, summaryContact, type SummaryLine, type SummaryRef } from '../../mapping/summary/index.js';
import type { Storage } from '../../storage/storage.js';
import { entryOf, type PostedDay } from './post-day.js';

export interface SummaryDayListing {
  storeId: number;
  storeCode: string;
  day: string;
  state: 'open' | 'sealed' | 'posted';
  documents: number;
  late: number;
  postedAt?: number;
  /** Per currency, what was posted (when posted) or what the entries add up to. */
  currencies: Array<{ currency: string; salesCents: number; refundsCents: number; invoiceNumber?: string; creditNoteNumber?: string }>;
}

export interface SummaryDayView extends SummaryDayListing {
  tenantId?: string;
  contactName: string;
  /** Why the day cannot be posted as it stands (it would not tie out...), when so. */
  problem?: string;
  sections: Array<{
    currency: string;
    mode?: string;
    sales?: { number: string; id?: string; totalCents: number; taxCents: number; lines: SummaryLine[]; payments: Array<{ accountCode: string; cents: number; labels: string[]; id?: string }> };
    refunds?: { number: string; id?: string; totalCents: number; taxCents: number; lines: SummaryLine[]; refunds: Array<{ accountCode: string; cents: number; labels: string[]; id?: string }> };
  }>;
  /** The Magento documents (revisions) the day adds up. */
  refs: Array<SummaryRef & { currency: string; totalCents: number; kind: 'sale' | 'refund'; late: boolean }>;
}

export async function listSummaryDays(storage: Storage, settings: MappingSettings, filter: { from?: string; to?: string; storeId?: number; limit?: number } = {}): Promise<SummaryDayListing[]> {
  const days = await storage.summaries.days(filter);
  const out: SummaryDayListing[] = [];
  for (const d of days) {
    const entries = await storage.summaries.entries(d.store_id, d.day);
    const posted = d.result_json ? (JSON.parse(d.result_json) as PostedDay) : undefined;
    const totals = new Map<string, { salesCents: number; refundsCents: number }>();
    for (const e of entries) {
      const c = entryOf(e).contribution;
      const t = totals.get(e.currency) ?? { salesCents: 0, refundsCents: 0 };
      if (c.kind === 'sale') t.salesCents += c.totalCents;
      else t.refundsCents += c.totalCents;
      totals.set(e.currency, t);
    }
    out.push({
      storeId: d.store_id,
      storeCode: settings.stores[String(d.store_id)]?.code ?? String(d.store_id),
      day: d.day,
      state: d.state,
      documents: new Set(entries.map((e) => `${e.entity_type}:${e.magento_id}`)).size,
      late: entries.filter((e) => e.document_day !== e.day || e.revision > 1).length,
      ...(d.posted_at !== null ? { postedAt: d.posted_at } : {}),
      currencies: [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([currency, t]) => {
        const p = posted?.currencies.find((c) => c.currency === currency);
        return { currency, ...t, ...(p?.invoice ? { invoiceNumber: p.invoice.number } : {}), ...(p?.creditNote ? { creditNoteNumber: p.creditNote.number } : {}) };
      }),
    });
  }
  return out;
}

export async function readSummaryDay(storage: Storage, settings: MappingSettings, storeId: number, day: string): Promise<SummaryDayView | undefined> {
  const row = await storage.summaries.day(storeId, day);
  const ctx = settings.stores[String(storeId)];
  if (!row || !ctx) return undefined;
  const [listing] = (await listSummaryDays(storage, settings, { storeId, from: day, to: day, limit: 1 })) as [SummaryDayListing];
  const entries = (await storage.summaries.entries(storeId, day)).map(entryOf);
  const posted = row.result_json ? (JSON.parse(row.result_json) as PostedDay) : undefined;
  const view: SummaryDayView = {
    ...listing,
    ...(row.tenant_id ? { tenantId: row.tenant_id } : {}),
    contactName: summaryContact({ ...ctx, storeId }).Name,
    sections: [],
    refs: entries.map((e) => ({
      ...e.ref,
      currency: e.contribution.currency,
      totalCents: e.contribution.totalCents,
      kind: e.contribution.kind,
      late: e.ref.documentDay !== day || e.ref.revision > 1,
    })),
  };
  try {
    for (const d of buildDaySummaries({ store: { ...ctx, storeId }, day, contact: { ContactNumber: '' }, entries })) {
      const p = posted?.currencies.find((c) => c.currency === d.currency);
      view.sections.push({
        currency: d.currency,
        ...(d.sales ? { mode: d.sales.payload.LineAmountTypes } : d.refunds ? { mode: d.refunds.payload.LineAmountTypes } : {}),
        ...(d.sales
          ? {
              sales: {
                number: d.sales.payload.InvoiceNumber,
                ...(p?.invoice ? { id: p.invoice.id } : {}),
                totalCents: d.sales.totalCents,
                taxCents: d.sales.taxCents,
                lines: d.sales.lines,
                payments: d.sales.money.map((m) => ({ accountCode: m.accountCode, cents: m.cents, labels: m.labels, ...(idOf(p?.payments, m.accountCode) ? { id: idOf(p?.payments, m.accountCode)! } : {}) })),
              },
            }
          : {}),
        ...(d.refunds
          ? {
              refunds: {
                number: d.refunds.payload.CreditNoteNumber,
                ...(p?.creditNote ? { id: p.creditNote.id } : {}),
                totalCents: d.refunds.totalCents,
                taxCents: d.refunds.taxCents,
                lines: d.refunds.lines,
                refunds: d.refunds.money.map((m) => ({ accountCode: m.accountCode, cents: m.cents, labels: m.labels, ...(idOf(p?.refunds, m.accountCode) ? { id: idOf(p?.refunds, m.accountCode)! } : {}) })),
              },
            }
          : {}),
      });
    }
  } catch (error) {
    if (!isMappingError(error)) throw error;
    view.problem = error.message;
  }
  return view;
}

function idOf(list: ReadonlyArray<{ accountCode: string; id: string }> | undefined, account: string): string | undefined {
  const id = list?.find((m) => m.accountCode === account)?.id;
  return id ? id : undefined;
}
