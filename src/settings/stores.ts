import { z } from 'zod';
import type { SettingsDocuments } from './service.js';

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
