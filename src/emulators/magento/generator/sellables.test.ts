import { describe, expect, it } from 'vitest';
import { generateStore } from './index.js';
import { sellablesFromProducts } from './sellables.js';

describe('sellablesFromProducts', () => {
  it('finds in product records alone what the generator sold: simples, configurables and both kinds of bundle', () => {
    const { store, world } = generateStore({ seed: 8, customers: 2, products: 60, orders: 0 });
    const rebuilt = sellablesFromProducts(store.products.all());
    const key = (s: (typeof rebuilt)[number]): string =>
      s.kind === 'simple' ? `s:${s.product.sku}` : s.kind === 'configurable' ? `c:${s.parent.sku}:${s.children.length}` : `b:${s.parent.sku}:${String(s.dynamic)}`;
    expect(rebuilt.map(key).sort()).toEqual(world.sellables.map(key).sort());
  });
});
