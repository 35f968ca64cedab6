import { barChart } from '../chart.js';
import { selectField, table } from '../components.js';
import { html, type SafeHtml } from '../html.js';
import { layout, type PageContext } from '../layout.js';

export interface UsageRow {
  calls: number;
  errors: number;
  rateLimited: number;
}

export interface TenantUsage {
  tenantId: string;
  name: string;
  dailyLimit: number;
  perMinuteLimit: number;
  days: Array<UsageRow & { day: string }>;
  /** Today's minutes that had calls, minute start in ms. */
  minutes: Array<UsageRow & { minute: number }>;
}

export function reportPage(ctx: PageContext, view: { days: number; todayStart: number; tenants: TenantUsage[] }): SafeHtml {
  return layout(
    'Request daily report',
    ctx,
    html`<form method="get" action="/report" class="toolbar">
  ${selectField('days', 'Period', [7, 14, 30, 90].map((d) => ({ value: String(d), label: `Last ${d} days` })), String(view.days))}
  <button type="submit">Show</button>
</form>
${view.tenants.length === 0 ? html`<p class="empty">No Xero API calls recorded in this period.</p>` : ''}
${view.tenants.map((t) => tenantReport(t, view.todayStart))}`,
  );
}

function tenantReport(t: TenantUsage, midnight: number): SafeHtml {
  const byMinute = new Map(t.minutes.map((m) => [Math.floor((m.minute - midnight) / 60_000), m]));
  const lastMinute = Math.max(0, ...byMinute.keys());
  // From the first hour that had calls: a day's quiet early hours would squeeze the busy ones into slivers.
  const firstMinute = Math.floor(Math.min(lastMinute, ...byMinute.keys()) / 60) * 60;
  const minuteBars = Array.from({ length: lastMinute - firstMinute + 1 }, (_, k) => {
    const i = firstMinute + k;
    const m = byMinute.get(i);
    const hh = String(Math.floor(i / 60)).padStart(2, '0');
    const mm = String(i % 60).padStart(2, '0');
    return { label: `${hh}:${mm}`, value: m?.calls ?? 0, errors: (m?.errors ?? 0) + (m?.rateLimited ?? 0) };
  });
  return html`<section class="card" aria-label="${t.name}">
<h2>${t.name}</h2>
<h3>Calls per day (UTC)</h3>
${barChart(
  t.days.map((d) => ({ label: d.day.slice(5), value: d.calls, errors: d.errors + d.rateLimited })),
  { title: `API calls per day for ${t.name}, daily limit ${t.dailyLimit}`, limit: t.dailyLimit },
)}
${table(
  t.days,
  [
    { header: 'Day', cell: (d) => d.day },
    { header: 'Calls', cell: (d) => d.calls, className: 'num' },
    { header: 'Errors', cell: (d) => d.errors, className: 'num' },
    { header: '429s', cell: (d) => d.rateLimited, className: 'num' },
    { header: 'Of daily limit', cell: (d) => `${Math.round((d.calls / t.dailyLimit) * 100)} %`, className: 'num' },
  ],
  'No calls in this period.',
  `Calls per day for ${t.name}`,
)}
<h3>Calls per minute today (UTC)</h3>
${t.minutes.length === 0
  ? html`<p class="empty">No calls yet today.</p>`
  : barChart(minuteBars, { title: `API calls per minute today for ${t.name}, limit ${t.perMinuteLimit} a minute`, limit: t.perMinuteLimit })}
</section>`;
}
