// Magento's searchCriteria, read from the query string the way the web API does: both the documented snake_case keys
// and the schema's camelCase ones, OR inside a filter group, AND across groups, and its paging quirks (a page past the
// end gives the last page again, while the echo keeps the requested page).
import { badRequest, requiredField } from './errors.js';
import type { MagentoRecord } from './store.js';

export const CONDITIONS = [
  'eq', 'neq', 'gt', 'gteq', 'lt', 'lteq', 'moreq', 'like', 'nlike', 'in', 'nin', 'null', 'notnull', 'finset', 'nfinset', 'from', 'to',
] as const;
export type Condition = (typeof CONDITIONS)[number];

export interface Filter {
  field: string;
  value: string;
  condition_type?: string;
}
export interface SortOrder {
  field: string;
  direction: string;
}
export interface SearchCriteria {
  filter_groups: Array<{ filters: Filter[] }>;
  sort_orders?: SortOrder[];
  page_size?: number;
  current_page?: number;
}

export interface InputLimit {
  defaultPageSize: number;
  maxPageSize: number;
}

export type QueryValue = string | string[] | undefined;
export type Query = Record<string, QueryValue>;

const FILTER_KEY = /^searchCriteria\[(?:filter_groups|filterGroups)\]\[(\d+)\]\[filters\]\[(\d+)\]\[(field|value|condition_type|conditionType)\]$/;
const SORT_KEY = /^searchCriteria\[(?:sort_orders|sortOrders)\]\[(\d+)\]\[(field|direction)\]$/;
const PAGE_SIZE_KEY = /^searchCriteria\[(?:page_size|pageSize)\]$/;
const CURRENT_PAGE_KEY = /^searchCriteria\[(?:current_page|currentPage)\]$/;

function first(value: QueryValue): string {
  if (Array.isArray(value)) return value[0] ?? '';
  return value ?? '';
}

function byIndex<T>(map: Map<number, T>): T[] {
  return [...map.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

/** Reads searchCriteria from a flat query (keys like `searchCriteria[filter_groups][0][filters][0][field]`). */
export function parseSearchCriteria(query: Query, limit?: InputLimit): SearchCriteria {
  const keys = Object.keys(query);
  if (!keys.some((k) => k === 'searchCriteria' || k.startsWith('searchCriteria['))) throw requiredField('searchCriteria');

  const groups = new Map<number, Map<number, Partial<Filter>>>();
  const sorts = new Map<number, Partial<SortOrder>>();
  let pageSize: number | undefined;
  let currentPage: number | undefined;

  for (const key of keys) {
    const value = first(query[key]);
    let m = FILTER_KEY.exec(key);
    if (m) {
      const g = Number(m[1]);
      const f = Number(m[2]);
      const group = groups.get(g) ?? new Map<number, Partial<Filter>>();
      groups.set(g, group);
      const filter = group.get(f) ?? {};
      group.set(f, filter);
      const part = m[3] === 'conditionType' ? 'condition_type' : (m[3] as 'field' | 'value' | 'condition_type');
      filter[part] = value;
      continue;
    }
    m = SORT_KEY.exec(key);
    if (m) {
      const s = Number(m[1]);
      const sort = sorts.get(s) ?? {};
      sorts.set(s, sort);
      sort[m[2] as 'field' | 'direction'] = value;
      continue;
    }
    if (PAGE_SIZE_KEY.test(key)) pageSize = parseInteger(value, 'pageSize');
    else if (CURRENT_PAGE_KEY.test(key)) currentPage = parseInteger(value, 'currentPage');
  }

  const criteria: SearchCriteria = { filter_groups: [] };
  for (const group of byIndex(groups)) {
    const filters: Filter[] = [];
    for (const f of byIndex(group)) {
      if (f.field === undefined || f.field === '') continue;
      const filter: Filter = { field: f.field, value: f.value ?? '' };
      if (f.condition_type !== undefined && f.condition_type !== '') {
        const condition = f.condition_type.toLowerCase();
        if (!(CONDITIONS as readonly string[]).includes(condition)) {
          throw badRequest('Invalid condition type "%1" for the "%2" field.', [f.condition_type, f.field]);
        }
        filter.condition_type = condition;
      }
      filters.push(filter);
    }
    if (filters.length > 0) criteria.filter_groups.push({ filters });
  }
  const sortOrders = byIndex(sorts)
    .filter((s): s is SortOrder | (Partial<SortOrder> & { field: string }) => typeof s.field === 'string' && s.field !== '')
    .map((s) => ({ field: s.field, direction: (s.direction ?? 'DESC').toUpperCase() === 'ASC' ? 'ASC' : 'DESC' }));
  if (sortOrders.length > 0) criteria.sort_orders = sortOrders;

  if (limit) {
    if (pageSize === undefined) pageSize = limit.defaultPageSize;
    if (pageSize > limit.maxPageSize) {
      throw badRequest('Maximum SearchCriteria pageSize is %max', { max: limit.maxPageSize });
    }
  }
  if (pageSize !== undefined) criteria.page_size = pageSize;
  if (currentPage !== undefined) criteria.current_page = currentPage;
  return criteria;
}

function parseInteger(value: string, name: string): number {
  if (!/^\d+$/.test(value.trim())) {
    throw badRequest('The "%value" value\'s type is invalid. The "%type" type was expected. Verify and try again.', {
      value,
      type: 'int',
      name,
    } as Record<string, string>);
  }
  return Number(value.trim());
}

type Scalar = string | number | boolean | null | undefined;

/**
 * Customers and products come out of the API with `id`, but their tables' column is `entity_id`, and that is the name
 * Magento's collections filter and sort by: both names reach the same value.
 */
function fieldValue(record: MagentoRecord, field: string): unknown {
  const value = record[field];
  if ((value === null || value === undefined) && field === 'entity_id') return record['id'];
  return value;
}

function scalar(record: MagentoRecord, field: string): Scalar | Scalar[] {
  const value = fieldValue(record, field);
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : (v as Scalar)));
  if (typeof value === 'object') return JSON.stringify(value);
  return value as Scalar;
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** MySQL-like comparison: numbers as numbers, strings case-insensitively (Magento's default collation). */
function compare(a: string | number | boolean, b: string): number {
  const left = typeof a === 'boolean' ? (a ? 1 : 0) : a;
  if ((typeof left === 'number' || NUMERIC.test(left)) && NUMERIC.test(b.trim())) {
    return Number(left) - Number(b.trim());
  }
  const l = String(left).toLowerCase();
  const r = b.toLowerCase();
  return l < r ? -1 : l > r ? 1 : 0;
}

function likeToRegExp(pattern: string): RegExp {
  let source = '';
  for (const ch of pattern) {
    if (ch === '%') source += '.*';
    else if (ch === '_') source += '.';
    else source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'is');
}

function list(value: string): string[] {
  return value.split(',').map((v) => v.trim());
}

/** One filter on one record; like SQL, a NULL field fails every comparison except `null`. */
export function matchesFilter(record: MagentoRecord, filter: Filter): boolean {
  const raw = scalar(record, filter.field);
  const condition = (filter.condition_type ?? 'eq') as Condition;
  if (condition === 'null') return raw === null;
  if (condition === 'notnull') return raw !== null;
  if (raw === null || raw === undefined) return false;
  const values = Array.isArray(raw) ? raw.filter((v): v is string | number | boolean => v !== null && v !== undefined) : [raw];
  const any = (test: (v: string | number | boolean) => boolean): boolean => values.some(test);
  switch (condition) {
    case 'eq':
      return any((v) => compare(v, filter.value) === 0);
    case 'neq':
      return !any((v) => compare(v, filter.value) === 0);
    case 'gt':
      return any((v) => compare(v, filter.value) > 0);
    case 'gteq':
    case 'moreq':
    case 'from':
      return any((v) => compare(v, filter.value) >= 0);
    case 'lt':
      return any((v) => compare(v, filter.value) < 0);
    case 'lteq':
    case 'to':
      return any((v) => compare(v, filter.value) <= 0);
    case 'like':
      return any((v) => likeToRegExp(filter.value).test(String(v)));
    case 'nlike':
      return !any((v) => likeToRegExp(filter.value).test(String(v)));
    case 'in':
      return any((v) => list(filter.value).some((x) => compare(v, x) === 0));
    case 'nin':
      return !any((v) => list(filter.value).some((x) => compare(v, x) === 0));
    case 'finset':
      return any((v) => list(String(v)).includes(filter.value.trim()));
    case 'nfinset':
      return !any((v) => list(String(v)).includes(filter.value.trim()));
  }
}

function sortValue(record: MagentoRecord, field: string): string | number | null {
  const value = fieldValue(record, field);
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return NUMERIC.test(value) ? Number(value) : value.toLowerCase();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return JSON.stringify(value);
}

function compareForSort(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return -1; // NULL sorts first ascending, as in MySQL
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const l = String(a);
  const r = String(b);
  return l < r ? -1 : l > r ? 1 : 0;
}

export interface SearchResult {
  items: MagentoRecord[];
  total_count: number;
}

/** Filters, sorts and pages records (already in id order) as a Magento collection would. */
export function applySearchCriteria(records: readonly MagentoRecord[], criteria: SearchCriteria): SearchResult {
  const groups = criteria.filter_groups;
  let matched: MagentoRecord[] =
    groups.length === 0
      ? [...records]
      : records.filter((r) => groups.every((g) => g.filters.some((f) => matchesFilter(r, f))));

  const sorts = criteria.sort_orders ?? [];
  if (sorts.length > 0) {
    const keyed = matched.map((record, index) => ({ record, index, keys: sorts.map((s) => sortValue(record, s.field)) }));
    keyed.sort((a, b) => {
      for (let i = 0; i < sorts.length; i++) {
        const c = compareForSort(a.keys[i] ?? null, b.keys[i] ?? null);
        if (c !== 0) return sorts[i]?.direction === 'ASC' ? c : -c;
      }
      return a.index - b.index;
    });
    matched = keyed.map((k) => k.record);
  }

  const total = matched.length;
  const pageSize = criteria.page_size;
  if (pageSize === undefined || pageSize <= 0) return { items: matched, total_count: total };
  const lastPage = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(criteria.current_page ?? 1, 1), lastPage);
  return { items: matched.slice((page - 1) * pageSize, page * pageSize), total_count: total };
}
