// Turns "what Magento charged for a line" into a Xero line whose LineAmount Xero will compute to exactly that amount.
import { divRound, fromMinor, toMinor, UNIT_DP } from '../domain/money.js';
import type { LineAmountTypes, XeroLineItem, XeroTracking } from '../domain/xero.js';

export interface LineSpec {
  description: string;
  /** Quantity as Magento has it (may be decimal). */
  quantity: number;
  /** The natural unit price (excl. or incl. tax to match the document), used when it reproduces the amount. */
  unitHint?: number | null | undefined;
  /** What the line must come to in Xero (LineAmount), in cents: excl. tax for Exclusive/NoTax, incl. for Inclusive. */
  targetCents: number;
  /** The discount Magento gave on the line, in cents, shown as DiscountAmount where discounts are allowed. */
  discountCents: number;
  taxCents: number;
  taxType: string;
  accountCode: string;
  itemCode?: string | undefined;
}

export interface BuildOptions {
  mode: LineAmountTypes;
  /** Credit notes take no discounts: lines go in at their net amount. */
  allowDiscount: boolean;
  tracking?: XeroTracking[] | undefined;
}

/**
 * Xero's limit on a line's Description: 4000 characters, as for an item's sales description, which Xero copies onto the
 * line (xero_accounting.yaml, Item.SalesDetails / Item.Description: "max length = 4000").
 */
export const LINE_DESCRIPTION_MAX = 4000;
const SCALE = 10n ** 6n; // qty (1e-4) × unit (1e-4) = 1e-8; cents are 1e-2

function lineCents(qty4: bigint, unit4: bigint): bigint {
  return divRound(qty4 * unit4, SCALE);
}

/** ⌈a ÷ b⌉ for a ≥ 0 and b > 0, the only case priceLine has (a target and a discount of at least 0, a positive quantity). */
function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/** Chooses Quantity, UnitAmount and DiscountAmount so Xero's LineAmount equals the target to the cent. */
export function priceLine(
  spec: Pick<LineSpec, 'quantity' | 'unitHint' | 'targetCents' | 'discountCents'>,
  allowDiscount: boolean,
): { quantity: number; unit4: number; discountCents: number; quantityFolded: boolean } {
  const target = BigInt(spec.targetCents);
  const qty4 = BigInt(toMinor(spec.quantity, UNIT_DP));
  if (qty4 <= 0n || target < 0n) {
    return { quantity: 1, unit4: spec.targetCents * 100, discountCents: 0, quantityFolded: qty4 !== 10000n };
  }
  const wantedDiscount = allowDiscount ? BigInt(Math.max(0, spec.discountCents)) : 0n;
  if (allowDiscount) {
    if (spec.unitHint !== null && spec.unitHint !== undefined) {
      const u = BigInt(toMinor(spec.unitHint, UNIT_DP));
      const d = lineCents(qty4, u) - target;
      if (d >= 0n && d - wantedDiscount <= 2n && wantedDiscount - d <= 2n) {
        return { quantity: spec.quantity, unit4: Number(u), discountCents: Number(d), quantityFolded: false };
      }
    }
    // Smallest 4-dp unit price whose row covers target + discount; the remainder becomes the discount. The row is at
    // least target + discount (u × qty ≥ (target + discount) × SCALE, and rounding cannot take it below a whole cent it
    // reaches), so the discount is never negative and this always answers.
    const u = ceilDiv((target + wantedDiscount) * SCALE, qty4);
    return { quantity: spec.quantity, unit4: Number(u), discountCents: Number(lineCents(qty4, u) - target), quantityFolded: false };
  }
  // The nearest 4-dp unit price reproduces the amount whenever any does. A step of the unit (0.0001) moves the row by
  // k = qty4 ÷ SCALE cents: the nearest unit puts the row within k ÷ 2 of the target, every other unit at least k ÷ 2
  // away. Under 100 units (k < 1) the nearest is less than half a cent off and rounds to the target (at k = 1 it is
  // exact); from there on, every other unit is at least half a cent off too (more than half, past 100), so when the
  // nearest misses, all miss.
  const u = divRound(target * SCALE, qty4);
  if (lineCents(qty4, u) === target) return { quantity: spec.quantity, unit4: Number(u), discountCents: 0, quantityFolded: false };
  // No unit price reproduces the amount at this quantity: post one line for the whole amount.
  return { quantity: 1, unit4: spec.targetCents * 100, discountCents: 0, quantityFolded: true };
}

/** The quantity as Xero would show it, to 4 places (priceLine has already refused one too large for that). */
function formatQuantity(q: number): string {
  return String(fromMinor(toMinor(q, UNIT_DP), UNIT_DP));
}

export function buildLine(spec: LineSpec, options: BuildOptions): XeroLineItem {
  const priced = priceLine(spec, options.allowDiscount);
  let description = spec.description.trim() || 'Item';
  // A quantity of 1 never folds (its row is the unit price), and one of 0 or less reads no better with "× 0".
  if (priced.quantityFolded && spec.quantity > 0) {
    description = `${description} (× ${formatQuantity(spec.quantity)})`;
  }
  const line: XeroLineItem = {
    Description: description.slice(0, LINE_DESCRIPTION_MAX),
    Quantity: fromMinor(toMinor(priced.quantity, UNIT_DP), UNIT_DP),
    UnitAmount: fromMinor(priced.unit4, UNIT_DP),
    AccountCode: spec.accountCode,
    TaxType: spec.taxType,
  };
  if (spec.itemCode) line.ItemCode = spec.itemCode;
  if (options.mode !== 'NoTax') line.TaxAmount = fromMinor(spec.taxCents);
  if (priced.discountCents > 0) line.DiscountAmount = fromMinor(priced.discountCents);
  if (options.tracking && options.tracking.length > 0) line.Tracking = options.tracking.map((t) => ({ ...t }));
  return line;
}
