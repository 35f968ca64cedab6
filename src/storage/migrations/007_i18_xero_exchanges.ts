import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * What was sent to Xero and what came back, one row per document of a write (a batch of 50 invoices is 50 rows), so a
 * record's page can show its own exchange. `keys` holds the document's numbers and ids (space-separated, with a space at
 * each end) to find a record's rows by its Xero number or id. Kept for a while (XERO_EXCHANGE_DAYS), then pruned.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('xero_exchanges')
    .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('at', big, (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('collection', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('keys', 'text', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('sent_json', 'text', (c) => c.notNull())
    .addColumn('answer_json', 'text')
    .execute();
  await db.schema.createIndex('xero_exchanges_at').on('xero_exchanges').column('at').execute();
}
