import { DO_NOT_PAY } from '../../settings/schemas.js';
import type { XeroAccountSummary } from '../../http/ports.js';
import { ENTITY_TYPES } from '../../domain/entity-types.js';
import { actionButton, csrfField, errorList, selectField, table, textField } from '../components.js';
import { html, type SafeHtml } from '../html.js';
import { ENTITY_LABELS } from '../labels.js';
import type { PageContext } from '../layout.js';
import type { ConfigurationView } from './configuration.js';

const ACCOUNT_ROLES: ReadonlyArray<{ key: string; label: string; types: readonly string[]; help: string; required?: boolean }> = [
  { key: 'bank', label: 'Bank', types: ['BANK'], help: 'Payments and refunds are recorded here unless a payment method says otherwise.', required: true },
  { key: 'sales', label: 'Sales', types: ['SALES', 'REVENUE'], help: 'Order lines are posted here (a product may override it).', required: true },
  { key: 'shipping', label: 'Shipping', types: ['SALES', 'REVENUE', 'OTHERINCOME'], help: 'Shipping lines; empty means the sales account.' },
  { key: 'inventory', label: 'Inventory', types: ['INVENTORY', 'CURRENT'], help: 'Only for tracked inventory items.' },
  { key: 'cogs', label: 'Cost of goods sold', types: ['DIRECTCOSTS'], help: 'Only for tracked inventory items.' },
  { key: 'rounding', label: 'Rounding', types: ['CURRLIAB', 'EXPENSE', 'OVERHEADS', 'OTHERINCOME', 'REVENUE'], help: 'Absorbs Xero\'s per-line rounding so totals match Magento to the cent.' },
  { key: 'giftCardLiability', label: 'Gift card liability', types: ['CURRLIAB', 'LIABILITY'], help: 'Gift cards sold are owed to their holders here; gift cards redeemed are payments from it. Xero must allow payments to it ("Enable payments to this account").' },
  { key: 'storeCreditLiability', label: 'Store credit liability', types: ['CURRLIAB', 'LIABILITY'], help: 'Store credit redeemed is a payment from it, refunds to store credit go back to it; empty means the gift card liability account.' },
  { key: 'otherCharges', label: 'Other charges', types: ['SALES', 'REVENUE', 'OTHERINCOME'], help: 'Fixed product taxes and gift wrapping (unless set below), and an unexplained difference when you allow it (Fees and other totals); empty means 260 (Other Revenue in Xero\'s standard chart), created as "Other charges" by "Sync all accounts now" where it is missing.' },
  { key: 'fpt', label: 'Fixed product taxes (FPT/WEEE)', types: ['SALES', 'REVENUE', 'OTHERINCOME', 'CURRLIAB', 'LIABILITY'], help: 'Empty means the other charges account. A levy you pass on (e.g. a recycling fee) may belong in a liability account.' },
  { key: 'giftWrapping', label: 'Gift wrapping and printed cards', types: ['SALES', 'REVENUE', 'OTHERINCOME'], help: 'Adobe Commerce gift wrapping; empty means the other charges account.' },
  { key: 'rewardPointsExpense', label: 'Reward points expense', types: ['EXPENSE', 'OVERHEADS'], help: 'Only when reward points are a marketing expense (Posting): the points redeemed are charged here.' },
];

function accountOptions(accounts: readonly XeroAccountSummary[], types: readonly string[]) {
  const fitting = accounts.filter((a) => types.includes(a.type) && (a.status ?? 'ACTIVE') === 'ACTIVE');
  return (fitting.length ? fitting : accounts).map((a) => ({ value: a.code, label: `${a.code} · ${a.name}` }));
}

export function accountsSection(ctx: PageContext, view: ConfigurationView): SafeHtml {
  const current = (view.settings.accounts ?? {}) as Record<string, string | undefined>;
  const accounts = view.xero.accounts;
  return html`<section class="card" id="accounts" aria-labelledby="h-accounts">
<h2 id="h-accounts">Account mapping</h2>
${errorList(view.errors.accounts)}
<form method="post" action="/configuration/accounts">
${csrfField(ctx.csrfToken)}
<div class="fields">
${ACCOUNT_ROLES.map((role) =>
  accounts.length
    ? selectField(role.key, role.label, accountOptions(accounts, role.types), current[role.key], {
        help: role.help,
        includeEmpty: role.required ? 'Choose an account' : 'None',
      })
    : textField(role.key, `${role.label} account code`, current[role.key], { help: role.help }),
)}
</div>
<button type="submit" class="primary">Save account mapping</button>
</form>
<p>${actionButton('/accounts/sync', 'Sync all accounts now', ctx.csrfToken, {
    confirm: 'Create the mapped accounts that do not exist in Xero yet? Existing accounts are never renamed or deleted.',
  })}</p>
</section>`;
}

export function syncSection(ctx: PageContext, view: ConfigurationView): SafeHtml {
  const sync = view.settings.sync;
  return html`<section class="card" id="sync" aria-labelledby="h-sync">
<h2 id="h-sync">Synchronisation per record type</h2>
<p class="help">Immediately: changes are posted within seconds. Cron: changes wait in the queue and go together on the schedule (five-field cron, UTC).</p>
${errorList(view.errors.sync)}
<form method="post" action="/configuration/sync">
${csrfField(ctx.csrfToken)}
${table(
  ENTITY_TYPES,
  [
    { header: 'Type', cell: (t) => ENTITY_LABELS[t].many },
    {
      header: 'Enabled',
      cell: (t) => html`<input type="checkbox" name="${t}.enabled" aria-label="Sync ${ENTITY_LABELS[t].many.toLowerCase()}"${sync[t].enabled ? html` checked` : ''}>`,
    },
    {
      header: 'Mode',
      cell: (t) => html`<select name="${t}.mode" aria-label="Mode for ${ENTITY_LABELS[t].many.toLowerCase()}">
<option value="immediately"${sync[t].mode === 'immediately' ? html` selected` : ''}>Immediately</option>
<option value="cron"${sync[t].mode === 'cron' ? html` selected` : ''}>Cron</option></select>`,
    },
    {
      header: 'Schedule',
      cell: (t) => html`<input type="text" name="${t}.schedule" value="${sync[t].schedule}" aria-label="Schedule for ${ENTITY_LABELS[t].many.toLowerCase()}">`,
    },
  ],
  '',
  'Synchronisation settings',
)}
<p><button type="submit" class="primary">Save synchronisation</button></p>
</form>
</section>`;
}

export function postingSection(ctx: PageContext, view: ConfigurationView): SafeHtml {
  const p = view.settings.posting;
  return html`<section class="card" id="posting" aria-labelledby="h-posting">
<h2 id="h-posting">Posting</h2>
${errorList(view.errors.posting)}
<form method="post" action="/configuration/posting">
${csrfField(ctx.csrfToken)}
<div class="fields">
${selectField('postAs', 'Xero invoices come from', [
  { value: 'orders', label: 'Orders (Magento invoices become payments)' },
  { value: 'invoices', label: 'Magento invoices (for partial invoicing)' },
], p.postAs)}
${selectField('newOrderStatus', 'Status of new orders in Xero', [
  { value: 'DRAFT', label: 'Draft' },
  { value: 'SUBMITTED', label: 'Submitted for approval' },
], p.newOrderStatus, { help: 'Processing and complete orders are always approved (AUTHORISED).' })}
${textField('invoicePrefix', 'Invoice number prefix', p.invoicePrefix, { help: 'Put before the order number, e.g. WEB-. A store view may have its own, and its own Xero organisation, on the Stores page.' })}
${textField('creditNotePrefix', 'Credit note number prefix', p.creditNotePrefix)}
${selectField('guestStrategy', 'Guest orders', [
  { value: 'per_email', label: 'One contact per email address' },
  { value: 'generic_per_store', label: 'One shared contact per store' },
], p.guestStrategy)}
${textField('guestContactName', 'Shared guest contact name', p.guestContactName, { help: 'Used only with one shared contact.' })}
${textField('paymentTermsDays', 'Payment terms (days)', p.paymentTermsDays, { type: 'number', help: 'Due date = invoice date + this many days.' })}
${selectField('rewardPointsAs', 'Reward points redeemed (Adobe Commerce)', [
  { value: 'discount', label: 'A discount (less sales)' },
  { value: 'marketing_expense', label: 'A marketing expense (the reward points expense account)' },
], p.rewardPointsAs, { help: 'Posted as a line of its own on the invoice, untaxed, as Magento deducts points after tax.' })}
</div>
<label class="check-label"><input type="checkbox" name="useCompanyName"${p.useCompanyName ? html` checked` : ''}> Name contacts after the billing company when there is one</label>
<label class="check-label"><input type="checkbox" name="trackedInventory"${p.trackedInventory ? html` checked` : ''}> Products are tracked inventory in Xero (needs the inventory and cost of goods sold accounts)</label>
<label class="check-label"><input type="checkbox" name="offlineRefundsPaidOut"${p.offlineRefundsPaidOut ? html` checked` : ''}> Offline refunds were paid back (record a refund payment)</label>
<p><button type="submit" class="primary">Save posting options</button></p>
</form>
</section>`;
}

export function paymentSection(ctx: PageContext, view: ConfigurationView): SafeHtml {
  const mapping = view.settings.paymentMapping;
  const banks = view.xero.accounts.filter((a) => a.type === 'BANK');
  const methods = new Map<string, string>();
  for (const m of view.magento.paymentMethods) methods.set(m.code, m.title);
  for (const code of Object.keys(mapping)) if (!methods.has(code)) methods.set(code, code);
  const rows = [...methods.entries()].map(([code, title]) => ({ code, title }));
  const targetField = (name: string, label: string, value: string | undefined, id?: string) =>
    banks.length
      ? html`<select name="${name}" aria-label="${label}"${id ? html` id="${id}"` : ''}>
<option value="">Default bank account</option>
<option value="${DO_NOT_PAY}"${value === DO_NOT_PAY ? html` selected` : ''}>Do not pay (stays awaiting payment)</option>
${banks.map((b) => html`<option value="${b.code}"${b.code === value ? html` selected` : ''}>${b.code} · ${b.name}</option>`)}</select>`
      : html`<input type="text" name="${name}" value="${value ?? ''}" aria-label="${label}"${id ? html` id="${id}"` : ''} placeholder="account code or do-not-pay">`;
  return html`<section class="card" id="payment" aria-labelledby="h-payment">
<h2 id="h-payment">Payment methods</h2>
<p class="help">Where the money of each Magento payment method arrives. "Do not pay" leaves the Xero invoice awaiting payment (offline methods).</p>
${errorList(view.errors.paymentMapping)}
<form method="post" action="/configuration/paymentMapping">
${csrfField(ctx.csrfToken)}
${table(
  rows,
  [
    { header: 'Method', cell: (r) => html`${r.title} <span class="muted">${r.code}</span><input type="hidden" name="method" value="${r.code}">`, className: 'name' },
    { header: 'Account', cell: (r) => targetField('target', `Account for ${r.title}`, mapping[r.code]) },
  ],
  'No payment methods known yet: add one below.',
  'Payment method mapping',
)}
<fieldset><legend>Add a method</legend>
<div class="fields">
${textField('method', 'Method code', '', { id: 'new-method', placeholder: 'e.g. stripe_payments' })}
<div class="field"><label for="new-target">Account</label>${targetField('target', 'Account for the new method', undefined, 'new-target')}</div>
</div></fieldset>
<button type="submit" class="primary">Save payment methods</button>
</form>
</section>`;
}

export function reconciliationSection(ctx: PageContext, view: ConfigurationView): SafeHtml {
  const r = view.settings.reconciliation;
  return html`<section class="card" id="reconciliation" aria-labelledby="h-reconciliation">
<h2 id="h-reconciliation">Daily books check</h2>
${errorList(view.errors.reconciliation)}
<form method="post" action="/configuration/reconciliation">
${csrfField(ctx.csrfToken)}
<label class="check-label"><input type="checkbox" name="daily"${r.daily ? html` checked` : ''}> Compare Magento with Xero every day (the result shows on the dashboard)</label>
<div class="fields">
${textField('hour', 'From this hour (store time)', r.hour, { type: 'number', help: '0 to 23.' })}
${textField('days', 'Days back', r.days, { type: 'number', help: 'Ending yesterday; late refunds and hand edits in Xero show up in the days after.' })}
</div>
<label class="check-label"><input type="checkbox" name="repair"${r.repair ? html` checked` : ''}> Queue repairs automatically (never for paid, voided or locked documents)</label>
<p><button type="submit" class="primary">Save the books check</button></p>
</form>
</section>`;
}

export function totalsSection(ctx: PageContext, view: ConfigurationView): SafeHtml {
  const t = view.settings.totals;
  return html`<section class="card" id="totals" aria-labelledby="h-totals">
<h2 id="h-totals">Fees and other totals</h2>
<p class="help">Fixed product taxes and gift wrapping are posted as lines of their own (accounts above). How each Magento total reaches Xero: docs/totals.md.</p>
${errorList(view.errors.totals)}
<form method="post" action="/configuration/totals">
${csrfField(ctx.csrfToken)}
<div class="fields">
${textField('fptTaxType', 'Xero tax rate for fixed product taxes', t.fptTaxType, { help: 'Empty: the rate Magento charged on them (the product\'s), or your untaxed rate when Magento charged none.' })}
${textField('giftWrappingTaxType', 'Xero tax rate for gift wrapping', t.giftWrappingTaxType, { help: 'Empty: the rate Magento charged on it, or your untaxed rate when Magento charged none.' })}
${textField('unexplainedDifferenceLimit', 'Largest unexplained difference to post', t.unexplainedDifferenceLimit.toFixed(2), { type: 'number', help: 'In the order\'s currency; used only when the box below is ticked.' })}
</div>
<label class="check-label"><input type="checkbox" name="postUnexplainedDifference"${t.postUnexplainedDifference ? html` checked` : ''}> Post a difference to Magento's grand total that no total explains (an extension's fee) to the other charges account, up to the limit. Off: such an order is not posted and the log names the difference.</label>
<p><button type="submit" class="primary">Save fees and totals</button></p>
</form>
</section>`;
}

const EVENT_LABELS: ReadonlyArray<[keyof ConfigurationView['settings']['alerts']['events'], string]> = [
  ['recordFailed', 'A record failed (refused by Xero or Magento, or failing again and again)'],
  ['dailyLimit', "Xero's daily API limit is spent for an organisation"],
  ['xeroDisconnected', 'Xero needs to be connected again'],
  ['booksDiffer', 'The daily books check found differences'],
];

/** Alerts by webhook and email (docs/alerts.md); secrets show as the mask and stay unless replaced or emptied. */
export function alertsSection(ctx: PageContext, view: ConfigurationView): SafeHtml {
  const a = view.settings.alerts;
  return html`<section class="card" id="alerts" aria-labelledby="h-alerts">
<h2 id="h-alerts">Alerts</h2>
<p class="help">When something needs a person: one message per channel, gathered (500 failures are one message), at most one every few minutes; each alert once until its cause changes or clears. docs/alerts.md says how to check the webhook's signature.</p>
${errorList(view.errors.alerts)}
<form method="post" action="/configuration/alerts">
${csrfField(ctx.csrfToken)}
<fieldset><legend>Tell me when</legend>
${EVENT_LABELS.map(([key, label]) => html`<label class="check-label"><input type="checkbox" name="events.${key}"${a.events[key] ? html` checked` : ''}> ${label}</label>`)}
</fieldset>
<fieldset><legend>Webhook</legend><div class="fields">
${textField('webhook.url', 'Address (https)', a.webhook.url, { type: 'url', placeholder: 'https://hooks.example.com/magento-xero', help: 'Empty: no webhook. A JSON POST; plain http only to this machine.' })}
${textField('webhook.secret', 'Shared secret', a.webhook.secret, { type: 'password', autocomplete: 'new-password', help: 'Signs each body (HMAC-SHA256, header X-Magento-Xero-Signature). Kept encrypted; empty the field to remove it.' })}
</div></fieldset>
<fieldset><legend>Email (SMTP)</legend><div class="fields">
${textField('email.host', 'SMTP server', a.email.host, { placeholder: 'smtp.example.com', help: 'Empty: no email.' })}
${textField('email.port', 'Port', a.email.port, { type: 'number', help: '587 with STARTTLS, 465 with TLS.' })}
${selectField('email.security', 'Encryption', [
  { value: 'starttls', label: 'STARTTLS (required)' },
  { value: 'tls', label: 'TLS from the start' },
  { value: 'none', label: 'None (a relay on this machine)' },
], a.email.security)}
${textField('email.user', 'User', a.email.user, { autocomplete: 'off' })}
${textField('email.password', 'Password', a.email.password, { type: 'password', autocomplete: 'new-password', help: 'Kept encrypted; empty the field to remove it.' })}
${textField('email.from', 'From', a.email.from, { type: 'email', placeholder: 'shop@example.com' })}
${textField('email.to', 'To', a.email.to.join(', '), { placeholder: 'books@example.com, me@example.com', help: 'Comma-separated, at most 20.' })}
</div></fieldset>
<div class="fields">
${textField('gatherSeconds', 'Gather for (seconds)', a.gatherSeconds, { type: 'number', help: 'After the first alert, wait this long for others that come with it.' })}
${textField('quietMinutes', 'At most one message every (minutes)', a.quietMinutes, { type: 'number', help: 'What comes up in between goes in the next message.' })}
</div>
<p><button type="submit" class="primary">Save alerts</button></p>
</form>
<p>${actionButton('/alerts/test', 'Send a test alert', ctx.csrfToken)}</p>
</section>`;
}
