// Lines for a Xero document from a Magento document's items and shipping, reconciled to Magento's totals.
// Shared by orders, Magento invoices and credit memos.
import type { RecordRef } from '../domain/errors.js';
import type { MagentoOrder } from '../domain/magento.js';
import { formatMinor, toMinor, toMinorOr0 } from '../domain/money.js';
import type { LineAmountTypes, XeroLineItem } from '../domain/xero.js';
import type { trackingFor } from './document-common.js';
import { isBillable, itemSpec, lineAmountTypesFor, lineDescription, shippingSpec, type LineContext, type SourceLine } from './invoice-lines.js';
import { fptSpec, giftWrappingSpecs } from './extra-charges.js';
import { candidateConventions, type ConventionRow, type RowConvention } from './row-convention.js';
import { computeDocument } from './xero-arithmetic.js';
import { documentUntaxedType, outOfScopeType, type TaxContext } from './line-tax.js';
import { buildLine, type LineSpec } from './line-builder.js';
import { reconcile } from './rounding.js';
import type { MappingSettings } from './settings.js';
import { assertNoSubCentLines } from './sub-cent.js';
import type { AppliedRate } from './tax.js';

function uniqueRates(specs: readonly { rate?: AppliedRate | undefined }[]): AppliedRate[] {
  const byKey = new Map<string, AppliedRate>();
  for (const s of specs) if (s.rate) byKey.set(s.rate.key, s.rate);
  return [...byKey.values()];
}

export interface AssembleInput {
  order: MagentoOrder;
  record: RecordRef;
  sources: SourceLine[];
  shipping: Parameters<typeof shippingSpec>[0];
  headerTaxCents: number;
  grandTotalCents: number;
  prepaidCents: number;
  settings: MappingSettings;
  tracking: ReturnType<typeof trackingFor>;
  currency: string;
  allowDiscount: boolean;
  /** The tax system of the organisation the document goes to (the store's). */
  tax: TaxContext;
  /** The document's own subtotal: with its discount and grand total it says whether rows are gross or net. */
  subtotal?: number | null | undefined;
  /** The document, for its gift wrapping totals (Adobe Commerce). */
  document?: Parameters<typeof giftWrappingSpecs>[0] | undefined;
}

type Spec = LineSpec & { rate?: AppliedRate | undefined };

export const OTHER_CHARGES_DESCRIPTION = 'Other charges (difference to Magento\'s grand total)';

function conventionRows(input: AssembleInput): ConventionRow[] {
  return billableSources(input).map((s) => ({
    quantity: s.quantity,
    price: s.amounts.price,
    rowCents: toMinorOr0(s.amounts.row_total),
    discountCents: toMinorOr0(s.amounts.discount_amount),
    dtcCents: toMinorOr0(s.amounts.discount_tax_compensation_amount),
    weeeCents: toMinorOr0(s.amounts.weee_tax_applied_row_amount),
  }));
}

function billableSources(input: AssembleInput): SourceLine[] {
  return input.sources
    .filter((s) => isBillable(input.order, s.orderItem))
    .filter((s) => !(toMinor(s.quantity, 4) === 0 && toMinorOr0(s.amounts.row_total) === 0 && toMinorOr0(s.amounts.tax_amount) === 0));
}

/**
 * Lines for a document, reconciled to Magento's totals. Shared by invoices and credit notes. Items (gross or net rows,
 * decided from the document's own numbers), shipping, fixed product taxes, gift wrapping, then the caller's extra lines;
 * Xero's arithmetic on them must give Magento's grand total (rounding aside) or nothing is posted.
 */
export function assembleLines(input: AssembleInput, extra: LineSpec[] = []) {
  const specsFor = (mode: LineAmountTypes, convention: RowConvention) => {
    const ctx: LineContext = { order: input.order, mode, settings: input.settings, record: input.record, tax: input.tax, convention };
    const billable = billableSources(input);
    const specs: Spec[] = billable.map((s) => itemSpec(s, ctx));
    const ship = shippingSpec(input.shipping, ctx);
    if (ship) specs.push(ship);
    const extraCtx = { order: input.order, mode, settings: input.settings, record: input.record, tax: input.tax };
    for (const s of billable) {
      const fpt = fptSpec(s.orderItem, s.amounts, lineDescription(input.order, s.orderItem), extraCtx);
      if (fpt) specs.push(fpt);
    }
    if (input.document) specs.push(...giftWrappingSpecs(input.document, extraCtx));
    specs.push(...extra);
    return specs;
  };
  const noTax = outOfScopeType(input.tax, input.settings, input.record);
  const totalCents = input.grandTotalCents + input.prepaidCents;
  const rows = conventionRows(input);
  const candidates = candidateConventions(rows, input.subtotal);
  let mode = lineAmountTypesFor(input.order, input.headerTaxCents, input.settings.pricesIncludeTax);
  const build = (m: LineAmountTypes, convention: RowConvention) => {
    const specs = specsFor(m, convention);
    const options = { mode: m, allowDiscount: input.allowDiscount, tracking: input.tracking };
    return { specs, lines: specs.map((sp) => buildLine(sp, options)), convention };
  };
  // When the subtotal does not say, the convention whose lines come closest to Magento's grand total wins.
  const closest = (m: LineAmountTypes) => {
    const built = candidates.map((c) => build(m, c));
    const drift = (b: (typeof built)[number]) => Math.abs(totalCents - computeDocument({ LineAmountTypes: m, LineItems: b.lines }).total);
    return built.reduce((best, b) => (drift(b) < drift(best) ? b : best));
  };
  let chosen = closest(mode);
  // "No Tax" puts every line on the no-tax rate (in Australia BAS Excluded, which takes the sale off the BAS:
  // help.xero.com/au/GST-WhereDoesXero). A document whose untaxed lines file as zero-rated, exempt or exports goes in as
  // tax exclusive with those types instead, so its sales stay on the tax return.
  if (mode === 'NoTax' && chosen.specs.some((s) => s.taxType !== noTax)) {
    mode = 'Exclusive';
    chosen = closest(mode);
  }
  const { specs, lines } = chosen;
  if (lines.length === 0) {
    lines.push({ Description: 'No charge', Quantity: 1, UnitAmount: 0, AccountCode: input.settings.accounts.sales, TaxType: noTax });
    specs.push({ description: 'No charge', quantity: 1, targetCents: 0, discountCents: 0, taxCents: 0, taxType: noTax, accountCode: input.settings.accounts.sales });
  }
  // A NoTax document is one whose header tax is 0 (lineAmountTypesFor), so this is its tax in every mode.
  const taxCents = input.headerTaxCents;
  const otherChargesCents = unexplainedDifference(input, mode, lines, totalCents, taxCents);
  if (otherChargesCents !== 0) {
    const spec: Spec = {
      description: OTHER_CHARGES_DESCRIPTION,
      quantity: 1,
      targetCents: otherChargesCents,
      discountCents: 0,
      taxCents: 0,
      taxType: documentUntaxedType(input.order, input.tax, input.settings, input.record),
      accountCode: input.settings.accounts.otherCharges,
    };
    specs.push(spec);
    lines.push(buildLine(spec, { mode, allowDiscount: input.allowDiscount, tracking: input.tracking }));
  }
  const reconciled = reconcile(
    lines,
    mode,
    { totalCents, taxCents, lineTargets: specs.map((s) => s.targetCents), currency: input.currency, roundingTaxType: noTax },
    input.settings,
    input.record,
  );
  assertNoSubCentLines(reconciled.lines, input.record);
  const notes: string[] = [];
  if (otherChargesCents !== 0) {
    notes.push(
      `other charges line ${input.currency} ${formatMinor(otherChargesCents)} to account ${input.settings.accounts.otherCharges}: Magento's grand total holds an amount in no total the connector reads (setting "post an unexplained difference", limit ${formatMinor(input.settings.unexplainedDifference.limitCents)})`,
    );
  }
  return { mode, reconciled, totalCents, taxCents, taxRates: uniqueRates(specs), specs, convention: chosen.convention, otherChargesCents, notes };
}

/**
 * The setting "post an unexplained difference" (off by default): what the lines miss of Magento's grand total, when it
 * is beyond rounding, within the limit, and the tax already agrees (a difference in tax is never papered over).
 */
function unexplainedDifference(input: AssembleInput, mode: LineAmountTypes, lines: XeroLineItem[], totalCents: number, taxCents: number): number {
  const policy = input.settings.unexplainedDifference;
  if (!policy.post) return 0;
  const tolerance = input.settings.roundingToleranceCentsPerLine * Math.max(1, lines.length);
  const arithmetic = computeDocument({ LineAmountTypes: mode, LineItems: lines });
  // NoTax: both are 0 (no header tax, no tax on the lines).
  const taxDrift = taxCents - arithmetic.totalTax;
  if (Math.abs(taxDrift) > tolerance) return 0;
  // Moving the tax drift onto a line changes an exclusive document's total by as much.
  const drift = totalCents - arithmetic.total - (mode === 'Exclusive' ? taxDrift : 0);
  if (Math.abs(drift) <= tolerance || Math.abs(drift) > policy.limitCents) return 0;
  return drift;
}
