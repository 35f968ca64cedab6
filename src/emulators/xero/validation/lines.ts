/** Line items of invoices and credit notes: defaults from the item, account and tax checks, then Xero's arithmetic. */
import { randomUUID } from 'node:crypto';
import { cents, parseRounded, parseScaled, rescale } from '../money.js';
import type { AccountClass, DocumentKind, LineRecord, LineTracking } from '../model.js';
import type { Organisation } from '../state.js';
import { effectiveRate4, lineTotals } from '../totals.js';
import type { LineAmountTypes } from '../totals.js';
import { currentTaxType } from './tax-type.js';

const SALES_TYPES = new Set(['ACCREC', 'ACCRECCREDIT']);

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function invalidTaxType(taxType: string): string {
  return `The TaxType code ${taxType} does not exist or cannot be used for this type of transaction.`;
}

export interface LineContext {
  org: Organisation;
  kind: DocumentKind;
  type: string;
  lineAmountTypes: LineAmountTypes;
  unitdp: 2 | 4;
  previous: LineRecord[];
  /** The document is (or becomes) AUTHORISED: posted to the ledger, where Xero refuses lines worth less than a cent. */
  posting?: boolean;
}

/** A line whose quantity times unit amount is not zero yet rounds to 0.00 cannot be posted (threads/node702). */
export const SUB_CENT_LINE = ['Account must be valid.', 'Tax rate must be valid.'] as const;

/** threads/workguru-negative-quantity (Xero's message with its placeholder filled as Xero formats quantities, 4 places). */
export function negativeQuantity(quantity4: bigint): string {
  return `The quantity value '${(Number(quantity4) / 10_000).toFixed(4)}' is invalid. Quantity must not be less than zero.`;
}

function amount(value: unknown, scale: number, unitdp: 2 | 4): bigint | undefined {
  // Without unitdp=4 Xero rounds a unit amount to 2 places before it computes anything.
  if (scale === 4 && unitdp === 2) {
    const two = parseRounded(value, 2);
    return two === undefined ? undefined : rescale(two, 2, 4);
  }
  return parseRounded(value, scale);
}

function tracking(org: Organisation, value: unknown, errors: string[]): LineTracking[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    errors.push('Tracking must be a list.');
    return [];
  }
  if (value.length > 2) errors.push('A line item can have at most 2 tracking categories.');
  const out: LineTracking[] = [];
  for (const raw of value) {
    const t = (raw ?? {}) as Record<string, unknown>;
    const categoryKey = str(t['TrackingCategoryID'])?.toLowerCase();
    const name = str(t['Name']);
    const category = [...org.tracking.values()].find(
      (c) => c.Status === 'ACTIVE' && (c.TrackingCategoryID === categoryKey || (name !== undefined && c.Name.toLowerCase() === name.toLowerCase())),
    );
    if (!category) {
      errors.push(`Tracking category '${name ?? categoryKey ?? ''}' does not exist or is not active.`);
      continue;
    }
    const optionKey = str(t['TrackingOptionID'])?.toLowerCase();
    const optionName = str(t['Option']);
    const option = category.Options.find(
      (o) => o.Status === 'ACTIVE' && (o.TrackingOptionID === optionKey || (optionName !== undefined && o.Name.toLowerCase() === optionName.toLowerCase())),
    );
    if (!option) {
      errors.push(`Tracking option '${optionName ?? optionKey ?? ''}' does not exist in tracking category '${category.Name}'.`);
      continue;
    }
    out.push({ TrackingCategoryID: category.TrackingCategoryID, TrackingOptionID: option.TrackingOptionID, Name: category.Name, Option: option.Name });
  }
  return out;
}

export function prepareLine(ctx: LineContext, raw: Record<string, unknown>, errors: string[]): LineRecord {
  const { org } = ctx;
  const sales = SALES_TYPES.has(ctx.type);
  const previousId = str(raw['LineItemID'])?.toLowerCase();
  const previous = ctx.previous.find((l) => l.LineItemID === previousId);
  let description = str(raw['Description']);
  let accountCode = str(raw['AccountCode']);
  let taxType = str(raw['TaxType']);
  let unit4 = raw['UnitAmount'] === undefined || raw['UnitAmount'] === null ? undefined : amount(raw['UnitAmount'], 4, ctx.unitdp);
  if (raw['UnitAmount'] !== undefined && raw['UnitAmount'] !== null && unit4 === undefined) errors.push('UnitAmount must be a number.');
  const itemCode = str(raw['ItemCode']);
  if (itemCode !== undefined) {
    const item = org.itemByCode(itemCode);
    if (!item) errors.push(`Item code '${itemCode}' is not valid`);
    else {
      const d = sales ? item.SalesDetails : item.PurchaseDetails;
      description ??= sales ? item.Description : item.PurchaseDescription ?? item.Description;
      accountCode ??= d.AccountCode;
      taxType ??= d.TaxType;
      unit4 ??= d.unit4;
    }
  }
  const accountId = str(raw['AccountID'])?.toLowerCase();
  if (accountCode === undefined && accountId !== undefined) accountCode = org.accounts.get(accountId)?.Code;
  let accountClass: AccountClass | undefined;
  if (accountCode !== undefined) {
    const account = org.accountByCode(accountCode);
    if (!account || account.Status === 'DELETED') errors.push(`Account code '${accountCode}' is not a valid code for this document.`);
    else if (account.Status === 'ARCHIVED') {
      errors.push(`Account code '${accountCode}' has been archived, or has been deleted. Each line item must reference a valid account.`);
    } else {
      accountClass = account.Class;
      taxType ??= account.TaxType;
      accountCode = account.Code;
    }
  }
  let rate4 = 0n;
  if (taxType !== undefined) {
    taxType = currentTaxType(org.region, taxType, accountClass);
    const rate = org.taxRate(taxType);
    const allowed: Record<string, boolean> | undefined = rate && {
      ASSET: rate.CanApplyToAssets,
      EQUITY: rate.CanApplyToEquity,
      EXPENSE: rate.CanApplyToExpenses,
      LIABILITY: rate.CanApplyToLiabilities,
      REVENUE: rate.CanApplyToRevenue,
    };
    const unusable = !rate || rate.Status !== 'ACTIVE';
    const wrongAccount = accountClass !== undefined && (unusable || allowed?.[accountClass] === false);
    // Xero-Java#336: a tax type sent by its name gets both messages on the line (with an account code), and the
    // WorkflowMax help page lists the same pair for a valid code on the wrong kind of account.
    if (unusable || wrongAccount || (accountClass === undefined && !(sales ? rate.CanApplyToRevenue : rate.CanApplyToExpenses))) {
      errors.push(invalidTaxType(taxType));
    }
    if (wrongAccount) errors.push(`The TaxType code '${rate?.TaxType ?? taxType}' cannot be used with account code '${accountCode ?? ''}'.`);
    if (rate && !unusable) {
      taxType = rate.TaxType;
      rate4 = effectiveRate4(rate.components.map((c) => ({ rate4: c.rate4, isCompound: c.IsCompound })));
    }
  }
  // "If you select No Tax for a transaction, Xero applies the BAS Excluded tax rate to the whole transaction. Xero will
  // exclude the transaction from your BAS" (help.xero.com/au/GST-WhereDoesXero). What other regions record on a No Tax
  // line is not documented, so there the line keeps its rate (its tax is nil either way).
  if (ctx.lineAmountTypes === 'NoTax' && org.region === 'AU') taxType = 'BASEXCLUDED';
  let quantity4 = raw['Quantity'] === undefined || raw['Quantity'] === null ? undefined : parseRounded(raw['Quantity'], 4);
  if (raw['Quantity'] !== undefined && raw['Quantity'] !== null && quantity4 === undefined) errors.push('Quantity must be a number.');
  const clientLine = raw['LineAmount'] === undefined || raw['LineAmount'] === null ? undefined : parseRounded(raw['LineAmount'], 2);
  if (unit4 === undefined && quantity4 === undefined && clientLine !== undefined) {
    quantity4 = 10_000n;
    unit4 = rescale(clientLine, 2, 4);
  }
  quantity4 ??= 10_000n;
  unit4 ??= 0n;
  if (quantity4 < 0n) errors.push(negativeQuantity(quantity4));
  let discountRate4: bigint | undefined;
  let discountCents: bigint | undefined;
  const hasRate = raw['DiscountRate'] !== undefined && raw['DiscountRate'] !== null;
  const hasAmount = raw['DiscountAmount'] !== undefined && raw['DiscountAmount'] !== null;
  if ((hasRate || hasAmount) && ctx.kind === 'creditNote') {
    errors.push('Discounts are not supported on credit notes.');
  } else {
    if (hasRate) {
      discountRate4 = parseScaled(raw['DiscountRate'], 4);
      if (discountRate4 === undefined || discountRate4 < 0n || discountRate4 > 1_000_000n) {
        errors.push(`The discount rate '${String(raw['DiscountRate'])}' is invalid. Discount must not be greater than the line total.`);
        discountRate4 = undefined;
      }
    }
    if (hasAmount) {
      discountCents = parseRounded(raw['DiscountAmount'], 2);
      if (discountCents === undefined) errors.push('DiscountAmount must be a number.');
    }
    if (hasRate && hasAmount) errors.push('A line item can have either a DiscountRate or a DiscountAmount, not both.');
  }
  const clientTax = raw['TaxAmount'] === undefined || raw['TaxAmount'] === null ? undefined : parseRounded(raw['TaxAmount'], 2);
  const totals = lineTotals(
    {
      quantity4,
      unit4,
      rate4,
      ...(discountRate4 !== undefined ? { discountRate4 } : {}),
      ...(discountCents !== undefined ? { discountCents } : {}),
      ...(clientTax !== undefined ? { taxOverrideCents: clientTax } : {}),
    },
    ctx.lineAmountTypes,
  );
  const gross = totals.lineCents + totals.discountCents;
  if (ctx.posting && quantity4 * unit4 !== 0n && gross === 0n) errors.push(...SUB_CENT_LINE);
  if (discountCents !== undefined && gross < 0n) {
    // XeroAPI/Xero-OpenAPI#429 (2021, API explorer): any DiscountAmount on a negative line, even 0, is refused, the
    // amount shown as the rate Xero derives from it.
    const rate = (Number(discountCents) * 100) / Number(gross);
    errors.push(`The discount rate '${rate.toFixed(2)}' is invalid. Discount must not be greater than the line total.`);
  } else if (discountCents !== undefined && discountCents > gross) {
    errors.push(`The discount amount '${String(raw['DiscountAmount'])}' is invalid. Discount must not be greater than the line total.`);
  }
  if (clientLine !== undefined && clientLine !== totals.lineCents) {
    errors.push(`The line total ${cents(clientLine).toFixed(2)} does not match the expected line total ${cents(totals.lineCents).toFixed(2)}`);
  }
  const line: LineRecord = {
    LineItemID: previous?.LineItemID ?? randomUUID(),
    quantity4,
    unit4,
    taxCents: totals.taxCents,
    lineCents: totals.lineCents,
    Tracking: tracking(org, raw['Tracking'], errors),
  };
  if (description !== undefined) line.Description = description;
  if (itemCode !== undefined) line.ItemCode = org.itemByCode(itemCode)?.Code ?? itemCode;
  if (accountCode !== undefined) line.AccountCode = accountCode;
  if (taxType !== undefined) line.TaxType = taxType;
  if (discountRate4 !== undefined) line.discountRate4 = discountRate4;
  if (discountCents !== undefined) line.discountCents = discountCents;
  return line;
}
