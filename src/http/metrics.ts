import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { Gauge, Registry } from 'prom-client';
import { utcDay } from '../storage/api-usage-repository.js';
import type { Storage } from '../storage/storage.js';
import { systemClock, type Clock } from '../domain/clock.js';

/**
 * Prometheus metrics read from the database at scrape time, so every process reports the same numbers whichever one is
 * scraped. One registry per app instance: two apps in one process (tests) never share or clash.
 */
export function createMetrics(storage: Storage, clock: Clock, dailyLimit: (tenantId: string) => number): Registry {
  const registry = new Registry();
  const usageToday = async () => {
    const today = utcDay(clock.now());
    return (await storage.apiUsage.days(today)).filter((r) => r.day === today);
  };

  new Gauge({
    name: 'magento_xero_queue_entries',
    help: 'Sync queue entries by entity type and state',
    labelNames: ['entity', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await storage.queue.counts()) this.set({ entity: row.entity_type, state: row.state }, row.n);
    },
  });
  const perTenant = (name: string, help: string, value: (r: { tenant_id: string; calls: number; errors: number; rate_limited: number }) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['tenant'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const row of await usageToday()) this.set({ tenant: row.tenant_id }, value(row));
      },
    });
  perTenant('magento_xero_xero_api_calls_today', 'Xero API calls today (UTC day) per organisation', (r) => Number(r.calls));
  perTenant('magento_xero_xero_api_errors_today', 'Xero API calls that failed today per organisation', (r) => Number(r.errors));
  perTenant('magento_xero_xero_api_rate_limited_today', 'Xero API calls answered 429 today per organisation', (r) => Number(r.rate_limited));
  perTenant('magento_xero_xero_daily_budget_remaining', 'Xero API calls left in today\'s daily limit per organisation', (r) =>
    Math.max(0, dailyLimit(r.tenant_id) - Number(r.calls)),
  );
  return registry;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * A request from this machine itself, not relayed: a reverse proxy on the same machine connects from loopback too, so a
 * request that carries a forwarding header came from elsewhere.
 */
export function fromThisMachine(req: FastifyRequest): boolean {
  if (!LOOPBACK.test(req.socket.remoteAddress ?? '')) return false;
  return req.headers['x-forwarded-for'] === undefined && req.headers['forwarded'] === undefined && req.headers['x-real-ip'] === undefined;
}

export interface MetricsAccess {
  /** Scrapers send `Authorization: Bearer <token>`. */
  token?: string | undefined;
}

/**
 * GET /metrics. The numbers name Xero organisations and volumes, so they are not public: with a token, only a request
 * that sends it; without one, only a request from this machine (a scraper beside the service, or METRICS_PORT).
 */
export function registerMetricsRoute(app: FastifyInstance, registry: Registry, access: MetricsAccess & { loopbackWithoutToken: boolean }): void {
  const expected = access.token ? digest(`Bearer ${access.token}`) : undefined;
  app.get('/metrics', async (req, reply) => {
    if (expected) {
      if (!timingSafeEqual(digest(req.headers.authorization ?? ''), expected)) {
        return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'Bearer token required' });
      }
    } else if (access.loopbackWithoutToken && !fromThisMachine(req)) {
      return reply.code(403).send({ error: '/metrics answers only on this machine: set METRICS_TOKEN (or METRICS_PORT) to scrape it from elsewhere' });
    }
    return reply.type(registry.contentType).header('cache-control', 'no-store').send(await registry.metrics());
  });
}

/** METRICS_PORT: a server of its own for /metrics (and /healthz), so the scraper never needs the admin port. */
export async function buildMetricsApp(options: {
  storage: Storage;
  clock?: Clock;
  dailyLimit: (tenantId: string) => number;
  token?: string | undefined;
}): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  const registry = createMetrics(options.storage, options.clock ?? systemClock, options.dailyLimit);
  app.get('/healthz', async () => ({ ok: true }));
  // A port of its own is the operator's choice of who can reach it (bind it to a private network or firewall it).
  registerMetricsRoute(app, registry, { token: options.token, loopbackWithoutToken: false });
  return app;
}
