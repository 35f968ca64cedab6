import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * Webhook deliveries seen recently (a digest of each signed body), so a replay is refused after a restart too and by
 * every process sharing the database, not only by the process that took the first delivery.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('received_at', big, (c) => c.notNull())
    .addColumn('expires_at', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('webhook_deliveries_pk', ['source', 'digest'])
    .execute();
  await db.schema.createIndex('webhook_deliveries_expires').on('webhook_deliveries').column('expires_at').execute();
}
