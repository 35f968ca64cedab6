import { z } from 'zod';
import { postingPeriodsSchema, storesRecordSchema, type Stores } from './schemas.js';
import type { SettingsDocuments } from './service.js';

export {
  postingPeriodSchema,
  postingPeriodsSchema,
  storeRecordSchema,
  storesRecordSchema,
  storesSchema,
  storeRoutingProblems,
  storeLabel,
  type PostingPeriod,
  type StoreRecord,
  type Stores,
} from './schemas.js';

/** The stores as kept (each store checked on its own; a refresh from Magento saves them whatever the merchant chose). */
export async function readStores(docs: SettingsDocuments): Promise<Stores> {
  const parsed = storesRecordSchema.safeParse((await docs.get('stores')) ?? {});
  return parsed.success ? parsed.data : {};
}

export async function saveStores(docs: SettingsDocuments, stores: Stores): Promise<void> {
  await docs.set('stores', storesRecordSchema.parse(stores));
}

/** What a merchant chooses per store for daily summaries: the posting periods and the summaries' contact. */
export const storePostingSchema = z.object({
  postingPeriods: postingPeriodsSchema,
  summaryContactName: z.string().trim().max(255, 'The summary contact name is at most 255 characters').optional(),
});
export type StorePosting = z.infer<typeof storePostingSchema>;

export type StorePostingResult = { ok: true; value: Stores } | { ok: false; errors: string[] };

/**
 * Sets the posting periods (and the daily summaries' contact) of the stores named in `changes`, all or nothing; each
 * message names the store and the field. Periods are put in day order first, so a form may list them in any order; two
 * periods starting on the same day are refused. Only the periods change: whatever was posted stays posted the way it
 * was (src/sync/summary/modes.ts), so changing them again never posts a document twice.
 */
export async function setStorePosting(docs: SettingsDocuments, changes: Record<string, unknown>): Promise<StorePostingResult> {
  const stores = await readStores(docs);
  const errors: string[] = [];
  const next: Stores = structuredClone(stores);
  for (const [id, change] of Object.entries(changes)) {
    const store = next[id];
    if (!store) {
      errors.push(`Store ${id}: no such store (the stores are ${Object.entries(stores).map(([k, s]) => `${k} ${s.code}`).join(', ') || 'not read from Magento yet'})`);
      continue;
    }
    const sorted =
      typeof change === 'object' && change !== null && Array.isArray((change as { postingPeriods?: unknown }).postingPeriods)
        ? { ...change, postingPeriods: [...(change as { postingPeriods: Array<{ from?: unknown }> }).postingPeriods].sort((a, b) => String(a?.from ?? '').localeCompare(String(b?.from ?? ''))) }
        : change;
    const parsed = storePostingSchema.safeParse(sorted);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.length ? issue.path.join('.') : 'value';
        errors.push(`Store ${store.code} (${id}), ${field}: ${issue.message}`);
      }
      continue;
    }
    if (parsed.data.postingPeriods.length > 0) store.postingPeriods = parsed.data.postingPeriods;
    else delete store.postingPeriods;
    if (parsed.data.summaryContactName) store.summaryContactName = parsed.data.summaryContactName;
    else delete store.summaryContactName;
  }
  if (errors.length > 0) return { ok: false, errors };
  await saveStores(docs, next);
  return { ok: true, value: next };
}
