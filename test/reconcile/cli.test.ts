// `magento-xero reconcile` in-process (the command is registered by the lead in commands/index.ts): the JSON report and
// the exit code say whether the books agree, and --repair queues, posts and compares again.
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerReconcile } from '../../src/cli/commands/reconcile.js';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '../../src/emulators/xero/index.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { RuntimeSyncService } from '../../src/runtime/sync-service.js';
import { startStack, type Stack } from '../support/stack.js';
import { xeroDocuments } from '../support/xero-state.js';

const auth = `Basic ${Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString('base64')}`;

async function reconcileCommand(args: string[]): Promise<{ code: number; report: any }> {
  const program = new Command().exitOverride();
  registerReconcile(program);
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'magento-xero', 'reconcile', ...args]);
  } finally {
    process.stdout.write = write;
  }
  const code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  process.exitCode = undefined;
  return { code, report: JSON.parse(chunks.join('')) };
}

describe('magento-xero reconcile', () => {
  let stack: Stack;
  let runtime: Runtime;
  const saved = { ...process.env };

  beforeAll(async () => {
    stack = await startStack({
      magento: { customers: 8, products: 8, orders: 20 },
      xero: { tenants: [{ name: 'Demo Company (US)', region: 'US', baseCurrency: 'USD' }], limits: { perMinute: 100_000, perDay: 1_000_000, concurrent: 50 } },
    });
    await stack.connectXero();
    runtime = await stack.runtime();
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
    for (let i = 0; i < 3; i++) await worker.runUntilIdle();
    await runtime.close();
    Object.assign(process.env, stack.env);
  }, 120_000);
  afterAll(async () => {
    process.env = saved;
    await stack?.close();
  });

  it('exits 0 when the books agree, 1 after a payment is removed in Xero, and 0 again after --repair', async () => {
    const agree = await reconcileCommand(['--from', '2000-01-01', '--to', '2099-12-31', '--json']);
    expect(agree.report.issues).toEqual([]);
    expect(agree.report.agreed).toBe(true);
    expect(agree.code).toBe(0);

    const paid = (await xeroDocuments(stack.xero.url, 'Invoices')).find((i) => i['Status'] === 'PAID' && (i['Payments'] ?? []).length === 1)!;
    const state = await fetch(`${stack.xero.url}/__emulator/state`, { headers: { authorization: auth } }).then((r) => r.json() as Promise<any>);
    const org = state.organisations[0];
    const res = await fetch(`${stack.xero.url}/__emulator/tenants/${org.tenantId}/edit`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'POST', path: `/Payments/${paid['Payments'][0]['PaymentID']}`, body: { Payments: [{ Status: 'DELETED' }] } }),
    });
    expect(res.ok).toBe(true);

    const differ = await reconcileCommand(['--from', '2000-01-01', '--to', '2099-12-31', '--json']);
    expect(differ.code).toBe(1);
    expect(differ.report.issues.map((i: any) => [i.kind, i.number, i.action])).toEqual([['payment-missing', paid['InvoiceNumber'], 'queue']]);

    const repaired = await reconcileCommand(['--from', '2000-01-01', '--to', '2099-12-31', '--repair', '--json']);
    expect(repaired.report.repair).toMatchObject({ queued: 1, posted: 1 });
    expect(repaired.report.issues).toEqual([]);
    expect(repaired.code).toBe(0);
  }, 120_000);
});
