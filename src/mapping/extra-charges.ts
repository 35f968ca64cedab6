// Amounts a Magento document charges beside its items and shipping, each posted as its own line:
// - fixed product taxes (FPT/WEEE), per item, to the FPT account (default: other charges);
// - Adobe Commerce gift wrapping (for the order, for items) and the printed card, to the gift wrapping account
//   (default: other charges).
// Any difference left after them is refused by name, or (setting, off by default) posted to the other charges account
// up to a limit.
//
// Sources:
// - FPT fields and arithmetic: Magento\Weee\Model\Total\Invoice\Weee (magento/magento2): a document item's FPT is
//   weee_tax_applied_row_amount (excluding its tax); its tax is the applied taxes' row_amount_incl_tax − row_amount
//   (weee_tax_applied JSON); both are added to the document's grand_total and the tax to its tax_amount, outside the
//   item's own tax_amount. With "include FPT in subtotal" the FPT is also in the subtotal
//   (Magento\Weee\Model\Total\Quote\WeeeTax::processTotalAmount).
// - Gift wrapping fields: SalesDataOrderExtensionInterface (netz98/magento2-swagger-api-client-demo docs/Model):
//   gw_price, gw_items_price, gw_card_price and their gw_*_tax_amount, with base_ variants (gw_base_price ...).
import type { RecordRef } from '../domain/errors.js';
import type { MagentoOrder, MagentoOrderItem } from '../domain/magento.js';
import { toMinorOr0 } from '../domain/money.js';
import type { LineAmountTypes } from '../domain/xero.js';
import type { LineSpec } from './line-builder.js';
import { lineRate, lineTaxType, type TaxContext } from './line-tax.js';
import { fptAccount, giftWrappingAccount, type MappingSettings } from './settings.js';
import type { AppliedRate } from './tax.js';

export type ExtraSpec = LineSpec & { rate?: AppliedRate | undefined; kind: 'fpt' | 'gift_wrapping' };

interface WeeeApplied {
  title?: unknown;
  row_amount?: unknown;
  row_amount_incl_tax?: unknown;
}

function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return 0;
}

/** weee_tax_applied as Magento stores it: a JSON list (sometimes double-encoded); anything else reads as none. */
export function parseWeeeApplied(raw: string | null | undefined): WeeeApplied[] {
  if (!raw) return [];
  try {
    let parsed: unknown = JSON.parse(raw);
    if (typeof parsed === 'string') parsed = JSON.parse(parsed);
    return Array.isArray(parsed) ? parsed.filter((x): x is WeeeApplied => typeof x === 'object' && x !== null) : [];
  } catch {
    return [];
  }
}

export interface WeeeAmounts {
  weee_tax_applied?: string | null | undefined;
  weee_tax_applied_row_amount?: number | null | undefined;
}

/** An item's FPT on this document: the row amount excluding tax, its tax, and the FPT titles. */
export function fptOf(amounts: WeeeAmounts): { cents: number; taxCents: number; titles: string[] } {
  const applied = parseWeeeApplied(amounts.weee_tax_applied);
  const fromApplied = applied.reduce((s, a) => s + toMinorOr0(num(a.row_amount)), 0);
  const cents = amounts.weee_tax_applied_row_amount != null ? toMinorOr0(amounts.weee_tax_applied_row_amount) : fromApplied;
  const taxCents = applied.reduce((s, a) => (a.row_amount_incl_tax == null ? s : s + toMinorOr0(num(a.row_amount_incl_tax)) - toMinorOr0(num(a.row_amount))), 0);
  const titles = [...new Set(applied.map((a) => (typeof a.title === 'string' ? a.title.trim() : '')).filter(Boolean))];
  return { cents, taxCents, titles };
}

export interface ExtraContext {
  order: MagentoOrder;
  mode: LineAmountTypes;
  settings: MappingSettings;
  record: RecordRef;
  tax: TaxContext;
}

/**
 * The percent a charge was taxed at, for the message refusing it; none without an amount to read it on. Its only
 * reader, lineTaxType, reads it only when the tax is not zero, so a zero tax needs no test here (it gives 0 %, unread).
 */
function percentOf(amount: number, tax: number): number | undefined {
  return amount !== 0 ? Math.round((tax / amount) * 10000) / 100 : undefined;
}

/** One FPT line per item that carries FPT on this document. */
export function fptSpec(item: MagentoOrderItem, amounts: WeeeAmounts, name: string, ctx: ExtraContext): ExtraSpec | undefined {
  const fpt = fptOf(amounts);
  const tax = ctx.mode === 'NoTax' ? 0 : fpt.taxCents;
  if (fpt.cents === 0 && tax === 0) return undefined;
  const inclusive = ctx.mode === 'Inclusive';
  // Magento taxes an FPT with its product's tax class ("Apply Tax To FPT"): the "weee" entry for the item, else the
  // item's own rate when it gives the FPT's tax, else the order's rate that does.
  const itemRate = lineRate(ctx.order, { type: 'product', item }, ctx.settings);
  const rate =
    tax === 0
      ? undefined
      : (lineRate(ctx.order, { type: 'other', itemType: 'weee', associatedItemId: item.item_id, amountCents: fpt.cents, taxCents: tax }, ctx.settings) ??
        (itemRate && Math.abs(Math.round((fpt.cents * itemRate.percent) / 100) - tax) <= 1 ? itemRate : undefined));
  const label = fpt.titles.length > 0 ? fpt.titles.join(', ') : 'Fixed product tax';
  const description = `${label}: ${name}`;
  const override = ctx.settings.fptTaxType;
  return {
    kind: 'fpt',
    description,
    quantity: 1,
    targetCents: fpt.cents + (inclusive ? tax : 0),
    discountCents: 0,
    taxCents: tax,
    taxType: override ?? lineTaxType({ order: ctx.order, item, rate, taxCents: tax, settings: ctx.settings, tax: ctx.tax, record: ctx.record, what: `fixed product tax on "${name}"`, percent: percentOf(fpt.cents, tax) }),
    accountCode: fptAccount(ctx.settings),
    rate,
  };
}

/** Gift wrapping totals of a document (top level or extension attributes), in cents. */
export interface GiftWrappingFields {
  gw_price?: number | string | null | undefined;
  gw_items_price?: number | string | null | undefined;
  gw_card_price?: number | string | null | undefined;
  gw_tax_amount?: number | string | null | undefined;
  gw_items_tax_amount?: number | string | null | undefined;
  gw_card_tax_amount?: number | string | null | undefined;
}

type GwDoc = GiftWrappingFields & { extension_attributes?: (GiftWrappingFields & Record<string, unknown>) | null | undefined };

export function giftWrappingAmounts(doc: GwDoc): { what: string; cents: number; taxCents: number }[] {
  const ext = doc.extension_attributes ?? {};
  const read = (k: keyof GiftWrappingFields) => toMinorOr0(num(doc[k] ?? ext[k]));
  return [
    { what: 'Gift wrapping (order)', cents: read('gw_price'), taxCents: read('gw_tax_amount') },
    { what: 'Gift wrapping (items)', cents: read('gw_items_price'), taxCents: read('gw_items_tax_amount') },
    { what: 'Printed card', cents: read('gw_card_price'), taxCents: read('gw_card_tax_amount') },
  ].filter((g) => g.cents !== 0 || g.taxCents !== 0);
}

/** Lines for a document's gift wrapping and printed card. */
export function giftWrappingSpecs(doc: GwDoc, ctx: ExtraContext): ExtraSpec[] {
  const inclusive = ctx.mode === 'Inclusive';
  return giftWrappingAmounts(doc).map((g) => {
    const tax = ctx.mode === 'NoTax' ? 0 : g.taxCents;
    const percent = percentOf(g.cents, tax);
    const rate = tax !== 0 ? lineRate(ctx.order, { type: 'other', amountCents: g.cents, taxCents: tax }, ctx.settings) : undefined;
    const override = ctx.settings.giftWrappingTaxType;
    return {
      kind: 'gift_wrapping' as const,
      description: g.what,
      quantity: 1,
      targetCents: g.cents + (inclusive ? tax : 0),
      discountCents: 0,
      taxCents: tax,
      taxType: override ?? lineTaxType({ order: ctx.order, rate, taxCents: tax, settings: ctx.settings, tax: ctx.tax, record: ctx.record, what: g.what.toLowerCase(), percent }),
      accountCode: giftWrappingAccount(ctx.settings),
      rate,
    };
  });
}
