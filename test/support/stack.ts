import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toConfig, type Config } from '../../src/config/config.js';
import { parseEnvironment } from '../../src/config/environment.js';
import { startMagentoEmulator, type MagentoEmulatorOptions, type StartedMagentoEmulator } from '../../src/emulators/magento/index.js';
import { startXeroEmulator, type StartedXeroEmulator, type XeroEmulatorOptions } from '../../src/emulators/xero/index.js';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '../../src/emulators/xero/index.js';
import { DEFAULT_TOKEN } from '../../src/emulators/magento/index.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { openStorage } from '../../src/storage/storage.js';
import { goLiveReview, startSyncing } from '../../src/runtime/go-live.js';
import { memoryLogger } from './quiet-logger.js';
import { assertUntaxedLinesFiledUntaxed } from './tax-audit.js';
import { mapOtherCountriesTaxes } from '../../src/sandbox/foreign-taxes.js';

export const TEST_SECRET_KEY = 'test-secret-key-0123456789abcdef0123456789';

/**
 * Both emulators on loopback ports and the environment a connector process needs to talk to them: what the end-to-end
 * tests hand to the built CLI, and to an in-process runtime.
 */
export interface Stack {
  magento: StartedMagentoEmulator;
  xero: StartedXeroEmulator;
  dir: string;
  env: Record<string, string>;
  config(): Config;
  /** An in-process runtime on the stack's database (close it when done). */
  runtime(): Promise<Runtime>;
  /**
   * Runs Xero's consent flow against the emulator (auto-consent) and stores the grant in the stack's database. The
   * generated store charges other countries' taxes too; like the sandbox, this maps them by hand (automatic mapping
   * never does) unless `mapOtherCountriesTaxes` is false.
   */
  connectXero(options?: { mapOtherCountriesTaxes?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export async function startStack(
  options: {
    magento?: MagentoEmulatorOptions;
    xero?: XeroEmulatorOptions;
    databaseUrl?: string;
    /** false: connect Xero but leave the go-live gate closed (nothing is posted until the test starts syncing). */
    goLive?: boolean;
  } = {},
): Promise<Stack> {
  const magento = await startMagentoEmulator({ seed: 7, ...options.magento });
  // The generated store sells in USD (base), GBP and EUR: an organisation that takes all three, like the sandbox's.
  const xero = await startXeroEmulator({
    autoConsent: true,
    tenants: [{ name: 'Test Shop (US)', region: 'US', currencies: ['GBP', 'EUR'] }],
    ...options.xero,
  });
  const dir = mkdtempSync(join(tmpdir(), 'mx-e2e-'));
  const env: Record<string, string> = {
    DATABASE_URL: options.databaseUrl ?? `sqlite:${join(dir, 'connector.db')}`,
    SECRET_KEY: TEST_SECRET_KEY,
    PORT: '0',
    LOG_LEVEL: 'warn',
    MAGENTO_BASE_URL: magento.url,
    MAGENTO_ACCESS_TOKEN: options.magento?.token ?? DEFAULT_TOKEN,
    XERO_CLIENT_ID: options.xero?.clientId ?? DEFAULT_CLIENT_ID,
    XERO_CLIENT_SECRET: options.xero?.clientSecret ?? DEFAULT_CLIENT_SECRET,
    XERO_API_URL: xero.url,
    XERO_IDENTITY_URL: xero.url,
    XERO_LOGIN_URL: xero.url,
  };
  const config = () => toConfig(parseEnvironment(env));
  const runtime = async () => {
    const c = config();
    return new Runtime({ config: c, storage: await openStorage(c.databaseUrl), logger: memoryLogger() });
  };
  return {
    magento,
    xero,
    dir,
    env,
    config,
    runtime,
    connectXero: (connect = {}) =>
      connectXero(env, connect.mapOtherCountriesTaxes === false ? [] : magento.app.magento.context.store.orders.all(), {
        goLive: options.goLive !== false,
      }),
    async close() {
      // Every document the test posted: no line without tax filed under a taxed rate (test/support/tax-audit.ts).
      const audit = await assertUntaxedLinesFiledUntaxed(xero.url).then(
        () => undefined,
        (error: unknown) => error,
      );
      await Promise.allSettled([magento.close(), xero.close()]);
      rmSync(dir, { recursive: true, force: true });
      if (audit instanceof Error && audit.message.startsWith('Lines without tax')) throw audit;
    },
  };
}

/**
 * Runs Xero's consent flow against an emulator that consents by itself, with an in-process runtime on the database and
 * emulators `env` names, and stores the grant there: a connector process started on that environment is connected.
 * The other countries' tax rates the given orders use are mapped as a merchant would (see src/sandbox/foreign-taxes.ts).
 */
export async function connectXero(env: Record<string, string>, orders: readonly unknown[] = [], options: { goLive?: boolean } = {}): Promise<void> {
  const c = toConfig(parseEnvironment(env));
  const rt = new Runtime({ config: c, storage: await openStorage(c.databaseUrl), logger: memoryLogger() });
  try {
    const { url } = await rt.connections!.start('http://localhost/oauth/callback');
    const answer = await fetch(url, { redirect: 'manual' });
    const location = answer.headers.get('location');
    if (!location) throw new Error(`the emulator's consent did not redirect (HTTP ${answer.status})`);
    await rt.connections!.callback(location);
    await rt.ensureReady();
    if (orders.length > 0) await mapOtherCountriesTaxes(rt, orders);
    if (options.goLive !== false) {
      // What a merchant confirms before going live ("Start syncing"): the mapping's own default accounts, and every
      // listed tax rate allowed (the other countries' ones are mapped above, as a merchant maps them by hand).
      if ((await rt.storage.settings.get('accounts')) === undefined) await rt.storage.settings.set('accounts', { bank: '090', sales: '200' });
      const review = await goLiveReview(rt);
      await startSyncing(rt, { createTaxRates: review.taxRates.filter((r) => r.create).map((r) => r.code) });
    }
  } finally {
    await rt.close();
  }
}
