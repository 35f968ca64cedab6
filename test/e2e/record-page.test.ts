// A record's own page after a real post to the Xero emulator: what was sent and what came back (the invoice as sent, the
// invoice as Xero answered it), every attempt, a link to the Magento Admin and "View on Xero" on XERO_LOGIN_URL's host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { RuntimeSyncService } from '../../src/runtime/sync-service.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import type { FastifyInstance } from 'fastify';
import { Client, FakeSync, PASSWORD } from '../http/support.js';
import { startStack, type Stack } from '../support/stack.js';

type Doc = Record<string, any>;

describe('the page of one record', () => {
  let stack: Stack;
  let rt: Runtime;
  let app: FastifyInstance;
  let c: Client;
  let order: Doc;
  let invoice: Doc;

  beforeAll(async () => {
    stack = await startStack({ magento: { customers: 8, products: 6, orders: 30 } });
    await stack.connectXero();
    rt = await stack.runtime();
    const store = stack.magento.app.magento.context.store;
    const sync = new RuntimeSyncService(rt);
    // The first Magento invoice that becomes a payment (methods set to "do not pay" are skipped, with their reason).
    let posted: Awaited<ReturnType<RuntimeSyncService['syncRecord']>> | undefined;
    for (const candidate of store.invoices.all() as Doc[]) {
      posted = await sync.syncRecord('invoice', String(candidate['entity_id']));
      invoice = candidate;
      if (posted.status === 'success') break;
    }
    expect(posted?.status, posted?.message).toBe('success');
    order = store.orders.all().find((o: Doc) => o['entity_id'] === invoice['order_id']) as Doc;
    // The exchange is written beside the work: wait for it rather than for a fixed time.
    for (let i = 0; i < 100 && (await rt.storage.exchanges.find([posted!.xeroId!])).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    app = await buildApp({
      storage: rt.storage,
      sync: new FakeSync(),
      config: { publicUrl: 'http://localhost:3000', adminPassword: PASSWORD, magento: { baseUrl: stack.magento.url, adminUrl: 'https://shop.example.com/backoffice' } },
    });
    c = new Client(app);
    await c.login();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await rt?.close();
    await stack?.close();
  });

  it("an order's page shows the invoice as sent and as Xero answered it, with links both ways", async () => {
    const page = await c.get(`/record/order/${String(order['entity_id'])}`);
    expect(page.statusCode).toBe(200);
    const body = page.body;
    expect(body).toContain(`Order ${String(order['increment_id'])}`);
    expect(body).toContain('What was sent to Xero and what came back');
    expect(body).toMatch(/created in Invoices/);
    // As sent: the number and the Magento reference; as answered: the id Xero gave it.
    expect(body).toContain(`&quot;InvoiceNumber&quot;: &quot;${String(order['increment_id'])}&quot;`);
    expect(body).toMatch(/&quot;InvoiceID&quot;: &quot;[0-9a-f-]{36}&quot;/);
    expect(body).toContain(`https://shop.example.com/backoffice/sales/order/view/order_id/${String(order['entity_id'])}/`);
    // "View on Xero" opens on the host XERO_LOGIN_URL names (the emulator here), not on Xero's own.
    expect(body).toContain(`${stack.xero.url}/organisationlogin/default.aspx?shortcode=`);
    expect(body).not.toContain('https://go.xero.com');
  });

  it("a Magento invoice's page shows its payment, not the order's invoice that shares its number", async () => {
    const page = await c.get(`/record/invoice/${String(invoice['entity_id'])}`);
    const body = page.body;
    expect(body).toMatch(/created in Payments/);
    expect(body).toMatch(/&quot;PaymentID&quot;: &quot;[0-9a-f-]{36}&quot;/);
    expect(body).not.toMatch(/created in Invoices/);
    expect(body).toContain(`/sales/invoice/view/invoice_id/${String(invoice['entity_id'])}/`);
    // Every attempt is listed with its outcome.
    expect(body).toMatch(/<h2>Every attempt<\/h2>[\s\S]*<td[^>]*>[\s\S]*success/);
  });

  it('the log links each row to its record page', async () => {
    const log = await c.get('/log');
    expect(log.body).toContain(`href="/record/invoice/${String(invoice['entity_id'])}"`);
  });
});
