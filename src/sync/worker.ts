import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../observability/logger.js';
import type { QueueEntry, SettledGroup } from '../storage/queue-repository.js';
import type { Storage } from '../storage/storage.js';
import { backoffDelay } from './backoff.js';
import type { Clock } from '../domain/clock.js';
import { WORK_TYPES } from './work-types.js';
import type { EntityHandler, EntryOutcome } from './handler.js';
import { isDailyLimitReached } from './rate-limiter.js';
import { recordAlertKey, recordFailedAlert, type NewAlert } from '../domain/alerts.js';
import { recordAbout } from './record-log.js';

const DEFAULT_LEASE_MS = 2 * 60_000;

/** host:pid:random — enough to tell, on the same machine, whether the holder of a lease is still alive. */
export function workerIdentity(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export function isDeadLocalWorker(owner: string): boolean {
  const [host, pid] = owner.split(':');
  if (host !== hostname() || !pid || !/^\d+$/.test(pid)) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export interface WorkerOptions {
  storage: Storage;
  handlers: readonly EntityHandler[];
  clock: Clock;
  logger: Logger;
  /** How long a claim is ours; a crashed worker's entries come back after this. */
  leaseMs?: number;
  /** Longest sleep when the queue is empty (a new entry or `wake()` ends it sooner). */
  idleMs?: number;
  owner?: string;
  /** Errors that pause all work for a while rather than failing entries (a connection that needs reconnecting). */
  pauseFor?: (error: unknown) => number | undefined;
  random?: () => number;
  /**
   * Why nothing may be posted now (no organisation has gone live), or undefined when posting is open. While closed the
   * worker claims nothing: records stay queued, untouched, until a person presses "Start syncing".
   */
  gate?: () => Promise<string | undefined>;
  /** For a pause (see `pauseFor`) that is a wait a person should see (reconnect Xero, go live): what the entries wait for. */
  waitingFor?: (error: unknown) => string | undefined;
  /** Told after a batch's outcomes are stored (the test-only crash points hang off it). */
  onOutcomesStored?: () => void;
}

export interface BatchReport {
  entityType: string;
  entries: number;
  done: number;
  retried: number;
  parked: number;
  /** Given back to wait for another record, an approval, Xero's limit or the go-live gate (not errors). */
  waiting: number;
}

/**
 * Works the queue: claims a batch of one entity type (dependencies first: customers and products before the orders that
 * need them), hands it to that type's handler, and records each entry's outcome. Several workers (processes or machines)
 * can share one PostgreSQL queue; claims never overlap.
 */
export class Worker {
  readonly owner: string;
  private wakeUp: (() => void) | undefined;
  private readonly handlers: Map<string, EntityHandler>;

  constructor(private readonly options: WorkerOptions) {
    this.owner = options.owner ?? workerIdentity();
    this.handlers = new Map(options.handlers.map((h) => [h.entityType, h]));
  }

  private gateReason: string | undefined;

  /** Said once when the gate closes (or its reason changes), not on every idle round. */
  private gateClosed(reason: string): void {
    if (reason === this.gateReason) return;
    this.gateReason = reason;
    this.options.logger.info(`not posting: ${reason}`);
  }

  /** Ends the current idle sleep at once (a record was queued, "Sync now" was pressed). */
  wake(): void {
    this.wakeUp?.();
  }

  /**
   * Gives back at once the entries of workers on this machine that died (kill -9, a crash): their process is gone, so
   * their leases need not be waited out. Workers elsewhere are recovered when their leases run out.
   */
  async recoverCrashed(): Promise<number> {
    const dead = (await this.options.storage.queue.runningOwners()).filter((o) => o !== this.owner && isDeadLocalWorker(o));
    return this.options.storage.queue.expireLeases(dead, this.options.clock.now());
  }

  /** Claims and processes one batch; undefined when nothing is due. */
  async runOnce(signal: AbortSignal = new AbortController().signal): Promise<BatchReport | undefined> {
    const { storage, clock } = this.options;
    const closed = await this.options.gate?.();
    if (closed !== undefined) {
      this.gateClosed(closed);
      return undefined;
    }
    this.gateReason = undefined;
    for (const type of WORK_TYPES) {
      const handler = this.handlers.get(type);
      if (!handler) continue;
      const entries = await storage.queue.claim({
        owner: this.owner,
        limit: handler.batchSize,
        leaseMs: this.options.leaseMs ?? DEFAULT_LEASE_MS,
        now: clock.now(),
        entityTypes: [type],
      });
      if (entries.length === 0) continue;
      return this.process(handler, entries, signal);
    }
    return undefined;
  }

  /** Runs until nothing is due (entries waiting for a later retry are left for later). */
  async runUntilIdle(signal: AbortSignal = new AbortController().signal, onBatch?: (r: BatchReport) => void): Promise<void> {
    await this.recoverCrashed();
    while (!signal.aborted) {
      const report = await this.runOnce(signal);
      if (!report) return;
      onBatch?.(report);
    }
  }

  /** The worker loop of `serve` and `worker`: stops claiming when `signal` aborts, after the batch in hand. */
  async run(signal: AbortSignal, onBatch?: (r: BatchReport) => void): Promise<void> {
    const { storage, clock, logger } = this.options;
    await this.recoverCrashed().catch((error: unknown) => logger.warn({ err: error }, 'could not check for crashed workers'));
    while (!signal.aborted) {
      let report: BatchReport | undefined;
      try {
        report = await this.runOnce(signal);
      } catch (error) {
        logger.error({ err: error }, 'worker could not read the queue; trying again shortly');
        await clock.sleep(2_000, signal);
        // Whatever this worker still holds was orphaned by the failure (a claim whose answer was lost, outcomes that
        // could not be written): hand it back now rather than after the lease. Its attempt counts, so the handler
        // looks Xero up before writing again.
        await storage.queue.expireLeases([this.owner], clock.now()).catch(() => undefined);
        continue;
      }
      if (report) {
        onBatch?.(report);
        continue;
      }
      const next = await storage.queue.nextDueAt().catch(() => undefined);
      const idle = this.options.idleMs ?? 5_000;
      const wait = next === undefined ? idle : Math.max(50, Math.min(idle, next - clock.now()));
      await this.sleep(wait, signal);
    }
  }

  private async sleep(ms: number, signal: AbortSignal): Promise<void> {
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    this.wakeUp = () => controller.abort();
    try {
      await this.options.clock.sleep(ms, controller.signal);
    } finally {
      this.wakeUp = undefined;
      signal.removeEventListener('abort', onAbort);
    }
  }

  private async process(handler: EntityHandler, entries: QueueEntry[], signal: AbortSignal): Promise<BatchReport> {
    const { storage, clock, logger } = this.options;
    const report: BatchReport = { entityType: handler.entityType, entries: entries.length, done: 0, retried: 0, parked: 0, waiting: 0 };
    let outcomes: EntryOutcome[];
    // Keep the lease while the batch runs (a rate-limited batch can take minutes); a dead worker stops renewing it.
    const leaseMs = this.options.leaseMs ?? DEFAULT_LEASE_MS;
    const heartbeat = setInterval(() => {
      void storage.queue
        .extendLease(entries.map((e) => e.id), this.owner, clock.now() + leaseMs)
        .catch(() => undefined);
    }, Math.max(1_000, leaseMs / 3));
    heartbeat.unref();
    try {
      outcomes = await handler.process(entries, signal);
    } catch (error) {
      const ids = entries.map((e) => e.id);
      if (signal.aborted) {
        // Shutting down mid-batch: give the batch back, due at once for the next start. What it wrote before it was
        // stopped is found again there (the attempt counts, so the next one looks Xero up first).
        await storage.queue.release(ids, this.owner, clock.now(), clock.now(), true);
        logger.info({ entity: handler.entityType, entries: ids.length }, 'stopping: the batch in hand was given back');
        report.retried = ids.length;
        return report;
      }
      // Not the entries' fault, so no backoff; but the batch may have written to Xero before it stopped, so the attempt
      // counts (the next one looks Xero up first).
      if (isDailyLimitReached(error)) {
        // Due again when the budget renews: waiting for Xero's limit, not an error of these records.
        await storage.queue.wait(ids, this.owner, `waiting for Xero's daily limit: ${error.message}`, error.resumeAt, clock.now(), true);
        logger.warn({ tenant: error.tenantId, resumeAt: new Date(error.resumeAt).toISOString() }, error.message);
        report.waiting = ids.length;
        return report;
      }
      const pauseMs = this.options.pauseFor?.(error);
      if (pauseMs !== undefined) {
        // A reason to wait that is nobody's fault (Xero to be reconnected, the go-live gate): the entries say so.
        const waitingFor = this.options.waitingFor?.(error);
        if (waitingFor) await storage.queue.wait(ids, this.owner, waitingFor, clock.now() + pauseMs, clock.now(), true);
        else await storage.queue.release(ids, this.owner, clock.now(), clock.now() + pauseMs, true);
        logger.warn({ entity: handler.entityType, err: error }, 'work paused');
        report.retried = waitingFor ? 0 : ids.length;
        report.waiting = waitingFor ? ids.length : 0;
        return report;
      }
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ entity: handler.entityType, entries: ids.length, err: error }, 'batch failed; will retry');
      outcomes = entries.map((e) => ({ entryId: e.id, outcome: 'retry' as const, message }));
    } finally {
      clearInterval(heartbeat);
    }

    await this.record(entries, outcomes, report);
    this.options.onOutcomesStored?.();
    return report;
  }

  /**
   * Writes the batch's outcomes, grouped (same outcome, message and due time: one statement) and in one transaction. A
   * dropped database connection (a restart, a failover) is retried for a while: the work is already in Xero, and an
   * outcome left unwritten would hold the entries until their lease runs out.
   */
  private async record(entries: QueueEntry[], outcomes: EntryOutcome[], report: BatchReport): Promise<void> {
    const { storage, clock } = this.options;
    const byId = new Map(outcomes.map((o) => [o.entryId, o]));
    const now = clock.now();
    const groups = new Map<string, SettledGroup & { ids: number[] }>();
    // A record that needs a person alerts once (docs/alerts.md); one that went through ends its alert.
    const alerts = { raise: [] as NewAlert[], clear: [] as string[] };
    const alertFor = (entry: QueueEntry, outcome: Extract<EntryOutcome, { outcome: 'parked' | 'retry' }>) => {
      const fallback = outcome.number === undefined ? aboutPayload(entry) : {};
      const alert = recordFailedAlert(
        {
          entityType: entry.entity_type,
          queueStoreId: entry.store_id,
          magentoId: entry.magento_id,
          number: outcome.number ?? fallback.number,
          storeId: outcome.storeId ?? fallback.storeId,
          tenantId: outcome.tenantId ?? entry.tenant_id,
        },
        { parked: outcome.outcome === 'parked', message: outcome.message, attempts: entry.attempts },
        now,
      );
      if (alert) alerts.raise.push(alert);
    };
    const add = (group: SettledGroup & { ids: number[] }, id: number) => {
      const key = JSON.stringify([group.kind, 'message' in group ? group.message : '', 'nextAttemptAt' in group ? group.nextAttemptAt : 0]);
      const found = groups.get(key) ?? group;
      found.ids.push(id);
      groups.set(key, found);
    };
    for (const entry of entries) {
      const outcome = byId.get(entry.id) ?? {
        entryId: entry.id,
        outcome: 'retry' as const,
        message: 'the handler gave no outcome for this record',
      };
      // Only a record that had failed before can have an alert to end.
      if ((outcome.outcome === 'done' || outcome.outcome === 'skipped') && entry.last_error !== null) {
        alerts.clear.push(recordAlertKey(entry.entity_type, entry.store_id, entry.magento_id));
      }
      if (outcome.outcome === 'done') {
        add({ kind: 'done', ids: [] }, entry.id);
        report.done++;
      } else if (outcome.outcome === 'skipped') {
        add({ kind: 'skipped', ids: [], message: outcome.message }, entry.id);
        report.done++;
      } else if (outcome.outcome === 'waiting') {
        add({ kind: 'waiting', ids: [], message: outcome.message, nextAttemptAt: now + outcome.delayMs }, entry.id);
        report.waiting++;
      } else if (outcome.outcome === 'parked') {
        add({ kind: 'parked', ids: [], message: outcome.message }, entry.id);
        alertFor(entry, outcome);
        report.parked++;
      } else {
        const delay = outcome.delayMs ?? backoffDelay(entry.attempts, this.options.random);
        add({ kind: 'failed', ids: [], message: outcome.message, nextAttemptAt: now + delay }, entry.id);
        alertFor(entry, outcome);
        report.retried++;
      }
    }
    await retryStorage(() => storage.queue.settle(this.owner, now, [...groups.values()], alerts), clock);
  }
}

/** The number and store view of a queued record's data, when the handler could not say (a whole batch failed). */
function aboutPayload(entry: QueueEntry): { number?: string; storeId?: number } {
  if (!entry.payload_json) return {};
  try {
    return recordAbout(JSON.parse(entry.payload_json));
  } catch {
    return {};
  }
}

/** Tries a storage write up to five times over about 15 s; the last failure is thrown. */
async function retryStorage(write: () => Promise<void>, clock: Clock): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= 5) throw error;
      await clock.sleep(500 * 2 ** attempt);
    }
  }
}
