// What one Magento document adds to its store's daily summary: its lines (as the per-document mapping posts them, to the
// cent, in that document's own LineAmountTypes), the money it moved (payments per account, or refunds paid out), and its
// totals. Stored with the document, so a change after its day was posted can be posted as the difference alone.
import type { LineAmountTypes, XeroLineItem } from '../../domain/xero.js';
import { CENTS, divRound, mulDivRound, toMinor, toMinorOr0 } from '../../domain/money.js';
import { ADJUSTMENT_FEE, ADJUSTMENT_REFUND } from '../credit-note.js';
import type { InvoiceMapping } from '../invoice.js';
import type { CreditNoteMapping } from '../credit-note.js';
import type { PaymentMapping } from '../payment.js';
import { ROUNDING_DESCRIPTION } from '../rounding.js';
import { PREPAYMENT_LABELS } from '../document-common.js';
import { lineAmountCents } from '../xero-arithmetic.js';

/** goods: one summary line per (account, tax type); the others keep their own line per account and tax type as well. */
export type SummaryLineKind = 'goods' | 'shipping' | 'rounding' | 'adjustment-refund' | 'adjustment-fee';

export interface ContributionLine {
  kind: SummaryLineKind;
  accountCode: string;
  taxType: string;
  /** Quantity × UnitAmount as Xero rounds it (LineAmount + DiscountAmount), cents. */
  grossCents: number;
  discountCents: number;
  /** The tax Magento charged on the line (the per-document mapping sends it as TaxAmount), cents. */
  taxCents: number;
}

/** Money moved into (payments) or out of (refunds) an account, with what it was: a payment method or a gift card... */
export interface ContributionMoney {
  accountCode: string;
  label: string;
  cents: number;
}

export interface Contribution {
  kind: 'sale' | 'refund';
  currency: string;
  /** How the document's own lines read: the summary converts them to its own LineAmountTypes. */
  mode: LineAmountTypes;
  lines: ContributionLine[];
  money: ContributionMoney[];
  /** The document's total (Magento's grand total, plus gift cards and store credit for sales), cents. */
  totalCents: number;
  taxCents: number;
  /** The total in the organisation's base currency when the document carries Magento's rate; else absent. */
  baseCents?: number;
}

/**
 * Sorts a mapped line into its summary line. Shipping and rounding lines are the per-document mapping's own
 * (`Shipping`, `Shipping: <method>`, `Rounding`, credit memo adjustments); everything else is goods. Fees or discounts
 * that the mapping posts to accounts of their own land on summary lines of their own all the same (one per account).
 */
export function lineKind(line: Pick<XeroLineItem, 'Description' | 'ItemCode'>): SummaryLineKind {
  const description = line.Description.trim();
  if (description === ROUNDING_DESCRIPTION) return 'rounding';
  if (description === ADJUSTMENT_REFUND) return 'adjustment-refund';
  if (description === ADJUSTMENT_FEE) return 'adjustment-fee';
  if (!line.ItemCode && /^Shipping(: .*)?$/.test(description)) return 'shipping';
  return 'goods';
}

function contributionLines(lines: readonly XeroLineItem[]): ContributionLine[] {
  const out: ContributionLine[] = [];
  for (const line of lines) {
    const net = lineAmountCents(line);
    const discountCents = toMinorOr0(line.DiscountAmount, CENTS);
    const taxCents = toMinorOr0(line.TaxAmount, CENTS);
    const grossCents = net + discountCents;
    if (grossCents === 0 && discountCents === 0 && taxCents === 0) continue;
    out.push({ kind: lineKind(line), accountCode: line.AccountCode ?? '', taxType: line.TaxType ?? '', grossCents, discountCents, taxCents });
  }
  return out;
}

/** The total in base currency: Xero books a foreign amount at amount ÷ rate. */
function baseOf(totalCents: number, rate: number | undefined): number | undefined {
  if (rate === undefined || !(rate > 0)) return undefined;
  return Number(divRound(BigInt(totalCents) * 10n ** 6n, BigInt(toMinor(rate, 6))));
}

/**
 * A Magento invoice of a summarised order: its lines as `magentoInvoiceToInvoice` maps them, the payment it makes into
 * its payment method's account (none for a method set to "do not pay"), and gift card / store credit / reward point
 * payments into the liability account.
 */
export function saleContribution(
  mapped: Extract<InvoiceMapping, { kind: 'post' }>,
  payment: PaymentMapping | undefined,
  method: string,
): Contribution {
  const money: ContributionMoney[] = [];
  if (payment?.kind === 'pay' && payment.amountCents > 0) {
    const account = 'Code' in payment.payment.Account ? payment.payment.Account.Code : payment.payment.Account.AccountID;
    money.push({ accountCode: account, label: method, cents: payment.amountCents });
  }
  for (const p of mapped.prepayments) {
    if (p.amountCents > 0) money.push({ accountCode: p.accountCode, label: PREPAYMENT_LABELS[p.kind].toLowerCase(), cents: p.amountCents });
  }
  const c: Contribution = {
    kind: 'sale',
    currency: mapped.invoice.CurrencyCode,
    mode: mapped.invoice.LineAmountTypes,
    lines: contributionLines(mapped.invoice.LineItems),
    money,
    totalCents: mapped.totalCents,
    taxCents: mapped.taxCents,
  };
  const base = baseOf(mapped.totalCents, mapped.invoice.CurrencyRate);
  if (base !== undefined) c.baseCents = base;
  return c;
}

/** A credit memo of a summarised order: its lines as `creditMemoToCreditNote` maps them, and what went back to the customer. */
export function refundContribution(mapped: Extract<CreditNoteMapping, { kind: 'post' }>, method: string): Contribution {
  const s = mapped.settlement;
  // Gift card and store credit amounts go back to their liability accounts; the money refund is the rest.
  const returned = (s.liabilityRefunds ?? []).filter((r) => r.cents > 0);
  const rest = s.creditTotalCents - returned.reduce((sum, r) => sum + r.cents, 0);
  const money: ContributionMoney[] = returned.map((r) => ({ accountCode: r.accountCode, label: r.kind === 'gift_card' ? 'gift card' : 'store credit', cents: r.cents }));
  if (s.moneyWentBack && rest > 0) money.push({ accountCode: s.refundAccountCode, label: method, cents: rest });
  const c: Contribution = {
    kind: 'refund',
    currency: mapped.creditNote.CurrencyCode,
    mode: mapped.creditNote.LineAmountTypes,
    lines: contributionLines(mapped.creditNote.LineItems),
    money,
    totalCents: mapped.totalCents,
    taxCents: mapped.taxCents,
  };
  const base = baseOf(mapped.totalCents, mapped.creditNote.CurrencyRate);
  if (base !== undefined) c.baseCents = base;
  return c;
}

/** What a document no longer adds (a canceled Magento invoice). */
export function emptyContribution(kind: Contribution['kind'], currency: string, mode: LineAmountTypes = 'Exclusive'): Contribution {
  return { kind, currency, mode, lines: [], money: [], totalCents: 0, taxCents: 0 };
}

export function isEmptyContribution(c: Contribution): boolean {
  return c.totalCents === 0 && c.taxCents === 0 && c.lines.length === 0 && c.money.every((m) => m.cents === 0);
}

/**
 * A line read in another LineAmountTypes, keeping what Xero will book to the cent: the net amount (Exclusive's
 * LineAmount, Inclusive's LineAmount less tax) and the tax. The discount is scaled by the same ratio as the line amount,
 * so it stays the share of the line it was (a negative amount too: a change after the day takes a line back); NoTax lines
 * carry no tax and read the same either way.
 */
export function convertLine(line: ContributionLine, from: LineAmountTypes, to: LineAmountTypes): ContributionLine {
  if (from === to || from === 'NoTax' || to === 'NoTax') return line;
  const amount = line.grossCents - line.discountCents;
  const converted = from === 'Inclusive' ? amount - line.taxCents : amount + line.taxCents;
  // An untaxed line converts to itself: its amount does not change, so neither does its discount.
  const discountCents = amount === 0 ? line.discountCents : mulDivRound(line.discountCents, converted, amount);
  return { ...line, grossCents: converted + discountCents, discountCents };
}

export function lineKey(line: Pick<ContributionLine, 'kind' | 'accountCode' | 'taxType'>): string {
  return `${line.kind}\u0000${line.accountCode}\u0000${line.taxType}`;
}

/**
 * What changed between two versions of one document's contribution (next − prev), for a document whose day was already
 * posted: the difference is posted on the day it happens. Lines are compared in `next`'s LineAmountTypes.
 */
export function subtractContributions(next: Contribution, prev: Contribution): Contribution {
  const mode = next.lines.length > 0 || prev.lines.length === 0 ? next.mode : prev.mode;
  const lines = new Map<string, ContributionLine>();
  const add = (line: ContributionLine, sign: 1 | -1) => {
    const key = lineKey(line);
    const current = lines.get(key) ?? { ...line, grossCents: 0, discountCents: 0, taxCents: 0 };
    lines.set(key, {
      ...current,
      grossCents: current.grossCents + sign * line.grossCents,
      discountCents: current.discountCents + sign * line.discountCents,
      taxCents: current.taxCents + sign * line.taxCents,
    });
  };
  for (const l of next.lines) add(convertLine(l, next.mode, mode), 1);
  for (const l of prev.lines) add(convertLine(l, prev.mode, mode), -1);
  const money = new Map<string, ContributionMoney>();
  for (const [m, sign] of [...next.money.map((m) => [m, 1] as const), ...prev.money.map((m) => [m, -1] as const)]) {
    const key = `${m.accountCode}\u0000${m.label}`;
    const current = money.get(key) ?? { ...m, cents: 0 };
    money.set(key, { ...current, cents: current.cents + sign * m.cents });
  }
  const out: Contribution = {
    kind: next.kind,
    currency: next.currency,
    mode,
    lines: [...lines.values()].filter((l) => l.grossCents !== 0 || l.discountCents !== 0 || l.taxCents !== 0),
    money: [...money.values()].filter((m) => m.cents !== 0),
    totalCents: next.totalCents - prev.totalCents,
    taxCents: next.taxCents - prev.taxCents,
  };
  // An empty side is worth nothing in any currency; otherwise both sides need a base amount for the difference to have one.
  const nb = next.baseCents ?? (next.totalCents === 0 ? 0 : undefined);
  const pb = prev.baseCents ?? (prev.totalCents === 0 ? 0 : undefined);
  if (nb !== undefined && pb !== undefined && (next.baseCents !== undefined || prev.baseCents !== undefined)) out.baseCents = nb - pb;
  return out;
}

