import { ENTITY_TYPES } from '../../domain/entity-types.js';
import { OUTSTANDING_STATES, QUEUE_STATES, type QueueState } from '../../domain/queue-state.js';

/** What the queue page shows of an entry (the storage's rows have these fields and more). */
export interface QueueRow {
  id: number;
  entity_type: string;
  magento_id: string;
  state: QueueState;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
}
import { csrfField, formatTime, pagination, selectField, statusBadge, table } from '../components.js';
import { html, type SafeHtml } from '../html.js';
import { ENTITY_LABELS } from '../labels.js';
import { layout, type PageContext } from '../layout.js';

export interface QueueView {
  entries: QueueRow[];
  total: number;
  page: number;
  pageSize: number;
  state?: string | undefined;
  entity?: string | undefined;
  byState: Record<string, number>;
  /** How long it has to go and why ("276 to go, about 12 minutes at 23 a minute. ..."). */
  estimate?: string | undefined;
}

export function queuePage(ctx: PageContext, view: QueueView): SafeHtml {
  const all = Object.values(view.byState).reduce((a, b) => a + b, 0);
  const outstanding = OUTSTANDING_STATES.reduce((n, s) => n + (view.byState[s] ?? 0), 0);
  return layout(
    'Queue',
    ctx,
    html`<section class="card" data-live-queue aria-labelledby="h-progress">
  <h2 id="h-progress">Progress</h2>
  <dl class="facts">${QUEUE_STATES.map((s) => html`<dt>${s}</dt><dd data-count="${s}">${view.byState[s] ?? 0}</dd>`)}</dl>
  <progress data-progress max="${Math.max(1, all)}" value="${(view.byState['done'] ?? 0) + (view.byState['skipped'] ?? 0)}" aria-label="Entries done or skipped"></progress>
  <p data-outstanding aria-live="polite">${view.estimate ?? (outstanding === 0 ? 'Queue is drained.' : `${outstanding} still to go.`)}</p>
</section>
<form method="get" action="/queue" class="toolbar">
  ${selectField('state', 'State', QUEUE_STATES.map((s) => ({ value: s, label: s })), view.state, { includeEmpty: 'Any state' })}
  ${selectField('entity', 'Type', ENTITY_TYPES.map((t) => ({ value: t, label: ENTITY_LABELS[t].many })), view.entity, { includeEmpty: 'Any type' })}
  <button type="submit">Filter</button>
</form>
<form method="post" action="/queue/sync">
${csrfField(ctx.csrfToken)}
<div class="toolbar">
  <button type="submit" class="primary">Sync selected now</button>
  <button type="submit" name="all" value="1">Sync all now</button>
  <button type="submit" formaction="/queue/retry">Retry selected</button>
  <button type="submit" formaction="/queue/retry" name="all" value="1">Retry all failed and parked</button>
  <button type="submit" formaction="/queue/remove" class="danger" data-confirm-button="Remove the selected entries from the queue?">Remove selected</button>
</div>
${table(
  view.entries,
  [
    { header: 'Select', className: 'check', cell: (e) => html`<input type="checkbox" name="ids" value="${e.id}" aria-label="Select entry ${e.id}">` },
    { header: 'Type', cell: (e) => e.entity_type },
    { header: 'Magento id', cell: (e) => e.magento_id },
    { header: 'State', cell: (e) => statusBadge(e.state) },
    { header: 'Attempts', cell: (e) => e.attempts, className: 'num' },
    { header: 'Next attempt', cell: (e) => formatTime(e.next_attempt_at) },
    { header: 'Last error', cell: (e) => e.last_error ?? '', className: 'message' },
  ],
  'The queue is empty for this filter.',
  'Queue entries',
)}
${view.entries.length > 0 ? html`<p><label class="check-label"><input type="checkbox" data-select-all> Select all on this page</label></p>` : ''}
</form>
<p><a href="/queue.csv">Download the queue as CSV</a></p>
${pagination('/queue', { state: view.state, entity: view.entity }, view.page, view.pageSize, view.total)}`,
  );
}
