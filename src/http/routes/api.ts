import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { utcDay } from '../../storage/api-usage-repository.js';
import { saveSetting, syncRecords } from '../admin-actions.js';
import type { AppContext } from '../context.js';
import { listRecords, queueSummary, runReconciliation, storedReconciliation } from '../views.js';
import { logCount, queueCount, withLogLinks } from '../read-model.js';
import { dayRange, entitySchema, idList, logQuery, magentoIdList, queueQuery, reconciliationRange, recordsQuery, usageQuery } from '../query.js';
import { describeIssues, isSettingsKey, SETTINGS_KEYS } from '../../settings/schemas.js';
import { readSettings } from '../../settings/service.js';
import { readStores, setStorePosting } from '../../settings/stores.js';
import { organisationTax, taxMappingOverview } from '../tax-suggestions.js';

function invalid(reply: FastifyReply, error: z.ZodError): FastifyReply {
  return reply.code(400).send({ error: 'Invalid request', issues: describeIssues(error) });
}

const enqueueBody = z.object({
  entity: z.union([entitySchema, z.literal('all')], { message: 'entity is a record type or "all"' }),
  ids: magentoIdList.optional(),
  since: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/, 'since is YYYY-MM-DD or YYYY-MM-DD HH:MM:SS (UTC)')
    .optional(),
});
const syncRecordBody = z.object({
  entity: entitySchema,
  magentoId: z.string().min(1, 'magentoId is required').max(100),
  storeId: z.number().int().nonnegative().optional(),
});
const optionalIds = z.object({ ids: idList.optional() });
const requiredIds = z.object({ ids: idList.min(1, 'Give at least one queue entry id') });
const syncRecordsBody = z.object({ ids: magentoIdList.min(1, 'Give at least one Magento id') });

/** The admin JSON API: everything the pages do, for scripts and for the pages' own live updates. */
export async function apiRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { storage, sync } = ctx;

  app.get('/api/session', async (_req, reply) => ({ csrfToken: reply.generateCsrf() }));
  app.get('/api/status', async () => sync.status());

  app.get('/api/settings', async () => readSettings(storage.settings));
  app.get<{ Params: { key: string } }>('/api/settings/:key', async (req, reply) => {
    if (!isSettingsKey(req.params.key)) return reply.code(404).send({ error: `Unknown setting; the keys are ${SETTINGS_KEYS.join(', ')}` });
    return (await readSettings(storage.settings))[req.params.key] ?? null;
  });
  app.put<{ Params: { key: string }; Querystring: { newDocumentsOnly?: string } }>('/api/settings/:key', async (req, reply) => {
    if (!isSettingsKey(req.params.key)) return reply.code(404).send({ error: `Unknown setting; the keys are ${SETTINGS_KEYS.join(', ')}` });
    const result = await saveSetting(ctx, req.params.key, req.body, { newDocumentsOnly: req.query.newDocumentsOnly === 'true' });
    if (!result.ok) return reply.code(400).send({ error: `Invalid ${req.params.key} settings`, issues: result.errors });
    return { [req.params.key]: result.value };
  });

  // The stores as read from Magento, and per store its posting periods (orders, invoices or a daily summary from a day
  // on) and the daily summaries' contact: PUT replaces both for one store.
  app.get('/api/stores', async () => readStores(storage.settings));
  app.put<{ Params: { id: string } }>('/api/stores/:id', async (req, reply) => {
    const result = await setStorePosting(storage.settings, { [req.params.id]: req.body ?? {} });
    if (!result.ok) return reply.code(400).send({ error: `Invalid posting for store ${req.params.id}`, issues: result.errors });
    return { [req.params.id]: result.value[req.params.id] };
  });

  app.get('/api/queue', async (req, reply) => {
    const q = queueQuery.safeParse(req.query);
    if (!q.success) return invalid(reply, q.error);
    const filter = { ...(q.data.state ? { state: q.data.state } : {}), ...(q.data.entity ? { entityType: q.data.entity } : {}) };
    const [items, total] = await Promise.all([
      storage.queue.list({ ...filter, limit: q.data.pageSize, offset: (q.data.page - 1) * q.data.pageSize }),
      queueCount(storage, filter),
    ]);
    return { items, total, page: q.data.page, pageSize: q.data.pageSize };
  });
  app.get('/api/queue/summary', async () => queueSummary(ctx));
  app.post('/api/queue/sync-now', async (req, reply) => {
    const b = optionalIds.safeParse(req.body ?? {});
    if (!b.success) return invalid(reply, b.error);
    return sync.syncNow(b.data.ids);
  });
  app.post('/api/queue/retry', async (req, reply) => {
    const b = optionalIds.safeParse(req.body ?? {});
    if (!b.success) return invalid(reply, b.error);
    const retried = await storage.queue.retry(b.data.ids, ctx.clock.now());
    await sync.syncNow(b.data.ids);
    return { retried };
  });
  app.post('/api/queue/remove', async (req, reply) => {
    const b = requiredIds.safeParse(req.body ?? {});
    if (!b.success) return invalid(reply, b.error);
    return { removed: await storage.queue.remove(b.data.ids) };
  });

  app.get('/api/log', async (req, reply) => {
    const q = logQuery.safeParse(req.query);
    if (!q.success) return invalid(reply, q.error);
    const filter = {
      ...(q.data.status ? { status: q.data.status } : {}),
      ...(q.data.entity ? { entityType: q.data.entity } : {}),
      ...(q.data.magentoId ? { magentoId: q.data.magentoId } : {}),
      ...dayRange(q.data.from, q.data.to),
    };
    const [rows, total] = await Promise.all([
      storage.log.list({ ...filter, limit: q.data.pageSize, offset: (q.data.page - 1) * q.data.pageSize }),
      logCount(storage, filter),
    ]);
    return { items: await withLogLinks(storage, rows), total, page: q.data.page, pageSize: q.data.pageSize };
  });

  app.get('/api/usage', async (req, reply) => {
    const q = usageQuery.safeParse(req.query);
    if (!q.success) return invalid(reply, q.error);
    const now = ctx.clock.now();
    const todayStart = Date.parse(`${utcDay(now)}T00:00:00Z`);
    const [days, minutes] = await Promise.all([
      storage.apiUsage.days(utcDay(todayStart - (q.data.days - 1) * 86_400_000)),
      storage.apiUsage.minutes(todayStart),
    ]);
    const tenants = [...new Set(days.map((d) => d.tenant_id))];
    return {
      days,
      minutes,
      limits: Object.fromEntries(tenants.map((t) => [t, { perDay: ctx.dailyLimit(t), perMinute: ctx.perMinuteLimit }])),
    };
  });

  app.post('/api/enqueue', async (req, reply) => {
    const b = enqueueBody.safeParse(req.body ?? {});
    if (!b.success) return invalid(reply, b.error);
    const { entity, ids, since } = b.data;
    return sync.enqueue(entity, { ...(ids ? { ids } : {}), ...(since ? { since } : {}) });
  });
  app.post('/api/sync-record', async (req, reply) => {
    const b = syncRecordBody.safeParse(req.body ?? {});
    if (!b.success) return invalid(reply, b.error);
    return sync.syncRecord(b.data.entity, b.data.magentoId, b.data.storeId);
  });
  app.post('/api/accounts/sync', async () => sync.syncAccounts());

  app.get<{ Params: { entity: string } }>('/api/records/:entity', async (req, reply) => {
    const entity = entitySchema.safeParse(req.params.entity);
    if (!entity.success) return invalid(reply, entity.error);
    const q = recordsQuery.safeParse(req.query);
    if (!q.success) return invalid(reply, q.error);
    const view = await listRecords(ctx, entity.data, q.data.page, q.data.pageSize, q.data.q);
    if (view.problem && view.rows.length === 0) return reply.code(503).send({ error: view.problem });
    return { items: view.rows, total: view.total, page: view.page, pageSize: view.pageSize };
  });
  app.post<{ Params: { entity: string } }>('/api/records/:entity/sync', async (req, reply) => {
    const entity = entitySchema.safeParse(req.params.entity);
    if (!entity.success) return invalid(reply, entity.error);
    const b = syncRecordsBody.safeParse(req.body ?? {});
    if (!b.success) return invalid(reply, b.error);
    return syncRecords(ctx, entity.data, b.data.ids);
  });

  app.post('/api/magento/test', async (_req, reply) => {
    if (!ctx.magento) return reply.code(503).send({ ok: false, error: 'Magento is not configured' });
    return ctx.magento.testConnection();
  });
  app.get('/api/xero/organisations', async (_req, reply) =>
    ctx.xeroConnect ? ctx.xeroConnect.organisations() : reply.code(503).send({ error: 'Xero is not configured' }),
  );
  app.get('/api/xero/accounts', async (_req, reply) =>
    ctx.xeroConnect ? ctx.xeroConnect.accounts() : reply.code(503).send({ error: 'Xero is not configured' }),
  );
  app.get('/api/xero/tax-rates', async (_req, reply) =>
    ctx.xeroConnect ? ctx.xeroConnect.taxRates() : reply.code(503).send({ error: 'Xero is not configured' }),
  );

  // The tax mapping with its suggestions, as the Configuration page shows it (reads the organisation's and Magento's rates).
  app.get('/api/tax-mapping', async (_req, reply) => {
    if (!ctx.xeroConnect) return reply.code(503).send({ error: 'Xero is not configured' });
    const [settings, organisations, xeroRates, magentoRates, magentoClasses] = await Promise.all([
      readSettings(storage.settings),
      ctx.xeroConnect.organisations(),
      ctx.xeroConnect.taxRates(),
      ctx.magento?.taxRates?.() ?? Promise.resolve([]),
      ctx.magento?.taxClasses?.() ?? Promise.resolve([]),
    ]);
    const org = organisationTax(organisations.find((o) => o.status !== 'disconnected') ?? organisations[0]);
    return taxMappingOverview(settings.taxMapping, org, magentoRates, magentoClasses, xeroRates);
  });

  // The last comparison, as stored: reading it calls neither Magento nor Xero.
  app.get('/api/reconciliation', async (_req, reply) => {
    if (!ctx.reconciler) return reply.code(503).send({ error: 'Reconciliation is not available in this process' });
    const last = await storedReconciliation(ctx);
    if (!last) return reply.code(404).send({ error: 'No reconciliation has run yet: POST /api/reconciliation with {"from","to"}' });
    return last.problem ? { from: last.from, to: last.to, at: last.at, error: last.problem } : { from: last.from, to: last.to, at: last.at, ...last.result };
  });
  // Compares the days (POST, with the CSRF header, at most 92 days): Magento and Xero are read.
  app.post('/api/reconciliation', async (req, reply) => {
    const range = reconciliationRange.safeParse(req.body ?? {});
    if (!range.success) return invalid(reply, range.error);
    if (!ctx.reconciler) return reply.code(503).send({ error: 'Reconciliation is not available in this process' });
    const run = await runReconciliation(ctx, range.data);
    if (run.problem) return reply.code(502).send({ error: run.problem });
    return { from: run.from, to: run.to, at: run.at, ...run.result };
  });
}
