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

// The rules below, word for word. Xero's side: a document on or before a lock date cannot be saved ("The document date
// cannot be before the end of year lock date, currently set at 31-Jul-2013", a recorded answer, xeroizer#92), and a
// document with a payment or credit note allocated cannot be edited ("This document cannot be edited as it has a payment
// or credit note allocated to it.", Xero's message as quoted by WorkGuru's knowledge base); a DRAFT or SUBMITTED invoice
// is deleted and an AUTHORISED one voided (invariant 4, ACCOUNTING.md).
const LOCK_REMEDY = 'Ask your adviser to move the lock date in Xero (Settings → Advanced → Financial settings), or record the change in an open period.';
const MONEY_REMEDY = 'Remove the payments or allocations in Xero first if the change is really needed, then retry.';

describe('the lock date', () => {
  it('is the later of the two, whichever is named first, and none when both are blank', () => {
    expect(effectiveLockDate({ PeriodLockDate: '2023-06-30', EndOfYearLockDate: '2023-12-31' })).toBe('2023-12-31');
    expect(effectiveLockDate({ PeriodLockDate: '2024-03-31', EndOfYearLockDate: '2023-12-31' })).toBe('2024-03-31');
    expect(effectiveLockDate({ PeriodLockDate: '', EndOfYearLockDate: '2023-12-31' })).toBe('2023-12-31');
    // A blank or spaces-only date is no lock (Xero sends no date when none is set).
    expect(effectiveLockDate({ PeriodLockDate: '  ', EndOfYearLockDate: null })).toBeUndefined();
    expect(effectiveLockDate({})).toBeUndefined();
  });
});

describe('editing a document, reason and remedy to the word', () => {
  it.each(['PAID', 'VOIDED', 'DELETED'] as const)('refuses a %s document', (Status) => {
    expect(canUpdate({ Status }, noLock)).toEqual({
      allowed: false,
      reason: `the Xero document is ${Status} and cannot be edited.`,
      remedy: 'Record the change in Magento as a credit memo, which becomes a credit note.',
    });
  });

  it.each([
    ['an amount paid', { AmountPaid: 0.01 }],
    ['an amount credited', { AmountCredited: 12.5 }],
    ['a payment', { Payments: [{}] }],
    ['an allocation', { Allocations: [{}] }],
    ['a credit note', { CreditNotes: [{}] }],
  ])('refuses an approved document with %s against it', (_n, money) => {
    expect(canUpdate({ Status: 'AUTHORISED', ...money }, noLock)).toEqual({
      allowed: false,
      reason: 'the Xero document has payments or credit notes allocated to it.',
      remedy: MONEY_REMEDY,
    });
  });

  it('lets through an approved document whose money fields are all empty or zero', () => {
    expect(canUpdate({ Status: 'AUTHORISED', AmountPaid: 0, AmountCredited: 0, Payments: [], Allocations: [], CreditNotes: [] }, noLock)).toEqual({ allowed: true });
    expect(canUpdate({ Status: 'SUBMITTED', AmountPaid: null, Payments: null, Allocations: null, CreditNotes: null }, noLock)).toEqual({ allowed: true });
  });

  it('refuses a document dated on the lock date, not one dated the day after', () => {
    expect(canUpdate({ Status: 'AUTHORISED', Date: '/Date(1711843200000+0000)/' }, lock)).toEqual({
      allowed: false,
      reason: "the document is dated 2024-03-31, on or before Xero's lock date 2024-03-31.",
      remedy: LOCK_REMEDY,
    });
    expect(canUpdate({ Status: 'AUTHORISED', Date: '2024-04-01' }, lock)).toEqual({ allowed: true });
    // Moving an open document to the lock date itself is refused, naming the new date.
    expect(canUpdate({ Status: 'DRAFT', Date: '2024-04-10' }, lock, '2024-03-31')).toEqual({
      allowed: false,
      reason: "the document is dated 2024-03-31, on or before Xero's lock date 2024-03-31.",
      remedy: LOCK_REMEDY,
    });
    // No date on either side: nothing to compare with the lock.
    expect(canUpdate({ Status: 'DRAFT', Date: null }, lock)).toEqual({ allowed: true });
  });
});

describe('canceling an order, reason and remedy to the word', () => {
  it('has nothing to do for an order never posted, or a document already voided or deleted', () => {
    expect(decideCancellation(undefined, noLock)).toEqual({ action: 'none', reason: 'The order was never posted to Xero.' });
    expect(decideCancellation({ Status: 'VOIDED' }, noLock)).toEqual({ action: 'none', reason: 'The Xero invoice is already VOIDED.' });
    expect(decideCancellation({ Status: 'DELETED' }, noLock)).toEqual({ action: 'none', reason: 'The Xero invoice is already DELETED.' });
  });

  it.each([
    ['paid', { Status: 'PAID' as const }],
    ['with a payment', { Status: 'AUTHORISED' as const, Payments: [{}] }],
    ['with an allocation', { Status: 'AUTHORISED' as const, Allocations: [{}] }],
    ['with a credit note', { Status: 'AUTHORISED' as const, CreditNotes: [{}] }],
  ])('blocks an invoice %s', (_n, state) => {
    expect(decideCancellation(state, noLock)).toEqual({
      action: 'blocked',
      reason: 'The order was canceled in Magento but its Xero invoice has payments or credit notes.',
      remedy: 'Remove the payments in Xero, or refund the order in Magento with a credit memo.',
    });
  });

  it('voids an approved invoice and deletes a draft, unless it is dated on or before the lock date', () => {
    expect(decideCancellation({ Status: 'AUTHORISED', Date: '2024-04-01' }, lock)).toEqual({
      action: 'void', status: 'VOIDED', reason: 'The order was canceled in Magento; the approved invoice is voided.',
    });
    expect(decideCancellation({ Status: 'DRAFT', Date: '2024-04-01' }, lock)).toEqual({
      action: 'delete', status: 'DELETED', reason: 'The order was canceled in Magento; the draft invoice is deleted.',
    });
    expect(decideCancellation({ Status: 'DRAFT', Date: '2024-03-31' }, lock)).toEqual({
      action: 'blocked',
      reason: "Cannot void: the document is dated 2024-03-31, on or before Xero's lock date 2024-03-31.",
      remedy: LOCK_REMEDY,
    });
    // No date on the document: the lock cannot apply.
    expect(decideCancellation({ Status: 'AUTHORISED' }, lock).action).toBe('void');
  });
});

describe('dates against the lock', () => {
  it('without a lock date, any date may change', () => {
    expect(canUpdate({ Status: 'AUTHORISED', Date: '2001-01-01' }, noLock, '2001-01-02')).toEqual({ allowed: true });
    expect(decideCancellation({ Status: 'AUTHORISED', Date: '2001-01-01' }, { PeriodLockDate: null, EndOfYearLockDate: '' }).action).toBe('void');
  });

  it('checks the new date even when the document has none', () => {
    expect(canUpdate({ Status: 'DRAFT' }, lock, '2024-03-15')).toEqual({
      allowed: false,
      reason: "the document is dated 2024-03-15, on or before Xero's lock date 2024-03-31.",
      remedy: LOCK_REMEDY,
    });
  });
});
