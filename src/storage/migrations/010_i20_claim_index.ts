import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * The queue's claim by entity type and state in the claim's own order (priority first, then due time, then id): a claim
 * reads at most its batch's worth of entries per state instead of sorting every claimable entry of every type
 * (bench/RESULTS.md, section 8). It replaces the index by state, priority and due time, which it covers for every
 * query by state, so that a change of state still updates one index, not two.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.dropIndex('sync_queue_claim').execute();
  await db.schema
    .createIndex('sync_queue_claim_by_type')
    .on('sync_queue')
    .columns(['entity_type', 'state', 'priority desc', 'next_attempt_at', 'id'])
    .execute();
}
