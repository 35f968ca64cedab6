/**
 * Test and sandbox controls under /__emulator/, guarded by HTTP Basic with the emulator's client id and secret:
 * inspect state and the request log, set limits, lock dates and faults, move the clock, reset, mint tokens, and edit
 * documents "by hand" as a Xero user in the web app would (no rate limits, not logged as API calls).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorClock } from './clock.js';
import { parseClientDate } from './dates.js';
import { API_PREFIX } from './api.js';
import { FAULT_KINDS } from './faults.js';
import type { FaultInjector, FaultKind, FaultRule } from './faults.js';
import type { IdempotencyCache } from './idempotency.js';
import type { ResolvedOptions } from './options.js';
import type { RateLimiter } from './rate-limit.js';
import { renderAccount, renderAllocation, renderContact, renderDocument, renderItem, renderPayment, renderTaxRate, renderTracking } from './render.js';
import type { RequestLog } from './request-log.js';
import type { EmulatorState, Organisation } from './state.js';
import type { TokenStore } from './tokens.js';
import { msDate } from './dates.js';
import { WEBHOOK_CATEGORIES, type WebhookCategory, type WebhookDispatcher } from './webhooks.js';

interface Context {
  options: ResolvedOptions;
  state: EmulatorState;
  tokens: TokenStore;
  limiter: RateLimiter;
  faults: FaultInjector;
  idempotency: IdempotencyCache;
  log: RequestLog;
  clock: EmulatorClock;
  userToken: string;
  webhooks: WebhookDispatcher;
}

export function renderOrganisationState(org: Organisation): Record<string, unknown> {
  const full = { unitdp: 4 as const, withLines: true };
  return {
    tenantId: org.tenantId,
    name: org.name,
    region: org.region,
    baseCurrency: org.baseCurrency,
    currencies: org.currencies,
    shortCode: org.shortCode,
    PeriodLockDate: org.periodLockDate === undefined ? null : msDate(org.periodLockDate),
    EndOfYearLockDate: org.endOfYearLockDate === undefined ? null : msDate(org.endOfYearLockDate),
    Accounts: [...org.accounts.values()].map(renderAccount),
    TaxRates: [...org.taxRates.values()].map(renderTaxRate),
    TrackingCategories: [...org.tracking.values()].map(renderTracking),
    Contacts: [...org.contacts.values()].map((c) => renderContact(c)),
    Items: [...org.items.values()].map((i) => renderItem(i, full)),
    Invoices: [...org.invoices.values()].map((d) => renderDocument(org, d, full)),
    CreditNotes: [...org.creditNotes.values()].map((d) => renderDocument(org, d, full)),
    Payments: [...org.payments.values()].map((p) => renderPayment(org, p)),
    Allocations: [...org.allocations.values()].map((a) => renderAllocation(org, a)),
  };
}

function authorised(ctx: Context, request: FastifyRequest): boolean {
  const header = request.headers.authorization;
  if (!header?.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  return decoded === `${ctx.options.clientId}:${ctx.options.clientSecret}`;
}

function pickTenant(ctx: Context, tenantId: unknown): Organisation | undefined {
  if (typeof tenantId === 'string') return ctx.state.get(tenantId.toLowerCase());
  return [...ctx.state.organisations.values()][0];
}

const bad = (reply: FastifyReply, message: string) => reply.code(400).send({ error: message });

export function registerControl(app: FastifyInstance, ctx: Context): void {
  app.register(
    async (control) => {
      control.addHook('onRequest', async (request, reply) => {
        if (!authorised(ctx, request)) {
          return reply.code(401).header('www-authenticate', 'Basic realm="xero-emulator"').send({ error: 'unauthorized' });
        }
        return undefined;
      });

      control.get('/state', async () => ({
        now: ctx.clock.now(),
        organisations: [...ctx.state.organisations.values()].map(renderOrganisationState),
      }));

      control.get('/requests', async (request) => {
        const { tenantId } = request.query as { tenantId?: string };
        return { requests: ctx.log.all().filter((r) => tenantId === undefined || r.tenantId === tenantId) };
      });
      control.delete('/requests', async (_request, reply) => {
        ctx.log.clear();
        return reply.code(204).send();
      });

      control.post('/limits', async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        const limits: Record<string, number> = {};
        for (const name of ['perMinute', 'concurrent', 'perDay'] as const) {
          const v = body[name];
          if (v === undefined) continue;
          if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return bad(reply, `${name} must be a whole number`);
          limits[name] = v;
        }
        const tenantId = typeof body['tenantId'] === 'string' ? body['tenantId'].toLowerCase() : undefined;
        ctx.limiter.setLimits(limits, tenantId);
        return { limits: ctx.limiter.currentLimits(tenantId) };
      });

      control.post('/lock-dates', async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        const org = pickTenant(ctx, body['tenantId']);
        if (!org) return bad(reply, 'unknown tenantId');
        for (const [field, prop] of [['PeriodLockDate', 'periodLockDate'], ['EndOfYearLockDate', 'endOfYearLockDate']] as const) {
          if (!(field in body)) continue;
          const v = body[field];
          if (v === null) org[prop] = undefined;
          else {
            const ms = parseClientDate(v);
            if (ms === undefined) return bad(reply, `${field} must be a date like 2024-06-30, or null`);
            org[prop] = ms;
          }
        }
        return {
          tenantId: org.tenantId,
          PeriodLockDate: org.periodLockDate === undefined ? null : msDate(org.periodLockDate),
          EndOfYearLockDate: org.endOfYearLockDate === undefined ? null : msDate(org.endOfYearLockDate),
        };
      });

      control.get('/faults', async () => ({ faults: ctx.faults.list() }));
      control.delete('/faults', async (_request, reply) => {
        ctx.faults.clear();
        return reply.code(204).send();
      });
      control.post('/faults', async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        const kind = String(body['kind'] ?? '');
        if (!FAULT_KINDS.includes(kind as FaultKind)) return bad(reply, `kind must be one of ${FAULT_KINDS.join(', ')}`);
        const rule: FaultRule = { kind: kind as FaultKind };
        if (typeof body['rate'] === 'number') rule.rate = body['rate'];
        if (typeof body['next'] === 'number') rule.next = body['next'];
        if (rule.rate === undefined && rule.next === undefined) return bad(reply, 'give either rate (0..1) or next (a count)');
        if (typeof body['path'] === 'string') rule.path = body['path'];
        if (typeof body['method'] === 'string') rule.method = body['method'];
        if (typeof body['ms'] === 'number') rule.ms = body['ms'];
        ctx.faults.add(rule);
        return { faults: ctx.faults.list() };
      });

      control.post('/clock', async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        if (!ctx.clock.owned) return reply.code(409).send({ error: 'the clock was injected by the caller; advance it there' });
        const ms =
          typeof body['advanceMs'] === 'number' ? body['advanceMs'] : typeof body['advanceSeconds'] === 'number' ? body['advanceSeconds'] * 1000 : undefined;
        if (ms === undefined || ms < 0) return bad(reply, 'give advanceMs or advanceSeconds (not negative)');
        ctx.clock.advance(ms);
        return { now: ctx.clock.now() };
      });

      control.post('/reset', async () => {
        ctx.state.reset();
        ctx.limiter.reset();
        ctx.idempotency.clear();
        ctx.faults.clear();
        ctx.log.clear();
        return { organisations: [...ctx.state.organisations.values()].map((o) => ({ tenantId: o.tenantId, name: o.name })) };
      });

      control.post('/tokens', async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        const wanted = Array.isArray(body['tenantIds']) ? body['tenantIds'].map(String) : [...ctx.state.organisations.keys()];
        if (!wanted.every((t) => ctx.state.get(t))) return bad(reply, 'unknown tenantId');
        const scope = typeof body['scope'] === 'string' ? body['scope'] : 'openid profile email offline_access accounting.settings accounting.transactions accounting.contacts';
        const code = ctx.tokens.issueCode({ clientId: ctx.options.clientId, redirectUri: 'http://localhost/', scope, tenantIds: wanted });
        const names = new Map([...ctx.state.organisations.values()].map((o) => [o.tenantId, o.name]));
        return ctx.tokens.exchangeCode(code, ctx.options.clientId, undefined, undefined, names);
      });

      // The app's webhook subscription: {url, key, categories?} subscribes and runs intent to receive at once.
      control.post('/webhooks', async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        const url = typeof body['url'] === 'string' ? body['url'] : '';
        const key = typeof body['key'] === 'string' ? body['key'] : '';
        if (!/^https?:\/\//.test(url) || key.length < 1) return bad(reply, 'give url (http or https) and key (the webhook signing key)');
        const wanted = Array.isArray(body['categories']) ? body['categories'].map(String) : ['INVOICE'];
        if (!wanted.every((c) => (WEBHOOK_CATEGORIES as readonly string[]).includes(c))) return bad(reply, `categories are ${WEBHOOK_CATEGORIES.join(', ')}`);
        const result = await ctx.webhooks.subscribe(url, key, wanted as WebhookCategory[]);
        return { subscription: ctx.webhooks.describe(), checks: result.checks };
      });
      control.get('/webhooks', async () => ({ subscription: ctx.webhooks.describe() ?? null, deliveries: ctx.webhooks.deliveries }));
      control.delete('/webhooks', async (_request, reply) => {
        ctx.webhooks.unsubscribe();
        return reply.code(204).send();
      });

      // "By hand": { method, path, body } runs the API operation as a user of the Xero web app.
      control.post('/tenants/:tenantId/edit', async (request, reply) => {
        const { tenantId } = request.params as { tenantId: string };
        const org = ctx.state.get(tenantId.toLowerCase());
        if (!org) return bad(reply, 'unknown tenantId');
        const body = (request.body ?? {}) as Record<string, unknown>;
        const method = String(body['method'] ?? 'POST').toUpperCase();
        const path = String(body['path'] ?? '');
        if (!['GET', 'PUT', 'POST', 'DELETE'].includes(method) || !path.startsWith('/')) {
          return bad(reply, 'give method (GET|PUT|POST|DELETE) and an API path such as /Invoices/INV-0001');
        }
        const response = await app.inject({
          method: method as 'GET' | 'PUT' | 'POST' | 'DELETE',
          url: `${API_PREFIX}${path}`,
          headers: { authorization: `Bearer ${ctx.userToken}`, 'xero-tenant-id': org.tenantId, 'content-type': 'application/json' },
          ...(body['body'] !== undefined ? { payload: JSON.stringify(body['body']) } : {}),
        });
        // The webhooks a change by hand sets off are delivered before this answers, so a test can look right after.
        await ctx.webhooks.settled();
        return reply.code(response.statusCode).type(String(response.headers['content-type'] ?? 'application/json')).send(response.body);
      });
    },
    { prefix: '/__emulator' },
  );
}
