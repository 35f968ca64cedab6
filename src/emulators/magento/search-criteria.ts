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

/**
 * One filter value, read once per request rather than once per record (a filter runs over every record of a
 * collection: at 100,000 orders, re-reading an `in` list of 50 ids for each of them cost a second a request).
 * MySQL-like comparison: numbers as numbers, strings case-insensitively (Magento's default collation).
 */
interface Operand {
  /** The value as a number when it is written as one (after trimming), else undefined. */
  num: number | undefined;
  lower: string;
}

function operand(value: string): Operand {
  const trimmed = value.trim();
  return { num: NUMERIC.test(trimmed) ? Number(trimmed) : undefined, lower: value.toLowerCase() };
}

/** The record's side of a comparison: a boolean as 0 or 1; a number, or a string written as one, as a number. */
function asNumber(left: string | number): number | undefined {
  return typeof left === 'number' ? left : NUMERIC.test(left) ? Number(left) : undefined;
}

function compare(a: string | number | boolean, b: Operand): number {
  const left = typeof a === 'boolean' ? (a ? 1 : 0) : a;
  const n = b.num === undefined ? undefined : asNumber(left);
  if (n !== undefined) return n - (b.num as number);
  const l = String(left).toLowerCase();
  return l < b.lower ? -1 : l > b.lower ? 1 : 0;
}

/** `in` / `nin`: is the value equal (as `compare` says) to one of the list's? Sets, so a long list costs no more per record. */
function memberOf(values: string[]): (v: string | number | boolean) => boolean {
  const operands = values.map(operand);
  const numbers = new Set(operands.flatMap((o) => (o.num === undefined ? [] : [o.num])));
  const wordsOfNumbers = new Set(operands.filter((o) => o.num !== undefined).map((o) => o.lower));
  const words = new Set(operands.filter((o) => o.num === undefined).map((o) => o.lower));
  return (v) => {
    const left = typeof v === 'boolean' ? (v ? 1 : 0) : v;
    const n = asNumber(left);
    const l = String(left).toLowerCase();
    // A number on both sides compares as numbers; anything else as text, case-insensitively.
    if (n !== undefined) return numbers.has(n) || words.has(l);
    return words.has(l) || wordsOfNumbers.has(l);
  };
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

/** A filter read once, as a test of one value; like SQL, a NULL field fails every comparison except `null`. */
type ValueTest = (v: string | number | boolean) => boolean;
interface CompiledFilter {
  field: string;
  condition: Condition;
  /** Whether a record matches when one of the field's values passes (`negated`: when none does). */
  test: ValueTest;
  negated: boolean;
}

function compileFilter(filter: Filter): CompiledFilter {
  const condition = (filter.condition_type ?? 'eq') as Condition;
  const base = { field: filter.field, condition, negated: false };
  const value = operand(filter.value);
  switch (condition) {
    case 'null':
    case 'notnull':
      return { ...base, test: () => true };
    case 'eq':
      return { ...base, test: (v) => compare(v, value) === 0 };
    case 'neq':
      return { ...base, negated: true, test: (v) => compare(v, value) === 0 };
    case 'gt':
      return { ...base, test: (v) => compare(v, value) > 0 };
    case 'gteq':
    case 'moreq':
    case 'from':
      return { ...base, test: (v) => compare(v, value) >= 0 };
    case 'lt':
      return { ...base, test: (v) => compare(v, value) < 0 };
    case 'lteq':
    case 'to':
      return { ...base, test: (v) => compare(v, value) <= 0 };
    case 'like':
    case 'nlike': {
      const pattern = likeToRegExp(filter.value);
      return { ...base, negated: condition === 'nlike', test: (v) => pattern.test(String(v)) };
    }
    case 'in':
    case 'nin':
      return { ...base, negated: condition === 'nin', test: memberOf(list(filter.value)) };
    case 'finset':
    case 'nfinset': {
      const wanted = filter.value.trim();
      return { ...base, negated: condition === 'nfinset', test: (v) => list(String(v)).includes(wanted) };
    }
  }
}

function matchesCompiled(record: MagentoRecord, filter: CompiledFilter): boolean {
  const raw = scalar(record, filter.field);
  if (filter.condition === 'null') return raw === null;
  if (filter.condition === 'notnull') return raw !== null;
  if (raw === null || raw === undefined) return false;
  const found = Array.isArray(raw) ? raw.some((v) => v !== null && v !== undefined && filter.test(v)) : filter.test(raw);
  return filter.negated ? !found : found;
}

/** One filter on one record; like SQL, a NULL field fails every comparison except `null`. */
export function matchesFilter(record: MagentoRecord, filter: Filter): boolean {
  return matchesCompiled(record, compileFilter(filter));
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

interface Keyed {
  record: MagentoRecord;
  index: number;
  keys: Array<string | number | null>;
}

function bySortOrders(sorts: readonly SortOrder[]): (a: Keyed, b: Keyed) => number {
  return (a, b) => {
    for (let i = 0; i < sorts.length; i++) {
      const c = compareForSort(a.keys[i] ?? null, b.keys[i] ?? null);
      if (c !== 0) return sorts[i]?.direction === 'ASC' ? c : -c;
    }
    return a.index - b.index;
  };
}

function inOrder(keyed: readonly Keyed[], order: (a: Keyed, b: Keyed) => number): boolean {
  for (let i = 1; i < keyed.length; i++) if (order(keyed[i - 1] as Keyed, keyed[i] as Keyed) > 0) return false;
  return true;
}

/** AND across groups, OR inside a group. */
function filterRecords(records: readonly MagentoRecord[], groups: CompiledFilter[][]): MagentoRecord[] {
  return records.filter((r) => groups.every((g) => g.some((f) => matchesCompiled(r, f))));
}

/** Filters, sorts and pages records (already in id order) as a Magento collection would. */
export function applySearchCriteria(records: readonly MagentoRecord[], criteria: SearchCriteria): SearchResult {
  const groups = criteria.filter_groups;
  let matched: MagentoRecord[] =
    groups.length === 0
      ? [...records]
      : filterRecords(records, groups.map((g) => g.filters.map(compileFilter)));

  const sorts = criteria.sort_orders ?? [];
  if (sorts.length > 0) {
    const keyed = matched.map((record, index) => ({ record, index, keys: sorts.map((s) => sortValue(record, s.field)) }));
    // A stable sort leaves records already in order where they are; the usual case (by id, over records kept in id
    // order) is checked in one pass instead of sorted on every page.
    const order = bySortOrders(sorts);
    if (!inOrder(keyed, order)) keyed.sort(order);
    matched = keyed.map((k) => k.record);
  }

  const total = matched.length;
  const pageSize = criteria.page_size;
  if (pageSize === undefined || pageSize <= 0) return { items: matched, total_count: total };
  const lastPage = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(criteria.current_page ?? 1, 1), lastPage);
  return { items: matched.slice((page - 1) * pageSize, page * pageSize), total_count: total };
}
