/**
 * An offline Xero organisation (or several) behind one HTTP server: the Accounting API under /api.xro/2.0, the identity
 * endpoints (/identity/connect/authorize, /connect/token, /connect/revocation), /connections, and test controls under
 * /__emulator. Point XERO_API_URL, XERO_IDENTITY_URL and XERO_LOGIN_URL at its URL. It imports nothing from the
 * connector: Xero's rules and arithmetic are written again here.
 */
import { randomBytes } from 'node:crypto';
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { INVALID_JSON, registerApi } from './api.js';
import { createClock } from './clock.js';
import type { EmulatorClock } from './clock.js';
import { registerControl } from './control.js';
import { FaultInjector } from './faults.js';
import { IdempotencyCache } from './idempotency.js';
import { registerIdentity } from './identity.js';
import { resolveOptions } from './options.js';
import type { XeroEmulatorOptions } from './options.js';
import { RateLimiter } from './rate-limit.js';
import { RequestLog } from './request-log.js';
import { apiRoutes } from './routes/index.js';
import { registerGoXero } from './routes/go-xero.js';
import { EmulatorState } from './state.js';
import { TokenStore } from './tokens.js';
import type { TokenResponse } from './tokens.js';
import { WebhookDispatcher } from './webhooks.js';

import { restoreState, snapshotState, type StateSnapshot } from './snapshot.js';
export { parseSnapshot, serializeSnapshot, type StateSnapshot } from './snapshot.js';
export type { XeroEmulatorOptions, TenantOptions, Region, Limits } from './options.js';
export { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_LIMITS } from './options.js';
export type { TokenResponse } from './tokens.js';

/** In-process handles on a built emulator, for tests that need more than HTTP. */
export interface XeroEmulatorHandles {
  state: EmulatorState;
  clock: EmulatorClock;
  limiter: RateLimiter;
  faults: FaultInjector;
  /** A token pair connected to the given tenants (all by default), as if a user had consented. */
  issueToken(tenantIds?: string[]): TokenResponse;
  tenantIds(): string[];
  /** The books as JSON (accounts, contacts, items, documents, payments, allocations), to restore on a later start. */
  snapshot(): StateSnapshot;
  restore(snapshot: StateSnapshot): void;
  /** The app's webhook subscription: subscribe (runs intent to receive), deliveries, settled(). */
  webhooks: WebhookDispatcher;
}

const handles = new WeakMap<FastifyInstance, XeroEmulatorHandles>();

export function xeroEmulatorOf(app: FastifyInstance): XeroEmulatorHandles {
  const h = handles.get(app);
  if (!h) throw new Error('not a Xero emulator instance');
  return h;
}

export function buildXeroEmulator(options: XeroEmulatorOptions = {}): FastifyInstance {
  const resolved = resolveOptions(options);
  const clock = createClock(options.clock);
  const now = () => clock.now();
  const state = new EmulatorState(resolved.tenants, now);
  const tokens = new TokenStore(now, resolved.clientSecret, resolved.baseUrl || 'https://identity.xero.com');
  const limiter = new RateLimiter(resolved.limits, resolved.appPerMinute, now);
  const faults = new FaultInjector(resolved.seed);
  const idempotency = new IdempotencyCache(now);
  const log = new RequestLog();
  const userToken = randomBytes(24).toString('hex');

  // forceCloseConnections: close() must not wait on a client's kept-alive sockets (tests close between cases).
  const app = Fastify({ logger: resolved.logger, bodyLimit: 10 * 1024 * 1024, forceCloseConnections: true });
  app.decorateRequest('rawBody', '');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = String(body);
    (request as typeof request & { rawBody: string }).rawBody = text;
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(null, INVALID_JSON);
    }
  });
  app.register(formbody);

  registerIdentity(app, { options: resolved, state, tokens });
  const webhooks = new WebhookDispatcher(state, now);
  registerApi(app, { state, tokens, limiter, faults, idempotency, log, now, userToken, afterWrite: (org) => webhooks.changed(org) }, apiRoutes);
  registerControl(app, { options: resolved, state, tokens, limiter, faults, idempotency, log, clock, userToken, webhooks });
  registerGoXero(app, { state });

  const issueToken = (tenantIds?: string[]): TokenResponse => {
    const wanted = tenantIds ?? [...state.organisations.keys()];
    const scope = 'openid profile email offline_access accounting.settings accounting.transactions accounting.contacts';
    const code = tokens.issueCode({ clientId: resolved.clientId, redirectUri: 'http://localhost/', scope, tenantIds: wanted });
    const names = new Map([...state.organisations.values()].map((o) => [o.tenantId, o.name]));
    const result = tokens.exchangeCode(code, resolved.clientId, undefined, undefined, names);
    if ('error' in result) throw new Error(result.error);
    return result;
  };
  handles.set(app, {
    state,
    clock,
    limiter,
    faults,
    issueToken,
    tenantIds: () => [...state.organisations.keys()],
    snapshot: () => snapshotState(state),
    restore: (snapshot) => restoreState(state, snapshot),
    webhooks,
  });
  return app;
}

export interface StartedXeroEmulator {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Builds and listens (port 0 by default: the OS picks a free port). */
export async function startXeroEmulator(
  options: XeroEmulatorOptions & { port?: number; host?: string } = {},
): Promise<StartedXeroEmulator> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  const app = buildXeroEmulator(options);
  await app.listen({ host, port });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  return { url, app, close: () => app.close() };
}
