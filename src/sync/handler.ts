import type { QueueEntry } from '../storage/queue-repository.js';
import type { EntityType } from './entity-types.js';

/** What became of one queue entry after a batch. */
export type EntryOutcome =
  | { entryId: number; outcome: 'done' }
  /** Transient (Xero busy, a dependency not posted yet): tried again after `delayMs`, or the backoff when absent. */
  | { entryId: number; outcome: 'retry'; message: string; delayMs?: number }
  /** Only a person or a changed record can fix it (Xero refused it): kept with the message until then. */
  | { entryId: number; outcome: 'parked'; message: string };

/**
 * Posts a batch of queued records of one entity type to Xero. It returns an outcome for every entry it was given and
 * writes its own sync-log lines (it knows the Xero ids and messages); an exception means the whole batch failed
 * transiently and the worker decides when to try again.
 */
export interface EntityHandler {
  readonly entityType: EntityType;
  /** Records per batch: Xero takes about 50 documents per call (items: 100). */
  readonly batchSize: number;
  process(entries: readonly QueueEntry[], signal: AbortSignal): Promise<EntryOutcome[]>;
}
