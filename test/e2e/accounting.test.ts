import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import type { Stack } from '../support/stack.js';
import { auditBooks, auditLines, cents, magentoRecords, salesStack, xeroBooks, type Books } from '../resilience/support.js';

/**
 * The accounting contract on a generated store of 2,000 orders, end to end through both emulators: every invoice total
 * equals its order's grand total, every line of every invoice and credit note is Magento's line (amount and tax, as Xero
 * computed them), no rounding line was needed, every payment and credit note lands on the right invoice, Xero's
 * AmountDue is what is still owed, and nothing is posted twice.
 */
describe('a 2,000-order store in Xero', () => {
  let stack: Stack;
  let books: Books;

  beforeAll(async () => {
    stack = await salesStack({ customers: 300, products: 60, orders: 2000, clock: () => Date.UTC(2026, 10, 20, 12) });
    const env = { ...stack.env, XERO_LIMITS: 'unlimited' };
    // Every payment method pays into the bank account, so AmountDue can be checked against Magento for every order.
    const rt = await stack.runtime();
    await rt.storage.settings.set('paymentMapping', {});
    await rt.close();
    const run = await runCli(['sync', '--all', '--json'], env, { timeoutMs: 600_000 });
    expect(run.code, run.stdout.slice(-2000) + run.stderr.slice(-2000)).toBe(0);
    books = await xeroBooks(stack.xero.url);
  }, 660_000);
  afterAll(() => stack?.close());

  it('posts nothing twice and matches every total to the cent', () => {
    expect(auditBooks(stack, books)).toEqual([]);
  });

  it("matches every line of every invoice and credit note to Magento's, with no rounding line", () => {
    const audit = auditLines(stack, books);
    console.log(`line audit: ${audit.documents} documents, ${audit.lines} lines, ${audit.roundingLines} rounding line(s)`);
    expect(audit.problems.slice(0, 20)).toEqual([]);
    // The generated store's figures agree line by line (Magento rounds each row's tax), so nothing needs a rounding line.
    expect(audit.roundingLines).toBe(0);
    expect(audit.documents).toBeGreaterThan(1500);
  });

  it('puts every order that should be invoiced in Xero, and every payment and credit note on its invoice', () => {
    const orders = magentoRecords(stack, 'orders');
    const invoices = magentoRecords(stack, 'invoices');
    const memos = magentoRecords(stack, 'creditmemos');
    const xeroInvoice = new Map(books.invoices.filter((i) => i['Status'] !== 'DELETED').map((i) => [String(i['InvoiceNumber']), i]));
    const xeroCredit = new Map(books.creditNotes.filter((c) => c['Status'] !== 'DELETED').map((c) => [String(c['CreditNoteNumber']), c]));
    const problems: string[] = [];
    let checked = 0;
    for (const order of orders) {
      const number = String(order['increment_id']);
      const invoice = xeroInvoice.get(number);
      const state = String(order['state']);
      if (state === 'holded') {
        if (invoice) problems.push(`held order ${number} was posted`);
        continue;
      }
      if (state === 'canceled') {
        if (invoice && invoice['Status'] !== 'VOIDED') problems.push(`canceled order ${number} is ${invoice['Status']} in Xero`);
        continue;
      }
      if (!invoice) {
        problems.push(`order ${number} (${state}) is not in Xero`);
        continue;
      }
      checked++;
      const paid = invoices.filter((i) => String(i['order_id']) === String(order['entity_id']) && i['state'] !== 3);
      const credited = memos.filter((m) => String(m['order_id']) === String(order['entity_id']) && m['state'] !== 3);
      const payments = books.payments.filter((p) => p['Status'] !== 'DELETED' && p['Invoice']?.['InvoiceNumber'] === number);
      const paidCents = paid.reduce((s, i) => s + cents(i['grand_total']), 0);
      const creditCents = credited.reduce((s, m) => s + cents(m['grand_total']), 0);
      if (payments.reduce((s, p) => s + cents(p['Amount']), 0) !== paidCents) {
        problems.push(`order ${number}: payments in Xero ${payments.map((p) => p['Amount']).join('+') || 0} ≠ Magento invoices ${paidCents / 100}`);
      }
      for (const memo of credited) {
        const note = xeroCredit.get(String(memo['increment_id']));
        if (!note) problems.push(`credit memo ${String(memo['increment_id'])} of order ${number} is not in Xero`);
        else if (note['Contact']?.['ContactID'] !== invoice['Contact']?.['ContactID']) problems.push(`credit note ${String(memo['increment_id'])} is on another contact`);
      }
      // An order canceled in part owes nothing for what was canceled (total_canceled).
      const canceledCents = state !== 'canceled' ? cents(order['total_canceled']) : 0;
      const owed = Math.max(0, cents(order['grand_total']) - canceledCents - paidCents - creditCents);
      if (invoice['Status'] === 'AUTHORISED' || invoice['Status'] === 'PAID') {
        if (cents(invoice['AmountDue']) !== owed) problems.push(`order ${number}: Xero AmountDue ${invoice['AmountDue']} ≠ still owed ${owed / 100}`);
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
    expect(checked).toBeGreaterThan(1500);
  });
});
