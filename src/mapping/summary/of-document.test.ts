// contributionOf on Adobe's documented credit memo (src/mapping/fixtures/creditmemo-get.adobe-kb.json): what one
// document of a summarised order adds to its day, with the figures read off the memo (100.00 item + 5.00 shipping).
import { describe, expect, it } from 'vitest';
import { adobeCreditMemo, adobeCreditMemoOrder, testSettings } from '../test-support.js';
import { contributionOf } from './of-document.js';

const memo = adobeCreditMemo;
const order = adobeCreditMemoOrder;

describe("a credit memo's contribution to its day", () => {
  it("is the refund of 100.00 goods and 5.00 shipping, untaxed, paid back through the order's method account", () => {
    const settings = testSettings({ paymentMethods: { checkmo: '091' } });
    const c = contributionOf({ entity: 'creditmemo', record: { ...memo(), transaction_id: 'txn-1' }, order: order() }, settings);
    expect([c.kind, c.currency, c.totalCents, c.taxCents]).toEqual(['refund', 'USD', 10500, 0]);
    expect(c.lines.map((l) => [l.kind, l.grossCents, l.taxCents])).toEqual([['goods', 10000, 0], ['shipping', 500, 0]]);
    expect(c.money.reduce((s, m) => s + m.cents, 0)).toBe(10500);
    expect(c.money.map((m) => m.accountCode)).toEqual(['091']);
    // Refunded offline and not paid out: the credit stays, no money moved.
    const offline = contributionOf({ entity: 'creditmemo', record: memo(), order: order() }, settings);
    expect([offline.totalCents, offline.money.reduce((s, m) => s + m.cents, 0)]).toEqual([10500, 0]);
  });

  it('a canceled memo adds nothing, in its currency (the memo\'s, else the order\'s, upper-cased)', () => {
    const canceled = { ...memo(), state: 3 };
    expect(contributionOf({ entity: 'creditmemo', record: canceled, order: order() }, testSettings())).toEqual({
      kind: 'refund', currency: 'USD', mode: 'Exclusive', lines: [], money: [], totalCents: 0, taxCents: 0,
    });
    const noCurrency = { ...canceled, order_currency_code: undefined };
    expect(contributionOf({ entity: 'creditmemo', record: noCurrency, order: order({ order_currency_code: 'eur' }) }, testSettings()).currency).toBe('EUR');
    expect(contributionOf({ entity: 'creditmemo', record: noCurrency, order: order() }, testSettings()).currency).toBe('');
  });

  it('store credit given back is money to the liability account; the rest goes back through the method (5.00 + 100.00)', () => {
    const settings = testSettings({ paymentMethods: { checkmo: '091' }, accounts: { sales: '200', storeCreditLiability: '2160' } });
    const record = { ...memo(), transaction_id: 'txn-1', grand_total: 100, customer_balance_amount: 5 };
    const c = contributionOf({ entity: 'creditmemo', record, order: order() }, settings);
    expect(c.totalCents).toBe(10500);
    expect(c.money.map((m) => [m.accountCode, m.cents]).sort()).toEqual([['091', 10000], ['2160', 500]]);
    expect(c.money.find((m) => m.accountCode === '2160')?.label).toBe('store credit');
  });
});
