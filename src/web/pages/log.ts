import type { LogView } from '../../http/read-model.js';
import { ENTITY_TYPES } from '../../domain/entity-types.js';
import { externalLink, formatTime, pagination, selectField, statusBadge, table, textField } from '../components.js';
import { html, type SafeHtml } from '../html.js';
import { ENTITY_LABELS } from '../labels.js';
import { layout, type PageContext } from '../layout.js';

export interface LogPageView {
  rows: LogView[];
  total: number;
  page: number;
  pageSize: number;
  status?: string | undefined;
  entity?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** Every attempt, with Xero's message in full (wrapped, never cut: it is what the merchant acts on). */
export function logPage(ctx: PageContext, view: LogPageView): SafeHtml {
  return layout(
    'Log',
    ctx,
    html`<form method="get" action="/log" class="toolbar">
  ${selectField('status', 'Status', ['success', 'skipped', 'waiting', 'error'].map((s) => ({ value: s, label: s })), view.status, { includeEmpty: 'Any status' })}
  ${selectField('entity', 'Type', ENTITY_TYPES.map((t) => ({ value: t, label: ENTITY_LABELS[t].many })), view.entity, { includeEmpty: 'Any type' })}
  ${textField('from', 'From (UTC day)', view.from, { type: 'date' })}
  ${textField('to', 'To (UTC day, inclusive)', view.to, { type: 'date' })}
  <button type="submit">Filter</button>
</form>
${table(
  view.rows,
  [
    { header: 'When', cell: (r) => formatTime(r.at) },
    { header: 'Record', cell: (r) => html`<a href="/record/${r.entity_type}/${encodeURIComponent(r.magento_id)}">${r.entity_type} ${r.number ?? r.magento_id}</a>` },
    { header: 'Action', cell: (r) => r.action },
    { header: 'Status', cell: (r) => statusBadge(r.status) },
    { header: 'Xero', cell: (r) => html`${r.xero_number ?? ''} ${externalLink(r.xeroUrl)}` },
    { header: 'Message', cell: (r) => r.message ?? '', className: 'message' },
    { header: 'Duration', cell: (r) => `${r.duration_ms} ms`, className: 'num' },
  ],
  'Nothing in the log for this filter.',
  'Sync log',
)}
<p><a href="/log.csv?${new URLSearchParams(Object.entries({ status: view.status, entity: view.entity, from: view.from, to: view.to }).filter((e): e is [string, string] => Boolean(e[1]))).toString()}">Download as CSV</a></p>
${pagination('/log', { status: view.status, entity: view.entity, from: view.from, to: view.to }, view.page, view.pageSize, view.total)}`,
  );
}
