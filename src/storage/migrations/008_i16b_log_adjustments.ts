import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * Every correction the mapping made to match Magento's totals, kept with the log line of the document it was made on:
 * the rounding line's amount and the tax moved between lines (cents, signed; null when none). The dashboard counts them
 * per day and the reconciliation lists them.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('sync_log').addColumn('rounding_cents', 'integer').execute();
  await db.schema.alterTable('sync_log').addColumn('tax_moved_cents', 'integer').execute();
}
