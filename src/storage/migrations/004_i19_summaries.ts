import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * Daily summaries (issue 19): a row per store and store-local day (open while documents may still join it, sealed while
 * it is posted, posted), and a row per Magento document revision that went into a day, with what it contributed.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('summary_days')
    .addColumn('store_id', 'integer', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text')
    .addColumn('sealed_at', big)
    .addColumn('posted_at', big)
    .addColumn('result_json', 'text')
    .addColumn('updated_at', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('summary_days_pk', ['store_id', 'day'])
    .execute();
  await db.schema
    .createTable('summary_entries')
    .addColumn('store_id', 'integer', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('magento_id', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('document_day', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('increment_id', 'text', (c) => c.notNull())
    .addColumn('order_increment_id', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('contribution_json', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('summary_entries_pk', ['store_id', 'entity_type', 'magento_id', 'revision'])
    .execute();
  await db.schema.createIndex('summary_entries_day').on('summary_entries').columns(['store_id', 'day']).execute();
  await db.schema.createIndex('summary_entries_order').on('summary_entries').columns(['order_id']).execute();
}
