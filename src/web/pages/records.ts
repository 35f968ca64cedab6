import type { MagentoRecordSummary } from '../../http/ports.js';
import type { RecordSyncStatus } from '../../http/read-model.js';
import type { EntityType } from '../../domain/entity-types.js';
import { csrfField, externalLink, pagination, statusBadge, table } from '../components.js';
import { html, type SafeHtml } from '../html.js';
import { ENTITY_LABELS } from '../labels.js';
import { layout, type PageContext } from '../layout.js';

export interface RecordsView {
  entity: EntityType;
  rows: Array<MagentoRecordSummary & { sync: RecordSyncStatus }>;
  total: number;
  page: number;
  pageSize: number;
  search: string;
  /** Why there is nothing to show: Magento not configured or not reachable. */
  problem?: string;
}

/** A Magento record type as a grid: what Magento has, what became of it in Xero, and the actions per row and in bulk. */
export function recordsPage(ctx: PageContext, view: RecordsView): SafeHtml {
  const label = ENTITY_LABELS[view.entity];
  const base = `/records/${view.entity}`;
  const showEmail = view.entity === 'customer' || view.rows.some((r) => r.email);
  const showTotal = view.entity !== 'customer' && view.entity !== 'product';
  return layout(
    label.many,
    ctx,
    html`<form method="get" action="${label.path}" class="toolbar" role="search">
  <div class="field"><label for="q">Search ${label.many.toLowerCase()}</label>
  <input id="q" type="search" name="q" value="${view.search}" placeholder="Number, name or email"></div>
  <button type="submit">Search</button>
</form>
${view.problem ? html`<p class="banner" role="alert">${view.problem}</p>` : ''}
<form method="post" action="${base}/enqueue">
${csrfField(ctx.csrfToken)}
<div class="toolbar">
  <button type="submit" formaction="${base}/sync">Sync selected now</button>
  <button type="submit">Add selected to queue</button>
</div>
${table(
  view.rows,
  [
    {
      header: 'Select',
      className: 'check',
      cell: (r) => html`<input type="checkbox" name="ids" value="${r.id}" aria-label="Select ${label.one.toLowerCase()} ${r.number}">`,
    },
    { header: 'Number', cell: (r) => html`<a href="/record/${view.entity}/${encodeURIComponent(r.id)}">${r.number}</a>` },
    { header: 'Name', cell: (r) => html`<span title="${r.name}">${r.name}</span>`, className: 'name' },
    ...(showEmail ? [{ header: 'Email', cell: (r: (typeof view.rows)[number]) => r.email ?? '', className: 'name' }] : []),
    ...(showTotal
      ? [{ header: 'Total', cell: (r: (typeof view.rows)[number]) => (r.total ? `${r.total} ${r.currency ?? ''}` : ''), className: 'num' }]
      : []),
    { header: 'Magento status', cell: (r) => r.status ?? '' },
    {
      header: 'Xero',
      cell: (r) =>
        html`${statusBadge(r.sync.state)} ${r.sync.xeroNumber ?? ''}${r.sync.xeroUrl ? html`<br>${externalLink(r.sync.xeroUrl)}` : ''}${r.sync.message ? html`<br><span class="muted">${r.sync.message}</span>` : ''}`,
      className: 'xero',
    },
    {
      header: 'Actions',
      className: 'actions',
      cell: (r) => html`<button type="submit" name="one" value="${r.id}" formaction="${base}/sync" aria-label="Sync ${label.one.toLowerCase()} ${r.number} now">Sync now</button>
<button type="submit" name="one" value="${r.id}" aria-label="Add ${label.one.toLowerCase()} ${r.number} to the queue">Queue</button>`,
    },
  ],
  view.problem ? 'Nothing to show.' : `No ${label.many.toLowerCase()} found.`,
  label.many,
)}
${view.rows.length > 0 ? html`<p><label class="check-label"><input type="checkbox" data-select-all> Select all on this page</label></p>` : ''}
</form>
${pagination(label.path, { q: view.search }, view.page, view.pageSize, view.total)}`,
  );
}
