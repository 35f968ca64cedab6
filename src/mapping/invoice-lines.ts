// Which Magento lines are billed, and what each one charged. The same rules serve orders, Magento invoices and credit
// memos: the document's items point at order items, which say what kind of line each one is.
import { MappingError, type RecordRef } from '../domain/errors.js';
import type { MagentoOrder, MagentoOrderItem } from '../domain/magento.js';
import { toMinorOr0 } from '../domain/money.js';
import type { LineAmountTypes } from '../domain/xero.js';
import { LINE_DESCRIPTION_MAX, type LineSpec } from './line-builder.js';
import { cutText } from './text.js';
import { itemCodeForSku } from './numbers.js';
import { childrenOf, parentOf } from './parent-child.js';
import { itemAccountFor } from './commerce.js';
import { shippingAccount, type MappingSettings } from './settings.js';
import { lineRate, lineTaxType, type TaxContext } from './line-tax.js';
import type { AppliedRate } from './tax.js';
import type { RowConvention } from './row-convention.js';

/** Amount fields as they appear on order, invoice and credit memo lines. */
export interface LineAmounts {
  price?: number | null | undefined;
  price_incl_tax?: number | null | undefined;
  row_total?: number | null | undefined;
  row_total_incl_tax?: number | null | undefined;
  tax_amount?: number | null | undefined;
  discount_amount?: number | null | undefined;
  discount_tax_compensation_amount?: number | null | undefined;
  weee_tax_applied?: string | null | undefined;
  weee_tax_applied_row_amount?: number | null | undefined;
}

export interface SourceLine {
  orderItem: MagentoOrderItem;
  quantity: number;
  amounts: LineAmounts;
}

function carriesAmounts(item: MagentoOrderItem): boolean {
  return toMinorOr0(item.row_total) !== 0 || toMinorOr0(item.price) !== 0 || toMinorOr0(item.tax_amount) !== 0;
}

/** A bundle with dynamic pricing bills its children; with fixed pricing, the parent. */
export function isDynamicBundle(order: MagentoOrder, parent: MagentoOrderItem): boolean {
  return parent.product_type === 'bundle' && childrenOf(order, parent).some(carriesAmounts);
}

/**
 * Each billable item once: configurable parent (not its child), dynamic bundle children, fixed bundle parent. Children
 * are known by parent_item_id or, where the store left it out, by product type and matching rows (parent-child.ts).
 */
export function isBillable(order: MagentoOrder, item: MagentoOrderItem): boolean {
  const parent = parentOf(order, item);
  if (!parent) {
    // A child whose parent the order does not contain is billed on its own.
    if (item.parent_item_id != null) return true;
    return !isDynamicBundle(order, item);
  }
  return isDynamicBundle(order, parent);
}

/** Items without a product of their own in Xero: fixed bundles carry a composite SKU. */
function itemCodeFor(item: MagentoOrderItem): string | undefined {
  if (item.product_type === 'bundle') return undefined;
  return itemCodeForSku(item.sku).code;
}

/** The SKUs of a document's lines that should exist as Xero items before the document is posted. */
export function itemSkusFor(lines: readonly SourceLine[]): string[] {
  return [...new Set(lines.filter((l) => itemCodeFor(l.orderItem)).map((l) => l.orderItem.sku))];
}

/** Name plus the chosen options (from the configurable child's name), or "Bundle: component". */
function baseDescription(order: MagentoOrder, item: MagentoOrderItem): string {
  const name = item.name?.trim() || item.sku;
  if (item.product_type === 'configurable') {
    const child = childrenOf(order, item)[0];
    const childName = child?.name?.trim();
    if (childName && childName !== name) {
      if (childName.startsWith(name)) {
        const options = childName
          .slice(name.length)
          .split('-')
          .map((s) => s.trim())
          .filter(Boolean);
        if (options.length > 0) return `${name} (${options.join(', ')})`;
      }
      return `${name} (${childName})`;
    }
    return name;
  }
  {
    const parent = parentOf(order, item);
    const parentName = parent?.name?.trim();
    if (parent?.product_type === 'bundle' && parentName) return `${parentName}: ${name}`;
  }
  return name;
}

interface OptionRow {
  label?: unknown;
  value?: unknown;
  print_value?: unknown;
}

function optionText(v: unknown): string {
  if (typeof v === 'string') return v.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  if (typeof v === 'number') return String(v);
  return '';
}

/**
 * The customer's custom options on an order item ("Engraving: Happy birthday"), from product_options.options: the
 * label / value / print_value rows Magento keeps on the order item (Magento\SalesGraphQl\Model\OrderItem\
 * OptionsProcessor reads them with getProductOptions()['options']). Stores and webhooks that send product_options
 * serialised send it as a JSON string. REST's product_option.extension_attributes.custom_options carries only ids,
 * which say nothing to a bookkeeper, so they are not used.
 */
export function customOptionsText(item: MagentoOrderItem): string | undefined {
  let raw: unknown = (item as Record<string, unknown>)['product_options'];
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      // Unparseable: `raw` stays the string, whose `.options` is undefined, so the function answers undefined below.
    }
  }
  // A primitive has no options (reading a property of one gives undefined).
  const options = raw == null ? undefined : (raw as { options?: unknown }).options;
  if (!Array.isArray(options)) return undefined;
  const parts = options
    .filter((o): o is OptionRow => o != null) // a primitive has no label or value: it reads as empty
    .map((o) => {
      const label = optionText(o.label);
      const value = optionText(o.print_value) || optionText(o.value);
      return label && value ? `${label}: ${value}` : label || value;
    })
    .filter(Boolean);
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** The line's description: name and chosen options, then the customer's custom options, cut to Xero's limit. */
export function lineDescription(order: MagentoOrder, item: MagentoOrderItem): string {
  const base = baseDescription(order, item);
  const custom = customOptionsText(item);
  return cutText(custom ? `${base} — ${custom}` : base, LINE_DESCRIPTION_MAX);
}

/**
 * Inclusive when the catalogue prices include tax, Exclusive otherwise, NoTax when nothing on the document is taxed.
 * Magento does not expose the "catalog prices include tax" setting over REST, so unless the merchant says (setting
 * pricesIncludeTax), taxed lines vote: the catalogue price (original_price) equals price_incl_tax in a tax-inclusive
 * store and equals price in a tax-exclusive one; lines on special price match neither and abstain. Totals are exact
 * either way (per-line tax is sent); this only decides how the invoice reads.
 */
export function lineAmountTypesFor(
  order: MagentoOrder,
  documentTaxCents: number,
  pricesIncludeTax?: 'auto' | 'yes' | 'no',
): LineAmountTypes {
  const taxed = order.items.filter((i) => toMinorOr0(i.tax_amount) !== 0 && isBillable(order, i));
  if (documentTaxCents === 0 && taxed.length === 0 && toMinorOr0(order.tax_amount) === 0) return 'NoTax';
  if (pricesIncludeTax === 'yes') return 'Inclusive';
  if (pricesIncludeTax === 'no') return 'Exclusive';
  const probe = taxed.length > 0 ? taxed : order.items.filter((i) => toMinorOr0(i.tax_percent) !== 0 && isBillable(order, i));
  let inclusiveVotes = 0;
  let exclusiveVotes = 0;
  for (const i of probe) {
    const original = toMinorOr0(i.original_price);
    const incl = toMinorOr0(i.price_incl_tax);
    const excl = toMinorOr0(i.price);
    if (original === 0 || incl === excl) continue;
    if (original === incl) inclusiveVotes += 1;
    else if (original === excl) exclusiveVotes += 1;
  }
  return inclusiveVotes > exclusiveVotes ? 'Inclusive' : 'Exclusive';
}

export interface LineContext {
  order: MagentoOrder;
  mode: LineAmountTypes;
  settings: MappingSettings;
  record: RecordRef;
  /** The tax system of the organisation the document goes to. */
  tax: TaxContext;
  /** Whether this document's item rows are gross or already net of their discount (row-convention.ts). */
  convention?: RowConvention | undefined;
}

/**
 * What an item line must come to: Magento's row less its discount (a gross row) or the row as it is (a row already
 * net of its discount), plus tax when amounts include tax. The discount is shown once, as DiscountAmount, so that
 * price × quantity − discount is the line either way.
 */
export function itemSpec(source: SourceLine, ctx: LineContext): LineSpec & { rate: AppliedRate | undefined } {
  const a = source.amounts;
  const row = toMinorOr0(a.row_total);
  const tax = ctx.mode === 'NoTax' ? 0 : toMinorOr0(a.tax_amount);
  const dtc = toMinorOr0(a.discount_tax_compensation_amount);
  const discount = toMinorOr0(a.discount_amount);
  const inclusive = ctx.mode === 'Inclusive';
  const net = ctx.convention === 'net';
  const target = (net ? row : row + dtc - discount) + (inclusive ? tax : 0);
  const item = source.orderItem;
  const rate = lineRate(ctx.order, { type: 'product', item }, ctx.settings);
  const description = lineDescription(ctx.order, item);
  return {
    description,
    quantity: source.quantity,
    unitHint: inclusive ? a.price_incl_tax : a.price,
    targetCents: target,
    discountCents: inclusive ? discount : discount - dtc,
    taxCents: tax,
    taxType: lineTaxType({ order: ctx.order, item, rate, taxCents: tax, settings: ctx.settings, tax: ctx.tax, record: ctx.record, what: `line "${description}"`, percent: item.tax_percent }),
    // A gift card sold is owed to its holder: the liability account, not sales (commerce.ts).
    accountCode: itemAccountFor(ctx.settings, item, ctx.record),
    itemCode: itemCodeFor(item),
    rate,
  };
}

export interface ShippingAmounts {
  shipping_amount?: number | null | undefined;
  shipping_incl_tax?: number | null | undefined;
  shipping_tax_amount?: number | null | undefined;
  shipping_discount_tax_compensation_amount?: number | null | undefined;
  /** Positive; derived from the header discount when the document does not carry it. */
  shippingDiscountCents: number;
  description?: string | null | undefined;
}

const SHIPPING = { type: 'shipping' } as const;

/** A shipping line when shipping was charged (or taxed), with its own tax and discount. */
export function shippingSpec(s: ShippingAmounts, ctx: LineContext): (LineSpec & { rate: AppliedRate | undefined }) | undefined {
  const amount = toMinorOr0(s.shipping_amount);
  const tax = ctx.mode === 'NoTax' ? 0 : toMinorOr0(s.shipping_tax_amount);
  if (amount === 0 && tax === 0) return undefined;
  const dtc = toMinorOr0(s.shipping_discount_tax_compensation_amount);
  const inclusive = ctx.mode === 'Inclusive';
  const target = amount + dtc - s.shippingDiscountCents + (inclusive ? tax : 0);
  const percent = amount !== 0 && tax !== 0 ? Math.round((tax / (amount - s.shippingDiscountCents + dtc || amount)) * 10000) / 100 : undefined;
  const rate = lineRate(ctx.order, { ...SHIPPING, percent }, ctx.settings);
  const description = s.description?.trim() ? `Shipping: ${s.description.trim()}` : 'Shipping';
  return {
    description,
    quantity: 1,
    unitHint: inclusive ? (s.shipping_incl_tax ?? undefined) : s.shipping_amount,
    targetCents: target,
    discountCents: inclusive ? s.shippingDiscountCents : s.shippingDiscountCents - dtc,
    taxCents: tax,
    taxType: lineTaxType({ order: ctx.order, rate, taxCents: tax, settings: ctx.settings, tax: ctx.tax, record: ctx.record, what: 'shipping', percent }),
    accountCode: shippingAccount(ctx.settings),
    rate,
  };
}

/** Looks up the order item a Magento invoice or credit memo item refers to. */
export function orderItemFor(order: MagentoOrder, orderItemId: number, record: RecordRef): MagentoOrderItem {
  const item = order.items.find((i) => i.item_id === orderItemId);
  if (!item) {
    throw new MappingError(
      'unknown_order_item',
      `refers to order item ${orderItemId}, which order ${order.increment_id} does not contain.`,
      'Re-fetch the order from Magento and retry; if it persists the order was edited after invoicing.',
      { record },
    );
  }
  return item;
}

/** The shipping discount a document gave: the header discount less the items' discounts (header discount is negative). */
export function derivedShippingDiscount(headerDiscount: number | null | undefined, itemDiscountCents: number): number {
  return Math.max(0, -toMinorOr0(headerDiscount) - itemDiscountCents);
}

/**
 * The Magento tax rates an order's lines use, without resolving them, so the engine can map unmapped ones (suggest or
 * create) before mapping the order. Lines whose rate Magento did not name are left out (mapping reports them).
 */
export function requiredTaxRates(order: MagentoOrder, settings: MappingSettings): AppliedRate[] {
  const byKey = new Map<string, AppliedRate>();
  for (const item of order.items) {
    if (!isBillable(order, item) || toMinorOr0(item.tax_amount) === 0) continue;
    const rate = lineRate(order, { type: 'product', item }, settings);
    if (rate) byKey.set(rate.key, rate);
  }
  if (toMinorOr0(order.shipping_tax_amount) !== 0) {
    const rate = lineRate(order, SHIPPING, settings);
    if (rate) byKey.set(rate.key, rate);
  }
  return [...byKey.values()];
}
