import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { configurationPage } from '../../web/pages/configuration.js';
import { ENTITY_LABELS } from '../../web/labels.js';
import { describeRecordResult, saveSetting, syncRecords } from '../admin-actions.js';
import { pageContext, redirectWith, sendPage, type AppContext } from '../context.js';
import { MAX_IDS, entitySchema, reconciliationRange, tooManyIds } from '../query.js';
import { formToSettings, formToStorePosting } from '../settings-form.js';
import { setStorePosting } from '../../settings/stores.js';
import { isSettingsKey } from '../../settings/schemas.js';
import { configurationView, runReconciliation } from '../views.js';
import { errorPage } from '../../web/pages/error.js';

/** What the HTML forms post: each does one action and redirects back with a message (post/redirect/get). */

const body = (req: FastifyRequest) => (req.body ?? {}) as Record<string, unknown>;
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);
const numbers = (v: unknown) => strings(v).map(Number).filter((n) => Number.isInteger(n) && n > 0);
const problemOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
/** The same cap as the API's: a form naming more records is refused whole, before anything is queued or removed. */
const tooMany = (reply: FastifyReply, n: number) => sendPage(reply, errorPage(400, tooManyIds(n)), 400);

export async function actionRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // Per store: from which day on it posts orders, Magento invoices or a daily summary, and the summaries' contact.
  app.post('/configuration/stores', async (req, reply) => {
    const result = await setStorePosting(ctx.storage.settings, formToStorePosting(body(req)));
    if (!result.ok) {
      const view = await configurationView(ctx, { stores: result.errors });
      return sendPage(reply, configurationPage({ ...pageContext(req, reply), error: 'Some settings were not saved: see below.' }, view), 400);
    }
    return redirectWith(ctx, reply, '/configuration#summaries', { notice: 'Settings saved.' });
  });

  app.post<{ Params: { key: string } }>('/configuration/:key', async (req, reply) => {
    const key = req.params.key;
    if (!isSettingsKey(key)) return redirectWith(ctx, reply, '/configuration', { error: 'Unknown settings section.' });
    const result = await saveSetting(ctx, key, formToSettings(key, body(req)));
    if (!result.ok) {
      const view = await configurationView(ctx, { [key]: result.errors });
      return sendPage(reply, configurationPage({ ...pageContext(req, reply), error: 'Some settings were not saved: see below.' }, view), 400);
    }
    return redirectWith(ctx, reply, `/configuration#${sectionAnchor(key)}`, { notice: 'Settings saved.' });
  });

  app.post<{ Params: { entity: string; action: string } }>('/records/:entity/:action', async (req, reply) => {
    const entity = entitySchema.safeParse(req.params.entity);
    if (!entity.success) return redirectWith(ctx, reply, '/', { error: 'Unknown record type.' });
    const path = ENTITY_LABELS[entity.data].path;
    const b = body(req);
    const ids = b['one'] !== undefined ? strings(b['one']) : strings(b['ids']);
    if (ids.length === 0) return redirectWith(ctx, reply, path, { error: 'Select at least one record first.' });
    if (ids.length > MAX_IDS) return tooMany(reply, ids.length);
    const action = req.params.action;
    try {
      if (action === 'sync') {
        const r = await syncRecords(ctx, entity.data, ids);
        if (r.kind === 'one') return redirectWith(ctx, reply, path, describeRecordResult(ENTITY_LABELS[entity.data].one, ids[0]!, r.result));
        return redirectWith(ctx, reply, path, { notice: `${r.queued} queued, ${r.expedited} due now.` });
      }
      if (action === 'enqueue') {
        const { queued } = await ctx.sync.enqueue(entity.data, { ids });
        return redirectWith(ctx, reply, path, { notice: `${queued} added to the queue.` });
      }
    } catch (error) {
      return redirectWith(ctx, reply, path, { error: problemOf(error) });
    }
    return reply.code(404).send({ error: 'Unknown action' });
  });

  app.post('/queue/sync', async (req, reply) => {
    const b = body(req);
    const ids = numbers(b['ids']);
    if (ids.length > MAX_IDS) return tooMany(reply, ids.length);
    if (b['all'] === undefined && ids.length === 0) return redirectWith(ctx, reply, '/queue', { error: 'Select entries first, or use "Sync all now".' });
    const { expedited } = await ctx.sync.syncNow(b['all'] !== undefined ? undefined : ids);
    return redirectWith(ctx, reply, '/queue', { notice: `${expedited} entries due now.` });
  });
  app.post('/queue/retry', async (req, reply) => {
    const b = body(req);
    const ids = numbers(b['ids']);
    if (ids.length > MAX_IDS) return tooMany(reply, ids.length);
    if (b['all'] === undefined && ids.length === 0) return redirectWith(ctx, reply, '/queue', { error: 'Select entries first, or use "Retry all failed and parked".' });
    const retried = await ctx.storage.queue.retry(b['all'] !== undefined ? undefined : ids, ctx.clock.now());
    await ctx.sync.syncNow(b['all'] !== undefined ? undefined : ids);
    return redirectWith(ctx, reply, '/queue', { notice: `${retried} entries back in line.` });
  });
  app.post('/queue/remove', async (req, reply) => {
    const ids = numbers(body(req)['ids']);
    if (ids.length > MAX_IDS) return tooMany(reply, ids.length);
    if (ids.length === 0) return redirectWith(ctx, reply, '/queue', { error: 'Select entries to remove first.' });
    const removed = await ctx.storage.queue.remove(ids);
    return redirectWith(ctx, reply, '/queue', { notice: `${removed} entries removed${removed < ids.length ? ' (running ones finish first)' : ''}.` });
  });

  app.post('/enqueue', async (req, reply) => {
    const entity = z.union([entitySchema, z.literal('all')]).safeParse(body(req)['entity']);
    if (!entity.success) return redirectWith(ctx, reply, '/configuration#queue-all', { error: 'Unknown record type.' });
    try {
      const { queued } = await ctx.sync.enqueue(entity.data);
      return redirectWith(ctx, reply, '/queue', { notice: `${queued} records added to the queue.` });
    } catch (error) {
      return redirectWith(ctx, reply, '/configuration#queue-all', { error: problemOf(error) });
    }
  });

  // Reading Magento and Xero for a period costs API calls: only a form post (CSRF-checked) does it, for at most 92 days.
  app.post('/reconciliation', async (req, reply) => {
    const range = reconciliationRange.safeParse(body(req));
    if (!range.success) return redirectWith(ctx, reply, '/reconciliation', { error: range.error.issues.map((i) => i.message).join(' ') });
    if (!ctx.reconciler) return redirectWith(ctx, reply, '/reconciliation', { error: 'Reconciliation is not available in this process.' });
    await runReconciliation(ctx, range.data);
    return reply.redirect('/reconciliation', 303);
  });

  app.post('/reconciliation/repair', async (req, reply) => {
    const b = body(req);
    const range = reconciliationRange.safeParse({ from: b['from'], to: b['to'] });
    if (!range.success) return redirectWith(ctx, reply, '/reconciliation', { error: 'Choose the days to compare first.' });
    if (!ctx.reconciler?.repairRange) return redirectWith(ctx, reply, '/reconciliation', { error: 'Repairs are not available in this process.' });
    const keys = strings(b['keys']);
    if (keys.length > MAX_IDS) return tooMany(reply, keys.length);
    if (keys.length === 0) return redirectWith(ctx, reply, '/reconciliation', { error: 'Select the differences to repair first.' });
    try {
      const r = await ctx.reconciler.repairRange(range.data, keys);
      await ctx.sync.syncNow();
      return redirectWith(ctx, reply, '/queue', { notice: `${r.queued} records queued for repair${r.skipped ? `; ${r.skipped} need a person` : ''}.` });
    } catch (error) {
      return redirectWith(ctx, reply, '/reconciliation', { error: problemOf(error) });
    }
  });

  app.post('/go-live', async (req, reply) => {
    if (!ctx.sync.startSyncing) return redirectWith(ctx, reply, '/go-live', { error: 'Start syncing is not available in this process.' });
    const b = body(req);
    const tenantId = typeof b['tenantId'] === 'string' && b['tenantId'] ? b['tenantId'] : undefined;
    try {
      const review = await ctx.sync.startSyncing({ ...(tenantId ? { tenantId } : {}), createTaxRates: strings(b['createTaxRate']) });
      return redirectWith(ctx, reply, '/', { notice: `Syncing to ${review.organisation} started: ${review.queued} queued record(s) are on their way.` });
    } catch (error) {
      return redirectWith(ctx, reply, '/go-live', { error: problemOf(error) });
    }
  });

  app.post('/accounts/sync', async (_req, reply) => {
    try {
      const r = await ctx.sync.syncAccounts();
      const created = r.created.length ? `Created ${r.created.join(', ')}.` : 'Nothing to create.';
      return redirectWith(ctx, reply, '/configuration#accounts', { notice: `${created} ${r.existing.length} already in Xero.` });
    } catch (error) {
      return redirectWith(ctx, reply, '/configuration#accounts', { error: problemOf(error) });
    }
  });

  // "Send a test alert": to every channel set up, now, saying which went through.
  app.post('/alerts/test', async (_req, reply) => {
    if (!ctx.alerts) return redirectWith(ctx, reply, '/configuration#alerts', { error: 'Alerts cannot be sent from this process.' });
    try {
      const results = await ctx.alerts.test('A test from the Configuration page');
      if (results.length === 0) return redirectWith(ctx, reply, '/configuration#alerts', { error: 'No alert channel is set up: give a webhook address or an SMTP server, and save.' });
      const failed = results.filter((r) => !r.ok);
      const said = results.map((r) => (r.ok ? `${r.channel}: sent to ${r.target}` : `${r.channel}: not sent to ${r.target} (${r.error ?? 'failed'})`)).join('; ');
      return redirectWith(ctx, reply, '/configuration#alerts', failed.length ? { error: `Test alert: ${said}.` } : { notice: `Test alert: ${said}.` });
    } catch (error) {
      return redirectWith(ctx, reply, '/configuration#alerts', { error: problemOf(error) });
    }
  });

  app.post('/magento/test', async (_req, reply: FastifyReply) => {
    if (!ctx.magento) return redirectWith(ctx, reply, '/configuration#magento', { error: 'Magento is not configured.' });
    const r = await ctx.magento.testConnection();
    return redirectWith(
      ctx,
      reply,
      '/configuration#magento',
      r.ok
        ? { notice: `Connected to ${r.storeName} (base currency ${r.baseCurrency}, time zone ${r.timezone}).` }
        : { error: `Magento connection failed: ${r.error}` },
    );
  });
}

function sectionAnchor(key: string): string {
  return ({ alerts: 'alerts', accounts: 'accounts', sync: 'sync', posting: 'posting', taxMapping: 'tax', paymentMapping: 'payment', summary: 'summaries', paymentImport: 'payments-from-xero', reconciliation: 'reconciliation' } as Record<string, string>)[key] ?? '';
}
