// contributionOf on Adobe's documented credit memo (src/mapping/fixtures/creditmemo-get.adobe-kb.json): what one
// document of a summarised order adds to its day, with the figures read off the memo (100.00 item + 5.00 shipping).
import { describe, expect, it } from 'vitest';
import { magentoInvoiceSchema, magentoOrderSchema, parseMagento, type MagentoOrder } from '../../domain/magento.js';
import { adobeCreditMemo, adobeCreditMemoOrder, fixture, testSettings } from '../test-support.js';
import { contributionOf } from './of-document.js';

const memo = adobeCreditMemo;
const order = adobeCreditMemoOrder;

describe("a credit memo's contribution to its day", () => {
  it("is the refund of 100.00 goods and 5.00 shipping, untaxed, paid back through the order's method account", () => {
    const settings = testSettings({ paymentMethods: { checkmo: '091' } });
    const c = contributionOf({ entity: 'creditmemo', record: { ...memo(), transaction_id: 'txn-1' }, order: order() }, settings);
    expect([c.kind, c.currency, c.totalCents, c.taxCents]).toEqual(['refund', 'USD', 10500, 0]);
    expect(c.lines.map((l) => [l.kind, l.grossCents, l.taxCents])).toEqual([['goods', 10000, 0], ['shipping', 500, 0]]);
    expect(c.money.reduce((s, m) => s + m.cents, 0)).toBe(10500);
    expect(c.money.map((m) => m.accountCode)).toEqual(['091']);
    // Refunded offline and not paid out: the credit stays, no money moved.
    const offline = contributionOf({ entity: 'creditmemo', record: memo(), order: order() }, settings);
    expect([offline.totalCents, offline.money.reduce((s, m) => s + m.cents, 0)]).toEqual([10500, 0]);
    // The same when the memo's store posts daily summaries (from 2020): the memo is mapped as on its own all the same.
    const summarised = testSettings({
      paymentMethods: { checkmo: '091' },
      stores: { '1': { code: 'default', timezone: 'America/New_York', baseCurrency: 'USD', xeroBaseCurrency: 'USD', postingPeriods: [{ from: '2020-01-01', mode: 'summary' }] } },
    });
    expect(contributionOf({ entity: 'creditmemo', record: { ...memo(), transaction_id: 'txn-1' }, order: order() }, summarised).money).toEqual([{ accountCode: '091', label: 'checkmo', cents: 10500 }]);
  });

  it('a canceled memo adds nothing, in its currency (the memo\'s, else the order\'s, upper-cased)', () => {
    const canceled = { ...memo(), state: 3 };
    expect(contributionOf({ entity: 'creditmemo', record: canceled, order: order() }, testSettings())).toEqual({
      kind: 'refund', currency: 'USD', mode: 'Exclusive', lines: [], money: [], totalCents: 0, taxCents: 0,
    });
    const noCurrency = { ...canceled, order_currency_code: undefined };
    expect(contributionOf({ entity: 'creditmemo', record: noCurrency, order: order({ order_currency_code: 'eur' }) }, testSettings()).currency).toBe('EUR');
    expect(contributionOf({ entity: 'creditmemo', record: noCurrency, order: order() }, testSettings()).currency).toBe('');
  });

  it('store credit given back is money to the liability account; the rest goes back through the method (5.00 + 100.00)', () => {
    const settings = testSettings({ paymentMethods: { checkmo: '091' }, accounts: { sales: '200', storeCreditLiability: '2160' } });
    const record = { ...memo(), transaction_id: 'txn-1', grand_total: 100, customer_balance_amount: 5 };
    const c = contributionOf({ entity: 'creditmemo', record, order: order() }, settings);
    expect(c.totalCents).toBe(10500);
    expect(c.money.map((m) => [m.accountCode, m.cents]).sort()).toEqual([['091', 10000], ['2160', 500]]);
    expect(c.money.find((m) => m.accountCode === '2160')?.label).toBe('store credit');
  });
});

// Adobe's discounted invoice (src/mapping/fixtures/invoice-get-with-discount.adobedocs-inventory-tutorial.json) and the
// order rows it bills, as src/mapping/invoice.test.ts reads them: 20 × 36.00 less 144.00, 40 × 32.00 less 256.00,
// 1 × 22.00 less 4.40, shipping 300.00, no tax: 576.00 + 1,024.00 + 17.60 + 300.00 = 1,917.60, Adobe's grand total.
const adobeInvoice = () => parseMagento(magentoInvoiceSchema, fixture('invoice-get-with-discount.adobedocs-inventory-tutorial.json'), 'invoice');
const adobeInvoiceOrder = (more: object = {}): MagentoOrder =>
  parseMagento(
    magentoOrderSchema,
    {
      entity_id: 3, increment_id: '000000003', customer_email: 'a@example.com', customer_is_guest: 1, grand_total: 1917.6, created_at: '2020-07-23 16:00:00',
      store_id: 1, shipping_description: 'Flat Rate', payment: { method: 'checkmo' },
      items: [
        { item_id: 3, sku: '24-WB03', name: 'Driven Backpack', product_type: 'simple', qty_ordered: 20, price: 36, row_total: 720, discount_amount: 144 },
        { item_id: 4, sku: '24-WB01', name: 'Voyage Yoga Bag', product_type: 'simple', qty_ordered: 40, price: 32, row_total: 1280, discount_amount: 256 },
        { item_id: 5, sku: '240-LV06', name: 'Yoga Adventure', product_type: 'downloadable', qty_ordered: 1, price: 22, row_total: 22, discount_amount: 4.4 },
      ],
      ...more,
    },
    'order',
  );
// Store 1 summarises from 2020: the per-document mapping must be told to map the invoice all the same.
const summarising = testSettings({
  paymentMethods: { checkmo: '091' },
  stores: { '1': { code: 'default', timezone: 'America/New_York', baseCurrency: 'USD', xeroBaseCurrency: 'USD', tax: { region: 'US', country: 'US' }, postingPeriods: [{ from: '2020-01-01', mode: 'summary' }] } },
});
const adobeLines = [
  { kind: 'goods', accountCode: '200', taxType: 'NONE', grossCents: 72000, discountCents: 14400, taxCents: 0 },
  { kind: 'goods', accountCode: '200', taxType: 'NONE', grossCents: 128000, discountCents: 25600, taxCents: 0 },
  { kind: 'goods', accountCode: '200', taxType: 'NONE', grossCents: 2200, discountCents: 440, taxCents: 0 },
  { kind: 'shipping', accountCode: '200', taxType: 'NONE', grossCents: 30000, discountCents: 0, taxCents: 0 },
];

describe("a Magento invoice's contribution to its day", () => {
  it("is Adobe's invoice line by line, untaxed, paid in full into the order's method account", () => {
    expect(contributionOf({ entity: 'invoice', record: adobeInvoice(), order: adobeInvoiceOrder() }, summarising)).toEqual({
      kind: 'sale', currency: 'USD', mode: 'NoTax', lines: adobeLines, money: [{ accountCode: '091', label: 'checkmo', cents: 191760 }], totalCents: 191760, taxCents: 0,
    });
  });

  it("takes the order's store when the invoice names none", () => {
    const c = contributionOf({ entity: 'invoice', record: { ...adobeInvoice(), store_id: undefined }, order: adobeInvoiceOrder() }, summarising);
    expect([c.totalCents, c.lines.length]).toEqual([191760, 4]);
  });

  it('pays an order without a payment method into the bank account, labelled with no method', () => {
    const c = contributionOf({ entity: 'invoice', record: adobeInvoice(), order: adobeInvoiceOrder({ payment: undefined }) }, summarising);
    expect(c.money).toEqual([{ accountCode: '090', label: '', cents: 191760 }]);
  });

  it("a canceled invoice adds nothing, in its currency (the invoice's, else the order's, upper-cased)", () => {
    const canceled = { ...adobeInvoice(), state: 3 };
    expect(contributionOf({ entity: 'invoice', record: canceled, order: adobeInvoiceOrder() }, summarising)).toEqual({
      kind: 'sale', currency: 'USD', mode: 'Exclusive', lines: [], money: [], totalCents: 0, taxCents: 0,
    });
    const noCurrency = { ...canceled, order_currency_code: undefined };
    expect(contributionOf({ entity: 'invoice', record: noCurrency, order: adobeInvoiceOrder({ order_currency_code: 'cad' }) }, summarising).currency).toBe('CAD');
  });
});
