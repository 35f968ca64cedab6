// Gift cards, store credit and reward points: payments against the liability account on the document's Xero invoice,
// each recorded as its own link (xero_kind "prepayment:<kind>") as soon as Xero accepts it, so a retry never repeats one.
import type { XeroInvoice } from '../../domain/xero.js';
import type { PlannedPrepayment } from '../../mapping/invoice.js';
import { prepaymentToPayment } from '../../mapping/payment.js';
import type { EntityLink } from '../../storage/entity-map-repository.js';
import type { QueueEntry } from '../../storage/queue-repository.js';
import type { XeroAccounting } from '../../xero/accounting.js';
import { readInvoices } from './invoice-poster.js';
import { link, type XeroKind } from './links.js';
import { findPayment, putPayments, type PaymentDraft } from './payments.js';

export interface PrepaymentRequest {
  entry: QueueEntry;
  entityType: 'order' | 'invoice';
  invoice: XeroInvoice;
  /** Status the invoice has in Xero now (payments need an approved invoice). */
  status: string | null | undefined;
  currencyRate?: number | undefined;
  plans: readonly PlannedPrepayment[];
  linked: (kind: XeroKind) => EntityLink | undefined;
  /** The invoice may already carry payments we do not know about. */
  uncertain: boolean;
}

export interface PrepaymentOutcome {
  links: EntityLink[];
  /** Entries whose prepayment Xero refused, with its message. */
  failed: Map<QueueEntry, string>;
  /** Entries with prepayments still to come (the invoice is not approved yet). */
  waiting: Set<QueueEntry>;
}

export const prepaymentKind = (plan: PlannedPrepayment): XeroKind => `prepayment:${plan.kind}`;

export async function postPrepayments(
  xero: XeroAccounting,
  requests: readonly PrepaymentRequest[],
  now: () => number,
  signal?: AbortSignal,
): Promise<PrepaymentOutcome> {
  const out: PrepaymentOutcome = { links: [], failed: new Map(), waiting: new Set() };
  const todo = requests
    .map((r) => ({ ...r, plans: r.plans.filter((p) => !r.linked(prepaymentKind(p))) }))
    .filter((r) => r.plans.length > 0);
  const approved = todo.filter((r) => r.status === 'AUTHORISED');
  for (const r of todo) if (r.status !== 'AUTHORISED') out.waiting.add(r.entry);
  if (approved.length === 0) return out;

  const current = new Map(
    (await readInvoices(xero, 'ids', approved.filter((r) => r.uncertain).map((r) => r.invoice.InvoiceID), signal)).map((i) => [i.InvoiceID, i]),
  );
  const drafts: Array<PaymentDraft<{ entry: QueueEntry; entityType: string; plan: PlannedPrepayment }>> = [];
  for (const r of approved) {
    const onInvoice = current.get(r.invoice.InvoiceID) ?? r.invoice;
    const taken = new Set<string>();
    for (const plan of r.plans) {
      const payload = prepaymentToPayment(plan, r.invoice.InvoiceID, r.currencyRate);
      const existing = findPayment(onInvoice, payload, taken);
      if (existing) {
        taken.add(existing);
        out.links.push(link(r.entityType, r.entry.magento_id, prepaymentKind(plan), xero.tenantId, { id: existing, number: plan.reference }, now()));
      } else {
        drafts.push({ key: { entry: r.entry, entityType: r.entityType, plan }, payload, identity: `${r.entityType}-${r.entry.magento_id}-${plan.kind}#${r.entry.attempts}` });
      }
    }
  }
  const answers = await putPayments(xero, 'prepayments', drafts, signal);
  for (const [key, answer] of answers) {
    if (answer.ok) {
      out.links.push(link(key.entityType, key.entry.magento_id, prepaymentKind(key.plan), xero.tenantId, { id: answer.payment.PaymentID, number: key.plan.reference }, now()));
    } else {
      out.failed.set(key.entry, `${key.plan.reference}: ${answer.message}`);
    }
  }
  return out;
}
