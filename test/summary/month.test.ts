// Must show (issue 19): a month of a generated store posted in daily summary mode. Per store, day and currency the
// summary equals Magento to the cent (total, tax, and per account and tax type); payments per payment-method account;
// refunds as one credit note a day; a late refund of a closed day lands on its own day; a late invoice of a posted day
// goes to the day it arrives; no document is posted twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toMinor, toMinorOr0 } from '../../src/domain/money.js';
import { magentoCreditMemoSchema, magentoInvoiceSchema, magentoOrderSchema } from '../../src/domain/magento.js';
import { magentoToLocalDate } from '../../src/domain/dates.js';
import { magentoInvoiceToInvoice } from '../../src/mapping/invoice.js';
import { withPostingMode } from '../../src/mapping/posting-mode.js';
import { computeDocument } from '../../src/mapping/xero-arithmetic.js';
import { advanceTo, magentoRecords, summaryDocuments, summaryStack, workQueue, type SummaryStack } from './support.js';

const DAY = 86_400_000;
const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

describe('a month of a generated store in daily summary mode', () => {
  let s: SummaryStack;

  beforeAll(async () => {
    s = await summaryStack({ orders: 300, days: 30 });
    await s.service.enqueue('all');
    await workQueue(s.runtime);
  }, 300_000);
  afterAll(async () => {
    await s?.close();
  });

  it('posts one invoice per store, day and currency that equals Magento to the cent, by account and tax type', async () => {
    const settings = await s.runtime.context.settings();
    const orders = new Map(magentoRecords(s, 'orders').map((o) => [String(o['entity_id']), magentoOrderSchema.parse(o)]));
    const expected = { total: new Map<string, number>(), tax: new Map<string, number>(), lines: new Map<string, number>(), paid: new Map<string, number>() };
    for (const raw of magentoRecords(s, 'invoices')) {
      const invoice = magentoInvoiceSchema.parse(raw);
      if (invoice.state === 3) continue;
      const order = orders.get(String(invoice.order_id))!;
      const store = settings.stores[String(order.store_id)]!;
      const key = `${store.code}:${magentoToLocalDate(invoice.created_at, store.timezone)}:${order.order_currency_code}`;
      add(expected.total, key, toMinor(invoice.grand_total));
      add(expected.tax, key, toMinorOr0(invoice.tax_amount));
      const mapped = magentoInvoiceToInvoice(invoice, order, withPostingMode(settings, order.store_id, 'invoices'));
      if (mapped.kind !== 'post') throw new Error(`invoice ${invoice.increment_id}: ${mapped.kind}`);
      const t = computeDocument(mapped.invoice);
      mapped.invoice.LineItems.forEach((l, i) => {
        const net = mapped.invoice.LineAmountTypes === 'Inclusive' ? t.lines[i]!.lineAmount - t.lines[i]!.taxAmount : t.lines[i]!.lineAmount;
        add(expected.lines, `${key}:${l.AccountCode}:${l.TaxType}:net`, net);
        add(expected.lines, `${key}:${l.AccountCode}:${l.TaxType}:tax`, t.lines[i]!.taxAmount);
      });
      const account = { braintree: '611', paypal_express: '612' }[order.payment?.method ?? ''];
      if (account && toMinor(invoice.grand_total) > 0) add(expected.paid, `${key}:${account}`, toMinor(invoice.grand_total));
    }
    const { invoices } = await summaryDocuments(s);
    expect(invoices.length).toBeGreaterThan(20);
    const seen = { total: new Map<string, number>(), tax: new Map<string, number>(), lines: new Map<string, number>(), paid: new Map<string, number>() };
    const numbers = new Set<string>();
    for (const inv of invoices) {
      expect(numbers.has(inv['InvoiceNumber'])).toBe(false);
      numbers.add(inv['InvoiceNumber']);
      const [, code, ymd, currency] = /^DS-(.+)-(\d{8})-([A-Z]{3})$/.exec(inv['InvoiceNumber'])!;
      const key = `${code}:${ymd!.slice(0, 4)}-${ymd!.slice(4, 6)}-${ymd!.slice(6)}:${currency}`;
      expect(inv['Status']).toBe('PAID' === inv['Status'] ? 'PAID' : 'AUTHORISED');
      add(seen.total, key, toMinor(inv['Total']));
      add(seen.tax, key, toMinor(inv['TotalTax']));
      for (const l of inv['LineItems']) {
        const net = inv['LineAmountTypes'] === 'Inclusive' ? toMinor(l['LineAmount']) - toMinor(l['TaxAmount']) : toMinor(l['LineAmount']);
        add(seen.lines, `${key}:${l['AccountCode']}:${l['TaxType']}:net`, net);
        add(seen.lines, `${key}:${l['AccountCode']}:${l['TaxType']}:tax`, toMinor(l['TaxAmount'] ?? 0));
      }
    }
    const payments = (await import('../support/xero-state.js')).xeroDocuments(s.stack.xero.url, 'Payments');
    const byInvoice = new Map(invoices.map((i) => [i['InvoiceID'], i]));
    for (const p of await payments) {
      const inv = p['Invoice'] && byInvoice.get(p['Invoice']['InvoiceID']);
      if (!inv) continue;
      const [, code, ymd, currency] = /^DS-(.+)-(\d{8})-([A-Z]{3})$/.exec(inv['InvoiceNumber'])!;
      add(seen.paid, `${code}:${ymd!.slice(0, 4)}-${ymd!.slice(4, 6)}-${ymd!.slice(6)}:${currency}:${p['Account']['Code']}`, toMinor(p['Amount']));
    }
    // Only closed days are posted: the last store day may still be open.
    const posted = (k: string) => [...seen.total.keys()].some((t) => k.startsWith(t));
    const only = (m: Map<string, number>) => new Map([...m].filter(([k, v]) => posted(k) && v !== 0));
    expect(only(seen.total)).toEqual(only(expected.total));
    expect(only(seen.tax)).toEqual(only(expected.tax));
    expect(only(seen.lines)).toEqual(only(expected.lines));
    expect(only(seen.paid)).toEqual(only(expected.paid));
    expect([...expected.total.keys()].filter((k) => !posted(k)).length).toBeLessThanOrEqual(3);
  });

  it('refunds: one credit note per store, day and currency with the credit memos\' totals, refunded when the money went back', async () => {
    const settings = await s.runtime.context.settings();
    const orders = new Map(magentoRecords(s, 'orders').map((o) => [String(o['entity_id']), magentoOrderSchema.parse(o)]));
    const expected = new Map<string, number>();
    for (const raw of magentoRecords(s, 'creditmemos')) {
      const memo = magentoCreditMemoSchema.parse(raw);
      if (memo.state === 3) continue;
      const order = orders.get(String(memo.order_id))!;
      const store = settings.stores[String(order.store_id)]!;
      add(expected, `${store.code}:${magentoToLocalDate(memo.created_at, store.timezone).replace(/-/g, '')}:${order.order_currency_code}`, toMinor(memo.grand_total));
    }
    const { creditNotes } = await summaryDocuments(s);
    expect(creditNotes.length).toBeGreaterThan(3);
    for (const cn of creditNotes) {
      const [, code, ymd, currency] = /^DR-(.+)-(\d{8})-([A-Z]{3})$/.exec(cn['CreditNoteNumber'])!;
      expect(toMinor(cn['Total'])).toBe(expected.get(`${code}:${ymd}:${currency}`));
      expect(cn['LineItems'].every((l: Record<string, unknown>) => !l['DiscountAmount'])).toBe(true);
    }
    // Some credit notes were refunded (online refunds), none beyond its total.
    const refunded = creditNotes.filter((c) => toMinor(c['RemainingCredit'] ?? 0) < toMinor(c['Total']));
    expect(refunded.length).toBeGreaterThan(0);
  });

  it('a late refund of a closed, posted day goes into the summary of the day it happens; posted days stay as they were', async () => {
    const before = await summaryDocuments(s);
    const settings = await s.runtime.context.settings();
    // An order of an early, posted day that can still be refunded.
    const order = magentoRecords(s, 'orders').find((o) => o['state'] === 'complete' && Number(o['store_id']) === 1 && String(o['created_at']) < '2025-12-10')!;
    const store = settings.stores['1']!;
    const orderDay = magentoToLocalDate(String(order['created_at']), store.timezone);
    s.clock.advance(DAY + 3_600_000); // the next day, 13:00 UTC: the store's 2026-01-02
    const token = s.stack.env['MAGENTO_ACCESS_TOKEN']!;
    const res = await fetch(`${s.stack.magento.url}/rest/V1/order/${order['entity_id']}/refund`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ arguments: { shipping_amount: 0, adjustment_positive: 5 } }),
    });
    expect(res.status).toBe(200);
    const memoId = String(await res.json());
    await s.service.enqueue('creditmemo', { ids: [memoId] });
    await workQueue(s.runtime);
    const entry = (await s.runtime.storage.summaries.entriesOf('creditmemo', [memoId]))[0]!;
    const today = magentoToLocalDate(new Date(s.clock.now()).toISOString().replace('T', ' ').slice(0, 19), store.timezone);
    expect(entry.day).toBe(today);
    expect(entry.day > orderDay).toBe(true);
    // Nothing posted yet for today; the days posted before are untouched (the day that just closed was posted as usual).
    const now = await summaryDocuments(s);
    const shape = (docs: Array<Record<string, any>>) => docs.map((c) => [c['CreditNoteNumber'] ?? c['InvoiceNumber'], c['Total'], c['UpdatedDateUTC']]);
    const earlier = (docs: Array<Record<string, any>>, known: Array<Record<string, any>>) => docs.filter((d) => known.some((k) => k['InvoiceID'] === d['InvoiceID'] && k['CreditNoteID'] === d['CreditNoteID']));
    expect(shape(earlier(now.creditNotes, before.creditNotes))).toEqual(shape(before.creditNotes));
    expect(shape(earlier(now.invoices, before.invoices))).toEqual(shape(before.invoices));
    expect(now.creditNotes.some((c) => String(c['CreditNoteNumber']).includes(today.replace(/-/g, '')))).toBe(false);
    // Once today closes, its credit note holds the late refund.
    await advanceTo(s, s.clock.now() + DAY);
    const after = await summaryDocuments(s);
    const cn = after.creditNotes.find((c) => c['CreditNoteNumber'] === `DR-default-${today.replace(/-/g, '')}-USD`);
    expect(cn).toBeDefined();
    const memo = magentoRecords(s, 'creditmemos').find((m) => String(m['entity_id']) === memoId)!;
    expect(toMinor(cn!['Total'])).toBeGreaterThanOrEqual(toMinor(Number(memo['grand_total'])));
  }, 120_000);

  it('a Magento invoice dated on a posted day but seen only later goes into the summary of the day it arrives', async () => {
    const settings = await s.runtime.context.settings();
    const store = settings.stores['1']!;
    // An order waiting for its invoice (check / money order), invoiced now, then dated back onto a posted day, as an
    // invoice that reaches the connector late looks.
    const order = magentoRecords(s, 'orders').find((o) => ['new', 'pending'].includes(String(o['state'])) && Number(o['store_id']) === 1 && Number(o['grand_total']) > 0)!;
    expect(order).toBeDefined();
    const token = s.stack.env['MAGENTO_ACCESS_TOKEN']!;
    const res = await fetch(`${s.stack.magento.url}/rest/V1/order/${order['entity_id']}/invoice`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ capture: false }),
    });
    expect(res.status).toBe(200);
    const invoiceId = Number(await res.json());
    const invoice = s.stack.magento.app.magento.context.store.invoices.get(invoiceId)!;
    const postedDay = (await s.runtime.storage.summaries.days({ storeId: 1, limit: 1000 })).find((d) => d.state === 'posted' && d.day >= magentoToLocalDate(String(order['created_at']), store.timezone))!;
    invoice['created_at'] = `${postedDay.day} 20:00:00`;
    const before = (await summaryDocuments(s)).invoices.find((i) => i['InvoiceNumber'] === `DS-default-${postedDay.day.replace(/-/g, '')}-USD`);
    await s.service.enqueue('invoice', { ids: [String(invoiceId)] });
    await workQueue(s.runtime);
    const [entry] = await s.runtime.storage.summaries.entriesOf('invoice', [String(invoiceId)]);
    const today = magentoToLocalDate(new Date(s.clock.now()).toISOString().replace('T', ' ').slice(0, 19), store.timezone);
    expect(entry).toMatchObject({ day: today, document_day: postedDay.day });
    const after = (await summaryDocuments(s)).invoices.find((i) => i['InvoiceNumber'] === before?.['InvoiceNumber']);
    expect(after?.['Total']).toBe(before?.['Total']);
    const [line] = await s.runtime.storage.log.list({ entityType: 'invoice', magentoId: String(invoiceId), limit: 1 });
    expect(line?.message).toContain(`came after the daily summary of ${postedDay.day} was posted`);
  }, 120_000);
});
