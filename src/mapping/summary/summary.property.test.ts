// The daily summary ties out: for random days of real-shaped Magento invoices and credit memos (tax-inclusive and
// exclusive, several rates, discounts, shipping, payment methods), the summary's Xero arithmetic gives Magento's totals
// to the cent, its tax per Xero tax type is what Magento charged per rate, and its payments per account are what the
// Magento invoices paid into each.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toMinor, toMinorOr0 } from '../../domain/money.js';
import { creditMemoToCreditNote } from '../credit-note.js';
import { magentoInvoiceToInvoice } from '../invoice.js';
import { magentoInvoiceToPayment } from '../payment.js';
import { withPostingMode } from '../posting-mode.js';
import { testSettings } from '../test-support.js';
import { billableIds, buildCreditMemo, buildInvoice, buildOrder, RATES, type ModelItem, type ModelOrder, type RateName } from '../testing/magento-model.js';
import { computeDocument, lineAmountCents } from '../xero-arithmetic.js';
import { refundContribution, saleContribution } from './contribution.js';
import { buildDaySummaries, type SummaryEntry } from './document.js';

const settings = testSettings({
  paymentMethods: { braintree: '611', paypal_express: '612', checkmo: 'do_not_pay' },
  accounts: { giftCardLiability: '850' },
  stores: {
    '1': { code: 'default', timezone: 'America/New_York', baseCurrency: 'USD', xeroBaseCurrency: 'USD', postingPeriods: [{ from: '2024-01-01', mode: 'summary' }] },
  },
});
const asInvoices = withPostingMode(settings, 1, 'invoices');
const asOrders = withPostingMode(settings, 1, 'orders');
const store = { ...settings.stores['1']!, storeId: 1 };

const itemArb: fc.Arbitrary<ModelItem> = fc.record({
  sku: fc.stringMatching(/^[A-Z]{2,6}-\d{1,3}$/),
  name: fc.constantFrom('Tee', 'Hoodie', 'Yoga Mat'),
  qty: fc.integer({ min: 1, max: 12 }),
  unitCents: fc.oneof(fc.integer({ min: 0, max: 30_000 }), fc.constantFrom(1, 99, 333, 1999)),
  discountPercent: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100 })),
  kind: fc.constantFrom<NonNullable<ModelItem['kind']>>('simple', 'configurable', 'bundle_dynamic', 'bundle_fixed'),
});

const orderArb = (currency: string): fc.Arbitrary<Omit<ModelOrder, 'incrementId'>> =>
  fc.record({
    storeId: fc.constant(1),
    pricesIncludeTax: fc.boolean(),
    rate: fc.constantFrom(...(Object.keys(RATES) as RateName[])),
    items: fc.array(itemArb, { minLength: 1, maxLength: 4 }),
    shippingCents: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3_000 })),
    shippingDiscountPercent: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100 })),
    currency: fc.constant(currency),
    baseToOrderRate: fc.constant(currency === 'USD' ? 1 : 0.9213),
    guest: fc.boolean(),
    state: fc.constant('processing'),
    createdAt: fc.constant('2024-03-05 15:00:00'),
    paymentMethod: fc.constantFrom('braintree', 'paypal_express', 'checkmo'),
  });

const dayArb = fc.array(fc.tuple(fc.constantFrom('USD', 'EUR'), fc.integer({ min: 0, max: 10_000 })), { minLength: 1, maxLength: 10 }).chain((picks) =>
  fc.tuple(...picks.map(([currency, seed]) => fc.tuple(orderArb(currency), fc.constant(seed), fc.boolean(), fc.integer({ min: 0, max: 100 })))),
);

interface Expect {
  total: Map<string, number>;
  tax: Map<string, number>;
  taxByType: Map<string, number>;
  netByType: Map<string, number>;
  paid: Map<string, number>;
  refunded: Map<string, number>;
  refundTotal: Map<string, number>;
}

const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

describe('daily summary (property): equals Magento to the cent, by tax type and by payment account', () => {
  it('a day of invoices and credit memos in two currencies', () => {
    fc.assert(
      fc.property(dayArb, (orders) => {
        const entries: SummaryEntry[] = [];
        const e: Expect = { total: new Map(), tax: new Map(), taxByType: new Map(), netByType: new Map(), paid: new Map(), refunded: new Map(), refundTotal: new Map() };
        orders.forEach(([model, seed, refund, shipShare], i) => {
          const order = buildOrder({ ...model, incrementId: String(100000001 + i) });
          order.entity_id = i + 1;
          const qty: Record<number, number> = {};
          for (const id of billableIds(order)) qty[id] = order.items.find((x) => x.item_id === id)?.qty_ordered ?? 1;
          const invoice = { ...buildInvoice(order, qty, true, String(200000001 + i), '2024-03-05 16:00:00'), entity_id: i + 1 };
          const mapped = magentoInvoiceToInvoice(invoice, order, asInvoices);
          if (mapped.kind !== 'post') throw new Error(`unexpected ${mapped.kind}`);
          const payment = magentoInvoiceToPayment(invoice, order, asOrders, 'summary');
          const c = saleContribution(mapped, payment, model.paymentMethod!);
          entries.push({ ref: { entity: 'invoice', magentoId: String(i + 1), incrementId: invoice.increment_id, orderIncrementId: order.increment_id, revision: 1, documentDay: '2024-03-05' }, contribution: c });
          const cur = model.currency;
          add(e.total, cur, toMinor(invoice.grand_total));
          add(e.tax, cur, toMinorOr0(invoice.tax_amount));
          const t = computeDocument(mapped.invoice);
          mapped.invoice.LineItems.forEach((l, n) => {
            const tax = t.lines[n]!.taxAmount;
            add(e.taxByType, `${cur}:${l.TaxType}`, tax);
            add(e.netByType, `${cur}:${l.TaxType}`, mapped.invoice.LineAmountTypes === 'Inclusive' ? t.lines[n]!.lineAmount - tax : t.lines[n]!.lineAmount);
          });
          if (model.paymentMethod !== 'checkmo' && toMinor(invoice.grand_total) > 0) add(e.paid, `${cur}:${settings.paymentMethods[model.paymentMethod!]}`, toMinor(invoice.grand_total));
          if (refund) {
            const rq: Record<number, number> = {};
            for (const id of billableIds(order)) rq[id] = (seed + id) % ((order.items.find((x) => x.item_id === id)?.qty_ordered ?? 1) + 1);
            const shippingCents = Math.round((toMinorOr0(order.shipping_amount) * shipShare) / 100);
            const memo = { ...buildCreditMemo(order, { qty: rq, shippingCents, adjustmentPositiveCents: seed % 500, adjustmentNegativeCents: 0, online: seed % 2 === 0 }, String(300000001 + i), '2024-03-05 18:00:00'), entity_id: i + 1 };
            const credit = creditMemoToCreditNote(memo, order, asOrders);
            if (credit.kind !== 'post') throw new Error(`unexpected ${credit.kind}`);
            entries.push({ ref: { entity: 'creditmemo', magentoId: String(i + 1), incrementId: memo.increment_id, orderIncrementId: order.increment_id, revision: 1, documentDay: '2024-03-05' }, contribution: refundContribution(credit, model.paymentMethod!) });
            add(e.refundTotal, cur, toMinor(memo.grand_total));
            if (seed % 2 === 0 && toMinor(memo.grand_total) > 0) {
              const account = model.paymentMethod === 'checkmo' ? settings.accounts.bank : settings.paymentMethods[model.paymentMethod!]!;
              add(e.refunded, `${cur}:${account}`, toMinor(memo.grand_total));
            }
          }
        });

        const days = buildDaySummaries({ store, day: '2024-03-05', contact: { ContactNumber: 'M1-DAILY' }, entries });
        expect(days.map((d) => d.currency)).toEqual([...e.total.keys()].sort());
        for (const day of days) {
          const cur = day.currency;
          // A currency whose documents that day all come to nothing (a free item, free shipping) has no sales invoice.
          if (!day.sales) {
            expect(e.total.get(cur) ?? 0).toBe(0);
            expect([...e.paid].filter(([k]) => k.startsWith(`${cur}:`))).toEqual([]);
          }
          const sales = day.sales;
          if (sales) {
            const t = computeDocument(sales.payload);
            expect(t.total).toBe(e.total.get(cur));
            expect(t.totalTax).toBe(sales.payload.LineAmountTypes === 'NoTax' ? 0 : e.tax.get(cur));
            // One line per kind, account and tax type; tax and net amount per tax type exactly as the documents had them.
            const keys = sales.payload.LineItems.map((l) => `${l.AccountCode}:${l.TaxType}:${l.Description.split(' ')[0]}`);
            expect(new Set(keys).size).toBe(keys.length);
            const taxByType = new Map<string, number>();
            const netByType = new Map<string, number>();
            sales.payload.LineItems.forEach((l, n) => {
              add(taxByType, `${cur}:${l.TaxType}`, t.lines[n]!.taxAmount);
              add(netByType, `${cur}:${l.TaxType}`, sales.payload.LineAmountTypes === 'Inclusive' ? t.lines[n]!.lineAmount - t.lines[n]!.taxAmount : t.lines[n]!.lineAmount);
              expect(lineAmountCents(l)).toBe(sales.lines[n]!.amountCents);
              if (l.DiscountAmount !== undefined) expect(l.DiscountAmount).toBeLessThanOrEqual(l.UnitAmount);
            });
            for (const [k, v] of taxByType) if (v !== 0 || e.taxByType.get(k)) expect([k, v]).toEqual([k, e.taxByType.get(k) ?? 0]);
            for (const [k, v] of netByType) expect([k, v]).toEqual([k, e.netByType.get(k) ?? 0]);
            // Payments per account, never more than the invoice.
            const paid = new Map(sales.money.map((m) => [`${cur}:${m.accountCode}`, m.cents]));
            expect(paid).toEqual(new Map([...e.paid].filter(([k]) => k.startsWith(`${cur}:`))));
            // Every Magento document is behind some line (or only moved money, for a zero invoice).
            const covered = new Set(sales.lines.flatMap((l) => l.refs.map((r) => r.magentoId)));
            for (const entry of entries.filter((x) => x.contribution.kind === 'sale' && x.contribution.currency === cur && x.contribution.lines.length > 0)) {
              expect(covered.has(entry.ref.magentoId)).toBe(true);
            }
          }
          const refunds = day.refunds;
          const refundTotal = e.refundTotal.get(cur) ?? 0;
          if (refunds) {
            expect(computeDocument(refunds.payload).total).toBe(refundTotal);
            expect(refunds.payload.LineItems.every((l) => l.DiscountAmount === undefined)).toBe(true);
            expect(new Map(refunds.money.map((m) => [`${cur}:${m.accountCode}`, m.cents]))).toEqual(new Map([...e.refunded].filter(([k]) => k.startsWith(`${cur}:`))));
          } else {
            expect(refundTotal).toBe(0);
          }
        }
      }),
      { numRuns: 250 },
    );
  });
});
