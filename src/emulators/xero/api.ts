/**
 * The Accounting API under /api.xro/2.0: bearer token, `xero-tenant-id`, faults, rate limits and idempotency in the
 * order Xero's edge applies them, then the operation itself.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { firstNonGuidId, forbidden, forbiddenWithoutTenant, noDataProcessed, postDataInvalid, tokenExpired, unauthorized } from './envelope.js';
import type { ApiRequest, ApiResult } from './envelope.js';
import type { FaultInjector, FaultRule } from './faults.js';
import { bearer } from './identity.js';
import { IdempotencyCache, MAX_KEY_LENGTH } from './idempotency.js';
import type { RateLimiter } from './rate-limit.js';
import type { RequestLog } from './request-log.js';
import type { Route } from './routes/route.js';
import type { EmulatorState, Organisation } from './state.js';
import type { TokenStore } from './tokens.js';

export const API_PREFIX = '/api.xro/2.0';
export const INVALID_JSON = Symbol('invalid-json');

interface Context {
  state: EmulatorState;
  tokens: TokenStore;
  limiter: RateLimiter;
  faults: FaultInjector;
  idempotency: IdempotencyCache;
  log: RequestLog;
  now: () => number;
  /** Bearer token of the control API's "by hand" edits. */
  userToken: string;
  /** Told after every write that reached an organisation (webhooks look for what changed). */
  afterWrite?: (org: Organisation) => void;
}

interface CallState {
  org?: Organisation;
  clientId?: string;
  acquired?: boolean;
  fault?: FaultRule;
  rateHeaders?: Record<string, string>;
  user?: boolean;
}

const calls = new WeakMap<FastifyRequest, CallState>();

export function rawBodyOf(request: FastifyRequest): string {
  return (request as FastifyRequest & { rawBody?: string }).rawBody ?? '';
}

function sendResult(reply: FastifyReply, result: ApiResult) {
  reply.code(result.status);
  // Xero's 404 is an HTML page's text/html with a one-line body (pyxero/not_found_response.txt).
  if (result.text) return reply.type('text/html; charset=utf-8').send(String(result.body));
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(result.body));
}

/** Waits `ms`, or less if the client goes away first. */
function slowAnswer(request: FastifyRequest, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    request.raw.once('close', done);
    function done() {
      clearTimeout(timer);
      request.raw.off('close', done);
      resolve();
    }
  });
}

/** The record a write endpoint takes, named as in Xero's NoDataProcessed message ("expecting Contact data"). */
const SINGULAR: Record<string, string> = {
  Accounts: 'Account', Allocations: 'Allocation', Contacts: 'Contact', CreditNotes: 'CreditNote', Currencies: 'Currency',
  Invoices: 'Invoice', Items: 'Item', Options: 'TrackingOption', Payments: 'Payment', TaxRates: 'TaxRate',
  TrackingCategories: 'TrackingCategory',
};

/** What Xero checks of a PUT/POST body before any element: that it parses, that its ids are GUIDs, that it has data. */
function bodyProblem(route: Route, body: unknown): ApiResult | undefined {
  if (route.method !== 'PUT' && route.method !== 'POST') return undefined;
  if (body === INVALID_JSON) return postDataInvalid('the request body is not valid JSON.');
  const resource = route.path.split('/').filter((s) => s !== '' && !s.startsWith(':')).pop() ?? '';
  const singular = SINGULAR[resource] ?? resource;
  const plural = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)[resource] : undefined;
  const empty =
    body === undefined ||
    body === null ||
    (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0) ||
    (Array.isArray(plural) && plural.length === 0);
  // An empty write: {} recorded for PUT /Contacts (threads/php48-no-data-processed).
  if (empty) return noDataProcessed(singular);
  // A non-GUID id: recorded for PUT /Payments with Invoice.InvoiceID "1234567" (threads/php39-postdata-invalid).
  const bad = firstNonGuidId(body);
  if (bad) return postDataInvalid(`Error converting value "${bad.value}" to type 'System.Guid'. Path '${bad.path}'.`);
  return undefined;
}

export function runHandler(route: Route, org: Organisation, request: FastifyRequest, now: number, fault?: FaultRule): ApiResult {
  const body = request.body;
  const problem = bodyProblem(route, body);
  if (problem) return problem;
  const query: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    const value = Array.isArray(v) ? v.join(',') : v;
    if (typeof value === 'string') query[k] = value;
    // Xero's query parameter names are case-insensitive (summarizeErrors, SummarizeErrors, ...).
    if (typeof value === 'string') query[k.charAt(0).toLowerCase() + k.slice(1)] ??= value;
  }
  if (fault?.kind === 'summarize') query['summarizeErrors'] = 'true';
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(request.headers)) headers[k] = Array.isArray(v) ? v.join(',') : v;
  const apiRequest: ApiRequest = {
    org,
    method: route.method,
    params: (request.params ?? {}) as Record<string, string>,
    query,
    body,
    headers,
    now,
  };
  return route.handler(apiRequest);
}

export function registerApi(app: FastifyInstance, ctx: Context, routes: Route[]): void {
  app.register(
    async (api) => {
      api.addHook('onRequest', async (request, reply) => {
        const call: CallState = {};
        calls.set(request, call);
        reply.header('xero-correlation-id', randomUUID());
        const token = bearer(request);
        if (token !== undefined && token === ctx.userToken) {
          // An edit "by hand" through the control API: a Xero user in the web app, not an API call.
          const org = ctx.state.get(String(request.headers['xero-tenant-id'] ?? '').toLowerCase());
          if (!org) return reply.code(404).send({ error: 'unknown tenant' });
          call.org = org;
          call.user = true;
          return undefined;
        }
        const grant = ctx.tokens.authenticate(token);
        if (!grant) {
          const expiredAt = ctx.tokens.expiredAt(token);
          return reply.code(401).send(expiredAt === undefined ? unauthorized('AuthenticationUnsuccessful') : unauthorized(tokenExpired(expiredAt)));
        }
        call.clientId = grant.clientId;
        const tenantHeader = request.headers['xero-tenant-id'];
        // Without the header Xero answers in lower-case keys (threads/nango203-missing-tenant-header,
        // xeroizer/invalid_tenant_header.json); with one the token may not use, in PascalCase (threads/node432-forbidden-tenant).
        if (typeof tenantHeader !== 'string' || tenantHeader.trim() === '') return reply.code(403).send(forbiddenWithoutTenant());
        const org = ctx.state.get(tenantHeader.trim().toLowerCase());
        if (!org || !grant.connections.has(org.tenantId)) return reply.code(403).send(forbidden());
        call.org = org;
        const fault = ctx.faults.draw(request.method, request.url);
        if (fault) {
          call.fault = fault;
          if (fault.kind === 'drop') {
            reply.hijack();
            request.raw.socket?.destroy();
            logCall(ctx, request, 0, call);
            return reply;
          }
          if (fault.kind === '500') {
            return reply.code(500).send({ Type: null, Title: 'An error occurred', Status: 500, Detail: 'An error occurred in Xero. Check the API Status page http://status.developer.xero.com for current service status.' });
          }
          if (fault.kind === '503') {
            return reply.code(503).header('retry-after', '1').send({ Type: null, Title: 'Service Unavailable', Status: 503, Detail: 'The Xero API is temporarily unavailable.' });
          }
          if (fault.kind === '429') {
            const seconds = String(Math.max(1, Math.ceil((fault.ms ?? 1000) / 1000)));
            return reply.code(429).header('retry-after', seconds).header('x-rate-limit-problem', 'minute').send({ Type: null, Title: 'Too Many Requests', Status: 429, Detail: 'Rate limit exceeded' });
          }
        }
        const decision = ctx.limiter.acquire(org.tenantId);
        call.rateHeaders = decision.headers;
        for (const [k, v] of Object.entries(decision.headers)) reply.header(k, v);
        if (!decision.allowed) {
          return reply
            .code(429)
            .header('retry-after', String(decision.retryAfter ?? 1))
            .header('x-rate-limit-problem', decision.problem ?? 'minute')
            .send({ Type: null, Title: 'Too Many Requests', Status: 429, Detail: `Rate limit exceeded (${decision.problem})` });
        }
        call.acquired = true;
        // A slow answer holds its slot, so it counts against the concurrent limit like a slow Xero call.
        if (fault?.kind === 'slow') await slowAnswer(request, fault.ms ?? 1000);
        return undefined;
      });

      const release = (call: CallState | undefined) => {
        if (call?.acquired && call.org) ctx.limiter.release(call.org.tenantId);
        if (call) call.acquired = false;
      };
      api.addHook('onResponse', async (request, reply) => {
        const call = calls.get(request);
        release(call);
        if (!call?.user) logCall(ctx, request, reply.statusCode, call);
      });
      // A client that gives up (a timeout during a slow answer) must not keep its concurrency slot for ever.
      api.addHook('onRequestAbort', async (request) => {
        const call = calls.get(request);
        if (!call?.acquired) return;
        release(call);
        if (!call.user) logCall(ctx, request, 0, call);
      });

      for (const route of routes) {
        api.route({
          method: route.method,
          url: route.path,
          handler: async (request, reply) => {
            const call = calls.get(request) ?? {};
            const org = call.org;
            if (!org) return reply.code(403).send(forbidden());
            const keyHeader = request.headers['idempotency-key'];
            const key = typeof keyHeader === 'string' && keyHeader !== '' ? keyHeader : undefined;
            let result: ApiResult;
            if (key !== undefined && route.method !== 'GET' && !call.user) {
              const fingerprint = `${org.tenantId} ${request.method} ${request.url}\n${rawBodyOf(request)}`;
              const scope = `${call.clientId ?? ''}`;
              if (key.length > MAX_KEY_LENGTH) {
                result = { status: 400, body: { ErrorNumber: 10, Type: 'ValidationException', Message: `Idempotency Key: ${key} exceeds the maximum length of ${MAX_KEY_LENGTH} characters.` } };
              } else {
                const cached = ctx.idempotency.lookup(scope, key, fingerprint);
                if (cached === 'conflict') {
                  result = { status: 400, body: { ErrorNumber: 10, Type: 'ValidationException', Message: `Idempotency Key: ${key} is used with a different request.` } };
                } else if (cached) {
                  result = cached;
                } else {
                  result = runHandler(route, org, request, ctx.now(), call.fault);
                  if (result.status < 500) ctx.idempotency.store(scope, key, fingerprint, result);
                }
              }
            } else {
              result = runHandler(route, org, request, ctx.now(), call.fault);
            }
            if (route.method !== 'GET') ctx.afterWrite?.(org);
            if (call.fault?.kind === 'drop-after') {
              release(call);
              reply.hijack();
              request.raw.socket?.destroy();
              logCall(ctx, request, 0, call);
              return reply;
            }
            return sendResult(reply, result);
          },
        });
      }

      api.setNotFoundHandler(async (_request, reply) => reply.code(404).type('text/html; charset=utf-8').send("The resource you're looking for cannot be found"));
    },
    { prefix: API_PREFIX },
  );
}

function logCall(ctx: Context, request: FastifyRequest, status: number, call: CallState | undefined) {
  const key = request.headers['idempotency-key'];
  ctx.log.add({
    method: request.method,
    path: request.url,
    tenantId: call?.org?.tenantId ?? null,
    status,
    time: ctx.now(),
    bodySize: Buffer.byteLength(rawBodyOf(request)),
    idempotencyKey: typeof key === 'string' ? key : null,
    fault: call?.fault?.kind ?? null,
  });
}
