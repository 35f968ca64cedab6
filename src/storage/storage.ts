import { ApiUsageRepository } from './api-usage-repository.js';
import { ConnectionsRepository } from './connections-repository.js';
import { openDatabase, type Database, type Dialect } from './database.js';
import { EntityMapRepository } from './entity-map-repository.js';
import { LocksRepository } from './locks-repository.js';
import { isDatabaseConnectionError } from './connection-errors.js';
import { migrate } from './migrate.js';
import { QueueRepository } from './queue-repository.js';
import { RateLimitRepository } from './rate-limit-repository.js';
import { SettingsRepository } from './settings-repository.js';
import { SummaryRepository } from './summary-repository.js';
import { SyncLogRepository } from './sync-log-repository.js';
import { WatermarksRepository } from './watermarks-repository.js';
import { WebhookDeliveriesRepository } from './webhook-deliveries-repository.js';
import { ExchangeRepository } from './exchange-repository.js';
import { AlertsRepository } from './alerts-repository.js';

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
  readonly webhookDeliveries: WebhookDeliveriesRepository;
  readonly exchanges: ExchangeRepository;
  readonly alerts: AlertsRepository;
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
    webhookDeliveries: new WebhookDeliveriesRepository(db),
    exchanges: new ExchangeRepository(db),
    alerts: new AlertsRepository(db),
    close: () => database.close(),
  };
}

export interface OpenStorageOptions {
  /**
   * How long to keep trying when the database cannot be reached or drops the connection while migrating (a restart, a
   * failover, a server still starting): retried with a growing pause, then the last error is thrown. 0 tries once.
   */
  retryForMs?: number;
  /** Told before each pause, so the process can say what it is waiting for. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** Pauses between start-up attempts: 0.25 s, 0.5 s, 1 s, 2 s, then every 5 s. */
export function startupDelay(attempt: number): number {
  return Math.min(5_000, 250 * 2 ** Math.max(0, attempt - 1));
}

/**
 * Opens the database at `url`, applies pending migrations, and returns the storage. A connection problem is retried for
 * `retryForMs` (migrations run in a transaction on PostgreSQL, so a half-done attempt leaves nothing behind); any other
 * error (a wrong URL, a failing migration) is thrown at once.
 */
export async function openStorage(url: string, options: OpenStorageOptions = {}): Promise<Storage> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = now() + (options.retryForMs ?? 0);
  for (let attempt = 1; ; attempt++) {
    const database = openDatabase(url);
    try {
      await migrate(database);
      return createStorage(database);
    } catch (error) {
      await database.close().catch(() => undefined);
      const delay = startupDelay(attempt);
      if (!isDatabaseConnectionError(error) || now() + delay > deadline) throw error;
      options.onRetry?.(error, attempt, delay);
      await sleep(delay);
    }
  }
}
