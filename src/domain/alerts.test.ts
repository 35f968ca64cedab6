import { describe, expect, it } from 'vitest';
import {
  booksDifferAlert,
  composeMessage,
  dailyLimitAlert,
  deliveryRetryDelay,
  FAILED_ATTEMPTS_BEFORE_ALERT,
  MAX_LISTED,
  nextMessageAt,
  recordFailedAlert,
  renderAlert,
  signWebhook,
  xeroDisconnectedAlert,
  type AlertNames,
  type StoredAlert,
} from './alerts.js';

const names: AlertNames = {
  organisation: (t) => (t === 'T1' ? 'Shop Ltd' : undefined),
  store: (s) => (s === 1 ? '"Default Store View"' : undefined),
  baseUrl: 'https://sync.example.com/',
};
const order = { entityType: 'order', queueStoreId: 0, magentoId: '42', number: '000000195', storeId: 1, tenantId: 'T1' };

describe('which event is an alert', () => {
  it('a parked record alerts at once; a record failing by itself only after repeated attempts; waits are never alerts', () => {
    expect(recordFailedAlert(order, { parked: true, message: 'Account code 999 is not valid', attempts: 1 }, 1)).toBeDefined();
    expect(recordFailedAlert(order, { parked: false, message: 'Xero answered 503', attempts: FAILED_ATTEMPTS_BEFORE_ALERT - 1 }, 1)).toBeUndefined();
    expect(recordFailedAlert(order, { parked: false, message: 'Xero answered 503', attempts: FAILED_ATTEMPTS_BEFORE_ALERT }, 1)).toBeDefined();
  });

  it('the same failure again has the same key and fingerprint; another message or another record does not', () => {
    const a = recordFailedAlert(order, { parked: true, message: 'A', attempts: 1 }, 1)!;
    const again = recordFailedAlert(order, { parked: true, message: 'A', attempts: 2 }, 99)!;
    const other = recordFailedAlert(order, { parked: true, message: 'B', attempts: 1 }, 1)!;
    const otherRecord = recordFailedAlert({ ...order, magentoId: '43' }, { parked: true, message: 'A', attempts: 1 }, 1)!;
    expect([again.key, again.fingerprint]).toEqual([a.key, a.fingerprint]);
    expect(other.key).toBe(a.key);
    expect(other.fingerprint).not.toBe(a.fingerprint);
    expect(otherRecord.key).not.toBe(a.key);
  });

  it('the daily budget alerts once per organisation and UTC day; the books once per set of differences', () => {
    const day1 = dailyLimitAlert('T1', 10, Date.UTC(2026, 0, 1, 9));
    expect(dailyLimitAlert('T1', 10, Date.UTC(2026, 0, 1, 23)).fingerprint).toBe(day1.fingerprint);
    expect(dailyLimitAlert('T1', 10, Date.UTC(2026, 0, 2, 1)).fingerprint).not.toBe(day1.fingerprint);
    expect(dailyLimitAlert('T2', 10, Date.UTC(2026, 0, 1, 9)).key).not.toBe(day1.key);
    const issue = (n: string) => ({ day: '2026-01-01', number: n, kind: 'missing-in-xero', advice: 'Repair it.', tenantId: 'T1', action: 'queue' as const, key: `T1:${n}` });
    expect(booksDifferAlert({ from: 'a', to: 'b', issues: [] }, 1)).toBeUndefined();
    const ab = booksDifferAlert({ from: 'a', to: 'b', issues: [issue('1'), issue('2')] }, 1)!;
    expect(booksDifferAlert({ from: 'c', to: 'd', issues: [issue('2'), issue('1')] }, 2)!.fingerprint).toBe(ab.fingerprint);
    expect(booksDifferAlert({ from: 'a', to: 'b', issues: [issue('1')] }, 1)!.fingerprint).not.toBe(ab.fingerprint);
  });
});

describe('what an alert says', () => {
  it('names the record by its Magento number, its store and organisation, what to do, and links to its page', () => {
    const r = renderAlert(recordFailedAlert(order, { parked: true, message: 'Account code 999 is not valid', attempts: 1 }, 1)!.facts, names);
    expect(r.title).toBe('Order 000000195 was not posted to Xero');
    expect(r.what).toContain('store "Default Store View"');
    expect(r.what).toContain('Xero organisation Shop Ltd');
    expect(r.what).toContain('Account code 999 is not valid');
    expect(r.what).not.toContain(' 42');
    expect(r.todo).toMatch(/Retry on the Queue page/);
    expect(r.url).toBe('https://sync.example.com/record/order/42');
  });

  it('has no links without a public address, and says when a number is not known', () => {
    const r = renderAlert(recordFailedAlert({ ...order, number: undefined }, { parked: true, message: 'gone', attempts: 1 }, 1)!.facts, { ...names, baseUrl: undefined });
    expect(r.url).toBeUndefined();
    expect(r.title).toBe('Order (Magento id 42, number not known) was not posted to Xero');
  });

  it('tells what to do about the budget, the connection and the books', () => {
    expect(renderAlert(dailyLimitAlert('T1', Date.UTC(2026, 0, 2), Date.UTC(2026, 0, 1, 9)).facts, names)).toMatchObject({
      title: "Xero's daily API limit is spent for Shop Ltd",
      url: 'https://sync.example.com/report',
    });
    expect(renderAlert(xeroDisconnectedAlert('invalid_grant', 1).facts, names).todo).toMatch(/Connect to Xero/);
  });
});

describe('digests', () => {
  const failures: StoredAlert[] = Array.from({ length: 500 }, (_, i) => ({
    id: i + 1,
    at: 1000 + i,
    facts: recordFailedAlert({ ...order, magentoId: String(i), number: `1000${i}` }, { parked: true, message: 'refused', attempts: 1 }, 1)!.facts,
  }));

  it('one message for 500 failures, with the count, the first ones listed and where to find the rest', () => {
    const m = composeMessage([...failures, { id: 999, at: 5, facts: xeroDisconnectedAlert('invalid_grant', 5).facts }], names);
    expect(m.subject).toBe('magento-xero: 501 alerts (Xero needs reconnecting, 500 records not posted)');
    expect(m.payload.count).toBe(501);
    expect(m.payload.alerts).toHaveLength(MAX_LISTED);
    expect(m.payload.unlisted).toBe(501 - MAX_LISTED);
    // The connection first: it explains the failures after it.
    expect(m.payload.alerts[0]!.kind).toBe('xero_disconnected');
    expect(m.text).toContain('https://sync.example.com/queue?state=parked');
  });

  it('a single alert is sent as itself', () => {
    const m = composeMessage([failures[0]!], names);
    expect(m.subject).toBe('magento-xero: Order 10000 was not posted to Xero');
    expect(m.payload.count).toBe(1);
  });

  it('waits to gather, then at most one message per quiet period', () => {
    const pacing = { gatherMs: 60_000, quietMs: 15 * 60_000 };
    expect(nextMessageAt({ oldestAt: undefined }, undefined, pacing)).toBeUndefined();
    expect(nextMessageAt({ oldestAt: 1_000 }, undefined, pacing)).toBe(61_000);
    expect(nextMessageAt({ oldestAt: 1_000_000 }, 900_000, pacing)).toBe(1_800_000);
    expect(deliveryRetryDelay(1)).toBe(30_000);
    expect(deliveryRetryDelay(2)).toBe(60_000);
    expect(deliveryRetryDelay(50)).toBe(3_600_000);
  });

  it('signs the timestamp and the body with HMAC-SHA256', () => {
    // echo -n '1700000000.{"a":1}' | openssl dgst -sha256 -hmac s3cret
    expect(signWebhook('s3cret', 1700000000, '{"a":1}')).toBe('sha256=1698a50bc74d1ff1db85c4e0a5297c2ad9fdba245d5737cdb789e4cc6e098940');
  });
});
