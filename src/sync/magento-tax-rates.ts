import { z } from 'zod';
import type { MagentoTaxRate } from '../domain/magento.js';
import type { Storage } from '../storage/storage.js';

/**
 * Magento's tax rates (code, percent, country, region) as last read from Magento, kept in the settings table: the
 * mapping names the rate of a taxed line whose order carries no item_applied_taxes from them, and automatic mapping
 * reads each rate's country from them (it maps only the organisation's own country's tax).
 */
export const MAGENTO_TAX_RATES_KEY = 'magentoTaxRates';

const storedRateSchema = z.object({
  code: z.string(),
  rate: z.number(),
  country: z.string(),
  region: z.string().optional(),
  regionId: z.number().int().optional(),
});
export type StoredTaxRate = z.infer<typeof storedRateSchema>;

export async function readMagentoTaxRates(storage: Storage): Promise<StoredTaxRate[]> {
  const parsed = z.array(storedRateSchema).safeParse((await storage.settings.get(MAGENTO_TAX_RATES_KEY)) ?? []);
  return parsed.success ? parsed.data : [];
}

export function toStoredTaxRate(rate: MagentoTaxRate): StoredTaxRate {
  return {
    code: rate.code,
    rate: rate.rate,
    country: rate.tax_country_id,
    ...(rate.region_name && rate.region_name !== '*' ? { region: rate.region_name } : {}),
    ...(rate.tax_region_id ? { regionId: rate.tax_region_id } : {}),
  };
}

export async function saveMagentoTaxRates(storage: Storage, rates: readonly MagentoTaxRate[]): Promise<void> {
  await storage.settings.set(MAGENTO_TAX_RATES_KEY, rates.map(toStoredTaxRate));
}
