import { describe, expect, it } from 'vitest';
import { assertCurrencyEnabled, currencyRate, prepaidAmounts } from './document-common.js';
import type { StoreContext } from './settings.js';

const ctx = (baseCurrency: string, xeroBaseCurrency: string): StoreContext => ({
  code: 'default', timezone: 'UTC', baseCurrency, xeroBaseCurrency, invoicePrefix: '', creditNotePrefix: '', tax: { region: 'GLOBAL' },
});

describe('currency', () => {
  it("sends Magento's rate only when Magento's base currency is Xero's", () => {
    expect(currencyRate({ base_to_order_rate: 0.92 }, 'EUR', ctx('USD', 'USD'))).toBe(0.92);
    expect(currencyRate({ base_to_order_rate: 0.92 }, 'EUR', ctx('GBP', 'USD'))).toBeUndefined();
    expect(currencyRate({ base_to_order_rate: 1 }, 'USD', ctx('USD', 'USD'))).toBeUndefined();
    expect(currencyRate({ base_to_order_rate: 0 }, 'EUR', ctx('USD', 'USD'))).toBeUndefined();
  });

  it('names a currency the organisation has not enabled', () => {
    expect(() => assertCurrencyEnabled('eur', ['USD', 'GBP'], 'NZD', { entity: 'order', id: '1' })).toThrowError(
      'Magento order 1: Organisation is not subscribed to currency EUR. Add EUR in Xero (Settings → Currencies), then retry.',
    );
    expect(() => assertCurrencyEnabled('NZD', [], 'NZD', { entity: 'order', id: '1' })).not.toThrow();
  });

  it('reads Adobe Commerce payment-like amounts from the header or extension attributes', () => {
    expect(prepaidAmounts({ gift_cards_amount: 10, extension_attributes: { customer_balance_amount: 2.5, reward_currency_amount: 0 } })).toEqual([
      { kind: 'gift_card', cents: 1000 },
      { kind: 'store_credit', cents: 250 },
    ]);
  });
});
