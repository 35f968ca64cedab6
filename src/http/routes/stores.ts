import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { StoreRecord, Stores } from '../../settings/schemas.js';
import { saveSetting } from '../admin-actions.js';
import { pageContext, redirectWith, sendPage, type AppContext } from '../context.js';
import { NOT_SYNCED, organisationLabel, storesPage, type StoresView } from '../../web/pages/stores.js';

/** What the merchant chooses for one store (the rest of its record is what Magento says about it). */
export interface StoreRouting {
  tenantId?: string | null | undefined;
  invoicePrefix?: string | undefined;
  creditNotePrefix?: string | undefined;
  contactPrefix?: string | undefined;
  tracking?: { name: string; option: string } | undefined;
}

/** The admin API's body for one store: absent fields go back to their defaults (null organisation: not synced). */
const routingBody = z.object({
  tenantId: z.string().nullable().optional(),
  invoicePrefix: z.string().optional(),
  creditNotePrefix: z.string().optional(),
  contactPrefix: z.string().optional(),
  tracking: z.object({ name: z.string(), option: z.string() }).nullable().optional(),
  newDocumentsOnly: z.boolean().optional(),
});

const flag = (v: unknown) => v === true || v === 'true' || v === 'on' || v === '1';
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** One store's record with new routing: Magento's facts kept, the merchant's choices replaced. */
export function withRouting(store: StoreRecord, routing: StoreRouting): StoreRecord {
  const { tenantId: _t, invoicePrefix: _i, creditNotePrefix: _c, contactPrefix: _p, tracking: _k, ...facts } = store;
  return {
    ...facts,
    ...(routing.tenantId !== undefined ? { tenantId: routing.tenantId } : {}),
    ...(routing.invoicePrefix ? { invoicePrefix: routing.invoicePrefix } : {}),
    ...(routing.creditNotePrefix ? { creditNotePrefix: routing.creditNotePrefix } : {}),
    ...(routing.contactPrefix ? { contactPrefix: routing.contactPrefix } : {}),
    ...(routing.tracking ? { tracking: routing.tracking } : {}),
  };
}

/** The Stores form's fields as routing: an empty organisation is the default one, "not-synced" none. */
export function formToRouting(body: Record<string, unknown>): StoreRouting {
  const organisation = text(body['tenantId']);
  const name = text(body['trackingName']);
  const option = text(body['trackingOption']);
  return {
    tenantId: organisation === NOT_SYNCED ? null : organisation === '' ? undefined : organisation,
    invoicePrefix: text(body['invoicePrefix']) || undefined,
    creditNotePrefix: text(body['creditNotePrefix']) || undefined,
    contactPrefix: text(body['contactPrefix']) || undefined,
    // Half a tracking choice is passed on as given, so the schema says which half is missing.
    tracking: name || option ? { name, option } : undefined,
  };
}

/** Problems by store id (each message starts with the store id its path names); the rest under "". */
function errorsByStore(errors: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of errors) {
    const id = /^(\d+)\./.exec(e)?.[1] ?? '';
    (out[id] ??= []).push(e);
  }
  return out;
}

async function storesView(ctx: AppContext, errors: Record<string, string[]> = {}): Promise<StoresView> {
  let websites: StoresView['websites'] = [];
  let magentoProblem: string | undefined;
  if (ctx.stores) {
    try {
      websites = (await ctx.stores.refresh()).websites;
    } catch (error) {
      magentoProblem = error instanceof Error ? error.message : String(error);
    }
  } else magentoProblem = 'Magento is not configured: set MAGENTO_BASE_URL and its credentials';
  const settings = await ctx.settings.read();
  const organisations = ctx.xeroConnect ? await ctx.xeroConnect.organisations().catch(() => []) : [];
  if (websites.length === 0) {
    // Magento did not answer: the websites as read last, from the stores.
    const seen = new Map<number, string>();
    for (const s of Object.values(settings.stores)) if (s.websiteId !== undefined) seen.set(s.websiteId, s.websiteName ?? `Website ${s.websiteId}`);
    websites = [...seen].map(([id, name]) => ({ id, code: String(id), name }));
  }
  return {
    stores: settings.stores,
    websites,
    organisations: organisations.map((o) => ({ tenantId: o.tenantId, name: o.name, status: o.status })),
    defaultTenant: (organisations.find((o) => o.isDefault) ?? organisations[0])?.tenantId,
    posting: { invoicePrefix: settings.posting.invoicePrefix, creditNotePrefix: settings.posting.creditNotePrefix },
    magentoProblem,
    errors,
  };
}

/** Saves one store's routing through the settings service (the `stores` key: the same checks and messages everywhere). */
async function saveRouting(ctx: AppContext, id: string, routing: StoreRouting, newDocumentsOnly: boolean): Promise<{ ok: true; stores: Stores } | { ok: false; errors: string[]; status: number }> {
  const stores = (await ctx.settings.read()).stores;
  const store = stores[id];
  if (!store) return { ok: false, status: 404, errors: [`${id}: there is no Magento store ${id}; the stores are ${Object.keys(stores).join(', ') || 'none yet (refresh from Magento)'}`] };
  const next = { ...stores, [id]: withRouting(store, routing) };
  const result = await saveSetting(ctx, 'stores', next, { newDocumentsOnly });
  if (!result.ok) return { ok: false, status: 400, errors: result.errors };
  return { ok: true, stores: (await ctx.settings.read()).stores };
}

/** The Stores page (/stores): the page, its form actions and the admin API. */
export async function storeRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/stores', async (req, reply) => sendPage(reply, storesPage(pageContext(req, reply), await storesView(ctx))));

  app.post('/stores/refresh', async (_req, reply) => {
    if (!ctx.stores) return redirectWith(ctx, reply, '/stores', { error: 'Magento is not configured: set MAGENTO_BASE_URL and its credentials.' });
    try {
      await ctx.stores.refresh();
      return redirectWith(ctx, reply, '/stores', { notice: 'Store list read from Magento.' });
    } catch (error) {
      return redirectWith(ctx, reply, '/stores', { error: `Magento could not be read: ${error instanceof Error ? error.message : String(error)}` });
    }
  });

  app.post<{ Params: { id: string } }>('/stores/:id', async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const saved = await saveRouting(ctx, req.params.id, formToRouting(body), flag(body['newDocumentsOnly']));
    if (!saved.ok) {
      const view = await storesView(ctx, errorsByStore(saved.errors));
      return sendPage(reply, storesPage({ ...pageContext(req, reply), error: 'The store was not saved: see below.' }, view), saved.status);
    }
    const store = saved.stores[req.params.id]!;
    return redirectWith(ctx, reply, `/stores#store-${req.params.id}`, { notice: `Saved ${store.name ?? store.code}.` });
  });

  // GET /api/stores and PUT /api/stores/:id (routes/api.ts) read the stores and set their posting periods; these two
  // list the websites and store views as Magento has them with their routing, and set one store's routing.
  app.get('/api/stores/routing', async () => {
    const view = await storesView(ctx);
    return {
      websites: view.websites,
      organisations: view.organisations,
      ...(view.magentoProblem ? { magentoProblem: view.magentoProblem } : {}),
      stores: Object.entries(view.stores).map(([id, s]) => ({ id: Number(id), ...s, organisation: organisationLabel(s, view) })),
    };
  });

  app.put<{ Params: { id: string }; Querystring: { newDocumentsOnly?: string } }>('/api/stores/:id/routing', async (req, reply) => {
    const body = routingBody.safeParse(req.body ?? {});
    if (!body.success) return reply.code(400).send({ error: 'Invalid store', issues: body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
    const { newDocumentsOnly, tracking, ...rest } = body.data;
    const routing: StoreRouting = { ...rest, ...(tracking ? { tracking } : {}) };
    const saved = await saveRouting(ctx, req.params.id, routing, Boolean(newDocumentsOnly) || flag(req.query.newDocumentsOnly));
    if (!saved.ok) return reply.code(saved.status).send({ error: `Invalid stores settings`, issues: saved.errors });
    return { id: Number(req.params.id), ...saved.stores[req.params.id] };
  });
}
