import type { Logger } from '../observability/logger.js';
import type { Storage } from '../storage/storage.js';
import type { Clock } from '../domain/clock.js';
import { MAGENTO_SCOPE } from './context.js';
import { ENTITY_TYPES, type EntityType } from '../domain/entity-types.js';
import type { MagentoRecords } from './magento-records.js';

/** Magento writes `updated_at` as UTC `YYYY-MM-DD HH:MM:SS`; the watermark is moved back this much on every poll. */
const OVERLAP_MS = 2 * 60_000;

const toMagentoUtc = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const fromMagentoUtc = (text: string) => Date.parse(`${text.replace(' ', 'T')}Z`);

export interface EnqueueProgress {
  (queued: number, total: number | undefined): void;
}

/**
 * Finds Magento records to post: everything (a backfill, streamed a page at a time so memory stays flat), everything
 * changed since a date, given ids, or what changed since the last poll (watermark per entity type, with an overlap so a
 * record saved during a poll is not missed; records already queued at the same `updated_at` are not queued again).
 */
export class ChangeCapture {
  private readonly recent = new Map<string, string>();

  constructor(
    private readonly deps: { storage: Storage; magento: MagentoRecords; clock: Clock; logger: Logger },
  ) {}

  async enqueueIds(entity: EntityType, ids: readonly string[]): Promise<number> {
    await this.deps.storage.queue.enqueue(
      ids.map((id) => ({ store_id: MAGENTO_SCOPE, entity_type: entity, magento_id: id })),
      this.deps.clock.now(),
    );
    return ids.length;
  }

  /** Streams Magento and queues every record (with its data, so the worker need not fetch it again). */
  async enqueueAll(
    entities: readonly EntityType[] = ENTITY_TYPES,
    options: { since?: string; onProgress?: EnqueueProgress; signal?: AbortSignal } = {},
  ): Promise<number> {
    let queued = 0;
    let total: number | undefined = 0;
    for (const entity of entities) {
      let entityTotal: number | undefined;
      for await (const page of this.deps.magento.pages(entity, {
        ...(options.since ? { updatedSince: normaliseSince(options.since) } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      })) {
        if (entityTotal === undefined) {
          entityTotal = page.totalCount;
          total = total === undefined || entityTotal === undefined ? undefined : total + entityTotal;
        }
        await this.queuePage(entity, page.records);
        queued += page.records.length;
        options.onProgress?.(queued, total);
      }
    }
    return queued;
  }

  /** One poll of one entity type: queues what changed since the watermark, then moves it forward. */
  async poll(entity: EntityType, signal?: AbortSignal): Promise<number> {
    const { storage, clock } = this.deps;
    const mark = await storage.watermarks.get(MAGENTO_SCOPE, entity);
    if (mark === undefined) {
      // First poll: start from now; the past is what "Add all data to queue" is for.
      await storage.watermarks.advance(MAGENTO_SCOPE, entity, toMagentoUtc(clock.now()), clock.now());
      return 0;
    }
    const since = toMagentoUtc(fromMagentoUtc(mark) - OVERLAP_MS);
    let queued = 0;
    for await (const page of this.deps.magento.pages(entity, { updatedSince: since, ...(signal ? { signal } : {}) })) {
      const fresh = page.records.filter((r) => this.recent.get(`${entity}:${r.id}`) !== (r.updatedAt ?? ''));
      queued += await this.queuePage(entity, fresh);
    }
    return queued;
  }

  private async queuePage(
    entity: EntityType,
    records: ReadonlyArray<{ id: string; updatedAt: string | undefined; record: unknown }>,
  ): Promise<number> {
    if (records.length === 0) return 0;
    const { storage, clock } = this.deps;
    await storage.queue.enqueue(
      records.map((r) => ({ store_id: MAGENTO_SCOPE, entity_type: entity, magento_id: r.id, payload: r.record })),
      clock.now(),
    );
    let newest: string | undefined;
    for (const r of records) {
      this.recent.set(`${entity}:${r.id}`, r.updatedAt ?? '');
      if (r.updatedAt && (!newest || r.updatedAt > newest)) newest = r.updatedAt;
    }
    if (this.recent.size > 50_000) this.recent.clear();
    if (newest) await storage.watermarks.advance(MAGENTO_SCOPE, entity, newest, clock.now());
    return records.length;
  }
}

/** Accepts YYYY-MM-DD or a full timestamp from a person; Magento compares its own UTC format. */
export function normaliseSince(since: string): string {
  const trimmed = since.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return `${trimmed} 00:00:00`;
  const parsed = Date.parse(trimmed.includes('T') || trimmed.endsWith('Z') ? trimmed : `${trimmed.replace(' ', 'T')}Z`);
  if (Number.isNaN(parsed)) throw new Error(`"${since}" is not a date: use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS (UTC)`);
  return toMagentoUtc(parsed);
}
