// Maps a Magento tax rate that has no Xero tax rate yet, on first use ("map tax rates automatically"): an existing Xero
// rate with the same effective rate, else a new one named after the Magento code. The answer is saved in the merchant's
// tax mapping, so the Tax mapping page shows it and later documents use it without asking Xero again.
import { MappingError } from '../domain/errors.js';
import type { MagentoOrder } from '../domain/magento.js';
import type { XeroTaxRate } from '../domain/xero.js';
import { DEFAULT_SETTINGS, taxMappingSchema, type TaxMappingSettings } from '../settings/schemas.js';
import type { MappingSettings } from '../mapping/settings.js';
import { appliedRateFor, decideTaxMapping, type AppliedRate } from '../mapping/tax.js';
import { idempotencyKey, sha256Hex } from '../mapping/numbers.js';
import type { XeroAccounting } from '../xero/accounting.js';
import { isXeroValidationError } from '../xero/errors.js';
import type { Storage } from '../storage/storage.js';

export const TAX_MAPPING_KEY = 'taxMapping';

/** The rate a MappingError 'unmapped_tax_rate' names, with its components when the order carries them. */
export function rateFromError(error: MappingError, order?: MagentoOrder): AppliedRate | undefined {
  const key = error.details.key;
  if (typeof key !== 'string' || key === '') return undefined;
  if (order) {
    const candidates = [
      ...order.items.map((item) => appliedRateFor(order, { type: 'product', item })),
      appliedRateFor(order, { type: 'shipping' }),
    ];
    // The same rate can be read off several lines; a line Magento did not tax (a bundle parent, a free item) reports
    // it at 0 %. Take the line the error was about (its percent), else the highest: a 0 % reading must not decide the
    // Xero tax type of a taxed rate.
    const matching = candidates.filter((r): r is AppliedRate => r?.key === key);
    const wanted = typeof error.details.percent === 'number' ? error.details.percent : undefined;
    const found =
      matching.find((r) => wanted !== undefined && wanted > 0 && r.percent === wanted) ??
      [...matching].sort((a, b) => b.percent - a.percent)[0];
    if (found) return found;
  }
  const codes = Array.isArray(error.details.codes) ? error.details.codes.filter((c): c is string => typeof c === 'string') : [key];
  const percent = typeof error.details.percent === 'number' ? error.details.percent : 0;
  return { key, codes, percent, components: codes.length === 1 ? [{ code: key, percent }] : [] };
}

/**
 * One per batch: reads each organisation's tax rates at most once, and remembers what it mapped, so twenty orders with
 * the same new rate cost one read and at most one created rate.
 */
export class TaxMapper {
  private readonly rates = new Map<string, XeroTaxRate[]>();
  private readonly resolved = new Map<string, string>();

  constructor(
    private readonly storage: Storage,
    private readonly now: () => number,
    /** The go-live review: a new Xero tax rate is created only for Magento rates a person allowed. Absent: allowed. */
    private readonly mayCreate?: (tenantId: string, codes: readonly string[]) => Promise<boolean>,
  ) {}

  /**
   * The Xero TaxType for `rate` in this organisation, creating the Xero rate when no existing one fits; the mapping is
   * saved before it is returned. Throws the mapping's error when automatic mapping is off.
   */
  async resolve(xero: XeroAccounting, rate: AppliedRate, settings: MappingSettings, error: MappingError, signal?: AbortSignal): Promise<string> {
    const cacheKey = `${xero.tenantId}\u0000${rate.key}`;
    const known = this.resolved.get(cacheKey);
    if (known) return known;
    const xeroRates = await this.ratesOf(xero, signal);
    const decision = decideTaxMapping(rate, settings, xeroRates, error.record ?? { entity: 'tax rate', id: rate.key });
    let taxType: string;
    switch (decision.kind) {
      case 'error':
        throw decision.error;
      case 'mapped':
      case 'use_existing':
        taxType = decision.taxType;
        break;
      case 'create': {
        // A combined rate (GST and PST applied together) is allowed when its codes, or the Magento rates it is made
        // of, were allowed.
        const parts = rate.components.map((c) => c.code);
        const allowed = !this.mayCreate || (await this.mayCreate(xero.tenantId, rate.codes)) || (parts.length > 0 && (await this.mayCreate(xero.tenantId, parts)));
        if (!allowed) {
          throw new MappingError(
            'unmapped_tax_rate',
            `Magento tax rate "${rate.key}" (${rate.percent} %) has no Xero tax rate, and creating "${decision.payload.Name}" in Xero was not approved in the go-live review.`,
            'Map it in Configuration → Tax mapping, or allow it on the Start syncing page (`magento-xero go-live --create-tax-rates`), then retry.',
            { ...(error.record ? { record: error.record } : {}), details: { key: rate.key } },
          );
        }
        let created: XeroTaxRate;
        try {
          created = await xero.createTaxRate(decision.payload, {
            idempotencyKey: idempotencyKey('tax-rate', `${xero.tenantId}:${rate.key}`, sha256Hex(JSON.stringify(decision.payload))),
            ...(signal ? { signal } : {}),
          });
        } catch (failure) {
          if (!isXeroValidationError(failure)) throw failure;
          // Xero refused the new rate: the document waits for a person, with Xero's words.
          throw new MappingError(
            'unmapped_tax_rate',
            `Magento tax rate "${rate.key}" (${rate.percent} %) has no Xero tax rate, and Xero refused to create "${decision.payload.Name}": ${failure.messages.join(' ')}`,
            'Map it by hand in Settings → Tax mapping, then retry.',
            { ...(error.record ? { record: error.record } : {}), details: { key: rate.key } },
          );
        }
        xeroRates.push(created);
        taxType = created.TaxType;
        break;
      }
    }
    await this.save(rate.key, taxType);
    this.resolved.set(cacheKey, taxType);
    return taxType;
  }

  private async ratesOf(xero: XeroAccounting, signal?: AbortSignal): Promise<XeroTaxRate[]> {
    let rates = this.rates.get(xero.tenantId);
    if (!rates) {
      rates = await xero.getTaxRates(signal ? { signal } : {});
      this.rates.set(xero.tenantId, rates);
    }
    return rates;
  }

  /** Adds one rate to the stored mapping, keeping whatever else the merchant set there. */
  private async save(key: string, taxType: string): Promise<void> {
    const stored = await this.storage.settings.get(TAX_MAPPING_KEY);
    const parsed = taxMappingSchema.safeParse(stored);
    const base: TaxMappingSettings = parsed.success ? parsed.data : { ...DEFAULT_SETTINGS.taxMapping, rates: {} };
    const raw = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
    await this.storage.settings.set(TAX_MAPPING_KEY, { ...raw, ...base, rates: { ...base.rates, [key]: taxType } }, this.now());
  }
}
