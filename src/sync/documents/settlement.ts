// After a credit note exists: allocate it to the order's invoice up to what is still owed, then refund what went back to
// the customer. Each step is linked as soon as Xero accepts it (xero_kind "allocation", then "refund"), so a retry resumes
// at the next step and never repeats one; the allocated amount is kept on its link, so the refund is computed from what
// was really allocated, not from the invoice's (since reduced) amount due.
import { toMinorOr0, fromMinor } from '../../domain/money.js';
import type { XeroCreditNote } from '../../domain/xero.js';
import { allocationPayload, liabilityRefundPayload, planSettlement, refundPayload, type LiabilityRefund, type SettlementInput } from '../../mapping/allocation.js';
import { contentHash, idempotencyKey } from '../../mapping/numbers.js';
import type { EntityLink } from '../../storage/entity-map-repository.js';
import type { QueueEntry } from '../../storage/queue-repository.js';
import type { XeroAccounting } from '../../xero/accounting.js';
import { readInvoices } from './invoice-poster.js';
import { link, type XeroKind } from './links.js';
import { findPayment, putPayments, type PaymentDraft } from './payments.js';

export interface SettlementRequest {
  entry: QueueEntry;
  creditNoteId: string;
  /** The credit note as Xero last returned it (allocations, payments), when read in this batch. */
  creditNote?: XeroCreditNote | undefined;
  /** The Xero invoice to allocate to; undefined: the credit stays on the contact (or is refunded). */
  invoiceId: string | undefined;
  settlement: Omit<SettlementInput, 'invoiceAmountDueCents'>;
  linked: (kind: XeroKind) => EntityLink | undefined;
}

export interface SettlementResult {
  links: EntityLink[];
  failed: Map<QueueEntry, string>;
  /** Entries whose invoice is still a draft in Xero (number → Xero's status): allocation waits for its approval. */
  waiting: Map<QueueEntry, { number: string; status: string }>;
  /** What happened, for the log line. */
  notes: Map<QueueEntry, string[]>;
}

const ALLOCATED = 'allocated:';

function allocatedCentsOf(l: EntityLink): number {
  const hash = l.content_hash ?? '';
  return hash.startsWith(ALLOCATED) ? Number(hash.slice(ALLOCATED.length)) || 0 : toMinorOr0(l.xero_number);
}

function sumCents(items: readonly unknown[] | null | undefined): number {
  return (items ?? []).reduce<number>((s, a) => s + toMinorOr0((a as { Amount?: number | null }).Amount), 0);
}

export async function settleCreditNotes(
  xero: XeroAccounting,
  requests: readonly SettlementRequest[],
  now: () => number,
  signal?: AbortSignal,
): Promise<SettlementResult> {
  const tenantId = xero.tenantId;
  const out: SettlementResult = { links: [], failed: new Map(), waiting: new Map(), notes: new Map() };
  const note = (entry: QueueEntry, text: string) => out.notes.set(entry, [...(out.notes.get(entry) ?? []), text]);
  const allocated = new Map<QueueEntry, number>();
  const allocationLink = (r: SettlementRequest, id: string, cents: number) => {
    out.links.push(link('creditmemo', r.entry.magento_id, 'allocation', tenantId, { id, number: fromMinor(cents).toFixed(2), hash: `${ALLOCATED}${cents}` }, now()));
    allocated.set(r.entry, cents);
  };

  // Step 1: allocation.
  const toAllocate: SettlementRequest[] = [];
  for (const r of requests) {
    const done = r.linked('allocation');
    if (done) allocated.set(r.entry, allocatedCentsOf(done));
    else if (r.creditNote?.Allocations && r.creditNote.Allocations.length > 0) {
      // An earlier attempt allocated it (we read the credit note back): adopt, do not allocate twice.
      const cents = sumCents(r.creditNote.Allocations);
      allocationLink(r, r.creditNote.Allocations[0]?.AllocationID ?? r.creditNoteId, cents);
      note(r.entry, `allocated ${fromMinor(cents).toFixed(2)} (found in Xero)`);
    } else if (!r.invoiceId) {
      allocationLink(r, '', 0);
    } else toAllocate.push(r);
  }
  const invoices = new Map((await readInvoices(xero, 'ids', toAllocate.map((r) => r.invoiceId!), signal)).map((i) => [i.InvoiceID, i]));
  for (const r of toAllocate) {
    const invoice = invoices.get(r.invoiceId!);
    if (invoice && (invoice.Status === 'DRAFT' || invoice.Status === 'SUBMITTED')) {
      // Xero allocates only to approved invoices, and this one will be approved when its order is synced again.
      out.waiting.set(r.entry, { number: invoice.InvoiceNumber ?? r.invoiceId!, status: invoice.Status });
      continue;
    }
    // A voided (or missing) invoice owes nothing we can settle against.
    const due = invoice && invoice.Status === 'AUTHORISED' ? toMinorOr0(invoice.AmountDue) : 0;
    const plan = planSettlement({ ...r.settlement, invoiceAmountDueCents: due });
    const payload = allocationPayload(plan, r.invoiceId!, r.settlement.date);
    if (!payload) {
      allocationLink(r, '', 0);
      continue;
    }
    const key = idempotencyKey('allocation', `${tenantId}:${r.creditNoteId}:${r.invoiceId}`, contentHash(payload));
    const [answer] = await xero.putAllocation(r.creditNoteId, [payload], { idempotencyKey: key, ...(signal ? { signal } : {}) });
    if (answer?.ok) {
      allocationLink(r, answer.record.AllocationID ?? r.creditNoteId, plan.allocateCents);
      note(r.entry, `allocated ${payload.Amount.toFixed(2)} to the invoice`);
    } else {
      out.failed.set(r.entry, `Allocating the credit note to the invoice: ${answer?.messages.join(' ') ?? 'no answer'}`);
    }
  }

  // Step 2: what Magento gave back to gift cards and store credit, into their liability accounts (one link per kind).
  const returns: Array<PaymentDraft<{ r: SettlementRequest; refund: LiabilityRefund }>> = [];
  for (const r of requests) {
    if (out.failed.has(r.entry) || out.waiting.has(r.entry)) continue;
    const plan = planSettlement({ ...r.settlement, invoiceAmountDueCents: allocated.get(r.entry) ?? 0 });
    const taken = new Set<string>();
    for (const refund of plan.liabilityRefunds) {
      const kind: XeroKind = `refund:${refund.kind}`;
      if (r.linked(kind)) continue;
      const payload = liabilityRefundPayload(refund, r.settlement.date, r.creditNoteId);
      const existing = r.creditNote ? findPayment(r.creditNote, payload, taken) : undefined;
      if (existing) {
        taken.add(existing);
        out.links.push(link('creditmemo', r.entry.magento_id, kind, tenantId, { id: existing, number: refund.reference }, now()));
        note(r.entry, `${refund.reference} found in Xero`);
        continue;
      }
      returns.push({ key: { r, refund }, payload, identity: `${refund.kind}-${r.entry.magento_id}#${r.entry.attempts}` });
    }
  }
  for (const [{ r, refund }, answer] of await putPayments(xero, 'liability-refunds', returns, signal)) {
    if (answer.ok) {
      out.links.push(link('creditmemo', r.entry.magento_id, `refund:${refund.kind}`, tenantId, { id: answer.payment.PaymentID, number: refund.reference }, now()));
      note(r.entry, `${fromMinor(refund.cents).toFixed(2)} back to ${refund.kind === 'gift_card' ? 'gift cards' : 'store credit'} (account ${refund.accountCode})`);
    } else {
      out.failed.set(r.entry, `${refund.reference} (account ${refund.accountCode}): ${answer.message}`);
    }
  }

  // Step 3: refund of what was not allocated nor given back to gift cards or store credit, when the money went back.
  const refunds: Array<PaymentDraft<SettlementRequest>> = [];
  for (const r of requests) {
    if (out.failed.has(r.entry) || out.waiting.has(r.entry) || r.linked('refund')) continue;
    const cents = allocated.get(r.entry) ?? 0;
    const plan = planSettlement({ ...r.settlement, invoiceAmountDueCents: cents });
    const liabilityIds = new Set(out.links.filter((l) => l.magento_id === r.entry.magento_id && l.xero_kind.startsWith('refund:')).map((l) => l.xero_id));
    for (const kind of ['gift_card', 'store_credit'] as const) {
      const done = r.linked(`refund:${kind}`);
      if (done) liabilityIds.add(done.xero_id);
    }
    const existing = r.creditNote?.Payments?.find((p) => p.PaymentID && !liabilityIds.has(p.PaymentID));
    if (plan.refundCents > 0 && existing?.PaymentID) {
      out.links.push(link('creditmemo', r.entry.magento_id, 'refund', tenantId, { id: existing.PaymentID, number: r.settlement.reference }, now()));
      note(r.entry, 'refund found in Xero');
      continue;
    }
    const payload = refundPayload(plan, { ...r.settlement, invoiceAmountDueCents: cents }, r.creditNoteId);
    if (payload) refunds.push({ key: r, payload, identity: `refund-${r.entry.magento_id}#${r.entry.attempts}` });
    else if (plan.remainingCreditCents > 0) note(r.entry, `${fromMinor(plan.remainingCreditCents).toFixed(2)} stays as credit on the contact`);
  }
  for (const [r, answer] of await putPayments(xero, 'refunds', refunds, signal)) {
    if (answer.ok) {
      out.links.push(link('creditmemo', r.entry.magento_id, 'refund', tenantId, { id: answer.payment.PaymentID, number: r.settlement.reference }, now()));
      note(r.entry, `refunded ${answer.payment.Amount ?? ''}`.trim());
    } else {
      out.failed.set(r.entry, `Refund payment: ${answer.message}`);
    }
  }
  return out;
}
