// Maps, on first use ("map tax rates automatically"), a Magento tax rate that has no Xero tax rate yet, and an untaxed
// reason whose Xero type depends on the organisation (Australia's GST Free Exports, Canada's zero-rated rate): an
// existing Xero rate of the organisation's own country and kind, else a new one with the region's ReportTaxType. The
// answer is saved in the merchant's tax mapping, so the Tax mapping page shows it and later documents use it without
// asking Xero again.
import { MappingError } from '../domain/errors.js';
import type { MagentoOrder } from '../domain/magento.js';
import type { XeroTaxRate, XeroTaxRatePayload } from '../domain/xero.js';
import { DEFAULT_SETTINGS, taxMappingSchema, type TaxMappingSettings } from '../settings/schemas.js';
import { lineRate } from '../mapping/line-tax.js';
import type { MappingSettings, StoreContext } from '../mapping/settings.js';
import { decideTaxMapping, decideUntaxedType, type TaxMappingDecision } from '../mapping/tax-auto-map.js';
import type { AppliedRate } from '../mapping/tax.js';
import { UNTAXED_REASON_LABELS, type UntaxedReason } from '../mapping/tax-regions.js';
import { idempotencyKey, sha256Hex } from '../mapping/numbers.js';
import type { XeroAccounting } from '../xero/accounting.js';
import { isXeroValidationError } from '../xero/errors.js';
import type { Storage } from '../storage/storage.js';

export const TAX_MAPPING_KEY = 'taxMapping';

type TaxContext = StoreContext['tax'];

/** The rate a MappingError 'unmapped_tax_rate' names, with its components when the order carries them. */
export function rateFromError(error: MappingError, order?: MagentoOrder, settings?: MappingSettings): AppliedRate | undefined {
  const key = error.details.key;
  if (typeof key !== 'string' || key === '') return undefined;
  if (order && settings) {
    const candidates = [
      ...order.items.map((item) => lineRate(order, { type: 'product', item }, settings)),
      lineRate(order, { type: 'shipping' }, settings),
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
   * saved before it is returned. Throws the mapping's error when automatic mapping is off or may not map the rate.
   */
  async resolve(xero: XeroAccounting, rate: AppliedRate, settings: MappingSettings, tax: TaxContext, error: MappingError, signal?: AbortSignal): Promise<string> {
    const cacheKey = `${xero.tenantId}\u0000rate\u0000${rate.key}`;
    const known = this.resolved.get(cacheKey);
    if (known) return known;
    const xeroRates = await this.ratesOf(xero, signal);
    const decision = decideTaxMapping(rate, settings, tax, xeroRates, error.record ?? { entity: 'tax rate', id: rate.key });
    if (decision.kind === 'create' && this.mayCreate) {
      // The go-live review: a new Xero rate only for Magento rates a person ticked. A combined rate (GST and PST applied
      // together) is allowed when its codes, or the Magento rates it is made of, were.
      const parts = rate.components.map((c) => c.code);
      const allowed = (await this.mayCreate(xero.tenantId, rate.codes)) || (parts.length > 0 && (await this.mayCreate(xero.tenantId, parts)));
      if (!allowed) {
        throw new MappingError(
          'unmapped_tax_rate',
          `Magento tax rate "${rate.key}" (${rate.percent} %) has no Xero tax rate, and creating "${decision.payload.Name}" in Xero was not approved in the go-live review.`,
          'Map it in Configuration → Tax mapping, or allow it on the Start syncing page (`magento-xero go-live --create-tax-rates`), then retry.',
          { ...(error.record ? { record: error.record } : {}), details: { key: rate.key } },
        );
      }
    }
    const taxType = await this.carryOut(xero, decision, xeroRates, `${xero.tenantId}:${rate.key}`, error, signal, (name, messages) =>
      `Magento tax rate "${rate.key}" (${rate.percent} %) has no Xero tax rate, and Xero refused to create "${name}": ${messages}`,
    );
    await this.save((m) => ({ ...m, rates: { ...m.rates, [rate.key]: taxType } }));
    this.resolved.set(cacheKey, taxType);
    return taxType;
  }

  /** The organisation's type for an untaxed reason (found among its rates, or created), saved for the region. */
  async resolveUntaxed(xero: XeroAccounting, reason: UntaxedReason, settings: MappingSettings, tax: TaxContext, error: MappingError, signal?: AbortSignal): Promise<string> {
    const cacheKey = `${xero.tenantId}\u0000untaxed\u0000${reason}`;
    const known = this.resolved.get(cacheKey);
    if (known) return known;
    const xeroRates = await this.ratesOf(xero, signal);
    const decision = decideUntaxedType(tax, reason, settings, xeroRates, error.record ?? { entity: 'tax type', id: reason });
    const taxType = await this.carryOut(xero, decision, xeroRates, `${xero.tenantId}:untaxed:${reason}`, error, signal, (name, messages) =>
      `needs a Xero tax rate for "${UNTAXED_REASON_LABELS[reason]}", and Xero refused to create "${name}": ${messages}`,
    );
    await this.save((m) => ({ ...m, regions: { ...m.regions, [tax.region]: { ...m.regions[tax.region], [reason]: taxType } } }));
    this.resolved.set(cacheKey, taxType);
    return taxType;
  }

  private async carryOut(
    xero: XeroAccounting,
    decision: TaxMappingDecision,
    xeroRates: XeroTaxRate[],
    keyOf: string,
    error: MappingError,
    signal: AbortSignal | undefined,
    refused: (name: string, messages: string) => string,
  ): Promise<string> {
    switch (decision.kind) {
      case 'error':
        throw decision.error;
      case 'mapped':
      case 'use_existing':
        return decision.taxType;
      case 'create': {
        const created = await this.create(xero, decision.payload, keyOf, error, signal, refused);
        xeroRates.push(created);
        return created.TaxType;
      }
    }
  }

  private async create(
    xero: XeroAccounting,
    payload: XeroTaxRatePayload,
    keyOf: string,
    error: MappingError,
    signal: AbortSignal | undefined,
    refused: (name: string, messages: string) => string,
  ): Promise<XeroTaxRate> {
    try {
      return await xero.createTaxRate(payload, {
        idempotencyKey: idempotencyKey('tax-rate', keyOf, sha256Hex(JSON.stringify(payload))),
        ...(signal ? { signal } : {}),
      });
    } catch (failure) {
      if (!isXeroValidationError(failure)) throw failure;
      // Xero refused the new rate: the document waits for a person, with Xero's words.
      throw new MappingError(
        error.code,
        refused(payload.Name, failure.messages.join(' ')),
        'Map it by hand in Settings → Tax mapping, then retry.',
        { ...(error.record ? { record: error.record } : {}), details: { ...error.details } },
      );
    }
  }

  private async ratesOf(xero: XeroAccounting, signal?: AbortSignal): Promise<XeroTaxRate[]> {
    let rates = this.rates.get(xero.tenantId);
    if (!rates) {
      rates = await xero.getTaxRates(signal ? { signal } : {});
      this.rates.set(xero.tenantId, rates);
    }
    return rates;
  }

  /** Changes the stored mapping, keeping whatever else the merchant set there. */
  private async save(change: (mapping: TaxMappingSettings) => TaxMappingSettings): Promise<void> {
    const stored = await this.storage.settings.get(TAX_MAPPING_KEY);
    const parsed = taxMappingSchema.safeParse(stored);
    const base: TaxMappingSettings = parsed.success ? parsed.data : { ...DEFAULT_SETTINGS.taxMapping, rates: {}, regions: {}, classes: {} };
    const raw = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
    await this.storage.settings.set(TAX_MAPPING_KEY, { ...raw, ...change(base) }, this.now());
  }
}
