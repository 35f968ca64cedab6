import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Config } from '../config/config.js';
import { redactQuery, type Logger } from '../observability/logger.js';
import type { Storage } from '../storage/storage.js';
import { systemClock, type Clock } from '../domain/clock.js';
import { XERO_LIMITS } from '../sync/rate-limiter.js';
import type { SyncService } from '../sync/service.js';
import { APP_CSS, APP_JS } from '../web/assets.js';
import { errorPage } from '../web/pages/error.js';
import { AdminAuth, SESSION_COOKIE } from './auth.js';
import { keepFlashFor, sendPage, type AppContext } from './context.js';
import { createMetrics, registerMetricsRoute } from './metrics.js';
import type { AlertTester, MagentoBrowser, MagentoStores, Reconciler, XeroConnect } from './ports.js';
import { SettingsService } from '../settings/service.js';
import { storeRoutes } from './routes/stores.js';
import { actionRoutes } from './routes/actions.js';
import { apiRoutes } from './routes/api.js';
import { pageRoutes } from './routes/pages.js';
import { sessionRoutes } from './routes/session.js';
import { xeroRoutes } from './routes/xero.js';
import { summaryRoutes } from './routes/summaries.js';

export interface AppOptions {
  storage: Storage;
  sync: SyncService;
  config: Pick<Config, 'publicUrl' | 'adminPassword'> & { magento?: { baseUrl: string; adminUrl?: string } | undefined };
  /** The service's pino logger; omitted, the app logs nothing (tests). */
  logger?: Logger;
  magento?: MagentoBrowser;
  xeroConnect?: XeroConnect;
  /** Magento against Xero per day, for the Reconciliation page and API; the page says so when it is absent. */
  reconciler?: Reconciler;
  clock?: Clock;
  /** Xero's daily call budget per organisation (default 5,000) and per-minute limit, for the dashboard and /metrics. */
  dailyLimit?: (tenantId: string) => number;
  perMinuteLimit?: number;
  /** The settings service with its checks (Xero tracking, routing after posting); default: schemas only. */
  settings?: SettingsService;
  /** Magento's websites and store views for the Stores page. */
  stores?: MagentoStores;
  /** "Send a test alert" on the Configuration page. */
  alerts?: AlertTester;
  /** Attempts per client address per window on /login (default 10 a minute). */
  loginRateLimit?: { max: number; timeWindowMs: number };
  /** Secure cookies; default: when PUBLIC_URL is https. */
  secureCookies?: boolean;
  /**
   * When set, /metrics answers only `Authorization: Bearer <token>` (it names tenants and volumes); without it, only
   * requests from this machine.
   */
  metricsToken?: string | undefined;
  /** /metrics is served on a port of its own (METRICS_PORT): this app has none. */
  metricsElsewhere?: boolean;
  /**
   * Behind a reverse proxy: the proxies' addresses, which alone may name the client in X-Forwarded-For, so the login
   * rate limit counts each client, not the proxy.
   */
  trustProxy?: false | string;
  /** Register more routes (webhooks) inside the same app; paths under /webhooks/ skip the admin session and CSRF checks. */
  extraRoutes?: (app: FastifyInstance) => Promise<void> | void;
}

/** Paths reachable without a session: signing in, first-run setup, health, metrics, static assets, webhooks. */
export function isPublicPath(path: string): boolean {
  return (
    path === '/login' ||
    path === '/setup' ||
    path === '/healthz' ||
    path === '/metrics' ||
    path.startsWith('/assets/') ||
    path.startsWith('/webhooks/')
  );
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const routeLists = new WeakMap<FastifyInstance, Array<{ method: string; url: string }>>();

/** Every route the app registered (method and URL pattern), for tests that check each one is protected. */
export function registeredRoutes(app: FastifyInstance): ReadonlyArray<{ method: string; url: string }> {
  return routeLists.get(app) ?? [];
}

/** The admin web app, the admin API, the OAuth callback, /healthz and /metrics: everything injected, nothing global. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const clock = options.clock ?? systemClock;
  // Fastify's own two lines per request ("incoming request", "request completed") at info filled the terminal: one line
  // per request, at debug (LOG_LEVEL=debug shows them).
  const app = options.logger
    ? Fastify({ loggerInstance: options.logger as FastifyBaseLogger, trustProxy: options.trustProxy ?? false, disableRequestLogging: true })
    : Fastify({ logger: false, trustProxy: options.trustProxy ?? false });
  if (options.logger) {
    app.addHook('onResponse', async (req, reply) => {
      req.log.debug({ method: req.method, url: redactQuery(req.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
    });
  }
  const routes: Array<{ method: string; url: string }> = [];
  routeLists.set(app, routes);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method, url: r.url });
  });

  const https = options.config.publicUrl.startsWith('https:');
  const secureCookies = options.secureCookies ?? https;
  const ctx: AppContext = {
    storage: options.storage,
    sync: options.sync,
    auth: new AdminAuth(options.storage.settings, options.config.adminPassword, clock),
    clock,
    magento: options.magento,
    xeroConnect: options.xeroConnect,
    reconciler: options.reconciler,
    publicUrl: options.config.publicUrl,
    magentoBaseUrl: options.config.magento?.baseUrl,
    magentoAdminUrl: options.config.magento?.adminUrl,
    dailyLimit: options.dailyLimit ?? (() => XERO_LIMITS.perDay),
    perMinuteLimit: options.perMinuteLimit ?? XERO_LIMITS.perMinute,
    settings: options.settings ?? new SettingsService(options.storage.settings, () => clock.now()),
    stores: options.stores,
    alerts: options.alerts,
  };

  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'mx_csrf',
    cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true, secure: secureCookies },
  });
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_req, context) => ({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `Too many attempts: wait ${context.after} and try again.`,
    }),
  });

  // Security headers on every answer: no framing, no sniffing, scripts and styles only from here. (No form-action:
  // "Connect to Xero" posts here and is redirected to Xero's login, whose address is configuration.)
  app.addHook('onSend', async (_req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    reply.header(
      'content-security-policy',
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    // Served over https: browsers keep to https for a year, so a network in between cannot strip it to plain http.
    if (https) reply.header('strict-transport-security', 'max-age=31536000');
  });

  // First run without ADMIN_PASSWORD: the setup code exists before anyone can reach /setup (serve prints it).
  await ctx.auth.setupCode();

  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    if (isPublicPath(path)) return;
    // A page about to be shown takes the session's one-time message; the API and the pages' own fetches leave it.
    const page = req.method === 'GET' && !path.startsWith('/api/') && (req.headers.accept ?? '').includes('text/html');
    const session = await ctx.auth.check(req.cookies[SESSION_COOKIE], { takeFlash: page });
    if (session) {
      keepFlashFor(req, session.flash);
      return;
    }
    if (path === '/api' || path.startsWith('/api/')) return reply.code(401).send({ error: 'Sign in first' });
    const target = req.method === 'GET' ? `/login?next=${encodeURIComponent(req.url)}` : '/login';
    return reply.redirect(target, 302);
  });

  app.addHook('preHandler', (req, reply, done) => {
    if (!STATE_CHANGING.has(req.method) || (req.url.split('?')[0] ?? '').startsWith('/webhooks/')) return done();
    app.csrfProtection(req, reply, done);
  });

  app.setErrorHandler(async (error: { statusCode?: number; message?: string; code?: string }, req: FastifyRequest, reply: FastifyReply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    const csrf = typeof error.code === 'string' && error.code.startsWith('FST_CSRF');
    const message =
      status >= 500
        ? 'Something went wrong on our side; the details are in the service log.'
        : csrf
          ? 'The form expired or did not come from this site: reload the page and try again.'
          : (error.message ?? 'Bad request');
    if (status >= 500) req.log.error({ err: error }, 'request failed');
    if (req.url.startsWith('/api/') || !(req.headers.accept ?? '').includes('text/html')) {
      return reply.code(status).send({ error: message });
    }
    return sendPage(reply, errorPage(status, message), status);
  });

  app.setNotFoundHandler(async (req, reply) => {
    if (req.url.startsWith('/api/') || !(req.headers.accept ?? '').includes('text/html')) {
      return reply.code(404).send({ error: 'Not found' });
    }
    return sendPage(reply, errorPage(404, 'There is no page at this address.'), 404);
  });

  const registry = createMetrics(options.storage, clock, ctx.dailyLimit);
  app.get('/healthz', async () => ({ ok: true }));
  if (!options.metricsElsewhere) registerMetricsRoute(app, registry, { token: options.metricsToken, loopbackWithoutToken: true });
  app.get('/assets/app.css', async (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'max-age=300').send(APP_CSS));
  app.get('/assets/app.js', async (_req, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'max-age=300').send(APP_JS),
  );

  await sessionRoutes(app, ctx, { secureCookies, loginRateLimit: options.loginRateLimit ?? { max: 10, timeWindowMs: 60_000 } });
  await apiRoutes(app, ctx);
  await pageRoutes(app, ctx);
  await actionRoutes(app, ctx);
  await xeroRoutes(app, ctx);
  await summaryRoutes(app, ctx);
  await storeRoutes(app, ctx);
  if (options.extraRoutes) await options.extraRoutes(app);
  return app;
}
