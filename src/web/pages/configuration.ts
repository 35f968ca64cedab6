import type { AllSettings, SettingsKey } from '../../settings/schemas.js';
import type { Stores } from '../../settings/stores.js';
import type {
  MagentoPaymentMethod,
  MagentoTaxClass,
  MagentoTaxRate,
  XeroAccountSummary,
  XeroOrganisationSummary,
  XeroTaxRateSummary,
} from '../../http/ports.js';
import { ENTITY_TYPES } from '../../domain/entity-types.js';
import { actionButton, statusBadge } from '../components.js';
import { html, type SafeHtml } from '../html.js';
import { ENTITY_LABELS } from '../labels.js';
import { layout, type PageContext } from '../layout.js';
import { accountsSection, alertsSection, paymentSection, postingSection, reconciliationSection, syncSection, totalsSection } from './configuration-sections.js';
import { paymentImportSection, summariesSection } from './summary-settings.js';
import { taxSection } from './tax-section.js';

export interface ConfigurationView {
  settings: AllSettings;
  /** The Magento stores as read from Magento, with what the merchant chose per store (posting periods, summary contact). */
  stores: Stores;
  errors: Partial<Record<SettingsKey | 'stores', string[]>>;
  xero: {
    available: boolean;
    organisations: XeroOrganisationSummary[];
    accounts: XeroAccountSummary[];
    taxRates: XeroTaxRateSummary[];
    problem?: string;
  };
  magento: {
    available: boolean;
    baseUrl?: string | undefined;
    taxRates: MagentoTaxRate[];
    taxClasses: MagentoTaxClass[];
    paymentMethods: MagentoPaymentMethod[];
    problem?: string;
  };
}

export function configurationPage(ctx: PageContext, view: ConfigurationView): SafeHtml {
  return layout(
    'Configuration',
    ctx,
    html`<nav aria-label="Sections" class="toolbar">
  <a href="#xero">Xero</a> <a href="#magento">Magento</a> <a href="#accounts">Accounts</a> <a href="#sync">Sync</a>
  <a href="#posting">Posting</a> <a href="#tax">Tax</a> <a href="#payment">Payment methods</a> <a href="#summaries">Daily summaries</a>
  <a href="#payments-from-xero">Payments from Xero</a> <a href="#alerts">Alerts</a> <a href="#queue-all">Queue data</a>
</nav>
${xeroSection(ctx, view)}
${magentoSection(ctx, view)}
${accountsSection(ctx, view)}
${syncSection(ctx, view)}
${postingSection(ctx, view)}
${totalsSection(ctx, view)}
${taxSection(ctx, view)}
${paymentSection(ctx, view)}
${summariesSection(ctx, view)}
${paymentImportSection(ctx, view)}
${reconciliationSection(ctx, view)}
${alertsSection(ctx, view)}
<section class="card" id="queue-all" aria-labelledby="h-queue-all">
  <h2 id="h-queue-all">Add data to the queue</h2>
  <p class="help">Queues every record Magento has of a type (or of all types); records already in Xero are matched, not duplicated.</p>
  <div class="toolbar">
    ${actionButton('/enqueue', 'Add all data to queue', ctx.csrfToken, {
      fields: { entity: 'all' },
      kind: 'primary',
      confirm: 'Queue every customer, product, order, invoice and credit memo?',
    })}
    ${ENTITY_TYPES.map((t) => actionButton('/enqueue', `Add all ${ENTITY_LABELS[t].many.toLowerCase()}`, ctx.csrfToken, { fields: { entity: t } }))}
  </div>
</section>`,
  );
}

function xeroSection(ctx: PageContext, view: ConfigurationView): SafeHtml {
  const x = view.xero;
  return html`<section class="card" id="xero" aria-labelledby="h-xero">
<h2 id="h-xero">Xero connection</h2>
${!x.available
  ? html`<p class="muted">Xero is not configured in this process: set XERO_CLIENT_ID and XERO_CLIENT_SECRET.</p>`
  : html`${x.problem ? html`<p class="flash error" role="alert">${x.problem}</p>` : ''}
${x.organisations.length === 0 ? html`<p>No organisation connected.</p>` : ''}
${x.organisations.map(
  (o) => html`<div class="card">
  <p><strong>${o.name}</strong> ${statusBadge(o.status)}</p>
  <dl class="facts">
    <dt>Short code</dt><dd>${o.shortCode ?? '—'}</dd>
    <dt>Base currency</dt><dd>${o.baseCurrency ?? '—'}</dd>
    <dt>Period lock date</dt><dd>${o.lockDates?.periodLockDate ?? 'none'}</dd>
    <dt>End of year lock date</dt><dd>${o.lockDates?.endOfYearLockDate ?? 'none'}</dd>
  </dl>
  ${actionButton('/xero/disconnect', 'Disconnect', ctx.csrfToken, {
    fields: { tenantId: o.tenantId },
    kind: 'danger',
    confirm: `Disconnect ${o.name}? Work for it pauses until you connect again.`,
  })}
</div>`,
)}
${actionButton('/xero/connect', x.organisations.length ? 'Connect another organisation' : 'Connect to Xero', ctx.csrfToken, { kind: 'primary' })}`}
</section>`;
}

function magentoSection(ctx: PageContext, view: ConfigurationView): SafeHtml {
  const m = view.magento;
  return html`<section class="card" id="magento" aria-labelledby="h-magento">
<h2 id="h-magento">Magento connection</h2>
${!m.available
  ? html`<p class="muted">Magento is not configured: set MAGENTO_BASE_URL and MAGENTO_ACCESS_TOKEN (or the four OAuth 1.0a values).</p>`
  : html`<dl class="facts"><dt>Store URL</dt><dd>${m.baseUrl ?? '—'}</dd></dl>
${m.problem ? html`<p class="flash error" role="alert">${m.problem}</p>` : ''}
<p>${actionButton('/magento/test', 'Test the connection', ctx.csrfToken)}</p>`}
</section>`;
}
