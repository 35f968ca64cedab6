// Whether a document's item rows are gross or net of their discount, decided per document from its own numbers.
//
// Magento's own arithmetic keeps `row_total` gross (price × qty) and the discount beside it: the order's `subtotal` is
// the sum of the rows and `grand_total` = subtotal + shipping − discount + tax (Magento's tax integration scenarios,
// dev/tests/integration/testsuite/Magento/Tax/_files/scenarios/excluding_tax_apply_tax_before_discount.php: row_total
// 20, discount_amount 10, subtotal 20, grand_total 26; including_tax_apply_tax_after_discount.php: row_total 26.36,
// discount 13.18, discount_tax_compensation 1.20, subtotal 26.36).
// Some stores send rows already net of their discount while the subtotal stays gross: real orders 000000014/15/16
// (OCA connector-magento's recorded cassettes, Luma store, Magento 2.3; fixture orders.real-stores-totals.json) have
// price 69, discount 13.80, row_total 55.20, row_total_incl_tax 59.75, subtotal 293 (the gross rows 69 + 224), and
// grand_total 253.74 = 293 − 58.60 + 19.34; order 000000006 of the fraud-screening vendor's fixtures likewise
// (row_total 61.60 = 77 − 15.40, subtotal 231). Posting such a row's discount again would take it twice.
import { toMinorOr0 } from '../domain/money.js';

export type RowConvention = 'gross' | 'net';

export interface ConventionRow {
  quantity: number;
  /** Unit price excl. tax as Magento sent it. */
  price?: number | null | undefined;
  rowCents: number;
  discountCents: number;
  /** Discount tax compensation ("hidden tax") of a tax-inclusive catalogue. */
  dtcCents: number;
  /** Fixed product tax on the row (weee_tax_applied_row_amount), which a store may count in its subtotal. */
  weeeCents: number;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * What the document's subtotal says: the rows add up to it as they are (gross), or only with their discounts added
 * back (net). Undefined when the subtotal is absent or says neither or both, or when nothing is discounted (both read
 * alike).
 */
export function conventionBySubtotal(rows: readonly ConventionRow[], subtotal: number | null | undefined): RowConvention | undefined {
  const discount = sum(rows.map((r) => r.discountCents - r.dtcCents));
  // Nothing discounted needs no test of its own: with discount 0, `net` below is `matches(rowsSum)`, which is `gross`,
  // so the `gross === net` test returns undefined. An absent subtotal must not read as 0 (a fully discounted net row
  // of 0.00 would then "match" it as gross).
  if (subtotal === null || subtotal === undefined) return undefined;
  const sub = toMinorOr0(subtotal);
  const rowsSum = sum(rows.map((r) => r.rowCents));
  const weee = sum(rows.map((r) => r.weeeCents));
  // With no fixed product tax the second test is the first.
  const matches = (total: number) => total === sub || total + weee === sub;
  const gross = matches(rowsSum);
  const net = matches(rowsSum + discount);
  // Both read alike when the rows' fixed product tax equals their discount (net rows without the tax, or gross rows
  // with it, come to the same subtotal): then the subtotal says nothing and the grand total decides.
  if (gross === net) return undefined;
  return gross ? 'gross' : 'net';
}

/**
 * What the rows' own prices say: price × qty is the row (gross) or the row plus its discount (net). A vote per
 * discounted row, within a cent per row of rounding; undefined on a tie.
 */
export function conventionByPrices(rows: readonly ConventionRow[]): RowConvention | undefined {
  let gross = 0;
  let net = 0;
  for (const r of rows) {
    if (r.discountCents === 0 || r.price === null || r.price === undefined) continue;
    const extended = Math.round(toMinorOr0(r.price) * r.quantity);
    const near = (v: number) => Math.abs(v - extended) <= 1;
    const g = near(r.rowCents);
    const n = near(r.rowCents + r.discountCents - r.dtcCents);
    if (g && !n) gross += 1;
    else if (n && !g) net += 1;
  }
  return gross > net ? 'gross' : net > gross ? 'net' : undefined;
}

/**
 * The conventions to try, most likely first: one when the subtotal decides (or nothing is discounted), otherwise both,
 * ordered by the rows' prices; the caller keeps the one whose lines come to Magento's grand total.
 */
export function candidateConventions(rows: readonly ConventionRow[], subtotal: number | null | undefined): RowConvention[] {
  if (rows.every((r) => r.discountCents - r.dtcCents === 0)) return ['gross'];
  const bySubtotal = conventionBySubtotal(rows, subtotal);
  if (bySubtotal) return [bySubtotal];
  return conventionByPrices(rows) === 'net' ? ['net', 'gross'] : ['gross', 'net'];
}
