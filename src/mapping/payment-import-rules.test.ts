// Rule by rule: what Xero's copy of an invoice means for a Magento order whose payments are imported from Xero
// (payment-import.ts). Figures are cents worked by hand; reasons are the exact words the merchant reads. The states
// Magento refuses to invoice are those of Magento\Sales\Model\Order\Validation\CanInvoice (payment_review, holded,
// canceled, complete, closed); Xero's invoice statuses (DRAFT, SUBMITTED, AUTHORISED, PAID, VOIDED, DELETED) are from
// the Invoice schema of Xero's Accounting OpenAPI spec (xero_accounting.yaml).
import { describe, expect, it } from 'vitest';
import type { MagentoOrder } from '../domain/magento.js';
import type { XeroInvoice } from '../domain/xero.js';
import { decidePaymentImport, isInvoicedInMagento } from './payment-import.js';
import { adobeCreditMemoOrder, testSettings } from './test-support.js';

const settings = testSettings({ paymentMethods: { banktransfer: 'do_not_pay', checkmo: 'do_not_pay' }, awaitingPaymentMethods: ['banktransfer'] });

/** Order 000000001, grand total 105.00, paid by bank transfer, state "new" (more fields override). */
const order = (more: object = {}): MagentoOrder =>
  adobeCreditMemoOrder({ state: 'new', payment: { method: 'banktransfer' }, order_currency_code: 'USD', ...more });

/** Xero's invoice INV-7 of 105.00, nothing paid yet. */
const invoice = (more: Partial<XeroInvoice> = {}): XeroInvoice => ({
  InvoiceID: 'inv-id-7', InvoiceNumber: 'INV-7', Status: 'AUTHORISED', Total: 105, AmountPaid: 0, AmountDue: 105, CurrencyCode: 'USD', ...more,
});
const paidInFull = (more: Partial<XeroInvoice> = {}): XeroInvoice => invoice({ Status: 'PAID', AmountPaid: 105, AmountDue: 0, ...more });

describe('isInvoicedInMagento', () => {
  it('by invoiced total: invoiced when it reaches the grand total of 105.00', () => {
    expect(isInvoicedInMagento(order({ total_invoiced: 105 }))).toBe(true);
    expect(isInvoicedInMagento(order({ total_invoiced: 105.01 }))).toBe(true);
    expect(isInvoicedInMagento(order({ total_invoiced: 104.99 }))).toBe(false);
    expect(isInvoicedInMagento(order())).toBe(false);
  });

  it('a zero grand total is not "invoiced" by its zero invoiced total', () => {
    expect(isInvoicedInMagento(order({ grand_total: 0, total_invoiced: 0 }))).toBe(false);
  });

  it('by state: processing, complete or closed with nothing due', () => {
    for (const state of ['processing', 'complete', 'closed']) expect(isInvoicedInMagento(order({ state, total_due: 0 }))).toBe(true);
    for (const state of ['new', 'pending_payment', 'holded', 'canceled']) expect(isInvoicedInMagento(order({ state, total_due: 0 }))).toBe(false);
  });

  it('not by state when something is due, or the due amount is not given', () => {
    expect(isInvoicedInMagento(order({ state: 'processing', total_due: 0.01 }))).toBe(false);
    expect(isInvoicedInMagento(order({ state: 'processing' }))).toBe(false);
    expect(isInvoicedInMagento(order({ state: 'processing', total_due: null }))).toBe(false);
    expect(isInvoicedInMagento(order({ state: null, total_due: 0 }))).toBe(false);
  });
});

describe('decidePaymentImport', () => {
  it('off for a method whose payments are not imported, naming the method', () => {
    expect(decidePaymentImport(order({ payment: { method: 'checkmo' } }), paidInFull(), settings)).toEqual({
      kind: 'off',
      reason: 'Order 000000001: payments of "checkmo" are not imported from Xero (turn it on in Configuration → Payments from Xero; the method must be set to "do not pay").',
    });
  });

  it('off for an order without a payment method', () => {
    expect(decidePaymentImport(order({ payment: null }), paidInFull(), settings).reason).toBe(
      'Order 000000001: payments of "" are not imported from Xero (turn it on in Configuration → Payments from Xero; the method must be set to "do not pay").',
    );
  });

  it('unpaid for a voided or deleted invoice, even one showing a payment', () => {
    expect(decidePaymentImport(order(), paidInFull({ Status: 'VOIDED' }), settings)).toEqual({
      kind: 'unpaid', reason: 'Order 000000001: Xero invoice INV-7 is VOIDED; nothing to import.',
    });
    expect(decidePaymentImport(order(), paidInFull({ Status: 'DELETED' }), settings)).toEqual({
      kind: 'unpaid', reason: 'Order 000000001: Xero invoice INV-7 is DELETED; nothing to import.',
    });
  });

  it('unpaid while nothing is paid, naming the invoice by its number, else its id', () => {
    expect(decidePaymentImport(order(), invoice(), settings)).toEqual({ kind: 'unpaid', reason: 'Order 000000001: Xero invoice INV-7 has no payment yet.' });
    expect(decidePaymentImport(order(), invoice({ AmountPaid: undefined }), settings).kind).toBe('unpaid');
    const { InvoiceNumber: _n, ...unnumbered } = invoice();
    expect(decidePaymentImport(order(), unnumbered, settings).reason).toBe('Order 000000001: Xero invoice inv-id-7 has no payment yet.');
  });

  it('invoiced when Magento has invoiced the order, paid in part or in full', () => {
    const done = order({ total_invoiced: 105 });
    expect(decidePaymentImport(done, paidInFull(), settings)).toEqual({ kind: 'invoiced', reason: 'Order 000000001 is invoiced in Magento already.' });
    expect(decidePaymentImport(done, invoice({ AmountPaid: 5, AmountDue: 100 }), settings).kind).toBe('invoiced');
  });

  it('part paid: 40.00 of 105.00 with 65.00 due', () => {
    expect(decidePaymentImport(order(), invoice({ AmountPaid: 40, AmountDue: 65 }), settings)).toEqual({
      kind: 'part', paidCents: 4000, dueCents: 6500, totalCents: 10500,
      reason: 'Order 000000001: part paid in Xero, USD 40.00 of 105.00 (65.00 due on invoice INV-7); it is invoiced in Magento once paid in full.',
    });
  });

  it('part paid while Xero has not marked the invoice PAID, even with nothing due; and while anything is due', () => {
    expect(decidePaymentImport(order(), invoice({ AmountPaid: 105, AmountDue: 0 }), settings).kind).toBe('part');
    expect(decidePaymentImport(order(), paidInFull({ AmountPaid: 104.99, AmountDue: 0.01 }), settings)).toMatchObject({ kind: 'part', paidCents: 10499, dueCents: 1 });
  });

  it('the currency: the invoice\'s, else the order\'s, else none', () => {
    const part = invoice({ AmountPaid: 40, AmountDue: 65 });
    const { CurrencyCode: _c, ...noCurrency } = part;
    expect(decidePaymentImport(order({ order_currency_code: 'EUR' }), noCurrency, settings).reason).toContain('part paid in Xero, EUR 40.00 of 105.00');
    expect(decidePaymentImport(order({ order_currency_code: null }), noCurrency, settings).reason).toContain('part paid in Xero,  40.00 of 105.00');
  });

  it('paid in full: invoice it in Magento, with the comment the Magento invoice carries', () => {
    expect(decidePaymentImport(order(), paidInFull(), settings)).toEqual({
      kind: 'paid', paidCents: 10500,
      comment: 'Paid in full in Xero: invoice INV-7, USD 105.00.',
      reason: 'Order 000000001 was paid in full in Xero (invoice INV-7, USD 105.00).',
    });
    // No state is a new order, and pending_payment is invoiceable too.
    expect(decidePaymentImport(order({ state: null }), paidInFull(), settings).kind).toBe('paid');
    expect(decidePaymentImport(order({ state: 'pending_payment' }), paidInFull(), settings).kind).toBe('paid');
  });

  it('blocked when Magento cannot invoice the order in its state', () => {
    expect(decidePaymentImport(order({ state: 'payment_review' }), paidInFull(), settings)).toEqual({
      kind: 'blocked',
      reason: 'Order 000000001 was paid in full in Xero (invoice INV-7), but Magento cannot invoice an order that is payment_review. Invoice it by hand in Magento, or release it, then retry.',
    });
    // complete and closed with something still due (else they count as invoiced already).
    for (const state of ['holded', 'canceled', 'complete', 'closed']) {
      expect(decidePaymentImport(order({ state, total_due: 105 }), paidInFull(), settings).kind).toBe('blocked');
    }
  });
});
