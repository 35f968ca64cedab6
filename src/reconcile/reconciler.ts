import { isMappingError } from '../domain/errors.js';
// Magento against Xero, per store-local day and per document (issue 11). Reads Xero back a thousand documents a call,
// compares in memory, and repairs what re-queuing the Magento record can repair, never anything Xero has locked.
import type { ReconciliationPort as ReconcilerPort } from './types.js';
import type { MappingSettings } from '../mapping/settings.js';
import { effectiveLockDate } from '../mapping/cancel.js';
import type { Storage } from '../storage/storage.js';
import type { Correction } from './types.js';
import type { Clock } from '../domain/clock.js';
import { MAGENTO_SCOPE } from '../sync/context.js';
import { compareDocuments } from './compare.js';
import { readMagentoSide, type MagentoSearch } from './magento-side.js';
import type { ExpectedDocument, LinkFact, ReconcileIssue, ReconcileResult, XeroDocument } from './types.js';
import { readXeroSide, type XeroReader } from './xero-side.js';
import { reconcileSummaries } from './summary.js';
import { SUMMARY_REFERENCE } from '../mapping/summary/numbers.js';

export interface ReconcilerDeps {
  storage: Storage;
  clock: Clock;
  settings(): Promise<MappingSettings>;
  tenantFor(storeId: number | null | undefined): Promise<string>;
  xero(tenantId: string): XeroReader;
  magento: MagentoSearch | undefined;
  link?: ((tenantId: string, kind: string, xeroId: string) => string | undefined) | undefined;
}

export interface ReconcileOptions {
  /** Read Xero in full instead of only what changed since the last run. */
  full?: boolean;
  signal?: AbortSignal;
  onProgress?: (side: 'magento' | 'xero', read: number) => void;
}

export interface RepairResult {
  /** Magento records queued again. */
  queued: number;
  /** Issues left for a person (or locked since they were found). */
  skipped: number;
  xeroCalls: number;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export class Reconciler implements ReconcilerPort {
  constructor(private readonly deps: ReconcilerDeps) {}

  async reconcile(range: { from: string; to: string }, options: ReconcileOptions = {}): Promise<ReconcileResult> {
    if (!ISO_DAY.test(range.from) || !ISO_DAY.test(range.to) || range.from > range.to) {
      throw new RangeError(`Give the range as two days YYYY-MM-DD, from before to (got ${range.from} … ${range.to})`);
    }
    const magento = this.deps.magento;
    if (!magento) throw new Error('Magento is not configured: set MAGENTO_BASE_URL and its credentials');
    const { storage } = this.deps;
    const settings = await this.deps.settings();
    const side = await readMagentoSide(magento, settings, range, {
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (n) => options.onProgress?.('magento', n),
    });

    // Which organisation each document belongs to; every connected store's organisation is read, even on a quiet day.
    // A store set to "not synced" has no organisation: its documents are expected nowhere.
    const routes = new Map<number | undefined, Promise<string | undefined>>();
    const routeOf = (storeId: number | undefined): Promise<string | undefined> => {
      let route = routes.get(storeId);
      if (!route) {
        route = this.deps.tenantFor(storeId).catch((error: unknown) => {
          if (isMappingError(error) && error.code === 'store_not_synced') return undefined;
          throw error;
        });
        routes.set(storeId, route);
      }
      return route;
    };
    const byTenant = new Map<string, ExpectedDocument[]>();
    const prefixes = new Map<string, Array<{ invoice: string; creditNote: string }>>();
    for (const [storeId, ctx] of Object.entries(settings.stores)) {
      const tenantId = await routeOf(Number(storeId));
      if (tenantId === undefined) continue;
      if (!byTenant.has(tenantId)) byTenant.set(tenantId, []);
      prefixes.set(tenantId, [...(prefixes.get(tenantId) ?? []), { invoice: ctx.invoicePrefix, creditNote: ctx.creditNotePrefix }]);
    }
    // A document already in Xero is expected where it is (a store whose routing changed for new documents only).
    const posted = await this.postedIn(side.documents);
    for (const doc of side.documents) {
      const tenantId = posted.get(`${doc.entity}:${doc.magentoId}`) ?? (await routeOf(side.storeOf.get(`${doc.entity}:${doc.magentoId}`)));
      if (tenantId === undefined) continue;
      const list = byTenant.get(tenantId) ?? [];
      list.push(doc);
      byTenant.set(tenantId, list);
    }

    const result: ReconcileResult = {
      from: range.from,
      to: range.to,
      days: [],
      taxes: [],
      issues: [],
      xeroCalls: 0,
      magentoCalls: side.magentoCalls,
      magentoDocuments: side.documents.filter((d) => d.state === 'post').length,
      xeroDocuments: 0,
      incremental: true,
      at: this.deps.clock.now(),
    };
    for (const [tenantId, expected] of byTenant) {
      const xero = await readXeroSide(this.deps.xero(tenantId), storage.settings, tenantId, range, {
        ...(options.full ? { full: true } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        onProgress: (n) => options.onProgress?.('xero', n),
      });
      result.xeroCalls += xero.calls;
      result.incremental &&= xero.incremental;
      result.xeroDocuments += xero.documents.length;
      const links = await this.links(tenantId, expected);
      const input = {
        tenantId,
        from: range.from,
        to: range.to,
        expected,
        xero: xero.documents,
        links,
        lockDate: xero.lockDate,
        isOurs: oursFor(prefixes.get(tenantId) ?? [{ invoice: '', creditNote: '' }]),
        xeroUrl: (kind: 'invoice' | 'creditnote', id: string) => this.deps.link?.(tenantId, kind, id),
      };
      let compared = compareDocuments(input);
      const parked = await this.parked(compared.issues);
      if (parked.size > 0) compared = compareDocuments({ ...input, parked });
      result.days.push(...compared.days);
      result.taxes.push(...compared.taxes);
      result.issues.push(...compared.issues);
    }
    // Stores posting daily summaries: per day, Magento's totals by account and tax rate against the summaries' lines.
    const summaries = await reconcileSummaries(
      { storage, settings, magento, xero: (t) => this.deps.xero(t), tenantFor: (id) => this.deps.tenantFor(id), ...(options.signal ? { signal: options.signal } : {}) },
      range,
    );
    result.days.push(...summaries.days);
    result.issues.push(...summaries.issues);
    result.xeroCalls += summaries.xeroCalls;
    result.magentoCalls += summaries.magentoCalls;
    result.magentoDocuments += summaries.documents;
    result.days.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    result.taxes.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    // Every rounding line and every cent of tax moved between lines on the period's documents, as their log lines say
    // (a document is posted on or after its day, so its log line is no older than the day before the period).
    const inPeriod = new Set(side.documents.map((d) => `${d.entity}:${d.magentoId}`));
    const corrections = new Map<string, Correction>();
    for (const line of await storage.log.adjustmentsSince(Date.parse(`${range.from}T00:00:00Z`) - 86_400_000)) {
      const key = `${line.entity_type}:${line.magento_id}`;
      if (!inPeriod.has(key)) continue;
      corrections.set(key, {
        entity: line.entity_type,
        magentoId: line.magento_id,
        number: line.xero_number,
        at: Number(line.at),
        roundingCents: Number(line.rounding_cents ?? 0),
        taxMovedCents: Number(line.tax_moved_cents ?? 0),
        message: line.message,
      });
    }
    result.corrections = [...corrections.values()];
    return result;
  }

  /**
   * Queues the Magento records behind the repairable issues: links to documents or payments that are gone are forgotten
   * first (so the sync posts them again), hand-edited documents are marked stale (so the sync reads them back and writes
   * Magento's version). Lock dates are read again first: nothing on or before them is touched.
   */
  async repair(issues: readonly ReconcileIssue[]): Promise<RepairResult> {
    const { storage, clock } = this.deps;
    const now = clock.now();
    const locks = new Map<string, string | undefined>();
    let xeroCalls = 0;
    let skipped = 0;
    const queue = new Map<string, { entity: string; magentoId: string }>();
    for (const issue of issues) {
      if (issue.action !== 'queue' || !issue.repair) {
        skipped++;
        continue;
      }
      if (!locks.has(issue.tenantId)) {
        const org = await this.deps.xero(issue.tenantId).getOrganisation();
        xeroCalls++;
        locks.set(issue.tenantId, effectiveLockDate({ PeriodLockDate: org.PeriodLockDate, EndOfYearLockDate: org.EndOfYearLockDate }));
      }
      const lock = locks.get(issue.tenantId);
      if (lock && issue.day <= lock) {
        skipped++;
        continue;
      }
      for (const u of issue.repair.unlink) {
        await storage.entityMap.remove({ store_id: MAGENTO_SCOPE, entity_type: u.entityType, magento_id: u.magentoId, xero_kind: u.xeroKind });
      }
      for (const s of issue.repair.stale) {
        const link = await storage.entityMap.get({ store_id: MAGENTO_SCOPE, entity_type: s.entityType, magento_id: s.magentoId, xero_kind: s.xeroKind });
        if (link) await storage.entityMap.put([{ ...link, content_hash: null, updated_at: now }]);
      }
      for (const e of issue.repair.enqueue) queue.set(`${e.entity}:${e.magentoId}`, e);
    }
    await storage.queue.enqueue(
      [...queue.values()].map((e) => ({ store_id: MAGENTO_SCOPE, entity_type: e.entity, magento_id: e.magentoId, priority: 500 })),
      now,
    );
    return { queued: queue.size, skipped, xeroCalls };
  }

  /**
   * For a "Queue a repair" button: compares the range again (cheap: only what changed is read) and repairs the issues
   * whose `issueKey` is given, or every repairable one without keys.
   */
  async repairRange(range: { from: string; to: string }, keys?: readonly string[]): Promise<RepairResult> {
    const result = await this.reconcile(range);
    const wanted = keys ? new Set(keys) : undefined;
    const repaired = await this.repair(result.issues.filter((i) => !wanted || wanted.has(issueKey(i))));
    return { ...repaired, xeroCalls: repaired.xeroCalls + result.xeroCalls };
  }

  private async links(tenantId: string, expected: readonly ExpectedDocument[]): Promise<LinkFact[]> {
    const out: LinkFact[] = [];
    const ids = (entity: string) => [
      ...new Set([
        ...expected.filter((d) => d.entity === entity).map((d) => d.magentoId),
        ...(entity === 'invoice' ? expected.flatMap((d) => d.payments.map((p) => p.magentoId)) : []),
      ]),
    ];
    for (const entity of ['order', 'invoice', 'creditmemo']) {
      const all = ids(entity);
      for (let i = 0; i < all.length; i += 500) {
        for (const l of await this.deps.storage.entityMap.getMany(MAGENTO_SCOPE, entity, all.slice(i, i + 500))) {
          if (l.tenant_id === tenantId) out.push({ entityType: l.entity_type, magentoId: l.magento_id, xeroKind: l.xero_kind, xeroId: l.xero_id, xeroNumber: l.xero_number });
        }
      }
    }
    return out;
  }

  /** The organisation each document was posted to, for those posted (`entity:magentoId` → tenant). */
  private async postedIn(documents: readonly ExpectedDocument[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const entity of ['order', 'invoice', 'creditmemo'] as const) {
      const all = [...new Set(documents.filter((d) => d.entity === entity).map((d) => d.magentoId))];
      for (let i = 0; i < all.length; i += 500) {
        for (const l of await this.deps.storage.entityMap.getMany(MAGENTO_SCOPE, entity, all.slice(i, i + 500))) {
          if (l.xero_kind === 'invoice' || l.xero_kind === 'creditnote') out.set(`${entity}:${l.magento_id}`, l.tenant_id);
        }
      }
    }
    return out;
  }

  private async parked(issues: readonly ReconcileIssue[]): Promise<Map<string, string>> {
    const parked = new Map<string, string>();
    for (const issue of issues) {
      if (issue.action !== 'queue' || !issue.magentoId) continue;
      const entry = await this.deps.storage.queue.find(MAGENTO_SCOPE, issue.entity, issue.magentoId);
      if (entry?.state === 'parked') parked.set(`${issue.entity}:${issue.magentoId}`, entry.last_error ?? 'see the log');
    }
    return parked;
  }
}

/** A Xero document the store's numbering (prefix + Magento increment id) or our references would have made. */
export function oursFor(prefixes: ReadonlyArray<{ invoice: string; creditNote: string }>): (doc: XeroDocument) => boolean {
  return (doc) => {
    // A daily summary is no per-order document: the summaries' own check compares it.
    if (doc.reference && SUMMARY_REFERENCE.test(doc.reference)) return false;
    if (doc.reference && (/^Order \S+ \(.+\)$/.test(doc.reference) || /^Credit memo \S+ for order \S+ \(.+\)$/.test(doc.reference))) return true;
    return prefixes.some((p) => {
      const prefix = doc.kind === 'invoice' ? p.invoice : p.creditNote;
      if (!doc.number.startsWith(prefix)) return false;
      const rest = doc.number.slice(prefix.length);
      // Without a prefix only a Magento-looking increment id (digits) counts: "INV-0001" is the merchant's own.
      return prefix === '' ? /^\d+$/.test(rest) : rest.length > 0;
    });
  };
}

/** A stable key for one issue (a form field's value on the reconciliation page). */
export function issueKey(issue: Pick<ReconcileIssue, 'tenantId' | 'kind' | 'entity' | 'magentoId' | 'number'>): string {
  return [issue.tenantId, issue.kind, issue.entity, issue.magentoId, issue.number].join(':');
}
