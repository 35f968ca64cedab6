import { Migrator, sql, type Migration, type MigrationProvider, type Kysely } from 'kysely';
import type { Database, Dialect } from './database.js';
import * as m001 from './migrations/001_initial.js';
import * as m002 from './migrations/002_rate_limits.js';
import * as m003 from './migrations/003_i17_webhook_deliveries.js';
import * as m004 from './migrations/004_i19_summaries.js';
import * as m005 from './migrations/005_i20_queue_payloads.js';
import * as m006 from './migrations/006_i14_entity_map_per_organisation.js';
import * as m007 from './migrations/007_i18_xero_exchanges.js';
import * as m008 from './migrations/008_i16b_log_adjustments.js';
import * as m009 from './migrations/009_i18_alerts.js';
import * as m010 from './migrations/010_i20_claim_index.js';

interface NumberedMigration {
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

/** Numbered migrations, in order. A new one is a new file `NNN_name.ts` added here. */
const migrations: Record<string, NumberedMigration> = {
  '001_initial': m001,
  '002_rate_limits': m002,
  '003_i17_webhook_deliveries': m003,
  '004_i19_summaries': m004,
  '005_i20_queue_payloads': m005,
  '006_i14_entity_map_per_organisation': m006,
  '007_i18_xero_exchanges': m007,
  '008_i16b_log_adjustments': m008,
  '009_i18_alerts': m009,
  '010_i20_claim_index': m010,
};

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(
      Object.entries(migrations).map(([name, m]) => [name, { up: (db: Kysely<unknown>) => m.up(db, this.dialect) }]),
    );
  }
}

export interface MigrationReport {
  applied: string[];
}

/** Applies every pending migration; safe to run from several processes (the migrator takes a lock). */
export async function migrate(database: Database): Promise<MigrationReport> {
  const db = database.db as unknown as Kysely<unknown>;
  // On PostgreSQL the migrator's own tables live in the schema the connection works in (search_path): left to itself
  // it looks for them in every schema, and another schema's copy (another deployment's, or a test's) made it skip
  // creating its own and then fail with 'relation "kysely_migration_lock" does not exist'.
  const schema =
    database.dialect === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  const migrator = new Migrator({
    db,
    provider: new StaticProvider(database.dialect),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  let outcome = await migrator.migrateToLatest();
  // Before it takes its lock the migrator lists the tables of every schema in the database, and that listing fails
  // when another schema is dropped while it runs (another deployment's clean-up, a test's): not our problem, so look
  // again. Our own schema missing is a real error and is not retried.
  for (let attempt = 1; attempt < 5 && outcome.error && otherSchemaVanished(outcome.error, schema); attempt++) {
    outcome = await migrator.migrateToLatest();
  }
  const { error, results } = outcome;
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${reason}`, { cause: error });
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

/** PostgreSQL's invalid_schema_name (3F000) about a schema other than ours. */
function otherSchemaVanished(error: unknown, ours: string | undefined): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  return code === '3F000' && (ours === undefined || !message.includes(`"${ours}"`));
}
