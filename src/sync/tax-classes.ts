// Magento's orders say what was taxed but not why a line was not: the product's tax class and the customer group's
// tax class are in the catalogue. Read them for the untaxed lines of a batch, once per batch, into the batch's settings.
import { toMinorOr0 } from '../domain/money.js';
import { productAttribute, type MagentoOrder, magentoProductSchema } from '../domain/magento.js';
import type { MappingSettings } from '../mapping/settings.js';
import type { MagentoSource } from './context.js';

/** The SKUs of order lines Magento did not tax: the lines whose tax type depends on their product's class. */
function untaxedSkus(orders: readonly MagentoOrder[]): string[] {
  const skus = new Set<string>();
  for (const order of orders) {
    for (const item of order.items) if (toMinorOr0(item.tax_amount) === 0 && item.sku) skus.add(item.sku);
  }
  return [...skus];
}

function hasUntaxedLine(order: MagentoOrder): boolean {
  return order.items.some((i) => toMinorOr0(i.tax_amount) === 0) || toMinorOr0(order.shipping_tax_amount) === 0;
}

export async function loadTaxClasses(magento: MagentoSource, settings: MappingSettings, orders: readonly MagentoOrder[], signal?: AbortSignal): Promise<void> {
  const relevant = orders.filter(hasUntaxedLine);
  if (relevant.length === 0) return;
  const catalogue = settings.catalogue;
  const wanted = untaxedSkus(relevant).filter((sku) => catalogue.productTaxClasses[sku] === undefined);
  if (wanted.length > 0) {
    for (const [sku, raw] of await magento.fetch('product', wanted, signal)) {
      const parsed = magentoProductSchema.safeParse(raw);
      const taxClass = parsed.success ? productAttribute(parsed.data, 'tax_class_id') : undefined;
      if (taxClass !== undefined) catalogue.productTaxClasses[sku] = taxClass;
    }
  }
  const needGroups = relevant.some((o) => o.customer_group_id != null && catalogue.groupTaxClasses[String(o.customer_group_id)] === undefined);
  if (magento.taxClasses && (needGroups || Object.keys(catalogue.classNames).length === 0)) {
    const classes = await magento.taxClasses(signal);
    Object.assign(catalogue.groupTaxClasses, classes.groups);
    Object.assign(catalogue.classNames, classes.names);
  }
}
