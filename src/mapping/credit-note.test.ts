import { describe, expect, it } from 'vitest';
import type { MagentoCreditMemo } from '../domain/magento.js';
import { planSettlement } from './allocation.js';
import { creditMemoToCreditNote } from './credit-note.js';
import { adobeCreditMemo, adobeCreditMemoOrder, testSettings } from './test-support.js';
import { xeroWouldCompute } from './testing/xero-oracle.js';

const memo = adobeCreditMemo;
const order = adobeCreditMemoOrder;

describe('credit memo → credit note (Adobe example)', () => {
  it('refunds the item and the shipping, dated in the store time zone', () => {
    const result = creditMemoToCreditNote(memo(), order(), testSettings());
    if (result.kind !== 'post') throw new Error('expected post');
    expect(result.creditNote).toEqual({
      Type: 'ACCRECCREDIT',
      Contact: { ContactNumber: expect.stringMatching(/^M1-G-/) },
      CreditNoteNumber: '000000001',
      Reference: 'Credit memo 000000001 for order 000000001 (default)',
      Date: '2021-04-05', // 23:43 UTC is 19:43 in New York
      Status: 'AUTHORISED',
      LineAmountTypes: 'NoTax',
      CurrencyCode: 'USD',
      LineItems: [
        { Description: 'simple_1', Quantity: 1, UnitAmount: 100, AccountCode: '200', TaxType: 'NONE', ItemCode: 'simple_1' },
        { Description: 'Shipping: Flat Rate - Fixed', Quantity: 1, UnitAmount: 5, AccountCode: '200', TaxType: 'NONE' },
      ],
    });
    expect(xeroWouldCompute(result.creditNote).total).toBe(10500);
  });

  it('uses the store prefix and adjustment lines', () => {
    const s = testSettings();
    s.stores['1'] = { ...(s.stores['1'] as NonNullable<(typeof s.stores)['1']>), creditNotePrefix: 'CN-' };
    const m = { ...memo(), adjustment_positive: 10, adjustment_negative: 2.5, grand_total: 112.5 };
    const result = creditMemoToCreditNote(m, order(), s);
    if (result.kind !== 'post') throw new Error('expected post');
    expect(result.creditNote.CreditNoteNumber).toBe('CN-000000001');
    expect(result.creditNote.LineItems.slice(-2)).toEqual([
      expect.objectContaining({ Description: 'Adjustment refund', UnitAmount: 10 }),
      expect.objectContaining({ Description: 'Adjustment fee', UnitAmount: -2.5 }),
    ]);
    expect(xeroWouldCompute(result.creditNote).total).toBe(11250);
  });

  it('plans the refund only when money went back', () => {
    const offline = creditMemoToCreditNote(memo(), order(), testSettings());
    const online = creditMemoToCreditNote({ ...memo(), transaction_id: 'ch_1' }, order(), testSettings());
    const paidOut = creditMemoToCreditNote(memo(), order(), testSettings({ offlineRefundsPaidOut: true, paymentMethods: { checkmo: 'do_not_pay' } }));
    if (offline.kind !== 'post' || online.kind !== 'post' || paidOut.kind !== 'post') throw new Error('expected post');
    expect(planSettlement({ ...offline.settlement, invoiceAmountDueCents: 0 }).remainingCreditCents).toBe(10500);
    expect(planSettlement({ ...online.settlement, invoiceAmountDueCents: 0 }).refundCents).toBe(10500);
    expect(paidOut.settlement).toMatchObject({ moneyWentBack: true, refundAccountCode: '090' });
  });

  it('skips canceled credit memos and names unknown order items', () => {
    expect(creditMemoToCreditNote({ ...memo(), state: 3 }, order(), testSettings()).kind).toBe('skip');
    const stray = { ...memo(), items: memo().items.map((i) => ({ ...i, order_item_id: 99 })) };
    expect(() => creditMemoToCreditNote(stray, order(), testSettings())).toThrowError(/order item 99/);
  });
});

describe('credit memo → credit note, at its edges (Adobe example, changed by hand)', () => {
  const post = (m: MagentoCreditMemo) => {
    const result = creditMemoToCreditNote(m, order(), testSettings());
    if (result.kind !== 'post') throw new Error(`expected post, got ${result.kind}`);
    return result;
  };

  it('adjustments are untaxed lines of their own: a 2.00 refund adds 2.00 (107.00), a 3.00 fee takes 3.00 off (102.00)', () => {
    const refund = post({ ...memo(), adjustment_positive: 2, grand_total: 107 });
    expect(refund.creditNote.LineItems.at(-1)).toMatchObject({ Description: 'Adjustment refund', Quantity: 1, UnitAmount: 2, TaxType: 'NONE' });
    const fee = post({ ...memo(), adjustment_negative: 3, grand_total: 102 });
    expect(fee.creditNote.LineItems.at(-1)).toMatchObject({ Description: 'Adjustment fee', Quantity: 1, UnitAmount: -3, TaxType: 'NONE' });
  });

  it('money went back only with a transaction id that is not blank; the refund is referenced by the memo', () => {
    expect(post({ ...memo(), transaction_id: '   ' }).settlement.moneyWentBack).toBe(false);
    expect(post({ ...memo(), transaction_id: 'txn-1' }).settlement.moneyWentBack).toBe(true);
    const plain = post(memo());
    expect(plain.settlement.reference).toBe('Refund 000000001');
    expect('liabilityRefunds' in plain.settlement).toBe(false);
    expect(plain.itemSkus).toEqual(['simple_1']);
  });

  it("carries Magento's rate for a memo in another currency, none in the base currency", () => {
    expect(post({ ...memo(), order_currency_code: 'EUR', base_to_order_rate: 0.92 }).creditNote.CurrencyRate).toBe(0.92);
    expect('CurrencyRate' in post(memo()).creditNote).toBe(false);
  });

  it('a canceled memo is skipped, saying so', () => {
    expect(creditMemoToCreditNote({ ...memo(), state: 3 }, order(), testSettings())).toEqual({ kind: 'skip', reason: 'Credit memo 000000001 is canceled in Magento.' });
  });
});
