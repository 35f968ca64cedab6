import { describe, expect, it } from 'vitest';
import { encodeQuery, magentoUtc, rfc3986, searchCriteria, searchCriteriaParams, searchCriteriaQuery } from './search-criteria.js';

describe('searchCriteria', () => {
  it('numbers groups and filters: groups AND, filters in a group OR', () => {
    const criteria = searchCriteria()
      .where('updated_at', 'gteq', '2026-01-01 00:00:00')
      .anyOf([
        { field: 'state', value: 'processing' },
        { field: 'state', value: 'complete' },
      ])
      .sortBy('updated_at', 'ASC')
      .sortBy('entity_id')
      .paginate(50, 3)
      .build();
    expect(searchCriteriaParams(criteria)).toEqual([
      ['searchCriteria[filter_groups][0][filters][0][field]', 'updated_at'],
      ['searchCriteria[filter_groups][0][filters][0][value]', '2026-01-01 00:00:00'],
      ['searchCriteria[filter_groups][0][filters][0][condition_type]', 'gteq'],
      ['searchCriteria[filter_groups][1][filters][0][field]', 'state'],
      ['searchCriteria[filter_groups][1][filters][0][value]', 'processing'],
      ['searchCriteria[filter_groups][1][filters][0][condition_type]', 'eq'],
      ['searchCriteria[filter_groups][1][filters][1][field]', 'state'],
      ['searchCriteria[filter_groups][1][filters][1][value]', 'complete'],
      ['searchCriteria[filter_groups][1][filters][1][condition_type]', 'eq'],
      ['searchCriteria[sortOrders][0][field]', 'updated_at'],
      ['searchCriteria[sortOrders][0][direction]', 'ASC'],
      ['searchCriteria[sortOrders][1][field]', 'entity_id'],
      ['searchCriteria[sortOrders][1][direction]', 'ASC'],
      ['searchCriteria[pageSize]', '50'],
      ['searchCriteria[currentPage]', '3'],
    ]);
  });

  it('encodes brackets, spaces, a like-wildcard and in-lists the RFC 3986 way', () => {
    const query = searchCriteriaQuery({
      filterGroups: [[{ field: 'email', value: '%@example.com', condition: 'like' }], [{ field: 'entity_id', value: [1, 2, 3], condition: 'in' }]],
    });
    expect(query).toBe(
      'searchCriteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bfield%5D=email&' +
        'searchCriteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bvalue%5D=%25%40example.com&' +
        'searchCriteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bcondition_type%5D=like&' +
        'searchCriteria%5Bfilter_groups%5D%5B1%5D%5Bfilters%5D%5B0%5D%5Bfield%5D=entity_id&' +
        'searchCriteria%5Bfilter_groups%5D%5B1%5D%5Bfilters%5D%5B0%5D%5Bvalue%5D=1%2C2%2C3&' +
        'searchCriteria%5Bfilter_groups%5D%5B1%5D%5Bfilters%5D%5B0%5D%5Bcondition_type%5D=in',
    );
    // What a PHP server decodes it back to.
    const decoded = new URLSearchParams(query);
    expect(decoded.get('searchCriteria[filter_groups][0][filters][0][value]')).toBe('%@example.com');
  });

  it('always sends some searchCriteria (Magento refuses a search without), and fields after it', () => {
    expect(searchCriteriaParams({})).toEqual([['searchCriteria', '']]);
    expect(searchCriteriaParams({ fields: 'items[entity_id],total_count' })).toEqual([
      ['searchCriteria', ''],
      ['fields', 'items[entity_id],total_count'],
    ]);
  });

  it('encodes what encodeURIComponent leaves alone', () => {
    expect(rfc3986("a b!'()*~")).toBe('a%20b%21%27%28%29%2A~');
    expect(encodeQuery([['k', 'a+b']])).toBe('k=a%2Bb');
  });

  it('formats dates as Magento stores them, in UTC', () => {
    expect(magentoUtc(new Date('2026-03-04T05:06:07.890Z'))).toBe('2026-03-04 05:06:07');
  });
});
