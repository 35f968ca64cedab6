import { describe, expect, it } from 'vitest';
import { MagentoApiError } from './errors.js';
import { applySearchCriteria, parseSearchCriteria, type Query } from './search-criteria.js';
import type { MagentoRecord } from './store.js';

const records: MagentoRecord[] = [
  { entity_id: 1, state: 'new', grand_total: 10, updated_at: '2026-01-01 09:00:00', email: 'Ann@Example.com', applied_rule_ids: '1,3' },
  { entity_id: 2, state: 'processing', grand_total: 99.5, updated_at: '2026-01-02 10:00:00', email: 'bob@example.com', coupon_code: 'H20' },
  { entity_id: 3, state: 'complete', grand_total: 250, updated_at: '2026-01-02 10:00:00', email: 'cy@example.org', applied_rule_ids: '3' },
  { entity_id: 4, state: 'canceled', grand_total: 5, updated_at: '2026-01-03 23:59:59', email: 'dee@example.com' },
  { entity_id: 5, state: 'processing', grand_total: 42, updated_at: '2026-01-04 00:00:00', email: 'eve@example.net', coupon_code: 'SPRING15' },
];

function search(query: Query): { ids: number[]; total: number } {
  const result = applySearchCriteria(records, parseSearchCriteria(query));
  return { ids: result.items.map((r) => r['entity_id'] as number), total: result.total_count };
}

function filter(field: string, value: string, condition?: string, g = 0, f = 0): Query {
  const prefix = `searchCriteria[filter_groups][${g}][filters][${f}]`;
  const q: Query = { [`${prefix}[field]`]: field, [`${prefix}[value]`]: value };
  if (condition !== undefined) q[`${prefix}[condition_type]`] = condition;
  return q;
}

describe('parseSearchCriteria', () => {
  it('refuses a request without searchCriteria the way Magento does', () => {
    try {
      parseSearchCriteria({ fields: 'items[entity_id]' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MagentoApiError);
      expect((error as MagentoApiError).statusCode).toBe(400);
      expect((error as MagentoApiError).body).toEqual({
        message: '%fieldName is a required field.',
        parameters: { fieldName: 'searchCriteria' },
      });
    }
  });

  it('accepts an empty searchCriteria and returns everything', () => {
    expect(search({ searchCriteria: '' })).toEqual({ ids: [1, 2, 3, 4, 5], total: 5 });
  });

  it('reads the camelCase spelling of the schema as well as the snake_case one', () => {
    const camel = search({
      'searchCriteria[filterGroups][0][filters][0][field]': 'grand_total',
      'searchCriteria[filterGroups][0][filters][0][value]': '50',
      'searchCriteria[filterGroups][0][filters][0][conditionType]': 'gt',
      'searchCriteria[sortOrders][0][field]': 'grand_total',
      'searchCriteria[sortOrders][0][direction]': 'ASC',
      'searchCriteria[pageSize]': '1',
      'searchCriteria[currentPage]': '2',
    });
    expect(camel).toEqual({ ids: [3], total: 2 });
  });

  it('limits page sizes when input limits are on', () => {
    const limit = { defaultPageSize: 20, maxPageSize: 300 };
    expect(parseSearchCriteria({ searchCriteria: '' }, limit).page_size).toBe(20);
    expect(() => parseSearchCriteria({ 'searchCriteria[pageSize]': '301' }, limit)).toThrow('Maximum SearchCriteria pageSize is %max');
    expect(parseSearchCriteria({ 'searchCriteria[pageSize]': '1000' }).page_size).toBe(1000);
  });
});

describe('applySearchCriteria', () => {
  it('ORs filters inside a group and ANDs the groups', () => {
    const q = { ...filter('state', 'new', 'eq', 0, 0), ...filter('state', 'processing', 'eq', 0, 1), ...filter('grand_total', '20', 'gt', 1, 0) };
    expect(search(q).ids).toEqual([2, 5]);
  });

  it('defaults the condition to eq and compares strings case-insensitively', () => {
    expect(search(filter('email', 'ann@example.com')).ids).toEqual([1]);
  });

  it.each([
    ['neq', 'grand_total', '10', [2, 3, 4, 5]],
    ['gt', 'grand_total', '42', [2, 3]],
    ['gteq', 'grand_total', '42', [2, 3, 5]],
    ['moreq', 'grand_total', '42', [2, 3, 5]],
    ['lt', 'grand_total', '10', [4]],
    ['lteq', 'grand_total', '10', [1, 4]],
    ['from', 'updated_at', '2026-01-02 10:00:00', [2, 3, 4, 5]],
    ['to', 'updated_at', '2026-01-02 10:00:00', [1, 2, 3]],
    ['gteq', 'updated_at', '2026-01-03 23:59:59', [4, 5]],
    ['like', 'email', '%@example.com', [1, 2, 4]],
    ['nlike', 'email', '%example.com', [3, 5]],
    ['in', 'state', 'new, canceled', [1, 4]],
    ['nin', 'state', 'new,canceled', [2, 3, 5]],
    ['null', 'coupon_code', '', [1, 3, 4]],
    ['notnull', 'coupon_code', '', [2, 5]],
    ['finset', 'applied_rule_ids', '3', [1, 3]],
    ['nfinset', 'applied_rule_ids', '1', [3]],
  ])('%s on %s %s', (condition, field, value, expected) => {
    expect(search(filter(field, value, condition)).ids).toEqual(expected);
  });

  it('treats a missing field like SQL NULL: neq does not match it', () => {
    expect(search(filter('coupon_code', 'H20', 'neq')).ids).toEqual([5]);
  });

  it('sorts descending when no direction is given, and by several fields', () => {
    expect(search({ 'searchCriteria[sortOrders][0][field]': 'grand_total' }).ids).toEqual([3, 2, 5, 1, 4]);
    expect(
      search({
        'searchCriteria[sort_orders][0][field]': 'updated_at',
        'searchCriteria[sort_orders][0][direction]': 'asc',
        'searchCriteria[sort_orders][1][field]': 'entity_id',
        'searchCriteria[sort_orders][1][direction]': 'DESC',
      }).ids,
    ).toEqual([1, 3, 2, 4, 5]);
  });

  it('returns the last page again for a page past the end, with the unpaged total', () => {
    const page = (n: number) => search({ 'searchCriteria[pageSize]': '2', 'searchCriteria[currentPage]': String(n) });
    expect(page(1)).toEqual({ ids: [1, 2], total: 5 });
    expect(page(3)).toEqual({ ids: [5], total: 5 });
    expect(page(4)).toEqual({ ids: [5], total: 5 });
    expect(page(99)).toEqual({ ids: [5], total: 5 });
    const criteria = parseSearchCriteria({ 'searchCriteria[pageSize]': '2', 'searchCriteria[currentPage]': '99' });
    expect(criteria.current_page).toBe(99);
  });

  it('matches `in` and `nin` lists as MySQL compares: numbers as numbers, text case-insensitively, mixed lists too', () => {
    expect(search(filter('entity_id', '5, 002,x', 'in')).ids).toEqual([2, 5]);
    expect(search(filter('grand_total', '99.50,250.0', 'in')).ids).toEqual([2, 3]);
    expect(search(filter('coupon_code', 'spring15,h20', 'in')).ids).toEqual([2, 5]);
    expect(search(filter('state', 'NEW,Canceled,7', 'in')).ids).toEqual([1, 4]);
    // nin: a NULL field fails every comparison, as in SQL
    expect(search(filter('coupon_code', 'SPRING15', 'nin')).ids).toEqual([2]);
    expect(search(filter('entity_id', '1,3,4', 'nin')).ids).toEqual([2, 5]);
  });

  it('sorts records already in order as they are, and reorders ones that are not', () => {
    const asc = (field: string) => ({ 'searchCriteria[sortOrders][0][field]': field, 'searchCriteria[sortOrders][0][direction]': 'ASC' });
    expect(search(asc('entity_id')).ids).toEqual([1, 2, 3, 4, 5]);
    expect(search(asc('grand_total')).ids).toEqual([4, 1, 5, 2, 3]);
    // equal keys keep their order (the sort is stable): 2 and 3 share an updated_at
    expect(search(asc('updated_at')).ids).toEqual([1, 2, 3, 4, 5]);
  });

  it('returns every match without a page size', () => {
    expect(search(filter('state', 'processing')).ids).toEqual([2, 5]);
  });
});

describe('entity_id on customers and products', () => {
  it('filters by entity_id as Magento collections do, though the records say id', async () => {
    const { matchesFilter } = await import('./search-criteria.js');
    expect(matchesFilter({ id: 11, email: 'a@b.c' }, { field: 'entity_id', value: '11,12', condition_type: 'in' })).toBe(true);
    expect(matchesFilter({ id: 13, email: 'a@b.c' }, { field: 'entity_id', value: '11,12', condition_type: 'in' })).toBe(false);
  });
});
