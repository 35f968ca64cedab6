// The store's state: every record kept in Magento's own REST shape, indexed by id, so what a test loads through the
// control endpoint is exactly what the REST endpoints return.

export type MagentoRecord = Record<string, unknown>;

export const ENTITY_KINDS = [
  'customers',
  'products',
  'orders',
  'invoices',
  'creditmemos',
  'taxRates',
  'storeViews',
  'websites',
  'storeConfigs',
  'taxClasses',
  'customerGroups',
] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

const ID_FIELD: Record<EntityKind, string> = {
  customers: 'id',
  products: 'id',
  orders: 'entity_id',
  invoices: 'entity_id',
  creditmemos: 'entity_id',
  taxRates: 'id',
  storeViews: 'id',
  websites: 'id',
  storeConfigs: 'id',
  taxClasses: 'class_id',
  customerGroups: 'id',
};

/**
 * What a fresh Magento 2 installation has: tax classes 2 "Taxable Goods" (products) and 3 "Retail Customer", and the
 * customer groups NOT LOGGED IN (0), General (1), Wholesale (2) and Retailer (3), all of class 3 (Magento's setup data
 * patches of the Tax and Customer modules; the groups' shape is customer-data-group-interface of the 2.4.8 schema).
 * "Wholesale Customer" (4) is kept as the emulator had it. A test adds, say, a "Tax Exempt" class and group.
 */
export const DEFAULT_TAX_CLASSES: MagentoRecord[] = [
  { class_id: 2, class_name: 'Taxable Goods', class_type: 'PRODUCT' },
  { class_id: 3, class_name: 'Retail Customer', class_type: 'CUSTOMER' },
  { class_id: 4, class_name: 'Wholesale Customer', class_type: 'CUSTOMER' },
];
export const DEFAULT_CUSTOMER_GROUPS: MagentoRecord[] = [
  { id: 0, code: 'NOT LOGGED IN', tax_class_id: 3, tax_class_name: 'Retail Customer' },
  { id: 1, code: 'General', tax_class_id: 3, tax_class_name: 'Retail Customer' },
  { id: 2, code: 'Wholesale', tax_class_id: 3, tax_class_name: 'Retail Customer' },
  { id: 3, code: 'Retailer', tax_class_id: 3, tax_class_name: 'Retail Customer' },
];

export function idOf(kind: EntityKind, record: MagentoRecord): number | undefined {
  const value = record[ID_FIELD[kind]];
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/** Records of one kind by id, listed in id order (what Magento's collections return without a sort order). */
export class Collection {
  private readonly byId = new Map<number, MagentoRecord>();
  private ordered: MagentoRecord[] | undefined = [];
  private maxId = 0;

  constructor(readonly kind: EntityKind) {}

  get size(): number {
    return this.byId.size;
  }

  get(id: number): MagentoRecord | undefined {
    return this.byId.get(id);
  }

  /** Adds or replaces the record with the same id. */
  put(record: MagentoRecord): number {
    const id = idOf(this.kind, record);
    if (id === undefined) throw new Error(`${this.kind} record without a numeric ${ID_FIELD[this.kind]}`);
    const existed = this.byId.has(id);
    this.byId.set(id, record);
    if (this.ordered !== undefined) {
      if (!existed && id > this.maxId) this.ordered.push(record);
      else this.ordered = undefined;
    }
    this.maxId = Math.max(this.maxId, id);
    return id;
  }

  /** Removes a record; ids are not reused (the next id stays above every id ever held). */
  delete(id: number): boolean {
    const existed = this.byId.delete(id);
    if (existed) this.ordered = undefined;
    return existed;
  }

  nextId(): number {
    return this.maxId + 1;
  }

  all(): readonly MagentoRecord[] {
    if (this.ordered === undefined) {
      this.ordered = [...this.byId.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
    }
    return this.ordered;
  }

  clear(): void {
    this.byId.clear();
    this.ordered = [];
    this.maxId = 0;
  }
}

/** Per-store number sequences for increment ids ("000000123" on store 1, "2000000123" on store 2). */
export class Sequences {
  private readonly next = new Map<string, number>();

  take(kind: 'order' | 'invoice' | 'creditmemo', storeId: number): string {
    const key = `${kind}:${storeId}`;
    const n = this.next.get(key) ?? 1;
    this.next.set(key, n + 1);
    return incrementId(storeId, n);
  }

  /** Makes sure later numbers do not collide with a loaded record's increment id. */
  observe(kind: 'order' | 'invoice' | 'creditmemo', storeId: number, incrementIdValue: unknown): void {
    if (typeof incrementIdValue !== 'string') return;
    const digits = incrementIdValue.slice(-9);
    if (!/^\d{9}$/.test(digits)) return;
    const key = `${kind}:${storeId}`;
    const n = Number(digits) + 1;
    if (n > (this.next.get(key) ?? 1)) this.next.set(key, n);
  }
}

/** Magento's default sequence format: store prefix (none for store 1) and nine digits. */
export function incrementId(storeId: number, n: number): string {
  const prefix = storeId <= 1 ? '' : String(storeId);
  return prefix + String(n).padStart(9, '0');
}

export interface CurrencyInfo {
  base_currency_code: string;
  base_currency_symbol: string;
  default_display_currency_code: string;
  default_display_currency_symbol: string;
  available_currency_codes: string[];
  exchange_rates: Array<{ currency_to: string; rate: number }>;
}

export class MagentoStore {
  readonly customers = new Collection('customers');
  readonly products = new Collection('products');
  readonly orders = new Collection('orders');
  readonly invoices = new Collection('invoices');
  readonly creditmemos = new Collection('creditmemos');
  readonly taxRates = new Collection('taxRates');
  readonly storeViews = new Collection('storeViews');
  readonly websites = new Collection('websites');
  readonly storeConfigs = new Collection('storeConfigs');
  readonly taxClasses = new Collection('taxClasses');
  readonly customerGroups = new Collection('customerGroups');
  readonly sequences = new Sequences();
  private readonly productIdBySku = new Map<string, number>();
  private maxOrderItemId = 0;
  private maxDocumentItemId = { invoices: 0, creditmemos: 0 };
  private maxAddressId = 0;
  currency: CurrencyInfo = {
    base_currency_code: 'USD',
    base_currency_symbol: '$',
    default_display_currency_code: 'USD',
    default_display_currency_symbol: '$',
    available_currency_codes: ['USD'],
    exchange_rates: [{ currency_to: 'USD', rate: 1 }],
  };

  constructor() {
    for (const c of DEFAULT_TAX_CLASSES) this.taxClasses.put({ ...c });
    for (const g of DEFAULT_CUSTOMER_GROUPS) this.customerGroups.put({ ...g });
  }

  collection(kind: EntityKind): Collection {
    return this[kind];
  }

  /** Adds or replaces a record, keeping the SKU index and the id sequences in step. */
  put(kind: EntityKind, record: MagentoRecord): number {
    const id = this.collection(kind).put(record);
    if (kind === 'products' && typeof record['sku'] === 'string') this.productIdBySku.set(record['sku'].toLowerCase(), id);
    if (kind === 'orders') {
      for (const item of arrayOf(record['items'])) this.maxOrderItemId = Math.max(this.maxOrderItemId, numberOf(item['item_id']));
      const shipping = arrayOf((record['extension_attributes'] as MagentoRecord | undefined)?.['shipping_assignments'])[0]?.['shipping'] as
        | MagentoRecord
        | undefined;
      this.maxAddressId = Math.max(
        this.maxAddressId,
        numberOf((record['billing_address'] as MagentoRecord | undefined)?.['entity_id']),
        numberOf((shipping?.['address'] as MagentoRecord | undefined)?.['entity_id']),
      );
    }
    if (kind === 'invoices' || kind === 'creditmemos') {
      for (const item of arrayOf(record['items'])) {
        this.maxDocumentItemId[kind] = Math.max(this.maxDocumentItemId[kind], numberOf(item['entity_id']));
      }
    }
    if (kind === 'orders' || kind === 'invoices' || kind === 'creditmemos') {
      const seq = kind === 'orders' ? 'order' : kind === 'invoices' ? 'invoice' : 'creditmemo';
      this.sequences.observe(seq, numberOf(record['store_id']), record['increment_id']);
    }
    if (kind === 'customers') {
      for (const address of arrayOf(record['addresses'])) this.maxAddressId = Math.max(this.maxAddressId, numberOf(address['id']));
    }
    return id;
  }

  remove(kind: EntityKind, id: number): boolean {
    const record = this.collection(kind).get(id);
    if (kind === 'products' && record && typeof record['sku'] === 'string') this.productIdBySku.delete(record['sku'].toLowerCase());
    return this.collection(kind).delete(id);
  }

  productBySku(sku: string): MagentoRecord | undefined {
    const id = this.productIdBySku.get(sku.toLowerCase());
    return id === undefined ? undefined : this.products.get(id);
  }

  nextOrderItemId(): number {
    this.maxOrderItemId += 1;
    return this.maxOrderItemId;
  }

  nextDocumentItemId(kind: 'invoices' | 'creditmemos'): number {
    this.maxDocumentItemId[kind] += 1;
    return this.maxDocumentItemId[kind];
  }

  nextAddressId(): number {
    this.maxAddressId += 1;
    return this.maxAddressId;
  }

  counts(): Record<EntityKind, number> {
    return {
      customers: this.customers.size,
      products: this.products.size,
      orders: this.orders.size,
      invoices: this.invoices.size,
      creditmemos: this.creditmemos.size,
      taxRates: this.taxRates.size,
      storeViews: this.storeViews.size,
      websites: this.websites.size,
      storeConfigs: this.storeConfigs.size,
      taxClasses: this.taxClasses.size,
      customerGroups: this.customerGroups.size,
    };
  }
}

export function arrayOf(value: unknown): MagentoRecord[] {
  return Array.isArray(value) ? (value.filter((v) => typeof v === 'object' && v !== null) as MagentoRecord[]) : [];
}

export function numberOf(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return 0;
}
