// Lines for a Xero document from a Magento document's items and shipping, reconciled to Magento's totals.
// Shared by orders, Magento invoices and credit memos.
import type { RecordRef } from '../domain/errors.js';
import type { MagentoOrder } from '../domain/magento.js';
import { toMinor, toMinorOr0 } from '../domain/money.js';
import type { LineAmountTypes, XeroLineItem } from '../domain/xero.js';
import type { trackingFor } from './document-common.js';
import { isBillable, itemSpec, lineAmountTypesFor, shippingSpec, type LineContext, type SourceLine } from './invoice-lines.js';
import { outOfScopeType, type TaxContext } from './line-tax.js';
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
}

/** Lines for a document, reconciled to Magento's totals. Shared by invoices and credit notes. */
export function assembleLines(input: AssembleInput, extra: LineSpec[] = []) {
  const specsFor = (mode: LineAmountTypes) => {
    const ctx: LineContext = { order: input.order, mode, settings: input.settings, record: input.record, tax: input.tax };
    const specs: (LineSpec & { rate?: AppliedRate | undefined })[] = input.sources
      .filter((s) => isBillable(input.order, s.orderItem))
      .filter((s) => !(toMinor(s.quantity, 4) === 0 && toMinorOr0(s.amounts.row_total) === 0 && toMinorOr0(s.amounts.tax_amount) === 0))
      .map((s) => itemSpec(s, ctx));
    const ship = shippingSpec(input.shipping, ctx);
    if (ship) specs.push(ship);
    specs.push(...extra);
    return specs;
  };
  const noTax = outOfScopeType(input.tax, input.settings, input.record);
  let mode = lineAmountTypesFor(input.order, input.headerTaxCents, input.settings.pricesIncludeTax);
  let specs = specsFor(mode);
  // "No Tax" puts every line on the no-tax rate (in Australia BAS Excluded, which takes the sale off the BAS:
  // help.xero.com/au/GST-WhereDoesXero). A document whose untaxed lines file as zero-rated, exempt or exports goes in as
  // tax exclusive with those types instead, so its sales stay on the tax return.
  if (mode === 'NoTax' && specs.some((s) => s.taxType !== noTax)) {
    mode = 'Exclusive';
    specs = specsFor(mode);
  }
  const options = { mode, allowDiscount: input.allowDiscount, tracking: input.tracking };
  const lines: XeroLineItem[] = specs.map((s) => buildLine(s, options));
  if (lines.length === 0) {
    lines.push({ Description: 'No charge', Quantity: 1, UnitAmount: 0, AccountCode: input.settings.accounts.sales, TaxType: noTax });
    specs.push({ description: 'No charge', quantity: 1, targetCents: 0, discountCents: 0, taxCents: 0, taxType: noTax, accountCode: input.settings.accounts.sales });
  }
  const totalCents = input.grandTotalCents + input.prepaidCents;
  const taxCents = mode === 'NoTax' ? 0 : input.headerTaxCents;
  const reconciled = reconcile(
    lines,
    mode,
    { totalCents, taxCents, lineTargets: specs.map((s) => s.targetCents), currency: input.currency, roundingTaxType: noTax },
    input.settings,
    input.record,
  );
  assertNoSubCentLines(reconciled.lines, input.record);
  return { mode, reconciled, totalCents, taxCents, taxRates: uniqueRates(specs), specs };
}

