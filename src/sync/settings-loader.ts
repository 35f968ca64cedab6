import { readSettings } from '../settings/service.js';
import { parseMappingSettings, type MappingSettings, type MappingSettingsInput } from '../mapping/settings.js';
import type { Storage } from '../storage/storage.js';
import { readStores } from '../settings/stores.js';
import { xeroTenantConnectionId } from '../connections/xero-grant.js';
import { taxRegionOf } from '../mapping/tax-regions.js';
import { readMagentoTaxRates } from './magento-tax-rates.js';

/**
 * Builds the mapping's settings from what the merchant set in the admin UI (accounts, posting, tax and payment mapping)
 * and from the stores Magento reported, with each store's Xero base currency from its organisation.
 */
export async function loadMappingSettings(storage: Storage, defaultTenant: () => Promise<string | undefined>): Promise<MappingSettings> {
  const ui = await readSettings(storage.settings);
  const stores = await readStores(storage.settings);
  const fallbackTenant = await defaultTenant();
  const storeContexts: NonNullable<MappingSettingsInput['stores']> = {};
  for (const [id, store] of Object.entries(stores)) {
    const tenantId = store.tenantId ?? fallbackTenant;
    const connection = tenantId ? await storage.connections.get(xeroTenantConnectionId(tenantId)) : undefined;
    const meta = connection ? (JSON.parse(connection.meta_json) as { baseCurrency?: string; countryCode?: string; version?: string }) : {};
    const country = meta.countryCode && meta.countryCode.length === 2 ? meta.countryCode.toUpperCase() : undefined;
    storeContexts[id] = {
      code: store.code,
      timezone: store.timezone,
      baseCurrency: store.baseCurrency,
      xeroBaseCurrency: meta.baseCurrency ?? store.baseCurrency,
      ...(store.websiteId !== undefined ? { websiteId: store.websiteId } : {}),
      invoicePrefix: store.invoicePrefix ?? ui.posting.invoicePrefix,
      creditNotePrefix: store.creditNotePrefix ?? ui.posting.creditNotePrefix,
      ...(store.contactPrefix ? { contactPrefix: store.contactPrefix } : {}),
      ...(store.tracking ? { tracking: store.tracking } : {}),
      ...(store.postingPeriods ? { postingPeriods: store.postingPeriods } : {}),
      ...(store.summaryContactName ? { summaryContactName: store.summaryContactName } : {}),
      tax: { region: taxRegionOf({ version: meta.version, countryCode: country }), ...(country ? { country } : {}) },
    };
  }
  const accounts = ui.accounts;
  return parseMappingSettings({
    accounts: accounts
      ? Object.fromEntries(Object.entries(accounts).filter(([, v]) => v !== undefined && v !== ''))
      : {},
    useCompanyName: ui.posting.useCompanyName,
    guestStrategy: ui.posting.guestStrategy,
    ...(ui.posting.guestContactName ? { guestContactName: ui.posting.guestContactName } : {}),
    newOrderStatus: ui.posting.newOrderStatus,
    paymentTermsDays: ui.posting.paymentTermsDays,
    postingMode: ui.posting.postAs,
    taxMapping: ui.taxMapping.rates,
    autoMapTaxRates: ui.taxMapping.autoMap,
    untaxedTypes: ui.taxMapping.regions,
    taxClasses: ui.taxMapping.classes,
    magentoTaxRates: await readMagentoTaxRates(storage),
    paymentMethods: ui.paymentMapping,
    clearingAccounts: ui.summary.clearingAccounts,
    awaitingPaymentMethods: ui.paymentImport.methods,
    offlineRefundsPaidOut: ui.posting.offlineRefundsPaidOut,
    trackedInventory: ui.posting.trackedInventory,
    rewardPointsAs: ui.posting.rewardPointsAs,
    ...(ui.totals.fptTaxType ? { fptTaxType: ui.totals.fptTaxType } : {}),
    ...(ui.totals.giftWrappingTaxType ? { giftWrappingTaxType: ui.totals.giftWrappingTaxType } : {}),
    unexplainedDifference: { post: ui.totals.postUnexplainedDifference, limitCents: Math.round(ui.totals.unexplainedDifferenceLimit * 100) },
    stores: storeContexts,
  } satisfies MappingSettingsInput);
}
