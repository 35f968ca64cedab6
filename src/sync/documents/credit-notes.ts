// Xero credit notes exactly once: PUT 50 per call, adopted by CreditNoteNumber when an earlier attempt may have created
// it or Xero says the number is taken; a changed credit memo updates its credit note only while nothing is allocated.
import type { XeroCreditNote, XeroCreditNotePayload } from '../../domain/xero.js';
import { contentHash, idempotencyKey } from '../../mapping/numbers.js';
import type { EntityLink } from '../../storage/entity-map-repository.js';
import type { XeroAccounting } from '../../xero/accounting.js';
import { adoptable, BATCH, numberClash } from './invoice-poster.js';

export interface CreditNoteDraft<K> {
  key: K;
  payload: XeroCreditNotePayload;
  hash: string;
  link?: EntityLink | undefined;
  /** Allocated or refunded already: the credit note is settled and not edited again. */
  settled: boolean;
  uncertain: boolean;
}

export type CreditNoteResult =
  | { ok: true; creditNote: XeroCreditNote; action: 'create' | 'update' | 'adopt' | 'unchanged' }
  | { ok: false; action: 'create' | 'update'; message: string };

const NUMBER_TAKEN = /must be unique|already exists|already been used/i;
const OUR_REFERENCE = /^Credit memo \S+ for order \S+ \(.+\)$/;

export async function readCreditNotes(xero: XeroAccounting, numbers: readonly string[], signal?: AbortSignal): Promise<Map<string, XeroCreditNote>> {
  const unique = [...new Set(numbers)];
  const found = new Map<string, XeroCreditNote>();
  for (let i = 0; i < unique.length; i += BATCH) {
    const page = await xero.getCreditNotes({ creditNoteNumbers: unique.slice(i, i + BATCH), ...(signal ? { signal } : {}) });
    for (const cn of page) {
      if (cn.CreditNoteNumber && (cn.Type ?? 'ACCRECCREDIT') === 'ACCRECCREDIT' && cn.Status !== 'DELETED') found.set(cn.CreditNoteNumber, cn);
    }
  }
  return found;
}

export async function postCreditNotes<K>(
  xero: XeroAccounting,
  drafts: ReadonlyArray<CreditNoteDraft<K>>,
  signal?: AbortSignal,
): Promise<Map<K, CreditNoteResult>> {
  const results = new Map<K, CreditNoteResult>();
  const creates: Array<CreditNoteDraft<K>> = [];
  const updates: Array<CreditNoteDraft<K>> = [];
  const uncertain: Array<CreditNoteDraft<K>> = [];
  for (const d of drafts) {
    if (d.link && (d.link.content_hash === d.hash || d.settled)) {
      // A settled credit note is history: the link stands, and the change is reported by the caller.
      results.set(d.key, { ok: true, action: 'unchanged', creditNote: { CreditNoteID: d.link.xero_id, CreditNoteNumber: d.link.xero_number } });
    } else if (d.link) {
      // The number it was posted under stays: a store's new prefix applies to new documents only (issue 14).
      updates.push({ ...d, payload: { ...d.payload, CreditNoteID: d.link.xero_id, ...(d.link.xero_number ? { CreditNoteNumber: d.link.xero_number } : {}) } });
    }
    else if (d.uncertain) uncertain.push(d);
    else creates.push(d);
  }
  if (uncertain.length > 0) {
    const existing = await readCreditNotes(xero, uncertain.map((d) => d.payload.CreditNoteNumber), signal);
    for (const d of uncertain) {
      const found = existing.get(d.payload.CreditNoteNumber);
      if (!found) creates.push(d);
      else if (adoptable(found, d.payload, OUR_REFERENCE)) results.set(d.key, { ok: true, action: 'adopt', creditNote: found });
      else results.set(d.key, { ok: false, action: 'create', message: numberClash('credit note', d.payload.CreditNoteNumber, found.Reference) });
    }
  }
  const taken = await send(xero, 'create', creates, results, signal);
  if (taken.length > 0) {
    const existing = await readCreditNotes(xero, taken.map((d) => d.payload.CreditNoteNumber), signal);
    for (const d of taken) {
      const found = existing.get(d.payload.CreditNoteNumber);
      if (!found) {
        results.set(d.key, { ok: false, action: 'create', message: `Xero says credit note ${d.payload.CreditNoteNumber} exists, but it could not be read back. Rename or remove it in Xero, then retry.` });
      } else if (adoptable(found, d.payload, OUR_REFERENCE)) {
        results.set(d.key, { ok: true, action: 'adopt', creditNote: found });
      } else {
        results.set(d.key, { ok: false, action: 'create', message: numberClash('credit note', d.payload.CreditNoteNumber, found.Reference) });
      }
    }
  }
  await send(xero, 'update', updates, results, signal);
  return results;
}

async function send<K>(
  xero: XeroAccounting,
  action: 'create' | 'update',
  drafts: ReadonlyArray<CreditNoteDraft<K>>,
  results: Map<K, CreditNoteResult>,
  signal?: AbortSignal,
): Promise<Array<CreditNoteDraft<K>>> {
  const taken: Array<CreditNoteDraft<K>> = [];
  for (let i = 0; i < drafts.length; i += BATCH) {
    const chunk = drafts.slice(i, i + BATCH);
    const payloads = chunk.map((d) => d.payload);
    const key = idempotencyKey(`creditnotes-${action}`, `${xero.tenantId}:${payloads.map((p) => p.CreditNoteNumber).join(',')}`, contentHash(payloads));
    const opts = { idempotencyKey: key, ...(signal ? { signal } : {}) };
    const answers = action === 'create' ? await xero.putCreditNotes(payloads, opts) : await xero.postCreditNotes(payloads, opts);
    answers.forEach((answer, index) => {
      const d = chunk[index]!;
      if (answer.ok) results.set(d.key, { ok: true, action, creditNote: answer.record });
      else if (action === 'create' && answer.messages.some((m) => NUMBER_TAKEN.test(m))) taken.push(d);
      else results.set(d.key, { ok: false, action, message: answer.messages.join(' ') });
    });
  }
  return taken;
}
