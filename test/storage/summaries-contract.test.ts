import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import type { SummaryDocumentInput } from '../../src/storage/summary-repository.js';
import { testDatabases } from '../support/databases.js';

// Daily summaries' bookkeeping (issue 19), on every database: a document joins its own day while that is open, a
// change after the day was sealed is added to today as the difference, and sealing and joining exclude each other.
describe.each(testDatabases())('summary days and entries on $name', (target) => {
  let storage: Storage;
  let drop: () => Promise<void>;

  beforeEach(async () => {
    let url: string;
    ({ url, drop } = await target.create());
    storage = await openStorage(url);
  });
  afterEach(async () => {
    await storage.close();
    await drop();
  });

  // A contribution here is just a number; the addition is what is new on top of what earlier days hold.
  const doc = (id: string, amount: number, over: Partial<SummaryDocumentInput> = {}): SummaryDocumentInput => ({
    storeId: 1,
    entityType: 'invoice',
    magentoId: id,
    orderId: `o${id}`,
    incrementId: `I${id}`,
    orderIncrementId: `O${id}`,
    documentDay: '2024-03-05',
    today: '2024-03-05',
    currency: 'USD',
    hash: `h${amount}`,
    addition: (previous) => {
      const before = previous.reduce<number>((s, p) => s + (p as number), 0);
      return amount - before === 0 ? undefined : amount - before;
    },
    now: 1000,
    ...over,
  });

  it('adds a document to its own day, once; a change while the day is open replaces it', async () => {
    expect(await storage.summaries.record(doc('1', 100))).toEqual({ outcome: 'added', day: '2024-03-05', revision: 1, late: false });
    expect(await storage.summaries.record(doc('1', 100))).toEqual({ outcome: 'unchanged' });
    expect(await storage.summaries.record(doc('1', 150))).toEqual({ outcome: 'replaced', day: '2024-03-05', revision: 1 });
    const entries = await storage.summaries.entries(1, '2024-03-05');
    expect(entries.map((e) => [e.magento_id, e.revision, JSON.parse(e.contribution_json)])).toEqual([['1', 1, 150]]);
    expect(await storage.summaries.summarisedOrders(['o1', 'o2'])).toEqual(new Set(['o1']));
  });

  it('after the day is sealed: a new document and a change go to today, as the difference', async () => {
    await storage.summaries.record(doc('1', 100));
    const sealed = await storage.summaries.seal(1, '2024-03-05', 'tenant-1', 2000);
    expect(sealed.day).toMatchObject({ state: 'sealed', tenant_id: 'tenant-1' });
    expect(sealed.entries).toHaveLength(1);
    // A late invoice of the 5th, seen on the 7th.
    expect(await storage.summaries.record(doc('2', 40, { today: '2024-03-07' }))).toEqual({ outcome: 'added', day: '2024-03-07', revision: 1, late: true });
    // The first one changed (a canceled invoice adds -100).
    expect(await storage.summaries.record(doc('1', 0, { today: '2024-03-07', hash: 'canceled' }))).toEqual({ outcome: 'added', day: '2024-03-07', revision: 2, late: true });
    expect((await storage.summaries.entries(1, '2024-03-07')).map((e) => [e.magento_id, e.revision, JSON.parse(e.contribution_json)])).toEqual([
      ['1', 2, -100],
      ['2', 1, 40],
    ]);
    // The sealed day is as it was, and sealing it again returns the same.
    const again = await storage.summaries.seal(1, '2024-03-05', 'tenant-1', 3000);
    expect(again.entries.map((e) => JSON.parse(e.contribution_json))).toEqual([100]);
    await storage.summaries.markPosted(1, '2024-03-05', { ok: true }, 4000);
    expect(await storage.summaries.day(1, '2024-03-05')).toMatchObject({ state: 'posted', posted_at: 4000, result_json: '{"ok":true}' });
    expect((await storage.summaries.days({ storeId: 1 })).map((d) => [d.day, d.state])).toEqual([
      ['2024-03-07', 'open'],
      ['2024-03-05', 'posted'],
    ]);
  });

  it('a change back to what a posted day already holds adds nothing; a canceled document on an open day leaves it', async () => {
    await storage.summaries.record(doc('1', 100));
    await storage.summaries.seal(1, '2024-03-05', 't', 2000);
    expect(await storage.summaries.record(doc('1', 100, { hash: 'same-amount-other-hash', today: '2024-03-06' }))).toEqual({ outcome: 'unchanged' });
    await storage.summaries.record(doc('3', 70, { documentDay: '2024-03-06', today: '2024-03-06' }));
    expect(await storage.summaries.record(doc('3', 0, { documentDay: '2024-03-06', today: '2024-03-06', hash: 'canceled' }))).toEqual({ outcome: 'removed', day: '2024-03-06' });
    expect(await storage.summaries.entries(1, '2024-03-06')).toEqual([]);
  });

  it('documents arriving while the day is sealed never slip into it', async () => {
    const writes = Array.from({ length: 20 }, (_, i) => storage.summaries.record(doc(String(i + 10), 10 + i, { today: '2024-03-06' })));
    const seal = storage.summaries.seal(1, '2024-03-05', 't', 2000);
    const [results, sealed] = await Promise.all([Promise.all(writes), seal]);
    const inSealed = new Set(sealed.entries.map((e) => e.magento_id));
    const later = await storage.summaries.entries(1, '2024-03-06');
    for (const [i, r] of results.entries()) {
      const id = String(i + 10);
      expect(r.outcome).toBe('added');
      // Each went into exactly one day: the sealed one (it joined before the seal) or the 6th.
      expect(inSealed.has(id) !== later.some((e) => e.magento_id === id)).toBe(true);
    }
    // The sealed day did not change after it was sealed.
    expect((await storage.summaries.entries(1, '2024-03-05')).map((e) => e.magento_id).sort()).toEqual([...inSealed].sort());
  });

  it('the queue holds a record until its due time', async () => {
    await storage.queue.enqueue([{ store_id: 0, entity_type: 'summary', magento_id: '1:2024-03-05', dueAt: 5000 }], 1000);
    expect(await storage.queue.claim({ owner: 'w', limit: 10, leaseMs: 1000, now: 4999 })).toEqual([]);
    expect(await storage.queue.nextDueAt()).toBe(5000);
    expect((await storage.queue.claim({ owner: 'w', limit: 10, leaseMs: 1000, now: 5000 })).map((e) => e.magento_id)).toEqual(['1:2024-03-05']);
  });
});
