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

  async run(signal: AbortSignal): Promise<void> {
    const { clock, logger } = this.options;
    while (!signal.aborted) {
      try {
        await this.tick(signal);
      } catch (error) {
        logger.warn({ err: error }, 'change capture could not read Magento; trying again shortly');
      }
      await clock.sleep(1_000, signal);
    }
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
