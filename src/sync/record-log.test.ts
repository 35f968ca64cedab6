import { describe, expect, it } from 'vitest';
import type { QueueEntry } from '../storage/queue-repository.js';
import { BatchJournal } from './record-log.js';

const entry = (id: number) => ({ id, store_id: 0, entity_type: 'customer', magento_id: String(id), attempts: 1 }) as unknown as QueueEntry;

describe('BatchJournal for records sent to several organisations', () => {
  it('keeps every organisation\'s log line and ends each record with the worst outcome, whichever came first', () => {
    const journal = new BatchJournal(() => 0);
    // Named once by the loader, known to every organisation's child journal (for the alert of a failure).
    journal.name(entry(1), { number: 'ann@example.com', storeId: 2 });
    const a = journal.child();
    a.done(entry(1), 'create', { tenantId: 't1' });
    a.park(entry(2), 'create', 'Email address must be valid.', 't1');
    a.done(entry(3), 'unchanged', { tenantId: 't1' });
    journal.absorb(a);
    const b = journal.child();
    b.park(entry(1), 'create', 'The contact name is already assigned to another contact.', 't2');
    b.done(entry(2), 'create', { tenantId: 't2' });
    b.done(entry(3), 'create', { tenantId: 't2' });
    journal.absorb(b);
    expect(journal.results()).toEqual([
      { entryId: 1, outcome: 'parked', message: 'The contact name is already assigned to another contact.', number: 'ann@example.com', storeId: 2, tenantId: 't2' },
      { entryId: 2, outcome: 'parked', message: 'Email address must be valid.', tenantId: 't1' },
      { entryId: 3, outcome: 'done' },
    ]);
    expect(journal.lines.map((l) => [l.magento_id, l.tenant_id, l.status])).toEqual([
      ['1', 't1', 'success'],
      ['2', 't1', 'error'],
      ['3', 't1', 'skipped'],
      ['1', 't2', 'error'],
      ['2', 't2', 'success'],
      ['3', 't2', 'success'],
    ]);
  });
});
