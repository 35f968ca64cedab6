/**
 * The life of a sync queue entry. Every change of state in storage is checked against this table: an update only touches
 * rows whose current state may move to the new one, so two workers cannot both complete or both claim one entry.
 */
export const QUEUE_STATES = ['pending', 'running', 'done', 'failed', 'parked'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

/** to ← from: which states may move into each state. */
const TRANSITIONS: Record<QueueState, readonly QueueState[]> = {
  // queued again (newer data, a retry, a lease that ran out, or a released claim)
  pending: ['running', 'done', 'failed', 'parked'],
  // claimed by a worker: due pending/failed entries, or running ones whose lease expired
  running: ['pending', 'failed', 'running'],
  done: ['running'],
  // a transient failure with a next attempt time
  failed: ['running'],
  // needs a person or a changed record/setting (validation error): never retried by itself
  parked: ['running', 'failed', 'pending'],
};

export function allowedFrom(to: QueueState): readonly QueueState[] {
  return TRANSITIONS[to];
}

export function canMove(from: QueueState, to: QueueState): boolean {
  return TRANSITIONS[to].includes(from);
}

export function isQueueState(value: string): value is QueueState {
  return (QUEUE_STATES as readonly string[]).includes(value);
}
