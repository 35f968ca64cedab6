import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { testDatabases } from '../support/databases.js';
import { recordFailedAlert, xeroDisconnectedAlert } from '../../src/domain/alerts.js';

// One contract, every implementation: what passes here on SQLite must pass on PostgreSQL.
describe.each(testDatabases())('storage contract on $name', (target) => {
  let storage: Storage;
  let drop: () => Promise<void>;
  let url: string;

  beforeEach(async () => {
    ({ url, drop } = await target.create());
    storage = await openStorage(url);
  });
  afterEach(async () => {
    await storage.close();
    await drop();
  });

  it('applies migrations once: opening again changes nothing', async () => {
    await storage.settings.set('probe', { a: 1 });
    const again = await openStorage(url);
    expect(await again.settings.get('probe')).toEqual({ a: 1 });
    await again.close();
  });

  describe('settings', () => {
    it('stores JSON values by key and overwrites', async () => {
      expect(await storage.settings.get('accounts')).toBeUndefined();
      await storage.settings.set('accounts', { bank: '090' });
      await storage.settings.set('accounts', { bank: '091', sales: '200' });
      expect(await storage.settings.get('accounts')).toEqual({ bank: '091', sales: '200' });
      expect(await storage.settings.all()).toEqual({ accounts: { bank: '091', sales: '200' } });
    });

    it('inserts only when absent, with one winner among simultaneous writers, and replaces only what was read', async () => {
      const wins = await Promise.all(['a', 'b', 'c', 'd'].map((v) => storage.settings.insertIfAbsent('once', v)));
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect(await storage.settings.get('once')).toBe(['a', 'b', 'c', 'd'][wins.indexOf(true)]);
      expect(await storage.settings.replaceIf('once', 'not what is stored', 'x')).toBe(false);
      const stored = await storage.settings.get('once');
      expect(await storage.settings.replaceIf('once', stored, { next: 1 })).toBe(true);
      expect(await storage.settings.get('once')).toEqual({ next: 1 });
    });
  });

  describe('alerts', () => {
    const failed = (id: string, message: string) =>
      recordFailedAlert({ entityType: 'order', queueStoreId: 0, magentoId: id, number: `10${id}` }, { parked: true, message, attempts: 1 }, 1000)!;

    it('raises an alert once until its condition changes or clears, also among simultaneous raisers', async () => {
      const raised = await Promise.all([1, 2, 3].map(() => storage.alerts.raise([failed('1', 'A')])));
      expect(raised.reduce((a, b) => a + b, 0)).toBe(1);
      expect(await storage.alerts.raise([failed('1', 'A'), failed('2', 'A')])).toBe(1);
      expect(await storage.alerts.raise([failed('1', 'B')])).toBe(1);
      await storage.alerts.clear([failed('1', 'B').key]);
      expect(await storage.alerts.raise([failed('1', 'B')])).toBe(1);
      expect((await storage.alerts.pending('webhook')).map((a) => (a.facts.kind === 'record_failed' ? `${a.facts.magentoId}:${a.facts.message}` : ''))).toEqual(['1:A', '2:A', '1:B', '1:B']);
    });

    it('writes the alert of a parked record in the transaction of its outcome', async () => {
      await storage.queue.enqueue([{ store_id: 0, entity_type: 'order', magento_id: '7' }], 1);
      const [entry] = await storage.queue.claim({ owner: 'w', limit: 1, leaseMs: 60_000, now: 2 });
      await storage.queue.settle('w', 3, [{ kind: 'parked', ids: [entry!.id], message: 'refused' }], { raise: [failed('7', 'refused')], clear: [] });
      expect((await storage.queue.get(entry!.id))?.state).toBe('parked');
      expect(await storage.alerts.pending('email')).toHaveLength(1);
      // A write that fails takes its alert with it.
      await expect(
        storage.queue.settle('w', 4, [{ kind: 'parked', ids: [entry!.id], message: 'x' }], { raise: [failed('8', 'x'), { ...failed('9', 'x'), key: null as unknown as string }], clear: [] }),
      ).rejects.toThrow();
      expect(await storage.alerts.pending('email')).toHaveLength(1);
    });

    it('writes the disconnect alert with the connection status', async () => {
      await storage.connections.save({ id: 'xero', kind: 'xero', tenant_id: null, name: 'Xero', status: 'connected', secret: null, meta_json: '{}', access_expires_at: null });
      await storage.connections.setStatus('xero', 'reconnect_needed', 5, xeroDisconnectedAlert('invalid_grant', 5));
      await storage.connections.setStatus('xero', 'reconnect_needed', 6, xeroDisconnectedAlert('invalid_grant', 6));
      expect((await storage.alerts.pending('webhook')).map((a) => a.facts.kind)).toEqual(['xero_disconnected']);
    });

    it('puts alerts into one message per channel, and keeps each try of the delivery', async () => {
      await storage.alerts.raise([failed('1', 'A'), failed('2', 'A')]);
      const ids = (await storage.alerts.pending('webhook')).map((a) => a.id);
      const id = await storage.alerts.createMessage('webhook', ids, { subject: 's', text: 't', payload: { n: 2 } }, 100);
      expect(await storage.alerts.pending('webhook')).toEqual([]);
      expect(await storage.alerts.pending('email')).toHaveLength(2);
      expect(await storage.alerts.lastMessageAt('webhook')).toBe(100);
      expect((await storage.alerts.due(100)).map((m) => Number(m.id))).toEqual([id]);
      await storage.alerts.markFailed(id, 'HTTP 500', 200);
      expect(await storage.alerts.due(150)).toEqual([]);
      await storage.alerts.markSent(id, 210);
      expect(await storage.alerts.due(1_000)).toEqual([]);
      expect(await storage.alerts.message(id)).toMatchObject({ state: 'sent', attempts: 2, last_error: 'HTTP 500', alert_count: 2 });
      await storage.alerts.skip('email', ids);
      expect(await storage.alerts.pending('email')).toEqual([]);
    });
  });

  describe('webhook deliveries', () => {
    it('takes a delivery once among simultaneous receivers, refuses it until it expires, and can forget it', async () => {
      const wins = await Promise.all([1, 2, 3].map(() => storage.webhookDeliveries.remember('magento', 'abc', 1000, 2000)));
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect(await storage.webhookDeliveries.remember('magento', 'abc', 1999, 2999)).toBe(false);
      expect(await storage.webhookDeliveries.remember('xero', 'abc', 1999, 2999)).toBe(true);
      expect(await storage.webhookDeliveries.remember('magento', 'abc', 2000, 3000)).toBe(true);
      await storage.webhookDeliveries.forget('magento', 'abc');
      expect(await storage.webhookDeliveries.remember('magento', 'abc', 2001, 3001)).toBe(true);
    });
  });

  describe('exchanges with Xero', () => {
    it('finds a document by any of its keys (whole keys only, within a collection when asked), newest first, and prunes old ones', async () => {
      const doc = (at: number, collection: string, keys: string[], n: number) => ({ at, tenantId: 't', collection, method: 'PUT', keys, ok: true, sent: { n }, answer: { n, ok: 1 } });
      await storage.exchanges.add([doc(1000, 'Invoices', ['000000126', 'inv-1'], 1), doc(2000, 'Payments', ['pay-1', 'inv-1'], 2), doc(3000, 'CreditNotes', ['000000126', 'cn-1'], 3)]);
      expect((await storage.exchanges.find(['inv-1'])).map((e) => e.sent)).toEqual([{ n: 2 }, { n: 1 }]);
      expect((await storage.exchanges.find(['000000126'], 50, 'Invoices')).map((e) => e.answer)).toEqual([{ n: 1, ok: 1 }]);
      expect(await storage.exchanges.find(['00000012'])).toEqual([]);
      expect(await storage.exchanges.find(['%'])).toEqual([]);
      expect(await storage.exchanges.prune(2500)).toBe(2);
      expect((await storage.exchanges.find(['000000126'])).map((e) => e.collection)).toEqual(['CreditNotes']);
    });
  });

  describe('connections', () => {
    it('rotates a secret only against the version that was read', async () => {
      await storage.connections.save({
        id: 'xero:t1', kind: 'xero', tenant_id: 't1', name: 'Demo Org', status: 'connected',
        secret: 'cipher-1', meta_json: '{}', access_expires_at: 1000,
      });
      const read = await storage.connections.get('xero:t1');
      expect(read?.version).toBe(0);
      expect(await storage.connections.rotateSecret('xero:t1', 0, 'cipher-2', 2000)).toBe(true);
      // A second process that read version 0 loses and must re-read.
      expect(await storage.connections.rotateSecret('xero:t1', 0, 'cipher-3', 3000)).toBe(false);
      const after = await storage.connections.get('xero:t1');
      expect(after).toMatchObject({ secret: 'cipher-2', access_expires_at: 2000, version: 1 });
      await storage.connections.setStatus('xero:t1', 'reconnect_needed');
      expect((await storage.connections.list('xero')).map((c) => c.status)).toEqual(['reconnect_needed']);
      await storage.connections.delete('xero:t1');
      expect(await storage.connections.get('xero:t1')).toBeUndefined();
    });
  });

  describe('entity map', () => {
    it('links a Magento record to its Xero document and updates the link', async () => {
      const key = { store_id: 1, entity_type: 'customer', magento_id: '42', xero_kind: 'contact' };
      await storage.entityMap.put([{ ...key, tenant_id: 't1', xero_id: 'c-1', xero_number: 'C1-42', content_hash: 'h1', updated_at: 1 }]);
      await storage.entityMap.put([{ ...key, tenant_id: 't1', xero_id: 'c-1', xero_number: 'C1-42', content_hash: 'h2', updated_at: 2 }]);
      expect(await storage.entityMap.get(key)).toMatchObject({ xero_id: 'c-1', content_hash: 'h2' });
      expect(await storage.entityMap.byXeroId('t1', 'c-1')).toMatchObject({ magento_id: '42' });
      expect(await storage.entityMap.getMany(1, 'customer', ['42', '43'])).toHaveLength(1);
      expect(await storage.entityMap.count('customer')).toBe(1);
    });

    it('keeps a record\'s links per organisation, and counts the documents posted for a store view', async () => {
      const key = { store_id: 0, entity_type: 'customer', magento_id: '7', xero_kind: 'contact' };
      await storage.entityMap.put([{ ...key, tenant_id: 't1', xero_id: 'c-1', xero_number: 'M1-C7', content_hash: 'h', updated_at: 1 }]);
      await storage.entityMap.put([{ ...key, tenant_id: 't2', xero_id: 'c-2', xero_number: 'M1-C7', content_hash: 'h', updated_at: 2 }]);
      expect((await storage.entityMap.getMany(0, 'customer', ['7'])).map((l) => l.tenant_id).sort()).toEqual(['t1', 't2']);
      expect(await storage.entityMap.get({ ...key, tenant_id: 't1' })).toMatchObject({ xero_id: 'c-1' });
      expect(await storage.entityMap.get(key)).toMatchObject({ xero_id: 'c-2' });
      await storage.entityMap.remove({ ...key, tenant_id: 't2' });
      expect((await storage.entityMap.getMany(0, 'customer', ['7'])).map((l) => l.tenant_id)).toEqual(['t1']);

      const doc = (id: string, kind: string, number: string, store: number | null) =>
        ({ store_id: 0, entity_type: kind === 'creditnote' ? 'creditmemo' : 'order', magento_id: id, xero_kind: kind, tenant_id: 't1', xero_id: `x-${id}`, xero_number: number, content_hash: 'h', updated_at: 3, magento_store_id: store });
      await storage.entityMap.put([doc('1', 'invoice', 'UK-1', 2), doc('2', 'invoice', 'UK-2', 2), doc('3', 'creditnote', 'UKCN-3', 2), doc('4', 'invoice', 'US-4', 1)]);
      // A later write that does not know the store (a payment step, an update) keeps the store the document was posted for.
      await storage.entityMap.put([{ ...doc('1', 'invoice', 'UK-1', null), content_hash: 'h2' }]);
      const posted = await storage.entityMap.postedForStore(2);
      expect(posted.map((p) => [p.tenant_id, p.xero_kind, p.n, p.sample]).sort()).toEqual([['t1', 'creditnote', 1, 'UKCN-3'], ['t1', 'invoice', 2, 'UK-2']]);
      expect(await storage.entityMap.postedForStore(3)).toEqual([]);
    });
  });

  describe('queue', () => {
    const order = (id: string, priority = 0) => ({ store_id: 1, entity_type: 'order', magento_id: id, priority });

    it('keeps one entry per record, with the newest data', async () => {
      await storage.queue.enqueue([{ ...order('1'), payload: { v: 1 } }], 1000);
      await storage.queue.enqueue([{ ...order('1'), payload: { v: 2 } }, { ...order('1'), payload: { v: 3 } }], 2000);
      const all = await storage.queue.list();
      expect(all).toHaveLength(1);
      expect(JSON.parse((await storage.queue.get(all[0]!.id))!.payload_json!)).toEqual({ v: 3 });
    });

    it('keeps a record\'s data until its entry is done, and forgets it when the record is queued without data', async () => {
      const data = async (magentoId: string) => (await storage.queue.find(1, 'order', magentoId))?.payload_json ?? null;
      await storage.queue.enqueue([{ ...order('1'), payload: { v: 1 } }, { ...order('2'), payload: { v: 1 } }, { ...order('3'), payload: { v: 1 } }], 1000);
      const claimed = await storage.queue.claim({ owner: 'w', limit: 10, leaseMs: 60_000, now: 1000 });
      expect(claimed.map((e) => JSON.parse(e.payload_json!))).toEqual([{ v: 1 }, { v: 1 }, { v: 1 }]);
      // Order 2 is queued again while it runs: its newer data must survive the first attempt's completion.
      await storage.queue.enqueue([{ ...order('2'), payload: { v: 2 } }], 1500);
      await storage.queue.complete(claimed.map((e) => e.id), 'w', 2000);
      expect(await data('1')).toBeNull();
      expect(JSON.parse((await data('2'))!)).toEqual({ v: 2 });
      // Queued by id only (a "Sync now"): the worker must fetch it fresh, not post the old copy.
      await storage.queue.enqueue([order('2')], 2500);
      expect(await data('2')).toBeNull();
      expect(await data('3')).toBeNull();
      await storage.queue.enqueue([{ ...order('4'), payload: { v: 1 } }], 3000);
      expect(await storage.queue.remove([(await storage.queue.find(1, 'order', '4'))!.id])).toBe(1);
      const left = await storage.database.db.selectFrom('sync_payloads').select('entry_id').execute();
      expect(left).toEqual([]);
    });

    it('settles a batch\'s outcomes together: each entry ends as told, an entry queued again meanwhile goes back to pending', async () => {
      await storage.queue.enqueue(['1', '2', '3', '4', '5', '6'].map((id) => ({ ...order(id), payload: { v: 1 } })), 1000);
      const claimed = await storage.queue.claim({ owner: 'w', limit: 10, leaseMs: 60_000, now: 1000 });
      const id = (m: string) => claimed.find((e) => e.magento_id === m)!.id;
      await storage.queue.enqueue([{ ...order('6'), payload: { v: 2 } }], 1500);
      await storage.queue.settle('w', 2000, [
        { kind: 'done', ids: [id('1'), id('6')] },
        { kind: 'skipped', ids: [id('2')], message: 'canceled in Magento' },
        { kind: 'parked', ids: [id('3')], message: 'bad field' },
        { kind: 'waiting', ids: [id('4')], message: 'waiting for order 000000004', nextAttemptAt: 5000 },
        { kind: 'failed', ids: [id('5')], message: 'HTTP 500', nextAttemptAt: 9000 },
      ]);
      const state = Object.fromEntries((await storage.queue.list()).map((e) => [e.magento_id, [e.state, e.last_error, e.next_attempt_at, e.lease_owner]]));
      expect(state).toEqual({
        '1': ['done', null, 1000, null],
        '2': ['skipped', 'canceled in Magento', 1000, null],
        '3': ['parked', 'bad field', 1000, null],
        '4': ['waiting', 'waiting for order 000000004', 5000, null],
        '5': ['failed', 'HTTP 500', 9000, null],
        '6': ['pending', null, 2000, null],
      });
      // Another worker's outcome for entries it does not hold changes nothing.
      await storage.queue.settle('other', 3000, [{ kind: 'done', ids: [id('6')] }]);
      expect((await storage.queue.find(1, 'order', '6'))!.state).toBe('pending');
    });

    it('claims due entries by priority, leases them, and never hands one out twice', async () => {
      await storage.queue.enqueue([order('1'), order('2', 5), order('3')], 1000);
      const first = await storage.queue.claim({ owner: 'w1', limit: 2, leaseMs: 60_000, now: 1000 });
      expect(first.map((e) => e.magento_id)).toEqual(['2', '1']);
      expect(first.every((e) => e.state === 'running' && e.attempts === 1)).toBe(true);
      const second = await storage.queue.claim({ owner: 'w2', limit: 5, leaseMs: 60_000, now: 1000 });
      expect(second.map((e) => e.magento_id)).toEqual(['3']);
      expect(await storage.queue.claim({ owner: 'w3', limit: 5, leaseMs: 60_000, now: 1000 })).toEqual([]);
    });

    it('gives a crashed worker\'s entries back when the lease runs out', async () => {
      await storage.queue.enqueue([order('1')], 1000);
      await storage.queue.claim({ owner: 'crashed', limit: 1, leaseMs: 10_000, now: 1000 });
      expect(await storage.queue.claim({ owner: 'w2', limit: 1, leaseMs: 10_000, now: 5000 })).toEqual([]);
      const reclaimed = await storage.queue.claim({ owner: 'w2', limit: 1, leaseMs: 10_000, now: 12_000 });
      expect(reclaimed).toHaveLength(1);
      expect(reclaimed[0]).toMatchObject({ lease_owner: 'w2', attempts: 2 });
      // The crashed worker can no longer finish what it lost.
      await storage.queue.complete([reclaimed[0]!.id], 'crashed', 13_000);
      expect((await storage.queue.get(reclaimed[0]!.id))?.state).toBe('running');
    });

    it('moves entries through done, failed with a next attempt, and parked', async () => {
      await storage.queue.enqueue([order('1'), order('2'), order('3')], 1000);
      const claimed = await storage.queue.claim({ owner: 'w', limit: 3, leaseMs: 60_000, now: 1000 });
      const [a, b, c] = claimed.map((e) => e.id) as [number, number, number];
      await storage.queue.complete([a], 'w', 1100);
      await storage.queue.fail([b], 'w', 'Xero answered 503', 5000, 1100);
      await storage.queue.park([c], 'w', 'Invoice # must be unique.', 1100);
      expect((await storage.queue.get(a))?.state).toBe('done');
      expect(await storage.queue.get(b)).toMatchObject({ state: 'failed', last_error: 'Xero answered 503', next_attempt_at: 5000 });
      expect(await storage.queue.get(c)).toMatchObject({ state: 'parked', last_error: 'Invoice # must be unique.' });
      // Failed entries come back when due; parked ones never by themselves.
      expect(await storage.queue.claim({ owner: 'w', limit: 5, leaseMs: 60_000, now: 4999 })).toEqual([]);
      expect((await storage.queue.claim({ owner: 'w', limit: 5, leaseMs: 60_000, now: 5000 })).map((e) => e.id)).toEqual([b]);
      expect(await storage.queue.retry([c], 6000)).toBe(1);
      expect(await storage.queue.get(c)).toMatchObject({ state: 'pending', attempts: 0 });
      const counts = await storage.queue.counts();
      expect(counts).toEqual(
        expect.arrayContaining([
          { entity_type: 'order', state: 'done', n: 1 },
          { entity_type: 'order', state: 'running', n: 1 },
          { entity_type: 'order', state: 'pending', n: 1 },
        ]),
      );
    });

    it('keeps skipped and waiting apart from done and failed: a skip keeps its reason, a wait comes back when due', async () => {
      await storage.queue.enqueue([order('1'), order('2')], 1000);
      const [a, b] = (await storage.queue.claim({ owner: 'w', limit: 2, leaseMs: 60_000, now: 1000 })).map((e) => e.id) as [number, number];
      await storage.queue.skip([a], 'w', 'The order was canceled before it was posted', 1100);
      await storage.queue.wait([b], 'w', 'waiting for customer 3', 3000, 1100);
      expect(await storage.queue.get(a)).toMatchObject({ state: 'skipped', last_error: 'The order was canceled before it was posted' });
      expect(await storage.queue.get(b)).toMatchObject({ state: 'waiting', last_error: 'waiting for customer 3', attempts: 1 });
      expect(await storage.queue.outstanding()).toBe(1);
      // Only the lease holder moves an entry, and only from a state the table allows (a skipped one is not waited).
      await storage.queue.wait([a], 'w', 'no', 3000, 1200);
      expect((await storage.queue.get(a))?.state).toBe('skipped');
      expect(await storage.queue.claim({ owner: 'w', limit: 5, leaseMs: 60_000, now: 2999 })).toEqual([]);
      expect((await storage.queue.claim({ owner: 'w', limit: 5, leaseMs: 60_000, now: 3000 })).map((e) => e.id)).toEqual([b]);
      // Queued again, a skipped record starts over.
      await storage.queue.enqueue([order('1')], 4000);
      expect(await storage.queue.get(a)).toMatchObject({ state: 'pending', attempts: 0 });
    });

    it('keeps a failed entry\'s attempts when it is queued again, and starts done ones over', async () => {
      await storage.queue.enqueue([order('1'), order('2')], 1000);
      const [a, b] = await storage.queue.claim({ owner: 'w', limit: 2, leaseMs: 60_000, now: 1000 });
      await storage.queue.fail([a!.id], 'w', 'timeout', 1000, 1100);
      await storage.queue.complete([b!.id], 'w', 1100);
      await storage.queue.enqueue([order('1'), order('2')], 1200);
      expect(await storage.queue.get(a!.id)).toMatchObject({ state: 'pending', attempts: 1 });
      expect(await storage.queue.get(b!.id)).toMatchObject({ state: 'pending', attempts: 0 });
    });

    it('posts the newest data of a record queued again while it was running', async () => {
      await storage.queue.enqueue([{ ...order('1'), payload: { v: 1 } }], 1000);
      const [entry] = await storage.queue.claim({ owner: 'w', limit: 1, leaseMs: 60_000, now: 1000 });
      await storage.queue.enqueue([{ ...order('1'), payload: { v: 2 } }], 1500);
      expect((await storage.queue.get(entry!.id))?.state).toBe('running');
      await storage.queue.complete([entry!.id], 'w', 2000);
      const after = await storage.queue.get(entry!.id);
      expect(after).toMatchObject({ state: 'pending' });
      expect(JSON.parse(after!.payload_json!)).toEqual({ v: 2 });
    });

    it('keeps the attempt count of an entry that failed after being queued again while running', async () => {
      await storage.queue.enqueue([order('1'), order('2')], 1000);
      const [a, b] = await storage.queue.claim({ owner: 'w', limit: 2, leaseMs: 60_000, now: 1000 });
      await storage.queue.enqueue([order('1'), order('2')], 1500);
      await storage.queue.fail([a!.id], 'w', 'timeout', 1000, 2000);
      await storage.queue.complete([b!.id], 'w', 2000);
      expect(await storage.queue.get(a!.id)).toMatchObject({ state: 'pending', attempts: 1 });
      expect(await storage.queue.get(b!.id)).toMatchObject({ state: 'pending', attempts: 0 });
    });

    it('releases claims without counting an attempt, and removes and clears idle entries only', async () => {
      await storage.queue.enqueue([order('1'), order('2')], 1000);
      const claimed = await storage.queue.claim({ owner: 'w', limit: 2, leaseMs: 60_000, now: 1000 });
      await storage.queue.release([claimed[0]!.id], 'w', 1100);
      expect(await storage.queue.get(claimed[0]!.id)).toMatchObject({ state: 'pending', attempts: 0 });
      expect(await storage.queue.remove(claimed.map((e) => e.id))).toBe(1);
      expect(await storage.queue.outstanding()).toBe(1);
      expect(await storage.queue.clear()).toBe(0);
    });

    it('filters claims by entity type', async () => {
      await storage.queue.enqueue([order('1'), { store_id: 1, entity_type: 'customer', magento_id: '9' }], 1000);
      const got = await storage.queue.claim({ owner: 'w', limit: 5, leaseMs: 1000, now: 1000, entityTypes: ['customer'] });
      expect(got.map((e) => e.entity_type)).toEqual(['customer']);
      expect(await storage.queue.nextDueAt()).toBe(1000);
    });
  });

  describe('sync log', () => {
    it('records attempts and lists them newest first with filters', async () => {
      await storage.log.add([
        { at: 1, store_id: 1, tenant_id: 't', entity_type: 'customer', magento_id: '1', action: 'create', status: 'success', message: null, xero_id: 'x1', xero_number: null, duration_ms: 12 },
        { at: 2, store_id: 1, tenant_id: 't', entity_type: 'order', magento_id: '5', action: 'create', status: 'error', message: 'Invoice # must be unique.', xero_id: null, xero_number: null, duration_ms: 30 },
      ]);
      expect((await storage.log.list()).map((e) => e.magento_id)).toEqual(['5', '1']);
      expect(await storage.log.list({ status: 'error' })).toMatchObject([{ message: 'Invoice # must be unique.' }]);
      expect(await storage.log.count({ entityType: 'customer' })).toBe(1);
      expect(await storage.log.lastSuccessAt()).toBe(1);
    });
  });

  describe('api usage', () => {
    it('counts calls, errors and 429s per tenant per day and minute', async () => {
      const t0 = Date.UTC(2026, 10, 25, 10, 0, 5);
      await storage.apiUsage.record('t1', t0, { calls: 1 });
      await storage.apiUsage.record('t1', t0 + 1000, { calls: 1, rateLimited: 1 });
      await storage.apiUsage.record('t1', t0 + 61_000, { calls: 1, errors: 1 });
      expect(await storage.apiUsage.days('2026-11-25')).toEqual([
        { tenant_id: 't1', day: '2026-11-25', calls: 3, errors: 1, rate_limited: 1 },
      ]);
      expect((await storage.apiUsage.minutes(0, 't1')).map((m) => m.calls)).toEqual([2, 1]);
      expect(await storage.apiUsage.callsOn('t1', '2026-11-25')).toBe(3);
    });
  });

  describe('watermarks and locks', () => {
    it('only moves a watermark forward', async () => {
      await storage.watermarks.advance(1, 'order', '2026-11-25 10:00:00');
      await storage.watermarks.advance(1, 'order', '2026-11-25 09:00:00');
      expect(await storage.watermarks.get(1, 'order')).toBe('2026-11-25 10:00:00');
    });

    it('grants a named lock to one owner until it is released or runs out', async () => {
      expect(await storage.locks.acquire('refresh:t1', 'a', 1000, 0)).toBe(true);
      expect(await storage.locks.acquire('refresh:t1', 'b', 1000, 500)).toBe(false);
      expect(await storage.locks.acquire('refresh:t1', 'b', 1000, 1500)).toBe(true);
      expect(await storage.locks.holder('refresh:t1')).toBe('b');
      await storage.locks.release('refresh:t1', 'b');
      expect(await storage.locks.holder('refresh:t1')).toBeUndefined();
      expect(await storage.locks.acquire('refresh:t1', 'a', 1000, 1600)).toBe(true);
    });
  });
});
