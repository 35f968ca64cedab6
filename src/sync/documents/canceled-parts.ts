// Orders invoiced in part and canceled for the rest (mapping/partial-cancel.ts). The order's invoice is amended to what
// was sold while Xero allows it (no payment or credit on it, not in a locked period: mapping/cancel.ts canUpdate); once
// it no longer does, a credit note for the canceled part is posted and allocated to the invoice, so the invoice owes
// nothing for what was never sold. Each step is linked as soon as Xero accepts it (xero_kind "cancel-creditnote", then
// "cancel-allocation"), so a retry resumes at the next step and never repeats one.
import { fromMinor, toMinorOr0 } from '../../domain/money.js';
import type { XeroInvoice } from '../../domain/xero.js';
import { canUpdate, type LockDates } from '../../mapping/cancel.js';
import { contentHash, idempotencyKey } from '../../mapping/numbers.js';
import type { EntityLink } from '../../storage/entity-map-repository.js';
import type { XeroAccounting } from '../../xero/accounting.js';
import type { SyncContext } from '../context.js';
import type { BatchJournal } from '../record-log.js';
import { postCreditNotes } from './credit-notes.js';
import type { InvoicePost } from './invoice-documents.js';
import { readInvoices } from './invoice-poster.js';
import { link, linksByKind } from './links.js';
import { withoutItemCodes, type Ready } from './prepare.js';

/**
 * Takes the partly canceled orders whose Xero invoice can no longer be amended out of `ready`, settles their canceled
 * part with a credit note, and returns the documents left for the ordinary post (creates and amendable updates).
 */
export async function settleCanceledParts(
  ctx: SyncContext,
  xero: XeroAccounting,
  ready: ReadonlyArray<Ready<InvoicePost>>,
  lockDates: () => Promise<LockDates>,
  journal: BatchJournal,
  signal?: AbortSignal,
): Promise<Array<Ready<InvoicePost>>> {
  const tenantId = xero.tenantId;
  const partly = ready.filter((r) => r.mapped.canceledPart);
  if (partly.length === 0) return [...ready];
  const linked = await linksByKind(ctx.storage, 'order', partly.map((r) => r.entry.magento_id), tenantId);
  const posted = partly.filter((r) => linked('invoice', r.entry.magento_id));
  const invoices = new Map((await readInvoices(xero, 'ids', posted.map((r) => linked('invoice', r.entry.magento_id)!.xero_id), signal)).map((i) => [i.InvoiceID, i]));
  const lock = posted.length > 0 ? await lockDates() : {};

  const rest: Array<Ready<InvoicePost>> = [];
  const credit: Array<{ r: Ready<InvoicePost>; invoice: XeroInvoice }> = [];
  for (const r of ready) {
    const id = r.entry.magento_id;
    const invoiceLink = r.mapped.canceledPart ? linked('invoice', id) : undefined;
    if (!invoiceLink) {
      rest.push(r);
      continue;
    }
    const done = linked('cancel-allocation', id);
    if (done) {
      journal.done(r.entry, 'unchanged', { id: invoiceLink.xero_id, number: invoiceLink.xero_number, tenantId, message: `The canceled part was credited by credit note ${linked('cancel-creditnote', id)?.xero_number ?? ''}.`.replace(' .', '.') });
      continue;
    }
    const invoice = invoices.get(invoiceLink.xero_id);
    if (!invoice) {
      rest.push(r); // the ordinary update says the invoice is gone
      continue;
    }
    if (invoice.Status === 'VOIDED' || invoice.Status === 'DELETED') {
      journal.done(r.entry, 'skip', { message: `The order was canceled in part, and its Xero invoice ${invoice.InvoiceNumber ?? ''} is ${invoice.Status}.`, tenantId });
      continue;
    }
    // Amend the invoice while Xero allows it and no credit note was posted for the part yet.
    if (!linked('cancel-creditnote', id) && canUpdate(invoice, lock, r.mapped.invoice.Date).allowed) {
      rest.push(r);
      continue;
    }
    credit.push({ r, invoice });
  }
  if (credit.length === 0) return rest;

  const now = () => ctx.clock.now();
  const drafts = credit.map(({ r }) => {
    const cn = r.mapped.canceledPart!.creditNote;
    const payload = { ...cn, Contact: { ContactID: r.contactId }, LineItems: withoutItemCodes(cn.LineItems, r.droppedCodes) };
    return { key: r, payload, hash: contentHash(payload), link: linked('cancel-creditnote', r.entry.magento_id), settled: false, uncertain: r.entry.attempts > 1 };
  });
  const results = await postCreditNotes(xero, drafts, signal);
  const newLinks: EntityLink[] = [];
  const toAllocate: Array<{ r: Ready<InvoicePost>; invoice: XeroInvoice; creditNoteId: string; number: string }> = [];
  for (const { r, invoice } of credit) {
    const result = results.get(r);
    if (!result) continue;
    if (!result.ok) {
      journal.park(r.entry, 'credit', `Credit note for the canceled part of order ${r.order.increment_id}: ${result.message}`, tenantId);
      continue;
    }
    const number = result.creditNote.CreditNoteNumber ?? r.mapped.canceledPart!.creditNote.CreditNoteNumber;
    if (result.action !== 'unchanged') {
      newLinks.push(link('order', r.entry.magento_id, 'cancel-creditnote', tenantId, { id: result.creditNote.CreditNoteID, number }, now()));
    }
    toAllocate.push({ r, invoice, creditNoteId: result.creditNote.CreditNoteID, number });
  }
  await ctx.storage.entityMap.put(newLinks);

  const allocations: EntityLink[] = [];
  for (const { r, invoice, creditNoteId, number } of toAllocate) {
    const part = r.mapped.canceledPart!;
    const due = invoice.Status === 'AUTHORISED' ? toMinorOr0(invoice.AmountDue) : 0;
    const cents = Math.min(part.totalCents, Math.max(0, due));
    const date = part.creditNote.Date;
    let message = `Order ${r.order.increment_id} was canceled in part: credit note ${number} for ${fromMinor(part.totalCents).toFixed(2)}`;
    if (cents > 0) {
      const payload = { Invoice: { InvoiceID: invoice.InvoiceID }, Amount: fromMinor(cents), Date: date };
      const key = idempotencyKey('cancel-allocation', `${tenantId}:${creditNoteId}:${invoice.InvoiceID}`, contentHash(payload));
      const [answer] = await xero.putAllocation(creditNoteId, [payload], { idempotencyKey: key, ...(signal ? { signal } : {}) });
      if (!answer?.ok) {
        journal.park(r.entry, 'allocate', `Allocating credit note ${number} to invoice ${invoice.InvoiceNumber ?? ''}: ${answer?.messages.join(' ') ?? 'no answer'}`, tenantId);
        continue;
      }
      message += `, ${fromMinor(cents).toFixed(2)} allocated to invoice ${invoice.InvoiceNumber ?? ''}`;
    }
    if (cents < part.totalCents) message += `; ${fromMinor(part.totalCents - cents).toFixed(2)} stays as credit on the contact`;
    allocations.push(link('order', r.entry.magento_id, 'cancel-allocation', tenantId, { id: creditNoteId, number: fromMinor(cents).toFixed(2) }, now()));
    journal.done(r.entry, 'credit', { id: creditNoteId, number, tenantId, message: `${message}.` });
  }
  await ctx.storage.entityMap.put(allocations);
  return rest;
}
