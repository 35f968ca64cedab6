// Configuration sections for issue 19: per store, from which day it posts one document per order, per Magento invoice or
// one daily summary (with the summaries' contact, the closing hour and the gateway clearing accounts); and which "do not
// pay" payment methods have their payments, recorded in Xero, brought back to Magento as invoices.
import { DO_NOT_PAY } from '../../settings/schemas.js';
import { csrfField, errorList, table, textField } from '../components.js';
import { html, type SafeHtml } from '../html.js';
import type { PageContext } from '../layout.js';
import type { ConfigurationView } from './configuration.js';

const MODES: ReadonlyArray<{ value: string; label: string }> = [
  { value: 'orders', label: 'One invoice per order' },
  { value: 'invoices', label: 'One invoice per Magento invoice' },
  { value: 'summary', label: 'One daily summary' },
];

function periodRow(storeId: string, index: number, from: string, mode: string, storeLabel: string): SafeHtml {
  const id = `period-${storeId}-${index}`;
  return html`<div class="fields period">
<div class="field"><label for="${id}-from">From (store day)</label><input id="${id}-from" name="period.${storeId}.from" type="date" value="${from}" aria-label="${storeLabel}: from day"></div>
<div class="field"><label for="${id}-mode">Post</label><select id="${id}-mode" name="period.${storeId}.mode" aria-label="${storeLabel}: post as">
${MODES.map((m) => html`<option value="${m.value}"${m.value === mode ? html` selected` : ''}>${m.label}</option>`)}
</select></div>
</div>`;
}

export function summariesSection(ctx: PageContext, view: ConfigurationView): SafeHtml {
  const stores = Object.entries(view.stores)
    .filter(([, s]) => s.code !== 'admin')
    .map(([id, s]) => ({ id, ...s }));
  const summary = view.settings.summary;
  const postAs = view.settings.posting.postAs === 'invoices' ? 'one invoice per Magento invoice' : 'one invoice per order';
  // Clearing-account candidates: the accounts payment methods pay into (not the bank account itself, nor a Xero bank
  // account), and any already ticked.
  const names = new Map(view.xero.accounts.map((a) => [a.code, a.name]));
  const banks = new Set([view.settings.accounts?.bank, ...view.xero.accounts.filter((a) => a.type === 'BANK').map((a) => a.code)]);
  const candidates = [
    ...new Set([...Object.values(view.settings.paymentMapping).filter((a) => a !== DO_NOT_PAY && !banks.has(a)), ...summary.clearingAccounts]),
  ];
  const methodsOf = (code: string) =>
    Object.entries(view.settings.paymentMapping)
      .filter(([, a]) => a === code)
      .map(([m]) => m);
  return html`<section class="card" id="summaries" aria-labelledby="h-summaries">
<h2 id="h-summaries">Daily summaries</h2>
<p class="help">A busy store can post one Xero invoice a day (one line per sales account and tax rate, shipping apart,
payments per payment method) and one credit note for the day's refunds, instead of a contact and an invoice per order.
Choose from which day of the store's own calendar it does so; earlier orders stay as they were posted. A day is posted once it
is closed; anything that changes a closed day is posted on the day it happens. Days before a store's first period follow
the Posting setting (${postAs}). What this means for your books: docs/summaries.md.</p>
${errorList(view.errors.stores)}
<form method="post" action="/configuration/stores">
${csrfField(ctx.csrfToken)}
${table(
  stores,
  [
    {
      header: 'Store',
      className: 'name',
      cell: (s) => html`${s.name ?? s.code} <span class="muted">${s.code} · ${s.timezone} · ${s.baseCurrency}</span><input type="hidden" name="store" value="${s.id}">`,
    },
    {
      header: 'Posting from a day on',
      cell: (s) => {
        const label = s.name ?? s.code;
        const periods = s.postingPeriods ?? [];
        return html`${periods.map((p, i) => periodRow(s.id, i, p.from, p.mode, label))}
${periodRow(s.id, periods.length, '', 'summary', `${label} (new period)`)}
<p class="help">${periods.length === 0 ? 'No period yet: every day follows the Posting setting.' : 'Clear a day to remove its period.'}</p>`;
      },
    },
    {
      header: 'Summary contact',
      cell: (s) =>
        html`<input type="text" name="contact.${s.id}" value="${s.summaryContactName ?? ''}" placeholder="Magento ${s.code} daily sales" aria-label="${s.name ?? s.code}: summary contact" maxlength="255">`,
    },
  ],
  'No stores read from Magento yet: they are read when the service connects to Magento.',
  'Posting per store',
)}
${stores.length > 0 ? html`<p><button type="submit" class="primary">Save posting per store</button></p>` : ''}
</form>
${errorList(view.errors.summary)}
<form method="post" action="/configuration/summary">
${csrfField(ctx.csrfToken)}
<div class="fields">
${textField('closeHour', 'Closing hour (store time)', summary.closeHour, { type: 'number', help: 'Yesterday is final at this hour after midnight (0 to 23), and its summary is posted then.' })}
</div>
<fieldset><legend>Gateway clearing accounts</legend>
<p class="help">A payment gateway (card, PayPal) pays out later and in lump sums: its day's payments go into a clearing account
of its own, which the bookkeeper empties against the payout. Ticked accounts are created by "Sync all accounts now" as current
assets that take payments. Choose each method's account under Payment methods.</p>
${candidates.length === 0
  ? html`<p class="empty">No payment method pays into an account of its own yet.</p>`
  : candidates.map(
      (code) =>
        html`<label class="check-label"><input type="checkbox" name="clearing" value="${code}"${summary.clearingAccounts.includes(code) ? html` checked` : ''}> ${code}${names.get(code) ? html` · ${names.get(code)!}` : ''} <span class="muted">${methodsOf(code).join(', ') || 'no method pays into it now'}</span></label>`,
    )}
</fieldset>
<p><button type="submit" class="primary">Save daily summary options</button></p>
</form>
</section>`;
}

export function paymentImportSection(ctx: PageContext, view: ConfigurationView): SafeHtml {
  const { methods, pollMinutes } = view.settings.paymentImport;
  const mapping = view.settings.paymentMapping;
  const titles = new Map(view.magento.paymentMethods.map((m) => [m.code, m.title]));
  const doNotPay = Object.entries(mapping)
    .filter(([, a]) => a === DO_NOT_PAY)
    .map(([m]) => m);
  const listed = [...new Set([...doNotPay, ...methods])];
  return html`<section class="card" id="payments-from-xero" aria-labelledby="h-payments-from-xero">
<h2 id="h-payments-from-xero">Payments from Xero</h2>
<p class="help">Orders paid by bank transfer, cheque or purchase order are paid in Xero, when the bookkeeper matches the bank
line to the invoice. For the methods ticked here (each set to "Do not pay" under Payment methods), an invoice paid in full in
Xero makes the Magento invoice for its order (offline capture), once, so the order moves on in Magento; a part payment
invoices nothing. Those Magento invoices are never posted back to Xero as a second payment. What happened: the Paid in Xero
page. How it works: docs/payments-back.md.</p>
${errorList(view.errors.paymentImport)}
<form method="post" action="/configuration/paymentImport">
${csrfField(ctx.csrfToken)}
${listed.length === 0
  ? html`<p class="empty">No payment method is set to "Do not pay".</p>`
  : listed.map((m) => {
      const ready = mapping[m] === DO_NOT_PAY;
      return html`<label class="check-label"><input type="checkbox" name="importMethod" value="${m}"${methods.includes(m) ? html` checked` : ''}> ${titles.get(m) ?? m} <span class="muted">${m}</span>${ready ? '' : html` <strong>not set to "Do not pay": nothing is brought back until it is</strong>`}</label>`;
    })}
<div class="fields">
${textField('pollMinutes', 'Ask Xero every (minutes)', pollMinutes, { type: 'number', help: 'For invoices paid since the last look; with Xero webhooks set up a payment arrives at once.' })}
</div>
<p><button type="submit" class="primary">Save payments from Xero</button></p>
</form>
</section>`;
}
