// Xero invoices exactly once (invariant 2) and never over locked history (invariant 4): a changed document is read back
// from Xero first and only edited when Xero would allow it; a document whose earlier attempt may have landed is looked up
// by number before it is created; "Invoice # must be unique." adopts the invoice that already has the number.
import type { XeroInvoice, XeroInvoicePayload } from '../../domain/xero.js';
import { canUpdate, type LockDates } from '../../mapping/cancel.js';
import { contentHash, idempotencyKey } from '../../mapping/numbers.js';
import type { EntityLink } from '../../storage/entity-map-repository.js';
import type { XeroAccounting } from '../../xero/accounting.js';

export const BATCH = 50;

export interface InvoiceDraft<K> {
  key: K;
  payload: XeroInvoicePayload;
  hash: string;
  /** The link to this tenant's invoice, when the record was posted before. */
  link?: EntityLink | undefined;
  /** An earlier attempt's outcome is unknown: look the number up before creating. */
  uncertain: boolean;
}

export type InvoiceResult =
  | { ok: true; invoice: XeroInvoice; action: 'create' | 'update' | 'adopt' | 'unchanged' }
  | { ok: false; action: 'create' | 'update'; message: string };

export const INVOICE_NUMBER_TAKEN = 'Invoice # must be unique.';

const ORDER_OF_STATUS: Record<string, number> = { DRAFT: 0, SUBMITTED: 1, AUTHORISED: 2 };

/** The organisation's lock dates, read at most once per batch and tenant. */
export function lockDatesOf(xero: XeroAccounting, signal?: AbortSignal): () => Promise<LockDates> {
  let cached: Promise<LockDates> | undefined;
  return () =>
    (cached ??= xero.getOrganisation(signal ? { signal } : {}).then((o) => ({
      PeriodLockDate: o.PeriodLockDate,
      EndOfYearLockDate: o.EndOfYearLockDate,
    })));
}

/** Reads invoices by id or number, 50 per call (one call for a batch). */
export async function readInvoices(
  xero: XeroAccounting,
  by: 'ids' | 'invoiceNumbers',
  values: readonly string[],
  signal?: AbortSignal,
): Promise<XeroInvoice[]> {
  const unique = [...new Set(values.filter((v) => v !== ''))];
  const found: XeroInvoice[] = [];
  for (let i = 0; i < unique.length; i += BATCH) {
    const chunk = unique.slice(i, i + BATCH);
    found.push(...(await xero.getInvoices({ [by]: chunk, ...(signal ? { signal } : {}) })));
  }
  return found;
}

function byNumber(invoices: readonly XeroInvoice[]): Map<string, XeroInvoice> {
  const map = new Map<string, XeroInvoice>();
  for (const inv of invoices) {
    if (inv.InvoiceNumber && (inv.Type ?? 'ACCREC') === 'ACCREC' && inv.Status !== 'DELETED') map.set(inv.InvoiceNumber, inv);
  }
  return map;
}

/**
 * Whether an existing document with our number may be adopted: yes unless its reference names another Magento record
 * in our own format (two stores posting the same increment ids to one organisation without prefixes).
 */
export function adoptable(existing: { Reference?: string | null | undefined }, ours: { Reference?: string | undefined }, pattern: RegExp): boolean {
  const theirs = existing.Reference?.trim();
  if (!theirs || !ours.Reference || !pattern.test(theirs)) return true;
  return theirs === ours.Reference.trim();
}

const OUR_INVOICE_REFERENCE = /^Order \S+ \(.+\)$/;

export function numberClash(kind: string, number: string, reference: string | null | undefined): string {
  return (
    `Xero already has ${kind} ${number} for another Magento record (reference "${reference ?? ''}"). ` +
    'Two stores post the same numbers to this organisation: give each store its own prefix on the Stores page (/stores, or `magento-xero settings set stores.<id>.invoicePrefix ...`), then retry.'
  );
}

/** Xero never takes an approved invoice back to draft: an update keeps the furthest status. */
function keepStatus(payload: XeroInvoicePayload, current: XeroInvoice): XeroInvoicePayload {
  const now = current.Status ? ORDER_OF_STATUS[current.Status] : undefined;
  const wanted = ORDER_OF_STATUS[payload.Status];
  if (now !== undefined && wanted !== undefined && now > wanted) return { ...payload, Status: current.Status as XeroInvoicePayload['Status'] };
  return payload;
}

export async function postInvoices<K>(
  xero: XeroAccounting,
  drafts: ReadonlyArray<InvoiceDraft<K>>,
  lockDates: () => Promise<LockDates>,
  signal?: AbortSignal,
): Promise<Map<K, InvoiceResult>> {
  const results = new Map<K, InvoiceResult>();
  const creates: Array<InvoiceDraft<K>> = [];
  const changed: Array<InvoiceDraft<K> & { link: EntityLink }> = [];
  const uncertain: Array<InvoiceDraft<K>> = [];
  for (const d of drafts) {
    if (d.link && d.link.content_hash === d.hash) {
      results.set(d.key, { ok: true, action: 'unchanged', invoice: { InvoiceID: d.link.xero_id, InvoiceNumber: d.link.xero_number } });
    } else if (d.link) changed.push({ ...d, link: d.link });
    else if (d.uncertain) uncertain.push(d);
    else creates.push(d);
  }

  const updates: Array<InvoiceDraft<K>> = [];
  if (changed.length > 0) {
    const current = new Map((await readInvoices(xero, 'ids', changed.map((c) => c.link.xero_id), signal)).map((i) => [i.InvoiceID, i]));
    const lock = await lockDates();
    for (const d of changed) {
      const invoice = current.get(d.link.xero_id);
      if (!invoice) {
        results.set(d.key, {
          ok: false,
          action: 'update',
          message: `Xero invoice ${d.link.xero_number ?? d.link.xero_id} no longer exists in Xero. Remove the link (Records page) to post the order again.`,
        });
        continue;
      }
      const decision = canUpdate(invoice, lock, d.payload.Date);
      if (!decision.allowed) {
        results.set(d.key, {
          ok: false,
          action: 'update',
          message: `Xero invoice ${invoice.InvoiceNumber ?? d.payload.InvoiceNumber} was not updated: ${decision.reason} ${decision.remedy}`,
        });
        continue;
      }
      // The number it was posted under stays: a store's new prefix applies to new documents only (issue 14).
      updates.push({ ...d, payload: { ...keepStatus(d.payload, invoice), InvoiceID: invoice.InvoiceID, ...(invoice.InvoiceNumber ? { InvoiceNumber: invoice.InvoiceNumber } : {}) } });
    }
  }

  if (uncertain.length > 0) {
    const existing = byNumber(await readInvoices(xero, 'invoiceNumbers', uncertain.map((d) => d.payload.InvoiceNumber), signal));
    for (const d of uncertain) {
      const found = existing.get(d.payload.InvoiceNumber);
      if (!found) creates.push(d);
      else if (adoptable(found, d.payload, OUR_INVOICE_REFERENCE)) results.set(d.key, { ok: true, action: 'adopt', invoice: found });
      else results.set(d.key, { ok: false, action: 'create', message: numberClash('invoice', d.payload.InvoiceNumber, found.Reference) });
    }
  }

  const taken = await send(xero, 'create', creates, results, signal);
  if (taken.length > 0) {
    const existing = byNumber(await readInvoices(xero, 'invoiceNumbers', taken.map((d) => d.payload.InvoiceNumber), signal));
    for (const d of taken) {
      const found = existing.get(d.payload.InvoiceNumber);
      if (!found) {
        results.set(d.key, {
          ok: false,
          action: 'create',
          message: `${INVOICE_NUMBER_TAKEN} Xero says invoice ${d.payload.InvoiceNumber} exists, but it could not be read back (another type, or deleted). Rename or remove it in Xero, then retry.`,
        });
      } else if (adoptable(found, d.payload, OUR_INVOICE_REFERENCE)) {
        results.set(d.key, { ok: true, action: 'adopt', invoice: found });
      } else {
        results.set(d.key, { ok: false, action: 'create', message: numberClash('invoice', d.payload.InvoiceNumber, found.Reference) });
      }
    }
  }
  await send(xero, 'update', updates, results, signal);
  return results;
}

/** PUT (create) or POST (update) in batches of 50; returns the drafts Xero refused because the number is taken. */
async function send<K>(
  xero: XeroAccounting,
  action: 'create' | 'update',
  drafts: ReadonlyArray<InvoiceDraft<K>>,
  results: Map<K, InvoiceResult>,
  signal?: AbortSignal,
): Promise<Array<InvoiceDraft<K>>> {
  const taken: Array<InvoiceDraft<K>> = [];
  for (let i = 0; i < drafts.length; i += BATCH) {
    const chunk = drafts.slice(i, i + BATCH);
    const payloads = chunk.map((d) => d.payload);
    const key = idempotencyKey(`invoices-${action}`, `${xero.tenantId}:${payloads.map((p) => p.InvoiceNumber).join(',')}`, contentHash(payloads));
    const opts = { idempotencyKey: key, ...(signal ? { signal } : {}) };
    const answers = action === 'create' ? await xero.putInvoices(payloads, opts) : await xero.postInvoices(payloads, opts);
    answers.forEach((answer, index) => {
      const d = chunk[index]!;
      if (answer.ok) results.set(d.key, { ok: true, action, invoice: answer.record });
      else if (action === 'create' && answer.messages.some((m) => m.includes(INVOICE_NUMBER_TAKEN))) taken.push(d);
      else results.set(d.key, { ok: false, action, message: answer.messages.join(' ') });
    });
  }
  return taken;
}
