import type { NewLogEntry } from '../storage/sync-log-repository.js';
import type { QueueEntry } from '../storage/queue-repository.js';
import type { EntryOutcome, RecordAbout } from './handler.js';
import { hasAdjustments, type Adjustments } from '../mapping/adjustments.js';

const SEVERITY: Record<EntryOutcome['outcome'], number> = { skipped: 0, done: 1, waiting: 2, retry: 3, parked: 4 };

/**
 * Collects a batch's log lines and outcomes together, so each entry gets exactly one outcome and every attempt leaves a
 * line in the sync log (the Log page, `magento-xero log`).
 */
export class BatchJournal {
  readonly outcomes = new Map<number, EntryOutcome>();
  readonly lines: NewLogEntry[] = [];
  private readonly started: number;

  constructor(
    private readonly now: () => number,
    private readonly tenantId: string | null = null,
    /** Each entry's record as people know it (shared with child journals), for the alerts of failures. */
    private readonly known: Map<number, RecordAbout> = new Map(),
  ) {
    this.started = now();
  }

  /** Remembers a record's Magento number and store view, so a failure's alert names it as people know it. */
  name(entry: QueueEntry, about: { number?: string | undefined; storeId?: number | undefined }): void {
    this.known.set(entry.id, {
      ...(about.number ? { number: about.number } : {}),
      ...(about.storeId !== undefined ? { storeId: about.storeId } : {}),
    });
  }

  private about(entry: QueueEntry, tenantId?: string | null): RecordAbout {
    const tenant = tenantId ?? this.tenantId;
    return { ...this.known.get(entry.id), ...(tenant ? { tenantId: tenant } : {}) };
  }

  private line(entry: QueueEntry, action: string, status: NewLogEntry['status'], extra: Partial<NewLogEntry>): void {
    this.lines.push({
      at: this.now(),
      store_id: entry.store_id,
      tenant_id: extra.tenant_id ?? this.tenantId,
      entity_type: entry.entity_type,
      magento_id: entry.magento_id,
      action,
      status,
      message: extra.message ?? null,
      xero_id: extra.xero_id ?? null,
      xero_number: extra.xero_number ?? null,
      duration_ms: Math.max(0, this.now() - this.started),
      ...(extra.rounding_cents != null ? { rounding_cents: extra.rounding_cents } : {}),
      ...(extra.tax_moved_cents != null ? { tax_moved_cents: extra.tax_moved_cents } : {}),
    });
  }

  done(
    entry: QueueEntry,
    action: string,
    xero: { id?: string | null; number?: string | null; tenantId?: string; message?: string; adjustments?: Adjustments | undefined } = {},
  ): void {
    if (this.outcomes.has(entry.id)) return;
    // A skip is its own outcome, with its reason, so the queue and the grids can say why a record has no Xero document.
    this.outcomes.set(
      entry.id,
      action === 'skip' ? { entryId: entry.id, outcome: 'skipped', message: xero.message ?? 'skipped' } : { entryId: entry.id, outcome: 'done' },
    );
    this.line(entry, action, action === 'skip' || action === 'unchanged' ? 'skipped' : 'success', {
      xero_id: xero.id ?? null,
      xero_number: xero.number ?? null,
      ...(xero.tenantId ? { tenant_id: xero.tenantId } : {}),
      ...(xero.message ? { message: xero.message } : {}),
      // Every rounding line and every cent of tax moved between lines is kept with the line (dashboard, reconciliation).
      ...(hasAdjustments(xero.adjustments)
        ? { rounding_cents: xero.adjustments.roundingCents || null, tax_moved_cents: xero.adjustments.taxMovedCents || null }
        : {}),
    });
  }

  park(entry: QueueEntry, action: string, message: string, tenantId?: string): void {
    if (this.outcomes.has(entry.id)) return;
    this.outcomes.set(entry.id, { entryId: entry.id, outcome: 'parked', message, ...this.about(entry, tenantId) });
    this.line(entry, action, 'error', { message, ...(tenantId ? { tenant_id: tenantId } : {}) });
  }

  retry(entry: QueueEntry, action: string, message: string, delayMs?: number): void {
    if (this.outcomes.has(entry.id)) return;
    this.outcomes.set(entry.id, { entryId: entry.id, outcome: 'retry', message, ...(delayMs !== undefined ? { delayMs } : {}), ...this.about(entry) });
    this.line(entry, action, 'error', { message });
  }

  /** Waiting for another record or an approval: logged as waiting, not as an error. */
  wait(entry: QueueEntry, action: string, message: string, delayMs: number): void {
    if (this.outcomes.has(entry.id)) return;
    this.outcomes.set(entry.id, { entryId: entry.id, outcome: 'waiting', message, delayMs });
    this.line(entry, action, 'waiting', { message });
  }

  /** A journal for one organisation's share of a batch whose records go to several; `absorb` merges it back. */
  child(): BatchJournal {
    return new BatchJournal(this.now, this.tenantId, this.known);
  }

  /**
   * Takes a child's log lines (one per organisation a record went to) and its outcomes: a record sent to several
   * organisations ends with the worst of theirs (parked over retried over waiting over done over skipped), so one
   * organisation's refusal is never hidden behind another's success.
   */
  absorb(child: BatchJournal): void {
    this.lines.push(...child.lines);
    for (const [id, outcome] of child.outcomes) {
      const mine = this.outcomes.get(id);
      if (!mine || SEVERITY[outcome.outcome] > SEVERITY[mine.outcome]) this.outcomes.set(id, outcome);
    }
  }

  has(entry: QueueEntry): boolean {
    return this.outcomes.has(entry.id);
  }

  results(): EntryOutcome[] {
    return [...this.outcomes.values()];
  }
}

/** A Magento record's number (increment_id, SKU or email) and store view, for the alerts of its failures. */
export function recordAbout(record: unknown): { number?: string; storeId?: number } {
  const r = (typeof record === 'object' && record !== null ? record : {}) as Record<string, unknown>;
  const known = [r['increment_id'], r['sku'], r['email']].find((v) => typeof v === 'string' && v.trim() !== '');
  const store = typeof r['store_id'] === 'number' ? r['store_id'] : typeof r['store_id'] === 'string' && /^\d+$/.test(r['store_id']) ? Number(r['store_id']) : undefined;
  return { ...(typeof known === 'string' ? { number: known } : {}), ...(store !== undefined ? { storeId: store } : {}) };
}
