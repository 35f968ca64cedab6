import { describe, expect, it } from 'vitest';
import { isMappingError } from '../domain/errors.js';
import { magentoOrderSchema, parseMagento, type MagentoOrder } from '../domain/magento.js';
import { orderToInvoice } from './invoice.js';
import { assertNoSubCentLines } from './sub-cent.js';
import { fixture, testSettings, thrownMappingError } from './test-support.js';

const record = { entity: 'order', id: '000000042' };
const line = (Quantity: number, UnitAmount: number) => ({ Description: 'Sample sachet', Quantity, UnitAmount, AccountCode: '200', TaxType: 'NONE' });

describe('lines worth less than a cent (Xero refuses to approve them: "Account must be valid.", "Tax rate must be valid.")', () => {
  it('refuses one, naming the record and the line', () => {
    const run = () => assertNoSubCentLines([line(1, 22), line(2, 0.001)], record);
    expect(run).toThrowError(/^Magento order 000000042: line 2 \("Sample sachet", 2 × 0.001\) comes to less than a cent/);
    try {
      run();
    } catch (error) {
      expect(isMappingError(error) && error.code).toBe('invalid_amount');
    }
  });

  it('lets through free lines, lines of a cent or more (half a cent rounds up), and negative lines of a cent', () => {
    expect(() => assertNoSubCentLines([line(1, 0), line(0, 5), line(1, 0.005), line(1, -0.01), line(3, 0.0017)], record)).not.toThrow();
    expect(() => assertNoSubCentLines([line(1, -0.0049)], record)).toThrowError(/line 1/);
  });

  it('stops an order whose item is priced below a cent before it reaches Xero', () => {
    const raw = parseMagento(magentoOrderSchema, fixture('order-get.adobedocs-orders-tutorial.json'), 'order');
    const [tee] = raw.items;
    const sachet = { ...tee!, item_id: 99, sku: 'SACHET', name: 'Sample sachet', qty_ordered: 2, price: 0.001, base_price: 0.001, original_price: 0.001, row_total: 0, base_row_total: 0, price_incl_tax: 0.001, row_total_incl_tax: 0 };
    const order: MagentoOrder = { ...raw, items: [tee!, sachet], subtotal: 22, base_subtotal: 22, grand_total: 27, base_grand_total: 27 };
    expect(() => orderToInvoice(order, testSettings())).toThrowError(/Magento order 000000003 \(store 1\): line 2 \("Sample sachet", 2 × 0.001\) comes to less than a cent/);
  });
});

describe('the sub-cent refusal, word for word', () => {
  it('says what the line comes to, why Xero refuses it and what to do, with the line in its details', () => {
    const error = thrownMappingError(() => assertNoSubCentLines([line(1, 0.5), line(2, 0.001)], { ...record, storeId: 1 }));
    // 2 × 0.001 = 0.002, a fifth of a cent: it rounds to 0.00.
    expect(error.message).toBe(
      'Magento order 000000042 (store 1): line 2 ("Sample sachet", 2 × 0.001) comes to less than a cent, and Xero refuses to approve a line worth less than a cent ("Account must be valid.", "Tax rate must be valid."). ' +
        'Give the item a price of at least one cent in Magento (or remove it from the order), then retry.',
    );
    expect(error.code).toBe('invalid_amount');
    expect(error.remedy).toBe('Give the item a price of at least one cent in Magento (or remove it from the order), then retry.');
    expect(error.details).toEqual({ line: 2, quantity: 2, unitAmount: 0.001 });
    expect(error.record).toEqual({ entity: 'order', id: '000000042', storeId: 1 });
  });

  it('refuses a negative line under half a cent as it refuses a positive one, and lets a credit of a cent through', () => {
    // −0.0049 × 1: 49 at 8 dp × 10⁴ = 490,000 < 500,000 (half a cent); −0.005 × 1 = 500,000, which rounds to −0.01.
    expect(thrownMappingError(() => assertNoSubCentLines([line(1, -0.0049)], record)).details).toEqual({ line: 1, quantity: 1, unitAmount: -0.0049 });
    expect(() => assertNoSubCentLines([line(1, -0.005), line(-2, 0.005)], record)).not.toThrow();
  });
});
