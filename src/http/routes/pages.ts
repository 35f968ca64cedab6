import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ENTITY_TYPES } from '../../domain/entity-types.js';
import { configurationPage } from '../../web/pages/configuration.js';
import { dashboardPage } from '../../web/pages/dashboard.js';
import { goLivePage } from '../../web/pages/go-live.js';
import { recordPage } from '../../web/pages/record.js';
import { toCsv } from '../../web/csv.js';
import type { FastifyReply as Reply } from 'fastify';

const sendCsv = (reply: Reply, name: string, body: string) =>
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store').send(body);
import { logPage } from '../../web/pages/log.js';
import { queuePage } from '../../web/pages/queue.js';
import { reconciliationPage } from '../../web/pages/reconciliation.js';
import { recordsPage } from '../../web/pages/records.js';
import { reportPage } from '../../web/pages/report.js';
import { ENTITY_LABELS } from '../../web/labels.js';
import { pageContext, sendPage, type AppContext } from '../context.js';
import { logCount, queueCount, withLogLinks, recordView } from '../read-model.js';
import { dayRange, logQuery, queueQuery, reconciliationQuery, recordsQuery, usageQuery } from '../query.js';
import { describeIssues } from '../../settings/schemas.js';
import { configurationView, listRecords, queueSummary, reconciliationView, usageView } from '../views.js';

/** A bad query string on a page: show the page's defaults with the problem, rather than an error page. */
function parseQuery<S extends z.ZodType>(schema: S, req: FastifyRequest): { data: z.infer<S>; problem?: string } {
  const parsed = schema.safeParse(req.query);
  if (parsed.success) return { data: parsed.data };
  return { data: schema.parse({}), problem: describeIssues(parsed.error).join('; ') };
}

function withProblem(req: FastifyRequest, reply: FastifyReply, problem: string | undefined) {
  const ctx = pageContext(req, reply);
  return problem ? { ...ctx, error: problem } : ctx;
}

/** The admin pages (GET only; every change goes through a form action or the API). */
export async function pageRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/', async (req, reply) => {
    const [status, messages] = await Promise.all([ctx.sync.status(), ctx.storage.alerts.messages(8)]);
    const alerts = messages.map((m) => ({
      createdAt: Number(m.created_at),
      channel: m.channel,
      subject: m.subject,
      alerts: m.alert_count,
      state: m.state,
      attempts: m.attempts,
      lastError: m.last_error,
      nextAttemptAt: Number(m.next_attempt_at),
    }));
    return sendPage(reply, dashboardPage(pageContext(req, reply), status, alerts));
  });

  app.get<{ Params: { entity: string; id: string } }>('/record/:entity/:id', async (req, reply) => {
    const entity = z.enum(ENTITY_TYPES).safeParse(req.params.entity);
    if (!entity.success || req.params.id.length > 255) return reply.code(404).send({ error: 'Unknown record' });
    return sendPage(reply, recordPage(pageContext(req, reply), await recordView(ctx.storage, entity.data, req.params.id, ctx.magentoAdminUrl)));
  });

  // Exports for a spreadsheet: the log (under the page's filter, up to 10,000 rows) and the whole queue.
  app.get('/log.csv', async (req, reply) => {
    const q = parseQuery(logQuery, req);
    const rows = await ctx.storage.log.list({
      ...(q.data.status ? { status: q.data.status } : {}),
      ...(q.data.entity ? { entityType: q.data.entity } : {}),
      ...(q.data.magentoId ? { magentoId: q.data.magentoId } : {}),
      ...dayRange(q.data.from, q.data.to),
      limit: 10_000,
    });
    const view = await withLogLinks(ctx.storage, rows);
    return sendCsv(reply, 'sync-log.csv', toCsv(
      ['time_utc', 'entity', 'magento_id', 'magento_number', 'action', 'status', 'xero_number', 'xero_id', 'message', 'duration_ms'],
      view.map((r) => [new Date(r.at).toISOString(), r.entity_type, r.magento_id, r.number, r.action, r.status, r.xero_number, r.xero_id, r.message, r.duration_ms]),
    ));
  });

  app.get('/queue.csv', async (_req, reply) => {
    const rows = await ctx.storage.queue.list({ limit: 100_000 });
    return sendCsv(reply, 'queue.csv', toCsv(
      ['id', 'entity', 'magento_id', 'state', 'attempts', 'next_attempt_utc', 'reason_or_error'],
      rows.map((e) => [e.id, e.entity_type, e.magento_id, e.state, e.attempts, new Date(e.next_attempt_at).toISOString(), e.last_error]),
    ));
  });

  // The last reconciliation for a spreadsheet: every day's totals, then every difference with what to do about it.
  app.get('/reconciliation.csv', async (_req, reply) => {
    const view = await reconciliationView(ctx);
    const result = view.result ?? { days: [], issues: [] };
    return sendCsv(reply, 'reconciliation.csv', toCsv(
      ['row', 'day', 'currency', 'entity', 'magento_id', 'magento_number', 'problem', 'magento_total', 'xero_total', 'magento_count', 'xero_count', 'action', 'advice'],
      [
        ...result.days.map((d) => ['day', d.day, d.currency, '', '', '', '', d.magentoTotal, d.xeroTotal, d.magentoCount, d.xeroCount, '', '']),
        ...result.issues.map((i) => ['difference', i.day, i.currency, i.entity, i.magentoId, i.number, i.problem, i.magentoTotal, i.xeroTotal, '', '', i.action, i.advice]),
      ],
    ));
  });

  app.get('/go-live', async (req, reply) => {
    if (!ctx.sync.goLiveReview) return sendPage(reply, goLivePage(pageContext(req, reply), undefined, 'Start syncing is not available in this process.'));
    const review = await ctx.sync.goLiveReview().then(
      (r) => ({ ok: true as const, r }),
      (e: unknown) => ({ ok: false as const, problem: e instanceof Error ? e.message : String(e) }),
    );
    return sendPage(reply, review.ok ? goLivePage(pageContext(req, reply), review.r) : goLivePage(pageContext(req, reply), undefined, review.problem));
  });

  app.get('/configuration', async (req, reply) =>
    sendPage(reply, configurationPage(pageContext(req, reply), await configurationView(ctx))),
  );

  for (const entity of ENTITY_TYPES) {
    app.get(ENTITY_LABELS[entity].path, async (req, reply) => {
      const q = parseQuery(recordsQuery, req);
      const view = await listRecords(ctx, entity, q.data.page, q.data.pageSize, q.data.q);
      return sendPage(reply, recordsPage(withProblem(req, reply, q.problem), view));
    });
  }

  app.get('/queue', async (req, reply) => {
    const q = parseQuery(queueQuery, req);
    const filter = { ...(q.data.state ? { state: q.data.state } : {}), ...(q.data.entity ? { entityType: q.data.entity } : {}) };
    const [entries, total, summary] = await Promise.all([
      ctx.storage.queue.list({ ...filter, limit: q.data.pageSize, offset: (q.data.page - 1) * q.data.pageSize }),
      queueCount(ctx.storage, filter),
      queueSummary(ctx),
    ]);
    return sendPage(
      reply,
      queuePage(withProblem(req, reply, q.problem), {
        entries,
        total,
        page: q.data.page,
        pageSize: q.data.pageSize,
        state: q.data.state,
        entity: q.data.entity,
        byState: summary.byState,
        estimate: summary.estimate,
      }),
    );
  });

  app.get('/log', async (req, reply) => {
    const q = parseQuery(logQuery, req);
    const filter = {
      ...(q.data.status ? { status: q.data.status } : {}),
      ...(q.data.entity ? { entityType: q.data.entity } : {}),
      ...(q.data.magentoId ? { magentoId: q.data.magentoId } : {}),
      ...dayRange(q.data.from, q.data.to),
    };
    const [rows, total] = await Promise.all([
      ctx.storage.log.list({ ...filter, limit: q.data.pageSize, offset: (q.data.page - 1) * q.data.pageSize }),
      logCount(ctx.storage, filter),
    ]);
    return sendPage(
      reply,
      logPage(withProblem(req, reply, q.problem), {
        rows: await withLogLinks(ctx.storage, rows),
        total,
        page: q.data.page,
        pageSize: q.data.pageSize,
        status: q.data.status,
        entity: q.data.entity,
        from: q.data.from,
        to: q.data.to,
      }),
    );
  });

  app.get('/report', async (req, reply) => {
    const q = parseQuery(usageQuery, req);
    return sendPage(reply, reportPage(withProblem(req, reply, q.problem), await usageView(ctx, q.data.days)));
  });

  app.get('/reconciliation', async (req, reply) => {
    const q = parseQuery(reconciliationQuery, req);
    return sendPage(reply, reconciliationPage(withProblem(req, reply, q.problem), await reconciliationView(ctx, q.data)));
  });
}
