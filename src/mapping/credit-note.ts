// Magento credit memo → Xero ACCRECCREDIT credit note. Credit notes take no discounts, so refunded lines go in at their
// net amount; adjustment refund and adjustment fee become their own lines.
import type { RecordRef } from '../domain/errors.js';
import type { MagentoCreditMemo, MagentoOrder } from '../domain/magento.js';
import { sumMinor, toMinor, toMinorOr0 } from '../domain/money.js';
import type { XeroCreditNotePayload } from '../domain/xero.js';
import type { SettlementInput } from './allocation.js';
import { currencyRate, documentCurrency, localDate, trackingFor } from './document-common.js';
import { orderContactNumber } from './guest-contact.js';
import { assembleLines } from './document-lines.js';
import { derivedShippingDiscount, isBillable, itemSkusFor, orderItemFor, type SourceLine } from './invoice-lines.js';
import type { LineSpec } from './line-builder.js';
import { documentUntaxedType } from './line-tax.js';
import { creditNoteNumber } from './numbers.js';
import { orderPostingMode, summarisedReason } from './posting-mode.js';
import { accountForPaymentMethod } from './payment.js';
import { DO_NOT_PAY, storeContext, type MappingSettings } from './settings.js';
import type { AppliedRate } from './tax.js';
import { giftCardCents, giftCardRefundLiability, liabilityAccount, rewardPointsCents, rewardPointsLine, storeCreditCents } from './commerce.js';
import { PREPAYMENT_LABELS } from './document-common.js';
import type { LiabilityRefund } from './allocation.js';

export const ADJUSTMENT_REFUND = 'Adjustment refund';
export const ADJUSTMENT_FEE = 'Adjustment fee';

export type CreditNoteMapping =
  | {
      kind: 'post';
      creditNote: XeroCreditNotePayload;
      contactNumber: string;
      itemSkus: string[];
      taxRates: AppliedRate[];
      totalCents: number;
      taxCents: number;
      roundingCents: number;
      /**
       * Cents moved onto the largest taxed line so the lines' tax equals Magento's tax total (0 when Magento's own figures
       * agree line by line). Reported so tests, the log and reconciliation see every correction, not only rounding lines.
       */
      taxAdjustedCents: number;
      /** An unexplained difference posted to the other charges account (setting; 0 when off or none). */
      otherChargesCents: number;
      /** What the log entry of the posted document says about lines added to match Magento's total. */
      notes: string[];
      /** Inputs for planSettlement once the invoice's AmountDue is known. */
      settlement: Omit<SettlementInput, 'invoiceAmountDueCents'>;
    }
  | { kind: 'skip'; reason: string };

/** Online refunds go through the payment gateway, which leaves a transaction id on the credit memo. */
export function isOnlineRefund(memo: MagentoCreditMemo): boolean {
  return Boolean(memo.transaction_id && memo.transaction_id.trim());
}

export function creditMemoToCreditNote(memo: MagentoCreditMemo, order: MagentoOrder, settings: MappingSettings): CreditNoteMapping {
  const record: RecordRef = { entity: 'credit memo', id: memo.increment_id };
  if (memo.store_id != null) record.storeId = memo.store_id;
  const ctx = storeContext(settings, memo.store_id ?? order.store_id, record);
  if (memo.state === 3) return { kind: 'skip', reason: `Credit memo ${memo.increment_id} is canceled in Magento.` };
  if (orderPostingMode(order, settings) === 'summary') return { kind: 'skip', reason: summarisedReason(`Credit memo ${memo.increment_id}`, order) };
  const number = creditNoteNumber(ctx.creditNotePrefix, memo.increment_id);
  const currency = documentCurrency(memo, ctx);
  const sources: SourceLine[] = memo.items.map((item) => ({
    orderItem: orderItemFor(order, item.order_item_id, record),
    quantity: item.qty,
    amounts: item,
  }));
  const itemDiscount = sumMinor(sources.filter((s) => isBillable(order, s.orderItem)).map((s) => toMinorOr0(s.amounts.discount_amount)));
  const extra: LineSpec[] = [];
  const positive = toMinorOr0(memo.adjustment_positive);
  const negative = toMinorOr0(memo.adjustment_negative);
  // Magento charges no tax on adjustments: they file like the order's other untaxed lines (its destination decides).
  // Looked for only when there is an adjustment: finding it may need a look-up in Xero (Canada).
  const adjustment = (description: string, cents: number): LineSpec => ({
    description,
    quantity: 1,
    targetCents: cents,
    discountCents: 0,
    taxCents: 0,
    taxType: documentUntaxedType(order, ctx.tax, settings, record),
    accountCode: settings.accounts.sales,
  });
  if (positive !== 0) extra.push(adjustment(ADJUSTMENT_REFUND, positive));
  if (negative !== 0) extra.push(adjustment(ADJUSTMENT_FEE, -negative));
  // Adobe Commerce: what the order's gift cards and store credit paid comes back to them, not as money; the credit note
  // still credits the whole sale, and the settlement pays those parts into their liability accounts (commerce.ts).
  const returned: LiabilityRefund[] = [];
  const giftCards = giftCardCents(memo);
  const storeCredit = storeCreditCents(memo);
  if (storeCredit !== 0) {
    returned.push({ kind: 'store_credit', cents: storeCredit, accountCode: liabilityAccount('store_credit', settings, record, 'returns to'), reference: `${PREPAYMENT_LABELS.store_credit} ${memo.increment_id}` });
  }
  if (giftCards !== 0) {
    const kind = giftCardRefundLiability(order);
    returned.push({ kind, cents: giftCards, accountCode: liabilityAccount(kind, settings, record, 'returns a gift card amount to'), reference: `${PREPAYMENT_LABELS.gift_card} ${memo.increment_id}` });
  }
  // Reward points: Adobe's REST schema gives credit memos no reward field; a store whose extension adds one is read.
  const reward = rewardPointsCents(memo);
  const rewardLine = reward !== 0 ? rewardPointsLine(reward, settings, documentUntaxedType(order, ctx.tax, settings, record), record) : undefined;
  if (rewardLine) extra.push(rewardLine);

  const assembled = assembleLines(
    {
      order,
      record,
      sources,
      shipping: { ...memo, shippingDiscountCents: derivedShippingDiscount(memo.discount_amount, itemDiscount), description: order.shipping_description },
      headerTaxCents: toMinorOr0(memo.tax_amount),
      grandTotalCents: toMinor(memo.grand_total),
      subtotal: memo.subtotal,
      document: memo,
      prepaidCents: giftCards + storeCredit,
      settings,
      tracking: trackingFor(ctx),
      currency,
      allowDiscount: false,
      tax: ctx.tax,
    },
    extra,
  );
  const date = localDate(memo.created_at, ctx);
  const creditNote: XeroCreditNotePayload = {
    Type: 'ACCRECCREDIT',
    Contact: { ContactNumber: orderContactNumber(order, settings) },
    CreditNoteNumber: number,
    Reference: `Credit memo ${memo.increment_id} for order ${order.increment_id} (${ctx.code})`,
    Date: date,
    Status: 'AUTHORISED',
    LineAmountTypes: assembled.mode,
    CurrencyCode: currency,
    LineItems: assembled.reconciled.lines,
  };
  const rate = currencyRate(memo, currency, ctx);
  if (rate !== undefined) creditNote.CurrencyRate = rate;
  const account = accountForPaymentMethod(order.payment?.method, settings);
  return {
    kind: 'post',
    creditNote,
    contactNumber: orderContactNumber(order, settings),
    itemSkus: itemSkusFor(sources.filter((s) => isBillable(order, s.orderItem))),
    taxRates: assembled.taxRates,
    totalCents: assembled.totalCents,
    taxCents: assembled.taxCents,
    roundingCents: assembled.reconciled.roundingCents,
    taxAdjustedCents: assembled.reconciled.taxAdjustedCents,
    otherChargesCents: assembled.otherChargesCents,
    notes: assembled.notes,
    settlement: {
      creditTotalCents: assembled.totalCents,
      moneyWentBack: isOnlineRefund(memo) || settings.offlineRefundsPaidOut,
      date,
      refundAccountCode: account === DO_NOT_PAY ? settings.accounts.bank : account,
      reference: `Refund ${memo.increment_id}`,
      ...(returned.length > 0 ? { liabilityRefunds: returned } : {}),
    },
  };
}
