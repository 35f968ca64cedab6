import { magentoTaxRateAsApplied } from '../mapping/tax.js';
import { decideTaxMapping } from '../mapping/tax-auto-map.js';
import { loadMappingSettings } from '../sync/settings-loader.js';
import { confirmGoLive, goLiveProblems, readGoLive, type GoLiveReview, type TaxRateReview } from '../settings/go-live.js';
import { DEFAULT_SETTINGS, taxMappingSchema } from '../settings/schemas.js';
import { readSettings } from '../settings/service.js';
import type { Runtime } from './runtime.js';

/** Which listed new tax rates a person allows to be created: all of them, none, or these Magento codes. */
export type TaxRatesToCreate = 'all' | 'none' | readonly string[];

/**
 * Builds the go-live review of one organisation: its accounts, payment methods and every Magento tax rate with what it
 * maps to now, what it will map to on go-live (an existing Xero rate of the same effective rate), or the new Xero rate
 * that would be created. Reads Magento's and Xero's tax rates once each.
 */
export async function goLiveReview(runtime: Runtime, tenantId?: string): Promise<GoLiveReview> {
  const tenant = tenantId ?? (await runtime.defaultTenant());
  const orgs = runtime.connections ? await runtime.connections.organisations() : [];
  const settings = await readSettings(runtime.storage.settings);
  const live = (await readGoLive(runtime.storage.settings))[tenant];
  const problems = goLiveProblems(settings);
  const magentoRates = runtime.magento
    ? await runtime.magento.searchTaxRates({}).then(
        (page) => page.items,
        (error: unknown) => {
          problems.push(`Magento's tax rates could not be read (${error instanceof Error ? error.message : String(error)}): check MAGENTO_BASE_URL and the integration's access to Stores → Tax Rates`);
          return [];
        },
      )
    : [];
  const xeroRates = await runtime.xero(tenant).getTaxRates();
  const approved = new Set(live?.taxRatesToCreate ?? []);
  const org = orgs.find((o) => o.tenantId === tenant) as ({ name: string; countryCode?: string } | undefined);
  const country = org?.countryCode;
  // The same decision the engine takes on first use (src/mapping/tax-auto-map.ts), made now for every rate Magento lists.
  const mapping = await loadMappingSettings(runtime.storage, async () => tenant);
  const tax = mapping.stores['0']?.tax ?? Object.values(mapping.stores)[0]?.tax ?? { region: 'GLOBAL' as const };
  const taxRates: TaxRateReview[] = magentoRates.map((r) => {
    const base = { code: r.code, percent: Number(r.rate), ...(r.tax_country_id ? { country: r.tax_country_id } : {}) };
    const decision = decideTaxMapping(magentoTaxRateAsApplied(r), mapping, tax, xeroRates, { entity: 'tax rate', id: r.code });
    switch (decision.kind) {
      case 'mapped':
        return { ...base, mapped: decision.taxType };
      case 'use_existing':
        return { ...base, suggested: decision.taxType };
      case 'create':
        return { ...base, create: { name: decision.payload.Name, approved: approved.has(r.code) } };
      case 'error':
        return { ...base, manual: decision.error.message };
    }
  });
  const accounts = settings.accounts;
  return {
    tenantId: tenant,
    organisation: org?.name ?? tenant,
    ...(country ? { country } : {}),
    live: live !== undefined,
    ...(live ? { liveSince: live.at } : {}),
    problems,
    accounts: (['bank', 'sales', 'shipping', 'rounding', 'inventory', 'cogs', 'giftCardLiability'] as const).map((setting) => ({
      setting,
      code: accounts?.[setting] || undefined,
    })),
    paymentMethods: Object.entries(settings.paymentMapping).map(([code, target]) => ({ code, target })),
    taxRates,
    queued: await runtime.storage.queue.outstanding(),
  };
}

export class GoLiveRefused extends Error {
  override readonly name = 'GoLiveRefused';
  constructor(readonly problems: string[]) {
    super(`Not started: ${problems.join('; ')}`);
  }
}

/**
 * "Start syncing": saves the reviewed tax suggestions as the organisation's mapping, records which new Xero tax rates a
 * person allowed, and opens the gate. Refused (nothing changes) while a problem of the review stands.
 */
export async function startSyncing(runtime: Runtime, options: { tenantId?: string; createTaxRates: TaxRatesToCreate }): Promise<GoLiveReview> {
  const review = await goLiveReview(runtime, options.tenantId);
  if (review.problems.length > 0) throw new GoLiveRefused(review.problems);
  const listed = review.taxRates.filter((r) => r.create);
  // Another country's tax is never listed for creation (it is mapped by hand), so "all" is every listed rate.
  const chosen =
    options.createTaxRates === 'all'
      ? listed.map((r) => r.code)
      : options.createTaxRates === 'none'
        ? []
        : listed.filter((r) => (options.createTaxRates as readonly string[]).includes(r.code)).map((r) => r.code);
  const suggestions = Object.fromEntries(review.taxRates.filter((r) => r.suggested).map((r) => [r.code, r.suggested as string]));
  if (Object.keys(suggestions).length > 0) {
    const stored = taxMappingSchema.safeParse(await runtime.storage.settings.get('taxMapping'));
    const current = stored.success ? stored.data : DEFAULT_SETTINGS.taxMapping;
    await runtime.storage.settings.set('taxMapping', { ...current, rates: { ...suggestions, ...current.rates } }, runtime.clock.now());
  }
  await confirmGoLive(runtime.storage.settings, review.tenantId, { taxRatesToCreate: chosen }, runtime.clock.now());
  return goLiveReview(runtime, review.tenantId);
}
