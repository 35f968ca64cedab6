import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * The Magento record a queue entry carries moves to a table of its own. In the queue row it was rewritten with every
 * change of state (claim, outcome: SQLite and PostgreSQL both write a whole new row version), and kept after the entry
 * was done; apart, it is written once, read once when claimed, and dropped when the entry is done (bench/RESULTS.md §7).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('sync_payloads')
    .addColumn('entry_id', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.primaryKey().references('sync_queue.id').onDelete('cascade'))
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into sync_payloads (entry_id, payload_json)
    select id, payload_json from sync_queue where payload_json is not null and state <> 'done'`.execute(db);
  await sql`update sync_queue set payload_json = null where payload_json is not null`.execute(db);
}
