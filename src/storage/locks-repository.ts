import type { Kysely } from 'kysely';
import type { Tables } from './schema.js';

/**
 * Named leases shared by every process on the database (e.g. "refresh the Xero token of tenant X"). A lease that runs
 * out is free again, so a crashed holder never blocks the others for long.
 */
export class LocksRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async acquire(name: string, owner: string, ttlMs: number, now = Date.now()): Promise<boolean> {
    const expires_at = now + ttlMs;
    await this.db
      .insertInto('locks')
      .values({ name, owner, expires_at })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ owner, expires_at })
          .where((eb) => eb.or([eb('locks.expires_at', '<', now), eb('locks.owner', '=', owner)])),
      )
      .execute();
    const row = await this.db.selectFrom('locks').select('owner').where('name', '=', name).executeTakeFirst();
    return row?.owner === owner;
  }

  /** Who holds the lease now (expired or not), for telling a dead holder's lease from a live one. */
  async holder(name: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('locks').select('owner').where('name', '=', name).executeTakeFirst();
    return row?.owner;
  }

  async release(name: string, owner: string): Promise<void> {
    await this.db.deleteFrom('locks').where('name', '=', name).where('owner', '=', owner).execute();
  }
}
