import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/** The first schema: connections, settings, entity map, queue, log, API usage, watermarks and locks. */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';

  await db.schema
    .createTable('connections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('secret', 'text')
    .addColumn('meta_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('access_expires_at', big)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('entity_map')
    .addColumn('store_id', 'integer', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('magento_id', 'text', (c) => c.notNull())
    .addColumn('xero_kind', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('xero_id', 'text', (c) => c.notNull())
    .addColumn('xero_number', 'text')
    .addColumn('content_hash', 'text')
    .addColumn('updated_at', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('entity_map_pk', ['store_id', 'entity_type', 'magento_id', 'xero_kind'])
    .execute();
  await db.schema.createIndex('entity_map_xero_id').on('entity_map').columns(['tenant_id', 'xero_id']).execute();

  await db.schema
    .createTable('sync_queue')
    .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('store_id', 'integer', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('magento_id', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', big, (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', big)
    .addColumn('requeued', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('payload_json', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .addUniqueConstraint('sync_queue_record', ['store_id', 'entity_type', 'magento_id'])
    .execute();
  await db.schema
    .createIndex('sync_queue_claim')
    .on('sync_queue')
    .columns(['state', 'priority', 'next_attempt_at'])
    .execute();

  await db.schema
    .createTable('sync_log')
    .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('at', big, (c) => c.notNull())
    .addColumn('store_id', 'integer', (c) => c.notNull())
    .addColumn('tenant_id', 'text')
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('magento_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('xero_id', 'text')
    .addColumn('xero_number', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('sync_log_at').on('sync_log').columns(['at']).execute();
  await db.schema.createIndex('sync_log_record').on('sync_log').columns(['entity_type', 'magento_id']).execute();

  await db.schema
    .createTable('api_usage_day')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('calls', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('errors', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rate_limited', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('api_usage_day_pk', ['tenant_id', 'day'])
    .execute();

  await db.schema
    .createTable('api_usage_minute')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('minute', big, (c) => c.notNull())
    .addColumn('calls', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('errors', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rate_limited', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('api_usage_minute_pk', ['tenant_id', 'minute'])
    .execute();

  await db.schema
    .createTable('watermarks')
    .addColumn('store_id', 'integer', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('changed_at', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('watermarks_pk', ['store_id', 'entity_type'])
    .execute();

  await db.schema
    .createTable('locks')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('expires_at', big, (c) => c.notNull())
    .execute();

}
