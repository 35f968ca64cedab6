import { describe, expect, it } from 'vitest';
import { magentoInvoiceSchema, parseMagento } from '../domain/magento.js';
import { allocationPayload, liabilityRefundPayload, planSettlement, refundPayload, type SettlementInput } from './allocation.js';
import { magentoInvoiceToPayment, prepaymentToPayment } from './payment.js';
import { fixture, testSettings, thrownMappingError } from './test-support.js';
import { buildOrder } from './testing/magento-model.js';

const input = (over: Partial<SettlementInput>): SettlementInput => ({
  creditTotalCents: 3000,
  invoiceAmountDueCents: 0,
  moneyWentBack: true,
  date: '2024-05-02',
  refundAccountCode: '090',
  reference: 'Refund 1',
  ...over,
});

describe('credit note settlement', () => {
  it.each([
    ['unpaid invoice: allocate all, refund nothing', { invoiceAmountDueCents: 10000 }, { allocateCents: 3000, refundCents: 0, remainingCreditCents: 0 }],
    ['paid invoice, online refund: refund all', { invoiceAmountDueCents: 0 }, { allocateCents: 0, refundCents: 3000, remainingCreditCents: 0 }],
    ['part paid: allocate the outstanding, refund the rest', { invoiceAmountDueCents: 1000 }, { allocateCents: 1000, refundCents: 2000, remainingCreditCents: 0 }],
    ['paid, offline refund not paid out: credit stays', { moneyWentBack: false }, { allocateCents: 0, refundCents: 0, remainingCreditCents: 3000 }],
  ])('%s', (_name, over, expected) => {
    expect(planSettlement(input(over))).toEqual({ ...expected, liabilityRefunds: [] });
  });

  it('gives gift card and store credit amounts back to their liability accounts before any money refund', () => {
    const sc = { kind: 'store_credit' as const, accountCode: '2160', cents: 1200, reference: 'Store credit 1' };
    const gc = { kind: 'gift_card' as const, accountCode: '2150', cents: 500, reference: 'Gift card 1' };
    // Paid invoice, online refund: 12.00 to store credit, 5.00 to the gift card, the 13.00 paid in money goes back.
    expect(planSettlement(input({ liabilityRefunds: [sc, gc] }))).toEqual({ allocateCents: 0, liabilityRefunds: [sc, gc], refundCents: 1300, remainingCreditCents: 0 });
    // Whatever the invoice still owes is allocated first; the liabilities get no more than is left.
    expect(planSettlement(input({ invoiceAmountDueCents: 2000, liabilityRefunds: [sc, gc] }))).toEqual({
      allocateCents: 2000,
      liabilityRefunds: [{ ...sc, cents: 1000 }],
      refundCents: 0,
      remainingCreditCents: 0,
    });
  });

  it('builds the allocation and refund payloads', () => {
    const i = input({ invoiceAmountDueCents: 1000 });
    const plan = planSettlement(i);
    expect(allocationPayload(plan, 'inv-1', i.date)).toEqual({ Invoice: { InvoiceID: 'inv-1' }, Amount: 10, Date: '2024-05-02' });
    expect(refundPayload(plan, i, 'cn-1')).toEqual({ CreditNote: { CreditNoteID: 'cn-1' }, Account: { Code: '090' }, Date: '2024-05-02', Amount: 20, Reference: 'Refund 1' });
    const none = planSettlement(input({ moneyWentBack: false }));
    expect(allocationPayload(none, 'inv-1', i.date)).toBeUndefined();
    expect(refundPayload(none, i, 'cn-1')).toBeUndefined();
  });
});

describe('Magento invoice → payment', () => {
  const inv = () => parseMagento(magentoInvoiceSchema, fixture('invoice-get-with-discount.adobedocs-inventory-tutorial.json'), 'invoice');
  const order = (method: string) => buildOrder({
    incrementId: '000000003', storeId: 1, pricesIncludeTax: false, rate: 'none', items: [{ sku: 'A', name: 'A', qty: 1, unitCents: 100, discountPercent: 0 }],
    shippingCents: 0, shippingDiscountPercent: 0, currency: 'USD', baseToOrderRate: 1, guest: false, state: 'processing', createdAt: '2020-07-23 16:00:00', paymentMethod: method,
  });

  it('pays the invoice grand total into the mapped account on the store-local date', () => {
    const result = magentoInvoiceToPayment(inv(), order('checkmo'), testSettings({ paymentMethods: { checkmo: '091' } }), 'inv-9');
    expect(result).toEqual({
      kind: 'pay',
      amountCents: 191760,
      payment: { Invoice: { InvoiceID: 'inv-9' }, Account: { Code: '091' }, Date: '2020-07-23', Amount: 1917.6, Reference: '000000003' },
    });
    const defaultBank = magentoInvoiceToPayment(inv(), order('paypal_express'), testSettings(), 'inv-9');
    expect(defaultBank.kind === 'pay' && defaultBank.payment.Account).toEqual({ Code: '090' });
  });

  it('leaves "do not pay" methods awaiting payment and ignores canceled invoices', () => {
    expect(magentoInvoiceToPayment(inv(), order('banktransfer'), testSettings({ paymentMethods: { banktransfer: 'do_not_pay' } }), 'x').kind).toBe('skip');
    expect(magentoInvoiceToPayment({ ...inv(), state: 3 }, order('checkmo'), testSettings(), 'x').kind).toBe('skip');
  });

  it('turns a planned gift card payment into a payment on the liability account', () => {
    expect(prepaymentToPayment({ kind: 'gift_card', amountCents: 1500, accountCode: '2150', date: '2024-05-01', reference: 'Gift card 1' }, 'inv-1')).toEqual({
      Invoice: { InvoiceID: 'inv-1' }, Account: { Code: '2150' }, Date: '2024-05-01', Amount: 15, Reference: 'Gift card 1',
    });
  });
});

describe('Magento invoice → payment, at its edges', () => {
  const inv = () => parseMagento(magentoInvoiceSchema, fixture('invoice-get-with-discount.adobedocs-inventory-tutorial.json'), 'invoice');
  const order = (method?: string) => {
    const o = buildOrder({
      incrementId: '000000003', storeId: 1, pricesIncludeTax: false, rate: 'none', items: [{ sku: 'A', name: 'A', qty: 1, unitCents: 100, discountPercent: 0 }],
      shippingCents: 0, shippingDiscountPercent: 0, currency: 'USD', baseToOrderRate: 1, guest: false, state: 'processing', createdAt: '2020-07-23 16:00:00', paymentMethod: method ?? 'checkmo',
    });
    return method === undefined ? { ...o, payment: undefined } : o;
  };
  const reason = (r: ReturnType<typeof magentoInvoiceToPayment>) => (r.kind === 'skip' ? r.reason : 'paid');

  it('says why it pays nothing: canceled, "do not pay", nothing to pay', () => {
    const number = inv().increment_id;
    expect(reason(magentoInvoiceToPayment({ ...inv(), state: 3 }, order('checkmo'), testSettings(), 'x'))).toBe(`Magento invoice ${number} is canceled.`);
    expect(reason(magentoInvoiceToPayment(inv(), order('banktransfer'), testSettings({ paymentMethods: { banktransfer: 'do_not_pay' } }), 'x'))).toBe(
      'Payment method "banktransfer" is set to "do not pay": the invoice stays awaiting payment in Xero until the money arrives there.',
    );
    expect(reason(magentoInvoiceToPayment({ ...inv(), grand_total: 0 }, order('checkmo'), testSettings(), 'x'))).toBe(`Magento invoice ${number} has nothing to pay.`);
    expect(reason(magentoInvoiceToPayment({ ...inv(), grand_total: -5 }, order('checkmo'), testSettings(), 'x'))).toBe(`Magento invoice ${number} has nothing to pay.`);
    // One cent is something to pay.
    const cent = magentoInvoiceToPayment({ ...inv(), grand_total: 0.01 }, order('checkmo'), testSettings(), 'x');
    expect(cent.kind === 'pay' && [cent.amountCents, cent.payment.Amount]).toEqual([1, 0.01]);
  });

  it("names the invoice when its store is not connected, and leaves a summarised order's payment to the daily summary", () => {
    const number = inv().increment_id;
    const error = thrownMappingError(() => magentoInvoiceToPayment({ ...inv(), store_id: 7 }, order('checkmo'), testSettings(), 'x'));
    expect([error.code, error.record]).toEqual(['missing_store_context', { entity: 'invoice', id: number, storeId: 7 }]);
    expect(error.message.startsWith(`Magento invoice ${number} (store 7): store 7 is not connected`)).toBe(true);
    // postingPeriods on store 1: summaries from 2020-01-01, and the order was placed on 2020-07-23.
    const summary = testSettings({ stores: { '1': { code: 'default', timezone: 'America/New_York', baseCurrency: 'USD', xeroBaseCurrency: 'USD', tax: { region: 'US', country: 'US' }, postingPeriods: [{ from: '2020-01-01', mode: 'summary' }] } } });
    expect(reason(magentoInvoiceToPayment(inv(), order('checkmo'), summary, 'x'))).toBe(
      `The payment of Magento invoice ${number} of order 000000003 goes into its store's daily summary, not a Xero document of its own.`,
    );
  });

  it('an order without a payment method pays into the default bank account', () => {
    const result = magentoInvoiceToPayment(inv(), order(), testSettings(), 'inv-9');
    expect(result.kind === 'pay' && result.payment.Account).toEqual({ Code: '090' });
  });

  it("carries Magento's rate for an invoice in another currency when the store's base is Xero's, and none otherwise", () => {
    const eur = magentoInvoiceToPayment({ ...inv(), order_currency_code: 'EUR', base_to_order_rate: 0.92 }, order('checkmo'), testSettings(), 'inv-9');
    expect(eur.kind === 'pay' && eur.payment.CurrencyRate).toBe(0.92);
    const usd = magentoInvoiceToPayment(inv(), order('checkmo'), testSettings(), 'inv-9');
    expect(usd.kind === 'pay' && 'CurrencyRate' in usd.payment).toBe(false);
    const plan = { kind: 'gift_card' as const, amountCents: 1500, accountCode: '2150', date: '2024-05-01', reference: 'Gift card 1' };
    expect(prepaymentToPayment(plan, 'inv-1', 0.92).CurrencyRate).toBe(0.92);
    expect('CurrencyRate' in prepaymentToPayment(plan, 'inv-1')).toBe(false);
  });
});

describe('a gift card or store credit given back', () => {
  it('is a refund payment on the credit note into the liability account: 12.34 back to store credit', () => {
    const refund = { kind: 'store_credit' as const, accountCode: '2160', cents: 1234, reference: 'Store credit 7' };
    expect(liabilityRefundPayload(refund, '2024-05-02', 'cn-7')).toEqual({
      CreditNote: { CreditNoteID: 'cn-7' }, Account: { Code: '2160' }, Date: '2024-05-02', Amount: 12.34, Reference: 'Store credit 7',
    });
  });
});
