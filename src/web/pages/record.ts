import type { RecordView } from '../../http/read-model.js';
import { externalLink, formatTime, statusBadge, table } from '../components.js';
import { html, type SafeHtml } from '../html.js';
import { ENTITY_LABELS } from '../labels.js';
import { layout, type PageContext } from '../layout.js';
import type { EntityType } from '../../domain/entity-types.js';

/** The page of one record: where it stands, what it became in Xero (with links), and every attempt with Xero's words. */
export function recordPage(ctx: PageContext, view: RecordView): SafeHtml {
  const label = ENTITY_LABELS[view.entityType as EntityType];
  const name = `${label?.one ?? view.entityType} ${view.number ?? `#${view.magentoId}`}`;
  const q = view.queue;
  return layout(
    name,
    ctx,
    html`<div class="grid">
<section class="card" aria-labelledby="h-where">
  <h2 id="h-where">Where it stands</h2>
  <dl class="facts">
    <dt>Magento number</dt><dd>${view.number ?? html`<span class="muted">not known yet</span>`}</dd>
    <dt>Magento id</dt><dd>${view.magentoId}</dd>
    ${view.magentoUrl ? html`<dt>In Magento</dt><dd>${externalLink(view.magentoUrl, 'Open in the Magento Admin')}</dd>` : ''}
    <dt>State</dt><dd>${q ? statusBadge(q.state) : view.documents.length ? statusBadge('done') : statusBadge('not queued')}</dd>
    ${q?.last_error ? html`<dt>${q.state === 'skipped' ? 'Why skipped' : q.state === 'waiting' ? 'Waiting for' : 'Message'}</dt><dd class="message">${q.last_error}</dd>` : ''}
    ${q ? html`<dt>Attempts</dt><dd>${q.attempts}</dd><dt>Next attempt</dt><dd>${formatTime(q.next_attempt_at)}</dd>` : ''}
  </dl>
  ${label ? html`<p><a href="${label.path}?q=${encodeURIComponent(view.number ?? view.magentoId)}">Find it in ${label.many}</a> · <a href="/log?entity=${view.entityType}&amp;magentoId=${encodeURIComponent(view.magentoId)}">Its lines in the log</a></p>` : ''}
</section>
<section class="card" aria-labelledby="h-xero">
  <h2 id="h-xero">In Xero</h2>
  ${view.documents.length === 0
    ? html`<p class="muted">Nothing in Xero for this record yet.</p>`
    : html`<ul>${view.documents.map((d) => html`<li>${d.kind} ${d.xeroNumber ?? ''} <span class="muted">${d.xeroId}</span> ${externalLink(d.url)}</li>`)}</ul>`}
</section>
</div>
<h2 id="h-exchanges">What was sent to Xero and what came back</h2>
${view.exchanges.length === 0
  ? html`<p class="muted">Nothing sent to Xero for this record in the last 30 days.</p>`
  : view.exchanges.map(
      (e, i) => html`<details class="exchange"${i === 0 ? html` open` : ''}>
  <summary>${formatTime(e.at)} · ${e.method === 'PUT' ? 'created' : 'updated'} in ${e.collection} · ${e.ok ? statusBadge('accepted') : statusBadge('refused')}</summary>
  <div class="sides">
    <div><strong>Sent</strong><pre>${JSON.stringify(e.sent, null, 2)}</pre></div>
    <div><strong>Xero answered</strong><pre>${e.answer === undefined ? 'no answer' : JSON.stringify(e.answer, null, 2)}</pre></div>
  </div>
</details>`,
    )}
<h2>Every attempt</h2>
${table(
  view.attempts,
  [
    { header: 'When', cell: (r) => formatTime(r.at) },
    { header: 'Action', cell: (r) => r.action },
    { header: 'Status', cell: (r) => statusBadge(r.status) },
    { header: 'Xero', cell: (r) => html`${r.xero_number ?? ''} ${externalLink(r.xeroUrl)}` },
    { header: 'What happened', cell: (r) => r.message ?? '', className: 'message' },
  ],
  'No attempt yet.',
  'Attempts',
)}`,
  );
}
