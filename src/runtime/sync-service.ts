import { queueProgress } from './progress.js';
import type { QueueProgress } from '../domain/service-status.js';
import { requiredAccounts, planMissingAccounts } from '../mapping/accounts.js';
import { utcDay } from '../storage/api-usage-repository.js';
import { MAGENTO_SCOPE } from '../sync/context.js';
import { ENTITY_TYPES, type EntityType } from '../domain/entity-types.js';
import type { EnqueueOptions, RecordSyncResult, ServiceStatus, SyncService } from '../sync/service.js';
import { idempotencyKey, contentHash } from '../mapping/numbers.js';
import type { Runtime } from './runtime.js';
import { lastReconciliation } from '../reconcile/index.js';
import { goLiveReview, startSyncing, type TaxRatesToCreate } from './go-live.js';
import type { GoLiveReview } from '../settings/go-live.js';

const XERO_KIND: Record<EntityType, string> = {
  customer: 'contact',
  product: 'item',
  order: 'invoice',
  invoice: 'payment',
  creditmemo: 'creditnote',
};

/** The SyncService the UI, the admin API and the command line call; `wake` nudges the in-process worker, if any. */
export class RuntimeSyncService implements SyncService {
  constructor(
    private readonly runtime: Runtime,
    private readonly wake: () => void = () => undefined,
  ) {}

  async enqueue(entity: EntityType | 'all', options: EnqueueOptions = {}): Promise<{ queued: number }> {
    const capture = this.runtime.capture;
    if (!capture) throw new Error('Magento is not configured: set MAGENTO_BASE_URL and its credentials');
    let queued: number;
    if (options.ids && options.ids.length > 0) {
      if (entity === 'all') throw new Error('ids need an entity type (customers, products, orders, invoices or creditmemos)');
      queued = await capture.enqueueIds(entity, options.ids);
    } else {
      queued = await capture.enqueueAll(entity === 'all' ? ENTITY_TYPES : [entity], {
        ...(options.since ? { since: options.since } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
    }
    this.wake();
    return { queued };
  }

  async syncNow(entryIds?: readonly number[]): Promise<{ expedited: number }> {
    const expedited = await this.runtime.storage.queue.expedite(entryIds, this.runtime.clock.now());
    this.wake();
    return { expedited };
  }

  async syncRecord(entity: EntityType, magentoId: string): Promise<RecordSyncResult> {
    const { storage, clock } = this.runtime;
    await storage.queue.enqueue([{ store_id: MAGENTO_SCOPE, entity_type: entity, magento_id: magentoId, priority: 1000 }], clock.now());
    const worker = this.runtime.worker();
    // Work the queue (dependencies included) until this record has an outcome; bounded, never a busy loop.
    for (let round = 0; round < 20; round++) {
      const entry = await storage.queue.find(MAGENTO_SCOPE, entity, magentoId);
      if (!entry || entry.state === 'done' || entry.state === 'skipped' || entry.state === 'parked') break;
      if (entry.state === 'failed' && entry.attempts >= 3) break;
      const report = await worker.runOnce();
      if (!report) await storage.queue.expedite(undefined, clock.now());
    }
    const entry = await storage.queue.find(MAGENTO_SCOPE, entity, magentoId);
    const link = await storage.entityMap.get({ store_id: MAGENTO_SCOPE, entity_type: entity, magento_id: magentoId, xero_kind: XERO_KIND[entity] });
    const [last] = await storage.log.list({ entityType: entity, magentoId, limit: 1 });
    const status: RecordSyncResult['status'] =
      entry?.state === 'skipped' ? 'skipped' : entry?.state === 'done' ? (last?.status === 'skipped' ? 'skipped' : 'success') : entry?.state === 'waiting' ? 'waiting' : 'error';
    const url = link ? this.runtime.context.link?.(link.tenant_id, link.xero_kind, link.xero_id) : undefined;
    const number = await this.numberOf(entity, magentoId);
    return {
      status,
      ...(number ? { number } : {}),
      ...(entry?.last_error ? { message: entry.last_error } : last?.message ? { message: last.message } : {}),
      ...(link ? { xeroId: link.xero_id } : {}),
      ...(link?.xero_number ? { xeroNumber: link.xero_number } : {}),
      ...(url ? { xeroUrl: url } : {}),
    };
  }

  /** The record's Magento number (increment_id, SKU, email) for the answer's wording; undefined when Magento cannot say. */
  private async numberOf(entity: EntityType, magentoId: string): Promise<string | undefined> {
    try {
      const record = (await this.runtime.records?.fetch(entity, [magentoId]))?.get(magentoId) as Record<string, unknown> | undefined;
      const known = [record?.['increment_id'], record?.['sku'], record?.['email']].find((v) => typeof v === 'string' && v !== '');
      return typeof known === 'string' ? known : undefined;
    } catch {
      return undefined;
    }
  }

  goLiveReview(tenantId?: string): Promise<GoLiveReview> {
    return goLiveReview(this.runtime, tenantId);
  }

  async startSyncing(options: { tenantId?: string; createTaxRates: TaxRatesToCreate }): Promise<GoLiveReview> {
    const review = await startSyncing(this.runtime, options);
    // What waited for the gate is due now, not at its next look a minute on.
    await this.runtime.storage.queue.expedite(undefined, this.runtime.clock.now());
    this.wake();
    return review;
  }

  private lastProgress: { at: number; value: Promise<QueueProgress> } | undefined;

  /** The queue's estimate, worked out at most every five seconds (the queue page asks every second). */
  progress(): Promise<QueueProgress> {
    const now = this.runtime.clock.now();
    if (!this.lastProgress || now - this.lastProgress.at >= 5_000) {
      const value = queueProgress(this.runtime);
      this.lastProgress = { at: now, value };
      value.catch(() => (this.lastProgress = undefined));
    }
    return this.lastProgress.value;
  }

  async syncAccounts(): Promise<{ created: string[]; existing: string[] }> {
    const tenantId = await this.runtime.defaultTenant();
    const xero = this.runtime.xero(tenantId);
    const settings = await this.runtime.context.settings();
    const required = requiredAccounts(settings);
    const existing = await xero.getAccounts();
    const plan = planMissingAccounts(required, existing);
    const created: string[] = [];
    for (const account of plan.create) {
      // One account per request (Xero ignores any after the first); the key makes a retried click harmless.
      await xero.createAccount(account, { idempotencyKey: idempotencyKey('account', `${tenantId}:${account.Code}`, contentHash(account)) });
      created.push(account.Code);
    }
    if (plan.problems.length > 0) throw new Error(plan.problems.map((p) => p.message).join(' '));
    return { created, existing: required.map((r) => r.code).filter((c) => !created.includes(c)) };
  }

  private magentoProbe: { at: number; state: ServiceStatus['magento'] } | undefined;

  /**
   * Whether Magento answers, not only whether it is configured: asked at most once a minute (the dashboard refreshes
   * often), and never for longer than five seconds, so an unreachable store does not hold the page.
   */
  private async magentoState(): Promise<ServiceStatus['magento']> {
    const { config, magento, clock } = this.runtime;
    if (!config.magento || !magento) return { configured: false, status: 'not configured' };
    if (this.magentoProbe && clock.now() - this.magentoProbe.at < 60_000) return this.magentoProbe.state;
    const answer = await magento.testConnection({ signal: AbortSignal.timeout(5_000) });
    const state: ServiceStatus['magento'] = answer.ok
      ? { configured: true, status: 'answering', detail: `${answer.storeName} (${answer.baseCurrency}, ${answer.timezone})` }
      : { configured: true, status: 'not answering', detail: `${answer.error} (MAGENTO_BASE_URL ${config.magento.baseUrl})` };
    this.magentoProbe = { at: clock.now(), state };
    return state;
  }

  async status(): Promise<ServiceStatus> {
    const { storage, clock, config } = this.runtime;
    const today = utcDay(clock.now());
    const orgs = this.runtime.connections ? await this.runtime.connections.organisations() : [];
    const usage = await storage.apiUsage.days(today);
    const banners: string[] = [];
    if (orgs.some((o) => o.status === 'reconnect_needed')) banners.push('Xero needs to be connected again: open Configuration and press Connect. Work waits; nothing is lost.');
    if (!config.magento) banners.push('Magento is not configured: set MAGENTO_BASE_URL and its credentials.');
    if (orgs.length === 0) banners.push('Xero is not connected: open Configuration and press Connect.');
    for (const org of orgs) {
      const state = await storage.rateLimits.state(org.tenantId);
      const used = usage.find((u) => u.tenant_id === org.tenantId)?.calls ?? 0;
      if (used >= this.runtime.config.xero.limits.perDay || (state?.day_remaining === 0 && utcDay(state.observed_at) === today)) {
        banners.push(`Xero's daily API limit for ${org.name} is spent: work resumes after midnight UTC.`);
      } else if (state && state.paused_until > clock.now()) {
        banners.push(`Xero asked us to wait (${state.pause_reason ?? 'rate limit'}) for ${org.name}: work resumes shortly.`);
      }
    }
    const gate = await this.runtime.postingGate();
    if (gate && orgs.length > 0) banners.push('Nothing is posted to Xero yet: review the mapping and press "Start syncing". Records queue until then.');
    const notice = !config.magento
      ? { text: 'Magento is not configured: set MAGENTO_BASE_URL and its credentials.', href: '/configuration#magento', action: 'Open Configuration' }
      : orgs.length === 0
        ? { text: 'Xero is not connected.', href: '/configuration#xero', action: 'Connect Xero' }
        : orgs.some((o) => o.status === 'reconnect_needed')
          ? { text: 'Xero needs to be connected again. Work waits; nothing is lost.', href: '/configuration#xero', action: 'Reconnect Xero' }
          : gate
            ? { text: 'Nothing is posted to Xero yet: your mapping has not been confirmed. Records queue until then.', href: '/go-live', action: 'Review and start syncing' }
            : undefined;
    const lastSuccessAt = await storage.log.lastSuccessAt();
    const last = await lastReconciliation(storage.settings).catch(() => undefined);
    return {
      magento: await this.magentoState(),
      xero: orgs.map((o) => ({ tenantId: o.tenantId, name: o.name, status: o.status, ...(o.shortCode ? { shortCode: o.shortCode } : {}) })),
      queue: await storage.queue.counts(),
      apiToday: usage.map((u) => ({
        tenantId: u.tenant_id,
        calls: u.calls,
        errors: u.errors,
        rateLimited: u.rate_limited,
        dailyLimit: this.runtime.config.xero.limits.perDay,
      })),
      ...(lastSuccessAt !== undefined ? { lastSuccessAt } : {}),
      adjustments: (await storage.log.adjustmentsByDay(clock.now() - 7 * 24 * 60 * 60 * 1000)).slice(0, 7),
      recentErrors: (await storage.log.list({ status: 'error', limit: 10 })).map((e) => ({
        at: e.at,
        entity_type: e.entity_type,
        magento_id: e.magento_id,
        message: e.message,
      })),
      banners,
      ...(notice ? { notice } : {}),
      goLive: gate ? { open: false, reason: gate } : { open: true },
      progress: await this.progress(),
      ...(last
        ? {
            reconciliation: {
              at: last.at,
              from: last.from,
              to: last.to,
              agreed: last.agreed,
              issues: last.issues,
              repairable: last.repairable,
              needsPerson: last.needsPerson,
              ...(last.error ? { error: last.error } : {}),
            },
          }
        : {}),
    };
  }
}
