// Daily summaries: the days a store posts as one Xero invoice (and one credit note) per currency, and for each day every
// line with the Magento documents it adds up, the payments per account, and the changes of earlier days it carries.
import { externalLink, formatTime, statusBadge, table, textField } from '../components.js';
import { html, type SafeHtml } from '../html.js';
import { layout, type PageContext } from '../layout.js';

export interface SummaryListRow {
  storeId: number;
  storeCode: string;
  day: string;
  state: string;
  documents: number;
  late: number;
  postedAt?: number;
  currencies: Array<{ currency: string; salesCents: number; refundsCents: number; invoiceNumber?: string; creditNoteNumber?: string }>;
}

export interface SummaryListView {
  rows: SummaryListRow[];
  from: string;
  to: string;
}

export interface SummaryLineView {
  kind: string;
  accountCode: string;
  taxType: string;
  amountCents: number;
  discountCents: number;
  taxCents: number;
  refs: Array<{ entity: string; incrementId: string; orderIncrementId: string; documentDay: string; revision: number }>;
}

export interface SummaryMoneyView {
  accountCode: string;
  cents: number;
  labels: string[];
}

export interface SummaryDayPageView extends SummaryListRow {
  contactName: string;
  problem?: string;
  xeroUrl: (kind: 'invoice' | 'creditnote', id: string) => string | undefined;
  sections: Array<{
    currency: string;
    mode?: string;
    sales?: { number: string; id?: string; totalCents: number; taxCents: number; lines: SummaryLineView[]; payments: SummaryMoneyView[] };
    refunds?: { number: string; id?: string; totalCents: number; taxCents: number; lines: SummaryLineView[]; refunds: SummaryMoneyView[] };
  }>;
  refs: Array<{ entity: string; incrementId: string; orderIncrementId: string; documentDay: string; revision: number; currency: string; totalCents: number; kind: string; late: boolean }>;
}

const KIND: Record<string, string> = { goods: 'Goods sold', shipping: 'Shipping', rounding: 'Rounding', 'adjustment-refund': 'Adjustment refunds', 'adjustment-fee': 'Adjustment fees' };

export function money(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

const STATE: Record<string, string> = { open: 'open', sealed: 'posting', posted: 'posted' };

export function summariesPage(ctx: PageContext, view: SummaryListView): SafeHtml {
  return layout(
    'Daily summaries',
    ctx,
    html`<p class="help">Stores set to post daily summaries get one Xero invoice per day and currency for their sales, and one credit note for their refunds, once the day is closed. Each line adds up Magento documents; open a day to see which.</p>
<form method="get" action="/summaries" class="toolbar">
  ${textField('from', 'From', view.from, { type: 'date' })}
  ${textField('to', 'To', view.to, { type: 'date' })}
  <button type="submit">Show</button>
</form>
${table(
  view.rows,
  [
    { header: 'Day', className: 'day', cell: (r) => html`<a href="/summaries/${String(r.storeId)}/${r.day}">${r.day}</a>` },
    { header: 'Store', cell: (r) => r.storeCode },
    { header: 'State', cell: (r) => statusBadge(r.state === 'posted' ? 'synced' : STATE[r.state] === 'posting' ? 'running' : 'pending') },
    { header: 'Documents', cell: (r) => html`${r.documents}${r.late ? html`<br><span class="muted">${r.late} late</span>` : ''}`, className: 'num' },
    {
      header: 'Sales',
      cell: (r) => r.currencies.map((c) => html`${money(c.salesCents)} ${c.currency}${c.invoiceNumber ? html` <span class="muted">${c.invoiceNumber}</span>` : ''}<br>`),
      className: 'num',
    },
    {
      header: 'Refunds',
      cell: (r) => r.currencies.map((c) => html`${money(c.refundsCents)} ${c.currency}${c.creditNoteNumber ? html` <span class="muted">${c.creditNoteNumber}</span>` : ''}<br>`),
      className: 'num',
    },
    { header: 'Posted', cell: (r) => (r.postedAt ? formatTime(r.postedAt) : html`<span class="muted">when the day closes</span>`) },
  ],
  'No daily summaries in these days. A store posts them from the day set in its posting periods (Configuration → Daily summaries).',
  'Daily summaries',
)}`,
  );
}

function linesTable(lines: readonly SummaryLineView[], caption: string): SafeHtml {
  return table(
    lines,
    [
      { header: 'Line', cell: (l) => KIND[l.kind] ?? l.kind },
      { header: 'Account', cell: (l) => l.accountCode },
      { header: 'Tax', cell: (l) => l.taxType },
      { header: 'Amount', cell: (l) => html`${money(l.amountCents)}${l.discountCents ? html`<br><span class="muted">after ${money(l.discountCents)} discount</span>` : ''}`, className: 'num' },
      { header: 'Tax amount', cell: (l) => money(l.taxCents), className: 'num' },
      {
        header: 'Magento documents',
        cell: (l) => html`<details><summary>${l.refs.length} document${l.refs.length === 1 ? '' : 's'}</summary><p>${l.refs.map((r, i) => html`${i > 0 ? ', ' : ''}<span title="order ${r.orderIncrementId}, ${r.documentDay}">${r.incrementId}${r.revision > 1 ? ` (change ${r.revision})` : ''}</span>`)}</p></details>`,
        className: 'name',
      },
    ],
    'No lines.',
    caption,
  );
}

function moneyTable(rows: readonly SummaryMoneyView[], what: string): SafeHtml {
  return table(
    rows,
    [
      { header: 'Account', cell: (m) => m.accountCode },
      { header: 'Amount', cell: (m) => money(m.cents), className: 'num' },
      { header: 'For', cell: (m) => m.labels.join(', ') },
    ],
    `No ${what}.`,
    what,
  );
}

export function summaryDayPage(ctx: PageContext, view: SummaryDayPageView): SafeHtml {
  const late = view.refs.filter((r) => r.late);
  return layout(
    `Daily summary ${view.storeCode} ${view.day}`,
    ctx,
    html`<p><a href="/summaries">← All daily summaries</a></p>
<dl class="facts">
  <dt>State</dt><dd>${statusBadge(view.state === 'posted' ? 'synced' : view.state === 'sealed' ? 'running' : 'pending')} ${view.state === 'open' ? 'open: documents still join it; posted once the day closes' : view.state === 'sealed' ? 'being posted' : 'posted'}</dd>
  <dt>Made out to</dt><dd>${view.contactName}</dd>
  <dt>Magento documents</dt><dd>${view.documents}${late.length ? ` (${late.length} late: changes of earlier days)` : ''}</dd>
  ${view.postedAt ? html`<dt>Posted</dt><dd>${formatTime(view.postedAt)}</dd>` : ''}
</dl>
${view.problem ? html`<p class="banner" role="alert">${view.problem}</p>` : ''}
${view.sections.map(
  (s) => html`${s.sales
    ? html`<h2>Sales ${s.currency}: invoice ${s.sales.number}</h2>
<p>Total ${money(s.sales.totalCents)} ${s.currency}, tax ${money(s.sales.taxCents)} (${s.mode ?? ''}) ${s.sales.id ? externalLink(view.xeroUrl('invoice', s.sales.id)) : html`<span class="muted">not in Xero yet</span>`}</p>
${linesTable(s.sales.lines, `Lines of ${s.sales.number}`)}
<h3>Payments</h3>
${moneyTable(s.sales.payments, 'payments')}`
    : ''}
${s.refunds
  ? html`<h2>Refunds ${s.currency}: credit note ${s.refunds.number}</h2>
<p>Total ${money(s.refunds.totalCents)} ${s.currency}, tax ${money(s.refunds.taxCents)} ${s.refunds.id ? externalLink(view.xeroUrl('creditnote', s.refunds.id)) : html`<span class="muted">not in Xero yet</span>`}</p>
${linesTable(s.refunds.lines, `Lines of ${s.refunds.number}`)}
<h3>Refunds paid out</h3>
${moneyTable(s.refunds.refunds, 'refunds paid out')}`
  : ''}`,
)}
${late.length
  ? html`<h2>Late changes</h2>
<p class="help">Documents of days already posted (or changes to them) go into the summary of the day they happen, never into a posted day.</p>
${table(
  late,
  [
    { header: 'Document', cell: (r) => `${r.entity === 'invoice' ? 'Invoice' : 'Credit memo'} ${r.incrementId}` },
    { header: 'Order', cell: (r) => r.orderIncrementId },
    { header: 'Dated', cell: (r) => r.documentDay },
    { header: 'What', cell: (r) => (r.revision > 1 ? `change ${r.revision}` : 'came after its day was posted') },
    { header: 'Amount', cell: (r) => `${money(r.totalCents)} ${r.currency}`, className: 'num' },
  ],
  '',
  'Late changes',
)}`
  : ''}`,
  );
}
