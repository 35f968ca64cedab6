// Stable identities of a store's daily summary documents: the same store, day and currency always give the same numbers,
// so a retried or crashed posting finds its document again by number (invariant 2).
import type { XeroContactPayload } from '../../domain/xero.js';
import { contactPrefix, type StoreContext } from '../settings.js';

const compact = (day: string) => day.replace(/-/g, '');

/** "DS-default-20240115-USD" (with the store's invoice prefix in front). */
export function summaryInvoiceNumber(ctx: Pick<StoreContext, 'invoicePrefix' | 'code'>, day: string, currency: string): string {
  return `${ctx.invoicePrefix}DS-${ctx.code}-${compact(day)}-${currency.toUpperCase()}`;
}

/** "DR-default-20240115-USD" (with the store's credit note prefix in front): the day's refunds. */
export function summaryCreditNoteNumber(ctx: Pick<StoreContext, 'creditNotePrefix' | 'code'>, day: string, currency: string): string {
  return `${ctx.creditNotePrefix}DR-${ctx.code}-${compact(day)}-${currency.toUpperCase()}`;
}

export function summaryInvoiceReference(ctx: Pick<StoreContext, 'code'>, day: string): string {
  return `Daily sales ${day} (${ctx.code})`;
}

export function summaryCreditNoteReference(ctx: Pick<StoreContext, 'code'>, day: string): string {
  return `Daily refunds ${day} (${ctx.code})`;
}

/** Our summary documents' references, which the reconciliation recognises as daily summaries, not per-order documents. */
export const SUMMARY_REFERENCE = /^Daily (sales|refunds) \d{4}-\d{2}-\d{2} \(.+\)$/;

/**
 * The one contact a store's summaries are made out to (named in the store's settings). Xero's Contacts API takes a
 * ContactNumber of at most 50 characters and a Name of at most 255: the settings cap the contact prefix at 20 (so the
 * number is at most 25) and a chosen name at 255; only the default name, which holds the store code, can be longer.
 */
export function summaryContact(ctx: StoreContext & { storeId: number }): XeroContactPayload {
  return {
    ContactNumber: `${contactPrefix(ctx)}DAILY`,
    Name: (ctx.summaryContactName ?? `Magento ${ctx.code} daily sales`).slice(0, 255),
    IsCustomer: true,
  };
}
