// The sandbox's generated store sells into several countries (US states, the UK, Germany, Canada, Australia) and posts
// everything to one US organisation. Automatic mapping never maps another country's tax (a merchant decides how to
// file it), so the sandbox does here, once, what the merchant would do by hand on the Tax mapping page: give each of
// those Magento rates a Xero rate of its own. Only the sandbox and the tests that sync the generated store call this.
import { magentoOrderSchema } from '../domain/magento.js';
import type { XeroTaxRate } from '../domain/xero.js';
import { DEFAULT_SETTINGS, taxMappingSchema } from '../settings/schemas.js';
import { requiredTaxRates } from '../mapping/invoice-lines.js';
import { mappedTaxType, taxRateToCreate, type AppliedRate } from '../mapping/tax.js';
import { rateFacts } from '../mapping/tax-auto-map.js';
import { foreignRateProblem, reportTaxTypeFor } from '../mapping/tax-regions.js';
import { idempotencyKey } from '../mapping/numbers.js';
import type { Runtime } from '../runtime/runtime.js';
import { loadMappingSettings } from '../sync/settings-loader.js';
import { TAX_MAPPING_KEY } from '../sync/tax-mapper.js';
import { readStores } from '../settings/stores.js';

/** Maps the other countries' Magento rates the given orders use; returns the Magento keys it mapped. */
export async function mapOtherCountriesTaxes(runtime: Runtime, orders: readonly unknown[]): Promise<string[]> {
  if (orders.length === 0) return [];
  const tenantId = await runtime.defaultTenant();
  const settings = await loadMappingSettings(runtime.storage, async () => tenantId);
  const foreign = new Map<string, { rate: AppliedRate; region: ReturnType<typeof regionOf>; storeId: number }>();
  const regionOf = (storeId: number | null | undefined) => (settings.stores[String(storeId ?? 0)] ?? settings.stores['0'])?.tax ?? { region: 'GLOBAL' as const };
  for (const raw of orders) {
    const parsed = magentoOrderSchema.safeParse(raw);
    if (!parsed.success) continue;
    const tax = regionOf(parsed.data.store_id);
    for (const rate of requiredTaxRates(parsed.data, settings)) {
      if (mappedTaxType(rate, settings) || foreign.has(rate.key)) continue;
      if (foreignRateProblem(tax.country, tax.region, rateFacts(rate, settings))) foreign.set(rate.key, { rate, region: tax, storeId: parsed.data.store_id ?? 0 });
    }
  }
  // Magento's own list too, so rates no order has used yet (the simulated shoppers keep ordering) are mapped as well.
  const home = regionOf(0);
  for (const r of settings.magentoTaxRates) {
    const rate: AppliedRate = { key: r.code, codes: [r.code], percent: r.rate, components: [{ code: r.code, percent: r.rate }] };
    if (r.rate <= 0 || mappedTaxType(rate, settings) || foreign.has(rate.key)) continue;
    if (foreignRateProblem(home.country, home.region, rateFacts(rate, settings))) foreign.set(rate.key, { rate, region: home, storeId: 0 });
  }
  if (foreign.size === 0) return [];
  // Each rate is made in the organisation of the store whose orders charge it (stores may post to several).
  const stores = await readStores(runtime.storage.settings);
  const existing = new Map<string, XeroTaxRate[]>();
  const mapped: Record<string, string> = {};
  for (const [key, { rate, region, storeId }] of foreign) {
    const routed = stores[String(storeId)]?.tenantId;
    if (routed === null) continue;
    const tenant = routed ?? tenantId;
    const xero = runtime.xero(tenant);
    if (!existing.has(tenant)) existing.set(tenant, await xero.getTaxRates());
    const payload = taxRateToCreate(rate, reportTaxTypeFor(region.region, 'taxed'));
    const same = existing.get(tenant)!.find((r) => r.Name === payload.Name && (r.Status ?? 'ACTIVE') === 'ACTIVE');
    mapped[key] = same ? same.TaxType : (await xero.createTaxRate(payload, { idempotencyKey: idempotencyKey('sandbox-tax-rate', `${tenant}:${key}`, payload.Name) })).TaxType;
  }
  const stored = taxMappingSchema.safeParse(await runtime.storage.settings.get(TAX_MAPPING_KEY));
  const base = stored.success ? stored.data : { ...DEFAULT_SETTINGS.taxMapping };
  await runtime.storage.settings.set(TAX_MAPPING_KEY, { ...base, rates: { ...base.rates, ...mapped } });
  return Object.keys(mapped);
}
