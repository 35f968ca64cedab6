import type { Kysely, Selectable } from 'kysely';
import type { EntityMapRow, Tables } from './schema.js';

/** A link as read (`magento_store_id` may be left out when writing: most links are not a store's document). */
export type EntityLink = Omit<Selectable<EntityMapRow>, 'magento_store_id'> & { magento_store_id?: number | null | undefined };
/** A record's link of one kind; with `tenant_id`, in that organisation only (a contact or item may be in several). */
export type EntityKey = Pick<EntityLink, 'store_id' | 'entity_type' | 'magento_id' | 'xero_kind'> & { tenant_id?: string };

/** What each Magento record became in Xero: the id, the number and the hash of what was last posted. */
export class EntityMapRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async get(key: EntityKey): Promise<EntityLink | undefined> {
    let q = this.db
      .selectFrom('entity_map')
      .selectAll()
      .where('store_id', '=', key.store_id)
      .where('entity_type', '=', key.entity_type)
      .where('magento_id', '=', key.magento_id)
      .where('xero_kind', '=', key.xero_kind);
    if (key.tenant_id !== undefined) q = q.where('tenant_id', '=', key.tenant_id);
    // Newest first: a record linked in several organisations shows the link made last.
    return q.orderBy('updated_at', 'desc').executeTakeFirst();
  }

  /**
   * The Xero documents (invoices, credit notes) posted for a Magento store view, per organisation with the prefixes
   * their numbers start with: what a change of the store's routing must not duplicate.
   */
  async postedForStore(magentoStoreId: number): Promise<Array<{ tenant_id: string; xero_kind: string; n: number; sample: string | null }>> {
    const rows = await this.db
      .selectFrom('entity_map')
      .select((eb) => ['tenant_id', 'xero_kind', eb.fn.countAll<number>().as('n'), eb.fn.max('xero_number').as('sample')])
      .where('magento_store_id', '=', magentoStoreId)
      .where('xero_kind', 'in', ['invoice', 'creditnote'])
      .groupBy(['tenant_id', 'xero_kind'])
      .execute();
    return rows.map((r) => ({ tenant_id: r.tenant_id, xero_kind: r.xero_kind, n: Number(r.n), sample: (r.sample as string | null) ?? null }));
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
      .values(links.map((l) => ({ ...l, magento_store_id: l.magento_store_id ?? null })))
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'store_id', 'entity_type', 'magento_id', 'xero_kind']).doUpdateSet((eb) => ({
          xero_id: eb.ref('excluded.xero_id'),
          xero_number: eb.ref('excluded.xero_number'),
          content_hash: eb.ref('excluded.content_hash'),
          updated_at: eb.ref('excluded.updated_at'),
          // A later write without the store (an update by another path) keeps the store the document was posted for.
          magento_store_id: eb.fn.coalesce(eb.ref('excluded.magento_store_id'), eb.ref('entity_map.magento_store_id')),
        })),
      )
      .execute();
  }

  async remove(key: EntityKey): Promise<void> {
    let q = this.db
      .deleteFrom('entity_map')
      .where('store_id', '=', key.store_id)
      .where('entity_type', '=', key.entity_type)
      .where('magento_id', '=', key.magento_id)
      .where('xero_kind', '=', key.xero_kind);
    if (key.tenant_id !== undefined) q = q.where('tenant_id', '=', key.tenant_id);
    await q.execute();
  }

  async count(entityType?: string, xeroKind?: string): Promise<number> {
    let q = this.db.selectFrom('entity_map').select((eb) => eb.fn.countAll<number>().as('n'));
    if (entityType) q = q.where('entity_type', '=', entityType);
    if (xeroKind) q = q.where('xero_kind', '=', xeroKind);
    const row = await q.executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
