// Magento's line arithmetic in integer cents, one currency at a time: tax on the discounted amount, rounded per line;
// with tax-inclusive prices the tax hidden in the discount comes back as discount_tax_compensation_amount, so that
// row_total - discount + tax + compensation = what the customer pays for the line.
import { percentOf, taxIncluded } from '../money.js';

export type Discount = { percent: number } | { amount: number } | null;

export interface LineInput {
  /** Unit price in cents: excluding tax, or including it when `inclusive`. */
  unit: number;
  qty: number;
  taxPercent: number;
  discount: Discount;
  inclusive: boolean;
}

export interface PricedLine {
  price: number;
  price_incl_tax: number;
  row_total: number;
  row_total_incl_tax: number;
  tax_amount: number;
  discount_amount: number;
  discount_tax_compensation_amount: number;
  /** Tax before the discount (for applied-tax reporting). */
  tax_before_discount: number;
}

function discountOf(base: number, discount: Discount): number {
  if (discount === null) return 0;
  const value = 'percent' in discount ? percentOf(base, discount.percent) : discount.amount;
  return Math.max(0, Math.min(value, base));
}

export function priceLine(input: LineInput): PricedLine {
  const { unit, qty, taxPercent: r } = input;
  if (!input.inclusive) {
    const rowTotal = unit * qty;
    const taxBefore = percentOf(rowTotal, r);
    const discount = discountOf(rowTotal, input.discount);
    return {
      price: unit,
      price_incl_tax: unit + percentOf(unit, r),
      row_total: rowTotal,
      row_total_incl_tax: rowTotal + taxBefore,
      tax_amount: percentOf(rowTotal - discount, r),
      discount_amount: discount,
      discount_tax_compensation_amount: 0,
      tax_before_discount: taxBefore,
    };
  }
  const rowInclTax = unit * qty;
  const taxBefore = taxIncluded(rowInclTax, r);
  const discount = discountOf(rowInclTax, input.discount);
  const tax = taxIncluded(rowInclTax - discount, r);
  return {
    price: unit - taxIncluded(unit, r),
    price_incl_tax: unit,
    row_total: rowInclTax - taxBefore,
    row_total_incl_tax: rowInclTax,
    tax_amount: tax,
    discount_amount: discount,
    discount_tax_compensation_amount: taxBefore - tax,
    tax_before_discount: taxBefore,
  };
}

/** Spreads a fixed cart discount over lines in proportion to their amounts, carrying the rounding to the next line. */
export function spreadFixedDiscount(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  const capped = Math.min(total, sum);
  const out: number[] = [];
  let given = 0;
  let carried = 0;
  for (const [i, w] of weights.entries()) {
    if (i === weights.length - 1) {
      out.push(capped - given);
      break;
    }
    const exact = (capped * w) / sum + carried;
    const rounded = Math.round(exact);
    carried = exact - rounded;
    out.push(rounded);
    given += rounded;
  }
  return out;
}
