/**
 * The life of a sync queue entry. Every change of state in storage is checked against this table: an update only touches
 * rows whose current state may move to the new one, so two workers cannot both complete or both claim one entry.
 *
 * Four outcomes a person can tell apart: done (in Xero), skipped (deliberately not posted, with the reason), waiting
 * (for another record, an approval in Xero, Xero's limit or the go-live gate: normal, not an error) and failed/parked
 * (errors: failed is tried again by itself, parked needs a person).
 */
export const QUEUE_STATES = ['pending', 'running', 'waiting', 'done', 'skipped', 'failed', 'parked'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

/** to ← from: which states may move into each state. */
const TRANSITIONS: Record<QueueState, readonly QueueState[]> = {
  // queued again (newer data, a retry, a lease that ran out, or a released claim)
  pending: ['running', 'waiting', 'done', 'skipped', 'failed', 'parked'],
  // claimed by a worker: due pending/waiting/failed entries, or running ones whose lease expired
  running: ['pending', 'waiting', 'failed', 'running'],
  // given back to wait for something else (another record, an approval, Xero's limit, the go-live gate), due again later
  waiting: ['running'],
  done: ['running'],
  // processed on purpose without a Xero document (cancelled order, a "do not pay" method): the reason is kept
  skipped: ['running'],
  // a transient failure with a next attempt time
  failed: ['running'],
  // needs a person or a changed record/setting (validation error): never retried by itself
  parked: ['running', 'failed', 'pending', 'waiting'],
};

/** Entries that will still be worked without a person: queued, in hand, waiting their turn, or to be retried. */
export const OUTSTANDING_STATES: readonly QueueState[] = ['pending', 'running', 'waiting', 'failed'];
/** Entries a worker may claim once due. */
export const CLAIMABLE_STATES: readonly QueueState[] = ['pending', 'waiting', 'failed'];
/** Entries whose record went through: in Xero, or deliberately not posted. */
export const FINISHED_STATES: readonly QueueState[] = ['done', 'skipped'];
/** The only states that are errors: counted as such on the dashboard, the queue page and the log. */
export const ERROR_STATES: readonly QueueState[] = ['failed', 'parked'];

export function allowedFrom(to: QueueState): readonly QueueState[] {
  return TRANSITIONS[to];
}

export function canMove(from: QueueState, to: QueueState): boolean {
  return TRANSITIONS[to].includes(from);
}

export function isQueueState(value: string): value is QueueState {
  return (QUEUE_STATES as readonly string[]).includes(value);
}
