import { z } from 'zod';
import type { SettingsDocuments } from './service.js';

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'A day is written YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'Not a real day');

/**
 * How a store's sales go to Xero from a chosen store-local day on: one Xero document per order ("orders"), per Magento
 * invoice ("invoices"), or one summary a day ("summary"). Each period runs until the next one starts; days before the
 * first period follow the posting setting. Which period applies to an order is decided by the order's own day, so every
 * document of one order is posted the same way and a switch never posts anything twice.
 */
export const postingPeriodSchema = z.object({
  from: isoDay,
  mode: z.enum(['orders', 'invoices', 'summary'], { message: 'A store posts "orders", "invoices" or a daily "summary"' }),
});
export type PostingPeriod = z.infer<typeof postingPeriodSchema>;

export const postingPeriodsSchema = z
  .array(postingPeriodSchema)
  .max(100)
  .refine((periods) => periods.every((p, i) => i === 0 || periods[i - 1]!.from < p.from), 'Posting periods start on different days, in order');

/**
 * The Magento store views this service posts for, as read from Magento (code, time zone, base currency) and the Xero
 * organisation each one posts to. Kept in the settings table under `stores`; refreshed from Magento on connect.
 */
export const storeRecordSchema = z.object({
  code: z.string(),
  name: z.string().optional(),
  websiteId: z.number().int().optional(),
  timezone: z.string().default('UTC'),
  baseCurrency: z.string().length(3),
  /** The organisation this store posts to; absent: the one connected organisation. */
  tenantId: z.string().optional(),
  invoicePrefix: z.string().max(20).optional(),
  creditNotePrefix: z.string().max(20).optional(),
  tracking: z.object({ name: z.string(), option: z.string() }).optional(),
  /** Posting mode from chosen days on (see postingPeriodSchema); absent: the posting setting for every day. */
  postingPeriods: postingPeriodsSchema.optional(),
  /** The Xero contact the store's daily summaries are made out to (created when missing). */
  summaryContactName: z.string().trim().min(1).max(255).optional(),
});
export type StoreRecord = z.infer<typeof storeRecordSchema>;
export const storesSchema = z.record(z.string(), storeRecordSchema);
export type Stores = z.infer<typeof storesSchema>;

export async function readStores(docs: SettingsDocuments): Promise<Stores> {
  const parsed = storesSchema.safeParse((await docs.get('stores')) ?? {});
  return parsed.success ? parsed.data : {};
}

export async function saveStores(docs: SettingsDocuments, stores: Stores): Promise<void> {
  await docs.set('stores', storesSchema.parse(stores));
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
