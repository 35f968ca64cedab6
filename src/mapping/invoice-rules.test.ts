// invoice.ts rule by rule: which Magento order states post, skip or cancel, the skip reasons to the word, the invoice's
// header (number, reference, dates, currency rate), gift cards and store credit as payments from their liability
// accounts, reward points as a line, the Magento-invoice path ("invoices" posting mode), and the credit note for the
// canceled part of an order invoiced in part. Every figure below is worked by hand from the order in the test.
//
// Magento's order states (new, pending_payment, processing, complete, closed, canceled, holded, payment_review) are the
// STATE_* constants of Magento\Sales\Model\Order (magento/magento2, app/code/Magento/Sales/Model/Order.php); "pending"
// and "fraud" are the default statuses of the states "new" and "payment_review" (sales_order_status_state), read when an
// order carries a status and no state. Xero takes payments only on approved (AUTHORISED) invoices ("Payments can only be
// made against Authorised documents", a recorded answer to a payment on a draft, relayed by Workato's support pages).
import { describe, expect, it } from 'vitest';
import { magentoInvoiceSchema, magentoOrderSchema, parseMagento, type MagentoInvoice, type MagentoOrder } from '../domain/magento.js';
import { awaitsPaymentInXero, canceledPartNumber, magentoInvoiceToInvoice, orderToInvoice, statusForOrder } from './invoice.js';
import type { MappingSettingsInput } from './settings.js';
import { testSettings, thrownMappingError } from './test-support.js';

/** A registered customer's order in store 1 (New York): one item of 100.00, shipping 5.00, no tax; 105.00 in all. */
function order(more: Record<string, unknown> = {}): MagentoOrder {
  return parseMagento(
    magentoOrderSchema,
    {
      entity_id: 11, increment_id: '000000011', state: 'processing', customer_id: 7, customer_is_guest: 0, customer_email: 'ann@example.com',
      grand_total: 105, subtotal: 100, shipping_amount: 5, tax_amount: 0, store_id: 1, created_at: '2024-03-10 03:30:00',
      shipping_description: 'Flat Rate - Fixed', payment: { method: 'checkmo' },
      items: [{ item_id: 1, sku: 'MUG-1', name: 'Mug', product_type: 'simple', qty_ordered: 1, price: 100, row_total: 100 }],
      ...more,
    },
    'order',
  );
}

/** Magento invoice 000000021 of that order, for all of it. */
function magentoInvoice(more: Record<string, unknown> = {}): MagentoInvoice {
  return parseMagento(
    magentoInvoiceSchema,
    {
      entity_id: 21, increment_id: '000000021', order_id: 11, state: 2, store_id: 1, created_at: '2024-03-12 15:00:00',
      grand_total: 105, subtotal: 100, shipping_amount: 5, tax_amount: 0,
      items: [{ order_item_id: 1, sku: 'MUG-1', name: 'Mug', qty: 1, price: 100, row_total: 100 }],
      ...more,
    },
    'invoice',
  );
}

const settings = (more: Partial<MappingSettingsInput> = {}) => testSettings(more);
const posted = <T extends { kind: string }>(m: T): Extract<T, { kind: 'post' }> => {
  if (m.kind !== 'post') throw new Error(`expected post, got ${JSON.stringify(m)}`);
  return m as Extract<T, { kind: 'post' }>;
};
// The lines of the order above in a NoTax document (no tax on the order): item and shipping on sales (200), TaxType NONE.
const MUG = { Description: 'Mug', Quantity: 1, UnitAmount: 100, AccountCode: '200', TaxType: 'NONE', ItemCode: 'MUG-1' };
const SHIPPING = { Description: 'Shipping: Flat Rate - Fixed', Quantity: 1, UnitAmount: 5, AccountCode: '200', TaxType: 'NONE' };

describe('the Xero status of an order, by Magento state', () => {
  const submitted = settings({ newOrderStatus: 'SUBMITTED' });
  it.each([
    ['new', 'SUBMITTED'], ['pending', 'SUBMITTED'], ['pending_payment', 'SUBMITTED'], ['payment_review', 'SUBMITTED'], ['fraud', 'SUBMITTED'],
    ['processing', 'AUTHORISED'], ['complete', 'AUTHORISED'], ['closed', 'AUTHORISED'], ['some_custom_state', 'SUBMITTED'],
  ])('%s → %s', (state, status) => {
    expect(statusForOrder(order({ state }), submitted)).toEqual({ kind: 'status', status });
  });

  it('reads the status when the order has no state, and an order with neither as new', () => {
    expect(statusForOrder(order({ state: undefined, status: 'complete' }), submitted)).toEqual({ kind: 'status', status: 'AUTHORISED' });
    expect(statusForOrder(order({ state: undefined, status: undefined }), submitted)).toEqual({ kind: 'status', status: 'SUBMITTED' });
    // The state wins over the status.
    expect(statusForOrder(order({ state: 'new', status: 'complete' }), submitted)).toEqual({ kind: 'status', status: 'SUBMITTED' });
  });

  it('skips a held order and asks to cancel a canceled one, saying why', () => {
    expect(statusForOrder(order({ state: 'holded' }), submitted)).toEqual({ kind: 'skip', reason: 'Order 000000011 is on hold in Magento; it will be posted when released.' });
    expect(statusForOrder(order({ state: 'canceled' }), submitted)).toEqual({ kind: 'cancel', reason: 'Order 000000011 was canceled in Magento.' });
  });

  it('approves a new order the customer pays in Xero, and only that one', () => {
    const awaiting = settings({ newOrderStatus: 'DRAFT', paymentMethods: { banktransfer: 'do_not_pay', checkmo: '090' }, awaitingPaymentMethods: ['banktransfer', 'checkmo'] });
    const byTransfer = (state: string) => order({ state, payment: { method: 'banktransfer' } });
    for (const state of ['new', 'pending', 'pending_payment']) expect(statusForOrder(byTransfer(state), awaiting)).toEqual({ kind: 'status', status: 'AUTHORISED' });
    // Payment review is not "new": the order waits as the merchant chose.
    expect(statusForOrder(byTransfer('payment_review'), awaiting)).toEqual({ kind: 'status', status: 'DRAFT' });
    // Listed as awaiting, but paid into a bank account by this connector: not paid in Xero.
    expect(statusForOrder(order({ state: 'new' }), awaiting)).toEqual({ kind: 'status', status: 'DRAFT' });
  });

  it('needs the method both listed as awaiting payment and set to "do not pay"', () => {
    const s = (more: Partial<MappingSettingsInput>) => settings(more);
    const transfer = order({ payment: { method: 'banktransfer' } });
    expect(awaitsPaymentInXero(transfer, s({ paymentMethods: { banktransfer: 'do_not_pay' }, awaitingPaymentMethods: ['banktransfer'] }))).toBe(true);
    expect(awaitsPaymentInXero(transfer, s({ paymentMethods: { banktransfer: 'do_not_pay' }, awaitingPaymentMethods: [] }))).toBe(false);
    expect(awaitsPaymentInXero(transfer, s({ paymentMethods: { banktransfer: '090' }, awaitingPaymentMethods: ['banktransfer'] }))).toBe(false);
    expect(awaitsPaymentInXero(order({ payment: undefined }), s({ paymentMethods: { banktransfer: 'do_not_pay' }, awaitingPaymentMethods: ['banktransfer'] }))).toBe(false);
  });
});

describe('an order that is not posted', () => {
  it('is skipped in the "invoices" posting mode and in a summarised store, saying why', () => {
    expect(orderToInvoice(order(), settings({ postingMode: 'invoices' }))).toEqual({
      kind: 'skip',
      reason: 'Posting mode is "invoices": Magento invoices, not orders, become Xero invoices.',
    });
    const summarised = testSettings();
    summarised.stores['1'] = { ...summarised.stores['1']!, postingPeriods: [{ from: '2024-01-01', mode: 'summary' }] };
    expect(orderToInvoice(order(), summarised)).toEqual({
      kind: 'skip',
      reason: "The sale of order 000000011 goes into its store's daily summary, not a Xero document of its own.",
    });
  });

  it('is skipped on hold, and canceled under its own invoice number', () => {
    expect(orderToInvoice(order({ state: 'holded' }), settings())).toEqual({ kind: 'skip', reason: 'Order 000000011 is on hold in Magento; it will be posted when released.' });
    const prefixed = testSettings();
    prefixed.stores['1'] = { ...prefixed.stores['1']!, invoicePrefix: 'WEB-' };
    expect(orderToInvoice(order({ state: 'canceled' }), prefixed)).toEqual({ kind: 'cancel', invoiceNumber: 'WEB-000000011', reason: 'Order 000000011 was canceled in Magento.' });
  });
});

describe('the invoice of an order', () => {
  it('carries the whole header: number, contact, reference, store-local dates, status, currency', () => {
    const s = testSettings({ paymentTermsDays: 30, newOrderStatus: 'SUBMITTED' });
    s.stores['1'] = { ...s.stores['1']!, invoicePrefix: 'WEB-' };
    const mapped = posted(orderToInvoice(order({ state: 'new' }), s));
    // 2024-03-10 03:30 UTC is 2024-03-09 22:30 in New York (EST, UTC−5); due 30 days later: 2024-04-08.
    expect(mapped.invoice).toStrictEqual({
      Type: 'ACCREC',
      Contact: { ContactNumber: 'M1-C7' },
      InvoiceNumber: 'WEB-000000011',
      Reference: 'Order 000000011 (default)',
      Date: '2024-03-09',
      DueDate: '2024-04-08',
      Status: 'SUBMITTED',
      LineAmountTypes: 'NoTax',
      CurrencyCode: 'USD',
      LineItems: [MUG, SHIPPING],
    });
    expect(mapped).toMatchObject({
      contactNumber: 'M1-C7', itemSkus: ['MUG-1'], taxRates: [], prepayments: [], totalCents: 10500, taxCents: 0,
      roundingCents: 0, taxAdjustedCents: 0, otherChargesCents: 0, notes: [],
    });
    expect('canceledPart' in mapped).toBe(false);
  });

  it("sends Magento's rate for a sale in another currency than the books'", () => {
    // A EUR order in a USD store posting to a USD organisation: Magento's base_to_order_rate 0.92 goes as CurrencyRate.
    const mapped = posted(orderToInvoice(order({ order_currency_code: 'EUR', base_to_order_rate: 0.92 }), settings()));
    expect(mapped.invoice.CurrencyCode).toBe('EUR');
    expect(mapped.invoice.CurrencyRate).toBe(0.92);
    expect('CurrencyRate' in posted(orderToInvoice(order(), settings())).invoice).toBe(false);
  });

  it('counts an item without an ordered quantity as one', () => {
    const mapped = posted(orderToInvoice(order({ items: [{ item_id: 1, sku: 'MUG-1', name: 'Mug', product_type: 'simple', price: 100, row_total: 100 }] }), settings()));
    expect(mapped.invoice.LineItems).toEqual([MUG, SHIPPING]);
  });

  it("takes the shipping discount as Magento states it (in either sign), else what the order's discount leaves after the items'", () => {
    // Item 100.00 less 10.00, shipping 5.00 less 2.00: 100 − 10 + 5 − 2 = 93.00.
    const discounted = { grand_total: 93, discount_amount: -12, items: [{ item_id: 1, sku: 'MUG-1', name: 'Mug', product_type: 'simple', qty_ordered: 1, price: 100, row_total: 100, discount_amount: 10 }] };
    for (const shipping_discount_amount of [2, -2, undefined]) {
      const mapped = posted(orderToInvoice(order({ ...discounted, shipping_discount_amount }), settings()));
      // Without shipping_discount_amount: 12.00 in all − 10.00 on the item = 2.00 on shipping.
      expect(mapped.invoice.LineItems.map((l) => [l.UnitAmount, l.DiscountAmount])).toEqual([[100, 10], [5, 2]]);
      expect(mapped.totalCents).toBe(9300);
    }
  });
});

describe('gift cards and store credit on an order', () => {
  const withLiabilities = settings({ accounts: { giftCardLiability: '2150', storeCreditLiability: '2160' } });

  it('are payments from their liability accounts, dated and referenced like the invoice', () => {
    // 105.00 of lines; the customer paid 10.00 by gift card and 5.00 in store credit, so Magento's grand total is 90.00.
    const mapped = posted(orderToInvoice(order({ grand_total: 90, gift_cards_amount: 10, customer_balance_amount: 5 }), withLiabilities));
    expect(mapped.prepayments).toEqual([
      { kind: 'gift_card', amountCents: 1000, accountCode: '2150', date: '2024-03-09', reference: 'Gift card 000000011' },
      { kind: 'store_credit', amountCents: 500, accountCode: '2160', date: '2024-03-09', reference: 'Store credit 000000011' },
    ]);
    expect(mapped.totalCents).toBe(10500);
    expect(mapped.invoice.LineItems).toEqual([MUG, SHIPPING]);
  });

  it('plan nothing for an amount of zero', () => {
    const mapped = posted(orderToInvoice(order({ grand_total: 100, gift_cards_amount: 0, customer_balance_amount: 5 }), withLiabilities));
    expect(mapped.prepayments).toEqual([{ kind: 'store_credit', amountCents: 500, accountCode: '2160', date: '2024-03-09', reference: 'Store credit 000000011' }]);
    // Without a gift card, no gift card account is needed.
    expect(posted(orderToInvoice(order({ grand_total: 100, customer_balance_amount: 5 }), settings({ accounts: { storeCreditLiability: '2160' } }))).prepayments).toHaveLength(1);
  });

  it('need the liability account, named in the error', () => {
    const error = thrownMappingError(() => orderToInvoice(order({ grand_total: 95, gift_cards_amount: 10 }), settings()));
    expect(error.code).toBe('missing_account_mapping');
    expect(error.message).toMatch(/^Magento order 000000011 \(store 1\): was paid partly with gift card, and no gift card liability account is set\./);
  });
});

describe('reward points on an order', () => {
  it('are a negative untaxed line on sales, not a payment', () => {
    // 105.00 − 3.00 of points = 102.00.
    const mapped = posted(orderToInvoice(order({ grand_total: 102, reward_currency_amount: 3 }), settings()));
    expect(mapped.invoice.LineItems).toEqual([MUG, SHIPPING, { Description: 'Reward points redeemed', Quantity: 1, UnitAmount: -3, AccountCode: '200', TaxType: 'NONE' }]);
    expect(mapped.prepayments).toEqual([]);
    expect(mapped.totalCents).toBe(10200);
  });
});

describe('the canceled part of an order invoiced in part', () => {
  // Two mugs ordered at 50.00, one invoiced, one canceled; the shipping went with the invoice. Magento's cancellation
  // figures: subtotal_canceled 50.00, tax_canceled 0, total_canceled 50.00 (grand total 105.00 − 55.00 paid).
  const partly = (more: Record<string, unknown> = {}) =>
    order({
      updated_at: '2024-03-15 12:00:00',
      items: [{ item_id: 1, sku: 'MUG-1', name: 'Mug', product_type: 'simple', qty_ordered: 2, qty_invoiced: 1, qty_canceled: 1, price: 50, row_total: 100 }],
      subtotal_canceled: 50, tax_canceled: 0, total_canceled: 50, shipping_canceled: 0,
      ...more,
    });

  it('is a credit note of its own, numbered after the order with "-C", dated when the order changed', () => {
    const s = testSettings();
    s.stores['1'] = { ...s.stores['1']!, creditNotePrefix: 'CN-' };
    const mapped = posted(orderToInvoice(partly(), s));
    expect(mapped.invoice.LineItems).toEqual([{ ...MUG, UnitAmount: 50 }, SHIPPING]);
    expect(mapped.totalCents).toBe(5500);
    expect(mapped.canceledPart).toStrictEqual({
      creditNote: {
        Type: 'ACCRECCREDIT',
        Contact: { ContactNumber: 'M1-C7' },
        CreditNoteNumber: 'CN-000000011-C',
        Reference: 'Canceled part of order 000000011 (default)',
        Date: '2024-03-15', // 12:00 UTC is 08:00 in New York (EDT since 2024-03-10)
        Status: 'AUTHORISED',
        LineAmountTypes: 'NoTax',
        CurrencyCode: 'USD',
        LineItems: [{ ...MUG, UnitAmount: 50 }],
      },
      totalCents: 5000,
      taxCents: 0,
      roundingCents: 0,
      taxAdjustedCents: 0,
    });
  });

  it('is dated like the order when Magento gives no update time, and carries the currency rate', () => {
    const mapped = posted(orderToInvoice(partly({ updated_at: undefined, order_currency_code: 'EUR', base_to_order_rate: 0.92 }), settings()));
    expect(mapped.canceledPart?.creditNote.Date).toBe('2024-03-09');
    expect(mapped.canceledPart?.creditNote.CurrencyRate).toBe(0.92);
    expect(mapped.canceledPart?.creditNote.CurrencyCode).toBe('EUR');
  });

  it('is left out when what was canceled was worth nothing', () => {
    // A free sample canceled beside a mug sold whole: total_canceled 0.00, nothing to credit.
    const mapped = posted(orderToInvoice(order({
      items: [
        { item_id: 1, sku: 'MUG-1', name: 'Mug', product_type: 'simple', qty_ordered: 1, qty_invoiced: 1, price: 100, row_total: 100 },
        { item_id: 2, sku: 'SAMPLE', name: 'Sample', product_type: 'simple', qty_ordered: 1, qty_canceled: 1, price: 0, row_total: 0 },
      ],
      subtotal_canceled: 0, tax_canceled: 0, total_canceled: 0,
    }), settings()));
    expect(mapped.canceledPart).toBeUndefined();
    expect(mapped.totalCents).toBe(10500);
  });

  it('is numbered from the order number and the store prefix', () => {
    expect(canceledPartNumber('CN-', '000000011')).toBe('CN-000000011-C');
    expect(canceledPartNumber('', '7')).toBe('7-C');
  });
});

describe('a Magento invoice (posting mode "invoices")', () => {
  const invoices = (more: Partial<MappingSettingsInput> = {}) => settings({ postingMode: 'invoices', ...more });

  it('is an approved Xero invoice under its own number, referencing the order', () => {
    const s = invoices({ paymentTermsDays: 7 });
    s.stores['1'] = { ...s.stores['1']!, invoicePrefix: 'WEB-' };
    const mapped = posted(magentoInvoiceToInvoice(magentoInvoice(), order({ state: 'new' }), s));
    // 2024-03-12 15:00 UTC is 11:00 in New York; due 7 days later.
    expect(mapped.invoice).toStrictEqual({
      Type: 'ACCREC',
      Contact: { ContactNumber: 'M1-C7' },
      InvoiceNumber: 'WEB-000000021',
      Reference: 'Order 000000011 (default)',
      Date: '2024-03-12',
      DueDate: '2024-03-19',
      Status: 'AUTHORISED',
      LineAmountTypes: 'NoTax',
      CurrencyCode: 'USD',
      LineItems: [MUG, SHIPPING],
    });
    expect(mapped).toMatchObject({ contactNumber: 'M1-C7', itemSkus: ['MUG-1'], taxRates: [], prepayments: [], totalCents: 10500, taxCents: 0, roundingCents: 0, taxAdjustedCents: 0, otherChargesCents: 0, notes: [] });
  });

  it("is skipped when canceled in Magento or when the order's store posts daily summaries", () => {
    expect(magentoInvoiceToInvoice(magentoInvoice({ state: 3 }), order(), invoices())).toEqual({ kind: 'skip', reason: 'Magento invoice 000000021 is canceled.' });
    const summarised = invoices();
    summarised.stores['1'] = { ...summarised.stores['1']!, postingPeriods: [{ from: '2024-01-01', mode: 'summary' }] };
    expect(magentoInvoiceToInvoice(magentoInvoice(), order(), summarised)).toEqual({
      kind: 'skip',
      reason: "Magento invoice 000000021 of order 000000011 goes into its store's daily summary, not a Xero document of its own.",
    });
  });

  it("falls back on the order's store, and names the invoice (with its store) in errors", () => {
    // No store on the invoice: the order's store 1 is used.
    expect(posted(magentoInvoiceToInvoice(magentoInvoice({ store_id: undefined }), order(), invoices())).invoice.Reference).toBe('Order 000000011 (default)');
    const error = thrownMappingError(() => magentoInvoiceToInvoice(magentoInvoice({ grand_total: 95, gift_cards_amount: 10 }), order(), invoices()));
    expect(error.message).toMatch(/^Magento invoice 000000021 \(store 1\): was paid partly with gift card/);
    const unstored = thrownMappingError(() => magentoInvoiceToInvoice(magentoInvoice({ store_id: undefined, grand_total: 95, gift_cards_amount: 10 }), order(), invoices()));
    expect(unstored.record).toStrictEqual({ entity: 'invoice', id: '000000021' });
  });

  it("carries its own currency rate, gift cards, store credit and reward points", () => {
    const s = invoices({ accounts: { giftCardLiability: '2150', storeCreditLiability: '2160' } });
    // 105.00 of lines − 2.00 of points = 103.00; 10.00 by gift card and 5.00 in store credit leave 88.00.
    const mapped = posted(magentoInvoiceToInvoice(
      magentoInvoice({ grand_total: 88, gift_cards_amount: 10, customer_balance_amount: 5, reward_currency_amount: 2, order_currency_code: 'EUR', base_to_order_rate: 0.92 }),
      order(),
      s,
    ));
    expect(mapped.invoice.CurrencyRate).toBe(0.92);
    expect(mapped.invoice.CurrencyCode).toBe('EUR');
    expect(mapped.invoice.LineItems).toEqual([MUG, SHIPPING, { Description: 'Reward points redeemed', Quantity: 1, UnitAmount: -2, AccountCode: '200', TaxType: 'NONE' }]);
    expect(mapped.prepayments).toEqual([
      { kind: 'gift_card', amountCents: 1000, accountCode: '2150', date: '2024-03-12', reference: 'Gift card 000000021' },
      { kind: 'store_credit', amountCents: 500, accountCode: '2160', date: '2024-03-12', reference: 'Store credit 000000021' },
    ]);
    expect(mapped.totalCents).toBe(10300);
    expect('CurrencyRate' in posted(magentoInvoiceToInvoice(magentoInvoice(), order(), invoices())).invoice).toBe(false);
  });

  it('takes the shipping discount as what the invoice discount leaves after the items', () => {
    // Item 100.00 less 10.00; invoice discount −12.00 in all, so 2.00 off the 5.00 shipping: 93.00.
    const inv = magentoInvoice({ grand_total: 93, discount_amount: -12, items: [{ order_item_id: 1, sku: 'MUG-1', name: 'Mug', qty: 1, price: 100, row_total: 100, discount_amount: 10 }] });
    const mapped = posted(magentoInvoiceToInvoice(inv, order(), invoices()));
    expect(mapped.invoice.LineItems.map((l) => [l.UnitAmount, l.DiscountAmount])).toEqual([[100, 10], [5, 2]]);
  });
});

describe('the untaxed type of a reward points line', () => {
  // A Canadian store (GST 5 %, mapped to GST5): Xero has no fixed zero-rated type in Canada (help.xero.com/int/SalesTax-Canada,
  // see tax-regions.ts), so an untaxed line there needs a look-up first (unresolved_tax_type).
  const canada = () => {
    const s = testSettings();
    s.stores['2'] = { code: 'ca', timezone: 'America/Toronto', baseCurrency: 'CAD', xeroBaseCurrency: 'CAD', invoicePrefix: '', creditNotePrefix: '', tax: { region: 'CA', country: 'CA' } };
    return s;
  };
  // One item of 100.00 with 5.00 of GST, no shipping: 105.00.
  const taxed = (more: Record<string, unknown> = {}) =>
    order({
      store_id: 2, order_currency_code: 'CAD', grand_total: 105, subtotal: 100, shipping_amount: 0, tax_amount: 5, shipping_description: undefined,
      items: [{ item_id: 1, sku: 'MUG-1', name: 'Mug', product_type: 'simple', qty_ordered: 1, price: 100, row_total: 100, tax_amount: 5, tax_percent: 5 }],
      extension_attributes: { item_applied_taxes: [{ type: 'product', item_id: 1, applied_taxes: [{ code: 'GST', percent: 5 }] }] },
      ...more,
    });

  it('is looked for only when points were redeemed', () => {
    const mapped = posted(orderToInvoice(taxed(), canada()));
    expect(mapped.invoice.LineItems).toEqual([{ ...MUG, TaxType: 'GST5', TaxAmount: 5 }]);
    expect(thrownMappingError(() => orderToInvoice(taxed({ grand_total: 103, reward_currency_amount: 2 }), canada())).code).toBe('unresolved_tax_type');
  });
});

describe('more rules of the order invoice', () => {
  it('reads an order with neither state nor status as new, so one paid in Xero is approved', () => {
    const awaiting = settings({ paymentMethods: { banktransfer: 'do_not_pay' }, awaitingPaymentMethods: ['banktransfer'] });
    expect(statusForOrder(order({ state: undefined, status: undefined, payment: { method: 'banktransfer' } }), awaiting)).toEqual({ kind: 'status', status: 'AUTHORISED' });
  });

  it("asks Xero for no item of a fixed bundle's parts: the bundle is billed whole, under no item code", () => {
    // A fixed bundle (parts carrying no amounts of their own) at 100.00: the parts PART-A and PART-B are not sold alone.
    const kit = order({
      items: [
        { item_id: 1, sku: 'KIT-1', name: 'Kit', product_type: 'bundle', qty_ordered: 1, price: 100, row_total: 100 },
        { item_id: 2, sku: 'PART-A', name: 'Part A', product_type: 'simple', parent_item_id: 1, qty_ordered: 1, price: 0, row_total: 0 },
        { item_id: 3, sku: 'PART-B', name: 'Part B', product_type: 'simple', parent_item_id: 1, qty_ordered: 1, price: 0, row_total: 0 },
      ],
    });
    const mapped = posted(orderToInvoice(kit, settings()));
    expect(mapped.itemSkus).toEqual([]);
    expect(mapped.totalCents).toBe(10500);
    const inv = magentoInvoice({
      items: [
        { order_item_id: 1, sku: 'KIT-1', name: 'Kit', qty: 1, price: 100, row_total: 100 },
        { order_item_id: 2, sku: 'PART-A', name: 'Part A', qty: 1, price: 0, row_total: 0 },
        { order_item_id: 3, sku: 'PART-B', name: 'Part B', qty: 1, price: 0, row_total: 0 },
      ],
    });
    expect(posted(magentoInvoiceToInvoice(inv, kit, settings({ postingMode: 'invoices' }))).itemSkus).toEqual([]);
  });

  it('credits canceled shipping, and canceled lines at their net amount (credit notes take no discount)', () => {
    // Two mugs at 50.00 less 5.00 each (10.00 in all), 5.00 shipping: 95.00. One mug invoiced without the shipping; the
    // other mug and the shipping canceled: total_canceled 50.00 − 5.00 + 5.00 = 50.00, the invoice keeps 45.00.
    const mapped = posted(orderToInvoice(order({
      grand_total: 95, discount_amount: -10,
      items: [{ item_id: 1, sku: 'MUG-1', name: 'Mug', product_type: 'simple', qty_ordered: 2, qty_invoiced: 1, qty_canceled: 1, price: 50, row_total: 100, discount_amount: 10 }],
      subtotal_canceled: 50, tax_canceled: 0, total_canceled: 50, shipping_canceled: 5, discount_canceled: 5,
    }), settings()));
    expect(mapped.invoice.LineItems).toEqual([{ ...MUG, UnitAmount: 50, DiscountAmount: 5 }]);
    expect(mapped.totalCents).toBe(4500);
    expect(mapped.canceledPart?.creditNote.LineItems).toEqual([{ ...MUG, UnitAmount: 45 }, SHIPPING]);
    expect(mapped.canceledPart?.totalCents).toBe(5000);
  });
});

describe("Magento's stated shipping discount", () => {
  it('is taken as it stands, not worked out again from the order discount', () => {
    // shipping_discount_amount 2.00 stated; the order's discount_amount (−13.00) would leave 13.00 − 10.00 = 3.00 for the
    // shipping if it were worked out: the stated 2.00 wins. 100.00 − 10.00 + 5.00 − 2.00 = 93.00.
    const mapped = posted(orderToInvoice(order({
      grand_total: 93, discount_amount: -13, shipping_discount_amount: 2,
      items: [{ item_id: 1, sku: 'MUG-1', name: 'Mug', product_type: 'simple', qty_ordered: 1, price: 100, row_total: 100, discount_amount: 10 }],
    }), settings()));
    expect(mapped.invoice.LineItems.map((l) => [l.UnitAmount, l.DiscountAmount])).toEqual([[100, 10], [5, 2]]);
  });
});
