// Every amount of a Magento order as real stores send it, end to end: both emulators, the built CLI, and Xero's books
// read back. Orders are Magento's own arithmetic (src/mapping/testing/magento-model.ts) in the shapes real stores send:
// rows net of their discount with a gross subtotal and a configurable child without parent_item_id (real orders
// 000000014 and 000000010, src/mapping/fixtures/orders.real-stores-totals.json), fixed product taxes (Magento_Weee's
// weee_tax_applied_row_amount and weee_tax_applied), Adobe Commerce gift wrapping and a printed card (gw_* extension
// attributes), a custom option (product_options.options), and a cash-on-delivery surcharge inside grand_total in no
// standard total (real order 2000000189). Each case asserts Xero's totals, tax, status, amount due and accounts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MagentoOrder } from '../../src/domain/magento.js';
import { buildCreditMemo, buildInvoice, buildOrder, plainOrder, type ModelOrder } from '../../src/mapping/testing/magento-model.js';
import { loadMagento } from '../resilience/support.js';
import { runCli } from '../support/cli.js';
import { startStack, type Stack } from '../support/stack.js';
import { xeroState } from '../support/xero-state.js';

type Doc = Record<string, any>;
const cents = (v: unknown) => Math.round(Number(v ?? 0) * 100);

const base: ModelOrder = plainOrder({ rate: 'ny' });

let nextItemId = 3000;
/** A model order with its own entity and item ids, made out to customer 42 in New York (8.875 %). */
function order(increment: string, over: Partial<ModelOrder>, edit?: (o: MagentoOrder) => void): MagentoOrder {
  const o = buildOrder({ ...base, incrementId: increment, ...over });
  const ids = new Map<number, number>();
  for (const item of o.items) ids.set(item.item_id, nextItemId++);
  for (const item of o.items) {
    item.item_id = ids.get(item.item_id)!;
    if (item.parent_item_id != null) item.parent_item_id = ids.get(item.parent_item_id)!;
    item.order_id = o.entity_id;
    item.store_id = 1;
  }
  for (const t of o.extension_attributes?.item_applied_taxes ?? []) {
    if (t.item_id != null) t.item_id = ids.get(t.item_id) ?? t.item_id;
    if (t.associated_item_id != null) t.associated_item_id = ids.get(t.associated_item_id) ?? t.associated_item_id;
  }
  Object.assign(o, { customer_id: 42, customer_email: 'pat@example.com', customer_firstname: 'Pat', customer_lastname: 'Buyer' });
  o.billing_address = { ...o.billing_address, region: 'New York', region_code: 'NY', region_id: 43, postcode: '10001', city: 'New York' };
  o.updated_at = o.created_at;
  edit?.(o);
  return o;
}

let nextDocId = 700;
const whole = (o: MagentoOrder): Record<number, number> =>
  Object.fromEntries(o.items.filter((i) => cents(i.row_total) !== 0 || cents(i.discount_amount) !== 0).map((i) => [i.item_id, i.qty_ordered ?? 1]));
function invoiceOf(o: MagentoOrder): Doc {
  const inv = buildInvoice(o, whole(o), true, `INV-${o.increment_id}`, '2026-03-02 11:00:00') as unknown as Doc;
  const ext = (o.extension_attributes ?? {}) as Doc;
  // Gift wrapping and the printed card go with the first invoice (the model's invoices leave them out).
  const gw = ['gw_price', 'gw_tax_amount', 'gw_card_price', 'gw_card_tax_amount'].reduce((s, k) => s + cents(ext[k]), 0);
  return {
    ...inv,
    entity_id: nextDocId++,
    order_id: o.entity_id,
    store_id: 1,
    updated_at: inv['created_at'],
    grand_total: (cents(inv['grand_total']) + gw) / 100,
    tax_amount: (cents(inv['tax_amount']) + cents(ext['gw_tax_amount']) + cents(ext['gw_card_tax_amount'])) / 100,
    extension_attributes: Object.fromEntries(Object.entries(ext).filter(([k]) => k.startsWith('gw_'))),
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// N  rows net of their 20 % discount (subtotal gross), a configurable whose child has no parent_item_id; paid in full.
// F  fixed product tax (1.50 a unit, taxed), gift wrapping 3.00 and a printed card 1.50 (taxed), a custom option; paid,
//    then refunded in full online (the FPT comes back on the credit note).
// S  grand total 5.33 above its totals (a cash-on-delivery surcharge in no standard field).
const N = order('000000501', {
  rowTotals: 'net',
  omitParentIds: true,
  items: [
    { sku: 'MH09', name: 'Abominable Hoodie', qty: 1, unitCents: 6900, discountPercent: 20, kind: 'configurable' },
    { sku: 'WSH12', name: 'Racer Back Maxi Dress', qty: 2, unitCents: 2240, discountPercent: 20 },
  ],
});
const F = order(
  '000000502',
  { items: [{ sku: 'WSH12', name: 'Racer Back Maxi Dress', qty: 2, unitCents: 2240, discountPercent: 0 }], fptUnitCents: 150, giftWrapCents: 300, printedCardCents: 150 },
  (o) => {
    (o.items[0] as Doc)['product_options'] = { options: [{ label: 'Monogram', value: 'A.B.', print_value: 'A.B.', option_type: 'field' }] };
  },
);
const S = order('000000503', { items: [{ sku: 'WSH12', name: 'Racer Back Maxi Dress', qty: 1, unitCents: 2240, discountPercent: 0 }] }, (o) => {
  o.grand_total = (cents(o.grand_total) + 533) / 100;
  o.base_grand_total = o.grand_total;
  o.payment = { method: 'cashondelivery' };
});

const invoiceN = invoiceOf(N);
const invoiceF = invoiceOf(F);
const memoF = (() => {
  const m = buildCreditMemo(F, { qty: whole(F), shippingCents: 1000, adjustmentPositiveCents: 0, adjustmentNegativeCents: 0, online: true }, 'CM-000000502', '2026-03-05 10:00:00') as unknown as Doc;
  return { ...m, entity_id: nextDocId++, order_id: F.entity_id, invoice_id: invoiceF['entity_id'], store_id: 1, updated_at: m['created_at'] } as Doc;
})();

const product = (id: number, sku: string, name: string, price: number, type = 'simple') => ({
  id, sku, name, price, type_id: type, status: 1, visibility: 4, attribute_set_id: 4, created_at: '2024-01-01 00:00:00', updated_at: '2024-01-01 00:00:00',
  custom_attributes: [{ attribute_code: 'tax_class_id', value: '2' }],
});
const products = [product(301, 'MH09-M-Blue', 'Abominable Hoodie-M-Blue', 69), product(302, 'WSH12', 'Racer Back Maxi Dress', 22.4)];
const customer = {
  id: 42, email: 'pat@example.com', firstname: 'Pat', lastname: 'Buyer', group_id: 1, store_id: 1, website_id: 1, created_at: '2024-01-01 00:00:00', updated_at: '2024-01-01 00:00:00',
  addresses: [{ id: 7, customer_id: 42, firstname: 'Pat', lastname: 'Buyer', street: ['12 Customer Lane'], city: 'New York', postcode: '10001', country_id: 'US', region: { region_code: 'NY', region: 'New York', region_id: 43 }, region_id: 43, telephone: '518-555-0101', default_billing: true, default_shipping: true }],
  default_billing: '7',
  default_shipping: '7',
};

describe('Magento totals as real stores send them, in Xero', () => {
  let stack: Stack;
  let org: Doc;
  let parkedS: string;
  let logS: string[];

  const invoice = (number: string): Doc => {
    const found = (org['Invoices'] as Doc[]).find((i) => i['InvoiceNumber'] === number && i['Status'] !== 'DELETED');
    if (!found) throw new Error(`invoice ${number} is not in Xero`);
    return found;
  };
  const lines = (doc: Doc) => doc['LineItems'] as Doc[];
  const cli = async (args: string[]) => runCli(args, { ...stack.env, XERO_LIMITS: 'unlimited' }, { timeoutMs: 240_000 });

  beforeAll(async () => {
    stack = await startStack({ magento: { empty: true }, xero: { limits: { perMinute: 100_000, perDay: 1_000_000, concurrent: 50 } }, goLive: true });
    const rt = await stack.runtime();
    await rt.storage.settings.set('accounts', { bank: '090', sales: '200' });
    // Every payment method is paid into the bank account here.
    await rt.storage.settings.set('paymentMapping', {});
    await rt.close();
    await loadMagento(stack, { products, customers: [customer], orders: [N, F, S], invoices: [invoiceN, invoiceF], creditmemos: [memoF] });
    await stack.connectXero();
    const synced = await cli(['accounts', 'sync']);
    expect(synced.code, synced.stdout + synced.stderr).toBe(0);
    await cli(['sync', '--all', '--json']);
    const parked = await cli(['queue', 'list', '--state', 'parked', '--json']);
    parkedS = parked.stdout;
    // The merchant allows differences up to 10.00 to go to other charges, and retries the order.
    const rt2 = await stack.runtime();
    await rt2.storage.settings.set('totals', { postUnexplainedDifference: true, unexplainedDifferenceLimit: 10 });
    await rt2.close();
    await cli(['queue', 'retry']);
    const second = await cli(['sync', '--all', '--json']);
    expect(second.code, second.stdout.slice(-3000) + second.stderr.slice(-2000)).toBe(0);
    const rt3 = await stack.runtime();
    logS = (await rt3.storage.log.list({ entityType: 'order', magentoId: String(S.entity_id), limit: 20 })).map((r) => `${r.status}: ${r.message ?? ''}`);
    await rt3.close();
    org = (await xeroState(stack.xero.url)).organisations[0]!;
  }, 600_000);
  afterAll(() => stack?.close());

  it('N: rows net of their discount are discounted once, the configurable child is no line; the invoice ends paid', () => {
    const inv = invoice('000000501');
    expect([cents(inv['Total']), cents(inv['TotalTax']), inv['Status'], cents(inv['AmountDue'])]).toEqual([cents(N.grand_total), cents(N.tax_amount), 'PAID', 0]);
    const items = lines(inv).filter((l) => l['ItemCode']);
    expect(items.map((l) => [l['ItemCode'], l['AccountCode'], Number(l['Quantity']), cents(l['UnitAmount']), cents(l['DiscountAmount'])])).toEqual([
      ['MH09-M-Blue', '200', 1, 6900, 1380],
      ['WSH12', '200', 2, 2240, 896],
    ]);
    // 69.00 − 13.80 and 44.80 − 8.96: each discount taken once.
    expect(items.map((l) => cents(l['LineAmount']))).toEqual([5520, 3584]);
    expect(lines(inv).map((l) => l['ItemCode']).filter((c) => c === 'MH09-M-Blue')).toHaveLength(1);
  });

  it('F: fixed product tax, gift wrapping and the printed card are lines of their own on other charges (260), taxed as Magento taxed them', () => {
    const inv = invoice('000000502');
    expect([cents(inv['Total']), cents(inv['TotalTax']), inv['Status'], cents(inv['AmountDue'])]).toEqual([cents(invoiceF['grand_total']), cents(invoiceF['tax_amount']), 'PAID', 0]);
    const byDescription = Object.fromEntries(lines(inv).map((l) => [String(l['Description']), l]));
    const dress = Object.keys(byDescription).find((d) => d.startsWith('Racer Back Maxi Dress'))!;
    expect(dress).toBe('Racer Back Maxi Dress — Monogram: A.B.');
    expect(byDescription['Recycling fee: Racer Back Maxi Dress — Monogram: A.B.']).toMatchObject({ AccountCode: '260' });
    expect(cents(byDescription['Recycling fee: Racer Back Maxi Dress — Monogram: A.B.']!['LineAmount'])).toBe(300);
    expect(cents(byDescription['Recycling fee: Racer Back Maxi Dress — Monogram: A.B.']!['TaxAmount'])).toBe(27);
    expect([byDescription['Gift wrapping (order)']?.['AccountCode'], cents(byDescription['Gift wrapping (order)']?.['LineAmount']), cents(byDescription['Gift wrapping (order)']?.['TaxAmount'])]).toEqual(['260', 300, 27]);
    expect([byDescription['Printed card']?.['AccountCode'], cents(byDescription['Printed card']?.['LineAmount']), cents(byDescription['Printed card']?.['TaxAmount'])]).toEqual(['260', 150, 13]);
    // The taxed extras file under the same Xero rate as the goods.
    expect(new Set(lines(inv).filter((l) => cents(l['TaxAmount']) !== 0).map((l) => l['TaxType'])).size).toBe(1);
  });

  it('F refunded: the credit note gives back the goods, shipping and the fixed product tax; the money goes back', () => {
    const cn = (org['CreditNotes'] as Doc[]).find((c) => c['CreditNoteNumber'] === 'CM-000000502' && c['Status'] !== 'DELETED')!;
    expect(cn).toBeDefined();
    expect([cents(cn['Total']), cents(cn['TotalTax']), cn['Status'], cents(cn['RemainingCredit'])]).toEqual([cents(memoF['grand_total']), cents(memoF['tax_amount']), 'PAID', 0]);
    const fpt = lines(cn).find((l) => String(l['Description']).startsWith('Recycling fee'));
    expect([fpt?.['AccountCode'], cents(fpt?.['LineAmount']), cents(fpt?.['TaxAmount'])]).toEqual(['260', 300, 27]);
    expect(lines(cn).every((l) => l['DiscountAmount'] === undefined)).toBe(true);
  });

  it('S: an amount in no Magento total is refused by name first; allowed by the setting, it is a line on other charges, noted in the log', () => {
    expect(parkedS).toContain('000000503');
    expect(parkedS).toContain('USD 5.33 more than');
    expect(parkedS).toContain('Nothing was posted');
    const inv = invoice('000000503');
    expect([cents(inv['Total']), cents(inv['TotalTax'])]).toEqual([cents(S.grand_total), cents(S.tax_amount)]);
    const other = lines(inv).find((l) => String(l['Description']).startsWith('Other charges'));
    expect([other?.['AccountCode'], cents(other?.['LineAmount']), cents(other?.['TaxAmount'])]).toEqual(['260', 533, 0]);
    expect(logS.some((m) => m.startsWith('success') && m.includes('other charges line USD 5.33 to account 260')), logS.join('\n')).toBe(true);
  });

  it('accounts sync leaves the other charges account as it is when Xero has it (260 Other Revenue)', () => {
    const account = (org['Accounts'] as Doc[]).find((a) => a['Code'] === '260');
    expect(account).toMatchObject({ Type: 'REVENUE', Status: 'ACTIVE' });
  });
});
