// Product records in the shape of GET /V1/products/{sku}, and the sellable view the order generator works from.
import { amount } from '../money.js';
import type { MagentoRecord } from '../store.js';

export interface ProductInfo {
  id: number;
  sku: string;
  name: string;
  /** Catalogue price in base-currency cents. */
  price: number;
  /** Magento tax class: 2 "Taxable Goods", 0 none. */
  taxClassId: number;
  /** Virtual products (services) need no shipping. */
  virtual?: boolean;
}

export type Sellable =
  | { kind: 'simple'; product: ProductInfo }
  | { kind: 'configurable'; parent: ProductInfo; children: ProductInfo[] }
  | { kind: 'bundle'; parent: ProductInfo; dynamic: boolean; selections: Array<{ product: ProductInfo; qty: number }> };

export interface Catalogue {
  records: MagentoRecord[];
  sellables: Sellable[];
}

function stockItem(id: number, qty: number): MagentoRecord {
  return {
    item_id: id,
    product_id: id,
    stock_id: 1,
    qty,
    is_in_stock: qty > 0,
    is_qty_decimal: false,
    show_default_notification_message: false,
    use_config_min_qty: true,
    min_qty: 0,
    use_config_min_sale_qty: 1,
    min_sale_qty: 1,
    use_config_max_sale_qty: true,
    max_sale_qty: 10000,
    use_config_backorders: true,
    backorders: 0,
    use_config_notify_stock_qty: true,
    notify_stock_qty: 1,
    use_config_qty_increments: true,
    qty_increments: 0,
    use_config_enable_qty_inc: true,
    enable_qty_increments: false,
    use_config_manage_stock: true,
    manage_stock: true,
    // Required getters come out as null when empty; optional ones are left out.
    low_stock_date: null,
    is_decimal_divided: false,
    stock_status_changed_auto: 0,
  };
}

export function urlKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export interface ProductRecordInput {
  info: ProductInfo;
  typeId: 'simple' | 'configurable' | 'bundle' | 'virtual';
  visibility: number;
  description?: string;
  weight?: number;
  createdAt: string;
  qty?: number;
  extension?: MagentoRecord;
  extraAttributes?: Array<{ attribute_code: string; value: unknown }>;
  websiteIds?: number[];
}

export function productRecord(input: ProductRecordInput): MagentoRecord {
  const { info } = input;
  const record: MagentoRecord = {
    id: info.id,
    sku: info.sku,
    name: info.name,
    attribute_set_id: 4,
    price: input.typeId === 'configurable' ? 0 : amount(info.price),
    status: 1,
    visibility: input.visibility,
    type_id: input.typeId,
    created_at: input.createdAt,
    updated_at: input.createdAt,
  };
  if (input.weight !== undefined) record['weight'] = input.weight;
  record['extension_attributes'] = {
    website_ids: input.websiteIds ?? [1, 2],
    category_links: [],
    stock_item: stockItem(info.id, input.qty ?? 100),
    ...input.extension,
  };
  record['product_links'] = [];
  record['options'] = [];
  record['media_gallery_entries'] = [];
  record['tier_prices'] = [];
  const attributes: Array<{ attribute_code: string; value: unknown }> = [];
  if (input.description !== undefined) attributes.push({ attribute_code: 'description', value: input.description });
  attributes.push(
    { attribute_code: 'url_key', value: urlKey(`${info.name}-${info.id}`) },
    { attribute_code: 'options_container', value: 'container2' },
    { attribute_code: 'required_options', value: '0' },
    { attribute_code: 'has_options', value: input.typeId === 'simple' ? '0' : '1' },
    { attribute_code: 'tax_class_id', value: String(info.taxClassId) },
    ...(input.extraAttributes ?? []),
  );
  record['custom_attributes'] = attributes;
  return record;
}

export function configurableExtension(parentId: number, children: ProductInfo[], attribute: { id: number; label: string }): MagentoRecord {
  return {
    configurable_product_options: [
      {
        id: parentId,
        attribute_id: String(attribute.id),
        label: attribute.label,
        position: 0,
        values: children.map((_, i) => ({ value_index: 160 + i })),
        product_id: parentId,
      },
    ],
    configurable_product_links: children.map((c) => c.id),
  };
}

export function bundleExtension(parent: ProductInfo, selections: Array<{ product: ProductInfo; qty: number }>): MagentoRecord {
  return {
    bundle_product_options: selections.map((s, i) => ({
      option_id: parent.id * 10 + i,
      title: s.product.name,
      required: true,
      type: 'select',
      position: i + 1,
      sku: parent.sku,
      product_links: [
        {
          id: String(s.product.id),
          sku: s.product.sku,
          option_id: parent.id * 10 + i,
          qty: s.qty,
          position: 1,
          is_default: true,
          price: amount(s.product.price),
          price_type: 0,
          can_change_quantity: 0,
        },
      ],
    })),
  };
}
