import { actionButton } from '../components.js';
import { html, type SafeHtml } from '../html.js';
import { layout, type PageContext } from '../layout.js';

/** After consent covering several organisations: the merchant picks the one this store posts to. */
export function chooseTenantPage(ctx: PageContext, tenants: ReadonlyArray<{ tenantId: string; name: string }>): SafeHtml {
  return layout(
    'Choose the Xero organisation',
    ctx,
    html`<p>Xero gave access to more than one organisation. Choose the one this store's accounting goes to.</p>
<ul class="card">${tenants.map(
      (t) => html`<li>${t.name} ${actionButton('/xero/tenant', 'Use this organisation', ctx.csrfToken, { fields: { tenantId: t.tenantId }, kind: 'primary' })}</li>`,
    )}</ul>`,
  );
}
