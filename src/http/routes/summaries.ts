import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isIsoDate } from '../../domain/dates.js';
import { errorPage } from '../../web/pages/error.js';
import { paidInXeroPage } from '../../web/pages/paid-in-xero.js';
import { summariesPage, summaryDayPage } from '../../web/pages/summaries.js';
import { pageContext, sendPage, type AppContext } from '../context.js';
import { paidInXeroView, summaryDayView, summaryListView } from '../summary-views.js';

const day = z.string().refine(isIsoDate, 'A day is written YYYY-MM-DD');
const listQuery = z.object({ from: day.optional(), to: day.optional() });
const dayParams = z.object({ storeId: z.coerce.number().int().min(0), day });

/** Daily summaries (list and one day) and the orders paid in Xero. GET only: nothing here changes anything. */
export async function summaryRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/summaries', async (req, reply) => {
    const q = listQuery.safeParse(req.query);
    const page = pageContext(req, reply);
    const view = await summaryListView(ctx, q.success ? q.data.from : undefined, q.success ? q.data.to : undefined);
    return sendPage(reply, summariesPage(q.success ? page : { ...page, error: 'Give the days as YYYY-MM-DD.' }, view));
  });

  app.get('/summaries/:storeId/:day', async (req, reply) => {
    const p = dayParams.safeParse(req.params);
    const view = p.success ? await summaryDayView(ctx, p.data.storeId, p.data.day) : undefined;
    if (!view) return sendPage(reply, errorPage(404, 'There is no daily summary for that store and day.'), 404);
    return sendPage(reply, summaryDayPage(pageContext(req, reply), view));
  });

  app.get('/paid-in-xero', async (req, reply) => sendPage(reply, paidInXeroPage(pageContext(req, reply), await paidInXeroView(ctx))));
}
