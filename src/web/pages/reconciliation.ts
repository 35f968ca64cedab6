import type { ReconciliationDay, ReconciliationIssue } from '../../http/ports.js';
import { externalLink, statusBadge, table, textField } from '../components.js';
import { html, type SafeHtml } from '../html.js';
import { layout, type PageContext } from '../layout.js';

export interface ReconciliationView {
  from: string;
  to: string;
  /** Undefined when no reconciler is wired into this process. */
  result?: { days: ReconciliationDay[]; issues: ReconciliationIssue[] };
  problem?: string;
}

const PROBLEMS: Record<ReconciliationIssue['problem'], string> = {
  'missing-in-xero': 'missing in Xero',
  'total-differs': 'total differs',
  'missing-in-magento': 'missing in Magento',
};

export function reconciliationPage(ctx: PageContext, view: ReconciliationView): SafeHtml {
  return layout(
    'Reconciliation',
    ctx,
    html`<form method="get" action="/reconciliation" class="toolbar">
  ${textField('from', 'From (store day)', view.from, { type: 'date' })}
  ${textField('to', 'To (inclusive)', view.to, { type: 'date' })}
  <button type="submit">Compare</button>
</form>
${view.problem ? html`<p class="banner" role="alert">${view.problem}</p>` : ''}
${!view.result
  ? view.problem
    ? ''
    : html`<p class="empty">Reconciliation is not available in this process yet.</p>`
  : html`<h2>Totals per day</h2>
${table(
  view.result.days,
  [
    { header: 'Day', cell: (d) => d.day },
    { header: 'Currency', cell: (d) => d.currency },
    { header: 'Magento', cell: (d) => `${d.magentoTotal} (${d.magentoCount})`, className: 'num' },
    { header: 'Xero', cell: (d) => `${d.xeroTotal} (${d.xeroCount})`, className: 'num' },
    {
      header: 'Match',
      cell: (d) => statusBadge(d.magentoTotal === d.xeroTotal && d.magentoCount === d.xeroCount ? 'ok' : 'differs'),
    },
  ],
  'No documents in this period.',
  'Totals per day',
)}
<h2>Documents that differ or are missing</h2>
${table(
  view.result.issues,
  [
    { header: 'Day', cell: (i) => i.day },
    { header: 'Type', cell: (i) => i.entity },
    { header: 'Number', cell: (i) => i.number },
    { header: 'Problem', cell: (i) => PROBLEMS[i.problem] },
    { header: 'Magento', cell: (i) => (i.magentoTotal ? `${i.magentoTotal} ${i.currency ?? ''}` : ''), className: 'num' },
    { header: 'Xero', cell: (i) => (i.xeroTotal ? `${i.xeroTotal} ${i.currency ?? ''}` : ''), className: 'num' },
    { header: '', cell: (i) => externalLink(i.xeroUrl) },
  ],
  'Every document matches.',
  'Documents that differ',
)}`}`,
  );
}
