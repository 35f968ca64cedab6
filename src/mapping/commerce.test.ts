// Adobe Commerce totals: gift cards sold and redeemed, store credit, reward points, refunds to store credit. The orders
// are Magento's own arithmetic (testing/magento-model.ts) with the Commerce fields Adobe's 2.4.8 admin REST schema names
// (sales-data-order-extension-interface: gift_cards_amount, customer_balance_amount, reward_currency_amount;
// sales-data-creditmemo-extension-interface: gift_cards_amount, customer_balance_amount), placed where real stores
// send them: on the order's extension_attributes.
import { describe, expect, it } from 'vitest';
import type { MagentoOrder } from '../domain/magento.js';
import { sumMinor, toMinor, toMinorOr0 } from '../domain/money.js';
import { MappingError } from '../domain/errors.js';
import { planMissingAccounts, requiredAccounts } from './accounts.js';
import { rewardPointsDescription } from './commerce.js';
import { creditMemoToCreditNote } from './credit-note.js';
import { orderToInvoice } from './invoice.js';
import { testSettings } from './test-support.js';
import { buildCreditMemo, buildOrder, plainOrder, type ModelOrder } from './testing/magento-model.js';

const base: ModelOrder = plainOrder({ incrementId: '000000301', items: [{ sku: 'MH01', name: 'Chaz Kangeroo Hoodie', qty: 2, unitCents: 5200, discountPercent: 0 }] });

/** An order paid partly with Commerce amounts: they come off grand_total, as Magento's totals collectors do. */
function commerceOrder(amounts: { giftCards?: number; storeCredit?: number; reward?: number }, over: Partial<ModelOrder> = {}): MagentoOrder {
  const order = buildOrder({ ...base, ...over });
  const off = (amounts.giftCards ?? 0) + (amounts.storeCredit ?? 0) + (amounts.reward ?? 0);
  order.grand_total = (toMinor(order.grand_total) - off) / 100;
  order.extension_attributes = {
    ...order.extension_attributes,
    ...(amounts.giftCards ? { gift_cards_amount: amounts.giftCards / 100, base_gift_cards_amount: amounts.giftCards / 100 } : {}),
    ...(amounts.storeCredit ? { customer_balance_amount: amounts.storeCredit / 100, base_customer_balance_amount: amounts.storeCredit / 100 } : {}),
    ...(amounts.reward ? { reward_currency_amount: amounts.reward / 100, base_reward_currency_amount: amounts.reward / 100, reward_points_balance: amounts.reward } : {}),
  };
  return order;
}

const settings = testSettings({ accounts: { giftCardLiability: '2150', storeCreditLiability: '2160', rewardPointsExpense: '400' } });
const lineSum = (lines: { Quantity?: number; UnitAmount?: number; DiscountAmount?: number }[]) =>
  sumMinor(lines.map((l) => Math.round((l.Quantity ?? 1) * (l.UnitAmount ?? 0) * 100) - toMinorOr0(l.DiscountAmount)));

describe('gift cards and store credit redeemed', () => {
  it('are payments from their own liability accounts, and the invoice still says what was sold', () => {
    const order = commerceOrder({ giftCards: 2500, storeCredit: 1200 });
    const mapped = orderToInvoice(order, settings);
    if (mapped.kind !== 'post') throw new Error(mapped.kind);
    expect(mapped.totalCents).toBe(11400); // 2 × 52.00 + 10.00 shipping
    expect(lineSum(mapped.invoice.LineItems)).toBe(11400);
    expect(mapped.prepayments.map((p) => [p.kind, p.accountCode, p.amountCents])).toEqual([
      ['gift_card', '2150', 2500],
      ['store_credit', '2160', 1200],
    ]);
    // What the customer paid in money is what is left: Magento's grand_total.
    expect(mapped.totalCents - sumMinor(mapped.prepayments.map((p) => p.amountCents))).toBe(toMinor(order.grand_total));
  });

  it('store credit goes to the gift card liability account when it has none of its own', () => {
    const mapped = orderToInvoice(commerceOrder({ storeCredit: 1200 }), testSettings({ accounts: { giftCardLiability: '2150' } }));
    if (mapped.kind !== 'post') throw new Error(mapped.kind);
    expect(mapped.prepayments).toEqual([expect.objectContaining({ kind: 'store_credit', accountCode: '2150', amountCents: 1200 })]);
  });

  it('refuses with the setting to choose when no liability account is set', () => {
    try {
      orderToInvoice(commerceOrder({ storeCredit: 1200 }), testSettings());
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MappingError);
      expect((error as MappingError).message).toMatch(/store credit liability account/);
      expect((error as MappingError).remedy).toMatch(/Settings → Accounts/);
    }
  });
});

describe('a gift card sold', () => {
  it('is owed to its holder: its line goes to the gift card liability, not to sales', () => {
    const order = buildOrder({ ...base, items: [{ sku: 'GC-50', name: 'Gift Card $50', qty: 1, unitCents: 5000, discountPercent: 0 }, base.items[0]!] });
    order.items[0]!.product_type = 'giftcard';
    order.items[0]!.is_virtual = 1;
    const mapped = orderToInvoice(order, settings);
    if (mapped.kind !== 'post') throw new Error(mapped.kind);
    const [card, hoodie] = mapped.invoice.LineItems;
    expect(card).toMatchObject({ Description: 'Gift Card $50', AccountCode: '2150' });
    expect(hoodie).toMatchObject({ AccountCode: '200' });
    expect(mapped.totalCents).toBe(toMinor(order.grand_total));
  });

  it('needs the gift card liability account', () => {
    const order = buildOrder({ ...base, items: [{ sku: 'GC-50', name: 'Gift Card $50', qty: 1, unitCents: 5000, discountPercent: 0 }] });
    order.items[0]!.product_type = 'giftcard';
    expect(() => orderToInvoice(order, testSettings())).toThrow(/sold a gift card \(GC-50\).*no gift card liability account/);
  });
});

describe('reward points redeemed', () => {
  it('are a discount by default: an untaxed negative line on sales, and no payment', () => {
    const order = commerceOrder({ reward: 700 });
    const mapped = orderToInvoice(order, settings);
    if (mapped.kind !== 'post') throw new Error(mapped.kind);
    expect(mapped.prepayments).toEqual([]);
    const reward = mapped.invoice.LineItems.find((l) => l.Description === rewardPointsDescription());
    expect(reward).toMatchObject({ AccountCode: '200', UnitAmount: -7, Quantity: 1 });
    expect(mapped.totalCents).toBe(toMinor(order.grand_total));
    expect(lineSum(mapped.invoice.LineItems)).toBe(toMinor(order.grand_total));
  });

  it('are a marketing expense when set so, on the reward points expense account', () => {
    const mapped = orderToInvoice(commerceOrder({ reward: 700 }), { ...settings, rewardPointsAs: 'marketing_expense' });
    if (mapped.kind !== 'post') throw new Error(mapped.kind);
    expect(mapped.invoice.LineItems.find((l) => l.Description === rewardPointsDescription())).toMatchObject({ AccountCode: '400', UnitAmount: -7 });
  });

  it('as an expense without an expense account, refuse naming both settings', () => {
    expect(() => orderToInvoice(commerceOrder({ reward: 700 }), testSettings({ rewardPointsAs: 'marketing_expense' }))).toThrow(/reward points expense account/);
  });
});

describe('a credit memo of an order paid with store credit and a gift card', () => {
  it('credits the whole sale and gives those parts back to their liabilities; only the rest is money', () => {
    const order = commerceOrder({ giftCards: 2500, storeCredit: 1200 });
    const memo = buildCreditMemo(order, { qty: { 1: 2 }, shippingCents: 1000, adjustmentPositiveCents: 0, adjustmentNegativeCents: 0, online: true }, '000000301', '2026-03-05 10:00:00');
    memo.grand_total = (toMinor(memo.grand_total) - 3700) / 100;
    memo.extension_attributes = { gift_cards_amount: 25, base_gift_cards_amount: 25, customer_balance_amount: 12, base_customer_balance_amount: 12 };
    const mapped = creditMemoToCreditNote(memo, order, settings);
    if (mapped.kind !== 'post') throw new Error(mapped.kind);
    expect(mapped.totalCents).toBe(11400);
    // A registered customer: Magento returns the gift card amount to store credit (Magento_GiftCardAccount).
    expect(mapped.settlement.liabilityRefunds).toEqual([
      { kind: 'store_credit', cents: 1200, accountCode: '2160', reference: 'Store credit 000000301' },
      { kind: 'store_credit', cents: 2500, accountCode: '2160', reference: 'Gift card 000000301' },
    ]);
  });

  it('of a guest: the gift card amount goes back to the card', () => {
    const order = commerceOrder({ giftCards: 2500 }, { guest: true });
    const memo = buildCreditMemo(order, { qty: { 1: 2 }, shippingCents: 1000, adjustmentPositiveCents: 0, adjustmentNegativeCents: 0, online: true }, '000000302', '2026-03-05 10:00:00');
    memo.grand_total = (toMinor(memo.grand_total) - 2500) / 100;
    memo.extension_attributes = { gift_cards_amount: 25 };
    const mapped = creditMemoToCreditNote(memo, order, settings);
    if (mapped.kind !== 'post') throw new Error(mapped.kind);
    expect(mapped.settlement.liabilityRefunds).toEqual([{ kind: 'gift_card', cents: 2500, accountCode: '2150', reference: 'Gift card 000000302' }]);
  });
});

describe('accounts sync for gift cards and store credit', () => {
  it('creates the liability accounts with payments enabled, and refuses an existing one that takes none, naming the setting', () => {
    const plan = planMissingAccounts(requiredAccounts(settings), [
      { Code: '090', Name: 'Bank', Type: 'BANK', Status: 'ACTIVE' },
      { Code: '200', Name: 'Sales', Type: 'SALES', Status: 'ACTIVE' },
      { Code: '860', Name: 'Rounding', Type: 'CURRLIAB', Status: 'ACTIVE' },
      { Code: '260', Name: 'Other Revenue', Type: 'REVENUE', Status: 'ACTIVE' },
      { Code: '2160', Name: 'Customer credit', Type: 'CURRLIAB', Status: 'ACTIVE', EnablePaymentsToAccount: false },
    ]);
    expect(plan.create).toEqual([{ Code: '2150', Name: 'Gift cards', Type: 'CURRLIAB', EnablePaymentsToAccount: true }]);
    expect(plan.problems).toEqual([
      {
        code: '2160',
        role: 'storeCreditLiability',
        message: expect.stringMatching(/^Account 2160 \(Customer credit\) does not take payments.*"Enable payments to this account".*Settings → Accounts → Store credit liability/),
      },
    ]);
  });

  it('asks for the reward points expense account only when points are an expense', () => {
    expect(requiredAccounts(settings).map((r) => r.role)).not.toContain('rewardPointsExpense');
    expect(requiredAccounts({ ...settings, rewardPointsAs: 'marketing_expense' }).find((r) => r.role === 'rewardPointsExpense')).toMatchObject({ code: '400', type: 'EXPENSE' });
  });
});

describe('an order invoiced in part and canceled for the rest', () => {
  /**
   * Magento's Order::registerCancellation (magento/magento2 app/code/Magento/Sales/Model/Order.php): each item's
   * uninvoiced quantity becomes qty_canceled, and tax_canceled = tax_amount − tax_invoiced, total_canceled = grand_total −
   * total_paid; the order stays "processing" because something was sold.
   */
  function partlyCanceled(): MagentoOrder {
    const order = buildOrder({ ...base, rate: 'ny', items: [{ sku: 'MH01', name: 'Chaz Kangeroo Hoodie', qty: 3, unitCents: 5200, discountPercent: 10 }] });
    const item = order.items[0]!;
    item.qty_invoiced = 1;
    item.qty_canceled = 2;
    // The invoiced third, as Magento pro-rates it: row 52.00, discount 5.20, tax on 46.80 at 8.875 % = 4.15.
    Object.assign(item, { row_invoiced: 52, discount_invoiced: 5.2, tax_invoiced: 4.15 });
    const taxCanceled = toMinor(item.tax_amount!) - 415;
    const soldGross = 5200 - 520 + 415 + 1000 + toMinorOr0(order.shipping_tax_amount);
    Object.assign(order, { tax_canceled: taxCanceled / 100, total_canceled: (toMinor(order.grand_total) - soldGross) / 100, subtotal_canceled: 104, discount_canceled: 10.4 });
    return order;
  }

  it('invoices only what was sold, and the canceled part becomes a credit note of its own', () => {
    const order = partlyCanceled();
    const mapped = orderToInvoice(order, settings);
    if (mapped.kind !== 'post') throw new Error(mapped.kind);
    const [hoodie] = mapped.invoice.LineItems;
    expect(hoodie).toMatchObject({ Quantity: 1, UnitAmount: 52, DiscountAmount: 5.2 });
    expect(mapped.totalCents).toBe(toMinor(order.grand_total) - toMinor(order.total_canceled!));
    expect(mapped.taxCents).toBe(toMinor(order.tax_amount!) - toMinor(order.tax_canceled!));
    const part = mapped.canceledPart!;
    expect(part.creditNote).toMatchObject({ Type: 'ACCRECCREDIT', CreditNoteNumber: '000000301-C', Status: 'AUTHORISED' });
    expect(part.totalCents).toBe(toMinor(order.total_canceled!));
    expect(part.taxCents).toBe(toMinor(order.tax_canceled!));
    expect(part.creditNote.LineItems).toEqual([expect.objectContaining({ Quantity: 2, AccountCode: '200' })]);
    // Sold and canceled add up to the order: nothing lost, nothing counted twice.
    expect(mapped.totalCents + part.totalCents).toBe(toMinor(order.grand_total));
  });

  it('without Magento\'s *_invoiced and *_canceled figures, pro-rates by quantity', () => {
    const order = partlyCanceled();
    const item = order.items[0]! as Record<string, unknown>;
    for (const f of ['row_invoiced', 'discount_invoiced', 'tax_invoiced']) delete item[f];
    for (const f of ['tax_canceled', 'total_canceled', 'subtotal_canceled', 'discount_canceled']) delete (order as Record<string, unknown>)[f];
    const mapped = orderToInvoice(order, settings);
    if (mapped.kind !== 'post') throw new Error(mapped.kind);
    expect(mapped.invoice.LineItems[0]).toMatchObject({ Quantity: 1, UnitAmount: 52, DiscountAmount: 5.2 });
    expect(mapped.totalCents + mapped.canceledPart!.totalCents).toBe(toMinor(order.grand_total));
  });

  it('a whole order canceled is no partial cancellation', () => {
    const order = partlyCanceled();
    order.state = 'canceled';
    expect(orderToInvoice(order, settings).kind).toBe('cancel');
  });
});
