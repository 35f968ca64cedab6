// The cost in API calls of reconciling a month, measured against both emulators: a generated store of N orders over
// `days` days is synced to Xero, then reconciled in full and again incrementally. For the benchmark (it takes a while
// for 10,000 orders); `cost.test.ts` runs a small one in `npm test` and the large one when RECONCILE_COST_ORDERS is set.
import { addDays, epochToLocalDate } from '../../src/domain/dates.js';
import { RuntimeSyncService } from '../../src/runtime/sync-service.js';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '../../src/emulators/xero/index.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { openStorage } from '../../src/storage/storage.js';
import { memoryLogger } from '../support/quiet-logger.js';
import { startStack } from '../support/stack.js';
import { xeroRequests } from '../support/xero-state.js';
import { reconcilerFor } from '../../src/runtime/reconciler.js';

export interface ReconcileCost {
  orders: number;
  days: number;
  /** Documents compared on each side. */
  magentoDocuments: number;
  xeroDocuments: number;
  /** Xero calls of a first (full) reconciliation, as counted by the reconciler and as the emulator logged them. */
  fullCalls: number;
  fullCallsLogged: number;
  /** Xero calls of the next run over the same range (If-Modified-Since: nothing changed). */
  incrementalCalls: number;
  /** Magento searches of the full run. */
  magentoCalls: number;
  issues: number;
  /** Wall time of the full reconciliation, for information only. */
  fullMs: number;
}

export async function measureReconcileCost(options: { orders: number; days?: number; customers?: number; products?: number }): Promise<ReconcileCost> {
  const days = options.days ?? 30;
  const stack = await startStack({
    magento: { customers: options.customers ?? Math.max(20, Math.round(options.orders / 20)), products: options.products ?? 40, orders: options.orders, days },
    xero: {
      tenants: [{ name: 'Demo Company (US)', region: 'US', baseCurrency: 'USD' }],
      limits: { perMinute: 10_000_000, perDay: 10_000_000, concurrent: 100 },
    },
  });
  const auth = `Basic ${Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString('base64')}`;
  try {
    await stack.connectXero();
    // The connector's own limiter at Xero's real 60 calls a minute would make syncing 10,000 orders take a quarter of an
    // hour; the measurement is of the reconciliation's calls, so the sync runs unthrottled.
    const config = stack.config();
    const runtime = new Runtime({ config, storage: await openStorage(config.databaseUrl), logger: memoryLogger(), limits: { perMinute: 10_000_000, perDay: 10_000_000, concurrent: 100 } });
    try {
      await runtime.ensureReady();
      const tenantId = await runtime.defaultTenant();
      for (const code of ['EUR', 'GBP']) {
        await fetch(`${stack.xero.url}/__emulator/tenants/${tenantId}/edit`, {
          method: 'POST',
          headers: { authorization: auth, 'content-type': 'application/json' },
          body: JSON.stringify({ method: 'PUT', path: '/Currencies', body: { Code: code } }),
        });
      }
      await new RuntimeSyncService(runtime).enqueue('all');
      const worker = runtime.worker();
      for (let i = 0; i < 5; i++) {
        await worker.runUntilIdle();
        if ((await runtime.storage.queue.nextDueAt()) === undefined) break;
        await runtime.storage.queue.expedite(undefined, Date.now());
      }
      const to = epochToLocalDate(Date.now() + 86_400_000, 'UTC');
      const range = { from: addDays(to, -(days + 2)), to };
      await fetch(`${stack.xero.url}/__emulator/requests`, { method: 'DELETE', headers: { authorization: auth } });
      const reconciler = reconcilerFor(runtime);
      const started = Date.now();
      const full = await reconciler.reconcile(range, { full: true });
      const fullMs = Date.now() - started;
      const fullCallsLogged = (await xeroRequests(stack.xero.url)).length;
      const incremental = await reconciler.reconcile(range);
      return {
        orders: options.orders,
        days,
        magentoDocuments: full.magentoDocuments,
        xeroDocuments: full.xeroDocuments,
        fullCalls: full.xeroCalls,
        fullCallsLogged,
        incrementalCalls: incremental.xeroCalls,
        magentoCalls: full.magentoCalls,
        issues: full.issues.length,
        fullMs,
      };
    } finally {
      await runtime.close();
    }
  } finally {
    await stack.close();
  }
}
