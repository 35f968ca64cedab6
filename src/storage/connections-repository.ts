import type { Kysely, Selectable } from 'kysely';
import type { ConnectionRow, Tables } from './schema.js';
import type { NewAlert } from '../domain/alerts.js';
import { AlertsRepository } from './alerts-repository.js';

export type Connection = Selectable<ConnectionRow>;
export type NewConnection = Omit<Connection, 'version' | 'updated_at'>;

/** Magento and Xero connections. `secret` is ciphertext: this layer never sees clear credentials. */
export class ConnectionsRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async get(id: string): Promise<Connection | undefined> {
    return this.db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async list(kind?: ConnectionRow['kind']): Promise<Connection[]> {
    let q = this.db.selectFrom('connections').selectAll().orderBy('id');
    if (kind) q = q.where('kind', '=', kind);
    return q.execute();
  }

  async save(connection: NewConnection, now = Date.now()): Promise<void> {
    const { id, ...rest } = connection;
    await this.db
      .insertInto('connections')
      .values({ ...connection, version: 0, updated_at: now })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({ ...rest, version: eb('connections.version', '+', 1), updated_at: now })),
      )
      .execute();
  }

  /**
   * Stores rotated tokens only if nobody rotated them since `expectedVersion` was read: the loser of a race must re-read
   * and use the winner's tokens rather than overwrite them with a refresh token Xero has already replaced.
   */
  async rotateSecret(
    id: string,
    expectedVersion: number,
    secret: string,
    accessExpiresAt: number,
    now = Date.now(),
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('connections')
      .set({ secret, access_expires_at: accessExpiresAt, version: expectedVersion + 1, updated_at: now })
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Replaces a secret with the same content sealed anew (a new key, or bound to its row), only if it is still the value
   * that was read: a token refresh in between wins, and its value is sealed with the current key anyway. The version is
   * not bumped, so a refresh that read the row before keeps its claim on it.
   */
  async replaceSecret(id: string, expected: string, secret: string, now = Date.now()): Promise<boolean> {
    const result = await this.db
      .updateTable('connections')
      .set({ secret, updated_at: now })
      .where('id', '=', id)
      .where('secret', '=', expected)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** A new status; with `alert`, the alert it raises is written in the same transaction (Xero refused the grant). */
  async setStatus(id: string, status: string, now = Date.now(), alert?: NewAlert): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('connections').set({ status, updated_at: now }).where('id', '=', id).execute();
      if (alert) await new AlertsRepository(trx).raise([alert]);
    });
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('connections').where('id', '=', id).execute();
  }
}
