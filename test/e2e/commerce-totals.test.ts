// Adobe Commerce totals, partial cancellation and guest contacts end to end: both emulators, the built CLI, and Xero's
// books read back. Orders are Magento's own arithmetic (src/mapping/testing/magento-model.ts) with the Commerce fields
// Adobe's 2.4.8 admin REST schema names where real stores send them (order, invoice and credit memo
// extension_attributes: gift_cards_amount, customer_balance_amount; order: reward_currency_amount; product type
// "giftcard"), and the cancellation figures Magento's Order::registerCancellation records (qty_canceled, tax_canceled,
// total_canceled = grand_total − total_paid; the order stays "processing" because something was sold).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MagentoOrder } from '../../src/domain/magento.js';
import { toMinor } from '../../src/domain/money.js';
import { buildCreditMemo, buildInvoice, buildOrder, plainOrder, type ModelOrder } from '../../src/mapping/testing/magento-model.js';
import { loadMagento } from '../resilience/support.js';
import { runCli } from '../support/cli.js';
import { startStack, type Stack } from '../support/stack.js';
import { xeroState } from '../support/xero-state.js';

type Doc = Record<string, any>;
const cents = (v: unknown) => Math.round(Number(v ?? 0) * 100);
const money = (c: number) => c / 100;

const base: ModelOrder = plainOrder({ items: [{ sku: 'MH01', name: 'Chaz Kangeroo Hoodie', qty: 2, unitCents: 5200, discountPercent: 0 }] });

let nextItemId = 1000;
/** A model order with its own entity and item ids, made out to customer 42. */
function order(increment: string, over: Partial<ModelOrder> = {}, edit?: (o: MagentoOrder) => void): MagentoOrder {
  const o = buildOrder({ ...base, incrementId: increment, ...over });
  const ids = new Map<number, number>();
  for (const item of o.items) ids.set(item.item_id, nextItemId++);
  for (const item of o.items) {
    item.item_id = ids.get(item.item_id)!;
    if (item.parent_item_id != null) item.parent_item_id = ids.get(item.parent_item_id)!;
    item.order_id = o.entity_id;
    item.store_id = 1;
  }
  for (const t of o.extension_attributes?.item_applied_taxes ?? []) if (t.item_id != null) t.item_id = ids.get(t.item_id) ?? t.item_id;
  if (!over.guest) Object.assign(o, { customer_id: 42, customer_email: 'pat@example.com', customer_firstname: 'Pat', customer_lastname: 'Buyer' });
  o.updated_at = o.created_at;
  edit?.(o);
  return o;
}

/** Gift cards, store credit and reward points come off the grand total, as Magento's totals collectors do. */
function paidWith(o: MagentoOrder, a: { giftCards?: number; storeCredit?: number; reward?: number }): void {
  o.grand_total = money(cents(o.grand_total) - (a.giftCards ?? 0) - (a.storeCredit ?? 0) - (a.reward ?? 0));
  o.base_grand_total = o.grand_total;
  o.extension_attributes = {
    ...o.extension_attributes,
    ...(a.giftCards ? { gift_cards_amount: money(a.giftCards), base_gift_cards_amount: money(a.giftCards) } : {}),
    ...(a.storeCredit ? { customer_balance_amount: money(a.storeCredit), base_customer_balance_amount: money(a.storeCredit) } : {}),
    ...(a.reward ? { reward_currency_amount: money(a.reward), base_reward_currency_amount: money(a.reward), reward_points_balance: a.reward } : {}),
  };
}

let nextDocId = 500;
function invoiceOf(o: MagentoOrder, qty: Record<number, number>, withShipping = true, extra: Doc = {}): Doc {
  const inv = buildInvoice(o, qty, withShipping, `INV-${o.increment_id}`, '2026-03-02 11:00:00') as unknown as Doc;
  return { ...inv, entity_id: nextDocId++, order_id: o.entity_id, store_id: 1, updated_at: inv['created_at'], ...extra };
}
const whole = (o: MagentoOrder): Record<number, number> => Object.fromEntries(o.items.filter((i) => cents(i.row_total) !== 0).map((i) => [i.item_id, i.qty_ordered ?? 1]));

// ---------------------------------------------------------------------------------------------------------------------
// The store
// A  gift card sold (GC-50) beside a hoodie, paid in full.
// B  paid with a gift card (25.00), store credit (12.00) and money (77.00); then refunded in full online.
// C  reward points (7.00) redeemed.
// D  three hoodies, one invoiced and paid, then the other two canceled (the invoice already has a payment).
// E  the same, but first posted as a draft (pending), then invoiced in part and canceled: the draft is amended.
// G  a guest order with customer 42's email.

const A = order('000000401', { items: [{ sku: 'GC-50', name: 'Gift Card $50', qty: 1, unitCents: 5000, discountPercent: 0 }, { sku: 'MH01', name: 'Chaz Kangeroo Hoodie', qty: 1, unitCents: 5200, discountPercent: 0 }] }, (o) => {
  o.items[0]!.product_type = 'giftcard';
  o.items[0]!.is_virtual = 1;
});
const B = order('000000402', {}, (o) => paidWith(o, { giftCards: 2500, storeCredit: 1200 }));
const C = order('000000403', {}, (o) => paidWith(o, { reward: 700 }));

const threeHoodies: Partial<ModelOrder> = { rate: 'ny', items: [{ sku: 'MH01', name: 'Chaz Kangeroo Hoodie', qty: 3, unitCents: 5200, discountPercent: 10 }] };
function withNyAddress(o: MagentoOrder): void {
  o.billing_address = { ...o.billing_address, region: 'New York', region_code: 'NY', region_id: 43, postcode: '10001', city: 'New York' };
}
const D = order('000000404', threeHoodies, withNyAddress);
const E = order('000000405', threeHoodies, withNyAddress);
const G = order('000000406', { guest: true, items: [{ sku: 'MH01', name: 'Chaz Kangeroo Hoodie', qty: 1, unitCents: 5200, discountPercent: 0 }] }, (o) => {
  o.customer_email = 'PAT@example.com';
  o.billing_address = { ...o.billing_address, firstname: 'Guest', lastname: 'Checkout', street: ['9 Other Rd'], city: 'Elsewhere' };
});

/** Marks one of three hoodies invoiced and the other two canceled, with Magento's canceled figures. */
function cancelRest(o: MagentoOrder, invoice: Doc): MagentoOrder {
  const c = structuredClone(o);
  const line = invoice['items'][0];
  const item = c.items[0]!;
  Object.assign(item, { qty_invoiced: 1, qty_canceled: 2, row_invoiced: line.row_total, tax_invoiced: line.tax_amount, discount_invoiced: line.discount_amount });
  Object.assign(c, {
    state: 'processing',
    status: 'processing',
    total_paid: invoice['grand_total'],
    total_invoiced: invoice['grand_total'],
    subtotal_canceled: money(cents(c.subtotal) - cents(invoice['subtotal'])),
    tax_canceled: money(cents(c.tax_amount) - cents(invoice['tax_amount'])),
    discount_canceled: money(-cents(c.discount_amount) + cents(invoice['discount_amount'])),
    shipping_canceled: 0,
    total_canceled: money(cents(c.grand_total) - cents(invoice['grand_total'])),
    updated_at: '2026-03-03 09:00:00',
  });
  return c;
}
const invoiceD = invoiceOf(D, { [D.items[0]!.item_id]: 1 });
const D2 = cancelRest(D, invoiceD);
const E1 = { ...structuredClone(E), state: 'new', status: 'pending' } as MagentoOrder;
const invoiceE = invoiceOf(E, { [E.items[0]!.item_id]: 1 });
const E2 = cancelRest(E, invoiceE);

const invoiceB = invoiceOf(B, whole(B), true, {});
invoiceB['grand_total'] = B.grand_total;
invoiceB['extension_attributes'] = { gift_cards_amount: 25, base_gift_cards_amount: 25, customer_balance_amount: 12, base_customer_balance_amount: 12 };
const invoiceC = invoiceOf(C, whole(C));
invoiceC['grand_total'] = C.grand_total;
const memoB = (() => {
  const m = buildCreditMemo(B, { qty: whole(B), shippingCents: 1000, adjustmentPositiveCents: 0, adjustmentNegativeCents: 0, online: true }, 'CM-000000402', '2026-03-05 10:00:00') as unknown as Doc;
  return {
    ...m,
    entity_id: nextDocId++,
    order_id: B.entity_id,
    invoice_id: invoiceB['entity_id'],
    store_id: 1,
    updated_at: m['created_at'],
    grand_total: B.grand_total,
    extension_attributes: { gift_cards_amount: 25, base_gift_cards_amount: 25, customer_balance_amount: 12, base_customer_balance_amount: 12 },
  };
})();

const products = [
  { id: 201, sku: 'GC-50', name: 'Gift Card $50', price: 50, type_id: 'giftcard', status: 1, visibility: 4, attribute_set_id: 4, created_at: '2024-01-01 00:00:00', updated_at: '2024-01-01 00:00:00', custom_attributes: [{ attribute_code: 'tax_class_id', value: '0' }] },
  { id: 202, sku: 'MH01', name: 'Chaz Kangeroo Hoodie', price: 52, type_id: 'simple', status: 1, visibility: 4, attribute_set_id: 4, created_at: '2024-01-01 00:00:00', updated_at: '2024-01-01 00:00:00', custom_attributes: [{ attribute_code: 'tax_class_id', value: '2' }] },
];
const customer = {
  id: 42, email: 'pat@example.com', firstname: 'Pat', lastname: 'Buyer', group_id: 1, store_id: 1, website_id: 1, created_at: '2024-01-01 00:00:00', updated_at: '2024-01-01 00:00:00',
  addresses: [{ id: 7, customer_id: 42, firstname: 'Pat', lastname: 'Buyer', street: ['12 Customer Lane'], city: 'Albany', postcode: '12207', country_id: 'US', region: { region_code: 'NY', region: 'New York', region_id: 43 }, region_id: 43, telephone: '518-555-0101', default_billing: true, default_shipping: true }],
  default_billing: '7',
  default_shipping: '7',
};

describe('Adobe Commerce totals, partial cancellation and guests in Xero', () => {
  let stack: Stack;
  let org: Doc;
  let refusal: { code: number; text: string };

  const invoice = (increment: string): Doc => {
    const found = (org['Invoices'] as Doc[]).find((i) => i['InvoiceNumber'] === increment && i['Status'] !== 'DELETED');
    if (!found) throw new Error(`invoice ${increment} is not in Xero`);
    return found;
  };
  const creditNote = (number: string): Doc | undefined => (org['CreditNotes'] as Doc[]).find((c) => c['CreditNoteNumber'] === number && c['Status'] !== 'DELETED');
  const paymentsOn = (id: string, field: 'Invoice' | 'CreditNote') =>
    (org['Payments'] as Doc[])
      .filter((p) => p['Status'] !== 'DELETED' && (p[field]?.[`${field}ID`] === id))
      .map((p) => ({ account: String(p['Account']?.['Code'] ?? ''), cents: cents(p['Amount']) }))
      .sort((a, b) => a.account.localeCompare(b.account) || a.cents - b.cents);
  const account = (code: string): Doc | undefined => (org['Accounts'] as Doc[]).find((a) => a['Code'] === code);
  const cli = async (args: string[]) => runCli(args, { ...stack.env, XERO_LIMITS: 'unlimited' }, { timeoutMs: 240_000 });

  beforeAll(async () => {
    stack = await startStack({ magento: { empty: true }, xero: { limits: { perMinute: 100_000, perDay: 1_000_000, concurrent: 50 } }, goLive: true });
    const rt = await stack.runtime();
    // The store credit account first points at Xero's Sales Tax account (820), which takes no payments.
    await rt.storage.settings.set('accounts', { bank: '090', sales: '200', giftCardLiability: '2150', storeCreditLiability: '820' });
    // Check / money order is paid into the bank account here (its default is "do not pay").
    await rt.storage.settings.set('paymentMapping', {});
    await rt.close();
    await loadMagento(stack, { products, customers: [customer], orders: [A, B, C, D, E1, G], invoices: [invoiceOf(A, whole(A)), invoiceB, invoiceC, invoiceD], creditmemos: [memoB] });
    await stack.connectXero();
    const refused = await cli(['accounts', 'sync']);
    refusal = { code: refused.code ?? -1, text: refused.stdout + refused.stderr };
    const rt2 = await stack.runtime();
    await rt2.storage.settings.set('accounts', { bank: '090', sales: '200', giftCardLiability: '2150', storeCreditLiability: '2160' });
    await rt2.close();
    const created = await cli(['accounts', 'sync']);
    expect(created.code, created.stdout + created.stderr).toBe(0);
    const first = await cli(['sync', '--all', '--json']);
    expect(first.code, first.stdout.slice(-3000) + first.stderr.slice(-2000)).toBe(0);
    // The next day: D's and E's other two hoodies are canceled, E is invoiced for one.
    await loadMagento(stack, { orders: [D2, E2], invoices: [invoiceE] });
    const second = await cli(['sync', '--all', '--json']);
    expect(second.code, second.stdout.slice(-3000) + second.stderr.slice(-2000)).toBe(0);
    org = (await xeroState(stack.xero.url)).organisations[0]!;
  }, 600_000);
  afterAll(() => stack?.close());

  it('refuses an existing liability account that takes no payments, naming the account and the setting; creates its own with payments enabled', () => {
    expect(refusal.code).not.toBe(0);
    expect(refusal.text).toMatch(/Account 820 \(Sales Tax\) does not take payments/);
    expect(refusal.text).toContain('"Enable payments to this account"');
    expect(refusal.text).toContain('Settings → Accounts → Store credit liability');
    for (const code of ['2150', '2160']) expect(account(code)).toMatchObject({ Type: 'CURRLIAB', EnablePaymentsToAccount: true, Status: 'ACTIVE' });
  });

  it('A: a gift card sold is owed to its holder (the liability account), not sales; the invoice ends paid', () => {
    const inv = invoice('000000401');
    const lines = inv['LineItems'] as Doc[];
    expect(lines.map((l) => [l['Description'], l['AccountCode'], cents(l['LineAmount'])])).toEqual([
      ['Gift Card $50', '2150', 5000],
      ['Chaz Kangeroo Hoodie', '200', 5200],
      ['Shipping: Flat Rate - Fixed', '200', 1000],
    ]);
    expect([cents(inv['Total']), cents(inv['TotalTax']), inv['Status'], cents(inv['AmountDue'])]).toEqual([11200, 0, 'PAID', 0]);
    expect(paymentsOn(inv['InvoiceID'], 'Invoice')).toEqual([{ account: '090', cents: 11200 }]);
  });

  it('B: gift card and store credit are payments from their own liability accounts; the money is the rest', () => {
    const inv = invoice('000000402');
    expect([cents(inv['Total']), cents(inv['TotalTax']), inv['Status'], cents(inv['AmountDue'])]).toEqual([11400, 0, 'PAID', 0]);
    expect(paymentsOn(inv['InvoiceID'], 'Invoice')).toEqual([
      { account: '090', cents: 7700 },
      { account: '2150', cents: 2500 },
      { account: '2160', cents: 1200 },
    ]);
  });

  it('B refunded: the credit note credits the whole sale; store credit and the gift card amount go back to store credit, the money to the bank', () => {
    const cn = creditNote('CM-000000402')!;
    expect(cn).toBeDefined();
    expect([cents(cn['Total']), cents(cn['TotalTax']), cn['Status'], cents(cn['RemainingCredit'])]).toEqual([11400, 0, 'PAID', 0]);
    // A registered customer: Magento returns the gift card amount to their store credit (Magento_GiftCardAccount).
    expect(paymentsOn(cn['CreditNoteID'], 'CreditNote')).toEqual([
      { account: '090', cents: 7700 },
      { account: '2160', cents: 1200 },
      { account: '2160', cents: 2500 },
    ]);
    expect(invoice('000000402')['Status']).toBe('PAID');
  });

  it('C: reward points are a discount line on sales (the default), no payment', () => {
    const inv = invoice('000000403');
    const reward = (inv['LineItems'] as Doc[]).find((l) => l['Description'] === 'Reward points redeemed');
    expect(reward).toMatchObject({ AccountCode: '200' });
    expect(cents(reward!['LineAmount'])).toBe(-700);
    expect([cents(inv['Total']), inv['Status'], cents(inv['AmountDue'])]).toEqual([10700, 'PAID', 0]);
    expect(paymentsOn(inv['InvoiceID'], 'Invoice')).toEqual([{ account: '090', cents: 10700 }]);
  });

  it('D: canceled in part after a payment: a credit note for the canceled part is allocated, and the invoice ends paid', () => {
    const inv = invoice('000000404');
    const cn = creditNote('000000404-C')!;
    expect(cn).toBeDefined();
    expect(cents(cn['Total'])).toBe(cents(D2.total_canceled));
    expect(cents(cn['TotalTax'])).toBe(cents(D2.tax_canceled));
    expect(cents(cn['TotalTax'])).toBeGreaterThan(0);
    expect((cn['LineItems'] as Doc[]).map((l) => [l['Quantity'], l['AccountCode']])).toEqual([[2, '200']]);
    expect([cents(inv['Total']), inv['Status'], cents(inv['AmountDue']), cents(inv['AmountCredited'])]).toEqual([cents(D.grand_total), 'PAID', 0, cents(D2.total_canceled)]);
    expect(paymentsOn(inv['InvoiceID'], 'Invoice')).toEqual([{ account: '090', cents: cents(invoiceD['grand_total']) }]);
    // Sold: the invoice less the credit note is exactly what Magento invoiced.
    expect(cents(inv['Total']) - cents(cn['Total'])).toBe(cents(invoiceD['grand_total']));
    expect(cents(inv['TotalTax']) - cents(cn['TotalTax'])).toBe(cents(invoiceD['tax_amount']));
  });

  it('E: canceled in part while still a draft: the invoice is amended to what was sold, and ends paid', () => {
    const inv = invoice('000000405');
    expect(creditNote('000000405-C')).toBeUndefined();
    expect((inv['LineItems'] as Doc[])[0]).toMatchObject({ Quantity: 1 });
    expect([cents(inv['Total']), cents(inv['TotalTax']), inv['Status'], cents(inv['AmountDue'])]).toEqual([
      cents(invoiceE['grand_total']),
      cents(invoiceE['tax_amount']),
      'PAID',
      0,
    ]);
    expect(cents(inv['TotalTax'])).toBeGreaterThan(0);
    expect(paymentsOn(inv['InvoiceID'], 'Invoice')).toEqual([{ account: '090', cents: cents(invoiceE['grand_total']) }]);
  });

  it('the reconciliation agrees: the kept invoice with its credit note for the canceled part counts as what was sold', async () => {
    const run = await cli(['reconcile', '--from', '2026-03-01', '--to', '2026-03-06', '--json']);
    const result = JSON.parse(run.stdout) as { issues: Array<{ number?: string; kind: string; advice?: string }>; days: Array<{ magentoTotal: string; xeroTotal: string }> };
    expect(result.issues.map((i) => `${i.kind} ${i.number ?? ''}: ${i.advice ?? ''}`)).toEqual([]);
    expect(result.days.length).toBeGreaterThan(0);
    for (const d of result.days) expect(d.xeroTotal).toBe(d.magentoTotal);
  });

  it("G: a guest order with a customer's email goes to the customer's contact and leaves its number and address alone", () => {
    const contacts = (org['Contacts'] as Doc[]).filter((c) => String(c['EmailAddress'] ?? '').toLowerCase() === 'pat@example.com');
    expect(contacts).toHaveLength(1);
    const pat = contacts[0]!;
    expect(pat['ContactNumber']).toBe('M1-C42');
    expect(JSON.stringify(pat['Addresses'])).toContain('12 Customer Lane');
    expect(JSON.stringify(pat['Addresses'])).not.toContain('9 Other Rd');
    expect(invoice('000000406')['Contact']['ContactID']).toBe(pat['ContactID']);
    expect(toMinor(invoice('000000406')['Total'])).toBe(cents(G.grand_total));
  });
});
