// Typed reads of the Magento 2 REST API, each answer validated with the domain schemas, plus `stream` for incremental
// polling (updated_at ASC then entity_id, capped at the last page, ids de-duplicated) and `testConnection`.
import { z } from 'zod';
import {
  magentoCreditMemoSchema,
  magentoCustomerSchema,
  magentoInvoiceSchema,
  magentoOrderSchema,
  magentoProductSchema,
  magentoSearchResultSchema,
  magentoStoreConfigSchema,
  magentoStoreViewSchema,
  magentoTaxRateSchema,
  magentoTaxClassSchema,
  parseMagento,
  type MagentoCreditMemo,
  type MagentoCustomer,
  type MagentoInvoice,
  type MagentoOrder,
  type MagentoProduct,
  type MagentoStoreConfig,
  type MagentoStoreView,
  type MagentoTaxRate,
  type MagentoTaxClass,
} from '../domain/magento.js';
import { magentoRequest, type MagentoHttpOptions } from './http.js';
import { isMagentoUnauthorized, refinedRefusal, type RefusalDiagnosis } from './errors.js';
import { magentoUtc, searchCriteriaParams, type Filter, type SearchCriteria } from './search-criteria.js';

// TODO(domain): website and currency schemas are not in src/domain/magento.ts yet; small local ones until they are.
export const magentoWebsiteSchema = z.looseObject({ id: z.number(), code: z.string(), name: z.string(), default_group_id: z.number().nullish() });
export type MagentoWebsite = z.infer<typeof magentoWebsiteSchema>;
export const magentoCurrencySchema = z.looseObject({
  base_currency_code: z.string(),
  default_display_currency_code: z.string().nullish(),
  available_currency_codes: z.array(z.string()).nullish(),
  exchange_rates: z.array(z.looseObject({ currency_to: z.string(), rate: z.number() })).nullish(),
});
export type MagentoCurrency = z.infer<typeof magentoCurrencySchema>;

export interface SearchPage<T> {
  items: T[];
  /** Unpaged count; absent when `fields` trimmed it away. */
  totalCount: number | undefined;
}

export interface CallOptions {
  storeCode?: string;
  signal?: AbortSignal;
}

export type StreamEntity = 'customers' | 'products' | 'orders' | 'invoices' | 'creditmemos';
interface StreamRecords {
  customers: MagentoCustomer;
  products: MagentoProduct;
  orders: MagentoOrder;
  invoices: MagentoInvoice;
  creditmemos: MagentoCreditMemo;
}

export interface StreamOptions extends CallOptions {
  /** Only records with updated_at ≥ this (UTC). Subtract an overlap from the watermark yourself. */
  updatedSince?: Date;
  /** Magento caps it at 300 when input limits are on; default 100. */
  pageSize?: number;
  /**
   * 'offset' (default): sorted updated_at ASC then entity_id, page after page. A record updated while the pages are read
   * moves to the end and shifts the rest back by one, so one unchanged record can be skipped in that pass.
   * 'keyset': sorted by entity_id and always page 1 of `entity_id > last seen`: nothing shifts, so nothing is skipped; a
   * record updated mid-pass behind the cursor is picked up by the next pass if the caller's next watermark is the time
   * this pass started (minus an overlap), not the newest updated_at seen. Sales documents only (orders, invoices, credit
   * memos: flat tables whose records carry entity_id); customers and products always page by offset.
   */
  strategy?: 'offset' | 'keyset';
}

export interface StreamPage<T> {
  /** Records first seen on this page (a record seen on an earlier page is not repeated). */
  items: T[];
  page: number;
  totalCount: number | undefined;
  /** Newest updated_at on the page, for the watermark. */
  maxUpdatedAt: string | undefined;
}

const STREAM: { [E in StreamEntity]: { path: string; schema: z.ZodType<StreamRecords[E]>; id: (r: StreamRecords[E]) => string } } = {
  customers: { path: '/customers/search', schema: magentoCustomerSchema as z.ZodType<MagentoCustomer>, id: (r) => String(r.id) },
  // A product's `id` is its entity_id; the SKU only when a trimmed answer lacks it.
  products: { path: '/products', schema: magentoProductSchema as z.ZodType<MagentoProduct>, id: (r) => (r.id != null ? String(r.id) : r.sku) },
  orders: { path: '/orders', schema: magentoOrderSchema as z.ZodType<MagentoOrder>, id: (r) => String(r.entity_id) },
  invoices: { path: '/invoices', schema: magentoInvoiceSchema as z.ZodType<MagentoInvoice>, id: (r) => String(r.entity_id) },
  creditmemos: { path: '/creditmemos', schema: magentoCreditMemoSchema as z.ZodType<MagentoCreditMemo>, id: (r) => String(r.entity_id) },
};

export type TestConnectionResult =
  | { ok: true; storeName: string; baseCurrency: string; timezone: string }
  | { ok: false; error: string };

export class MagentoClient {
  constructor(private readonly options: MagentoHttpOptions) {}

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  // ---------- single records ----------
  getCustomer(id: number | string, opts: CallOptions = {}): Promise<MagentoCustomer> {
    return this.one(`/customers/${encodeURIComponent(String(id))}`, magentoCustomerSchema, `customer ${id}`, opts);
  }

  /** The SKU is URL-encoded (SKUs may hold spaces, slashes or #). */
  getProduct(sku: string, opts: CallOptions = {}): Promise<MagentoProduct> {
    return this.one(`/products/${encodeURIComponent(sku)}`, magentoProductSchema, `product ${sku}`, opts);
  }

  getOrder(id: number | string, opts: CallOptions = {}): Promise<MagentoOrder> {
    return this.one(`/orders/${encodeURIComponent(String(id))}`, magentoOrderSchema, `order ${id}`, opts);
  }

  getInvoice(id: number | string, opts: CallOptions = {}): Promise<MagentoInvoice> {
    return this.one(`/invoices/${encodeURIComponent(String(id))}`, magentoInvoiceSchema, `invoice ${id}`, opts);
  }

  /** Note the singular path: GET /V1/creditmemo/{id}. */
  getCreditMemo(id: number | string, opts: CallOptions = {}): Promise<MagentoCreditMemo> {
    return this.one(`/creditmemo/${encodeURIComponent(String(id))}`, magentoCreditMemoSchema, `credit memo ${id}`, opts);
  }

  // ---------- searches ----------
  searchCustomers(criteria: SearchCriteria, opts: CallOptions = {}): Promise<SearchPage<MagentoCustomer>> {
    return this.search('/customers/search', magentoCustomerSchema, criteria, 'customers', opts);
  }

  searchProducts(criteria: SearchCriteria, opts: CallOptions = {}): Promise<SearchPage<MagentoProduct>> {
    return this.search('/products', magentoProductSchema, criteria, 'products', opts);
  }

  searchOrders(criteria: SearchCriteria, opts: CallOptions = {}): Promise<SearchPage<MagentoOrder>> {
    return this.search('/orders', magentoOrderSchema, criteria, 'orders', opts);
  }

  searchInvoices(criteria: SearchCriteria, opts: CallOptions = {}): Promise<SearchPage<MagentoInvoice>> {
    return this.search('/invoices', magentoInvoiceSchema, criteria, 'invoices', opts);
  }

  searchCreditMemos(criteria: SearchCriteria, opts: CallOptions = {}): Promise<SearchPage<MagentoCreditMemo>> {
    return this.search('/creditmemos', magentoCreditMemoSchema, criteria, 'credit memos', opts);
  }

  searchTaxRates(criteria: SearchCriteria = {}, opts: CallOptions = {}): Promise<SearchPage<MagentoTaxRate>> {
    return this.search('/taxRates/search', magentoTaxRateSchema, criteria, 'tax rates', opts);
  }

  searchTaxClasses(criteria: SearchCriteria = {}, opts: CallOptions = {}): Promise<SearchPage<MagentoTaxClass>> {
    return this.search('/taxClasses/search', magentoTaxClassSchema, criteria, 'tax classes', opts);
  }

  // ---------- stores (plain arrays) ----------
  getStoreViews(opts: CallOptions = {}): Promise<MagentoStoreView[]> {
    return this.one('/store/storeViews', z.array(magentoStoreViewSchema), 'store views', opts);
  }

  getWebsites(opts: CallOptions = {}): Promise<MagentoWebsite[]> {
    return this.one('/store/websites', z.array(magentoWebsiteSchema), 'websites', opts);
  }

  getStoreConfigs(opts: CallOptions = {}): Promise<MagentoStoreConfig[]> {
    return this.one('/store/storeConfigs', z.array(magentoStoreConfigSchema), 'store configs', opts);
  }

  getCurrency(opts: CallOptions = {}): Promise<MagentoCurrency> {
    return this.one('/directory/currency', magentoCurrencySchema, 'currency', opts);
  }

  /**
   * Every record changed since `updatedSince`, page by page, oldest first. Stops when
   * `currentPage * pageSize >= total_count` (Magento answers a page past the end with the last page again), on a short
   * or empty page, and never yields the same id twice.
   */
  async *stream<E extends StreamEntity>(entity: E, opts: StreamOptions = {}): AsyncGenerator<StreamPage<StreamRecords[E]>, void, undefined> {
    const spec = STREAM[entity];
    const pageSize = opts.pageSize ?? 100;
    const keyset = opts.strategy === 'keyset' && (entity === 'orders' || entity === 'invoices' || entity === 'creditmemos');
    const since: Filter[][] = opts.updatedSince ? [[{ field: 'updated_at', condition: 'gteq', value: magentoUtc(opts.updatedSince) }]] : [];
    const seen = new Set<string>();
    let lastId = 0;
    for (let page = 1; ; page++) {
      const criteria: SearchCriteria = keyset
        ? {
            filterGroups: lastId > 0 ? [...since, [{ field: 'entity_id', condition: 'gt', value: lastId }]] : since,
            sortOrders: [{ field: 'entity_id', direction: 'ASC' }],
            pageSize,
            currentPage: 1,
          }
        : {
            filterGroups: since,
            sortOrders: [
              { field: 'updated_at', direction: 'ASC' },
              { field: 'entity_id', direction: 'ASC' },
            ],
            pageSize,
            currentPage: page,
          };
      const result = await this.search(spec.path, spec.schema, criteria, entity, opts);
      const previousLastId = lastId;
      const fresh: StreamRecords[E][] = [];
      let maxUpdatedAt: string | undefined;
      for (const record of result.items) {
        const id = spec.id(record);
        if (/^\d+$/.test(id)) lastId = Math.max(lastId, Number(id));
        const updated = (record as { updated_at?: string | null }).updated_at ?? undefined;
        if (updated !== undefined && (maxUpdatedAt === undefined || updated > maxUpdatedAt)) maxUpdatedAt = updated;
        if (seen.has(id)) continue;
        seen.add(id);
        fresh.push(record);
      }
      if (fresh.length > 0) yield { items: fresh, page, totalCount: result.totalCount, maxUpdatedAt };
      const done = keyset
        ? result.items.length < pageSize || lastId <= previousLastId
        : result.items.length < pageSize ||
          fresh.length === 0 ||
          (result.totalCount !== undefined && page * pageSize >= result.totalCount);
      if (done) return;
    }
  }

  /**
   * After a 401: asks for one record of each resource the connector reads. Every one refused means the credentials are
   * (Magento treats an unknown token as a guest, and a guest may read none of them); some answered means the integration
   * lacks the others. Any other failure of a probe counts as neither.
   */
  async diagnoseRefusal(opts: CallOptions = {}): Promise<RefusalDiagnosis> {
    const one = { pageSize: 1, currentPage: 1 };
    const probes: Array<[string, () => Promise<unknown>]> = [
      ['Stores (Magento_Backend::store)', () => this.getStoreConfigs(opts)],
      ['Sales > Orders (Magento_Sales::actions_view)', () => this.searchOrders(one, opts)],
      ['Customers (Magento_Customer::customer)', () => this.searchCustomers(one, opts)],
      ['Catalog > Products (Magento_Catalog::products)', () => this.searchProducts(one, opts)],
      ['Sales > Invoices (Magento_Sales::sales_invoice)', () => this.searchInvoices(one, opts)],
      ['Stores > Taxes (Magento_Tax::manage_tax)', () => this.searchTaxRates(one, opts)],
    ];
    const outcomes = await Promise.all(probes.map(async ([name, probe]) => [name, await probe().then(() => 'allowed' as const, (e: unknown) => (isMagentoUnauthorized(e) ? ('refused' as const) : ('other' as const)))] as const));
    return { refused: outcomes.filter(([, o]) => o === 'refused').map(([n]) => n), allowed: outcomes.filter(([, o]) => o === 'allowed').map(([n]) => n) };
  }

  /** A 401 made precise by diagnoseRefusal; any other error as it was. */
  async explainRefusal(error: unknown, opts: CallOptions = {}): Promise<unknown> {
    if (!isMagentoUnauthorized(error) || error.credentials !== undefined) return error;
    try {
      const diagnosis = await this.diagnoseRefusal(opts);
      if (diagnosis.refused.length === 0) return error;
      return refinedRefusal(error, diagnosis, this.options.auth.kind);
    } catch {
      return error;
    }
  }

  /** Store name, base currency and time zone, or a sentence saying what is wrong. Never throws. */
  async testConnection(opts: CallOptions = {}): Promise<TestConnectionResult> {
    try {
      const [configs, views] = await Promise.all([this.getStoreConfigs(opts), this.getStoreViews(opts)]);
      const code = opts.storeCode ?? this.options.storeCode;
      const config = configs.find((c) => c.code === code) ?? configs.find((c) => c.code === 'default') ?? configs.find((c) => c.id !== 0) ?? configs[0];
      if (!config) return { ok: false, error: 'Magento answered, but lists no store views' };
      const view = views.find((v) => v.code === config.code);
      return { ok: true, storeName: view?.name ?? config.code, baseCurrency: config.base_currency_code, timezone: config.timezone };
    } catch (error) {
      const explained = await this.explainRefusal(error, opts);
      return { ok: false, error: explained instanceof Error ? explained.message : 'Magento could not be reached' };
    }
  }

  /**
   * Invoices an order (POST /V1/order/{orderId}/invoice, Magento\Sales\Api\InvoiceOrderInterface): without items, every
   * quantity still to invoice; `capture: false` takes no money from a gateway, as "Capture Offline" does in the admin,
   * and Magento marks the invoice paid. Returns the new invoice's entity id. Never retried here: a second call could
   * invoice twice, so the caller looks the order up again when an answer was lost.
   */
  async invoiceOrder(
    orderId: number | string,
    request: { capture: boolean; notify: boolean; comment?: string },
    opts: CallOptions = {},
  ): Promise<number> {
    const body = await magentoRequest(this.options, {
      method: 'POST',
      path: `/order/${encodeURIComponent(String(orderId))}/invoice`,
      body: {
        capture: request.capture,
        notify: request.notify,
        ...(request.comment ? { appendComment: true, comment: { comment: request.comment, is_visible_on_front: 0 } } : {}),
      },
      ...callExtras(opts),
    });
    return parseMagento(z.coerce.number().int().positive(), body, 'invoice id');
  }

  // ---------- plumbing ----------
  private async one<S extends z.ZodType>(path: string, schema: S, what: string, opts: CallOptions): Promise<z.output<S>> {
    const body = await magentoRequest(this.options, { path, ...callExtras(opts) });
    return parseMagento(schema, body, what);
  }

  private async search<S extends z.ZodType>(
    path: string,
    schema: S,
    criteria: SearchCriteria,
    what: string,
    opts: CallOptions,
  ): Promise<SearchPage<z.output<S>>> {
    const body = await magentoRequest(this.options, { path, query: searchCriteriaParams(criteria), ...callExtras(opts) });
    const parsed = parseMagento(magentoSearchResultSchema(schema), body, what);
    return { items: parsed.items as z.output<S>[], totalCount: parsed.total_count ?? undefined };
  }
}

function callExtras(opts: CallOptions): { storeCode?: string; signal?: AbortSignal } {
  return {
    ...(opts.storeCode !== undefined ? { storeCode: opts.storeCode } : {}),
    ...(opts.signal !== undefined ? { signal: opts.signal } : {}),
  };
}
