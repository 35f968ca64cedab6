import type { MagentoCreditMemo, MagentoOrder } from '../../src/domain/magento.js';
import type { MagentoEmulatorOptions } from '../../src/emulators/magento/index.js';
import { magentoLineFigures } from '../../src/mapping/testing/magento-model.js';
import type { XeroEmulatorOptions } from '../../src/emulators/xero/index.js';
import { runCli } from '../support/cli.js';
import { startStack, type Stack } from '../support/stack.js';
import { xeroState } from '../support/xero-state.js';

/** A US organisation that takes the generated store's currencies (the store sells in USD, EUR and GBP). */
export const US_TENANT = { name: 'Demo Company (US)', region: 'US' as const, baseCurrency: 'USD', currencies: ['EUR', 'GBP'] };
export const NO_LIMITS = { perMinute: 1_000_000_000, perDay: 1_000_000_000, concurrent: 1_000 };

/** Both emulators, a generated store of the given size, Xero connected. */
export async function salesStack(
  magento: MagentoEmulatorOptions,
  options: { xero?: XeroEmulatorOptions; databaseUrl?: string } = {},
): Promise<Stack> {
  const stack = await startStack({
    magento,
    xero: { tenants: [US_TENANT], limits: NO_LIMITS, ...options.xero },
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
  });
  await stack.connectXero();
  return stack;
}

/**
 * The same generated store twice: a baseline synced undisturbed (`sync --all` through the CLI) and a victim left unsynced
 * for the test to disturb. Comparing their books shows what the disturbance changed.
 */
export async function baselineAndVictim(
  magento: MagentoEmulatorOptions,
  victim: { xero?: XeroEmulatorOptions; databaseUrl?: string } = {},
): Promise<{ baseline: Stack; victim: Stack; cleanMs: number }> {
  const [baselineStack, victimStack] = await Promise.all([salesStack(magento), salesStack(magento, victim)]);
  const started = Date.now();
  const clean = await runCli(['sync', '--all', '--json'], baselineStack.env);
  if (clean.code !== 0) throw new Error(`the undisturbed baseline sync failed (exit ${clean.code}): ${clean.stderr}`);
  return { baseline: baselineStack, victim: victimStack, cleanMs: Date.now() - started };
}

type Doc = Record<string, any>;

export function magentoRecords(stack: Stack, kind: 'customers' | 'products' | 'orders' | 'invoices' | 'creditmemos'): Doc[] {
  const store = (stack.magento.app.magento.context as unknown as { store: Record<string, { all(): readonly Doc[] }> }).store;
  return [...(store[kind]?.all() ?? [])];
}

export const cents = (value: unknown): number => Math.round(Number(value ?? 0) * 100);

export interface Books {
  contacts: Doc[];
  items: Doc[];
  invoices: Doc[];
  creditNotes: Doc[];
  payments: Doc[];
}

export async function xeroBooks(url: string): Promise<Books> {
  const org = (await xeroState(url)).organisations[0] ?? {};
  const pick = (name: string): Doc[] => (org[name] ?? org[name.charAt(0).toLowerCase() + name.slice(1)] ?? []) as Doc[];
  return { contacts: pick('Contacts'), items: pick('Items'), invoices: pick('Invoices'), creditNotes: pick('CreditNotes'), payments: pick('Payments') };
}

function duplicatesOf(docs: Doc[], key: (d: Doc) => string | undefined): string[] {
  const seen = new Map<string, number>();
  for (const d of docs) {
    const k = key(d);
    if (k !== undefined) seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([k, n]) => `${k} ×${n}`);
}

const live = (d: Doc) => d['Status'] !== 'DELETED' && d['Status'] !== 'VOIDED';

/**
 * Everything that must hold after a backfill, however it was interrupted: each Magento record is in Xero exactly once
 * (contacts by ContactNumber, items by Code, invoices by InvoiceNumber, credit notes by CreditNoteNumber, payments by
 * Magento invoice), and the money matches Magento: invoice totals, credit note totals, payments per invoice.
 * Returns the problems found (empty when the books are right).
 */
export function auditBooks(stack: Stack, books: Books): string[] {
  const problems: string[] = [];
  const dup = (what: string, list: string[]) => list.length > 0 && problems.push(`duplicate ${what}: ${list.slice(0, 10).join(', ')}`);
  dup('contacts', duplicatesOf(books.contacts.filter((c) => c['ContactStatus'] !== 'ARCHIVED'), (c) => c['ContactNumber']));
  dup('items', duplicatesOf(books.items, (i) => i['Code']));
  dup('invoices', duplicatesOf(books.invoices.filter((i) => i['Status'] !== 'DELETED'), (i) => i['InvoiceNumber']));
  dup('credit notes', duplicatesOf(books.creditNotes.filter((c) => c['Status'] !== 'DELETED'), (c) => c['CreditNoteNumber']));
  const livePayments = books.payments.filter((p) => p['Status'] !== 'DELETED');
  dup('payments', duplicatesOf(livePayments, (p) => `${p['Invoice']?.['InvoiceNumber']}/${p['Reference']}/${p['Amount']}`));

  const invoiceByNumber = new Map(books.invoices.filter((i) => i['Status'] !== 'DELETED').map((i) => [String(i['InvoiceNumber']), i]));
  const creditByNumber = new Map(books.creditNotes.filter((c) => c['Status'] !== 'DELETED').map((c) => [String(c['CreditNoteNumber']), c]));
  const orders = magentoRecords(stack, 'orders');
  const orderById = new Map(orders.map((o) => [String(o['entity_id']), o]));
  for (const order of orders) {
    const number = String(order['increment_id']);
    const invoice = invoiceByNumber.get(number);
    // An order invoiced in part and canceled for the rest sold its grand total less total_canceled: its invoice says so,
    // or keeps the whole order with a credit note for the canceled part ("<number>-C") allocated to it.
    const canceled = order['state'] !== 'canceled' ? cents(order['total_canceled']) : 0;
    const part = canceled > 0 ? creditByNumber.get(`${number}-C`) : undefined;
    const sold = cents(invoice?.['Total']) - (part ? cents(part['Total']) : 0);
    if (invoice && live(invoice) && sold !== cents(order['grand_total']) - canceled) {
      problems.push(`invoice ${number}: Xero total ${invoice['Total']} ≠ Magento grand total ${order['grand_total']}${canceled > 0 ? ` less ${order['total_canceled']} canceled` : ''}`);
    }
  }
  for (const memo of magentoRecords(stack, 'creditmemos')) {
    const order = orderById.get(String(memo['order_id']));
    if (!order) continue;
    const number = String(memo['increment_id']);
    const note = creditByNumber.get(number);
    if (note && cents(note['Total']) !== cents(memo['grand_total'])) {
      problems.push(`credit note ${number}: Xero total ${note['Total']} ≠ Magento ${memo['grand_total']}`);
    }
  }
  return problems;
}

export interface LineAudit {
  /** Documents whose lines were compared with Magento's. */
  documents: number;
  lines: number;
  /** Rounding lines the connector had to add (0 wherever Magento's own figures agree). */
  roundingLines: number;
  problems: string[];
}

type XeroLine = { Description?: string; LineAmount?: number; TaxAmount?: number };

/** "amount/tax" pairs of a Xero document's lines in cents, without rounding lines and zero lines, sorted. */
function xeroPairs(doc: Doc): string[] {
  return ((doc['LineItems'] ?? []) as XeroLine[])
    .filter((l) => l.Description !== 'Rounding')
    .map((l) => ({ lineCents: cents(l.LineAmount), taxCents: cents(l.TaxAmount) }))
    .filter((l) => l.lineCents !== 0 || l.taxCents !== 0)
    .map((l) => `${l.lineCents}/${l.taxCents}`)
    .sort();
}

function magentoPairs(doc: Doc, mode: 'Exclusive' | 'Inclusive' | 'NoTax'): string[] {
  return magentoLineFigures(doc as unknown as MagentoOrder | MagentoCreditMemo, mode)
    .map((l) => `${l.lineCents}/${l.taxCents}`)
    .sort();
}

/**
 * What an order invoiced in part and canceled for the rest sold: each item at Magento's own invoiced figures
 * (qty_invoiced, row_invoiced, tax_invoiced, discount_invoiced), items canceled whole left out. Other orders as they are.
 */
export function soldPart(order: Doc): Doc {
  const items = (order['items'] ?? []) as Doc[];
  if (order['state'] === 'canceled' || !items.some((i) => Number(i['qty_canceled'] ?? 0) > 0)) return order;
  const gone = new Set(items.filter((i) => Number(i['qty_invoiced'] ?? 0) === 0).map((i) => i['item_id']));
  const kept = items
    .filter((i) => !gone.has(i['item_id']) && !gone.has(i['parent_item_id']))
    .map((i) => {
      if (Number(i['qty_canceled'] ?? 0) === 0) return i;
      const row = cents(i['row_invoiced']);
      const tax = cents(i['tax_invoiced']);
      // A fixed product tax is split like the row (round(amount × invoiced ÷ ordered)).
      const ordered = Number(i['qty_ordered'] ?? 0);
      const share = (v: unknown) => (ordered === 0 ? 0 : Math.round((cents(v) * Number(i['qty_invoiced'] ?? 0)) / ordered) / 100);
      const weee: Doc = {};
      if (i['weee_tax_applied_row_amount'] != null) weee['weee_tax_applied_row_amount'] = share(i['weee_tax_applied_row_amount']);
      if (typeof i['weee_tax_applied'] === 'string') {
        try {
          let list: unknown = JSON.parse(i['weee_tax_applied']);
          if (typeof list === 'string') list = JSON.parse(list);
          if (Array.isArray(list)) weee['weee_tax_applied'] = JSON.stringify(list.map((a: Doc) => ({ ...a, row_amount: share(a['row_amount']), row_amount_incl_tax: share(a['row_amount_incl_tax']) })));
        } catch {
          // left as it is
        }
      }
      return {
        ...i,
        ...weee,
        qty_ordered: i['qty_invoiced'],
        row_total: row / 100,
        tax_amount: tax / 100,
        discount_amount: cents(i['discount_invoiced']) / 100,
        discount_tax_compensation_amount: cents(i['discount_tax_compensation_invoiced']) / 100,
        row_total_incl_tax: (row + tax) / 100,
        ...soldWeee(i),
      };
    });
  // A store reporting rows net of their discount keeps its subtotal gross: the sold rows plus their discounts.
  const c = (xs: Doc[], k: string) => xs.reduce((sum, i) => sum + cents(i[k]), 0);
  const rowsDiscount = c(items, 'discount_amount') - c(items, 'discount_tax_compensation_amount');
  const net = rowsDiscount !== 0 && c(items, 'row_total') !== cents(order['subtotal']) && c(items, 'row_total') + rowsDiscount === cents(order['subtotal']);
  const subtotal = c(kept, 'row_total') + (net ? c(kept, 'discount_amount') - c(kept, 'discount_tax_compensation_amount') : 0);
  return { ...order, items: kept, subtotal: subtotal / 100 };
}

/** An item's fixed product tax for the quantity invoiced (Magento splits it by quantity like the row). */
function soldWeee(i: Doc): Doc {
  const weee = cents(i['weee_tax_applied_row_amount']);
  if (weee === 0) return {};
  const part = (v: number) => Math.round((v * Number(i['qty_invoiced'] ?? 0)) / Number(i['qty_ordered'] ?? 1));
  const applied = JSON.parse(String(i['weee_tax_applied'] ?? '[]')) as Doc[];
  return {
    weee_tax_applied_row_amount: part(weee) / 100,
    weee_tax_applied: JSON.stringify(applied.map((a) => ({ ...a, row_amount: part(cents(a['row_amount'])) / 100, row_amount_incl_tax: part(cents(a['row_amount_incl_tax'])) / 100 }))),
  };
}

/**
 * Every line of every live invoice and credit note in Xero against the Magento order or credit memo it came from: each
 * Xero line (LineAmount and TaxAmount as Xero computed and stored them) must be one of Magento's lines (row less discount,
 * with its tax; shipping; adjustments), figured from Magento's own numbers alone. Rounding lines are counted.
 */
export function auditLines(stack: Stack, books: Books): LineAudit {
  const audit: LineAudit = { documents: 0, lines: 0, roundingLines: 0, problems: [] };
  const orders = new Map(magentoRecords(stack, 'orders').map((o) => [String(o['increment_id']), o]));
  const memos = new Map(magentoRecords(stack, 'creditmemos').map((m) => [String(m['increment_id']), m]));
  const check = (what: string, doc: Doc, source: Doc | undefined) => {
    if (!source) return;
    audit.documents++;
    const lines = (doc['LineItems'] ?? []) as XeroLine[];
    audit.lines += lines.length;
    audit.roundingLines += lines.filter((l) => l.Description === 'Rounding').length;
    const got = xeroPairs(doc);
    const wanted = magentoPairs(source, doc['LineAmountTypes'] as 'Exclusive' | 'Inclusive' | 'NoTax');
    if (got.join(' ') !== wanted.join(' ')) audit.problems.push(`${what}: Xero lines (amount/tax) ${got.join(' ')} ≠ Magento's ${wanted.join(' ')}`);
  };
  for (const invoice of books.invoices.filter(live)) {
    const order = orders.get(String(invoice['InvoiceNumber']));
    // An order canceled in part is invoiced for what was sold, or in full with a credit note for the canceled part.
    const part = books.creditNotes.find((c) => live(c) && c['CreditNoteNumber'] === `${String(invoice['InvoiceNumber'])}-C`);
    check(`invoice ${invoice['InvoiceNumber']}`, invoice, order && !part ? soldPart(order) : order);
  }
  for (const note of books.creditNotes.filter(live)) check(`credit note ${note['CreditNoteNumber']}`, note, memos.get(String(note['CreditNoteNumber'])));
  return audit;
}

export async function controlXero(stack: Stack, path: string, body?: unknown, method = 'POST'): Promise<unknown> {
  const auth = Buffer.from(`${stack.env['XERO_CLIENT_ID']}:${stack.env['XERO_CLIENT_SECRET']}`).toString('base64');
  const res = await fetch(`${stack.xero.url}/__emulator${path}`, {
    method,
    headers: { authorization: `Basic ${auth}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`emulator ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json().catch(() => undefined);
}

export async function loadMagento(stack: Stack, entities: Record<string, unknown[]>): Promise<void> {
  const res = await fetch(`${stack.magento.url}/__emulator/entities`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.env['MAGENTO_ACCESS_TOKEN']}`, 'content-type': 'application/json' },
    body: JSON.stringify(entities),
  });
  if (!res.ok) throw new Error(`Magento emulator entities: HTTP ${res.status} ${await res.text()}`);
}

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a backfill leaves in Xero, keyed by Magento's numbers: two runs of the same store must agree on all of it. */
export function ledgerOf(books: Books): Map<string, string> {
  const ledger = new Map<string, string>();
  // Presence only: when two customers share a name, which one gets the plain name depends on who is posted first.
  for (const c of books.contacts) if (c['ContactStatus'] !== 'ARCHIVED') ledger.set(`contact ${c['ContactNumber']}`, 'present');
  for (const i of books.items) ledger.set(`item ${i['Code']}`, String(i['SalesDetails']?.['UnitPrice'] ?? ''));
  for (const i of books.invoices.filter((d) => d['Status'] !== 'DELETED')) {
    ledger.set(`invoice ${i['InvoiceNumber']}`, `${i['Status']} total ${cents(i['Total'])} paid ${cents(i['AmountPaid'])} credited ${cents(i['AmountCredited'])}`);
  }
  for (const c of books.creditNotes.filter((d) => d['Status'] !== 'DELETED')) {
    ledger.set(`credit note ${c['CreditNoteNumber']}`, `${c['Status']} total ${cents(c['Total'])} remaining ${cents(c['RemainingCredit'])}`);
  }
  const payments = new Map<string, number[]>();
  for (const p of books.payments.filter((d) => d['Status'] !== 'DELETED')) {
    const key = `payments on ${p['Invoice']?.['InvoiceNumber'] ?? p['CreditNote']?.['CreditNoteNumber']}`;
    payments.set(key, [...(payments.get(key) ?? []), cents(p['Amount'])]);
  }
  for (const [k, v] of payments) ledger.set(k, v.sort((a, b) => a - b).join(' + '));
  return ledger;
}

/** Differences between the books of an undisturbed run and of a disturbed one (empty when they agree). */
export function compareLedgers(expected: Map<string, string>, actual: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of expected) if (actual.get(k) !== v) out.push(`${k}: expected ${v}, got ${actual.get(k) ?? 'nothing'}`);
  for (const [k, v] of actual) if (!expected.has(k)) out.push(`${k}: unexpected ${v}`);
  return out;
}
