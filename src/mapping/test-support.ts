// Shared by the mapping tests: fixtures and a settings object with one store.
import { readFileSync } from 'node:fs';
import { isMappingError, type MappingError } from '../domain/errors.js';
import { magentoCreditMemoSchema, magentoOrderSchema, parseMagento, type MagentoCreditMemo, type MagentoOrder } from '../domain/magento.js';
import { parseMappingSettings, type MappingSettings, type MappingSettingsInput } from './settings.js';

export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
}

export function testSettings(overrides: Partial<MappingSettingsInput> = {}): MappingSettings {
  return parseMappingSettings({
    stores: {
      '1': { code: 'default', timezone: 'America/New_York', baseCurrency: 'USD', xeroBaseCurrency: 'USD', tax: { region: 'US', country: 'US' } },
    },
    // Magento's own list of the store's rates (GET /V1/taxRates/search): where each one applies.
    magentoTaxRates: [
      { code: 'US-NY-*-Rate 1', rate: 8.875, country: 'US', region: 'NY', regionId: 43 },
      { code: 'US-NY-*-Rate 9', rate: 8.875, country: 'US', region: 'NY', regionId: 43 },
      { code: 'US-CA-*-Rate 1', rate: 7.25, country: 'US', region: 'CA', regionId: 12 },
    ],
    taxMapping: { 'US-NY-*-Rate 1': 'TAX001', 'US-CA-*-Rate 1': 'TAX002', GST: 'GST5', 'GST+PST': 'GSTPST', VAT20: 'OUTPUT2' },
    ...overrides,
  });
}

/** The MappingError `f` throws (any other error is thrown on); fails when `f` throws nothing. */
export function thrownMappingError(f: () => unknown): MappingError {
  try {
    f();
  } catch (error) {
    if (isMappingError(error)) return error;
    throw error;
  }
  throw new Error('expected a MappingError');
}

/** Adobe's documented credit memo (fixtures/creditmemo-get.adobe-kb.json). */
export function adobeCreditMemo(): MagentoCreditMemo {
  return parseMagento(magentoCreditMemoSchema, fixture('creditmemo-get.adobe-kb.json'), 'credit memo');
}

/** The order Adobe's credit memo refunds (one simple item, 5.00 shipping), reduced to what the mapping reads. */
export function adobeCreditMemoOrder(more: object = {}): MagentoOrder {
  return parseMagento(
    magentoOrderSchema,
    {
      entity_id: 1, increment_id: '000000001', state: 'complete', customer_email: 'guest@example.com', customer_is_guest: 1,
      grand_total: 105, subtotal: 100, shipping_amount: 5, tax_amount: 0, store_id: 1, created_at: '2021-04-05 23:40:00',
      shipping_description: 'Flat Rate - Fixed', payment: { method: 'checkmo' },
      items: [{ item_id: 1, sku: 'simple_1', name: 'simple_1', product_type: 'simple', qty_ordered: 1, price: 100, row_total: 100 }],
      ...more,
    },
    'order',
  );
}
