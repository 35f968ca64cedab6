import type { FastifyInstance } from 'fastify';
import { buildApp } from '../http/app.js';
import { buildMetricsApp } from '../http/metrics.js';
import { dailyReconciliationLoop, issueKey } from '../reconcile/index.js';
import { readStores } from '../settings/stores.js';
import { ENTITY_PLURALS } from '../domain/entity-types.js';
import { Scheduler } from '../sync/scheduler.js';
import { paymentImportLoop } from '../sync/payment-import/poll.js';
import type { Worker } from '../sync/worker.js';
import { magentoBrowser } from './magento-browser.js';
import type { Runtime } from './runtime.js';
import { RuntimeSyncService } from './sync-service.js';
import { registerWebhooks } from './webhooks.js';
import { xeroConnect } from './xero-connect.js';
import { reconcilerFor } from './reconciler.js';
import { refreshStoreList } from './store-refresh.js';

export interface HostOptions {
  /** Run a worker in this process (serve, sandbox); `serve --no-worker` leaves the work to `worker` processes. */
  worker: boolean;
  /** Poll Magento for changes (the Immediately / Cron settings). */
  scheduler: boolean;
  pollIntervalMs?: number;
}

export interface Host {
  app: FastifyInstance;
  url: string;
  /** METRICS_PORT's server, when configured, and its address. */
  metrics: { app: FastifyInstance; url: string } | undefined;
  service: RuntimeSyncService;
  worker: Worker | undefined;
  /** Stops claiming, lets the batch in hand finish, closes the server. */
  stop(): Promise<void>;
}

/** `serve`: the admin UI and API, webhooks, OAuth callback, scheduler and (optionally) an in-process worker. */
export async function startHost(runtime: Runtime, options: HostOptions): Promise<Host> {
  const { config, storage, logger, clock } = runtime;
  const controller = new AbortController();
  const worker = options.worker ? runtime.worker() : undefined;
  const service = new RuntimeSyncService(runtime, () => worker?.wake());
  const reconciler = reconcilerFor(runtime);
  const app = await buildApp({
    reconciler: {
      async reconcile(range) {
        const result = await reconciler.reconcile(range);
        return { ...result, issues: result.issues.map((i) => ({ ...i, key: issueKey(i) })) };
      },
      repairRange: (range, keys) => reconciler.repairRange(range, keys),
    },
    dailyLimit: () => config.xero.limits.perDay,
    perMinuteLimit: config.xero.limits.perMinute,
    metricsToken: config.metrics.token,
    metricsElsewhere: config.metrics.port !== undefined,
    trustProxy: config.trustProxy,
    storage,
    sync: service,
    config,
    logger,
    clock,
    ...(runtime.magento && runtime.records ? { magento: magentoBrowser(runtime.magento, runtime.records) } : {}),
    ...(runtime.connections ? { xeroConnect: xeroConnect(runtime, runtime.connections) } : {}),
    settings: runtime.settingsService(),
    alerts: runtime.alerts(),
    ...(runtime.magento ? { stores: { refresh: () => refreshStoreList(runtime.magento!, storage) } } : {}),
    extraRoutes: (a) =>
      registerWebhooks(a, {
        storage,
        clock,
        logger,
        magentoSecret: config.magento?.webhookSecret,
        xeroKey: config.xero.webhookKey,
        onQueued: () => worker?.wake(),
        ...(runtime.records ? { productSku: (id: string) => runtime.records!.productSku(id) } : {}),
      }),
  });
  await app.listen({ host: config.host, port: config.port }).catch(async (error: unknown) => {
    await app.close().catch(() => undefined);
    if ((error as { code?: unknown }).code === 'EADDRINUSE') throw new PortInUseError(config.host, config.port);
    throw error;
  });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // Port 0 (tests) means the OS chose one: report that one.
  const url = config.port === 0 ? `http://127.0.0.1:${port}` : config.publicUrl;
  let metrics: Host['metrics'];
  if (config.metrics.port !== undefined) {
    const metricsApp = await buildMetricsApp({ storage, clock, dailyLimit: () => config.xero.limits.perDay, token: config.metrics.token });
    try {
      await metricsApp.listen({ host: config.host, port: config.metrics.port });
    } catch (error) {
      await app.close();
      throw error;
    }
    const a = metricsApp.server.address();
    metrics = { app: metricsApp, url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : config.metrics.port}` };
  }

  const running: Array<Promise<void>> = [];
  // Alerts go out from whichever process holds the lease: every serve and worker offers to.
  running.push(runtime.alerts().run(controller.signal));
  if (worker) {
    running.push(
      worker.run(controller.signal, (r) => {
        if (r.entries > 0) logger.info({ entity: ENTITY_PLURALS[r.entityType as keyof typeof ENTITY_PLURALS] ?? r.entityType, ...r }, 'batch');
      }),
    );
  }
  if (options.scheduler && runtime.capture) {
    const scheduler = new Scheduler({
      storage,
      capture: runtime.capture,
      clock,
      logger,
      ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
      onQueued: () => worker?.wake(),
    });
    running.push(scheduler.run(controller.signal));
    // Payments recorded in Xero flowing back to Magento: the polling fallback of the invoice webhooks.
    running.push(paymentImportLoop(runtime.context, () => runtime.connectedTenants(), controller.signal, () => worker?.wake()));
    // The daily reconciliation (a setting, off by default); its last result shows on the dashboard.
    const stores = await readStores(storage.settings);
    const timeZone = Object.values(stores).find((s) => s.code !== 'admin')?.timezone;
    running.push(
      dailyReconciliationLoop(
        {
          settings: storage.settings,
          clock,
          reconcile: (range) => reconciler.reconcile(range),
          repair: (issues) => reconciler.repair(issues),
          alerts: storage.alerts,
          ...(timeZone ? { timeZone } : {}),
        },
        controller.signal,
      ),
    );
  }

  return {
    app,
    url,
    metrics,
    service,
    worker,
    async stop() {
      controller.abort();
      await Promise.allSettled(running);
      await app.close();
      await metrics?.app.close();
    },
  };
}

/** The admin UI's port is taken (another magento-xero, or another program): says which setting moves it. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(`Port ${port} on ${host} is already in use (another magento-xero, or another program): stop it, or choose another port with PORT=${port + 1} (sandbox: --port ${port + 1}).`);
  }
}
