import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isInvalidPayloadError } from './errors.js';
import {
  isGuestOrder,
  magentoCreditMemoSchema,
  magentoCustomerSchema,
  magentoInvoiceSchema,
  magentoOrderSchema,
  magentoProductSchema,
  magentoSearchResultSchema,
  parseMagento,
  productAttribute,
  renderMagentoMessage,
} from './magento.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../mapping/fixtures/${name}`, import.meta.url), 'utf8'));

describe('Magento schemas accept real payloads', () => {
  it('order', () => {
    const order = parseMagento(magentoOrderSchema, fixture('order-get.adobedocs-orders-tutorial.json'), 'order');
    expect(order.increment_id).toBe('000000003');
    expect(order.items[0]?.product_type).toBe('simple');
    expect(order.payment?.method).toBe('banktransfer');
    expect(isGuestOrder(order)).toBe(false);
  });
  it('invoices, credit memo, customer, products', () => {
    const inv = parseMagento(magentoInvoiceSchema, fixture('invoice-get-with-discount.adobedocs-inventory-tutorial.json'), 'invoice');
    expect(inv.discount_amount).toBe(-404.4);
    parseMagento(magentoInvoiceSchema, fixture('invoice-get-bundle-configurable.adobedocs-orders-tutorial.json'), 'invoice');
    const memo = parseMagento(magentoCreditMemoSchema, fixture('creditmemo-get.adobe-kb.json'), 'credit memo');
    expect(memo.adjustment_negative).toBe(0);
    const customer = parseMagento(magentoCustomerSchema, fixture('customer-get.adobedocs-orders-tutorial.json'), 'customer');
    expect(customer.addresses?.[0]?.default_billing).toBe(true);
    const product = parseMagento(magentoProductSchema, fixture('product-configurable.adobedocs-configurable-tutorial.json'), 'product');
    expect(product.type_id).toBe('configurable');
    expect(productAttribute(product, 'tax_class_id')).toBe('2');
    parseMagento(magentoProductSchema, fixture('product-bundle.adobedocs-bundle-tutorial.json'), 'product');
  });
  it('tolerates nulls from newer versions and a search envelope without total_count', () => {
    const raw = fixture('order-get.adobedocs-orders-tutorial.json') as Record<string, unknown>;
    const order = parseMagento(magentoOrderSchema, { ...raw, state: null, status: null, customer_id: null }, 'order');
    expect(order.state).toBeNull();
    const page = parseMagento(magentoSearchResultSchema(magentoOrderSchema), { items: [raw] }, 'orders');
    expect(page.items).toHaveLength(1);
    expect(page.total_count).toBeUndefined();
  });
  it('names the field when a value we depend on is missing', () => {
    try {
      parseMagento(magentoOrderSchema, { increment_id: '1', items: [] }, 'order');
      expect.unreachable();
    } catch (e) {
      expect(isInvalidPayloadError(e)).toBe(true);
      expect((e as Error).message).toMatch(/grand_total/);
    }
  });
  it('renders Magento error placeholders', () => {
    expect(renderMagentoMessage({ message: '%fieldName is a required field.', parameters: { fieldName: 'searchCriteria' } }))
      .toBe('searchCriteria is a required field.');
    expect(renderMagentoMessage({ message: 'No such entity with %1 = %2', parameters: ['sku', 'X'] })).toBe('No such entity with sku = X');
  });
});
