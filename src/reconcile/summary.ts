// Reconciliation of daily summaries (issue 19): per store, day and currency, Magento's totals by account and tax rate
// against the summary's lines in Xero. Two checks that together prove it: every Magento invoice and credit memo of a
// summarised order is in the summaries exactly as Magento has it now (the revisions recorded for it add up to what the
// mapping makes of Magento's record today), and every posted day's Xero documents hold, line by line (account and tax
// type: net amount and tax), what the documents recorded for that day add up to.
import { isMappingError } from '../domain/errors.js';
import { addDays } from '../domain/dates.js';
import { formatMinor, toMinorOr0 } from '../domain/money.js';
import { magentoCreditMemoSchema, magentoInvoiceSchema, magentoOrderSchema, type MagentoOrder } from '../domain/magento.js';
import type { XeroCreditNote, XeroInvoice } from '../domain/xero.js';
import { localDate } from '../mapping/document-common.js';
import { orderPostingMode } from '../mapping/posting-mode.js';
import type { MappingSettings } from '../mapping/settings.js';
import {
  contributionOf,
  convertLine,
  subtractContributions,
  isEmptyContribution,
  summaryCreditNoteNumber,
  summaryInvoiceNumber,
  type Contribution,
  type SummarisedDocument,
} from '../mapping/summary/index.js';
import type { Storage } from '../storage/storage.js';
import type { SummaryEntryRecord } from '../storage/summary-repository.js';
import type { Filter, SearchCriteria } from '../magento/search-criteria.js';
import type { MagentoSearch } from './magento-side.js';
import type { ReconcileIssue, ReconciliationDay } from './types.js';
import type { XeroReader } from './xero-side.js';

export interface SummaryReconcileDeps {
  storage: Storage;
  settings: MappingSettings;
  magento: MagentoSearch;
  xero(tenantId: string): XeroReader;
  tenantFor(storeId: number): Promise<string>;
  signal?: AbortSignal;
}

export interface SummaryReconciliation {
  days: ReconciliationDay[];
  issues: ReconcileIssue[];
  xeroCalls: number;
  magentoCalls: number;
  /** Magento documents of summarised orders compared. */
  documents: number;
}

/** Net amount and tax per account and tax type, in cents: what a day's lines book. */
type Book = Map<string, { net: number; tax: number }>;

function book(contributions: readonly Contribution[]): Book {
  const out: Book = new Map();
  for (const c of contributions) {
    for (const line of c.lines) {
      const l = convertLine(line, c.mode, 'Exclusive');
      const key = `${l.accountCode}|${l.taxType}`;
      const row = out.get(key) ?? { net: 0, tax: 0 };
      row.net += (c.kind === 'sale' ? 1 : -1) * (l.grossCents - l.discountCents);
      row.tax += (c.kind === 'sale' ? 1 : -1) * l.taxCents;
      out.set(key, row);
    }
  }
  return out;
}

function bookOf(doc: { LineAmountTypes?: string | null; LineItems?: ReadonlyArray<Record<string, unknown>> | null }, sign: 1 | -1, into: Book): void {
  for (const l of doc.LineItems ?? []) {
    // Xero sends each line's LineAmount (Quantity × UnitAmount less the discount, rounded as it books it).
    const amount = toMinorOr0(l['LineAmount'] as number | undefined);
    const tax = toMinorOr0(l['TaxAmount'] as number | undefined);
    const net = doc.LineAmountTypes === 'Inclusive' ? amount - tax : amount;
    const key = `${String(l['AccountCode'] ?? '')}|${String(l['TaxType'] ?? '')}`;
    const row = into.get(key) ?? { net: 0, tax: 0 };
    row.net += sign * net;
    row.tax += sign * tax;
    into.set(key, row);
  }
}

function differences(magento: Book, xero: Book): string[] {
  const out: string[] = [];
  for (const key of new Set([...magento.keys(), ...xero.keys()])) {
    const m = magento.get(key) ?? { net: 0, tax: 0 };
    const x = xero.get(key) ?? { net: 0, tax: 0 };
    if (m.net === x.net && m.tax === x.tax) continue;
    const [account, taxType] = key.split('|');
    out.push(`account ${account}, tax ${taxType}: Magento ${formatMinor(m.net)} + tax ${formatMinor(m.tax)}, Xero ${formatMinor(x.net)} + tax ${formatMinor(x.tax)}`);
  }
  return out;
}

const summaryStores = (settings: MappingSettings) =>
  Object.entries(settings.stores)
    .filter(([, ctx]) => (ctx.postingPeriods ?? []).some((p) => p.mode === 'summary'))
    .map(([id]) => Number(id));

export async function reconcileSummaries(deps: SummaryReconcileDeps, range: { from: string; to: string }): Promise<SummaryReconciliation> {
  const result: SummaryReconciliation = { days: [], issues: [], xeroCalls: 0, magentoCalls: 0, documents: 0 };
  const { settings, storage } = deps;
  const tenants = new Map<number, string>();
  const stores: number[] = [];
  for (const id of summaryStores(deps.settings)) {
    try {
      tenants.set(id, await deps.tenantFor(id));
      stores.push(id);
    } catch (error) {
      // A store set to "not synced" has no summaries to compare.
      if (isMappingError(error) && error.code === 'store_not_synced') continue;
      throw error;
    }
  }
  if (stores.length === 0) return result;

  // --- Magento: the invoices and credit memos of the range whose orders are summarised, mapped as Magento has them now.
  const search = async (entity: 'order' | 'invoice' | 'creditmemo', groups: Filter[][]): Promise<Record<string, unknown>[]> => {
    const out: Record<string, unknown>[] = [];
    for (let page = 1; ; page++) {
      const criteria: SearchCriteria = { filterGroups: groups, sortOrders: [{ field: 'entity_id', direction: 'ASC' }], pageSize: 200, currentPage: page };
      result.magentoCalls++;
      const found = await deps.magento.search(entity, criteria, deps.signal);
      out.push(...found.records.map((r) => r.record));
      if (found.records.length < 200 || (found.totalCount !== undefined && page * 200 >= found.totalCount)) return out;
    }
  };
  const window: Filter[][] = [
    [{ field: 'created_at', condition: 'gteq', value: `${addDays(range.from, -1)} 00:00:00` }],
    [{ field: 'created_at', condition: 'lteq', value: `${addDays(range.to, 1)} 23:59:59` }],
  ];
  const invoices = (await search('invoice', window)).flatMap((r) => {
    const p = magentoInvoiceSchema.safeParse(r);
    return p.success ? [p.data] : [];
  });
  const memos = (await search('creditmemo', window)).flatMap((r) => {
    const p = magentoCreditMemoSchema.safeParse(r);
    return p.success ? [p.data] : [];
  });
  const orderIds = [...new Set([...invoices, ...memos].map((d) => String(d.order_id)))];
  const orders = new Map<string, MagentoOrder>();
  for (let i = 0; i < orderIds.length; i += 100) {
    for (const raw of await search('order', [[{ field: 'entity_id', condition: 'in', value: orderIds.slice(i, i + 100) }]])) {
      const p = magentoOrderSchema.safeParse(raw);
      if (p.success) orders.set(String(p.data.entity_id), p.data);
    }
  }
  const docs: Array<SummarisedDocument & { storeId: number; day: string }> = [];
  for (const doc of [
    ...invoices.map((record) => ({ entity: 'invoice' as const, record })),
    ...memos.map((record) => ({ entity: 'creditmemo' as const, record })),
  ]) {
    const order = orders.get(String(doc.record.order_id));
    if (!order || orderPostingMode(order, settings) !== 'summary') continue;
    const storeId = doc.record.store_id ?? order.store_id ?? 0;
    const ctx = settings.stores[String(storeId)];
    if (!ctx || !tenants.has(storeId)) continue;
    const day = localDate(doc.record.created_at, ctx);
    if (day < range.from || day > range.to) continue;
    docs.push({ ...(doc.entity === 'invoice' ? { entity: 'invoice', record: doc.record, order } : { entity: 'creditmemo', record: doc.record, order }), storeId, day } as SummarisedDocument & { storeId: number; day: string });
  }
  result.documents = docs.length;

  // --- Check 1: each document is in the summaries as Magento has it now (an order posted one by one is not summarised).
  const entriesOf = new Map<string, SummaryEntryRecord[]>();
  for (const entity of ['invoice', 'creditmemo'] as const) {
    const ids = docs.filter((d) => d.entity === entity).map((d) => String(d.record.entity_id));
    for (let i = 0; i < ids.length; i += 500) {
      for (const e of await storage.summaries.entriesOf(entity, ids.slice(i, i + 500))) {
        const key = `${entity}:${e.magento_id}`;
        entriesOf.set(key, [...(entriesOf.get(key) ?? []), e]);
      }
    }
  }
  const perOrder = new Set(
    (await storage.entityMap.getMany(0, 'order', [...new Set(docs.map((d) => String(d.order.entity_id)))])).filter((l) => l.xero_kind === 'invoice').map((l) => l.magento_id),
  );
  for (const doc of docs) {
    const id = String(doc.record.entity_id);
    if (perOrder.has(String(doc.order.entity_id))) continue;
    const tenantId = tenants.get(doc.storeId)!;
    const label = doc.entity === 'invoice' ? `Magento invoice ${doc.record.increment_id}` : `Credit memo ${doc.record.increment_id}`;
    let fresh: Contribution;
    try {
      fresh = contributionOf(doc, settings);
    } catch (error) {
      if (!isMappingError(error)) throw error;
      result.issues.push(notSummarised(doc, tenantId, `${label} cannot be mapped: ${error.message}`, 'person'));
      continue;
    }
    const recorded = entriesOf.get(`${doc.entity}:${id}`) ?? [];
    const rest = recorded.reduce<Contribution>((acc, e) => subtractContributions(acc, JSON.parse(e.contribution_json) as Contribution), fresh);
    if (recorded.length === 0 && isEmptyContribution(fresh)) continue;
    if (recorded.length === 0) {
      result.issues.push(notSummarised(doc, tenantId, `${label} (${doc.day}) is in no daily summary yet. A repair queues it; it goes into the next summary that is still open.`, 'queue'));
    } else if (!isEmptyContribution(rest)) {
      result.issues.push(notSummarised(doc, tenantId, `${label} changed in Magento after it was summarised (by ${formatMinor(rest.totalCents)}). A repair queues it; the change goes into today's summary.`, 'queue'));
    }
  }

  // --- Check 2: each posted day's Xero documents hold what its recorded documents add up to.
  const summaryDays = (await storage.summaries.days({ from: range.from, to: range.to, limit: 100_000 })).filter((d) => tenants.has(d.store_id));
  const wanted: Array<{ storeId: number; day: string; currency: string; state: string; magento: Book; totals: { sales: number; refunds: number }; tenantId: string }> = [];
  for (const d of summaryDays) {
    const entries = await storage.summaries.entries(d.store_id, d.day);
    const byCurrency = new Map<string, Contribution[]>();
    for (const e of entries) byCurrency.set(e.currency, [...(byCurrency.get(e.currency) ?? []), JSON.parse(e.contribution_json) as Contribution]);
    for (const [currency, contributions] of byCurrency) {
      wanted.push({
        storeId: d.store_id,
        day: d.day,
        currency,
        state: d.state,
        magento: book(contributions),
        totals: {
          sales: contributions.filter((c) => c.kind === 'sale').reduce((s, c) => s + c.totalCents, 0),
          refunds: contributions.filter((c) => c.kind === 'refund').reduce((s, c) => s + c.totalCents, 0),
        },
        tenantId: tenants.get(d.store_id)!,
      });
    }
  }
  const byTenant = new Map<string, typeof wanted>();
  for (const w of wanted) byTenant.set(w.tenantId, [...(byTenant.get(w.tenantId) ?? []), w]);
  for (const [tenantId, list] of byTenant) {
    const xero = deps.xero(tenantId);
    const numbers = list.map((w) => ({ w, invoice: summaryInvoiceNumber(settings.stores[String(w.storeId)]!, w.day, w.currency), credit: summaryCreditNoteNumber(settings.stores[String(w.storeId)]!, w.day, w.currency) }));
    const invoicesByNumber = new Map<string, XeroInvoice>();
    const creditsByNumber = new Map<string, XeroCreditNote>();
    for (let i = 0; i < numbers.length; i += 50) {
      const chunk = numbers.slice(i, i + 50);
      result.xeroCalls += 2;
      // With page, Xero sends the lines as well.
      for (const inv of await xero.getInvoices({ invoiceNumbers: chunk.map((n) => n.invoice), page: 1, pageSize: 100, ...(deps.signal ? { signal: deps.signal } : {}) })) {
        if (inv.InvoiceNumber && inv.Status !== 'DELETED' && inv.Status !== 'VOIDED') invoicesByNumber.set(inv.InvoiceNumber, inv);
      }
      for (const cn of await xero.getCreditNotes({ creditNoteNumbers: chunk.map((n) => n.credit), page: 1, pageSize: 100, ...(deps.signal ? { signal: deps.signal } : {}) })) {
        if (cn.CreditNoteNumber && cn.Status !== 'DELETED' && cn.Status !== 'VOIDED') creditsByNumber.set(cn.CreditNoteNumber, cn);
      }
    }
    for (const { w, invoice, credit } of numbers) {
      const inv = invoicesByNumber.get(invoice);
      const cn = creditsByNumber.get(credit);
      const xeroBook: Book = new Map();
      if (inv) bookOf(inv as never, 1, xeroBook);
      if (cn) bookOf(cn as never, -1, xeroBook);
      result.days.push({
        day: w.day,
        currency: w.currency,
        magentoTotal: formatMinor(w.totals.sales - w.totals.refunds),
        xeroTotal: formatMinor(toMinorOr0(inv?.Total) - toMinorOr0(cn?.Total)),
        magentoCount: 1,
        xeroCount: (inv ? 1 : 0) + (cn ? 1 : 0),
      });
      if (w.state !== 'posted') continue; // not posted yet: nothing to compare
      const missing = [w.totals.sales !== 0 && !inv ? invoice : undefined, w.totals.refunds !== 0 && !cn ? credit : undefined].filter((n): n is string => n !== undefined);
      const differ = differences(w.magento, xeroBook);
      if (missing.length === 0 && differ.length === 0) continue;
      const store = settings.stores[String(w.storeId)]!;
      result.issues.push({
        kind: missing.length > 0 ? 'missing-in-xero' : 'summary-differs',
        action: 'person',
        advice:
          missing.length > 0
            ? `The daily summary ${missing.join(' and ')} of ${store.code} for ${w.day} is not in Xero (deleted or voided there?). Posted days are never posted again by themselves: restore it in Xero, or post the day's figures by hand.`
            : `The daily summary of ${store.code} for ${w.day} (${w.currency}) differs from its Magento documents: ${differ.join('; ')}. It was edited in Xero; put it back as posted, or record the difference by hand.`,
        tenantId,
        day: w.day,
        entity: 'invoice',
        magentoId: `${w.storeId}:${w.day}`,
        number: inv?.InvoiceNumber ?? invoice,
        problem: missing.length > 0 ? 'missing-in-xero' : 'total-differs',
        currency: w.currency,
        magentoTotal: formatMinor(w.totals.sales - w.totals.refunds),
        xeroTotal: formatMinor(toMinorOr0(inv?.Total) - toMinorOr0(cn?.Total)),
        ...(inv ? { xeroId: inv.InvoiceID } : {}),
      });
    }
  }
  return result;
}

function notSummarised(doc: SummarisedDocument & { storeId: number; day: string }, tenantId: string, advice: string, action: 'queue' | 'person'): ReconcileIssue {
  const id = String(doc.record.entity_id);
  return {
    kind: 'not-summarised',
    action,
    advice,
    tenantId,
    day: doc.day,
    entity: doc.entity,
    magentoId: id,
    number: doc.record.increment_id,
    problem: 'missing-in-xero',
    currency: (doc.record.order_currency_code ?? '').toUpperCase(),
    magentoTotal: formatMinor(toMinorOr0(doc.record.grand_total)),
    ...(action === 'queue' ? { repair: { enqueue: [{ entity: doc.entity, magentoId: id }], unlink: [], stale: [] } } : {}),
  };
}
