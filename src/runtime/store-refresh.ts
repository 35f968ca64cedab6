import type { MagentoClient } from '../magento/client.js';
import type { Storage } from '../storage/storage.js';
import { readStores, saveStores, type Stores } from '../settings/stores.js';
import { saveMagentoTaxRates } from '../sync/magento-tax-rates.js';
import { MagentoStoreConfigError } from '../domain/errors.js';

/** A store's currency must be an ISO 4217 code (three capital letters), its time zone one this machine knows (IANA). */
function checkStoreConfig(config: { id: number; code: string; base_currency_code: string; timezone?: string | null | undefined }): void {
  const store = { id: config.id, code: config.code };
  if (!/^[A-Z]{3}$/.test(config.base_currency_code)) {
    throw new MagentoStoreConfigError(
      store,
      'base_currency_code',
      `is ${JSON.stringify(config.base_currency_code)}, not a three-letter currency code (ISO 4217, e.g. USD)`,
      'Set it in the Magento Admin (Stores > Configuration > General > Currency Setup > Base Currency, at the website or default scope), then start again; nothing was saved or posted.',
    );
  }
  if (config.timezone) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: config.timezone });
    } catch {
      throw new MagentoStoreConfigError(
        store,
        'timezone',
        `is ${JSON.stringify(config.timezone)}, not a time zone (IANA, e.g. Europe/London)`,
        'Set it in the Magento Admin (Stores > Configuration > General > Locale Options > Timezone), then start again; nothing was saved or posted.',
      );
    }
  }
}

/**
 * Reads Magento's store views and their configuration (code, time zone, base currency) and tax rates into the settings, keeping
 * what the merchant chose per store (organisation, prefixes, tracking). Store 0 (admin) takes the default store's facts,
 * since documents created in the admin carry it.
 */
export async function refreshStores(magento: MagentoClient, storage: Storage): Promise<Stores> {
  return (await refreshStoreList(magento, storage)).stores;
}

/** The same, returning Magento's websites too (GET /V1/store/websites), for the Stores page. */
export async function refreshStoreList(
  magento: MagentoClient,
  storage: Storage,
): Promise<{ stores: Stores; websites: Array<{ id: number; code: string; name: string }> }> {
  const [views, configs, websiteRecords] = await Promise.all([magento.getStoreViews(), magento.getStoreConfigs(), magento.getWebsites()]);
  const websites = websiteRecords.map((w) => ({ id: w.id, code: w.code, name: w.name ?? w.code }));
  const current = await readStores(storage.settings);
  const next: Stores = {};
  for (const config of configs) checkStoreConfig(config);
  for (const config of configs) {
    const view = views.find((v) => v.id === config.id);
    const kept = current[String(config.id)];
    next[String(config.id)] = {
      ...kept,
      code: config.code,
      ...(view?.name ? { name: view.name } : {}),
      ...(typeof config.website_id === 'number' ? { websiteId: config.website_id } : {}),
      ...(typeof config.website_id === 'number' && websites.some((w) => w.id === config.website_id)
        ? { websiteName: websites.find((w) => w.id === config.website_id)!.name }
        : {}),
      timezone: config.timezone ?? 'UTC',
      baseCurrency: config.base_currency_code,
    };
  }
  const fallback = configs.find((c) => c.code === 'default') ?? configs.find((c) => c.id !== 0);
  const base = fallback ? next[String(fallback.id)] : undefined;
  if (!next['0'] && base) next['0'] = { ...base, ...(current['0'] ?? {}), code: 'admin', timezone: base.timezone, baseCurrency: base.baseCurrency };
  await saveStores(storage.settings, next);
  // Magento's tax rates come along: the mapping names a line's rate from them when an order carries no applied taxes,
  // and automatic tax mapping reads each rate's country from them.
  await saveMagentoTaxRates(storage, (await magento.searchTaxRates({})).items);
  return { stores: next, websites };
}
