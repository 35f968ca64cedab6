import { describe, expect, it } from 'vitest';
import { incrementId, MagentoStore } from './store.js';

describe('MagentoStore', () => {
  it('lists records in id order whatever order they were loaded in, and replaces by id', () => {
    const store = new MagentoStore();
    store.put('orders', { entity_id: 5, increment_id: '000000005' });
    store.put('orders', { entity_id: 2, increment_id: '000000002' });
    store.put('orders', { entity_id: 9, increment_id: '2000000009', store_id: 2 });
    store.put('orders', { entity_id: 2, increment_id: '000000002', state: 'closed' });
    expect(store.orders.all().map((o) => o['entity_id'])).toEqual([2, 5, 9]);
    expect(store.orders.get(2)?.['state']).toBe('closed');
    expect(store.orders.nextId()).toBe(10);
  });

  it('continues increment ids after loaded ones, per store, with the store prefix', () => {
    const store = new MagentoStore();
    store.put('orders', { entity_id: 1, increment_id: '000000041', store_id: 1 });
    store.put('orders', { entity_id: 2, increment_id: '2000000007', store_id: 2 });
    expect(store.sequences.take('order', 1)).toBe('000000042');
    expect(store.sequences.take('order', 2)).toBe('2000000008');
    expect(store.sequences.take('invoice', 2)).toBe('2000000001');
    expect(incrementId(3, 123)).toBe('3000000123');
  });

  it('finds products by SKU regardless of case, as MySQL does', () => {
    const store = new MagentoStore();
    store.put('products', { id: 1, sku: 'MH01-S-Gray' });
    expect(store.productBySku('mh01-s-gray')?.['id']).toBe(1);
  });
});
