// The Summary pages and the Paid in Xero page, rendered from storage: a day's lines with the Magento documents behind
// them, payments per account, late changes; orders paid in Xero with their part payments; names escaped everywhere.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveStores } from '../../src/settings/stores.js';
import type { Contribution } from '../../src/mapping/summary/index.js';
import { Client, harness, HOSTILE, type Harness } from './support.js';

let h: Harness;
let c: Client;

const sale = (cents: number, tax: number): Contribution => ({
  kind: 'sale',
  currency: 'NZD',
  mode: 'Exclusive',
  lines: [
    { kind: 'goods', accountCode: '200', taxType: 'OUTPUT2', grossCents: cents, discountCents: 0, taxCents: tax },
    { kind: 'shipping', accountCode: '210', taxType: 'OUTPUT2', grossCents: 500, discountCents: 0, taxCents: 75 },
  ],
  money: [{ accountCode: '611', label: 'braintree', cents: cents + tax + 575 }],
  totalCents: cents + tax + 575,
  taxCents: tax + 75,
});

const record = (id: string, increment: string, day: string, documentDay: string, contribution: Contribution) =>
  h.storage.summaries.record({
    storeId: 1,
    entityType: 'invoice',
    magentoId: id,
    orderId: `o${id}`,
    incrementId: increment,
    orderIncrementId: `1000${id}`,
    documentDay,
    today: day,
    currency: 'NZD',
    hash: `h${id}`,
    addition: (prev) => (prev.length ? undefined : contribution),
    now: 1,
  });

beforeEach(async () => {
  h = await harness();
  await saveStores(h.storage.settings, {
    '1': { code: 'default', name: 'Main', timezone: 'Pacific/Auckland', baseCurrency: 'NZD', postingPeriods: [{ from: '2026-01-01', mode: 'summary' }], summaryContactName: HOSTILE },
  });
  c = new Client(h.app);
  await c.login();
});
afterEach(async () => h.close());

describe('daily summary pages', () => {
  it('lists the days and shows one with its lines, the documents behind each, payments and late changes', async () => {
    await record('1', '200000001', '2026-01-05', '2026-01-05', sale(10000, 1500));
    await record('2', HOSTILE, '2026-01-05', '2026-01-05', sale(2000, 300));
    await h.storage.summaries.seal(1, '2026-01-05', 't-1', 2);
    await record('3', '200000003', '2026-01-06', '2026-01-05', sale(1000, 150));

    const list = await c.get('/summaries?from=2026-01-01&to=2026-01-31');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('href="/summaries/1/2026-01-05"');
    expect(list.body).toContain('2026-01-06');
    expect(list.body).toContain('1 late');

    const day = await c.get('/summaries/1/2026-01-05');
    expect(day.statusCode).toBe(200);
    expect(day.body).toContain('Sales NZD: invoice DS-default-20260105-NZD');
    expect(day.body).toContain('200000001');
    expect(day.body).toContain('2 documents');
    expect(day.body).toContain('Total 149.50 NZD, tax 19.50');
    // Cells carry a data-label (the narrow-screen layout), so match cell contents, not bare tags.
    const cells = (html: string): string => html.replace(/<td[^>]*>/g, '<td>');
    expect(cells(day.body)).toMatch(/Goods sold<\/td><td>200<\/td><td>OUTPUT2<\/td><td>120.00<\/td><td>18.00/);
    // Payments into the card clearing account.
    expect(cells(day.body)).toMatch(/611<\/td><td>149.50<\/td><td>braintree/);
    expect(day.body).not.toContain('<script>alert');
    expect(day.body).toContain('&lt;script&gt;alert');
    const late = await c.get('/summaries/1/2026-01-06');
    expect(late.body).toContain('Late changes');
    expect(late.body).toContain('came after its day was posted');
    expect((await c.get('/summaries/1/2026-02-01')).statusCode).toBe(404);
  });

  it('shows orders paid in Xero: invoiced in Magento, or part paid and waiting', async () => {
    await h.storage.entityMap.put([
      { store_id: 0, entity_type: 'order', magento_id: '41', xero_kind: 'invoice', tenant_id: 't-1', xero_id: '11111111-2222-4333-8444-555555555555', xero_number: '000000041', content_hash: null, updated_at: 1 },
      { store_id: 0, entity_type: 'order', magento_id: '41', xero_kind: 'xero-paid', tenant_id: 't-1', xero_id: 'x', xero_number: '40.00 of 100.00 NZD', content_hash: 'paid:4000', updated_at: 2 },
      { store_id: 0, entity_type: 'order', magento_id: '42', xero_kind: 'xero-paid', tenant_id: 't-1', xero_id: 'y', xero_number: '50.00 of 50.00 NZD', content_hash: 'paid:5000', updated_at: 3 },
      { store_id: 0, entity_type: 'order', magento_id: '42', xero_kind: 'magento-invoice', tenant_id: 't-1', xero_id: '9', xero_number: '000000009', content_hash: null, updated_at: 3 },
    ]);
    await h.storage.settings.set('paymentImport', { methods: ['banktransfer'], pollMinutes: 5 });
    const page = await c.get('/paid-in-xero');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('40.00 of 100.00 NZD');
    expect(page.body).toContain('part paid');
    expect(page.body).toContain('000000009');
    expect(page.body).toContain('banktransfer');
  });
});
