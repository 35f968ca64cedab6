/**
 * A stand-in for Xero's web app, so a "View on Xero" link followed in the sandbox lands somewhere: the deep-link form
 * `/organisationlogin/default.aspx?shortcode=...&redirecturl=...` renders one read-only page for the invoice, credit note,
 * contact or item that redirecturl names, from the organisation whose ShortCode matches. No login: the emulator is local.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { dateString } from '../dates.js';
import type { ContactRecord, DocumentRecord, ItemRecord } from '../model.js';
import type { EmulatorState, Organisation } from '../state.js';

type Found =
  | { kind: 'invoice' | 'creditNote'; doc: DocumentRecord }
  | { kind: 'contact'; contact: ContactRecord }
  | { kind: 'item'; item: ItemRecord };

const GUID = '([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})';
const TARGETS: ReadonlyArray<{ pattern: RegExp; find: (org: Organisation, id: string) => Found | undefined }> = [
  {
    pattern: new RegExp(`^/AccountsReceivable/View\\.aspx\\?InvoiceID=${GUID}$`, 'i'),
    find: (org, id) => withDoc('invoice', org.invoices.get(id.toLowerCase()) ?? org.invoices.get(id)),
  },
  {
    pattern: new RegExp(`^/AccountsReceivable/ViewCreditNote\\.aspx\\?creditNoteID=${GUID}$`, 'i'),
    find: (org, id) => withDoc('creditNote', org.creditNotes.get(id.toLowerCase()) ?? org.creditNotes.get(id)),
  },
  {
    pattern: new RegExp(`^/Contacts/View/${GUID}$`, 'i'),
    find: (org, id) => {
      const contact = org.contacts.get(id.toLowerCase()) ?? org.contacts.get(id);
      return contact ? { kind: 'contact', contact } : undefined;
    },
  },
  {
    pattern: new RegExp(`^/Accounts/Inventory/${GUID}$`, 'i'),
    find: (org, id) => {
      const item = org.items.get(id.toLowerCase()) ?? org.items.get(id);
      return item ? { kind: 'item', item } : undefined;
    },
  },
];

function withDoc(kind: 'invoice' | 'creditNote', doc: DocumentRecord | undefined): Found | undefined {
  return doc ? { kind, doc } : undefined;
}

export function registerGoXero(app: FastifyInstance, deps: { state: EmulatorState }): void {
  app.get('/organisationlogin/default.aspx', async (req, reply) => {
    const query = req.query as Record<string, unknown>;
    const shortCode = typeof query['shortcode'] === 'string' ? query['shortcode'] : '';
    const target = typeof query['redirecturl'] === 'string' ? query['redirecturl'] : '';
    const org = [...deps.state.organisations.values()].find((o) => o.shortCode.toLowerCase() === shortCode.toLowerCase());
    if (!org) return notFound(reply, undefined, `No organisation has the short code ${shortCode || '(none)'}.`);
    for (const t of TARGETS) {
      const m = t.pattern.exec(target);
      if (!m) continue;
      const found = t.find(org, m[1]!);
      if (!found) return notFound(reply, org, `Nothing in ${org.name} has the id ${m[1]!}.`);
      return send(reply, 200, org, titleOf(found), bodyOf(org, found));
    }
    return notFound(reply, org, `This page is not part of the emulator: ${target || '(no redirecturl)'}.`);
  });
}

function titleOf(f: Found): string {
  switch (f.kind) {
    case 'invoice':
      return `Invoice ${f.doc.number}`;
    case 'creditNote':
      return `Credit note ${f.doc.number}`;
    case 'contact':
      return f.contact.Name;
    case 'item':
      return `Item ${f.item.Code}`;
  }
}

function bodyOf(org: Organisation, f: Found): string {
  switch (f.kind) {
    case 'invoice':
    case 'creditNote':
      return documentBody(org, f.doc);
    case 'contact':
      return facts([
        ['Name', f.contact.Name],
        ['Contact number', text(f.contact.fields['ContactNumber'])],
        ['Email', text(f.contact.fields['EmailAddress'])],
        ['Status', f.contact.ContactStatus],
        ['Outstanding', money(outstandingOf(org, f.contact.ContactID), org.baseCurrency)],
      ]);
    case 'item':
      return facts([
        ['Code', f.item.Code],
        ['Name', f.item.Name ?? ''],
        ['Description', f.item.Description ?? ''],
        ['Sale price', f.item.SalesDetails.unit4 === undefined ? '' : unit(f.item.SalesDetails.unit4)],
        ['Sales account', f.item.SalesDetails.AccountCode ?? ''],
        ['Tracked as inventory', f.item.IsTrackedAsInventory ? 'Yes' : 'No'],
      ]);
  }
}

function documentBody(org: Organisation, d: DocumentRecord): string {
  const contact = org.contacts.get(d.contactId);
  const due = d.total - d.paid - d.credited;
  // Without a discount column a discounted line reads as wrong arithmetic (1 x 17.28 = 14.69).
  const discounted = d.lines.some((l) => (l.discountRate4 ?? 0n) !== 0n || (l.discountCents ?? 0n) !== 0n);
  const discount = (l: DocumentRecord['lines'][number]) =>
    l.discountRate4 !== undefined ? `${quantity(l.discountRate4)}%` : l.discountCents !== undefined ? money(l.discountCents, '') : '';
  const lines = d.lines
    .map(
      (l) =>
        `<tr><td>${escape(l.Description ?? l.ItemCode ?? '')}</td><td class="num">${escape(quantity(l.quantity4))}</td>` +
        `<td class="num">${escape(unit(l.unit4))}</td>${discounted ? `<td class="num">${escape(discount(l))}</td>` : ''}` +
        `<td class="num">${escape(money(l.lineCents, ''))}</td></tr>`,
    )
    .join('');
  return (
    facts([
      ['Number', d.number],
      ['Contact', contact?.Name ?? ''],
      ['Reference', d.Reference ?? ''],
      ['Date', dateString(d.date).slice(0, 10)],
      ['Status', d.status],
      ['Total', money(d.total, d.currencyCode)],
      [d.kind === 'invoice' ? 'Amount due' : 'Remaining credit', money(due, d.currencyCode)],
    ]) +
    (lines
      ? `<table><thead><tr><th>Description</th><th class="num">Qty</th><th class="num">Unit price</th>${discounted ? '<th class="num">Disc.</th>' : ''}<th class="num">Amount</th></tr></thead><tbody>${lines}</tbody></table>`
      : '')
  );
}

/** What the contact still owes on authorised invoices, as the contact page's summary shows. */
function outstandingOf(org: Organisation, contactId: string): bigint {
  let sum = 0n;
  for (const d of org.invoices.values()) {
    if (d.contactId === contactId && d.status === 'AUTHORISED' && d.Type === 'ACCREC') sum += d.total - d.paid - d.credited;
  }
  return sum;
}

function facts(rows: Array<[string, string]>): string {
  return `<dl>${rows.map(([k, v]) => `<dt>${escape(k)}</dt><dd>${escape(v || '—')}</dd>`).join('')}</dl>`;
}

function text(v: string | boolean | undefined): string {
  return typeof v === 'string' ? v : '';
}

/** Cents as "1,234.56 GBP". */
export function money(cents: bigint, currency: string): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const amount = `${negative ? '-' : ''}${whole}.${(abs % 100n).toString().padStart(2, '0')}`;
  return currency ? `${amount} ${currency}` : amount;
}

function unit(unit4: bigint): string {
  const s = scaled(unit4, 4);
  // Two places at least, as Xero shows prices; four only when they matter.
  const [w, f = ''] = s.split('.');
  return `${w}.${f.replace(/0+$/, '').padEnd(2, '0')}`;
}

function quantity(q4: bigint): string {
  return scaled(q4, 4).replace(/\.?0+$/, '');
}

function scaled(v: bigint, scale: number): string {
  const negative = v < 0n;
  const abs = negative ? -v : v;
  const d = 10n ** BigInt(scale);
  return `${negative ? '-' : ''}${abs / d}.${(abs % d).toString().padStart(scale, '0')}`;
}

export function escape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function notFound(reply: FastifyReply, org: Organisation | undefined, message: string): FastifyReply {
  return send(reply, 404, org, 'Page not found', `<p>${escape(message)}</p>`);
}

function send(reply: FastifyReply, status: number, org: Organisation | undefined, title: string, body: string): FastifyReply {
  const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} | Xero (emulated)</title>
<style>
body{margin:0;font:15px/1.5 system-ui,sans-serif;color:#1a1d21;background:#f4f5f7}
header{background:#1f2b3a;color:#fff;padding:.8rem 1.5rem;display:flex;gap:1rem;align-items:baseline;flex-wrap:wrap}
header strong{font-size:1.05rem}header span{opacity:.75;font-size:.85rem}
main{max-width:56rem;margin:1.5rem auto;padding:0 1rem}
.card{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:1rem 1.5rem;overflow-x:auto}
h1{font-size:1.4rem;margin:0 0 1rem;overflow-wrap:anywhere}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1.5rem;margin:0 0 1rem}
dt{color:#5b6470}dd{margin:0;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .5rem;border-top:1px solid #e6e9ed}
.num{text-align:right;font-variant-numeric:tabular-nums}
</style></head>
<body>
<header><strong>${escape(org?.name ?? 'Xero')}</strong><span>Xero emulator: a read-only view of the organisation's books</span></header>
<main><div class="card"><h1>${escape(title)}</h1>
${body}
</div></main>
</body></html>`;
  return reply.code(status).type('text/html; charset=utf-8').send(page);
}
