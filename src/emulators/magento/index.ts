// An offline Magento 2 REST API for tests, the sandbox and `emulate`: a seeded store with real-shaped records, both
// authentication styles, searchCriteria with Magento's quirks, sales writes and simulated activity.
// It imports nothing from the rest of src/ on purpose: it stands in for Magento, not for the connector.
import Fastify, { type FastifyInstance } from 'fastify';
import { simulateActivity, type ActivityRequest, type ActivityResult } from './activity.js';
import { createContext, type EmulatorContext } from './context.js';
import { registerControlRoutes } from './control.js';
import { isMagentoApiError, routeNotFound } from './errors.js';
import type { MagentoEmulatorOptions } from './options.js';
import { registerReadRoutes } from './routes/read.js';
import { registerWriteRoutes } from './routes/write.js';

export type { MagentoEmulatorOptions } from './options.js';
export { DEFAULT_TOKEN } from './options.js';
export { generateStore, DEFAULT_NOW, type GenerateOptions, type GeneratedStore } from './generator/index.js';
export { totalsGap } from './generator/invariants.js';
export { signWebhook, type WebhookBody } from './webhooks.js';
export { MagentoStore, type MagentoRecord } from './store.js';
export type { ActivityRequest, ActivityResult } from './activity.js';

export interface MagentoEmulator extends FastifyInstance {
  magento: {
    context: EmulatorContext;
    simulateActivity(request?: ActivityRequest): Promise<ActivityResult>;
  };
}

function reportId(): string {
  return `webapi-${Math.floor(Math.random() * 0xffffffffffff).toString(16)}`;
}

export function buildMagentoEmulator(options: MagentoEmulatorOptions = {}): MagentoEmulator {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 50 * 1024 * 1024 });
  const ctx = createContext(options);

  app.addHook('onRequest', async (request, reply) => {
    ctx.requests += 1;
    if (!request.url.startsWith('/rest/')) return;
    const hit = ctx.faults.take(request.url.split('?')[0] ?? '');
    if (!hit) return;
    if (hit.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, hit.delayMs));
    if (hit.status !== undefined) {
      if (hit.status === 429) void reply.header('retry-after', '1');
      return reply.status(hit.status).send(hit.body);
    }
  });
  app.setErrorHandler((error, _request, reply) => {
    if (isMagentoApiError(error)) return reply.status(error.statusCode).send(error.body);
    const status = (error as { statusCode?: number }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return reply.status(status).send({ message: (error as Error).message });
    }
    // Production mode hides the cause behind a report id.
    app.log.error(error);
    return reply.status(500).send({ message: `Internal Error. Details are available in Magento log file. Report ID: ${reportId()}` });
  });
  app.setNotFoundHandler((_request, reply) => {
    const error = routeNotFound();
    return reply.status(error.statusCode).send(error.body);
  });

  const rest = async (scope: FastifyInstance): Promise<void> => {
    registerReadRoutes(scope, ctx);
    registerWriteRoutes(scope, ctx);
  };
  void app.register(rest, { prefix: '/rest/V1' });
  void app.register(rest, { prefix: '/rest/:storeCode/V1' });
  registerControlRoutes(app, ctx);

  app.decorate('magento', {
    context: ctx,
    simulateActivity: (request: ActivityRequest = {}) => simulateActivity(ctx, request),
  });
  // decorate() adds the property at run time; the type says so.
  return app as unknown as MagentoEmulator;
}

export interface StartedMagentoEmulator {
  url: string;
  app: MagentoEmulator;
  close(): Promise<void>;
}

export async function startMagentoEmulator(
  options: MagentoEmulatorOptions & { port?: number; host?: string } = {},
): Promise<StartedMagentoEmulator> {
  const { port = 0, host = '127.0.0.1', ...rest } = options;
  const app = buildMagentoEmulator(rest);
  await app.listen({ port, host });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address !== null ? address.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  return { url, app, close: () => app.close() };
}
