import { describe, expect, it } from 'vitest';
import type { XeroInvoice } from '../domain/xero.js';
import { orderToInvoice } from './invoice.js';
import { decidePaymentImport, isInvoicedInMagento } from './payment-import.js';
import { testSettings } from './test-support.js';
import { buildOrder, type ModelOrder } from './testing/magento-model.js';

const settings = testSettings({ paymentMethods: { banktransfer: 'do_not_pay', checkmo: 'do_not_pay', braintree: '611' }, awaitingPaymentMethods: ['banktransfer', 'braintree'] });
const model: ModelOrder = {
  incrementId: '000000201', storeId: 1, pricesIncludeTax: false, rate: 'none', items: [{ sku: 'MAT', name: 'Mat', qty: 1, unitCents: 10000, discountPercent: 0 }],
  shippingCents: 0, shippingDiscountPercent: 0, currency: 'USD', baseToOrderRate: 1, guest: false, state: 'new', createdAt: '2024-05-01 10:00:00', paymentMethod: 'banktransfer',
};
const order = (over: Partial<ModelOrder> = {}) => buildOrder({ ...model, ...over });
const xero = (over: Partial<XeroInvoice> = {}): XeroInvoice => ({ InvoiceID: 'i-1', InvoiceNumber: '000000201', Status: 'AUTHORISED', Total: 100, AmountPaid: 0, AmountDue: 100, CurrencyCode: 'USD', ...over });

describe('payments from Xero back to Magento', () => {
  it('posts an order paid in Xero approved, so Xero can take its payment; other do-not-pay orders stay drafts', () => {
    expect(orderToInvoice(order(), settings)).toMatchObject({ kind: 'post', invoice: { Status: 'AUTHORISED' } });
    expect(orderToInvoice(order({ paymentMethod: 'checkmo' }), settings)).toMatchObject({ kind: 'post', invoice: { Status: 'DRAFT' } });
  });

  it('invoices in Magento only when Xero shows the invoice paid in full', () => {
    expect(decidePaymentImport(order(), xero(), settings).kind).toBe('unpaid');
    const part = decidePaymentImport(order(), xero({ AmountPaid: 40, AmountDue: 60 }), settings);
    expect(part).toMatchObject({ kind: 'part', paidCents: 4000, dueCents: 6000 });
    expect(part.reason).toBe('Order 000000201: part paid in Xero, USD 40.00 of 100.00 (60.00 due on invoice 000000201); it is invoiced in Magento once paid in full.');
    expect(decidePaymentImport(order(), xero({ Status: 'PAID', AmountPaid: 100, AmountDue: 0 }), settings)).toMatchObject({
      kind: 'paid',
      paidCents: 10000,
      comment: 'Paid in full in Xero: invoice 000000201, USD 100.00.',
    });
  });

  it('leaves alone what is not imported, already invoiced, voided, or not invoiceable in Magento', () => {
    const paid = xero({ Status: 'PAID', AmountPaid: 100, AmountDue: 0 });
    expect(decidePaymentImport(order({ paymentMethod: 'checkmo' }), paid, settings).kind).toBe('off');
    // Paid from Magento (a gateway account): never imported, even when listed.
    expect(decidePaymentImport(order({ paymentMethod: 'braintree' }), paid, settings).kind).toBe('off');
    const invoiced = { ...order({ state: 'processing' }), total_due: 0, total_paid: 100 };
    expect(isInvoicedInMagento(invoiced)).toBe(true);
    expect(decidePaymentImport(invoiced, paid, settings).kind).toBe('invoiced');
    expect(decidePaymentImport(order(), xero({ Status: 'VOIDED' }), settings).kind).toBe('unpaid');
    const held = decidePaymentImport(order({ state: 'holded' }), paid, settings);
    expect(held.kind).toBe('blocked');
    expect(held.reason).toMatch(/cannot invoice an order that is holded/);
  });
});
