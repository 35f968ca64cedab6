// Which order item is the parent of which: by parent_item_id, or, where a store leaves it out, by product type and
// matching rows. A configurable product and its chosen simple product, or a bundle and its parts, are one sale; the
// mapping must never post the child as a second line.
//
// Sources for the shapes:
// - Magento stores the configurable parent and its child as two order items; the parent carries the price and the
//   child the same SKU with no amounts (Adobe's orders tutorial, GET /V1/orders/3; fixture order-get.adobedocs-...).
// - Some stores send the child without parent_item_id: real orders 000000009 and 000000010 of the fraud-screening
//   vendor's REST client fixtures (/work/shared/reference/magento/real-stores, source B; fixture
//   orders.real-stores-totals.json) carry a configurable "WJ12-L-Purple" and a simple "WJ12-L-Purple" with price 0 and
//   no parent_item_id.
// - A bundle's order item SKU is the bundle's SKU followed by its parts' SKUs joined with "-" (real order 100000003,
//   Magento 2.1 order tutorial: "24-WG080-24-WG084-24-WG088-24-WG082-blue-24-WG086" with parts 24-WG084, 24-WG088,
//   24-WG082-blue, 24-WG086).
import type { MagentoOrder, MagentoOrderItem } from '../domain/magento.js';

const cache = new WeakMap<MagentoOrder, Map<number, MagentoOrderItem | undefined>>();

/** The product types whose order items are parents: a configurable product, a bundle. */
function isParentType(type: string | null | undefined): boolean {
  return type === 'configurable' || type === 'bundle';
}

function sameQty(a: number | null | undefined, b: number | null | undefined): boolean {
  return (a ?? 1) === (b ?? 1);
}

/** A bundle's composite SKU names the part: "<bundle>-<part>-..." with the part between dashes or at the end. */
function bundleSkuNames(bundleSku: string, partSku: string): boolean {
  if (!partSku) return false;
  let from = 0;
  for (;;) {
    const at = bundleSku.indexOf(`-${partSku}`, from);
    if (at < 0) return false;
    const end = at + 1 + partSku.length;
    if (end === bundleSku.length || bundleSku[end] === '-') return true;
    from = at + 1;
  }
}

function carriesNoAmounts(item: MagentoOrderItem): boolean {
  const zero = (v: number | null | undefined) => v == null || v === 0;
  return zero(item.row_total) && zero(item.tax_amount) && zero(item.discount_amount);
}

function inferParent(order: MagentoOrder, item: MagentoOrderItem): MagentoOrderItem | undefined {
  if (item.parent_item_id != null) return order.items.find((i) => i.item_id === item.parent_item_id);
  if (isParentType(item.product_type)) return undefined;
  // The rows some row names as its parent (rows naming none add null or undefined, which no item_id equals).
  const declaredChildren = new Set(order.items.map((i) => i.parent_item_id));
  // Candidates come before the child (Magento saves the parent first) and have no children of their own declared.
  // Stryker disable next-line EqualityOperator: "<=" would add the item itself, which is neither configurable nor a bundle (returned above), so never found.
  const before = order.items.filter((i) => i.item_id < item.item_id && i.parent_item_id == null && !declaredChildren.has(i.item_id)).reverse();
  // A configurable parent: same SKU (the parent's order item carries the chosen child's SKU), same quantity, and the
  // child carries no amounts of its own (the sale is on the parent).
  const configurable = before.find((p) => p.product_type === 'configurable' && p.sku === item.sku && sameQty(p.qty_ordered, item.qty_ordered));
  if (configurable && carriesNoAmounts(item)) return configurable;
  // A bundle parent: its composite SKU names this part.
  return before.find((p) => p.product_type === 'bundle' && bundleSkuNames(p.sku, item.sku));
}

/** The item's parent: declared by parent_item_id, or recognised by product type and matching rows. */
export function parentOf(order: MagentoOrder, item: MagentoOrderItem): MagentoOrderItem | undefined {
  let byId = cache.get(order);
  // The cache only saves work: without it (a fresh map each call, or no look-up in it) the same answer is worked out again.
  // Stryker disable next-line ConditionalExpression: equivalent, see above.
  if (!byId) {
    byId = new Map();
    cache.set(order, byId);
  }
  // Stryker disable next-line ConditionalExpression: equivalent, see above.
  if (byId.has(item.item_id)) return byId.get(item.item_id);
  const parent = inferParent(order, item);
  byId.set(item.item_id, parent);
  return parent;
}

/** Whether the item has a parent, declared or recognised. */
export function hasParent(order: MagentoOrder, item: MagentoOrderItem): boolean {
  return item.parent_item_id != null || parentOf(order, item) !== undefined;
}

/** The item's children, declared or recognised. */
export function childrenOf(order: MagentoOrder, item: MagentoOrderItem): MagentoOrderItem[] {
  return order.items.filter((i) => i !== item && parentOf(order, i)?.item_id === item.item_id);
}
