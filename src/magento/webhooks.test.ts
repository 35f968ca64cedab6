import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { entityOfEvent, parseMagentoEvent, verifyCommerceWebhookSignature } from './webhooks.js';

const sign = (body: string, secret: string) => createHmac('sha256', secret).update(body).digest('base64');

describe('verifyCommerceWebhookSignature', () => {
  const body = '{"eventName":"sales_order_save_after","data":{"order":{"entity_id":"42"}}}';

  it('accepts the HMAC of the raw body and refuses anything else', () => {
    expect(verifyCommerceWebhookSignature(body, sign(body, 's3cret'), 's3cret')).toBe(true);
    expect(verifyCommerceWebhookSignature(Buffer.from(body), sign(body, 's3cret'), 's3cret')).toBe(true);
    expect(verifyCommerceWebhookSignature(body, sign(body, 'other'), 's3cret')).toBe(false);
    expect(verifyCommerceWebhookSignature(`${body} `, sign(body, 's3cret'), 's3cret')).toBe(false);
    expect(verifyCommerceWebhookSignature(body, undefined, 's3cret')).toBe(false);
    expect(verifyCommerceWebhookSignature(body, 'not base64 at all', 's3cret')).toBe(false);
  });

  it('reads the header as sent: blank refused, padding ignored, the first of repeated headers, any UTF-8 body', () => {
    expect(verifyCommerceWebhookSignature(body, '', 's3cret')).toBe(false);
    expect(verifyCommerceWebhookSignature(body, '   ', 's3cret')).toBe(false);
    expect(verifyCommerceWebhookSignature(body, ` ${sign(body, 's3cret')}\t`, 's3cret')).toBe(true);
    expect(verifyCommerceWebhookSignature(body, [sign(body, 's3cret'), 'x'], 's3cret')).toBe(true);
    expect(verifyCommerceWebhookSignature(body, ['x', sign(body, 's3cret')], 's3cret')).toBe(false);
    expect(verifyCommerceWebhookSignature(body, [], 's3cret')).toBe(false);
    // "Crème brûlée": signed over its UTF-8 bytes, whether the body arrives as a string or as those bytes.
    const accented = '{"name":"Cr\u00e8me br\u00fbl\u00e9e"}';
    const signed = createHmac('sha256', 's3cret').update(Buffer.from(accented, 'utf8')).digest('base64');
    expect(verifyCommerceWebhookSignature(accented, signed, 's3cret')).toBe(true);
    expect(verifyCommerceWebhookSignature(Buffer.from(accented, 'utf8'), signed, 's3cret')).toBe(true);
    expect(verifyCommerceWebhookSignature(Buffer.from(accented, 'latin1'), signed, 's3cret')).toBe(false);
  });

  it('accepts the previous secret during a rotation, never an empty secret', () => {
    expect(verifyCommerceWebhookSignature(body, sign(body, 'old'), ['new', 'old'])).toBe(true);
    expect(verifyCommerceWebhookSignature(body, sign(body, ''), '')).toBe(false);
  });
});

describe('parseMagentoEvent', () => {
  it('reads Commerce webhook bodies', () => {
    expect(parseMagentoEvent({ eventName: 'observer.sales_order_save_after', data: { order: { entity_id: '42', increment_id: '000000042' } } })).toEqual({
      entity: 'order',
      id: '42',
      idField: 'entity_id',
      event: 'observer.sales_order_save_after',
      source: 'webhook',
    });
    expect(parseMagentoEvent({ eventName: 'sales_order_invoice_save_after', data: { invoice: { entity_id: 7 } } })).toMatchObject({ entity: 'invoice', id: '7' });
    expect(parseMagentoEvent({ eventName: 'sales_order_creditmemo_save_after', data: { creditmemo: { entity_id: 3 } } })).toMatchObject({
      entity: 'creditmemo',
      id: '3',
    });
    expect(parseMagentoEvent({ eventName: 'catalog_product_save_after', data: { data_object: { sku: '24-MB01', entity_id: 1 } } })).toMatchObject({
      entity: 'product',
      id: '24-MB01',
    });
    expect(parseMagentoEvent({ eventName: 'customer_save_after', data: { customer: { id: 5 } } })).toMatchObject({ entity: 'customer', id: '5' });
  });

  it('reads an Adobe I/O CloudEvent (entity in data.value)', () => {
    const event = {
      specversion: '1.0',
      type: 'com.adobe.commerce.observer.catalog_product_save_commit_after',
      data: { key: 'k', value: { sku: 'eventtest1', price: '32444.000000' }, _metadata: { storeId: '0' } },
    };
    expect(parseMagentoEvent(event)).toEqual({
      entity: 'product',
      id: 'eventtest1',
      idField: 'sku',
      event: 'com.adobe.commerce.observer.catalog_product_save_commit_after',
      source: 'io-event',
    });
  });

  it('reads a webhook configured with chosen fields (entity_type and entity_id at the top)', () => {
    expect(parseMagentoEvent({ event: 'observer.sales_order_invoice_save_after', entity_type: 'invoice', entity_id: 12, store_id: 1 })).toEqual({
      entity: 'invoice',
      id: '12',
      idField: 'entity_id',
      event: 'observer.sales_order_invoice_save_after',
      source: 'webhook',
    });
    // A product event without its SKU says so: the receiver must look the SKU up by entity_id.
    expect(parseMagentoEvent({ event: 'observer.catalog_product_save_after', entity_type: 'product', entity_id: 5 })).toMatchObject({
      entity: 'product',
      id: '5',
      idField: 'entity_id',
    });
    expect(parseMagentoEvent({ event: 'observer.catalog_product_save_after', entity_id: 5, sku: 'MH01' })).toMatchObject({ id: 'MH01', idField: 'sku' });
  });

  it('ignores events it cannot place', () => {
    expect(parseMagentoEvent({ eventName: 'checkout_cart_add', data: { cart: {} } })).toBeUndefined();
    expect(parseMagentoEvent({ eventName: 'sales_order_save_after', data: { order: {} } })).toBeUndefined();
    expect(parseMagentoEvent('nope')).toBeUndefined();
    expect(entityOfEvent('sales_order_invoice_pay')).toBe('invoice');
  });
});
