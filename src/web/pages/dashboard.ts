import type { ServiceStatus } from '../../domain/service-status.js';
import { QUEUE_STATES } from '../../domain/queue-state.js';
import { formatTime, statusBadge, table } from '../components.js';
import { html, type SafeHtml } from '../html.js';
import { layout, type PageContext } from '../layout.js';

/** One alert message to one channel (docs/alerts.md), as the dashboard lists it. */
export interface AlertDelivery {
  createdAt: number;
  channel: string;
  subject: string;
  alerts: number;
  state: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  nextAttemptAt: number;
}

export function dashboardPage(ctx: PageContext, status: ServiceStatus, alerts: readonly AlertDelivery[] = []): SafeHtml {
  const byState = Object.fromEntries(QUEUE_STATES.map((s) => [s, 0])) as Record<string, number>;
  for (const row of status.queue) byState[row.state] = (byState[row.state] ?? 0) + row.n;
  // One banner: the one thing to do now, with a link to where it is done. Waits that resolve themselves (Xero's limits)
  // are said once below it, quietly.
  const waits = status.notice ? status.banners.filter((b) => !/connect|not configured|Start syncing/i.test(b)) : [...status.banners];
  for (const use of status.apiToday) {
    if (use.calls >= use.dailyLimit) waits.push(`Today's Xero API budget is spent for ${nameOf(status, use.tenantId)}: work resumes after midnight UTC.`);
  }
  const notice = status.notice
    ? html`<p class="banner" role="alert">${status.notice.text} <a href="${status.notice.href}">${status.notice.action}</a></p>`
    : !status.magento.configured
      ? html`<p class="banner" role="alert">Magento is not connected yet. <a href="/configuration#magento">Open Configuration</a></p>`
      : status.xero.length === 0
        ? html`<p class="banner" role="alert">No Xero organisation is connected yet. <a href="/configuration#xero">Connect Xero</a></p>`
        : '';
  return layout(
    'Dashboard',
    ctx,
    html`${notice}${[...new Set(waits)].map((b) => html`<p class="wait" role="status">${b}</p>`)}
<div class="grid">
  <section class="card" aria-labelledby="h-magento">
    <h2 id="h-magento">Magento</h2>
    <p>${statusBadge(status.magento.configured ? status.magento.status : 'not configured')}</p>
    ${status.magento.detail ? html`<p class="muted">${status.magento.detail}</p>` : ''}
  </section>
  <section class="card" aria-labelledby="h-xero">
    <h2 id="h-xero">Xero</h2>
    ${status.xero.length === 0
      ? html`<p>${statusBadge('not connected')}</p>`
      : html`<ul>${status.xero.map((x) => html`<li>${x.name} ${statusBadge(x.status)}</li>`)}</ul>`}
  </section>
  <section class="card" aria-labelledby="h-queue" data-live-queue>
    <h2 id="h-queue">Queue</h2>
    <dl class="facts">${QUEUE_STATES.map((s) => html`<dt>${s}</dt><dd data-count="${s}">${byState[s] ?? 0}</dd>`)}</dl>
    ${status.progress ? html`<p data-outstanding aria-live="polite">${status.progress.text}</p>` : ''}
    <p><a href="/queue">Open the queue</a></p>
  </section>
  <section class="card" aria-labelledby="h-api">
    <h2 id="h-api">Xero API today</h2>
    ${status.apiToday.length === 0
      ? html`<p class="muted">No calls yet today.</p>`
      : status.apiToday.map(
          (u) => html`<p><strong>${nameOf(status, u.tenantId)}</strong>: ${u.calls} of ${u.dailyLimit} calls
<progress max="${u.dailyLimit}" value="${Math.min(u.calls, u.dailyLimit)}" aria-label="Calls today against the daily limit"></progress>
<span class="muted">${plural(u.errors, 'error')}, ${plural(u.rateLimited, 'call')} answered 429</span></p>`,
        )}
    <p><a href="/report">Request report</a></p>
  </section>
  <section class="card" aria-labelledby="h-last">
    <h2 id="h-last">Last successful sync</h2>
    <p>${formatTime(status.lastSuccessAt)}</p>
  </section>
  <section class="card" aria-labelledby="h-adjust">
    <h2 id="h-adjust">Totals corrected</h2>
    ${!status.adjustments || status.adjustments.length === 0
      ? html`<p class="muted">No rounding lines and no tax moved between lines in the last 7 days.</p>`
      : html`<dl class="facts">${status.adjustments.map(
          (d) => html`<dt>${d.day}</dt><dd data-adjusted="${d.day}">${plural(d.documents, 'document')}: rounding ${money(d.roundingCents)}, tax moved ${money(d.taxMovedCents)}</dd>`,
        )}</dl>`}
    <p class="muted">Each is noted in the document's log line with its amount and reason.</p>
    <p><a href="/log">Open the log</a></p>
  </section>
  <section class="card" aria-labelledby="h-recon">
    <h2 id="h-recon">Books check</h2>
    ${!status.reconciliation
      ? html`<p class="muted">No daily reconciliation yet. <a href="/reconciliation">Compare now</a></p>`
      : status.reconciliation.error
        ? html`<p>${statusBadge('error')} ${status.reconciliation.error}</p>`
        : html`<p>${statusBadge(status.reconciliation.agreed ? 'ok' : 'differs')} ${status.reconciliation.from} to ${status.reconciliation.to}</p>
<p class="muted">${plural(status.reconciliation.issues, 'difference')}: ${status.reconciliation.repairable} repairable, ${status.reconciliation.needsPerson} need a person; checked ${formatTime(status.reconciliation.at)}</p>
<p><a href="/reconciliation?from=${status.reconciliation.from}&amp;to=${status.reconciliation.to}">Open the reconciliation</a></p>`}
  </section>
</div>
<h2>Recent errors</h2>
${table(
  status.recentErrors,
  [
    { header: 'When', cell: (e) => formatTime(e.at) },
    { header: 'Type', cell: (e) => e.entity_type },
    { header: 'Magento id', cell: (e) => e.magento_id },
    { header: 'Message', cell: (e) => e.message ?? '', className: 'message' },
  ],
  'No errors. Everything that was tried went through.',
  'Recent errors',
)}
<p><a href="/log?status=error">All errors in the log</a></p>
<h2 id="h-alerts">Alerts sent</h2>
${table(
  alerts,
  [
    { header: 'When', cell: (a) => formatTime(a.createdAt) },
    { header: 'By', cell: (a) => a.channel },
    { header: 'Message', cell: (a) => a.subject, className: 'message' },
    {
      header: 'Delivery',
      cell: (a) =>
        html`${statusBadge(a.state)}${a.lastError ? html` <span class="muted">${a.state === 'pending' ? `tried ${plural(a.attempts, 'time')}, again at ` : ''}${a.state === 'pending' ? formatTime(a.nextAttemptAt) : ''} ${a.lastError}</span>` : ''}`,
      className: 'message',
    },
  ],
  'No alert sent yet. Configuration → Alerts sets up a webhook or email.',
  'Alerts sent',
)}`,
  );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const money = (cents: number) => `${cents < 0 ? '-' : ''}${(Math.abs(cents) / 100).toFixed(2)}`;

function nameOf(status: ServiceStatus, tenantId: string): string {
  return status.xero.find((x) => x.tenantId === tenantId)?.name ?? tenantId;
}
