// From Magento sales records to Xero payloads that are ready to send: mapped (auto-mapping tax rates when allowed), with
// the contact's ContactID, and with ItemCodes only for items that exist. Whatever is not ready gets its outcome here.
import { isMappingError, type MappingError } from '../../domain/errors.js';
import { magentoTaxRateSchema, type MagentoOrder } from '../../domain/magento.js';
import type { XeroLineItem } from '../../domain/xero.js';
import { itemCodeForSku } from '../../mapping/numbers.js';
import type { MappingSettings } from '../../mapping/settings.js';
import type { QueueEntry } from '../../storage/queue-repository.js';
import type { ContactWriter } from '../contact-writer.js';
import type { SyncContext } from '../context.js';
import type { BatchJournal } from '../record-log.js';
import { rateFromError, type TaxMapper } from '../tax-mapper.js';
import { loadTaxClasses } from '../tax-classes.js';
import { saveMagentoTaxRates, toStoredTaxRate } from '../magento-tax-rates.js';
import { rateFacts } from '../../mapping/tax-auto-map.js';
import { isUntaxedReason, type UntaxedReason } from '../../mapping/tax-regions.js';
import { checkItems, DEPENDENCY_DELAY_MS, resolveContacts } from './dependencies.js';

export interface PostMapping {
  kind: 'post';
  contactNumber: string;
  itemSkus: string[];
  /** Lines the mapping added to match Magento's total (other charges...), for the log entry. */
  notes?: string[];
}

export interface Ready<M extends PostMapping> {
  entry: QueueEntry;
  order: MagentoOrder;
  mapped: M;
  contactId: string;
  /** ItemCodes left off because those items are not in Xero (yet). */
  droppedCodes: Set<string>;
  note?: string;
}

/** A copy of the batch's settings whose tax mapping (and catalogue facts) can grow as the batch maps. */
export function batchSettings(settings: MappingSettings): MappingSettings {
  return {
    ...settings,
    taxMapping: { ...settings.taxMapping },
    untaxedTypes: Object.fromEntries(Object.entries(settings.untaxedTypes).map(([region, types]) => [region, { ...types }])),
    catalogue: {
      productTaxClasses: { ...settings.catalogue.productTaxClasses },
      groupTaxClasses: { ...settings.catalogue.groupTaxClasses },
      classNames: { ...settings.catalogue.classNames },
    },
  };
}

const refreshed = new WeakSet<MappingSettings>();
async function refreshMagentoTaxRates(ctx: SyncContext, settings: MappingSettings, signal?: AbortSignal): Promise<void> {
  if (!ctx.magento.taxRates || refreshed.has(settings)) return;
  refreshed.add(settings);
  const rates = (await ctx.magento.taxRates(signal)).flatMap((raw) => {
    const parsed = magentoTaxRateSchema.safeParse(raw);
    return parsed.success ? [parsed.data] : [];
  });
  await saveMagentoTaxRates(ctx.storage, rates);
  settings.magentoTaxRates = rates.map(toStoredTaxRate);
}

function taxOf(settings: MappingSettings, order: MagentoOrder) {
  return settings.stores[String(order.store_id ?? 0)]?.tax ?? settings.stores['0']?.tax ?? { region: 'GLOBAL' as const };
}

/**
 * Maps one document; an unmapped tax rate is mapped automatically (when the setting allows) and the document mapped
 * again. Any other mapping error, and an unmapped rate with automatic mapping off, is thrown.
 */
export async function mapWithTax<M>(
  ctx: SyncContext,
  tenantId: string,
  taxMapper: TaxMapper,
  settings: MappingSettings,
  order: MagentoOrder,
  map: (settings: MappingSettings) => M,
  signal?: AbortSignal,
): Promise<M> {
  for (let round = 0; ; round++) {
    try {
      return map(settings);
    } catch (error) {
      if (!isMappingError(error) || round >= 20) throw error;
      const tax = taxOf(settings, order);
      if (error.code === 'unresolved_tax_type') {
        const reason = error.details.reason;
        if (!isUntaxedReason(String(reason))) throw error;
        const region = tax.region;
        const type = await taxMapper.resolveUntaxed(ctx.xero(tenantId), reason as UntaxedReason, settings, tax, error, signal);
        settings.untaxedTypes[region] = { ...settings.untaxedTypes[region], [reason as UntaxedReason]: type };
        continue;
      }
      if (error.code !== 'unmapped_tax_rate' || !settings.autoMapTaxRates) throw error;
      const rate = rateFromError(error as MappingError, order, settings);
      if (!rate) throw error;
      // A rate Magento's list (as last read) does not know was added since: read the list again, once per batch.
      if (rateFacts(rate, settings).countries.some((c) => !c)) await refreshMagentoTaxRates(ctx, settings, signal);
      settings.taxMapping[rate.key] = await taxMapper.resolve(ctx.xero(tenantId), rate, settings, tax, error, signal);
    }
  }
}

export function withoutItemCodes(lines: readonly XeroLineItem[], dropped: ReadonlySet<string>): XeroLineItem[] {
  if (dropped.size === 0) return [...lines];
  return lines.map((line) => {
    if (line.ItemCode === undefined || !dropped.has(line.ItemCode)) return line;
    const { ItemCode: _dropped, ...rest } = line;
    return rest;
  });
}

/**
 * Maps the batch's documents for one organisation and resolves their contacts and items. Skips and refusals are written
 * to the journal; what comes back is ready to send.
 */
export async function prepareDocuments<M extends PostMapping>(
  ctx: SyncContext,
  input: {
    tenantId: string;
    settings: MappingSettings;
    taxMapper: TaxMapper;
    contactWriter: ContactWriter;
    journal: BatchJournal;
    docs: ReadonlyArray<{ entry: QueueEntry; order: MagentoOrder; map: (settings: MappingSettings) => M | { kind: 'skip'; reason: string } }>;
    signal?: AbortSignal;
  },
): Promise<Array<Ready<M>>> {
  const { tenantId, settings, journal, signal } = input;
  const mapped: Array<{ entry: QueueEntry; order: MagentoOrder; mapped: M }> = [];
  // The tax classes of what the batch sold without tax (Magento's orders do not carry them): one look-up per batch.
  await loadTaxClasses(ctx.magento, settings, input.docs.map((d) => d.order), signal);
  for (const doc of input.docs) {
    try {
      const result = await mapWithTax(ctx, tenantId, input.taxMapper, settings, doc.order, doc.map, signal);
      if (result.kind === 'skip') journal.done(doc.entry, 'skip', { message: (result as { reason: string }).reason, tenantId });
      else mapped.push({ entry: doc.entry, order: doc.order, mapped: result as M });
    } catch (error) {
      if (isMappingError(error)) journal.park(doc.entry, 'map', error.message, tenantId);
      else throw error;
    }
  }
  if (mapped.length === 0) return [];

  // Items are checked (and missing ones queued) for every document, so a document waiting for its customer does not
  // wait for its items afterwards as well.
  const items = await checkItems(ctx, tenantId, mapped.map((m) => ({ entry: m.entry, skus: m.mapped.itemSkus })));
  const contacts = await resolveContacts(ctx, input.contactWriter, tenantId, mapped, settings, signal);
  const withContact: Array<{ entry: QueueEntry; order: MagentoOrder; mapped: M; contactId: string }> = [];
  for (const m of mapped) {
    const need = contacts.get(m.entry);
    if (!need || !need.ok) {
      if (need?.outcome === 'park') journal.park(m.entry, 'contact', need.message, tenantId);
      else journal.wait(m.entry, 'contact', need?.message ?? 'waiting for the contact to reach Xero', need?.delayMs ?? DEPENDENCY_DELAY_MS);
      continue;
    }
    withContact.push({ ...m, contactId: need.id });
  }

  const ready: Array<Ready<M>> = [];
  for (const m of withContact) {
    const check = items.get(m.entry)!;
    if (check.kind === 'wait') {
      journal.wait(m.entry, 'items', check.message, check.delayMs);
      continue;
    }
    const dropped = new Set(check.missingSkus.map((sku) => itemCodeForSku(sku).code));
    const notes = [...(m.mapped.notes ?? [])];
    if (dropped.size > 0) notes.push(`posted without item codes ${[...dropped].join(', ')}: those items are not in Xero`);
    ready.push({
      ...m,
      droppedCodes: dropped,
      ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
    });
  }
  return ready;
}
