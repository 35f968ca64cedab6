// Which order item is whose parent, rule by rule (parent-child.ts). Real payloads first: orders of
// fixtures/orders.real-stores-totals.json (sources named in its `sources`, by entity id); then one rule at a time on
// small orders whose rows copy those shapes, each with the answer worked out from the rule in its comment.
import { describe, expect, it } from 'vitest';
import { magentoOrderSchema, parseMagento, type MagentoOrder, type MagentoOrderItem } from '../domain/magento.js';
import { childrenOf, hasParent, parentOf } from './parent-child.js';
import { adobeCreditMemoOrder, fixture } from './test-support.js';

type Raw = Record<string, any>;
const real = fixture('orders.real-stores-totals.json') as { orders: Raw[] };

function realOrder(entityId: number, change: (o: Raw) => void = () => {}): MagentoOrder {
  const raw = structuredClone(real.orders.find((o) => o['entity_id'] === entityId)) as Raw;
  change(raw);
  return parseMagento(magentoOrderSchema, raw, 'order');
}

/** An order holding just these rows (the rest of the order is Adobe's credit memo's order; parent-child reads only items). */
function orderOf(items: Raw[]): MagentoOrder {
  return adobeCreditMemoOrder({ items });
}

function item(order: MagentoOrder, itemId: number): MagentoOrderItem {
  const found = order.items.find((i) => i.item_id === itemId);
  if (!found) throw new Error(`no item ${itemId}`);
  return found;
}

/** parentOf's answer as an item id (or null), so a wrong parent shows by its id. */
function parentId(order: MagentoOrder, itemId: number): number | null {
  return parentOf(order, item(order, itemId))?.item_id ?? null;
}

function childIds(order: MagentoOrder, itemId: number): number[] {
  return childrenOf(order, item(order, itemId)).map((i) => i.item_id);
}

/** A configurable parent row as Magento saves it: the chosen child's SKU, the price and row on the parent. */
const configurable = (itemId: number, sku: string, more: Raw = {}): Raw => ({
  item_id: itemId, sku, name: 'Jacket', product_type: 'configurable', qty_ordered: 1, price: 77, row_total: 77, ...more,
});
/** Its child as real order 000000009 sends it: same SKU, no amounts, no parent_item_id. */
const bareChild = (itemId: number, sku: string, more: Raw = {}): Raw => ({
  item_id: itemId, sku, name: 'Jacket-L-Purple', product_type: 'simple', qty_ordered: 1, price: 0, row_total: 0, ...more,
});

describe('real orders', () => {
  it('000000007: the child declares its parent (parent_item_id 2016 → 2015)', () => {
    const order = realOrder(2007);
    expect(parentId(order, 2016)).toBe(2015);
    expect(hasParent(order, item(order, 2016))).toBe(true);
    expect(parentId(order, 2015)).toBeNull();
    expect(hasParent(order, item(order, 2015))).toBe(false);
    expect(childIds(order, 2015)).toEqual([2016]);
    expect(childIds(order, 2016)).toEqual([]);
  });

  it('000000009 and 000000010: the configurable child without parent_item_id is recognised (same SKU WJ12-L-Purple, qty 1, price 0)', () => {
    for (const [entity, parent, child] of [[2009, 2019, 2020], [2010, 2021, 2022]] as const) {
      const order = realOrder(entity);
      expect(item(order, child).parent_item_id ?? null).toBeNull();
      expect(parentId(order, child)).toBe(parent);
      expect(hasParent(order, item(order, child))).toBe(true);
      expect(childIds(order, parent)).toEqual([child]);
      expect(parentId(order, parent)).toBeNull();
      expect(hasParent(order, item(order, parent))).toBe(false);
    }
  });

  it('100000003 with its parts\' parent_item_id taken out: each part is recognised in the bundle\'s composite SKU', () => {
    // Bundle 3005 "24-WG080-24-WG084-24-WG088-24-WG082-blue-24-WG086" (Magento 2.1 order tutorial): its parts 3006
    // 24-WG082-blue, 3007 24-WG084, 3008 24-WG086 (at the end), 3009 24-WG088 each follow a "-" and end at a "-" or at
    // the end. The parts carry amounts (a dynamic bundle), which does not matter for a bundle. 3003 WS12-M-Orange and
    // 3004 240-LV08 are named nowhere in it.
    const order = realOrder(3003, (o) => {
      for (const i of o['items'] as Raw[]) delete i['parent_item_id'];
    });
    expect(item(order, 3007).row_total).toBe(5);
    for (const part of [3006, 3007, 3008, 3009]) expect(parentId(order, part)).toBe(3005);
    expect(parentId(order, 3003)).toBeNull();
    expect(parentId(order, 3004)).toBeNull();
    expect(parentId(order, 3005)).toBeNull();
    expect(childIds(order, 3005)).toEqual([3006, 3007, 3008, 3009]);
    expect(childIds(order, 3003)).toEqual([]);
  });

  it('100000003 as sent: the parts declare the bundle', () => {
    const order = realOrder(3003);
    expect(childIds(order, 3005)).toEqual([3006, 3007, 3008, 3009]);
    expect(parentId(order, 3003)).toBeNull();
  });
});

describe('a declared parent_item_id', () => {
  it('is followed even where another row would match by the rules for undeclared children', () => {
    // Row 2 declares row 3 as its parent, though configurable row 1 has its SKU and quantity and row 2 no amounts.
    const order = orderOf([configurable(1, 'S'), bareChild(2, 'S', { parent_item_id: 3 }), configurable(3, 'T')]);
    expect(parentId(order, 2)).toBe(3);
    expect(childIds(order, 1)).toEqual([]);
    expect(childIds(order, 3)).toEqual([2]);
  });

  it('naming a row the order does not hold: no parent found, yet the row has one (it is billed on its own by invoice-lines)', () => {
    const order = orderOf([configurable(1, 'S'), bareChild(2, 'S', { parent_item_id: 99 })]);
    expect(parentId(order, 2)).toBeNull();
    expect(hasParent(order, item(order, 2))).toBe(true);
    expect(childIds(order, 1)).toEqual([]);
  });

  it('naming the row itself (a broken record): the row is not listed among its own children', () => {
    const order = orderOf([bareChild(1, 'S', { parent_item_id: 1 })]);
    expect(childIds(order, 1)).toEqual([]);
  });
});

describe('a configurable child without parent_item_id (real orders 000000009 / 000000010)', () => {
  it('a configurable or bundle row is never a child, even when a row before it matches', () => {
    // Two configurable rows of the same SKU and quantity, the second with no amounts: still two sales.
    const order = orderOf([configurable(1, 'S'), configurable(2, 'S', { price: 0, row_total: 0 }), { item_id: 3, sku: 'KIT-S', product_type: 'bundle', qty_ordered: 1 }, { item_id: 4, sku: 'S', product_type: 'bundle', qty_ordered: 1, row_total: 0 }]);
    expect(parentId(order, 2)).toBeNull();
    expect(hasParent(order, item(order, 2))).toBe(false);
    expect(parentId(order, 4)).toBeNull();
    expect(childIds(order, 1)).toEqual([]);
    expect(childIds(order, 3)).toEqual([]);
  });

  it('needs the same SKU', () => {
    const order = orderOf([configurable(1, 'WJ12-L-Purple'), bareChild(2, 'WJ12-M-Purple')]);
    expect(parentId(order, 2)).toBeNull();
    expect(hasParent(order, item(order, 2))).toBe(false);
  });

  it('needs the same quantity: 2 and 1 differ; a missing quantity counts as 1', () => {
    expect(parentId(orderOf([configurable(1, 'S', { qty_ordered: 2 }), bareChild(2, 'S')]), 2)).toBeNull();
    expect(parentId(orderOf([configurable(1, 'S'), bareChild(2, 'S', { qty_ordered: 2 })]), 2)).toBeNull();
    expect(parentId(orderOf([configurable(1, 'S', { qty_ordered: 2 }), bareChild(2, 'S', { qty_ordered: 2 })]), 2)).toBe(1);
    // 1 and missing: the same; missing and 2: not.
    expect(parentId(orderOf([configurable(1, 'S'), bareChild(2, 'S', { qty_ordered: null })]), 2)).toBe(1);
    expect(parentId(orderOf([configurable(1, 'S', { qty_ordered: null }), bareChild(2, 'S')]), 2)).toBe(1);
    expect(parentId(orderOf([configurable(1, 'S', { qty_ordered: null }), bareChild(2, 'S', { qty_ordered: null })]), 2)).toBe(1);
    expect(parentId(orderOf([configurable(1, 'S', { qty_ordered: null }), bareChild(2, 'S', { qty_ordered: 2 })]), 2)).toBeNull();
    expect(parentId(orderOf([configurable(1, 'S', { qty_ordered: 2 }), bareChild(2, 'S', { qty_ordered: null })]), 2)).toBeNull();
  });

  it('needs a child carrying no amounts: a row, a tax or a discount of its own makes it a sale of its own', () => {
    // Zero and missing are both "no amount".
    expect(parentId(orderOf([configurable(1, 'S'), bareChild(2, 'S', { row_total: 0, tax_amount: 0, discount_amount: 0 })]), 2)).toBe(1);
    expect(parentId(orderOf([configurable(1, 'S'), bareChild(2, 'S', { row_total: null, tax_amount: null, discount_amount: null })]), 2)).toBe(1);
    expect(parentId(orderOf([configurable(1, 'S'), bareChild(2, 'S', { row_total: 77 })]), 2)).toBeNull();
    expect(parentId(orderOf([configurable(1, 'S'), bareChild(2, 'S', { tax_amount: 6.35 })]), 2)).toBeNull();
    expect(parentId(orderOf([configurable(1, 'S'), bareChild(2, 'S', { discount_amount: 15.4 })]), 2)).toBeNull();
    // The price is not an amount charged: real order 000000020's declared child carries price 44 and row_total 0.
    expect(parentId(orderOf([configurable(1, 'S'), bareChild(2, 'S', { price: 44 })]), 2)).toBe(1);
  });

  it('needs a configurable parent: an earlier row of the same SKU of another type is none', () => {
    // The same simple product twice, the second line free (row 0): two sales, not parent and child. Nor is a bundle or
    // a product without a type whose SKU equals the row's.
    const simple = orderOf([{ item_id: 1, sku: 'S', product_type: 'simple', qty_ordered: 1, price: 5, row_total: 5 }, bareChild(2, 'S')]);
    expect(parentId(simple, 2)).toBeNull();
    const bundle = orderOf([{ item_id: 1, sku: 'S', product_type: 'bundle', qty_ordered: 1, row_total: 5 }, bareChild(2, 'S')]);
    expect(parentId(bundle, 2)).toBeNull();
    const untyped = orderOf([{ item_id: 1, sku: 'S', qty_ordered: 1, row_total: 5 }, bareChild(2, 'S', { product_type: undefined })]);
    expect(parentId(untyped, 2)).toBeNull();
  });

  it('needs the parent before the child (Magento saves the parent first)', () => {
    const order = orderOf([bareChild(1, 'S'), configurable(2, 'S')]);
    expect(parentId(order, 1)).toBeNull();
    expect(childIds(order, 2)).toEqual([]);
  });

  it('takes the nearest configurable before it: the same product ordered twice is two parents with a child each', () => {
    // Rows 1/2 and 3/4 are the same configurable twice (as a store sends two lines with different custom options).
    // Row 4's candidates, nearest first: 3, 2 (not configurable), 1 → 3. Row 2's: 1.
    const order = orderOf([configurable(1, 'S'), bareChild(2, 'S'), configurable(3, 'S'), bareChild(4, 'S')]);
    expect(parentId(order, 2)).toBe(1);
    expect(parentId(order, 4)).toBe(3);
    expect(childIds(order, 1)).toEqual([2]);
    expect(childIds(order, 3)).toEqual([4]);
  });

  it('skips a configurable whose child is declared: a later bare row of its SKU is no second child of it', () => {
    // Row 2 declares row 1; row 3 matches row 1 by SKU, quantity and amounts, but row 1 has its child already.
    const order = orderOf([configurable(1, 'S'), bareChild(2, 'S', { parent_item_id: 1 }), bareChild(3, 'S')]);
    expect(parentId(order, 3)).toBeNull();
    expect(hasParent(order, item(order, 3))).toBe(false);
    expect(childIds(order, 1)).toEqual([2]);
  });

  it('skips a candidate that is itself a declared child', () => {
    // Row 2 is a configurable declared under bundle row 1 (a composite that holds a configurable); row 3 matches row 2
    // by SKU, quantity and amounts, but row 2 is a child, so it is no candidate.
    const order = orderOf([
      { item_id: 1, sku: 'KIT', product_type: 'bundle', qty_ordered: 1, row_total: 77 },
      configurable(2, 'S', { parent_item_id: 1 }),
      bareChild(3, 'S'),
    ]);
    expect(parentId(order, 3)).toBeNull();
    expect(childIds(order, 1)).toEqual([2]);
    expect(childIds(order, 2)).toEqual([]);
  });
});

describe('a bundle part without parent_item_id (real order 100000003\'s composite SKU)', () => {
  const bundle = (itemId: number, sku: string): Raw => ({ item_id: itemId, sku, name: 'Sprite Yoga Companion Kit', product_type: 'bundle', qty_ordered: 1, price: 68, row_total: 68 });
  const part = (itemId: number, sku: string, more: Raw = {}): Raw => ({ item_id: itemId, sku, product_type: 'simple', qty_ordered: 1, price: 5, row_total: 5, ...more });

  it('a part between dashes or at the end is named; quantity and amounts do not matter', () => {
    // "KIT-A-BB": "-A" at 3 ends at 5, a "-"; "-BB" at 5 ends at 8, the end.
    const order = orderOf([bundle(1, 'KIT-A-BB'), part(2, 'A', { qty_ordered: 3 }), part(3, 'BB')]);
    expect(parentId(order, 2)).toBe(1);
    expect(parentId(order, 3)).toBe(1);
    expect(childIds(order, 1)).toEqual([2, 3]);
  });

  it('a SKU that only begins a longer part is not named', () => {
    // "KIT-WG0820": "-WG082" at 3 ends at 9, where "0" follows, not "-".
    const order = orderOf([bundle(1, 'KIT-WG0820'), part(2, 'WG082')]);
    expect(parentId(order, 2)).toBeNull();
    expect(hasParent(order, item(order, 2))).toBe(false);
  });

  it('a false start is passed over and a later match found', () => {
    // "KIT-WG0820-WG082": "-WG082" at 3 is followed by "0"; the next, at 10, ends at 16, the end of the SKU.
    const order = orderOf([bundle(1, 'KIT-WG0820-WG082'), part(2, 'WG082')]);
    expect(parentId(order, 2)).toBe(1);
    // The same with the part in the middle: at 10 it ends at 16, where "-" follows.
    expect(parentId(orderOf([bundle(1, 'KIT-WG0820-WG082-X'), part(2, 'WG082')]), 2)).toBe(1);
    // A dash at the very start counts as one: "-A-B" names A (at 0) and B.
    const leading = orderOf([bundle(1, '-A-B'), part(2, 'A'), part(3, 'B')]);
    expect(childIds(leading, 1)).toEqual([2, 3]);
  });

  it('a part is preceded by a dash: the bundle\'s own SKU, or a SKU run into another, is not a part', () => {
    expect(parentId(orderOf([bundle(1, 'KIT-A'), part(2, 'KIT')]), 2)).toBeNull();
    expect(parentId(orderOf([bundle(1, 'KITA-B'), part(2, 'A')]), 2)).toBeNull();
    expect(parentId(orderOf([bundle(1, 'KIT-A'), part(2, 'KIT-A')]), 2)).toBeNull();
  });

  it('an empty SKU names no part, even in a composite SKU with an empty piece', () => {
    // "KIT--A" holds "-" followed by "-" at 3 and 4: an empty part would look named there.
    const order = orderOf([bundle(1, 'KIT--A'), part(2, '')]);
    expect(parentId(order, 2)).toBeNull();
  });

  it('the bundle comes before its part, and the nearest naming bundle wins', () => {
    expect(parentId(orderOf([part(1, 'A'), bundle(2, 'KIT-A')]), 1)).toBeNull();
    const order = orderOf([bundle(1, 'KIT-A'), part(2, 'A'), bundle(3, 'SET-A'), part(4, 'A')]);
    expect(parentId(order, 2)).toBe(1);
    expect(parentId(order, 4)).toBe(3);
  });

  it('a configurable is no bundle: its SKU naming the row does not make it a parent', () => {
    // Row 2 carries amounts, so it is no configurable child either.
    const order = orderOf([configurable(1, 'KIT-A'), part(2, 'A')]);
    expect(parentId(order, 2)).toBeNull();
  });

  it('a configurable child that carries amounts is checked against bundles too', () => {
    // Row 3 has configurable row 2's SKU but a row of its own, so it is not row 2's child; bundle 1 names it.
    const order = orderOf([bundle(1, 'KIT-S'), configurable(2, 'S'), part(3, 'S')]);
    expect(parentId(order, 3)).toBe(1);
  });
});

describe('the answer is the same however often it is asked', () => {
  it('parentOf, hasParent and childrenOf agree on every call', () => {
    const order = realOrder(2010);
    for (let round = 0; round < 2; round++) {
      expect(parentId(order, 2022)).toBe(2021);
      expect(parentId(order, 2021)).toBeNull();
      expect(hasParent(order, item(order, 2022))).toBe(true);
      expect(childIds(order, 2021)).toEqual([2022]);
    }
  });
});
