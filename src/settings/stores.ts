import { storesRecordSchema, type Stores } from './schemas.js';
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
