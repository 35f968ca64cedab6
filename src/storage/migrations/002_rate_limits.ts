import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/** Per-tenant rate-limit state shared by every worker process: Xero's limits are per tenant, not per process. */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('rate_state')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey())
    .addColumn('paused_until', big, (c) => c.notNull().defaultTo(0))
    .addColumn('pause_reason', 'text')
    .addColumn('day_remaining', 'integer')
    .addColumn('minute_remaining', 'integer')
    .addColumn('observed_at', big, (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('rate_calls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('at', big, (c) => c.notNull())
    .addColumn('expires_at', big, (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('rate_calls_tenant_at').on('rate_calls').columns(['tenant_id', 'at']).execute();
}
