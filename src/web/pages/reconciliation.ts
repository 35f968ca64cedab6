import type { Correction, ReconciliationDay, ReconciliationIssue, TaxDay } from '../../reconcile/types.js';
import { csrfField, externalLink, formatTime, statusBadge, table, textField } from '../components.js';
import { html, type SafeHtml } from '../html.js';
import { layout, type PageContext } from '../layout.js';

export interface ReconciliationView {
  /** The days the form offers to compare. */
  from: string;
  to: string;
  /** False when no reconciler is wired into this process. */
  available: boolean;
  /** The days of the last run shown below, and when it ran (epoch ms). */
  compared?: { from: string; to: string; at: number };
  result?: { days: ReconciliationDay[]; issues: ReconciliationIssue[]; taxes?: TaxDay[]; corrections?: Correction[] };
  problem?: string;
}

const PROBLEMS: Record<ReconciliationIssue['problem'], string> = {
  'missing-in-xero': 'missing in Xero',
  'total-differs': 'differs',
  'missing-in-magento': 'missing in Magento',
};

export function reconciliationPage(ctx: PageContext, view: ReconciliationView): SafeHtml {
  return layout(
    'Reconciliation',
    ctx,
    html`<form method="post" action="/reconciliation" class="toolbar">
  ${csrfField(ctx.csrfToken)}
  ${textField('from', 'From (store day)', view.from, { type: 'date' })}
  ${textField('to', 'To (inclusive)', view.to, { type: 'date' })}
  <button type="submit">Compare</button>
</form>
${!view.available
  ? html`<p class="empty">Reconciliation is not available in this process yet.</p>`
  : view.compared
    ? html`<p class="help">Compared ${view.compared.from} to ${view.compared.to}, ${formatTime(view.compared.at)}. Press Compare to read both systems again (at most 92 days at a time).</p>`
    : html`<p class="empty">Choose the days and press Compare: it reads Magento and Xero for those days (at most 92 at a time).</p>`}
${view.problem ? html`<p class="banner" role="alert">${view.problem}</p>` : ''}
${!view.result || !view.compared
  ? ''
  : html`<p><a href="/reconciliation.csv">Download this comparison as CSV</a></p>
<h2>Totals per day</h2>
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
<h2>Tax per day and tax rate</h2>
<p class="help">The tax Magento charged, per Magento tax rate, against the tax Xero holds on the Xero rate it maps to (net of tax, then tax). A line moved to another tax rate in Xero shows here.</p>
${table(
  view.result.taxes ?? [],
  [
    { header: 'Day', cell: (t) => t.day },
    { header: 'Magento tax rate', cell: (t) => t.rates.join(', '), className: 'name' },
    { header: 'Xero tax type', cell: (t) => t.taxType },
    { header: 'Magento', cell: (t) => `${t.magentoNet} + ${t.magentoTax} ${t.currency}`, className: 'num' },
    { header: 'Xero', cell: (t) => `${t.xeroNet} + ${t.xeroTax} ${t.currency}`, className: 'num' },
    { header: 'Match', cell: (t) => statusBadge(t.differs ? 'differs' : 'ok') },
  ],
  'No tax in this period.',
  'Tax per day and tax rate',
)}
<h2>Rounding lines and tax moved between lines</h2>
<p class="help">Where Xero's per-line rounding would have missed Magento's totals by a cent or so, the document carries a rounding line, or tax moved onto its line with the most tax; where Magento's grand total held an amount no total explains and the setting allowed it, an "other charges" line (docs/totals.md). Each one, as its log line recorded it.</p>
${table(
  view.result.corrections ?? [],
  [
    { header: 'Record', cell: (c) => `${c.entity} ${c.magentoId}` },
    { header: 'Xero document', cell: (c) => c.number ?? '' },
    { header: 'Rounding', cell: (c) => (c.roundingCents / 100).toFixed(2), className: 'num' },
    { header: 'Tax moved', cell: (c) => (c.taxMovedCents / 100).toFixed(2), className: 'num' },
    { header: 'Why', cell: (c) => c.message ?? '', className: 'message' },
  ],
  'No rounding lines and no tax moved in this period.',
  'Rounding lines and tax moved between lines',
)}
<h2>Documents that differ or are missing</h2>
<form method="post" action="/reconciliation/repair">
${csrfField(ctx.csrfToken)}
<input type="hidden" name="from" value="${view.compared.from}"><input type="hidden" name="to" value="${view.compared.to}">
${table(
  view.result.issues,
  [
    {
      header: 'Repair',
      cell: (i) =>
        i.action === 'queue' && i.key
          ? html`<input type="checkbox" name="keys" value="${i.key}" aria-label="Repair ${i.number}" checked>`
          : html`<span class="muted">needs a person</span>`,
    },
    { header: 'Day', cell: (i) => i.day },
    { header: 'Type', cell: (i) => i.entity },
    { header: 'Number', cell: (i) => i.number },
    { header: 'Problem', cell: (i) => html`${PROBLEMS[i.problem]}${i.advice ? html`<br><small>${i.advice}</small>` : ''}` },
    { header: 'Magento', cell: (i) => (i.magentoTotal ? `${i.magentoTotal} ${i.currency ?? ''}` : ''), className: 'num' },
    { header: 'Xero', cell: (i) => (i.xeroTotal ? `${i.xeroTotal} ${i.currency ?? ''}` : ''), className: 'num' },
    { header: '', cell: (i) => externalLink(i.xeroUrl) },
  ],
  'Every document matches.',
  'Documents that differ',
)}
${view.result.issues.some((i) => i.action === 'queue')
  ? html`<p><button type="submit">Queue a repair</button> <small>Queues the chosen Magento records again; documents that are paid, voided by hand or locked are never touched.</small></p>`
  : ''}
</form>`}`,
  );
}
