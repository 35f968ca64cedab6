import type { QueueEntry } from '../storage/queue-repository.js';
import type { WorkType } from './work-types.js';

/** What became of one queue entry after a batch. */
export type EntryOutcome =
  | { entryId: number; outcome: 'done' }
  /** Processed on purpose without a Xero document (a cancelled order, a "do not pay" method); `message` says why. */
  | { entryId: number; outcome: 'skipped'; message: string }
  /** Normal, not an error: waits for another record or an approval in Xero (`message` says for what), due after `delayMs`. */
  | { entryId: number; outcome: 'waiting'; message: string; delayMs: number }
  /** Transient (Xero busy, a dependency not posted yet): tried again after `delayMs`, or the backoff when absent. */
  | ({ entryId: number; outcome: 'retry'; message: string; delayMs?: number } & RecordAbout)
  /** Only a person or a changed record can fix it (Xero refused it): kept with the message until then. */
  | ({ entryId: number; outcome: 'parked'; message: string } & RecordAbout);

/** What an alert about a failed record names: its Magento number, its store view and organisation, when known. */
export interface RecordAbout {
  number?: string;
  storeId?: number;
  tenantId?: string;
}

/**
 * Posts a batch of queued records of one entity type to Xero. It returns an outcome for every entry it was given and
 * writes its own sync-log lines (it knows the Xero ids and messages); an exception means the whole batch failed
 * transiently and the worker decides when to try again.
 */
export interface EntityHandler {
  readonly entityType: WorkType;
  /**
   * Records claimed per batch. Handlers write to Xero in chunks of Xero's own batch size (50 documents, items 100), so a
   * claim of several chunks wastes less on the last, partly filled call: a batch of orders carries some guest contacts,
   * a batch of Magento invoices some invoices that are not paid in Xero. See `CLAIM` for the sizes.
   */
  readonly batchSize: number;
  process(entries: readonly QueueEntry[], signal: AbortSignal): Promise<EntryOutcome[]>;
}

/**
 * Claim sizes per entity type. Larger for the records whose documents are a fraction of the claim (orders create guest
 * contacts, Magento invoices skip unpaid methods, credit memos add refunds), bounded because a batch is held in memory
 * whole (its records, their orders, Xero's answers): at 500 orders a batch a 100,000-order backfill peaked near 600 MB.
 */
export const CLAIM = {
  customer: 100,
  product: 200,
  order: 200,
  invoice: 200,
  creditmemo: 100,
  // Days of a claim share their calls: 50 days' sales invoices fill one PUT /Invoices (one currency a store), their
  // credit notes another, their payments one or two. A day holds its documents' contributions only, so 50 stay small.
  // Orders paid in Xero are read back 50 at a time.
  summary: 50,
  xeropayment: 100,
} as const satisfies Record<WorkType, number>;
