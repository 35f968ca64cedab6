// What Xero should hold, according to Magento: the orders and credit memos of the store-local days asked for, each run
// through the same mapping the sync uses (number, total in cents, date), with the payments its Magento invoices make.
import { isMappingError } from '../domain/errors.js';
import { addDays } from '../domain/dates.js';
import {
  magentoCreditMemoSchema,
  magentoInvoiceSchema,
  magentoOrderSchema,
  type MagentoCreditMemo,
  type MagentoInvoice,
  type MagentoOrder,
} from '../domain/magento.js';
import { toMinorOr0 } from '../domain/money.js';
import { creditMemoToCreditNote } from '../mapping/credit-note.js';
import { documentCurrency, localDate } from '../mapping/document-common.js';
import { magentoInvoiceToInvoice, orderToInvoice } from '../mapping/invoice.js';
import { creditNoteNumber, invoiceNumber } from '../mapping/numbers.js';
import { magentoInvoiceToPayment } from '../mapping/payment.js';
import { storeContext, type MappingSettings } from '../mapping/settings.js';
import type { Filter, SearchCriteria } from '../magento/search-criteria.js';
import type { EntityType } from '../domain/entity-types.js';
import type { ExpectedDocument, ExpectedPayment } from './types.js';
import type { MagentoSource } from '../sync/context.js';
import { loadTaxClasses } from '../sync/tax-classes.js';
import type { LineAmountTypes, XeroLineItem } from '../domain/xero.js';
import type { AppliedRate } from '../mapping/tax.js';
import { expectedTaxShares } from './tax.js';

/** The part of MagentoRecords the reconciliation reads with. */
export interface MagentoSearch {
  search(entity: EntityType, criteria: SearchCriteria, signal?: AbortSignal): Promise<{ records: Array<{ id: string; record: Record<string, unknown> }>; totalCount: number | undefined }>;
  /** Products by SKU and the customer groups' tax classes: why a line went untaxed, as the sync reads it. */
  fetch?: MagentoSource['fetch'];
  taxClasses?: MagentoSource['taxClasses'];
}

export interface MagentoSide {
  documents: ExpectedDocument[];
  /** Magento store id of each expected document (routes it to a tenant), keyed `<entity>:<id>`. */
  storeOf: Map<string, number>;
  magentoCalls: number;
}

const PAGE = 200;

/** Magento timestamps are UTC; a store-local day can start up to 14 hours either side of UTC midnight. */
function utcWindow(from: string, to: string): { from: string; to: string } {
  return { from: `${addDays(from, -1)} 00:00:00`, to: `${addDays(to, 1)} 23:59:59` };
}

export async function readMagentoSide(
  magento: MagentoSearch,
  settings: MappingSettings,
  range: { from: string; to: string },
  options: { signal?: AbortSignal; onProgress?: (read: number) => void } = {},
): Promise<MagentoSide> {
  let calls = 0;
  let read = 0;
  const search = async (entity: EntityType, groups: Filter[][]): Promise<Record<string, unknown>[]> => {
    const out: Record<string, unknown>[] = [];
    const seen = new Set<string>();
    for (let page = 1; ; page++) {
      const criteria: SearchCriteria = { filterGroups: groups, sortOrders: [{ field: 'entity_id', direction: 'ASC' }], pageSize: PAGE, currentPage: page };
      calls++;
      const result = await magento.search(entity, criteria, options.signal);
      const fresh = result.records.filter((r) => !seen.has(r.id));
      for (const r of fresh) {
        seen.add(r.id);
        out.push(r.record);
      }
      read += fresh.length;
      options.onProgress?.(read);
      if (result.records.length < PAGE || fresh.length === 0 || (result.totalCount !== undefined && page * PAGE >= result.totalCount)) return out;
    }
  };
  const window = utcWindow(range.from, range.to);
  const created: Filter[][] = [[{ field: 'created_at', condition: 'gteq', value: window.from }], [{ field: 'created_at', condition: 'lteq', value: window.to }]];
  const inRange = (day: string) => day >= range.from && day <= range.to;

  const orders = new Map<string, MagentoOrder>();
  const keepOrder = (raw: Record<string, unknown>) => {
    const parsed = magentoOrderSchema.safeParse(raw);
    if (parsed.success) orders.set(String(parsed.data.entity_id), parsed.data);
  };
  /** Orders by id that are not loaded yet (those of credit memos or invoices whose order is older than the range). */
  const loadOrders = async (wanted: readonly string[]) => {
    const missing = [...new Set(wanted.filter((id) => !orders.has(id)))];
    for (let i = 0; i < missing.length; i += 100) {
      for (const raw of await search('order', [[{ field: 'entity_id', condition: 'in', value: missing.slice(i, i + 100) }]])) keepOrder(raw);
    }
  };
  if (settings.postingMode === 'orders') for (const raw of await search('order', created)) keepOrder(raw);
  const memos: MagentoCreditMemo[] = [];
  for (const raw of await search('creditmemo', created)) {
    const parsed = magentoCreditMemoSchema.safeParse(raw);
    if (parsed.success) memos.push(parsed.data);
  }
  await loadOrders(memos.map((m) => String(m.order_id)));

  // The untaxed lines' tax classes, read as the sync reads them, so the expected tax types are the ones it posts.
  const readTaxClasses = async () => {
    if (!magento.fetch) return;
    const fetch = magento.fetch.bind(magento);
    const source: MagentoSource = { fetch: (entity, ids, signal) => ((calls += Math.ceil(ids.length / 100)), fetch(entity, ids, signal)) };
    if (magento.taxClasses) {
      const taxClasses = magento.taxClasses.bind(magento);
      source.taxClasses = (signal) => ((calls += 2), taxClasses(signal));
    }
    await loadTaxClasses(source, settings, [...orders.values()], options.signal);
  };
  await readTaxClasses();

  const documents: ExpectedDocument[] = [];
  const storeOf = new Map<string, number>();
  const orderDocs: ExpectedDocument[] = [];
  if (settings.postingMode === 'invoices') {
    // Each Magento invoice is its own Xero invoice, paid by its own payment.
    const invoices: MagentoInvoice[] = [];
    for (const raw of await search('invoice', created)) {
      const parsed = magentoInvoiceSchema.safeParse(raw);
      if (parsed.success) invoices.push(parsed.data);
    }
    await loadOrders(invoices.map((i) => String(i.order_id)));
    await readTaxClasses();
    for (const invoice of invoices) {
      const order = orders.get(String(invoice.order_id));
      const doc = order ? expectMagentoInvoice(invoice, order, settings) : undefined;
      if (!order || !doc || !inRange(doc.day)) continue;
      if (doc.state === 'post') {
        const payment = expectPayment(invoice, order, settings);
        if (payment) doc.payments.push(payment);
      }
      orderDocs.push(doc);
      storeOf.set(`invoice:${doc.magentoId}`, invoice.store_id ?? order.store_id ?? 0);
    }
  } else {
    for (const order of orders.values()) {
      const doc = expectOrder(order, settings);
      if (!doc || !inRange(doc.day)) continue;
      orderDocs.push(doc);
      storeOf.set(`order:${doc.magentoId}`, order.store_id ?? 0);
    }
    // The Magento invoices of the orders in range: the payments their Xero invoices should carry.
    const ids = orderDocs.map((d) => d.magentoId);
    const orderDocById = new Map(orderDocs.map((d) => [d.magentoId, d]));
    for (let i = 0; i < ids.length; i += 100) {
      for (const raw of await search('invoice', [[{ field: 'order_id', condition: 'in', value: ids.slice(i, i + 100) }]])) {
        const parsed = magentoInvoiceSchema.safeParse(raw);
        if (!parsed.success) continue;
        const order = orders.get(String(parsed.data.order_id));
        const doc = orderDocById.get(String(parsed.data.order_id));
        if (!order || !doc || doc.state !== 'post') continue;
        const payment = expectPayment(parsed.data, order, settings);
        if (payment) doc.payments.push(payment);
      }
    }
  }
  documents.push(...orderDocs);
  for (const memo of memos) {
    const order = orders.get(String(memo.order_id));
    if (!order) continue;
    const doc = expectCreditMemo(memo, order, settings);
    if (!doc || !inRange(doc.day)) continue;
    documents.push(doc);
    storeOf.set(`creditmemo:${doc.magentoId}`, memo.store_id ?? order.store_id ?? 0);
  }
  return { documents, storeOf, magentoCalls: calls };
}

function sharesOf(document: { LineAmountTypes?: LineAmountTypes | undefined; LineItems: XeroLineItem[] }, rates: readonly AppliedRate[], settings: MappingSettings) {
  return expectedTaxShares(document.LineAmountTypes ?? 'Exclusive', document.LineItems, rates, settings);
}

/** Posting mode "orders": the order's invoice. */
export function expectOrder(order: MagentoOrder, settings: MappingSettings): ExpectedDocument | undefined {
  let ctx;
  try {
    ctx = storeContext(settings, order.store_id, { entity: 'order', id: order.increment_id });
  } catch {
    return undefined;
  }
  const base = {
    entity: 'order' as const,
    kind: 'invoice' as const,
    magentoId: String(order.entity_id),
    incrementId: order.increment_id,
    number: invoiceNumber(ctx.invoicePrefix, order.increment_id),
    day: localDate(order.created_at, ctx),
    currency: documentCurrency(order, ctx),
    payments: [] as ExpectedPayment[],
  };
  try {
    const mapped = orderToInvoice(order, settings);
    if (mapped.kind === 'post') {
      const part = mapped.canceledPart ? { canceledPart: { number: mapped.canceledPart.creditNote.CreditNoteNumber, totalCents: mapped.canceledPart.totalCents } } : {};
      return { ...base, state: 'post', totalCents: mapped.totalCents, taxes: sharesOf(mapped.invoice, mapped.taxRates, settings), ...part };
    }
    if (mapped.kind === 'cancel') return { ...base, state: 'cancel', totalCents: 0 };
    return { ...base, state: 'skip', totalCents: 0 };
  } catch (error) {
    if (!isMappingError(error)) throw error;
    return { ...base, state: 'error', totalCents: toMinorOr0(order.grand_total), message: error.message };
  }
}

export function expectPayment(invoice: MagentoInvoice, order: MagentoOrder, settings: MappingSettings): ExpectedPayment | undefined {
  try {
    const mapped = magentoInvoiceToPayment(invoice, order, settings, 'reconcile');
    if (mapped.kind !== 'pay') return undefined;
    return { magentoId: String(invoice.entity_id), reference: mapped.payment.Reference ?? invoice.increment_id, amountCents: mapped.amountCents, date: mapped.payment.Date };
  } catch (error) {
    if (isMappingError(error)) return undefined;
    throw error;
  }
}

export function expectCreditMemo(memo: MagentoCreditMemo, order: MagentoOrder, settings: MappingSettings): ExpectedDocument | undefined {
  let ctx;
  try {
    ctx = storeContext(settings, memo.store_id ?? order.store_id, { entity: 'credit memo', id: memo.increment_id });
  } catch {
    return undefined;
  }
  const base = {
    entity: 'creditmemo' as const,
    kind: 'creditnote' as const,
    magentoId: String(memo.entity_id),
    incrementId: memo.increment_id,
    number: creditNoteNumber(ctx.creditNotePrefix, memo.increment_id),
    day: localDate(memo.created_at, ctx),
    currency: documentCurrency(memo, ctx),
    payments: [] as ExpectedPayment[],
  };
  try {
    const mapped = creditMemoToCreditNote(memo, order, settings);
    if (mapped.kind === 'post') return { ...base, state: 'post', totalCents: mapped.totalCents, taxes: sharesOf(mapped.creditNote, mapped.taxRates, settings) };
    return { ...base, state: 'skip', totalCents: 0 };
  } catch (error) {
    if (!isMappingError(error)) throw error;
    return { ...base, state: 'error', totalCents: toMinorOr0(memo.grand_total), message: error.message };
  }
}

/** Posting mode "invoices": the Magento invoice's own Xero invoice. */
export function expectMagentoInvoice(invoice: MagentoInvoice, order: MagentoOrder, settings: MappingSettings): ExpectedDocument | undefined {
  let ctx;
  try {
    ctx = storeContext(settings, invoice.store_id ?? order.store_id, { entity: 'invoice', id: invoice.increment_id });
  } catch {
    return undefined;
  }
  const base = {
    entity: 'invoice' as const,
    kind: 'invoice' as const,
    magentoId: String(invoice.entity_id),
    incrementId: invoice.increment_id,
    number: invoiceNumber(ctx.invoicePrefix, invoice.increment_id),
    day: localDate(invoice.created_at, ctx),
    currency: documentCurrency(invoice, ctx),
    payments: [] as ExpectedPayment[],
  };
  if (invoice.state === 3) return { ...base, state: 'cancel', totalCents: 0 };
  try {
    const mapped = magentoInvoiceToInvoice(invoice, order, settings);
    if (mapped.kind === 'post') return { ...base, state: 'post', totalCents: mapped.totalCents, taxes: sharesOf(mapped.invoice, mapped.taxRates, settings) };
    if (mapped.kind === 'cancel') return { ...base, state: 'cancel', totalCents: 0 };
    return { ...base, state: 'skip', totalCents: 0 };
  } catch (error) {
    if (!isMappingError(error)) throw error;
    return { ...base, state: 'error', totalCents: toMinorOr0(invoice.grand_total), message: error.message };
  }
}
