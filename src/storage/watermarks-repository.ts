import type { Kysely } from 'kysely';
import type { Tables } from './schema.js';

/** How far change capture has read each entity type of each store (Magento `updated_at`, UTC as Magento writes it). */
export class WatermarksRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async get(storeId: number, entityType: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('watermarks')
      .select('updated_at')
      .where('store_id', '=', storeId)
      .where('entity_type', '=', entityType)
      .executeTakeFirst();
    return row?.updated_at;
  }

  /** Moves the watermark forward only: a slow poller cannot move it back behind a faster one. */
  async advance(storeId: number, entityType: string, updatedAt: string, now = Date.now()): Promise<void> {
    await this.db
      .insertInto('watermarks')
      .values({ store_id: storeId, entity_type: entityType, updated_at: updatedAt, changed_at: now })
      .onConflict((oc) =>
        oc
          .columns(['store_id', 'entity_type'])
          .doUpdateSet({ updated_at: updatedAt, changed_at: now })
          .where('watermarks.updated_at', '<', updatedAt),
      )
      .execute();
  }
}
