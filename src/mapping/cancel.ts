// Never rewrite history Xero has locked (invariant 4). These decide, from Xero's current state of a document, whether
// it may be updated, voided or deleted, and give the reason for the log.
import { compareIsoDates, xeroDateToIsoDate } from '../domain/dates.js';
import { toMinorOr0 } from '../domain/money.js';
import type { XeroInvoiceStatus } from '../domain/xero.js';

export interface XeroDocumentState {
  Status?: XeroInvoiceStatus | null | undefined;
  /** Xero date ("/Date(ms)/" or "YYYY-MM-DD"). */
  Date?: string | null | undefined;
  AmountPaid?: number | null | undefined;
  AmountCredited?: number | null | undefined;
  Payments?: readonly unknown[] | null | undefined;
  Allocations?: readonly unknown[] | null | undefined;
  CreditNotes?: readonly unknown[] | null | undefined;
}

export interface LockDates {
  PeriodLockDate?: string | null | undefined;
  EndOfYearLockDate?: string | null | undefined;
}

export type Decision = { allowed: true } | { allowed: false; reason: string; remedy: string };

/** The later of the two lock dates as "YYYY-MM-DD" (documents on or before it cannot change). */
export function effectiveLockDate(lock: LockDates): string | undefined {
  const dates = [lock.PeriodLockDate, lock.EndOfYearLockDate]
    .filter((d): d is string => typeof d === 'string' && d.trim() !== '')
    .map(xeroDateToIsoDate)
    .sort();
  return dates[dates.length - 1];
}

function isoOf(date: string | null | undefined): string | undefined {
  return date ? xeroDateToIsoDate(date) : undefined;
}

function hasMoneyAgainstIt(state: XeroDocumentState): boolean {
  return (
    toMinorOr0(state.AmountPaid) !== 0 ||
    toMinorOr0(state.AmountCredited) !== 0 ||
    (state.Payments?.length ?? 0) > 0 ||
    (state.Allocations?.length ?? 0) > 0 ||
    (state.CreditNotes?.length ?? 0) > 0
  );
}

type Refusal = Extract<Decision, { allowed: false }>;

function lockedByDate(dates: (string | undefined)[], lock: LockDates): Refusal | undefined {
  const lockDate = effectiveLockDate(lock);
  if (!lockDate) return undefined;
  const hit = dates.find((d) => d !== undefined && compareIsoDates(d, lockDate) <= 0);
  if (!hit) return undefined;
  return {
    allowed: false,
    reason: `the document is dated ${hit}, on or before Xero's lock date ${lockDate}.`,
    remedy: 'Ask your adviser to move the lock date in Xero (Settings → Advanced → Financial settings), or record the change in an open period.',
  };
}

/** Whether an existing Xero document may be edited to match Magento again. */
export function canUpdate(state: XeroDocumentState, lock: LockDates, newDate?: string): Decision {
  if (state.Status === 'PAID' || state.Status === 'VOIDED' || state.Status === 'DELETED') {
    return {
      allowed: false,
      reason: `the Xero document is ${state.Status} and cannot be edited.`,
      remedy: 'Record the change in Magento as a credit memo, which becomes a credit note.',
    };
  }
  if (hasMoneyAgainstIt(state)) {
    return {
      allowed: false,
      reason: 'the Xero document has payments or credit notes allocated to it.',
      remedy: 'Remove the payments or allocations in Xero first if the change is really needed, then retry.',
    };
  }
  return lockedByDate([isoOf(state.Date), newDate], lock) ?? { allowed: true };
}

export type CancelDecision =
  | { action: 'none'; reason: string }
  | { action: 'void' | 'delete'; status: 'VOIDED' | 'DELETED'; reason: string }
  | { action: 'blocked'; reason: string; remedy: string };

/** A canceled order: VOIDED if AUTHORISED without payments, DELETED if DRAFT/SUBMITTED, else blocked with a reason. */
export function decideCancellation(state: XeroDocumentState | undefined, lock: LockDates): CancelDecision {
  if (!state) return { action: 'none', reason: 'The order was never posted to Xero.' };
  if (state.Status === 'VOIDED' || state.Status === 'DELETED') {
    return { action: 'none', reason: `The Xero invoice is already ${state.Status}.` };
  }
  if (state.Status === 'PAID' || hasMoneyAgainstIt(state)) {
    return {
      action: 'blocked',
      reason: 'The order was canceled in Magento but its Xero invoice has payments or credit notes.',
      remedy: 'Remove the payments in Xero, or refund the order in Magento with a credit memo.',
    };
  }
  const locked = lockedByDate([isoOf(state.Date)], lock);
  if (locked) return { action: 'blocked', reason: `Cannot void: ${locked.reason}`, remedy: locked.remedy };
  if (state.Status === 'AUTHORISED') {
    return { action: 'void', status: 'VOIDED', reason: 'The order was canceled in Magento; the approved invoice is voided.' };
  }
  return { action: 'delete', status: 'DELETED', reason: 'The order was canceled in Magento; the draft invoice is deleted.' };
}
