// What saving the `stores` setting checks beyond its schema, against what lives outside the settings: the organisation
// each store names is connected, a store whose documents are in Xero does not silently change where its documents go,
// and its tracking category and option exist in its organisation (created when missing). The Stores page, the admin API
// and `magento-xero settings` share this check through the SettingsService, so each refuses a value with the same words.
import type { SaveOptions, SettingsCheck } from '../settings/service.js';
import { storeLabel, type AllSettings, type SettingsKey, type StoreRecord, type Stores } from '../settings/schemas.js';
import type { Storage } from '../storage/storage.js';
import type { XeroAccounting } from '../xero/accounting.js';

export interface StoresCheckDeps {
  storage: Storage;
  /** The organisation a store without one posts to; undefined when Xero is not connected. */
  defaultTenant(): Promise<string | undefined>;
  /** The connected organisations (id and name); absent: Xero is not configured. */
  organisations?(): Promise<Array<{ tenantId: string; name: string; status: string }>>;
  /** The Accounting API of an organisation, for the tracking categories; absent: Xero is not configured. */
  xero?(tenantId: string): XeroAccounting;
}

/** Xero allows two active tracking categories per organisation (Xero API TrackingCategories: "You can only have 2 active tracking categories"). */
export const MAX_ACTIVE_TRACKING_CATEGORIES = 2;

interface Routing {
  tenantId: string | null | undefined;
  invoicePrefix: string;
  creditNotePrefix: string;
}

function routingOf(store: StoreRecord | undefined, current: AllSettings, fallback: string | undefined): Routing {
  return {
    tenantId: store?.tenantId === null ? null : (store?.tenantId ?? fallback),
    invoicePrefix: store?.invoicePrefix ?? current.posting.invoicePrefix,
    creditNotePrefix: store?.creditNotePrefix ?? current.posting.creditNotePrefix,
  };
}

export function storesCheck(deps: StoresCheckDeps): SettingsCheck {
  return async (key: SettingsKey, value: unknown, current: AllSettings, options: SaveOptions): Promise<string[]> => {
    if (key !== 'stores') return [];
    const stores = value as Stores;
    const organisations = deps.organisations ? await deps.organisations() : [];
    const nameOf = (tenantId: string) => organisations.find((o) => o.tenantId === tenantId)?.name ?? tenantId;
    const fallback = await deps.defaultTenant().catch(() => undefined);
    const problems: string[] = [];

    // 1. An organisation named must be one that is connected.
    for (const [id, store] of Object.entries(stores)) {
      if (typeof store.tenantId !== 'string') continue;
      const org = organisations.find((o) => o.tenantId === store.tenantId);
      if (!org) {
        problems.push(`${id}.tenantId: ${storeLabel(id, store)} names organisation ${store.tenantId}, which is not connected: connect it first (Configuration → Connect Xero), or choose a connected organisation or "not synced"`);
      }
    }

    // 2. Documents already posted under the store's routing are never moved nor posted again.
    for (const [id, store] of Object.entries(stores)) {
      const before = routingOf(current.stores[id], current, fallback);
      const after = routingOf(store, current, fallback);
      const changed: string[] = [];
      if (before.tenantId !== after.tenantId) changed.push('tenantId');
      if (before.invoicePrefix !== after.invoicePrefix) changed.push('invoicePrefix');
      if (before.creditNotePrefix !== after.creditNotePrefix) changed.push('creditNotePrefix');
      if (changed.length === 0 || options.newDocumentsOnly) continue;
      const posted = await deps.storage.entityMap.postedForStore(Number(id));
      if (posted.length === 0) continue;
      const where = [...new Set(posted.map((p) => p.tenant_id))].map((t) => `"${nameOf(t)}"`).join(', ');
      const invoices = posted.filter((p) => p.xero_kind === 'invoice').reduce((n, p) => n + p.n, 0);
      const credits = posted.filter((p) => p.xero_kind === 'creditnote').reduce((n, p) => n + p.n, 0);
      const sample = [...posted].sort((a, b) => (a.xero_kind === 'invoice' ? -1 : 1) - (b.xero_kind === 'invoice' ? -1 : 1)).map((p) => p.sample).find((s) => s) ?? undefined;
      problems.push(
        `${id}.${changed[0]}: ${storeLabel(id, store)} already has ${invoices} invoice${invoices === 1 ? '' : 's'} and ${credits} credit note${credits === 1 ? '' : 's'} in Xero organisation ${where}${sample ? ` (e.g. ${sample})` : ''}, ` +
          `posted under its present organisation and prefixes; changing ${changed.join(', ')} was refused. ` +
          'To keep those where they are and use the new routing for new documents only, save again with "new documents only" ' +
          '(Stores page checkbox, `magento-xero settings set stores ... --new-documents-only`, or `?newDocumentsOnly=true` on the API). ' +
          'Their later changes, payments and credit notes then still go to the organisation they are in, under their own numbers.',
      );
    }
    if (problems.length > 0) return problems;

    // 3. Tracking: each category and option the stores name, in their organisation, created when missing.
    const wanted = new Map<string, Array<{ id: string; store: StoreRecord }>>();
    for (const [id, store] of Object.entries(stores)) {
      if (!store.tracking) continue;
      const tenantId = store.tenantId === null ? undefined : (store.tenantId ?? fallback);
      if (!tenantId) {
        if (store.tenantId === null) continue;
        problems.push(`${id}.tracking: ${storeLabel(id, store)} has a tracking category but no Xero organisation is connected to check it in: connect Xero first`);
        continue;
      }
      wanted.set(tenantId, [...(wanted.get(tenantId) ?? []), { id, store }]);
    }
    if (wanted.size > 0 && !deps.xero) return [...problems, 'tracking: Xero is not configured, so tracking categories cannot be checked: set XERO_CLIENT_ID and XERO_CLIENT_SECRET'];
    for (const [tenantId, list] of wanted) {
      problems.push(...(await ensureTracking(deps.xero!(tenantId), nameOf(tenantId), list)));
    }
    return problems;
  };
}

/**
 * Makes each store's tracking category and option exist and be active in one organisation: an active category of that
 * name is used (its option created when missing); a missing category is created unless the organisation has its two
 * active categories already; an archived one is refused (Xero does not let lines use it).
 */
async function ensureTracking(xero: XeroAccounting, orgName: string, stores: ReadonlyArray<{ id: string; store: StoreRecord }>): Promise<string[]> {
  const problems: string[] = [];
  let categories: Awaited<ReturnType<XeroAccounting['getTrackingCategories']>>;
  try {
    categories = await xero.getTrackingCategories({ includeArchived: true });
  } catch (error) {
    return stores.map(({ id, store }) => `${id}.tracking: ${storeLabel(id, store)}: the tracking categories of "${orgName}" could not be read from Xero (${describe(error)}); nothing was saved, try again`);
  }
  const same = (a: string | null | undefined, b: string) => (a ?? '').trim().toLowerCase() === b.trim().toLowerCase();
  for (const { id, store } of stores) {
    const { name, option } = store.tracking!;
    try {
      let category = categories.find((c) => same(c.Name, name) && c.Status === 'ACTIVE');
      if (!category) {
        const archived = categories.find((c) => same(c.Name, name));
        if (archived) {
          problems.push(`${id}.tracking.name: ${storeLabel(id, store)}: the tracking category "${name}" is archived in "${orgName}": restore it in Xero (its tracking categories) or choose another`);
          continue;
        }
        const active = categories.filter((c) => c.Status === 'ACTIVE');
        if (active.length >= MAX_ACTIVE_TRACKING_CATEGORIES) {
          problems.push(
            `${id}.tracking.name: ${storeLabel(id, store)}: "${orgName}" has ${active.length} active tracking categories (${active.map((c) => `"${c.Name}"`).join(', ')}) and Xero allows ${MAX_ACTIVE_TRACKING_CATEGORIES}: use one of them, or archive one in Xero, then save again`,
          );
          continue;
        }
        category = { ...(await xero.createTrackingCategory({ Name: name.trim() })), Options: [] };
        categories = [...categories, category];
      }
      const options = category.Options ?? [];
      const found = options.find((o) => same(o.Name, option));
      if (found && found.Status !== 'ACTIVE') {
        problems.push(`${id}.tracking.option: ${storeLabel(id, store)}: the option "${option}" of tracking category "${name}" is archived in "${orgName}": restore it in Xero or choose another`);
        continue;
      }
      if (!found) {
        const created = await xero.createTrackingOption(category.TrackingCategoryID!, { Name: option.trim() });
        category.Options = [...options, { ...created, Status: created.Status ?? 'ACTIVE' }];
      }
    } catch (error) {
      problems.push(`${id}.tracking: ${storeLabel(id, store)}: Xero refused the tracking category "${name}" / option "${option}" in "${orgName}": ${describe(error)}`);
    }
  }
  return problems;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
