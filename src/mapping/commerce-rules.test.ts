// Adobe Commerce's gift cards, store credit and reward points, one rule at a time, with the expected values written out.
import { describe, expect, it } from 'vitest';
import { giftCardCents, giftCardRefundLiability, itemAccountFor, liabilityAccount, rewardPointsCents, rewardPointsLine, storeCreditCents } from './commerce.js';
import { testSettings, thrownMappingError } from './test-support.js';

const record = { entity: 'order', id: '1' };
const thrown = thrownMappingError;

describe('amounts paid by gift card, store credit and reward points', () => {
  it('are read at the top level, else in extension attributes, as positive cents', () => {
    expect(giftCardCents({ gift_cards_amount: -12.5 })).toBe(1250);
    expect(giftCardCents({ extension_attributes: { gift_cards_amount: 3 } })).toBe(300);
    expect(giftCardCents({ gift_cards_amount: 1, extension_attributes: { gift_cards_amount: 3 } })).toBe(100);
    expect(storeCreditCents({ customer_balance_amount: 4.2, gift_cards_amount: 9 })).toBe(420);
    expect(storeCreditCents({ extension_attributes: { customer_balance_amount: -0.05 } })).toBe(5);
    expect(rewardPointsCents({ reward_currency_amount: 2, customer_balance_amount: 9 })).toBe(200);
    expect(rewardPointsCents({ extension_attributes: null })).toBe(0);
  });
});

describe('liability accounts', () => {
  it('gift cards and store credit take their own accounts; store credit falls back to the gift card one', () => {
    const both = testSettings({ accounts: { sales: '200', giftCardLiability: '2150', storeCreditLiability: '2160' } });
    expect(liabilityAccount('gift_card', both, record, 'x')).toBe('2150');
    expect(liabilityAccount('store_credit', both, record, 'x')).toBe('2160');
    expect(liabilityAccount('store_credit', testSettings({ accounts: { sales: '200', giftCardLiability: '2150' } }), record, 'x')).toBe('2150');
  });

  it('a missing one is an error naming the setting, different for each kind', () => {
    const gift = thrown(() => itemAccountFor(testSettings(), { sku: 'GC-1', product_type: 'giftcard' }, record));
    expect([gift.code, gift.message]).toEqual([
      'missing_account_mapping',
      'Magento order 1: sold a gift card (GC-1): a gift card, and no gift card liability account is set. Choose the gift card liability account in Settings → Accounts (Xero must allow payments to it), press "Sync all accounts now", then retry.',
    ]);
    expect(gift.record).toEqual(record);
    const credit = thrown(() => liabilityAccount('store_credit', testSettings(), record, 'returns to'));
    expect(credit.message).toBe(
      'Magento order 1: returns to store credit, and no store credit liability account is set. Choose the store credit (or gift card) liability account in Settings → Accounts (Xero must allow payments to it), press "Sync all accounts now", then retry.',
    );
  });

  it('a gift card sold goes to the liability account, anything else to sales', () => {
    const settings = testSettings({ accounts: { sales: '200', giftCardLiability: '2150' } });
    expect(itemAccountFor(settings, { sku: 'GC-1', product_type: 'giftcard' }, record)).toBe('2150');
    expect(itemAccountFor(settings, { sku: 'TEE', product_type: 'simple' }, record)).toBe('200');
  });
});

describe('reward points', () => {
  it('are a negative untaxed line on sales (a discount), or on the expense account, or an error naming it', () => {
    expect(rewardPointsLine(0, testSettings(), 'NONE', record)).toBeUndefined();
    expect(rewardPointsLine(500, testSettings(), 'NONE', record)).toEqual({
      description: 'Reward points redeemed', quantity: 1, targetCents: -500, discountCents: 0, taxCents: 0, taxType: 'NONE', accountCode: '200',
    });
    const expense = testSettings({ rewardPointsAs: 'marketing_expense', accounts: { sales: '200', rewardPointsExpense: '6100' } });
    expect(rewardPointsLine(500, expense, 'NONE', record)?.accountCode).toBe('6100');
    const missing = thrown(() => rewardPointsLine(500, testSettings({ rewardPointsAs: 'marketing_expense' }), 'NONE', record));
    expect([missing.code, missing.message, missing.record]).toEqual([
      'missing_account_mapping',
      'Magento order 1: redeemed reward points, which are set to be a marketing expense, and no reward points expense account is set. Choose the reward points expense account in Settings → Accounts, or post reward points as a discount (Settings → Posting), then retry.',
      record,
    ]);
  });
});

describe("where a refunded gift card amount goes back", () => {
  it("to the card for a guest (flag true or 1, or no customer id), to a registered customer's store credit", () => {
    expect(giftCardRefundLiability({ customer_is_guest: true, customer_id: 5 })).toBe('gift_card');
    expect(giftCardRefundLiability({ customer_is_guest: 1, customer_id: 5 })).toBe('gift_card');
    expect(giftCardRefundLiability({ customer_is_guest: 0, customer_id: null })).toBe('gift_card');
    expect(giftCardRefundLiability({ customer_is_guest: 0, customer_id: 5 })).toBe('store_credit');
    expect(giftCardRefundLiability({ customer_is_guest: false, customer_id: 5 })).toBe('store_credit');
  });
});
