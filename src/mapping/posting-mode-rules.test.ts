// Rule by rule: which way a store posts on a store-local day, and so which way an order goes (posting-mode.ts). Time
// zone arithmetic by hand: New York is UTC-5 until daylight saving time starts on Sunday 10 March 2024 (US rule: second
// Sunday in March), so midnight of 1 March 2024 there is 05:00 UTC.
import { describe, expect, it } from 'vitest';
import { orderPostingMode, postingModeOn, summarisedReason, withPostingMode } from './posting-mode.js';
import type { MappingSettings } from './settings.js';
import { testSettings } from './test-support.js';

type Period = { from: string; mode: 'orders' | 'invoices' | 'summary' };

const store = (postingPeriods?: Period[]) => ({
  code: 'default', timezone: 'America/New_York', baseCurrency: 'USD', xeroBaseCurrency: 'USD', tax: { region: 'US' as const, country: 'US' },
  ...(postingPeriods ? { postingPeriods } : {}),
});

/** Globally "invoices"; store 1 posts summaries from 1 March 2024 and per order from 1 June 2024. */
const settings = (): MappingSettings =>
  testSettings({
    postingMode: 'invoices',
    stores: { '1': store([{ from: '2024-03-01', mode: 'summary' }, { from: '2024-06-01', mode: 'orders' }]), '2': store(), '0': store([{ from: '2024-01-01', mode: 'summary' }]) },
  });

describe('postingModeOn', () => {
  it('the global mode before the first period, then the last period started on or before the day', () => {
    expect(postingModeOn(settings(), 1, '2024-02-29')).toBe('invoices');
    expect(postingModeOn(settings(), 1, '2024-03-01')).toBe('summary');
    expect(postingModeOn(settings(), 1, '2024-05-31')).toBe('summary');
    expect(postingModeOn(settings(), 1, '2024-06-01')).toBe('orders');
    expect(postingModeOn(settings(), 1, '2025-01-01')).toBe('orders');
  });

  it('the global mode for a store without periods, or not configured at all', () => {
    expect(postingModeOn(settings(), 2, '2024-04-01')).toBe('invoices');
    expect(postingModeOn(settings(), 9, '2024-04-01')).toBe('invoices');
  });

  it('no store id is store 0', () => {
    expect(postingModeOn(settings(), null, '2024-04-01')).toBe('summary');
    expect(postingModeOn(settings(), undefined, '2023-12-31')).toBe('invoices');
  });
});

describe('orderPostingMode', () => {
  it('by the day the order was placed in the store\'s time zone', () => {
    // 04:59:59 UTC on 1 March is 23:59:59 on 29 February in New York: before the summary period.
    expect(orderPostingMode({ store_id: 1, created_at: '2024-03-01 04:59:59' }, settings())).toBe('invoices');
    // 05:00:00 UTC is midnight of 1 March there: the first summary day.
    expect(orderPostingMode({ store_id: 1, created_at: '2024-03-01 05:00:00' }, settings())).toBe('summary');
  });

  it('the global mode for a store without periods, an empty list, or no store', () => {
    expect(orderPostingMode({ store_id: 2, created_at: '2024-04-01 12:00:00' }, settings())).toBe('invoices');
    const empty = testSettings({ postingMode: 'invoices', stores: { '1': store([]) } });
    expect(orderPostingMode({ store_id: 1, created_at: '2024-04-01 12:00:00' }, empty)).toBe('invoices');
    expect(orderPostingMode({ store_id: 9, created_at: '2024-04-01 12:00:00' }, settings())).toBe('invoices');
  });

  it('a store without periods never reads the order\'s date', () => {
    const empty = testSettings({ postingMode: 'invoices', stores: { '1': store([]) } });
    expect(orderPostingMode({ store_id: 1, created_at: 'not a date' }, empty)).toBe('invoices');
    expect(() => orderPostingMode({ store_id: 1, created_at: 'not a date' }, settings())).toThrowError(/Not a Magento timestamp/);
  });

  it('an order without a store id is store 0\'s', () => {
    expect(orderPostingMode({ store_id: null, created_at: '2024-04-01 12:00:00' }, settings())).toBe('summary');
  });
});

describe('withPostingMode', () => {
  it('the one store posts in the mode on every day; the other stores and the settings given are untouched', () => {
    const before = settings();
    const after = withPostingMode(before, 1, 'invoices');
    expect(after.stores['1']?.postingPeriods).toEqual([{ from: '0001-01-01', mode: 'invoices' }]);
    expect(after.stores['1']?.timezone).toBe('America/New_York');
    expect(after.stores['0']).toBe(before.stores['0']);
    expect(after.stores['2']).toBe(before.stores['2']);
    expect(before.stores['1']?.postingPeriods).toHaveLength(2);
    expect(after.postingMode).toBe('invoices');
    expect(postingModeOn(after, 1, '2024-04-01')).toBe('invoices');
  });

  it('no store id is store 0; a store that is not configured leaves the settings as they are', () => {
    const before = settings();
    expect(withPostingMode(before, null, 'orders').stores['0']?.postingPeriods).toEqual([{ from: '0001-01-01', mode: 'orders' }]);
    expect(withPostingMode(before, 9, 'orders')).toBe(before);
  });
});

describe('summarisedReason', () => {
  it('names the document and the order', () => {
    expect(summarisedReason('Invoice 000000007', { increment_id: '000000042' })).toBe(
      "Invoice 000000007 of order 000000042 goes into its store's daily summary, not a Xero document of its own.",
    );
  });
});
