import { describe, expect, it } from 'vitest';
import { applyFields, parseFields } from './fields.js';

describe('fields', () => {
  it('keeps only the named keys, at any depth, and drops the rest of a search result', () => {
    const body = {
      items: [
        { entity_id: 3003, increment_id: 'WA0003003', grand_total: 5, billing_address: { city: 'Purchase', street: ['x'] } },
      ],
      search_criteria: { filter_groups: [] },
      total_count: 1,
    };
    expect(applyFields(body, parseFields('items[increment_id,entity_id]'))).toEqual({
      items: [{ entity_id: 3003, increment_id: 'WA0003003' }],
    });
    expect(applyFields(body, parseFields('items[entity_id,billing_address[city]],total_count'))).toEqual({
      items: [{ entity_id: 3003, billing_address: { city: 'Purchase' } }],
      total_count: 1,
    });
  });
});
