import { describe, expect, it } from 'vitest';
import { canUpdate, decideCancellation, effectiveLockDate } from './cancel.js';

const noLock = {};
const lock = { PeriodLockDate: '/Date(1711843200000+0000)/', EndOfYearLockDate: '/Date(1703980800000+0000)/' }; // 2024-03-31, 2023-12-31

describe('canceled orders', () => {
  it.each([
    ['never posted', undefined, 'none'],
    ['draft → deleted', { Status: 'DRAFT' as const }, 'delete'],
    ['submitted → deleted', { Status: 'SUBMITTED' as const }, 'delete'],
    ['approved without payments → voided', { Status: 'AUTHORISED' as const, AmountPaid: 0 }, 'void'],
    ['approved with a payment → blocked', { Status: 'AUTHORISED' as const, AmountPaid: 5 }, 'blocked'],
    ['approved with a credit note → blocked', { Status: 'AUTHORISED' as const, AmountCredited: 5 }, 'blocked'],
    ['paid → blocked', { Status: 'PAID' as const }, 'blocked'],
    ['already voided', { Status: 'VOIDED' as const }, 'none'],
  ])('%s', (_n, state, action) => {
    expect(decideCancellation(state, noLock).action).toBe(action);
  });

  it('does not void a document in a locked period', () => {
    const d = decideCancellation({ Status: 'AUTHORISED', Date: '/Date(1709251200000+0000)/' }, lock); // 2024-03-01
    expect(d.action).toBe('blocked');
    expect(d.action === 'blocked' && d.reason).toMatch(/2024-03-31/);
    expect(decideCancellation({ Status: 'AUTHORISED', Date: '2024-04-01' }, lock).action).toBe('void');
  });
});

describe('updates to existing documents', () => {
  it('allows editing an unpaid document in an open period', () => {
    expect(canUpdate({ Status: 'AUTHORISED', Date: '2024-04-02' }, lock, '2024-04-02')).toEqual({ allowed: true });
    expect(canUpdate({ Status: 'DRAFT' }, noLock)).toEqual({ allowed: true });
  });

  it.each([
    ['paid', { Status: 'PAID' as const }, /PAID/],
    ['voided', { Status: 'VOIDED' as const }, /VOIDED/],
    ['has payments', { Status: 'AUTHORISED' as const, Payments: [{}] }, /payments or credit notes/],
    ['dated before the lock date', { Status: 'AUTHORISED' as const, Date: '2024-03-31' }, /lock date 2024-03-31/],
  ])('refuses when %s, with a reason', (_n, state, reason) => {
    const d = canUpdate(state, lock);
    expect(d.allowed).toBe(false);
    expect(!d.allowed && d.reason).toMatch(reason);
  });

  it('refuses moving a document into a locked period', () => {
    expect(canUpdate({ Status: 'DRAFT', Date: '2024-04-10' }, lock, '2024-03-15').allowed).toBe(false);
    expect(effectiveLockDate(lock)).toBe('2024-03-31');
  });
});
