// searchCriteria query strings: `searchCriteria[filter_groups][0][filters][0][field]=...`. Filters inside a group are OR,
// groups are AND. Keys and values are percent-encoded the RFC 3986 way, the same encoding the OAuth 1.0a signature uses,
// so the signed string and the sent string agree (brackets go as %5B/%5D, spaces as %20, a like-wildcard % as %25).

export const CONDITION_TYPES = [
  'eq', 'neq', 'gt', 'gteq', 'lt', 'lteq', 'moreq', 'like', 'nlike', 'in', 'nin', 'null', 'notnull', 'finset', 'nfinset', 'from', 'to',
] as const;
export type ConditionType = (typeof CONDITION_TYPES)[number];

export interface Filter {
  field: string;
  /** A list is sent comma-separated (for in / nin). */
  value?: string | number | readonly (string | number)[];
  condition?: ConditionType;
}

export interface SortOrder {
  field: string;
  direction: 'ASC' | 'DESC';
}

export interface SearchCriteria {
  /** AND of groups, each an OR of filters. */
  filterGroups?: readonly (readonly Filter[])[];
  sortOrders?: readonly SortOrder[];
  pageSize?: number;
  /** 1-based. */
  currentPage?: number;
  /** Magento's `fields` projection, e.g. `items[entity_id,updated_at],total_count`. */
  fields?: string;
}

/** Builds criteria step by step: each `where` adds an AND group of one filter, `anyOf` an OR group. */
export class SearchCriteriaBuilder {
  private readonly groups: Filter[][] = [];
  private readonly sorts: SortOrder[] = [];
  private size: number | undefined;
  private page: number | undefined;
  private projection: string | undefined;

  where(field: string, condition: ConditionType, value?: Filter['value']): this {
    this.groups.push([value === undefined ? { field, condition } : { field, condition, value }]);
    return this;
  }

  anyOf(filters: readonly Filter[]): this {
    if (filters.length > 0) this.groups.push([...filters]);
    return this;
  }

  sortBy(field: string, direction: 'ASC' | 'DESC' = 'ASC'): this {
    this.sorts.push({ field, direction });
    return this;
  }

  paginate(pageSize: number, currentPage = 1): this {
    this.size = pageSize;
    this.page = currentPage;
    return this;
  }

  fields(projection: string): this {
    this.projection = projection;
    return this;
  }

  build(): SearchCriteria {
    const criteria: SearchCriteria = { filterGroups: this.groups.map((g) => [...g]), sortOrders: [...this.sorts] };
    return {
      ...criteria,
      ...(this.size !== undefined ? { pageSize: this.size } : {}),
      ...(this.page !== undefined ? { currentPage: this.page } : {}),
      ...(this.projection !== undefined ? { fields: this.projection } : {}),
    };
  }
}

export const searchCriteria = () => new SearchCriteriaBuilder();

/** The (unencoded) key/value pairs, in a stable order. Never empty: Magento answers 400 without any searchCriteria. */
export function searchCriteriaParams(criteria: SearchCriteria): [string, string][] {
  const pairs: [string, string][] = [];
  (criteria.filterGroups ?? []).forEach((group, g) => {
    group.forEach((filter, f) => {
      const prefix = `searchCriteria[filter_groups][${g}][filters][${f}]`;
      pairs.push([`${prefix}[field]`, filter.field]);
      if (filter.value !== undefined) {
        const value = Array.isArray(filter.value) ? filter.value.join(',') : String(filter.value);
        pairs.push([`${prefix}[value]`, value]);
      }
      pairs.push([`${prefix}[condition_type]`, filter.condition ?? 'eq']);
    });
  });
  (criteria.sortOrders ?? []).forEach((sort, s) => {
    pairs.push([`searchCriteria[sortOrders][${s}][field]`, sort.field]);
    pairs.push([`searchCriteria[sortOrders][${s}][direction]`, sort.direction]);
  });
  if (criteria.pageSize !== undefined) pairs.push(['searchCriteria[pageSize]', String(criteria.pageSize)]);
  if (criteria.currentPage !== undefined) pairs.push(['searchCriteria[currentPage]', String(criteria.currentPage)]);
  if (!pairs.some(([k]) => k.startsWith('searchCriteria'))) pairs.push(['searchCriteria', '']);
  if (criteria.fields !== undefined) pairs.push(['fields', criteria.fields]);
  return pairs;
}

/** RFC 3986 percent-encoding (what OAuth 1.0a signs): unreserved characters stay, everything else is %XX. */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function encodeQuery(pairs: readonly (readonly [string, string])[]): string {
  return pairs.map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join('&');
}

export function searchCriteriaQuery(criteria: SearchCriteria): string {
  return encodeQuery(searchCriteriaParams(criteria));
}

/** Magento's date format for filters: `YYYY-MM-DD HH:MM:SS`, in UTC (how it stores created_at/updated_at). */
export function magentoUtc(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}
