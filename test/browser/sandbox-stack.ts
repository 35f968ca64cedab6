import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toConfig } from '../../src/config/config.js';
import { parseEnvironment } from '../../src/config/environment.js';
import { startMagentoEmulator, type StartedMagentoEmulator } from '../../src/emulators/magento/index.js';
import { startXeroEmulator, type StartedXeroEmulator } from '../../src/emulators/xero/index.js';
import { createLogger } from '../../src/observability/logger.js';
import { startHost, type Host } from '../../src/runtime/host.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { openStorage } from '../../src/storage/storage.js';
import { emulatedEnvironment } from '../../src/sandbox/emulated-env.js';

/**
 * The sandbox's stack (service + seeded Magento emulator + Xero emulator), wired as src/sandbox/sandbox.ts wires it but NOT
 * connected to Xero and with no accounts mapped: the browser journey does that through the admin UI and the emulator's
 * consent page (autoConsent off). No scheduler, so the queue holds only what the journey adds.
 */
export interface JourneyStack {
  url: string;
  password: string;
  organisation: string;
  shortCode: string;
  magento: StartedMagentoEmulator;
  xero: StartedXeroEmulator;
  host: Host;
  runtime: Runtime;
  stop(): Promise<void>;
}

export const PASSWORD = 'journey-password-1';
const WEBHOOK_SECRET = 'journey-webhook-secret';

/** A port the OS says is free: the service's public URL (the OAuth redirect) must name its real port before it listens. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startJourneyStack(store: { customers: number; products: number; orders: number; seed: number }): Promise<JourneyStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mx-journey-'));
  const organisation = 'Sandbox Shop (US)';
  const shortCode = '!SNDBX';
  const xero = await startXeroEmulator({
    autoConsent: false,
    tenants: [{ name: organisation, region: 'US', currencies: ['GBP', 'EUR'], shortCode }],
  });
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const magento = await startMagentoEmulator({
    seed: store.seed,
    customers: store.customers,
    products: store.products,
    orders: store.orders,
    webhookUrl: `${publicUrl}/webhooks/magento`,
    webhookSecret: WEBHOOK_SECRET,
  });
  const config = toConfig(
    parseEnvironment({
      DATABASE_URL: `sqlite:${join(dataDir, 'magento-xero.db')}`,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: publicUrl,
      ADMIN_PASSWORD: PASSWORD,
      LOG_LEVEL: 'warn',
      ...emulatedEnvironment({ magentoUrl: magento.url, xeroUrl: xero.url, webhookSecret: WEBHOOK_SECRET }),
    }),
  );
  const storage = await openStorage(config.databaseUrl);
  const logger = createLogger({ level: 'warn' });
  const runtime = new Runtime({ config, storage, logger, secretKey: 'journey-only-secret-key-not-a-real-one', linkBase: xero.url });
  await runtime.ensureReady();
  const host = await startHost(runtime, { worker: true, scheduler: false });
  return {
    url: publicUrl,
    password: PASSWORD,
    organisation,
    shortCode,
    magento,
    xero,
    host,
    runtime,
    async stop() {
      await host.stop();
      await runtime.close();
      await Promise.allSettled([magento.close(), xero.close()]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
