import type { MagentoBrowser, MagentoListQuery, MagentoRecordSummary } from '../http/ports.js';
import type { MagentoClient } from '../magento/client.js';
import type { Filter } from '../magento/search-criteria.js';
import type { EntityType } from '../domain/entity-types.js';
import type { MagentoRecords } from '../sync/magento-records.js';

/** Free-text search fields per entity: what a merchant types (a number, a name, an email, a SKU). */
const SEARCH_FIELDS: Record<EntityType, string[]> = {
  customer: ['email', 'firstname', 'lastname'],
  product: ['sku', 'name'],
  order: ['increment_id', 'customer_email', 'customer_lastname'],
  invoice: ['increment_id'],
  creditmemo: ['increment_id'],
};

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
/** Display only (no arithmetic): Magento's JSON number shown with its two decimals. */
const money = (v: unknown): string | undefined => (typeof v === 'number' ? v.toFixed(2) : str(v));
const utcIso = (v: unknown): string => {
  const s = str(v);
  return s ? `${s.replace(' ', 'T')}Z` : '';
};

function summarise(entity: EntityType, id: string, r: Record<string, unknown>): MagentoRecordSummary {
  const storeId = typeof r['store_id'] === 'number' ? r['store_id'] : undefined;
  const base = { id, updatedAt: utcIso(r['updated_at'] ?? r['created_at']), ...(storeId !== undefined ? { storeId } : {}) };
  switch (entity) {
    case 'customer': {
      const name = [str(r['firstname']), str(r['lastname'])].filter(Boolean).join(' ');
      const email = str(r['email']);
      return { ...base, number: id, name: name || (email ?? ''), ...(email ? { email } : {}) };
    }
    case 'product': {
      const price = money(r['price']);
      return { ...base, number: str(r['sku']) ?? id, name: str(r['name']) ?? '', ...(price ? { total: price } : {}), status: str(r['type_id']) ?? '' };
    }
    default: {
      // Orders name their customer; Magento's invoices and credit memos only point at their order.
      const person = [str(r['customer_firstname']), str(r['customer_lastname'])].filter(Boolean).join(' ');
      const name = person;
      const email = str(r['customer_email']);
      const total = money(r['grand_total']);
      const currency = str(r['order_currency_code']);
      const status = entity === 'order' ? str(r['status']) ?? str(r['state']) : invoiceState(entity, r['state']);
      return {
        ...base,
        number: str(r['increment_id']) ?? id,
        name,
        ...(email ? { email } : {}),
        ...(total ? { total } : {}),
        ...(currency ? { currency } : {}),
        ...(status ? { status } : {}),
      };
    }
  }
}

function invoiceState(entity: EntityType, state: unknown): string | undefined {
  const names = entity === 'invoice' ? { 1: 'open', 2: 'paid', 3: 'canceled' } : { 1: 'open', 2: 'refunded', 3: 'canceled' };
  return typeof state === 'number' ? (names as Record<number, string>)[state] : undefined;
}

/** What the admin grids and the Configuration page read from Magento. */
export function magentoBrowser(client: MagentoClient, records: MagentoRecords): MagentoBrowser {
  return {
    baseUrl: client.baseUrl,
    async list(entity: EntityType, query: MagentoListQuery) {
      const groups: Filter[][] = [];
      const search = query.search?.trim();
      if (search) groups.push(SEARCH_FIELDS[entity].map((field) => ({ field, condition: 'like', value: `%${search}%` })));
      const page = await records.search(entity, {
        filterGroups: groups,
        sortOrders: [{ field: entity === 'product' ? 'entity_id' : 'created_at', direction: 'DESC' }],
        pageSize: query.pageSize,
        currentPage: query.page,
      });
      // Magento repeats the last page for a page past the end: show nothing there instead.
      const past = page.totalCount !== undefined && (query.page - 1) * query.pageSize >= page.totalCount;
      return {
        items: past ? [] : page.records.map((r) => summarise(entity, r.id, r.record)),
        total: page.totalCount ?? page.records.length,
      };
    },
    testConnection: () => client.testConnection(),
    async taxRates() {
      const page = await client.searchTaxRates({});
      return page.items.map((r) => ({
        code: r.code ?? String(r.id ?? ''),
        rate: Number(r.rate ?? 0),
        ...(r.tax_country_id ? { country: r.tax_country_id } : {}),
        ...(r.region_name && r.region_name !== '*' ? { regionCode: r.region_name } : {}),
      }));
    },
    async taxClasses() {
      const page = await client.searchTaxClasses();
      return page.items.map((c) => ({ id: String(c.class_id), name: c.class_name, type: c.class_type === 'CUSTOMER' ? ('CUSTOMER' as const) : ('PRODUCT' as const) }));
    },
  };
}
