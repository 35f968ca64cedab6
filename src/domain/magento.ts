// The Magento 2 REST records the connector reads (field names from the 2.4.8 admin schema and Adobe's example payloads).
// Tolerant where Magento is: null fields are often left out and newer versions emit nulls, so optional fields are
// `.nullish()`, and unknown fields pass through. Strict only where the mapping depends on a value.
import { z } from 'zod';
import { InvalidPayloadError } from './errors.js';

/** A JSON number; some extensions send numeric strings, which we accept and read as numbers. */
const amount = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);
const optAmount = amount.nullish();
const intLike = z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform(Number)]);
const optInt = intLike.nullish();
const optString = z.string().nullish();

export const magentoRegionSchema = z.looseObject({
  region_code: optString,
  region: optString,
  region_id: optInt,
});

export const magentoCustomerAddressSchema = z.looseObject({
  id: optInt,
  customer_id: optInt,
  region: magentoRegionSchema.nullish(),
  region_id: optInt,
  country_id: optString,
  street: z.array(z.string()).nullish(),
  company: optString,
  telephone: optString,
  vat_id: optString,
  postcode: optString,
  city: optString,
  firstname: optString,
  lastname: optString,
  default_shipping: z.boolean().nullish(),
  default_billing: z.boolean().nullish(),
});
export type MagentoCustomerAddress = z.infer<typeof magentoCustomerAddressSchema>;

export const magentoCustomerSchema = z.looseObject({
  id: intLike,
  group_id: optInt,
  default_billing: z.union([z.string(), z.number()]).nullish(),
  default_shipping: z.union([z.string(), z.number()]).nullish(),
  created_at: optString,
  updated_at: optString,
  email: z.string(),
  firstname: optString,
  lastname: optString,
  middlename: optString,
  store_id: optInt,
  website_id: optInt,
  taxvat: optString,
  addresses: z.array(magentoCustomerAddressSchema).nullish(),
});
export type MagentoCustomer = z.infer<typeof magentoCustomerSchema>;

export const magentoCustomAttributeSchema = z.looseObject({
  attribute_code: z.string(),
  value: z.unknown(),
});

export const PRODUCT_TYPES = ['simple', 'configurable', 'bundle', 'virtual', 'downloadable', 'grouped', 'giftcard'] as const;

export const magentoProductSchema = z.looseObject({
  id: optInt,
  sku: z.string(),
  name: optString,
  price: optAmount,
  status: optInt,
  visibility: optInt,
  // Kept as a string: extensions add their own types; the mapping treats unknown ones like simple.
  type_id: z.string().nullish(),
  created_at: optString,
  updated_at: optString,
  extension_attributes: z
    .looseObject({
      website_ids: z.array(z.number()).nullish(),
      configurable_product_links: z.array(z.number()).nullish(),
      bundle_product_options: z.array(z.unknown()).nullish(),
    })
    .nullish(),
  custom_attributes: z.array(magentoCustomAttributeSchema).nullish(),
});
export type MagentoProduct = z.infer<typeof magentoProductSchema>;

/** Reads a product custom attribute (e.g. tax_class_id, description) as a string, or undefined. */
export function productAttribute(product: MagentoProduct, code: string): string | undefined {
  const found = product.custom_attributes?.find((a) => a.attribute_code === code);
  const value = found?.value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

export const magentoAppliedTaxRateSchema = z.looseObject({
  code: optString,
  title: optString,
  percent: optAmount,
});

export const magentoAppliedTaxSchema = z.looseObject({
  code: optString,
  title: optString,
  percent: optAmount,
  amount: optAmount,
  base_amount: optAmount,
  extension_attributes: z.looseObject({ rates: z.array(magentoAppliedTaxRateSchema).nullish() }).nullish(),
});
export type MagentoAppliedTax = z.infer<typeof magentoAppliedTaxSchema>;

export const magentoItemAppliedTaxSchema = z.looseObject({
  /** 'product' | 'shipping' | others (e.g. 'weee'); kept open. */
  type: optString,
  item_id: optInt,
  associated_item_id: optInt,
  applied_taxes: z.array(magentoAppliedTaxSchema).nullish(),
});
export type MagentoItemAppliedTax = z.infer<typeof magentoItemAppliedTaxSchema>;

export const magentoOrderAddressSchema = z.looseObject({
  address_type: optString,
  city: optString,
  company: optString,
  country_id: optString,
  email: optString,
  entity_id: optInt,
  firstname: optString,
  lastname: optString,
  postcode: optString,
  region: optString,
  region_code: optString,
  region_id: optInt,
  street: z.array(z.string()).nullish(),
  telephone: optString,
  vat_id: optString,
});
export type MagentoOrderAddress = z.infer<typeof magentoOrderAddressSchema>;

/** Amount fields shared by order, invoice and credit memo lines. */
const lineAmounts = {
  price: optAmount,
  base_price: optAmount,
  price_incl_tax: optAmount,
  base_price_incl_tax: optAmount,
  row_total: optAmount,
  base_row_total: optAmount,
  row_total_incl_tax: optAmount,
  base_row_total_incl_tax: optAmount,
  tax_amount: optAmount,
  base_tax_amount: optAmount,
  discount_amount: optAmount,
  base_discount_amount: optAmount,
  discount_tax_compensation_amount: optAmount,
  base_discount_tax_compensation_amount: optAmount,
  /**
   * Fixed product taxes (FPT/WEEE) on the line, excluding their own tax: weee_tax_applied is a JSON list of the applied
   * taxes (title, amount, row_amount, row_amount_incl_tax ...). Field names from SalesDataOrderItemInterface /
   * SalesDataCreditmemoItemInterface (netz98/magento2-swagger-api-client-demo, docs/Model), which Magento's
   * Weee\Model\Total\Invoice\Weee fills per invoice item.
   */
  weee_tax_applied: optString,
  weee_tax_applied_amount: optAmount,
  weee_tax_applied_row_amount: optAmount,
  base_weee_tax_applied_row_amnt: optAmount,
  weee_tax_disposition: optAmount,
  weee_tax_row_disposition: optAmount,
};

export const magentoProductOptionSchema = z.looseObject({
  extension_attributes: z
    .looseObject({
      custom_options: z.array(z.looseObject({ option_id: z.unknown(), option_value: z.unknown() })).nullish(),
      configurable_item_options: z
        .array(z.looseObject({ option_id: z.unknown(), option_value: z.unknown() }))
        .nullish(),
      bundle_options: z.array(z.unknown()).nullish(),
    })
    .nullish(),
});

export const magentoOrderItemSchema = z.looseObject({
  item_id: intLike,
  order_id: optInt,
  parent_item_id: optInt,
  product_id: optInt,
  product_type: optString,
  sku: z.string(),
  name: optString,
  description: optString,
  store_id: optInt,
  qty_ordered: optAmount,
  qty_invoiced: optAmount,
  qty_refunded: optAmount,
  qty_canceled: optAmount,
  /** Magento's figures for the invoiced part of the item (sales_order_item). */
  row_invoiced: optAmount,
  tax_invoiced: optAmount,
  discount_invoiced: optAmount,
  discount_tax_compensation_invoiced: optAmount,
  tax_percent: optAmount,
  discount_percent: optAmount,
  original_price: optAmount,
  is_virtual: optInt,
  ...lineAmounts,
  product_option: magentoProductOptionSchema.nullish(),
  /** The older form of the item's options some stores and webhooks send (mapping/invoice-lines.ts reads either). */
  product_options: z.unknown().optional(),
  created_at: optString,
  updated_at: optString,
});
export type MagentoOrderItem = z.infer<typeof magentoOrderItemSchema>;

/** Only the shipping address and method are read (its items and totals repeat the order's; asked for, they doubled an order's size). */
export const magentoShippingAssignmentSchema = z.looseObject({
  shipping: z
    .looseObject({
      address: magentoOrderAddressSchema.nullish(),
      method: optString,
    })
    .nullish(),
});

export const magentoOrderPaymentSchema = z.looseObject({
  method: z.string(),
  amount_ordered: optAmount,
  amount_paid: optAmount,
  amount_refunded: optAmount,
  additional_information: z.array(z.unknown()).nullish(),
});

export const ORDER_STATES = [
  'new',
  'pending_payment',
  'payment_review',
  'processing',
  'complete',
  'closed',
  'canceled',
  'holded',
] as const;
export type MagentoOrderState = (typeof ORDER_STATES)[number];

/** Header amounts shared by order, invoice and credit memo. discount_amount is NEGATIVE on headers. */
const documentTotals = {
  base_currency_code: optString,
  order_currency_code: optString,
  global_currency_code: optString,
  store_currency_code: optString,
  base_to_order_rate: optAmount,
  base_to_global_rate: optAmount,
  grand_total: amount,
  base_grand_total: optAmount,
  subtotal: optAmount,
  base_subtotal: optAmount,
  subtotal_incl_tax: optAmount,
  base_subtotal_incl_tax: optAmount,
  tax_amount: optAmount,
  base_tax_amount: optAmount,
  discount_amount: optAmount,
  base_discount_amount: optAmount,
  discount_tax_compensation_amount: optAmount,
  base_discount_tax_compensation_amount: optAmount,
  shipping_amount: optAmount,
  base_shipping_amount: optAmount,
  shipping_incl_tax: optAmount,
  base_shipping_incl_tax: optAmount,
  shipping_tax_amount: optAmount,
  base_shipping_tax_amount: optAmount,
  shipping_discount_tax_compensation_amount: optAmount,
  discount_description: optString,
  store_id: optInt,
  created_at: z.string(),
  updated_at: optString,
};

/**
 * Adobe Commerce gift wrapping (order extension attributes, SalesDataOrderExtensionInterface in
 * netz98/magento2-swagger-api-client-demo docs/Model; also sent as "0.0000" strings by a real Hong Kong store, order
 * 000000077 in /work/shared/reference/magento/real-stores): wrapping for the whole order (gw_price), for items
 * (gw_items_price) and the printed card (gw_card_price), each excluding tax, with its tax beside it.
 */
const giftWrappingTotals = {
  gw_price: optAmount,
  gw_base_price: optAmount,
  gw_items_price: optAmount,
  gw_items_base_price: optAmount,
  gw_card_price: optAmount,
  gw_card_base_price: optAmount,
  gw_tax_amount: optAmount,
  gw_base_tax_amount: optAmount,
  gw_items_tax_amount: optAmount,
  gw_items_base_tax_amount: optAmount,
  gw_card_tax_amount: optAmount,
  gw_card_base_tax_amount: optAmount,
};

/** Adobe Commerce only: gift cards, store credit, reward points (absent on Open Source). */
const commerceExtras = {
  gift_cards_amount: optAmount,
  base_gift_cards_amount: optAmount,
  customer_balance_amount: optAmount,
  base_customer_balance_amount: optAmount,
  reward_currency_amount: optAmount,
  base_reward_currency_amount: optAmount,
};

export const magentoOrderSchema = z.looseObject({
  entity_id: intLike,
  increment_id: z.string(),
  state: optString,
  status: optString,
  customer_id: optInt,
  customer_is_guest: z.union([z.number(), z.boolean()]).nullish(),
  customer_email: z.string(),
  customer_firstname: optString,
  customer_lastname: optString,
  customer_group_id: optInt,
  /** 1 when nothing on the order ships (virtual and downloadable products only): its tax follows the billing address. */
  is_virtual: optInt,
  shipping_description: optString,
  shipping_discount_amount: optAmount,
  total_paid: optAmount,
  total_refunded: optAmount,
  total_due: optAmount,
  /** What Magento has invoiced of the order (mapping/payment-import.ts). */
  total_invoiced: optAmount,
  /** What Order::registerCancellation recorded as not invoiced when the rest was canceled (mapping/partial-cancel.ts). */
  total_canceled: optAmount,
  subtotal_canceled: optAmount,
  tax_canceled: optAmount,
  shipping_canceled: optAmount,
  discount_canceled: optAmount,
  ...documentTotals,
  ...commerceExtras,
  items: z.array(magentoOrderItemSchema),
  billing_address: magentoOrderAddressSchema.nullish(),
  payment: magentoOrderPaymentSchema.nullish(),
  extension_attributes: z
    .looseObject({
      shipping_assignments: z.array(magentoShippingAssignmentSchema).nullish(),
      applied_taxes: z.array(magentoAppliedTaxSchema).nullish(),
      item_applied_taxes: z.array(magentoItemAppliedTaxSchema).nullish(),
      ...commerceExtras,
      ...giftWrappingTotals,
    })
    .nullish(),
});
export type MagentoOrder = z.infer<typeof magentoOrderSchema>;

export const magentoInvoiceItemSchema = z.looseObject({
  entity_id: optInt,
  order_item_id: intLike,
  parent_id: optInt,
  product_id: optInt,
  sku: z.string(),
  name: optString,
  qty: amount,
  ...lineAmounts,
});
export type MagentoInvoiceItem = z.infer<typeof magentoInvoiceItemSchema>;

/** Invoice state: 1 open, 2 paid, 3 canceled. */
export const magentoInvoiceSchema = z.looseObject({
  entity_id: intLike,
  increment_id: z.string(),
  order_id: intLike,
  state: optInt,
  transaction_id: optString,
  ...documentTotals,
  items: z.array(magentoInvoiceItemSchema),
  extension_attributes: z.looseObject({ ...commerceExtras, ...giftWrappingTotals }).nullish(),
});
export type MagentoInvoice = z.infer<typeof magentoInvoiceSchema>;

export const magentoCreditMemoItemSchema = z.looseObject({
  entity_id: optInt,
  order_item_id: intLike,
  parent_id: optInt,
  product_id: optInt,
  sku: z.string().nullish(),
  name: optString,
  qty: amount,
  ...lineAmounts,
});
export type MagentoCreditMemoItem = z.infer<typeof magentoCreditMemoItemSchema>;

/** Credit memo state: 1 open, 2 refunded, 3 canceled. adjustment = adjustment_positive − adjustment_negative. */
export const magentoCreditMemoSchema = z.looseObject({
  entity_id: intLike,
  increment_id: z.string(),
  order_id: intLike,
  invoice_id: optInt,
  state: optInt,
  transaction_id: optString,
  adjustment: optAmount,
  adjustment_positive: optAmount,
  adjustment_negative: optAmount,
  base_adjustment_positive: optAmount,
  base_adjustment_negative: optAmount,
  ...documentTotals,
  items: z.array(magentoCreditMemoItemSchema),
  extension_attributes: z.looseObject({ ...commerceExtras, ...giftWrappingTotals }).nullish(),
});
export type MagentoCreditMemo = z.infer<typeof magentoCreditMemoSchema>;

export const magentoTaxRateSchema = z.looseObject({
  id: optInt,
  tax_country_id: z.string(),
  tax_region_id: optInt,
  region_name: optString,
  tax_postcode: optString,
  rate: amount,
  code: z.string(),
  titles: z.array(z.looseObject({ store_id: z.unknown(), value: z.string() })).nullish(),
});
export type MagentoTaxRate = z.infer<typeof magentoTaxRateSchema>;

/** GET /V1/taxClasses/search items (tax-data-tax-class-interface): class_type PRODUCT or CUSTOMER. */
export const magentoTaxClassSchema = z.looseObject({
  class_id: intLike,
  class_name: z.string(),
  class_type: z.string(),
});
export type MagentoTaxClass = z.infer<typeof magentoTaxClassSchema>;

export const magentoStoreViewSchema = z.looseObject({
  id: intLike,
  code: z.string(),
  name: z.string(),
  website_id: intLike,
  store_group_id: optInt,
  is_active: optInt,
});
export type MagentoStoreView = z.infer<typeof magentoStoreViewSchema>;

export const magentoStoreConfigSchema = z.looseObject({
  id: intLike,
  code: z.string(),
  website_id: optInt,
  locale: optString,
  base_currency_code: z.string(),
  default_display_currency_code: optString,
  timezone: z.string(),
  base_url: optString,
});
export type MagentoStoreConfig = z.infer<typeof magentoStoreConfigSchema>;

export const magentoSearchCriteriaSchema = z.looseObject({
  current_page: optInt,
  page_size: optInt,
});

/** `{items, search_criteria, total_count}`; `fields=` filtering drops total_count and search_criteria. */
export function magentoSearchResultSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({
    items: z.array(item).nullish().transform((v) => v ?? []),
    search_criteria: magentoSearchCriteriaSchema.nullish(),
    total_count: optInt,
  });
}
export type MagentoSearchResult<T> = { items: T[]; search_criteria?: unknown; total_count?: number | null | undefined };

export const magentoErrorSchema = z.looseObject({
  message: z.string(),
  parameters: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]).nullish(),
  trace: optString,
});
export type MagentoError = z.infer<typeof magentoErrorSchema>;

/** Magento messages carry %1 / %name placeholders; this fills them in. */
export function renderMagentoMessage(error: MagentoError): string {
  const params = error.parameters;
  if (!params) return error.message;
  return error.message.replace(/%(\w+)/g, (whole, key: string) => {
    const value = Array.isArray(params) ? params[Number(key) - 1] : params[key];
    return value === undefined || value === null ? whole : String(value);
  });
}

/** Validates a Magento payload, throwing InvalidPayloadError that names the record kind and the failing fields. */
export function parseMagento<T extends z.ZodType>(schema: T, data: unknown, what: string): z.output<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new InvalidPayloadError(
    'magento',
    what,
    result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
  );
}

export function isGuestOrder(order: MagentoOrder): boolean {
  return order.customer_is_guest === 1 || order.customer_is_guest === true || order.customer_id == null;
}
