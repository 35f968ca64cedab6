import type { EntityType } from '../domain/entity-types.js';
import type { RecordSyncResult } from '../sync/service.js';
import type { AppContext } from './context.js';
import type { SettingsKey, TaxMappingSettings } from '../settings/schemas.js';
import { validateSetting, type SaveOptions, type SettingResult } from '../settings/service.js';
import { taxMappingProblems } from './tax-suggestions.js';

/** The actions both the JSON API and the HTML forms offer, written once. */

export async function saveSetting(
  ctx: AppContext,
  key: SettingsKey,
  value: unknown,
  options: SaveOptions = {},
): Promise<SettingResult> {
  if (key === 'taxMapping') {
    const checked = validateSetting(key, value);
    if (!checked.ok) return checked;
    const problems = await checkTaxMapping(ctx, checked.value);
    if (problems.length > 0) return { ok: false, errors: problems };
  }
  return ctx.settings.set(key, value, options);
}

/**
 * A tax mapping is checked against both systems' rates when they answer: a taxed Magento rate is never saved onto a 0 %
 * Xero type, nor an untaxed line onto a taxed one. When either cannot be read the mapping is saved as given.
 */
async function checkTaxMapping(ctx: AppContext, mapping: TaxMappingSettings): Promise<string[]> {
  if (!ctx.xeroConnect) return [];
  try {
    const [xeroRates, magentoRates] = await Promise.all([ctx.xeroConnect.taxRates(), ctx.magento?.taxRates?.() ?? Promise.resolve([])]);
    return taxMappingProblems(mapping, magentoRates, xeroRates);
  } catch {
    return [];
  }
}

/**
 * "Sync now" for Magento records: one record is posted at once and its outcome told; several are queued and made due
 * now, so the worker takes them in batches (fewer Xero calls than one by one).
 */
export async function syncRecords(
  ctx: AppContext,
  entity: EntityType,
  ids: readonly string[],
): Promise<{ kind: 'one'; result: RecordSyncResult } | { kind: 'many'; queued: number; expedited: number }> {
  if (ids.length === 1) return { kind: 'one', result: await ctx.sync.syncRecord(entity, ids[0]!) };
  const { queued } = await ctx.sync.enqueue(entity, { ids });
  const entries = await ctx.storage.database.db
    .selectFrom('sync_queue')
    .select('id')
    .where('entity_type', '=', entity)
    .where('magento_id', 'in', [...ids])
    .execute();
  const { expedited } = await ctx.sync.syncNow(entries.map((e) => e.id));
  return { kind: 'many', queued, expedited };
}

/** The answer to "Sync now" for one record, naming it by its Magento number (the internal id only when none is known). */
export function describeRecordResult(entity: string, id: string, r: RecordSyncResult): { notice?: string; error?: string } {
  const name = `${entity} ${r.number ?? `(Magento id ${id})`}`;
  if (r.status === 'success') return { notice: `${name} synced${r.xeroNumber ? ` as ${r.xeroNumber}` : ''}.` };
  if (r.status === 'skipped') return { notice: `${name} skipped: ${r.message ?? 'no reason given'}` };
  if (r.status === 'waiting') return { notice: `${name} is waiting: ${r.message ?? 'for another record'}` };
  return { error: `${name} failed: ${r.message ?? 'no message'}` };
}
