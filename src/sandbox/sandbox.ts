import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { toConfig } from '../config/config.js';
import { parseEnvironment } from '../config/environment.js';
import { startMagentoEmulator, type StartedMagentoEmulator } from '../emulators/magento/index.js';
import { startXeroEmulator, type StartedXeroEmulator } from '../emulators/xero/index.js';
import { createLogger, type Logger } from '../observability/logger.js';
import { startHost, type Host } from '../runtime/host.js';
import { Runtime } from '../runtime/runtime.js';
import { openStorage } from '../storage/storage.js';
import { isLive } from '../settings/go-live.js';
import { goLiveReview, startSyncing } from '../runtime/go-live.js';
import { emulatedEnvironment } from './emulated-env.js';
import { MagentoSnapshots } from './magento-snapshots.js';
import { mapOtherCountriesTaxes } from './foreign-taxes.js';
import { XeroSnapshots } from './xero-snapshots.js';

/**
 * The sandbox: the service wired to a seeded Magento emulator and a Xero emulator, connected through the emulator's consent
 * flow, accounts mapped, the store queued and syncing. Everything lives under one data folder, so a second start resumes:
 * the connector's database, the admin password and the Xero organisation (saved on stop, loaded on start).
 */
export interface SandboxOptions {
  dataDir: string;
  port: number;
  customers: number;
  products: number;
  orders: number;
  seed: number;
  /** Seconds between simulated store activity (new orders, invoices, refunds); 0 = a still store. */
  activitySeconds: number;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

/** Fixed so the sandbox's organisation is the same one across restarts. */
export const SANDBOX_TENANT_ID = '5b1d2f0e-6a8c-4f3e-9d7a-3c2b1a0f9e8d';
/** Development only: the sandbox's stored credentials are the emulators', not real secrets. */
const SANDBOX_SECRET_KEY = 'sandbox-only-secret-key-not-for-real-credentials';
const WEBHOOK_SECRET = 'sandbox-webhook-secret';

export interface RunningSandbox {
  url: string;
  password: string;
  magento: StartedMagentoEmulator;
  xero: StartedXeroEmulator;
  host: Host;
  runtime: Runtime;
  stop(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const password = adminPassword(dataDir, options.env['ADMIN_PASSWORD']);
  const firstStart = !existsSync(join(dataDir, 'magento-xero.db')) && !options.env['DATABASE_URL'];
  const logger: Logger = createLogger({ level: options.env['LOG_LEVEL'] ?? 'warn' });

  // What it is doing while it starts: a first start generates the store, which takes a moment.
  options.log('Starting the Xero emulator…');
  const snapshots = new XeroSnapshots(join(dataDir, 'xero-organisation.json'));
  const xero = await startXeroEmulator({
    autoConsent: true,
    tenants: [{ name: 'Sandbox Shop (US)', region: 'US', currencies: ['GBP', 'EUR'], tenantId: SANDBOX_TENANT_ID, shortCode: '!SNDBX' }],
  });
  snapshots.restore(xero.app);

  const publicUrl = `http://localhost:${options.port}`;
  const store = new MagentoSnapshots(join(dataDir, 'magento-store.json'));
  options.log(store.exists() ? `Starting the Magento emulator with the store kept in ${dataDir}…` : `Starting the Magento emulator and generating a store of ${options.orders} orders…`);
  const magento = await startMagentoEmulator({
    seed: options.seed,
    // Adobe Commerce amounts too (gift cards, store credit, reward points), so the sandbox meets them every day.
    ...(store.exists() ? { empty: true } : { customers: options.customers, products: options.products, orders: options.orders, commerce: true }),
    webhookUrl: `http://127.0.0.1:${options.port}/webhooks/magento`,
    webhookSecret: WEBHOOK_SECRET,
  });
  store.restore(magento.app);

  const config = toConfig(
    parseEnvironment({
      DATABASE_URL: options.env['DATABASE_URL'] ?? `sqlite:${join(dataDir, 'magento-xero.db')}`,
      PORT: String(options.port),
      HOST: options.env['HOST'] ?? '127.0.0.1',
      PUBLIC_URL: publicUrl,
      ADMIN_PASSWORD: password,
      LOG_LEVEL: options.env['LOG_LEVEL'] ?? 'warn',
      ...emulatedEnvironment({ magentoUrl: magento.url, xeroUrl: xero.url, webhookSecret: WEBHOOK_SECRET }),
    }),
  );
  options.log('Opening the database…');
  const storage = await openStorage(config.databaseUrl);
  const runtime = new Runtime({ config, storage, logger, secretKey: SANDBOX_SECRET_KEY, linkBase: xero.url });
  options.log("Connecting Xero through the emulator's consent page, and reading Magento's stores and tax rates…");

  // Connect through the emulator's consent page (auto-consent), as a merchant pressing Connect would.
  const { url: authorizeUrl } = await runtime.connections!.start(`${publicUrl}/oauth/callback`);
  const consent = await fetch(authorizeUrl, { redirect: 'manual' });
  const callback = consent.headers.get('location');
  if (!callback) throw new Error(`the Xero emulator did not redirect after consent (HTTP ${consent.status})`);
  await runtime.connections!.callback(callback);
  await runtime.ensureReady();
  if ((await storage.settings.get('accounts')) === undefined) {
    // Gift cards and store credit are liabilities that take payments: `accounts sync` below creates them so.
    await storage.settings.set('accounts', { bank: '090', sales: '200', rounding: '860', shipping: '200', giftCardLiability: '2150', storeCreditLiability: '2160' });
  }
  // The sandbox is a demonstration: it confirms its own mapping (and allows the emulated store's tax rates to be
  // created) so `npm start` syncs in front of you. A real installation waits for a person to press "Start syncing".
  if (!(await isLive(storage.settings, SANDBOX_TENANT_ID))) {
    // The emulated store sells abroad: its other countries' rates are named too, so every order posts.
    const review = await goLiveReview(runtime, SANDBOX_TENANT_ID);
    await startSyncing(runtime, { tenantId: SANDBOX_TENANT_ID, createTaxRates: review.taxRates.filter((r) => r.create).map((r) => r.code) });
    options.log('Sandbox mapping confirmed: syncing started.');
  }

  const foreign = await mapOtherCountriesTaxes(runtime, magento.app.magento.context.store.orders.all()).catch((error: unknown) => {
    options.log(`Tax mapping: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  });
  if (foreign.length > 0) options.log(`Mapped ${foreign.length} other countries' tax rates to Xero rates of their own (a merchant does this on the Tax mapping page).`);

  // A sandbox that cannot start (its port is taken) stops what it started: no emulators left listening.
  const host = await startHost(runtime, { worker: true, scheduler: true, pollIntervalMs: 5_000 }).catch(async (error: unknown) => {
    await runtime.close().catch(() => undefined);
    await Promise.allSettled([magento.close(), xero.close()]);
    throw error;
  });
  await host.service.syncAccounts().catch((error: unknown) => options.log(`Accounts: ${error instanceof Error ? error.message : String(error)}`));
  if (firstStart) {
    const { queued } = await host.service.enqueue('all');
    options.log(`Queued the store: ${queued} records.`);
  }

  const activity = options.activitySeconds > 0
    ? setInterval(() => void magento.app.magento.simulateActivity({}).catch(() => undefined), options.activitySeconds * 1000)
    : undefined;
  activity?.unref();

  return {
    url: host.url,
    password,
    magento,
    xero,
    host,
    runtime,
    async stop() {
      if (activity) clearInterval(activity);
      await host.stop();
      snapshots.save(xero.app);
      store.save(magento.app);
      await runtime.close();
      await Promise.allSettled([magento.close(), xero.close()]);
    },
  };
}

/** ADMIN_PASSWORD when given; otherwise one made on the first start and kept in the data folder. */
function adminPassword(dataDir: string, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  const file = join(dataDir, 'admin-password.txt');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(9).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}
