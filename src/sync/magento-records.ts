import { magentoRequest, type MagentoHttpOptions } from '../magento/http.js';
import { searchCriteriaParams, type Filter, type SearchCriteria } from '../magento/search-criteria.js';
import type { MagentoSource } from './context.js';
import type { EntityType } from '../domain/entity-types.js';
import { magentoOrderSchema } from '../domain/magento.js';
import { searchFields } from '../magento/fields.js';

/**
 * Raw Magento records for the sync: unvalidated on purpose, so one malformed record is refused on its own by the handler
 * instead of failing a page of a hundred. Products are keyed by SKU (what order lines and Xero item codes use), every
 * other type by entity id.
 */
const SOURCES: Record<EntityType, { path: string; idField: string; key: (r: Record<string, unknown>) => string; fields?: string }> = {
  customer: { path: '/customers/search', idField: 'entity_id', key: (r) => String(r['id']) },
  product: { path: '/products', idField: 'sku', key: (r) => String(r['sku']) },
  // Orders are asked for the fields their schema declares only (`fields`): half an order's JSON is nothing the mapping
  // reads (the shipping assignment repeats the items, line timestamps, ids of quotes), and an order is read when listed
  // and again with its invoices and credit memos.
  order: { path: '/orders', idField: 'entity_id', key: (r) => String(r['entity_id']), fields: searchFields(magentoOrderSchema) },
  invoice: { path: '/invoices', idField: 'entity_id', key: (r) => String(r['entity_id']) },
  creditmemo: { path: '/creditmemos', idField: 'entity_id', key: (r) => String(r['entity_id']) },
};

export interface RawPage {
  records: Array<{ id: string; updatedAt: string | undefined; record: Record<string, unknown> }>;
  totalCount: number | undefined;
}

export class MagentoRecords implements MagentoSource {
  constructor(private readonly http: MagentoHttpOptions) {}

  async search(entity: EntityType, criteria: SearchCriteria, signal?: AbortSignal): Promise<RawPage> {
    const { path, fields } = SOURCES[entity];
    const body = (await magentoRequest(this.http, {
      path,
      query: fields ? [...searchCriteriaParams(criteria), ['fields', fields]] : searchCriteriaParams(criteria),
      ...(signal ? { signal } : {}),
    })) as { items?: unknown; total_count?: unknown } | null;
    const items = Array.isArray(body?.items) ? (body.items as unknown[]) : [];
    const records = items
      .filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null)
      .map((record) => ({
        id: SOURCES[entity].key(record),
        updatedAt: typeof record['updated_at'] === 'string' ? record['updated_at'] : undefined,
        record,
      }));
    return { records, totalCount: typeof body?.total_count === 'number' ? body.total_count : undefined };
  }

  /**
   * Customer group → tax class, and tax class names (Magento's default classes: 2 Taxable Goods, 3 Retail Customer; a
   * merchant adds e.g. "Tax Exempt"). Two small lists: GET /V1/customerGroups/search and /V1/taxClasses/search.
   */
  async taxClasses(signal?: AbortSignal): Promise<{ groups: Record<string, string>; names: Record<string, string> }> {
    const all = { query: searchCriteriaParams({}), ...(signal ? { signal } : {}) };
    const items = (body: unknown): Array<Record<string, unknown>> => {
      const list = (body as { items?: unknown } | null)?.items;
      return Array.isArray(list) ? list.filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null) : [];
    };
    const [groups, classes] = await Promise.all([
      magentoRequest(this.http, { path: '/customerGroups/search', ...all }),
      magentoRequest(this.http, { path: '/taxClasses/search', ...all }),
    ]);
    const out = { groups: {} as Record<string, string>, names: {} as Record<string, string> };
    for (const g of items(groups)) if (g['id'] != null && g['tax_class_id'] != null) out.groups[String(g['id'])] = String(g['tax_class_id']);
    for (const c of items(classes)) if (c['class_id'] != null && typeof c['class_name'] === 'string') out.names[String(c['class_id'])] = c['class_name'];
    return out;
  }

  async taxRates(signal?: AbortSignal): Promise<unknown[]> {
    const body = (await magentoRequest(this.http, { path: '/taxRates/search', query: searchCriteriaParams({}), ...(signal ? { signal } : {}) })) as { items?: unknown } | null;
    return Array.isArray(body?.items) ? body.items : [];
  }

  /** A product's SKU (its key here) from its entity_id, as some webhooks name products; undefined when there is none. */
  async productSku(entityId: string, signal?: AbortSignal): Promise<string | undefined> {
    const page = await this.search('product', { filterGroups: [[{ field: 'entity_id', condition: 'eq', value: entityId }]], pageSize: 1, currentPage: 1 }, signal);
    return page.records[0]?.id;
  }

  async fetch(entity: EntityType, ids: readonly string[], signal?: AbortSignal): Promise<Map<string, unknown>> {
    const found = new Map<string, unknown>();
    for (let i = 0; i < ids.length; i += 100) {
      const chunk = ids.slice(i, i + 100);
      const filter: Filter = { field: SOURCES[entity].idField, condition: 'in', value: chunk };
      const page = await this.search(entity, { filterGroups: [[filter]], pageSize: chunk.length, currentPage: 1 }, signal);
      for (const r of page.records) found.set(r.id, r.record);
    }
    return found;
  }

  async related(entity: EntityType, field: string, values: readonly string[], signal?: AbortSignal): Promise<Array<Record<string, unknown>>> {
    const out: Array<Record<string, unknown>> = [];
    for (let i = 0; i < values.length; i += 100) {
      const chunk = values.slice(i, i + 100);
      for (let page = 1; ; page++) {
        const result = await this.search(entity, { filterGroups: [[{ field, condition: 'in', value: chunk }]], pageSize: 300, currentPage: page }, signal);
        out.push(...result.records.map((r) => r.record));
        if (result.records.length < 300 || (result.totalCount !== undefined && page * 300 >= result.totalCount)) break;
      }
    }
    return out;
  }

  /**
   * Every record (or those changed since `updatedSince`, Magento's UTC format) a page at a time, oldest change first.
   * Stops at the last page however Magento answers a page past the end (it repeats the last one), and never yields a
   * record twice.
   */
  async *pages(entity: EntityType, options: { updatedSince?: string; pageSize?: number; signal?: AbortSignal } = {}): AsyncGenerator<RawPage> {
    const pageSize = options.pageSize ?? 200;
    const groups: Filter[][] = options.updatedSince ? [[{ field: 'updated_at', condition: 'gteq', value: options.updatedSince }]] : [];
    const seen = new Set<string>();
    for (let page = 1; ; page++) {
      const result = await this.search(
        entity,
        {
          filterGroups: groups,
          sortOrders: [
            { field: 'updated_at', direction: 'ASC' },
            { field: SOURCES[entity].idField === 'sku' ? 'entity_id' : SOURCES[entity].idField, direction: 'ASC' },
          ],
          pageSize,
          currentPage: page,
        },
        options.signal,
      );
      const fresh = result.records.filter((r) => !seen.has(r.id));
      for (const r of fresh) seen.add(r.id);
      if (fresh.length > 0) yield { records: fresh, totalCount: result.totalCount };
      if (
        result.records.length < pageSize ||
        fresh.length === 0 ||
        (result.totalCount !== undefined && page * pageSize >= result.totalCount)
      ) {
        return;
      }
    }
  }
}
