// Posting mode "invoices" with number prefixes: each Magento invoice is its own Xero invoice; the reconciliation matches
// them by prefix + increment id, ignores the merchant's own invoices, and repairs a payment removed in Xero.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '../../src/emulators/xero/index.js';
import { DEFAULT_SETTINGS } from '../../src/settings/schemas.js';
import { issueKey } from '../../src/reconcile/reconciler.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { RuntimeSyncService } from '../../src/runtime/sync-service.js';
import { startStack, type Stack } from '../support/stack.js';
import { xeroDocuments } from '../support/xero-state.js';
import { reconcilerFor } from '../../src/runtime/reconciler.js';

const RANGE = { from: '2000-01-01', to: '2099-12-31' };
const auth = `Basic ${Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString('base64')}`;

describe('reconciliation in posting mode "invoices" with prefixes', () => {
  let stack: Stack;
  let runtime: Runtime;
  let tenantId: string;

  const edit = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${stack.xero.url}/__emulator/tenants/${tenantId}/edit`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ method, path, ...(body ? { body } : {}) }),
    });
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  };
  const drain = async () => {
    const worker = runtime.worker();
    for (let i = 0; i < 3; i++) await worker.runUntilIdle();
  };

  beforeAll(async () => {
    stack = await startStack({
      magento: { customers: 10, products: 10, orders: 30 },
      xero: { tenants: [{ name: 'Demo Company (US)', region: 'US', baseCurrency: 'USD' }], limits: { perMinute: 100_000, perDay: 1_000_000, concurrent: 50 } },
    });
    await stack.connectXero();
    runtime = await stack.runtime();
    await runtime.ensureReady();
    tenantId = await runtime.defaultTenant();
    for (const code of ['EUR', 'GBP']) await edit('PUT', '/Currencies', { Code: code });
    await runtime.storage.settings.set('posting', { ...DEFAULT_SETTINGS.posting, postAs: 'invoices', invoicePrefix: 'MX-', creditNotePrefix: 'MXC-' });
    await new RuntimeSyncService(runtime).enqueue('all');
    await drain();
  }, 120_000);
  afterAll(async () => {
    await runtime?.close();
    await stack?.close();
  });

  it('agrees after the sync, finds a removed payment and an unknown MX- invoice, and repairs the payment', async () => {
    const reconciler = reconcilerFor(runtime);
    const invoices = (await xeroDocuments(stack.xero.url, 'Invoices')).filter((i) => i['Type'] === 'ACCREC');
    expect(invoices.length).toBeGreaterThan(5);
    expect(invoices.every((i) => String(i['InvoiceNumber']).startsWith('MX-'))).toBe(true);
    const clean = await reconciler.reconcile(RANGE);
    expect(clean.issues).toEqual([]);
    expect(clean.magentoDocuments).toBeGreaterThanOrEqual(invoices.length);

    const paid = invoices.find((i) => (i['Payments'] ?? []).length === 1)!;
    await edit('POST', `/Payments/${paid['Payments'][0]['PaymentID']}`, { Payments: [{ Status: 'DELETED' }] });
    const contact = { ContactID: paid['Contact']['ContactID'] };
    const line = [{ Description: 'By hand', Quantity: 1, UnitAmount: 10, AccountCode: '200' }];
    const date = String(paid['DateString']).slice(0, 10);
    await edit('PUT', '/Invoices', {
      Invoices: [
        { Type: 'ACCREC', InvoiceNumber: 'MX-000009998', Contact: contact, Date: date, Status: 'AUTHORISED', LineAmountTypes: 'NoTax', LineItems: line },
        { Type: 'ACCREC', InvoiceNumber: 'INV-0042', Contact: contact, Date: date, Status: 'AUTHORISED', LineAmountTypes: 'NoTax', LineItems: line },
      ],
    });

    const found = await reconciler.reconcile(RANGE);
    expect(found.issues.map((i) => `${i.kind}:${i.number}:${i.action}`).sort()).toEqual(
      [`payment-missing:${paid['InvoiceNumber']}:queue`, 'missing-in-magento:MX-000009998:person'].sort(),
    );
    const payment = found.issues.find((i) => i.kind === 'payment-missing')!;
    expect(payment.entity).toBe('invoice');

    // What the page's "Queue a repair" button does for one row.
    expect((await reconciler.repairRange(RANGE, [issueKey(payment)])).queued).toBe(1);
    await drain();
    const after = await reconciler.reconcile(RANGE);
    expect(after.issues.map((i) => i.kind)).toEqual(['missing-in-magento']);
    const repaid = (await xeroDocuments(stack.xero.url, 'Invoices')).find((i) => i['InvoiceID'] === paid['InvoiceID'])!;
    expect(repaid['Status']).toBe('PAID');
  }, 120_000);
});
