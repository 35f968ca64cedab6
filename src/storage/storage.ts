import { ApiUsageRepository } from './api-usage-repository.js';
import { ConnectionsRepository } from './connections-repository.js';
import { openDatabase, type Database, type Dialect } from './database.js';
import { EntityMapRepository } from './entity-map-repository.js';
import { LocksRepository } from './locks-repository.js';
import { migrate } from './migrate.js';
import { QueueRepository } from './queue-repository.js';
import { RateLimitRepository } from './rate-limit-repository.js';
import { SettingsRepository } from './settings-repository.js';
import { SummaryRepository } from './summary-repository.js';
import { SyncLogRepository } from './sync-log-repository.js';
import { WatermarksRepository } from './watermarks-repository.js';

/** Everything the service keeps, behind one interface; SQLite and PostgreSQL pass the same contract tests. */
export interface Storage {
  readonly dialect: Dialect;
  readonly database: Database;
  readonly connections: ConnectionsRepository;
  readonly settings: SettingsRepository;
  readonly entityMap: EntityMapRepository;
  readonly queue: QueueRepository;
  readonly log: SyncLogRepository;
  readonly apiUsage: ApiUsageRepository;
  readonly watermarks: WatermarksRepository;
  readonly locks: LocksRepository;
  readonly rateLimits: RateLimitRepository;
  readonly summaries: SummaryRepository;
  close(): Promise<void>;
}

export function createStorage(database: Database): Storage {
  const { db, dialect } = database;
  return {
    dialect,
    database,
    connections: new ConnectionsRepository(db),
    settings: new SettingsRepository(db),
    entityMap: new EntityMapRepository(db),
    queue: new QueueRepository(db, dialect),
    log: new SyncLogRepository(db),
    apiUsage: new ApiUsageRepository(db),
    watermarks: new WatermarksRepository(db),
    locks: new LocksRepository(db),
    rateLimits: new RateLimitRepository(db, dialect),
    summaries: new SummaryRepository(db, dialect),
    close: () => database.close(),
  };
}

/** Opens the database at `url`, applies pending migrations, and returns the storage. */
export async function openStorage(url: string): Promise<Storage> {
  const database = openDatabase(url);
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return createStorage(database);
}
