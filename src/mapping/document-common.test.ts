import { describe, expect, it } from 'vitest';
import type { MagentoOrder } from '../domain/magento.js';
import { assertCurrencyEnabled, currencyRate, documentCurrency, dueDate, localDate, orderRecord, prepaidAmounts, trackingFor } from './document-common.js';
import type { StoreContext } from './settings.js';
import { testSettings, thrownMappingError } from './test-support.js';

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

describe('dates', () => {
  it("dates a document on the store's own calendar day, and falls due after the payment terms", () => {
    // 2024-01-01 03:30 UTC is 2023-12-31 22:30 in New York (UTC−5 in winter); 14 days after 2023-12-31 is 2024-01-14.
    const ny = { ...ctx('USD', 'USD'), timezone: 'America/New_York' };
    expect(localDate('2024-01-01 03:30:00', ny)).toBe('2023-12-31');
    expect(localDate('2024-01-01 03:30:00', ctx('USD', 'USD'))).toBe('2024-01-01');
    expect(dueDate('2023-12-31', testSettings({ paymentTermsDays: 14 }))).toBe('2024-01-14');
    expect(dueDate('2023-12-31', testSettings())).toBe('2023-12-31'); // terms default to 0 days: due on the day
  });
});

describe("the document's currency", () => {
  it("is the order's currency in capitals, else the store's base currency", () => {
    expect(documentCurrency({ order_currency_code: 'eur' }, ctx('USD', 'USD'))).toBe('EUR');
    expect(documentCurrency({}, ctx('gbp', 'GBP'))).toBe('GBP');
    expect(documentCurrency({ order_currency_code: null }, ctx('NZD', 'NZD'))).toBe('NZD');
  });

  it('compares currencies whatever their case', () => {
    // A USD sale in a store whose Xero base is written "usd" is in the base currency: no rate.
    expect(currencyRate({ base_to_order_rate: 1.5 }, 'USD', ctx('USD', 'usd'))).toBeUndefined();
    // "usd" and "USD" are the same base currency on both sides: Magento's rate goes.
    expect(currencyRate({ base_to_order_rate: 0.92 }, 'EUR', ctx('usd', 'USD'))).toBe(0.92);
    expect(currencyRate({ base_to_order_rate: 0.92 }, 'EUR', ctx('USD', 'usd'))).toBe(0.92);
  });

  it('sends no rate that says nothing: missing, null, zero or negative', () => {
    const usd = ctx('USD', 'USD');
    expect(currencyRate({}, 'EUR', usd)).toBeUndefined();
    expect(currencyRate({ base_to_order_rate: null }, 'EUR', usd)).toBeUndefined();
    expect(currencyRate({ base_to_order_rate: 0 }, 'EUR', usd)).toBeUndefined();
    expect(currencyRate({ base_to_order_rate: -0.92 }, 'EUR', usd)).toBeUndefined();
    expect(currencyRate({ base_to_order_rate: 0.0001 }, 'EUR', usd)).toBe(0.0001);
  });

  it('takes an enabled currency in any case, and names a missing one with its details', () => {
    const record = { entity: 'order', id: '1', storeId: 2 };
    expect(() => assertCurrencyEnabled('EUR', ['usd', 'eur'], 'NZD', record)).not.toThrow();
    expect(() => assertCurrencyEnabled('nzd', [], 'NZD', record)).not.toThrow();
    expect(() => assertCurrencyEnabled('NZD', [], 'nzd', record)).not.toThrow();
    const error = thrownMappingError(() => assertCurrencyEnabled('eur', ['USD', 'GBP'], 'NZD', record));
    expect(error.code).toBe('unsupported_currency');
    expect(error.message).toBe('Magento order 1 (store 2): Organisation is not subscribed to currency EUR. Add EUR in Xero (Settings → Currencies), then retry.');
    expect(error.remedy).toBe('Add EUR in Xero (Settings → Currencies), then retry.');
    expect(error.details).toEqual({ currency: 'EUR' });
    expect(error.record).toEqual(record);
  });
});

describe('tracking', () => {
  it("puts the store's tracking option on its lines, and none when the store has none", () => {
    expect(trackingFor({ ...ctx('USD', 'USD'), tracking: { name: 'Channel', option: 'Web shop' } })).toEqual([{ Name: 'Channel', Option: 'Web shop' }]);
    expect(trackingFor(ctx('USD', 'USD'))).toBeUndefined();
  });
});

describe('Adobe Commerce payment-like amounts', () => {
  it('reads the header first, then the extension attributes, as positive cents, and leaves out what is zero', () => {
    // Header 10.00 wins over the extension's 99.00; a negative −2.50 is 250 cents; reward points only in the extension.
    expect(prepaidAmounts({ gift_cards_amount: 10, customer_balance_amount: -2.5, extension_attributes: { gift_cards_amount: 99, reward_currency_amount: 1.25 } })).toEqual([
      { kind: 'gift_card', cents: 1000 },
      { kind: 'store_credit', cents: 250 },
      { kind: 'reward_points', cents: 125 },
    ]);
    expect(prepaidAmounts({ reward_currency_amount: 3 })).toEqual([{ kind: 'reward_points', cents: 300 }]);
    expect(prepaidAmounts({ extension_attributes: null })).toEqual([]);
    expect(prepaidAmounts({ gift_cards_amount: null, extension_attributes: { gift_cards_amount: 4 } })).toEqual([{ kind: 'gift_card', cents: 400 }]);
  });
});

describe("an order's record", () => {
  it('names the order by its increment id and keeps its store, store 0 included', () => {
    const order = (store_id: number | null | undefined) => ({ increment_id: '000000007', store_id }) as unknown as MagentoOrder;
    expect(orderRecord(order(3))).toStrictEqual({ entity: 'order', id: '000000007', storeId: 3 });
    expect(orderRecord(order(0))).toStrictEqual({ entity: 'order', id: '000000007', storeId: 0 });
    expect(orderRecord(order(null))).toStrictEqual({ entity: 'order', id: '000000007' });
    expect(orderRecord(order(undefined))).toStrictEqual({ entity: 'order', id: '000000007' });
  });
});
