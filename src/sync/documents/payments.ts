// Payments exactly once. Xero gives payments no number of our own, so an uncertain attempt is resolved by reading the
// document back and adopting a payment with the same reference (or, for liability payments, the same amount and date).
import { toMinorOr0 } from '../../domain/money.js';
import { xeroDateToIsoDate } from '../../domain/dates.js';
import type { XeroInvoice, XeroPayment, XeroPaymentPayload } from '../../domain/xero.js';
import { contentHash, idempotencyKey } from '../../mapping/numbers.js';
import type { XeroAccounting } from '../../xero/accounting.js';
import { BATCH } from './invoice-poster.js';

export interface PaymentDraft<K> {
  key: K;
  payload: XeroPaymentPayload;
  /**
   * Identity for the idempotency key: the record and its attempt ("000000042#2"). Retries of one request inside an
   * attempt replay Xero's answer; the next attempt is asked afresh, because Xero caches an answer, refusals included, for
   * minutes (a payment refused on a draft would be refused again after the draft was approved). Across attempts the
   * read-back (attempts > 1) is what keeps a payment from being made twice.
   */
  identity: string;
}

export type PaymentResult = { ok: true; payment: XeroPayment } | { ok: false; message: string };

const EXCEEDS = 'exceeds the amount outstanding';

function explain(messages: readonly string[], payload: XeroPaymentPayload): string {
  const text = messages.join(' ');
  if (!text.includes(EXCEEDS)) return text;
  return (
    `${text}: the Xero document is already paid (or credited) beyond what this payment of ${payload.Amount} would leave. ` +
    'Check the payments on the invoice in Xero: a payment recorded there by hand, or a changed order total, is the usual cause. ' +
    'Remove the extra payment in Xero, or retry once the totals agree.'
  );
}

/** PUT Payments, 50 per call, each element's answer on its own. */
export async function putPayments<K>(
  xero: XeroAccounting,
  operation: string,
  drafts: ReadonlyArray<PaymentDraft<K>>,
  signal?: AbortSignal,
): Promise<Map<K, PaymentResult>> {
  const results = new Map<K, PaymentResult>();
  for (let i = 0; i < drafts.length; i += BATCH) {
    const chunk = drafts.slice(i, i + BATCH);
    const payloads = chunk.map((d) => d.payload);
    const key = idempotencyKey(operation, `${xero.tenantId}:${chunk.map((d) => d.identity).join(',')}`, contentHash(payloads));
    const answers = await xero.putPayments(payloads, { idempotencyKey: key, ...(signal ? { signal } : {}) });
    answers.forEach((answer, index) => {
      const d = chunk[index]!;
      results.set(d.key, answer.ok ? { ok: true, payment: answer.record } : { ok: false, message: explain(answer.messages, d.payload) });
    });
  }
  return results;
}

interface PaymentSummary {
  PaymentID?: string | null | undefined;
  Amount?: number | null | undefined;
  Date?: string | null | undefined;
  Reference?: unknown;
}

function summaries(doc: { Payments?: readonly unknown[] | null | undefined }): PaymentSummary[] {
  return (doc.Payments ?? []).filter((p): p is PaymentSummary => typeof p === 'object' && p !== null);
}

/** A payment already on the document that is this one: same reference and amount (ignoring those already linked). */
export function findPayment(
  doc: { Payments?: readonly unknown[] | null | undefined },
  payload: XeroPaymentPayload,
  taken: ReadonlySet<string> = new Set(),
): string | undefined {
  const cents = toMinorOr0(payload.Amount);
  const date = payload.Date;
  const candidates = summaries(doc).filter((p) => p.PaymentID && !taken.has(p.PaymentID) && toMinorOr0(p.Amount) === cents);
  const byReference = candidates.find((p) => typeof p.Reference === 'string' && p.Reference === payload.Reference);
  if (byReference) return byReference.PaymentID ?? undefined;
  // Summaries may lack the reference: fall back to amount and date.
  const byDate = candidates.find((p) => (p.Reference === undefined || p.Reference === null) && p.Date && sameDay(p.Date, date));
  return byDate?.PaymentID ?? undefined;
}

function sameDay(xeroDate: string, iso: string): boolean {
  try {
    return xeroDateToIsoDate(xeroDate) === iso;
  } catch {
    return false;
  }
}

export type { XeroInvoice };
