import { isMagentoNetworkError, isMagentoUnreachable } from '../magento/errors.js';
import { utcDay } from '../storage/api-usage-repository.js';
import type { EntityType } from '../domain/entity-types.js';
import { OUTSTANDING_STATES, QUEUE_STATES } from '../domain/queue-state.js';
import type { ConfigurationView } from '../web/pages/configuration.js';
import type { ReconciliationView } from '../web/pages/reconciliation.js';
import type { RecordsView } from '../web/pages/records.js';
import type { TenantUsage } from '../web/pages/report.js';
import type { AppContext } from './context.js';
import { syncStatuses } from './read-model.js';
import type { SettingsKey } from '../settings/schemas.js';
import { readStores } from '../settings/stores.js';

/** Gathers what each page shows; the pages themselves only render. A port that fails leaves a message, not a 500. */

const problemOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
/** "did not answer" only when it did not: an answer (a refusal, an error) is told in Magento's own words. */
const magentoProblem = (e: unknown) => (isMagentoUnreachable(e) || isMagentoNetworkError(e) ? `Magento did not answer: ${problemOf(e)}` : problemOf(e));

export async function listRecords(ctx: AppContext, entity: EntityType, page: number, pageSize: number, search?: string): Promise<RecordsView> {
  const base: RecordsView = { entity, rows: [], total: 0, page, pageSize, search: search ?? '' };
  if (!ctx.magento) return { ...base, problem: 'Magento is not configured: set MAGENTO_BASE_URL and its credentials.' };
  try {
    const list = await ctx.magento.list(entity, { page, pageSize, ...(search ? { search } : {}) });
    const statuses = await syncStatuses(ctx.storage, entity, list.items.map((i) => i.id));
    return {
      ...base,
      total: list.total,
      rows: list.items.map((i) => ({ ...i, sync: statuses.get(i.id) ?? { state: 'not-synced' as const } })),
    };
  } catch (error) {
    return { ...base, problem: magentoProblem(error) };
  }
}

export async function queueSummary(ctx: AppContext) {
  const counts = await ctx.storage.queue.counts();
  const byState = Object.fromEntries(QUEUE_STATES.map((s) => [s, 0])) as Record<string, number>;
  for (const c of counts) byState[c.state] = (byState[c.state] ?? 0) + c.n;
  const total = Object.values(byState).reduce((a, b) => a + b, 0);
  const outstanding = OUTSTANDING_STATES.reduce((n, s) => n + (byState[s] ?? 0), 0);
  // The estimate and its reason ("276 to go, about 12 minutes ... Xero allows 60 calls a minute"), when the service can tell.
  const progress = ctx.sync.progress ? await ctx.sync.progress().catch(() => undefined) : undefined;
  // The estimate is worked out at most every few seconds: once nothing is left it would still name what was left then.
  return { byState, byEntity: counts, total, outstanding, ...(progress && outstanding > 0 ? { estimate: progress.text } : {}) };
}

export async function configurationView(ctx: AppContext, errors: ConfigurationView['errors'] = {}): Promise<ConfigurationView> {
  // Through the service: a stored secret shows as the mask, never in clear.
  const settings = await ctx.settings.read();
  const view: ConfigurationView = {
    settings,
    stores: await readStores(ctx.storage.settings),
    errors,
    xero: { available: Boolean(ctx.xeroConnect), organisations: [], accounts: [], taxRates: [] },
    magento: { available: Boolean(ctx.magento), baseUrl: ctx.magento?.baseUrl ?? ctx.magentoBaseUrl, taxRates: [], taxClasses: [], paymentMethods: [] },
  };
  const problems: string[] = [];
  if (ctx.xeroConnect) {
    const x = ctx.xeroConnect;
    try {
      view.xero.organisations = await x.organisations();
      if (view.xero.organisations.length > 0) {
        const [accounts, taxRates] = await Promise.all([x.accounts(), x.taxRates()]);
        view.xero.accounts = accounts;
        view.xero.taxRates = taxRates;
      }
    } catch (error) {
      problems.push(problemOf(error));
    }
    if (problems.length) view.xero.problem = `Xero did not answer: ${problems.join('; ')}`;
  }
  if (ctx.magento) {
    const m = ctx.magento;
    try {
      view.magento.taxRates = (await m.taxRates?.()) ?? [];
      view.magento.taxClasses = (await m.taxClasses?.()) ?? [];
      view.magento.paymentMethods = (await m.paymentMethods?.()) ?? [];
    } catch (error) {
      view.magento.problem = magentoProblem(error);
    }
  }
  return view;
}

export async function usageView(ctx: AppContext, days: number): Promise<{ days: number; todayStart: number; tenants: TenantUsage[] }> {
  const now = ctx.clock.now();
  const todayStart = Date.parse(`${utcDay(now)}T00:00:00Z`);
  const [dayRows, minuteRows, connections] = await Promise.all([
    ctx.storage.apiUsage.days(utcDay(todayStart - (days - 1) * 86_400_000)),
    ctx.storage.apiUsage.minutes(todayStart),
    ctx.storage.connections.list('xero'),
  ]);
  const names = new Map(connections.filter((c) => c.tenant_id).map((c) => [c.tenant_id!, c.name]));
  const tenantIds = [...new Set([...dayRows.map((d) => d.tenant_id), ...minuteRows.map((m) => m.tenant_id)])];
  return {
    days,
    todayStart,
    tenants: tenantIds.map((tenantId) => ({
      tenantId,
      name: names.get(tenantId) ?? tenantId,
      dailyLimit: ctx.dailyLimit(tenantId),
      perMinuteLimit: ctx.perMinuteLimit,
      // Every day of the period, a quiet day as a zero bar rather than a gap that shifts the chart.
      days: Array.from({ length: days }, (_, i) => utcDay(todayStart - (days - 1 - i) * 86_400_000)).map((day) => {
        const d = dayRows.find((r) => r.tenant_id === tenantId && r.day === day);
        return { day, calls: Number(d?.calls ?? 0), errors: Number(d?.errors ?? 0), rateLimited: Number(d?.rate_limited ?? 0) };
      }),
      minutes: minuteRows
        .filter((m) => m.tenant_id === tenantId)
        .map((m) => ({ minute: Number(m.minute), calls: Number(m.calls), errors: Number(m.errors), rateLimited: Number(m.rate_limited) })),
    })),
  };
}

/** The last comparison run from the page or the API, kept so that showing it calls neither Magento nor Xero. */
const RECONCILIATION_PAGE_KEY = 'reconciliation.page';

export interface StoredReconciliation {
  /** Epoch ms. */
  at: number;
  from: string;
  to: string;
  result?: NonNullable<ReconciliationView['result']>;
  problem?: string;
}

/** Compares the days (Magento and Xero are read: POST only) and keeps the outcome for the page and the API. */
export async function runReconciliation(ctx: AppContext, range: { from: string; to: string }): Promise<StoredReconciliation> {
  if (!ctx.reconciler) throw new Error('Reconciliation is not available in this process');
  const at = ctx.clock.now();
  let stored: StoredReconciliation;
  try {
    stored = { at, ...range, result: await ctx.reconciler.reconcile(range) };
  } catch (error) {
    stored = { at, ...range, problem: `Reconciliation failed: ${problemOf(error)}` };
  }
  await ctx.storage.settings.set(RECONCILIATION_PAGE_KEY, stored, at);
  return stored;
}

export function storedReconciliation(ctx: AppContext): Promise<StoredReconciliation | undefined> {
  return ctx.storage.settings.get<StoredReconciliation>(RECONCILIATION_PAGE_KEY);
}

/**
 * The page: a form for the days to compare (the last seven UTC days, those of the last run, or those in the address)
 * and the last run's outcome. Showing it never calls Magento or Xero: a link from anywhere cannot spend the API budget.
 */
export async function reconciliationView(ctx: AppContext, prefill: { from?: string | undefined; to?: string | undefined } = {}): Promise<ReconciliationView> {
  const today = utcDay(ctx.clock.now());
  const last = ctx.reconciler ? await storedReconciliation(ctx) : undefined;
  const to = prefill.to ?? last?.to ?? today;
  const from = prefill.from ?? last?.from ?? utcDay(Date.parse(`${to}T00:00:00Z`) - 6 * 86_400_000);
  const view: ReconciliationView = { from, to, available: Boolean(ctx.reconciler) };
  if (!last) return view;
  return {
    ...view,
    compared: { from: last.from, to: last.to, at: last.at },
    ...(last.result ? { result: last.result } : {}),
    ...(last.problem ? { problem: last.problem } : {}),
  };
}
