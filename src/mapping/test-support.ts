// Shared by the mapping tests: fixtures and a settings object with one store.
import { readFileSync } from 'node:fs';
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
