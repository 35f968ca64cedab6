// Payments recorded in Xero that flowed back to Magento: orders paid in full (invoiced in Magento) and part payments
// (shown, nothing invoiced until the rest arrives).
import { externalLink, formatTime, statusBadge, table } from '../components.js';
import { html, type SafeHtml } from '../html.js';
import { layout, type PageContext } from '../layout.js';

export interface PaidInXeroRow {
  orderId: string;
  xeroNumber?: string;
  xeroUrl?: string;
  /** "40.00 of 100.00 USD". */
  paid?: string;
  state: 'invoiced in Magento' | 'part paid' | 'waiting';
  magentoInvoice?: string;
  message?: string;
  at?: number;
}

export interface PaidInXeroView {
  methods: string[];
  rows: PaidInXeroRow[];
}

export function paidInXeroPage(ctx: PageContext, view: PaidInXeroView): SafeHtml {
  return layout(
    'Paid in Xero',
    ctx,
    html`<p class="help">${view.methods.length > 0
      ? html`Orders paid with ${view.methods.join(', ')} wait for their money in Xero. When Xero shows an invoice paid in full (a webhook, or the next look every few minutes), the order is invoiced in Magento (offline capture) and moves on there; that Magento invoice is never sent back to Xero as a second payment. A part payment is shown here and nothing is invoiced until the rest arrives.`
      : html`No payment method imports its payments from Xero. Turn it on per method (each set to "Do not pay") under <a href="/configuration#payments-from-xero">Configuration → Payments from Xero</a>.`}</p>
${table(
  view.rows,
  [
    { header: 'Order', cell: (r) => html`<a href="/orders?q=${r.orderId}">${r.orderId}</a>` },
    { header: 'Xero invoice', cell: (r) => html`${r.xeroNumber ?? ''}${r.xeroUrl ? html`<br>${externalLink(r.xeroUrl)}` : ''}` },
    { header: 'Paid in Xero', cell: (r) => r.paid ?? '', className: 'num' },
    { header: 'State', cell: (r) => html`${statusBadge(r.state === 'invoiced in Magento' ? 'synced' : r.state === 'part paid' ? 'pending' : 'idle')} ${r.state}` },
    { header: 'Magento invoice', cell: (r) => r.magentoInvoice ?? '' },
    { header: 'Last look', cell: (r) => html`${r.at ? formatTime(r.at) : ''}${r.message ? html`<br><span class="muted">${r.message}</span>` : ''}`, className: 'name' },
  ],
  'No order has been paid in Xero yet.',
  'Orders paid in Xero',
)}`,
  );
}
