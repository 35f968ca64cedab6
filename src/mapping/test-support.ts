// Shared by the mapping tests: fixtures and a settings object with one store.
import { readFileSync } from 'node:fs';
import { parseMappingSettings, type MappingSettings, type MappingSettingsInput } from './settings.js';

export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
}

export function testSettings(overrides: Partial<MappingSettingsInput> = {}): MappingSettings {
  return parseMappingSettings({
    stores: {
      '1': { code: 'default', timezone: 'America/New_York', baseCurrency: 'USD', xeroBaseCurrency: 'USD' },
    },
    taxMapping: { 'US-NY-*-Rate 1': 'TAX001', 'US-CA-*-Rate 1': 'TAX002', GST: 'GST5', 'GST+PST': 'GSTPST', VAT20: 'OUTPUT2' },
    ...overrides,
  });
}
