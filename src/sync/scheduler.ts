import { Cron } from 'croner';
import { readSettings } from '../settings/service.js';
import type { Logger } from '../observability/logger.js';
import type { Storage } from '../storage/storage.js';
import type { ChangeCapture } from './change-capture.js';
import type { Clock } from '../domain/clock.js';
import { ENTITY_TYPES, type EntityType } from '../domain/entity-types.js';

export interface SchedulerOptions {
  storage: Storage;
  capture: ChangeCapture;
  clock: Clock;
  logger: Logger;
  /** Immediately mode: how often Magento is polled for changes. */
  pollIntervalMs?: number;
  /** Told when something was queued, so the worker starts at once. */
  onQueued?: (entity: EntityType, count: number) => void;
}

/**
 * Change capture on the merchant's schedule, per entity type (Configuration → Synchronisation): "immediately" polls Magento
 * every few seconds; "cron" collects changes and queues them together at the scheduled times; disabled types are left alone.
 * Settings are re-read on every tick, so a change applies without a restart.
 */
export class Scheduler {
  private readonly lastRun = new Map<EntityType, number>();

  constructor(private readonly options: SchedulerOptions) {}

  /** The problem last reported, so that one that persists is told once (and again when it changes), not every tick. */
  private problem: string | undefined;
  private failures = 0;

  async run(signal: AbortSignal): Promise<void> {
    const { clock } = this.options;
    while (!signal.aborted) {
      try {
        await this.tick(signal);
        this.recovered();
      } catch (error) {
        if (signal.aborted) break;
        this.failed(error);
      }
      // After a failure, look again less often (2 s, 4 s ... a minute): Magento down is not fixed by asking every second.
      await clock.sleep(this.failures === 0 ? 1_000 : Math.min(60_000, 1_000 * 2 ** this.failures), signal);
    }
  }

  private failed(error: unknown): void {
    this.failures++;
    const message = error instanceof Error ? error.message : String(error);
    if (message === this.problem) {
      this.options.logger.debug({ err: error, failures: this.failures }, 'change capture still cannot read Magento');
      return;
    }
    this.problem = message;
    this.options.logger.warn({ err: error }, `change capture cannot read Magento: ${message} (told again only when this changes)`);
  }

  private recovered(): void {
    if (this.problem !== undefined) this.options.logger.info('change capture reads Magento again');
    this.problem = undefined;
    this.failures = 0;
  }

  /** One pass: polls every entity type that is due. */
  async tick(signal?: AbortSignal): Promise<void> {
    const { storage, clock, capture } = this.options;
    const settings = await readSettings(storage.settings);
    const now = clock.now();
    for (const entity of ENTITY_TYPES) {
      const rule = settings.sync[entity];
      if (!rule.enabled) continue;
      const last = this.lastRun.get(entity);
      if (!isDue(rule.mode, rule.schedule, last, now, this.options.pollIntervalMs ?? 5_000)) continue;
      this.lastRun.set(entity, now);
      const queued = await capture.poll(entity, signal);
      if (queued > 0) {
        this.options.logger.info({ entity, queued }, 'changes queued');
        this.options.onQueued?.(entity, queued);
      }
    }
  }
}

export function isDue(mode: 'immediately' | 'cron', schedule: string, last: number | undefined, now: number, intervalMs: number): boolean {
  if (mode === 'immediately') return last === undefined || now - last >= intervalMs;
  const from = new Date(last ?? now - 60_000);
  const next = new Cron(schedule, { paused: true, timezone: 'UTC' }).nextRun(from);
  return next !== null && next.getTime() <= now;
}
