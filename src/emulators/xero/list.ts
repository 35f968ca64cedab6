/** GET on a collection: where, If-Modified-Since, order, IDs-style lists and paging, as Xero applies them. */
import { parseTimestamp } from './dates.js';
import { ok, queryParseException } from './envelope.js';
import type { ApiRequest, ApiResult, Pagination } from './envelope.js';
import { parseWhere, WhereError } from './where.js';
import type { Value, View, Where } from './where.js';

export interface ListSpec<R> {
  plural: string;
  typeName: string;
  fields: readonly string[];
  view(record: R): View;
  updatedAt(record: R): number;
  render(record: R, paged: boolean): unknown;
  /** Collections that Xero pages (Contacts, Invoices, CreditNotes, Payments). */
  paged: boolean;
  /** Answers a single `Field == value` from an index; undefined when the field has none. */
  lookup?(field: string, value: Value): R[] | undefined;
  /** Query parameters that carry comma-separated lists (IDs, InvoiceNumbers, Statuses...). */
  listFilters?: Record<string, (record: R, values: Set<string>) => boolean>;
}

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;

export function list<R>(request: ApiRequest, all: Iterable<R>, spec: ListSpec<R>): ApiResult {
  let where: Where | undefined;
  const whereText = request.query['where'];
  if (whereText !== undefined && whereText.trim() !== '') {
    try {
      where = parseWhere(whereText, spec.typeName, spec.fields);
    } catch (error) {
      if (error instanceof WhereError) return queryParseException(error.message);
      throw error;
    }
  }
  let candidates: Iterable<R> = all;
  for (const hint of where?.candidates ?? []) {
    const narrowed = spec.lookup ? lookupAll(spec.lookup, hint.field, hint.values) : undefined;
    if (narrowed) {
      candidates = narrowed;
      break;
    }
  }
  const since = parseTimestamp(request.headers['if-modified-since']);
  const filters = Object.entries(spec.listFilters ?? {})
    .map(([name, test]) => {
      const raw = request.query[name];
      if (raw === undefined || raw.trim() === '') return undefined;
      const values = new Set(raw.split(',').map((v) => v.trim().toLowerCase()).filter((v) => v !== ''));
      return (r: R) => test(r, values);
    })
    .filter((f): f is (r: R) => boolean => f !== undefined);
  const selected: R[] = [];
  for (const record of candidates) {
    if (since !== undefined && spec.updatedAt(record) <= since) continue;
    if (!filters.every((f) => f(record))) continue;
    if (where && !where.test(spec.view(record))) continue;
    selected.push(record);
  }
  const orderText = request.query['order'];
  if (orderText !== undefined && orderText.trim() !== '') {
    const problem = sortRecords(selected, orderText, spec);
    if (problem) return queryParseException(problem);
  }
  const pageParam = request.query['page'];
  if (!spec.paged || pageParam === undefined) {
    return ok(request.now, spec.plural, selected.map((r) => spec.render(r, false)));
  }
  const page = Math.max(1, Number.parseInt(pageParam, 10) || 1);
  const requestedSize = Number.parseInt(request.query['pageSize'] ?? '', 10);
  const pageSize = Number.isNaN(requestedSize)
    ? DEFAULT_PAGE_SIZE
    : Math.min(MAX_PAGE_SIZE, Math.max(1, requestedSize));
  const slice = selected.slice((page - 1) * pageSize, page * pageSize);
  const pagination: Pagination = {
    page,
    pageSize,
    pageCount: Math.ceil(selected.length / pageSize),
    itemCount: selected.length,
  };
  return ok(request.now, spec.plural, slice.map((r) => spec.render(r, true)), { pagination });
}

/** Records with `field` equal to any of `values`, from the index; undefined when the field has none. */
function lookupAll<R>(lookup: NonNullable<ListSpec<R>['lookup']>, field: string, values: Value[]): Set<R> | undefined {
  const found = new Set<R>();
  for (const value of values) {
    const hit = lookup(field, value);
    if (!hit) return undefined;
    for (const r of hit) found.add(r);
  }
  return found;
}

function sortRecords<R>(records: R[], orderText: string, spec: ListSpec<R>): string | undefined {
  const keys: Array<{ path: string[]; descending: boolean }> = [];
  for (const part of orderText.split(',')) {
    const [field = '', direction = 'ASC'] = part.trim().split(/\s+/);
    if (!spec.fields.includes(field.split('.')[0] ?? '')) {
      return `No property or field '${field}' exists in type '${spec.typeName}'`;
    }
    keys.push({ path: field.split('.'), descending: direction.toUpperCase() === 'DESC' });
  }
  const views = new Map<R, View>(records.map((r) => [r, spec.view(r)]));
  const get = (r: R, path: string[]) => {
    let v: unknown = views.get(r);
    for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
    return typeof v === 'string' ? v.toLowerCase() : v;
  };
  records.sort((a, b) => {
    for (const k of keys) {
      const x = get(a, k.path);
      const y = get(b, k.path);
      if (x === y) continue;
      if (x === undefined || x === null) return k.descending ? 1 : -1;
      if (y === undefined || y === null) return k.descending ? -1 : 1;
      const cmp = (x as number | string) < (y as number | string) ? -1 : 1;
      return k.descending ? -cmp : cmp;
    }
    return 0;
  });
  return undefined;
}
