// An order invoiced in part and canceled for the rest whose items carry a fixed product tax (FPT/WEEE). Magento's
// Order::registerCancellation (magento/magento2 app/code/Magento/Sales/Model/Order.php) records total_canceled =
// grand_total − total_paid and tax_canceled = tax_amount − tax_invoiced, so the canceled quantities' FPT and its tax are
// in the canceled figures; the invoice took the invoiced quantity's FPT (Magento\Weee\Model\Total\Invoice\Weee: the unit
// FPT × quantity). The generated store met this (a German order with WEEE on an item canceled whole, issue 19's
// switch test): the canceled part came out EUR 0.27 short of total_canceled and the whole order was refused.
import { describe, expect, it } from 'vitest';
import type { MagentoOrder } from '../domain/magento.js';
import { mulDivRound, toMinor, toMinorOr0 } from '../domain/money.js';
import { orderToInvoice } from './invoice.js';
import { testSettings } from './test-support.js';
import { buildOrder, plainOrder } from './testing/magento-model.js';

const settings = testSettings({ accounts: { otherCharges: '260' } });
const FPT = 150;
const RATE4 = 88_750; // New York, 8.875 %
const taxOf = (cents: number) => Math.round((cents * RATE4) / 1_000_000);

/**
 * Two items with an FPT of 1.50 a unit: a hoodie (1) canceled whole, and three jackets of which one was invoiced and
 * paid, the other two canceled. Shipping went with the invoice.
 */
function partlyCanceledWithFpt(): MagentoOrder {
  const order = buildOrder(
    plainOrder({
      incrementId: '000000411',
      rate: 'ny',
      items: [
        { sku: 'MH01', name: 'Chaz Kangeroo Hoodie', qty: 1, unitCents: 5200, discountPercent: 0 },
        { sku: 'MJ01', name: 'Beaumont Summit Kit', qty: 3, unitCents: 3000, discountPercent: 0 },
      ],
      fptUnitCents: FPT,
    }),
  );
  const [hoodie, jackets] = order.items;
  expect(toMinorOr0(hoodie!.weee_tax_applied_row_amount)).toBe(FPT);
  expect(toMinorOr0(jackets!.weee_tax_applied_row_amount)).toBe(3 * FPT);
  Object.assign(hoodie!, { qty_invoiced: 0, qty_canceled: 1 });
  const jacketTax = mulDivRound(toMinor(jackets!.tax_amount!), 1, 3);
  Object.assign(jackets!, { qty_invoiced: 1, qty_canceled: 2, row_invoiced: 30, tax_invoiced: jacketTax / 100 });
  const shippingTax = toMinorOr0(order.shipping_tax_amount);
  // The invoice: one jacket, its FPT and the FPT's tax, and the shipping.
  const paid = 3000 + jacketTax + FPT + taxOf(FPT) + 1000 + shippingTax;
  const taxInvoiced = jacketTax + taxOf(FPT) + shippingTax;
  Object.assign(order, {
    subtotal_canceled: (toMinor(order.subtotal!) - 3000) / 100,
    tax_canceled: (toMinor(order.tax_amount!) - taxInvoiced) / 100,
    shipping_canceled: 0,
    discount_canceled: 0,
    total_canceled: (toMinor(order.grand_total) - paid) / 100,
  });
  return order;
}

const fptLines = (lines: ReadonlyArray<{ Description?: string; Quantity?: number; UnitAmount?: number; TaxAmount?: number }>) =>
  lines.filter((l) => /Recycling fee/.test(l.Description ?? ''));
const cents = (l: { Quantity?: number; UnitAmount?: number }) => Math.round((l.Quantity ?? 1) * (l.UnitAmount ?? 0) * 100);

describe('an order with fixed product taxes invoiced in part and canceled for the rest', () => {
  it('is posted: the invoice keeps the sold quantity\'s FPT, the canceled part credits the rest of it', () => {
    const order = partlyCanceledWithFpt();
    const mapped = orderToInvoice(order, settings);
    if (mapped.kind !== 'post') throw new Error(`${mapped.kind}: ${JSON.stringify(mapped)}`);
    expect(mapped.totalCents).toBe(toMinor(order.grand_total) - toMinor(order.total_canceled!));
    expect(mapped.taxCents).toBe(toMinor(order.tax_amount!) - toMinor(order.tax_canceled!));
    const sold = fptLines(mapped.invoice.LineItems);
    expect(sold.map(cents)).toEqual([FPT]);
    expect(sold[0]).toMatchObject({ AccountCode: '260' });

    const part = mapped.canceledPart!;
    expect(part.totalCents).toBe(toMinor(order.total_canceled!));
    expect(part.taxCents).toBe(toMinor(order.tax_canceled!));
    // The hoodie's FPT and two jackets' FPT, on the credit note for the canceled part.
    const canceled = fptLines(part.creditNote.LineItems);
    expect(canceled.map(cents).reduce((a, b) => a + b, 0)).toBe(FPT + 2 * FPT);
    // Nothing lost, nothing counted twice.
    expect(mapped.totalCents + part.totalCents).toBe(toMinor(order.grand_total));
  });
});
