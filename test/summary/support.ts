// A generated store posting daily summaries against both emulators, on a simulated clock: what the summary end-to-end
// tests share (set-up, working the queue as time passes, reading Xero and Magento back).
import { DEFAULT_NOW } from '../../src/emulators/magento/index.js';
import type { MagentoRecord } from '../../src/emulators/magento/store.js';
import { SimulatedClock } from '../../src/domain/clock.js';
import type { CrashPoints } from '../../src/runtime/crash-points.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { RuntimeSyncService } from '../../src/runtime/sync-service.js';
import { DEFAULT_SETTINGS } from '../../src/settings/schemas.js';
import { readStores, saveStores } from '../../src/settings/stores.js';
import { openStorage } from '../../src/storage/storage.js';
import { memoryLogger } from '../support/quiet-logger.js';
import { startStack, type Stack } from '../support/stack.js';
import { xeroDocuments } from '../support/xero-state.js';

export const SUMMARY_FROM = '2025-11-01';
export const UNLIMITED = { perMinute: 1_000_000, concurrent: 1_000, perDay: 1_000_000 };

export interface SummaryStack {
  stack: Stack;
  runtime: Runtime;
  clock: SimulatedClock;
  service: RuntimeSyncService;
  close(): Promise<void>;
}

/** `orders` orders over the `days` before 2026-01-01, every store posting daily summaries; the clock at `start`. */
export async function summaryStack(options: { orders: number; days: number; start?: number; clearing?: boolean; crashPoints?: CrashPoints; from?: string }): Promise<SummaryStack> {
  const clock = new SimulatedClock(options.start ?? DEFAULT_NOW + 12 * 3_600_000);
  const stack = await startStack({
    magento: { customers: Math.max(20, Math.round(options.orders / 5)), products: 30, orders: options.orders, days: options.days, clock: () => clock.now() },
    xero: { tenants: [{ name: 'Summary Shop (US)', region: 'US', currencies: ['GBP', 'EUR'] }], limits: UNLIMITED, clock: () => clock.now() },
  });
  await stack.connectXero();
  const config = stack.config();
  const runtime = new Runtime({
    config,
    storage: await openStorage(config.databaseUrl),
    logger: memoryLogger(),
    clock,
    limits: UNLIMITED,
    ...(options.crashPoints ? { crashPoints: options.crashPoints } : {}),
  });
  await runtime.ensureReady();
  const stores = await readStores(runtime.storage.settings);
  for (const store of Object.values(stores)) store.postingPeriods = [{ from: options.from ?? SUMMARY_FROM, mode: 'summary' }];
  await saveStores(runtime.storage.settings, stores);
  await runtime.storage.settings.set('paymentMapping', {
    ...DEFAULT_SETTINGS.paymentMapping,
    purchaseorder: 'do_not_pay',
    braintree: '611',
    paypal_express: '612',
  });
  await runtime.storage.settings.set('summary', { closeHour: 3, clearingAccounts: options.clearing === false ? [] : ['611', '612'] });
  const service = new RuntimeSyncService(runtime);
  await service.syncAccounts();
  return {
    stack,
    runtime,
    clock,
    service,
    async close() {
      await runtime.close();
      await stack.close();
    },
  };
}

/** Works the queue until nothing is due now (later entries, such as days that have not closed, stay queued). */
export async function workQueue(runtime: Runtime): Promise<void> {
  const worker = runtime.worker();
  for (let round = 0; round < 50; round++) {
    await worker.runUntilIdle();
    const next = await runtime.storage.queue.nextDueAt();
    if (next === undefined || next > runtime.clock.now()) return;
  }
}

/** Moves the simulated clock on and works what fell due. */
export async function advanceTo(s: SummaryStack, at: number): Promise<void> {
  s.clock.advance(at - s.clock.now());
  await workQueue(s.runtime);
}

export function magentoRecords(s: SummaryStack, kind: 'orders' | 'invoices' | 'creditmemos'): MagentoRecord[] {
  return [...s.stack.magento.app.magento.context.store[kind].all()];
}

export async function summaryDocuments(s: SummaryStack): Promise<{ invoices: Array<Record<string, any>>; creditNotes: Array<Record<string, any>> }> {
  const invoices = (await xeroDocuments(s.stack.xero.url, 'Invoices')).filter((i) => /^Daily sales /.test(String(i['Reference'] ?? '')));
  const creditNotes = (await xeroDocuments(s.stack.xero.url, 'CreditNotes')).filter((c) => /^Daily refunds /.test(String(c['Reference'] ?? '')));
  return { invoices, creditNotes };
}
