import { describe, expect, it } from 'vitest';
import { MappingError } from '../../../src/domain/errors.js';
import { magentoOrderSchema, parseMagento } from '../../../src/domain/magento.js';
import { adoptable } from '../../../src/sync/documents/invoice-poster.js';
import { findPayment } from '../../../src/sync/documents/payments.js';
import { withoutItemCodes } from '../../../src/sync/documents/prepare.js';
import { rateFromError } from '../../../src/sync/tax-mapper.js';
import { order } from './support.js';
import { testSettings } from '../../../src/mapping/test-support.js';

describe('findPayment', () => {
  const payload = { Invoice: { InvoiceID: 'i' }, Account: { Code: '090' }, Date: '2017-08-22', Amount: 27, Reference: '000000050' };

  it('finds the payment with the same reference and amount, not one with another reference', () => {
    const invoice = {
      Payments: [
        { PaymentID: 'p1', Amount: 27, Date: '/Date(1503360000000+0000)/', Reference: 'by hand' },
        { PaymentID: 'p2', Amount: 27, Date: '/Date(1503360000000+0000)/', Reference: '000000050' },
      ],
    };
    expect(findPayment(invoice, payload)).toBe('p2');
    expect(findPayment(invoice, payload, new Set(['p2']))).toBeUndefined();
  });

  it('falls back to amount and date when Xero leaves the reference out, never to another amount', () => {
    expect(findPayment({ Payments: [{ PaymentID: 'p1', Amount: 27, Date: '/Date(1503360000000+0000)/' }] }, payload)).toBe('p1');
    expect(findPayment({ Payments: [{ PaymentID: 'p1', Amount: 26.99, Date: '/Date(1503360000000+0000)/' }] }, payload)).toBeUndefined();
    expect(findPayment({ Payments: [{ PaymentID: 'p1', Amount: 27, Date: '/Date(1503446400000+0000)/' }] }, payload)).toBeUndefined();
  });
});

describe('adoptable', () => {
  const ours = /^Order \S+ \(.+\)$/;
  it('adopts a document with our reference, or one that names no Magento record of ours', () => {
    expect(adoptable({ Reference: 'Order 000000010 (default)' }, { Reference: 'Order 000000010 (default)' }, ours)).toBe(true);
    expect(adoptable({ Reference: 'typed by the bookkeeper' }, { Reference: 'Order 000000010 (default)' }, ours)).toBe(true);
    expect(adoptable({}, { Reference: 'Order 000000010 (default)' }, ours)).toBe(true);
  });
  it('refuses one another store\'s order made', () => {
    expect(adoptable({ Reference: 'Order 000000010 (french)' }, { Reference: 'Order 000000010 (default)' }, ours)).toBe(false);
  });
});

describe('withoutItemCodes', () => {
  it('drops only the codes of items that are not in Xero', () => {
    const lines = [
      { Description: 'a', Quantity: 1, UnitAmount: 1, AccountCode: '200', ItemCode: 'A' },
      { Description: 'b', Quantity: 1, UnitAmount: 1, AccountCode: '200', ItemCode: 'B' },
      { Description: 'ship', Quantity: 1, UnitAmount: 5, AccountCode: '200' },
    ];
    expect(withoutItemCodes(lines, new Set(['B'])).map((l) => l.ItemCode)).toEqual(['A', undefined, undefined]);
    expect('ItemCode' in withoutItemCodes(lines, new Set(['B']))[1]!).toBe(false);
  });
});

describe('rateFromError', () => {
  it('takes the rate and its components from the order when the order names it', () => {
    const raw = order(10, {
      extension_attributes: {
        applied_taxes: [
          { code: 'GST+PST', percent: 12, extension_attributes: { rates: [{ code: 'GST', percent: 5 }, { code: 'PST', percent: 7 }] } },
        ],
      },
    });
    const parsed = parseMagento(magentoOrderSchema, raw, 'order');
    const error = new MappingError('unmapped_tax_rate', 'x', 'y', { details: { key: 'GST+PST', codes: ['GST+PST'], percent: 12 } });
    expect(rateFromError(error, parsed, testSettings())?.components).toEqual([
      { code: 'GST', percent: 5 },
      { code: 'PST', percent: 7 },
    ]);
  });

  it('reads a taxed rate at its real percent, not at the 0 % of an untaxed line that names it too', () => {
    const item = (id: number, sku: string, percent: number) => ({ item_id: id, sku, name: sku, qty_ordered: 1, price: 10, tax_percent: percent, product_type: 'simple' });
    const rate = [{ code: 'US-NY-*-Rate 1', percent: 8.875, extension_attributes: { rates: [{ code: 'US-NY-*-Rate 1', percent: 8.875 }] } }];
    const raw = order(11, {
      items: [item(1, 'BUNDLE', 0), item(2, 'CHILD', 8.875)],
      extension_attributes: {
        applied_taxes: rate,
        item_applied_taxes: [
          { type: 'product', item_id: 1, applied_taxes: rate },
          { type: 'product', item_id: 2, applied_taxes: rate },
        ],
      },
    });
    const parsed = parseMagento(magentoOrderSchema, raw, 'order');
    const error = new MappingError('unmapped_tax_rate', 'x', 'y', { details: { key: 'US-NY-*-Rate 1', codes: ['US-NY-*-Rate 1'], percent: 8.875 } });
    expect(rateFromError(error, parsed, testSettings())?.percent).toBe(8.875);
    const withoutPercent = new MappingError('unmapped_tax_rate', 'x', 'y', { details: { key: 'US-NY-*-Rate 1', codes: ['US-NY-*-Rate 1'] } });
    expect(rateFromError(withoutPercent, parsed, testSettings())?.percent).toBe(8.875);
  });

  it('gives nothing when Magento did not say which rate applied', () => {
    expect(rateFromError(new MappingError('unmapped_tax_rate', 'x', 'y', { details: { percent: 8 } }))).toBeUndefined();
  });
});
