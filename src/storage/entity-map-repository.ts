import type { Kysely, Selectable } from 'kysely';
import type { EntityMapRow, Tables } from './schema.js';

export type EntityLink = Selectable<EntityMapRow>;
export type EntityKey = Pick<EntityLink, 'store_id' | 'entity_type' | 'magento_id' | 'xero_kind'>;

/** What each Magento record became in Xero: the id, the number and the hash of what was last posted. */
export class EntityMapRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async get(key: EntityKey): Promise<EntityLink | undefined> {
    return this.db
      .selectFrom('entity_map')
      .selectAll()
      .where('store_id', '=', key.store_id)
      .where('entity_type', '=', key.entity_type)
      .where('magento_id', '=', key.magento_id)
      .where('xero_kind', '=', key.xero_kind)
      .executeTakeFirst();
  }

  /** Links for many records of one type at once (one query per batch, not per record). */
  async getMany(storeId: number, entityType: string, magentoIds: readonly string[]): Promise<EntityLink[]> {
    if (magentoIds.length === 0) return [];
    return this.db
      .selectFrom('entity_map')
      .selectAll()
      .where('store_id', '=', storeId)
      .where('entity_type', '=', entityType)
      .where('magento_id', 'in', magentoIds)
      .execute();
  }

  async byXeroId(tenantId: string, xeroId: string): Promise<EntityLink | undefined> {
    return this.db
      .selectFrom('entity_map')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('xero_id', '=', xeroId)
      .executeTakeFirst();
  }

  /** Links to many Xero records of one organisation at once (an incremental read of Xero, a webhook's events). */
  async byXeroIds(tenantId: string, xeroIds: readonly string[]): Promise<EntityLink[]> {
    if (xeroIds.length === 0) return [];
    const out: EntityLink[] = [];
    for (let i = 0; i < xeroIds.length; i += 500) {
      out.push(
        ...(await this.db
          .selectFrom('entity_map')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('xero_id', 'in', xeroIds.slice(i, i + 500))
          .execute()),
      );
    }
    return out;
  }

  async put(links: readonly EntityLink[]): Promise<void> {
    if (links.length === 0) return;
    await this.db
      .insertInto('entity_map')
      .values([...links])
      .onConflict((oc) =>
        oc.columns(['store_id', 'entity_type', 'magento_id', 'xero_kind']).doUpdateSet((eb) => ({
          tenant_id: eb.ref('excluded.tenant_id'),
          xero_id: eb.ref('excluded.xero_id'),
          xero_number: eb.ref('excluded.xero_number'),
          content_hash: eb.ref('excluded.content_hash'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }

  async remove(key: EntityKey): Promise<void> {
    await this.db
      .deleteFrom('entity_map')
      .where('store_id', '=', key.store_id)
      .where('entity_type', '=', key.entity_type)
      .where('magento_id', '=', key.magento_id)
      .where('xero_kind', '=', key.xero_kind)
      .execute();
  }

  async count(entityType?: string, xeroKind?: string): Promise<number> {
    let q = this.db.selectFrom('entity_map').select((eb) => eb.fn.countAll<number>().as('n'));
    if (entityType) q = q.where('entity_type', '=', entityType);
    if (xeroKind) q = q.where('xero_kind', '=', xeroKind);
    const row = await q.executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
