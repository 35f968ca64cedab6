import type { Kysely } from 'kysely';
import type { Tables } from './schema.js';

/** Merchant settings as JSON documents under a key (account mapping, sync modes, tax and payment mapping...). */
export class SettingsRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const row = await this.db.selectFrom('settings').select('value_json').where('key', '=', key).executeTakeFirst();
    return row ? (JSON.parse(row.value_json) as T) : undefined;
  }

  async set(key: string, value: unknown, now = Date.now()): Promise<void> {
    const value_json = JSON.stringify(value);
    await this.db
      .insertInto('settings')
      .values({ key, value_json, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value_json, updated_at: now }))
      .execute();
  }

  /** Stores `value` only if nothing is stored under `key`; true when this call stored it (the race's one winner). */
  async insertIfAbsent(key: string, value: unknown, now = Date.now()): Promise<boolean> {
    const result = await this.db
      .insertInto('settings')
      .values({ key, value_json: JSON.stringify(value), updated_at: now })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** Replaces the value under `key` only if it is still `expected`; true when it was replaced. */
  async replaceIf(key: string, expected: unknown, value: unknown, now = Date.now()): Promise<boolean> {
    const result = await this.db
      .updateTable('settings')
      .set({ value_json: JSON.stringify(value), updated_at: now })
      .where('key', '=', key)
      .where('value_json', '=', JSON.stringify(expected))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async delete(key: string): Promise<void> {
    await this.db.deleteFrom('settings').where('key', '=', key).execute();
  }

  async all(): Promise<Record<string, unknown>> {
    const rows = await this.db.selectFrom('settings').select(['key', 'value_json']).execute();
    return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value_json) as unknown]));
  }
}
