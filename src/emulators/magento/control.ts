// Control endpoints for tests and the sandbox, behind the emulator's own bearer token:
//   POST /__emulator/entities  {customers?, products?, orders?, invoices?, creditmemos?, taxRates?, storeViews?,
//                               websites?, storeConfigs?}  records in Magento's REST shapes; same id → replaced
//   DELETE /__emulator/entities/:kind/:id   (a deletion, which REST polling cannot see)
//   POST /__emulator/activity  {steps?, minutes?}
//   POST /__emulator/clock     {minutes}
//   POST /__emulator/reset     {seed?, customers?, products?, orders?, empty?}  regenerates the store
//   POST /__emulator/faults    {status?: 429|500|502|503, delayMs?, count, path?}  (DELETE clears them)
//   GET  /__emulator/stats
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { simulateActivity } from './activity.js';
import { buildStore, type EmulatorContext } from './context.js';
import { magentoDate, MINUTE } from './dates.js';
import { badRequest, MagentoApiError } from './errors.js';
import { ENTITY_KINDS, idOf, type EntityKind, type MagentoRecord } from './store.js';

const recordList = z.array(z.record(z.string(), z.unknown())).optional();
const entitiesBody = z.object(Object.fromEntries(ENTITY_KINDS.map((k) => [k, recordList])) as Record<EntityKind, typeof recordList>);
const activityBody = z.object({ steps: z.number().int().min(1).max(100_000).optional(), minutes: z.number().positive().optional() });
const clockBody = z.object({ minutes: z.number() });
const faultBody = z.object({
  status: z.union([z.literal(429), z.literal(500), z.literal(502), z.literal(503)]).optional(),
  delayMs: z.number().int().min(0).max(120_000).optional(),
  count: z.number().int().min(1),
  path: z.string().optional(),
});
const resetBody = z.object({
  seed: z.number().int().optional(),
  customers: z.number().int().min(0).optional(),
  products: z.number().int().min(0).optional(),
  orders: z.number().int().min(0).optional(),
  empty: z.boolean().optional(),
});

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) throw badRequest(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return result.data;
}

export function registerControlRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const guard = async (request: FastifyRequest): Promise<void> => {
    const m = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '');
    const given = Buffer.from(m?.[1] ?? '');
    const expected = Buffer.from(ctx.resolved.controlToken);
    if (!m || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new MagentoApiError(401, { message: 'The control endpoints need the emulator bearer token.' });
    }
  };

  app.post('/__emulator/entities', { preHandler: guard }, async (request) => {
    const body = parse(entitiesBody, request.body);
    const loaded: Partial<Record<EntityKind, number>> = {};
    for (const kind of ENTITY_KINDS) {
      const records = body[kind];
      if (!records) continue;
      for (const [i, record] of records.entries()) {
        if (idOf(kind, record) === undefined) throw badRequest(`${kind}[${i}] has no numeric id`);
      }
      for (const record of records) ctx.store.put(kind, record as MagentoRecord);
      loaded[kind] = records.length;
    }
    return { loaded, counts: ctx.store.counts() };
  });

  app.delete<{ Params: { kind: string; id: string } }>('/__emulator/entities/:kind/:id', { preHandler: guard }, async (request) => {
    const kind = ENTITY_KINDS.find((k) => k === request.params.kind);
    if (kind === undefined || !/^\d+$/.test(request.params.id)) throw badRequest(`unknown entity ${request.params.kind}/${request.params.id}`);
    return { deleted: ctx.store.remove(kind, Number(request.params.id)) };
  });

  app.post('/__emulator/activity', { preHandler: guard }, async (request) => {
    const body = parse(activityBody, request.body);
    return simulateActivity(ctx, {
      ...(body.steps !== undefined ? { steps: body.steps } : {}),
      ...(body.minutes !== undefined ? { minutes: body.minutes } : {}),
    });
  });

  app.post('/__emulator/clock', { preHandler: guard }, async (request) => {
    const body = parse(clockBody, request.body);
    ctx.clock.advance(body.minutes * MINUTE);
    return { now: magentoDate(ctx.clock.now()) };
  });

  app.post('/__emulator/reset', { preHandler: guard }, async (request) => {
    const body = parse(resetBody, request.body);
    const options = { ...ctx.options };
    for (const [k, v] of Object.entries(body)) if (v !== undefined) (options as Record<string, unknown>)[k] = v;
    const fresh = buildStore(options, ctx.clock.now());
    ctx.store = fresh.store;
    ctx.world = fresh.world;
    return { counts: ctx.store.counts() };
  });

  app.post('/__emulator/faults', { preHandler: guard }, async (request) => {
    const body = parse(faultBody, request.body);
    ctx.faults.add({
      count: body.count,
      ...(body.status !== undefined ? { status: body.status } : {}),
      ...(body.delayMs !== undefined ? { delayMs: body.delayMs } : {}),
      ...(body.path !== undefined ? { path: body.path } : {}),
    });
    return { pending: ctx.faults.pending() };
  });
  app.delete('/__emulator/faults', { preHandler: guard }, async () => {
    ctx.faults.clear();
    return { pending: 0 };
  });

  app.get('/__emulator/stats', { preHandler: guard }, async () => ({
    now: magentoDate(ctx.clock.now()),
    counts: ctx.store.counts(),
    webhooks: ctx.webhooks.stats,
    faultsPending: ctx.faults.pending(),
    requests: ctx.requests,
  }));
}
