import { describe, expect, it } from 'vitest';
import { crashKindOfCollection, crashPointsFromEnvironment } from './crash-points.js';

function armed(spec: string, env: Record<string, string> = { NODE_ENV: 'test' }) {
  const deaths: string[] = [];
  const points = crashPointsFromEnvironment({ ...env, MAGENTO_XERO_CRASH_AFTER: spec }, (m) => deaths.push(m));
  return { points, deaths };
}

describe('crash points (MAGENTO_XERO_CRASH_AFTER)', () => {
  it('dies right after the N-th write of the armed kind, and only then', () => {
    const { points, deaths } = armed('invoice:3');
    points.hit('invoice');
    points.hit('payment');
    points.hit('invoice');
    expect(deaths).toEqual([]);
    points.hit('invoice');
    expect(deaths).toEqual(['crash point: killed right after invoice write 3 (MAGENTO_XERO_CRASH_AFTER)']);
    points.hit('invoice');
    expect(deaths).toHaveLength(1);
  });

  it('arms several kinds at once, each counted on its own', () => {
    const { points, deaths } = armed('payment:1, outcome:2');
    points.hit('outcome');
    expect(deaths).toEqual([]);
    points.hit('payment');
    expect(deaths).toEqual([expect.stringContaining('payment write 1')]);
    points.hit('outcome');
    expect(deaths).toEqual([expect.stringContaining('payment write 1'), expect.stringContaining('outcome write 2')]);
  });

  it('is refused outside NODE_ENV=test, so a production process cannot run with it', () => {
    expect(() => armed('invoice:1', {})).toThrow(/test-only switch .* refused unless NODE_ENV=test/);
    expect(() => armed('invoice:1', { NODE_ENV: 'production' })).toThrow(/MAGENTO_XERO_CRASH_AFTER/);
  });

  it('is off when unset or empty, whatever NODE_ENV says', () => {
    const deaths: string[] = [];
    for (const env of [{}, { MAGENTO_XERO_CRASH_AFTER: '  ' }, { NODE_ENV: 'production' }]) {
      const points = crashPointsFromEnvironment(env, (m) => deaths.push(m));
      for (let i = 0; i < 5; i++) points.hit('invoice');
    }
    expect(deaths).toEqual([]);
  });

  it('refuses a malformed switch with the kinds it knows', () => {
    for (const bad of ['invoice', 'invoice:0', 'invoices:1', 'invoice:1,invoice:2', 'invoice:x']) {
      expect(() => armed(bad), bad).toThrow(/kind:N.*contact, item, invoice, payment, credit-note, allocation, outcome/);
    }
  });

  it('counts writes by the collection Xero was sent', () => {
    expect(['Contacts', 'Items', 'Invoices', 'Payments', 'CreditNotes', 'Allocations', 'Accounts'].map(crashKindOfCollection)).toEqual([
      'contact',
      'item',
      'invoice',
      'payment',
      'credit-note',
      'allocation',
      undefined,
    ]);
  });
});
