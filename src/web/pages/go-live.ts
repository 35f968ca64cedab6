import type { GoLiveReview } from '../../settings/go-live.js';
import { DO_NOT_PAY } from '../../settings/schemas.js';
import { csrfField, formatTime, statusBadge, table } from '../components.js';
import { html, type SafeHtml } from '../html.js';
import { layout, type PageContext } from '../layout.js';

/**
 * "Start syncing": the review of what an organisation will receive (accounts, payment methods, every Magento tax rate and
 * what it becomes in Xero), and the one button that opens the go-live gate. New Xero tax rates are created only for the
 * rates ticked here; another country's tax is never ticked for you.
 */
export function goLivePage(ctx: PageContext, review: GoLiveReview | undefined, problem?: string): SafeHtml {
  if (!review) {
    return layout('Start syncing', ctx, html`<p class="banner" role="alert">${problem ?? 'Connect Xero first.'} <a href="/configuration#xero">Open Configuration</a></p>`);
  }
  const blocked = review.problems.length > 0;
  return layout(
    'Start syncing',
    ctx,
    html`<p>${statusBadge(review.live ? 'syncing' : 'waiting')} <strong>${review.organisation}</strong>${review.country ? html` <span class="muted">(${review.country})</span>` : ''}:
${review.live ? html`syncing since ${formatTime(review.liveSince)}.` : html`nothing has been posted yet; ${review.queued} record(s) are queued and wait for this step.`}</p>
${blocked
  ? html`<div class="banner" role="alert"><p>Before you can start:</p><ul>${review.problems.map((p) => html`<li>${p}</li>`)}</ul><p><a href="/configuration#accounts">Open Configuration</a></p></div>`
  : ''}
<form method="post" action="/go-live">
${csrfField(ctx.csrfToken)}
<input type="hidden" name="tenantId" value="${review.tenantId}">
<div class="grid">
<section class="card" aria-labelledby="h-gl-accounts">
<h2 id="h-gl-accounts">Accounts</h2>
<dl class="facts">${review.accounts.map((a) => html`<dt>${a.setting}</dt><dd>${a.code ?? html`<span class="muted">not set</span>`}</dd>`)}</dl>
<p><a href="/configuration#accounts">Change</a></p>
</section>
<section class="card" aria-labelledby="h-gl-payments">
<h2 id="h-gl-payments">Payment methods</h2>
${review.paymentMethods.length === 0
  ? html`<p class="muted">None mapped: payments go to the bank account.</p>`
  : html`<dl class="facts">${review.paymentMethods.map((p) => html`<dt>${p.code}</dt><dd>${p.target === DO_NOT_PAY ? 'do not pay' : p.target}</dd>`)}</dl>`}
<p><a href="/configuration#payment">Change</a></p>
</section>
</div>
<h2>Tax rates</h2>
<p class="help">Every Magento tax rate and what it becomes in Xero. A new Xero tax rate is created only for a rate you tick.</p>
${table(
  review.taxRates,
  [
    { header: 'Magento rate', cell: (r) => r.code, className: 'name' },
    { header: 'Percent', cell: (r) => `${r.percent} %`, className: 'num' },
    { header: 'Country', cell: (r) => r.country ?? '' },
    {
      header: 'In Xero',
      className: 'message',
      cell: (r) =>
        r.mapped
          ? html`mapped to <code>${r.mapped}</code>`
          : r.suggested
            ? html`will be mapped to the existing rate <code>${r.suggested}</code>`
            : r.create
              ? html`<label class="check-label"><input type="checkbox" name="createTaxRate" value="${r.code}"${r.create.approved || !review.live ? html` checked` : ''}> create “${r.create.name}”</label>`
              : html`<span class="muted">map by hand:</span> ${r.manual ?? ''} <a href="/configuration#tax">Tax mapping</a>`,
    },
  ],
  'Magento lists no tax rates.',
  'Tax rates to review',
)}
<p><button type="submit" class="primary"${blocked ? html` disabled` : ''}>${review.live ? 'Save the review' : 'Start syncing'}</button></p>
</form>`,
  );
}
