import type { StoreRecord, Stores } from '../../settings/schemas.js';
import { actionButton, csrfField, errorList, selectField, textField } from '../components.js';
import { html, type SafeHtml } from '../html.js';
import { layout, type PageContext } from '../layout.js';

/** The value of the organisation field that means "do not sync this store". */
export const NOT_SYNCED = 'not-synced';
/** The value of the organisation field that means "the connected (default) organisation". */
export const DEFAULT_ORGANISATION = '';

export interface StoresView {
  stores: Stores;
  /** Magento's websites (GET /V1/store/websites), by id. */
  websites: ReadonlyArray<{ id: number; code: string; name: string }>;
  organisations: ReadonlyArray<{ tenantId: string; name: string; status: string }>;
  /** The organisation a store without one posts to (the default connected one). */
  defaultTenant?: string | undefined;
  /** The global prefixes a store without its own uses (Configuration → Posting). */
  posting: { invoicePrefix: string; creditNotePrefix: string };
  /** Why Magento's list could not be read now (the stored one is shown). */
  magentoProblem?: string | undefined;
  /** Problems from the last save, by store id. */
  errors: Record<string, string[]>;
}

/** What the organisation of a store reads as on the page and in `magento-xero stores`. */
export function organisationLabel(store: Pick<StoreRecord, 'tenantId'>, view: Pick<StoresView, 'organisations' | 'defaultTenant'>): string {
  if (store.tenantId === null) return 'not synced';
  const tenantId = store.tenantId ?? view.defaultTenant;
  if (!tenantId) return 'the connected organisation (none connected yet)';
  const name = view.organisations.find((o) => o.tenantId === tenantId)?.name ?? tenantId;
  return store.tenantId ? name : `${name} (default)`;
}

/** The Stores page (/stores): each Magento website and its store views, and where each one's documents go in Xero. */
export function storesPage(ctx: PageContext, view: StoresView): SafeHtml {
  const ids = Object.keys(view.stores)
    .filter((id) => id !== '0')
    .sort((a, b) => Number(a) - Number(b));
  const websiteIds = [...new Set([...view.websites.map((w) => w.id).filter((w) => w !== 0), ...ids.map((id) => view.stores[id]!.websiteId ?? 0)])];
  const websiteName = (id: number) => view.websites.find((w) => w.id === id)?.name ?? (id === 0 ? 'No website' : `Website ${id}`);
  return layout(
    'Stores',
    ctx,
    html`<p class="help">Magento's websites and store views, read from Magento. Each store view posts to the Xero organisation chosen here
(or is not synced), numbers its invoices and credit notes with its own prefixes, scopes its contact numbers, and may put a Xero
tracking option on every line of its documents (the category and option are created in Xero when missing, and checked on save).
Two stores posting to one organisation need different prefixes or contact-number scopes. Documents made in the Magento admin follow
the default store view.</p>
${view.magentoProblem ? html`<div class="flash error" role="alert">Magento could not be read (${view.magentoProblem}); the store list below is the one read last.</div>` : ''}
<div class="toolbar">${actionButton('/stores/refresh', 'Refresh from Magento', ctx.csrfToken)}</div>
${ids.length === 0 ? html`<p class="card">No store views yet: connect Magento (MAGENTO_BASE_URL) and refresh.</p>` : ''}
${websiteIds.map(
  (w) => html`<section class="card" aria-labelledby="h-website-${w}">
<h2 id="h-website-${w}">${websiteName(w)}</h2>
${ids.filter((id) => (view.stores[id]!.websiteId ?? 0) === w).map((id) => storeForm(ctx, view, id, view.stores[id]!))}
</section>`,
)}`,
  );
}

function storeForm(ctx: PageContext, view: StoresView, id: string, store: StoreRecord): SafeHtml {
  const field = (name: string) => `s${id}-${name}`;
  const organisation = store.tenantId === null ? NOT_SYNCED : (store.tenantId ?? DEFAULT_ORGANISATION);
  const defaultName = view.defaultTenant ? (view.organisations.find((o) => o.tenantId === view.defaultTenant)?.name ?? view.defaultTenant) : undefined;
  return html`<form method="post" action="/stores/${id}" class="store" id="store-${id}" aria-labelledby="h-store-${id}">
<h3 id="h-store-${id}">${store.name ?? store.code} <span class="muted">(${store.code}, store ${id}, ${store.baseCurrency}, ${store.timezone})</span></h3>
<p class="help" data-routing="${id}">Now: ${organisationLabel(store, view)}</p>
${errorList(view.errors[id])}
${csrfField(ctx.csrfToken)}
<div class="fields">
${selectField(
  'tenantId',
  'Xero organisation',
  [
    { value: DEFAULT_ORGANISATION, label: defaultName ? `The default organisation (${defaultName})` : 'The connected organisation' },
    ...view.organisations.map((o) => ({ value: o.tenantId, label: o.status === 'connected' ? o.name : `${o.name} (${o.status})` })),
    { value: NOT_SYNCED, label: 'Not synced' },
  ],
  organisation,
  { id: field('tenantId') },
)}
${textField('invoicePrefix', 'Invoice number prefix', store.invoicePrefix, { id: field('invoicePrefix'), placeholder: view.posting.invoicePrefix || 'none', help: 'Empty: the prefix set under Configuration → Posting.' })}
${textField('creditNotePrefix', 'Credit note number prefix', store.creditNotePrefix, { id: field('creditNotePrefix'), placeholder: view.posting.creditNotePrefix || 'none' })}
${textField('contactPrefix', 'Contact-number scope', store.contactPrefix, { id: field('contactPrefix'), placeholder: `M${id}-`, help: `Put before the customer id in Xero's ContactNumber; empty: M${id}-.` })}
${textField('trackingName', 'Tracking category', store.tracking?.name, { id: field('trackingName'), help: 'Optional, e.g. Store. Xero allows 2 active categories.' })}
${textField('trackingOption', 'Tracking option', store.tracking?.option, { id: field('trackingOption'), help: `e.g. ${store.name ?? store.code}` })}
</div>
<label class="check-label"><input type="checkbox" name="newDocumentsOnly" id="${field('newDocumentsOnly')}"> Documents are in Xero already: apply a new organisation or prefix to new documents only (those posted stay where they are)</label>
<p><button type="submit" class="primary">Save ${store.name ?? store.code}</button></p>
</form>`;
}
