// Magento's own tax scenarios (fixtures/magento-tax-scenarios.json, each with its source): tax applied before and after
// the discount, as Magento computes them, post lines that add up to Magento's grand total and tax, with the discount
// taken once; the same orders reported with rows net of their discount post the same lines.
import { describe, expect, it } from 'vitest';
import { magentoOrderSchema, parseMagento } from '../domain/magento.js';
import { toMinor } from '../domain/money.js';
import { orderToInvoice } from './invoice.js';
import { fixture, testSettings } from './test-support.js';
import { xeroWouldCompute } from './testing/xero-oracle.js';

type Scenario = {
  source: string;
  address_data: Record<string, number>;
  item: Record<string, number | string>;
  rates: { product: { code: string; percent: number }; shipping: { code: string; percent: number } };
};
const scenarios = (fixture('magento-tax-scenarios.json') as { scenarios: Record<string, Scenario> }).scenarios;

function orderOf(s: Scenario, rows: 'gross' | 'net') {
  const a = s.address_data;
  const item: Record<string, unknown> = { ...s.item, item_id: 1, product_type: 'simple', name: 'Simple 1', qty_ordered: s.item['qty'], original_price: s.item['price'] };
  if (rows === 'net') item['row_total'] = (toMinor(Number(item['row_total'])) - toMinor(Number(item['discount_amount']))) / 100;
  const applied = (r: { code: string; percent: number }, amount: number) => [{ code: r.code, title: r.code, percent: r.percent, amount }];
  return parseMagento(
    magentoOrderSchema,
    {
      entity_id: 1,
      increment_id: '000000001',
      state: 'processing',
      customer_email: 'roni_cost@example.com',
      store_id: 1,
      created_at: '2024-05-01 10:00:00',
      order_currency_code: 'USD',
      ...a,
      shipping_discount_amount: Math.abs(a['discount_amount']!) - Number(s.item['discount_amount']),
      items: [item],
      billing_address: { country_id: 'US', region_code: 'TX', region_id: 57 },
      extension_attributes: {
        item_applied_taxes: [
          { type: 'product', item_id: 1, applied_taxes: applied(s.rates.product, Number(s.item['tax_amount'])) },
          { type: 'shipping', applied_taxes: applied(s.rates.shipping, a['shipping_tax_amount']!) },
        ],
      },
    },
    'order',
  );
}

describe('Magento\'s own tax scenarios post to the cent, whichever way rows are reported', () => {
  const settings = testSettings({ taxMapping: { 'US-TX-Rate 1': 'TAX020', 'Shipping Rate': 'TAX075' } });
  for (const [name, s] of Object.entries(scenarios)) {
    it(`${name} (${s.source.split(' (')[1]?.replace(/\)$/, '')})`, () => {
      const gross = orderToInvoice(orderOf(s, 'gross'), settings);
      if (gross.kind !== 'post') throw new Error(gross.kind);
      const t = xeroWouldCompute(gross.invoice);
      expect(t.total).toBe(toMinor(s.address_data['grand_total']!));
      expect(t.totalTax).toBe(toMinor(s.address_data['tax_amount']!));
      expect([gross.roundingCents, gross.taxAdjustedCents]).toEqual([0, 0]);
      const line = gross.invoice.LineItems[0]!;
      expect([line.Quantity, line.UnitAmount, line.DiscountAmount, line.TaxAmount]).toEqual([s.item['qty'], s.item['price'], s.item['discount_amount'], s.item['tax_amount']]);
      const net = orderToInvoice(orderOf(s, 'net'), settings);
      if (net.kind !== 'post') throw new Error(net.kind);
      expect(net.invoice.LineItems).toEqual(gross.invoice.LineItems);
    });
  }
});
