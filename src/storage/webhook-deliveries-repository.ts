import type { Kysely } from 'kysely';
import type { Tables } from './schema.js';

/** Recent webhook deliveries, shared by every process on the database and kept across restarts. */
export class WebhookDeliveriesRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  /**
   * Remembers a delivery until `expiresAt`; false when it was already seen and has not expired (a replay). Of two
   * processes taking the same delivery at once, exactly one gets true.
   */
  async remember(source: string, digest: string, now: number, expiresAt: number): Promise<boolean> {
    await this.db.deleteFrom('webhook_deliveries').where('expires_at', '<=', now).execute();
    const result = await this.db
      .insertInto('webhook_deliveries')
      .values({ source, digest, received_at: now, expires_at: expiresAt })
      .onConflict((oc) => oc.columns(['source', 'digest']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** Forgets a delivery that was not acted on, so the sender's retry is taken. */
  async forget(source: string, digest: string): Promise<void> {
    await this.db.deleteFrom('webhook_deliveries').where('source', '=', source).where('digest', '=', digest).execute();
  }
}
