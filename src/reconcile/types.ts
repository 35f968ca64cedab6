// The two sides of a reconciliation, reduced to what is compared: documents in integer minor units, dated by the
// store-local day Xero carries, and the differences found between them.
import type { EntityType } from '../domain/entity-types.js';

/** What one document files under one Xero tax type: net of tax and tax, in minor units (credit notes positive). */
export interface TaxShare {
  taxType: string;
  netCents: number;
  taxCents: number;
  /** Magento side: the Magento tax rates mapped to this type (none for untaxed types). */
  rates?: string[];
}

/** Per store-local day, currency and Xero tax type: the tax Magento charged against the tax Xero holds. */
export interface TaxDay {
  day: string;
  currency: string;
  taxType: string;
  /** The Magento tax rates filed under this type ("no tax" when none: untaxed lines). */
  rates: string[];
  magentoNet: string;
  magentoTax: string;
  xeroNet: string;
  xeroTax: string;
  /** Tax or net differ. */
  differs: boolean;
}

/** A payment (or refund) Magento says should be on a Xero document. */
export interface ExpectedPayment {
  /** Magento invoice entity id (payments) or credit memo id (refunds). */
  magentoId: string;
  /** What the Xero payment carries as Reference (the Magento invoice's increment id, "Refund <memo>"). */
  reference: string;
  amountCents: number;
  /** Store-local YYYY-MM-DD of the payment. */
  date: string;
}

/**
 * What Xero should hold for one Magento order (an ACCREC invoice; a Magento invoice in posting mode "invoices") or credit
 * memo (an ACCRECCREDIT credit note).
 */
export interface ExpectedDocument {
  entity: 'order' | 'invoice' | 'creditmemo';
  kind: 'invoice' | 'creditnote';
  magentoId: string;
  /** Magento increment id, as people know the record. */
  incrementId: string;
  /** Invoice or credit note number in Xero (prefix + increment id). */
  number: string;
  /** Store-local YYYY-MM-DD (the Xero document's Date). */
  day: string;
  currency: string;
  /**
   * post: a document with this total should exist; cancel: none should be live (voided or deleted is right);
   * skip: Magento holds it back (on hold, canceled memo, other posting mode); error: the mapping refused it.
   */
  state: 'post' | 'cancel' | 'skip' | 'error';
  totalCents: number;
  /** Payments the Magento invoices of this order should have made (invoices only). */
  payments: ExpectedPayment[];
  /** Why the mapping refused the record (state "error"). */
  message?: string;
  /** What its lines file under each Xero tax type (state "post"). */
  taxes?: TaxShare[];
  /**
   * An order invoiced in part and canceled for the rest: `totalCents` is what was sold; once Xero could no longer amend
   * the invoice, it keeps the whole order with this credit note for the canceled part allocated to it.
   */
  canceledPart?: { number: string; totalCents: number };
}

export interface XeroPaymentLine {
  id: string;
  amountCents: number;
  reference?: string;
}

/** A Xero invoice or credit note as the reconciliation keeps it (small enough to remember between runs). */
export interface XeroDocument {
  kind: 'invoice' | 'creditnote';
  id: string;
  number: string;
  reference?: string;
  /** YYYY-MM-DD. */
  date: string;
  status: string;
  currency: string;
  totalCents: number;
  paidCents: number;
  creditedCents: number;
  payments: XeroPaymentLine[];
  allocations: XeroPaymentLine[];
  /** ISO 8601 UTC, for If-Modified-Since. */
  updatedAt?: string;
  /** What its lines file under each tax type; absent when Xero sent no lines. */
  taxes?: TaxShare[];
}

/** A link from the entity map, reduced to what the comparison uses. */
export interface LinkFact {
  entityType: string;
  magentoId: string;
  xeroKind: string;
  xeroId: string;
  xeroNumber?: string | null;
}

export type IssueKind =
  | 'missing-in-xero'
  | 'deleted-in-xero'
  | 'voided-in-xero'
  | 'not-cancelled-in-xero'
  | 'total-differs'
  | 'tax-differs'
  | 'missing-in-magento'
  | 'payment-missing'
  | 'payment-differs'
  | 'refund-missing'
  | 'not-posted'
  /** Daily summaries: a day's summary in Xero differs from what its Magento documents add up to, per account and tax. */
  | 'summary-differs'
  /** Daily summaries: a Magento document of a summarised order is in no summary, or changed since it was summarised. */
  | 'not-summarised';

/** What a repair does: re-queue these Magento records, after forgetting or marking stale these links. */
export interface RepairPlan {
  enqueue: Array<{ entity: 'order' | 'invoice' | 'creditmemo'; magentoId: string }>;
  /** Links to forget (the Xero document or payment is gone): the sync then posts it again instead of "unchanged". */
  unlink: Array<{ entityType: string; magentoId: string; xeroKind: string }>;
  /** Links whose content hash is cleared, so the sync reads the document back and updates it. */
  stale: Array<{ entityType: string; magentoId: string; xeroKind: string }>;
}

/** One difference, with what the merchant (or `repair`) can do about it. */
export interface ReconcileIssue extends ReconciliationIssue {
  kind: IssueKind;
  /** queue: `repair` re-queues the Magento record; person: someone has to act in Xero or Magento (see advice). */
  action: 'queue' | 'person';
  /** One or two sentences: what happened and what to do. */
  advice: string;
  tenantId: string;
  xeroId?: string;
  /** Minor units, for scripts (the port's strings are for display). */
  magentoCents?: number;
  xeroCents?: number;
  repair?: RepairPlan;
}

export interface ReconcileResult {
  from: string;
  to: string;
  days: ReconciliationDay[];
  /** Per day, currency and tax type (with the Magento rates filed under it): Magento's tax against Xero's. */
  taxes: TaxDay[];
  issues: ReconcileIssue[];
  /** Accounting API calls this reconciliation made (reads only), per tenant summed. */
  xeroCalls: number;
  /** Magento REST calls (searches) it made. */
  magentoCalls: number;
  /** Documents compared on each side. */
  magentoDocuments: number;
  xeroDocuments: number;
  /** Whether Xero was read in full, or only what changed since the last run (If-Modified-Since). */
  incremental: boolean;
  /** Epoch ms. */
  at: number;
  /** The period's documents posted with a rounding line or tax moved between lines (from the sync log). */
  corrections?: Correction[];
}

/** A correction the mapping made so a Xero document adds up to Magento's totals, as its log line recorded it. */
export interface Correction {
  entity: string;
  magentoId: string;
  number: string | null;
  /** Epoch ms of the log line. */
  at: number;
  roundingCents: number;
  taxMovedCents: number;
  message: string | null;
}

/** The port's three problems, for the page that shows ReconciliationIssue.problem. */
export function portProblem(kind: IssueKind): ReconciliationIssue['problem'] {
  switch (kind) {
    case 'missing-in-magento':
      return 'missing-in-magento';
    case 'missing-in-xero':
    case 'deleted-in-xero':
    case 'voided-in-xero':
    case 'not-posted':
      return 'missing-in-xero';
    default:
      return 'total-differs';
  }
}

export interface ReconciliationDay {
  /** Store-local day, YYYY-MM-DD. */
  day: string;
  currency: string;
  /** Totals formatted for display in the currency's decimals (the engine computes them in minor units). */
  magentoTotal: string;
  xeroTotal: string;
  magentoCount: number;
  xeroCount: number;
}

export interface ReconciliationIssue {
  day: string;
  entity: EntityType;
  magentoId: string;
  number: string;
  problem: 'missing-in-xero' | 'total-differs' | 'missing-in-magento';
  magentoTotal?: string;
  xeroTotal?: string;
  currency?: string;
  xeroUrl?: string;
  /** Stable key of the difference, for "Queue a repair" on chosen rows. */
  key?: string;
  /** 'queue': a repair (queuing the Magento record again) fixes it; 'person': someone must act in Xero or Magento. */
  action?: 'queue' | 'person';
  /** What happened and what to do, in a bookkeeper's words. */
  advice?: string;
}

/** Magento against Xero per day: what the Reconciliation page shows. */
export interface ReconciliationPort {
  reconcile(range: { from: string; to: string }): Promise<{ days: ReconciliationDay[]; issues: ReconciliationIssue[]; taxes?: TaxDay[]; corrections?: Correction[] }>;
  /** Queues the repairs of the chosen differences (all repairable ones without keys); never touches locked documents. */
  repairRange?(range: { from: string; to: string }, keys?: readonly string[]): Promise<{ queued: number; skipped: number }>;
}
