import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * The entity map becomes per organisation (issue 14): a Magento record may be a contact or an item in each organisation
 * its stores post to, so the organisation joins the key, and a document's link says which Magento store view it was
 * posted for (so a change of that store's routing can be refused, or applied to new documents only, knowing what is in
 * Xero already). Old links keep their organisation; their store is not known (null).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('entity_map_next')
    .addColumn('store_id', 'integer', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('magento_id', 'text', (c) => c.notNull())
    .addColumn('xero_kind', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('xero_id', 'text', (c) => c.notNull())
    .addColumn('xero_number', 'text')
    .addColumn('content_hash', 'text')
    .addColumn('updated_at', big, (c) => c.notNull())
    .addColumn('magento_store_id', 'integer')
    .addPrimaryKeyConstraint('entity_map_org_pk', ['tenant_id', 'store_id', 'entity_type', 'magento_id', 'xero_kind'])
    .execute();
  await sql`insert into entity_map_next (store_id, entity_type, magento_id, xero_kind, tenant_id, xero_id, xero_number, content_hash, updated_at)
    select store_id, entity_type, magento_id, xero_kind, tenant_id, xero_id, xero_number, content_hash, updated_at from entity_map`.execute(db);
  await db.schema.dropTable('entity_map').execute();
  await db.schema.alterTable('entity_map_next').renameTo('entity_map').execute();
  await db.schema.createIndex('entity_map_record').on('entity_map').columns(['store_id', 'entity_type', 'magento_id']).execute();
  await db.schema.createIndex('entity_map_xero_id').on('entity_map').columns(['tenant_id', 'xero_id']).execute();
  await db.schema.createIndex('entity_map_store_view').on('entity_map').columns(['magento_store_id', 'xero_kind']).execute();
}
