// After a credit note: allocate it to the order's invoice up to what is still owed, then give back to their liability
// accounts the gift card and store credit amounts Magento returned (Adobe Commerce), then, if money went back to the
// customer, record a refund payment for the rest. Whatever is left stays as credit on the contact.
import { fromMinor } from '../domain/money.js';
import type { XeroAllocationPayload, XeroPaymentPayload } from '../domain/xero.js';

export interface SettlementInput {
  creditTotalCents: number;
  /** The invoice's AmountDue as Xero reports it now (0 when paid or missing). */
  invoiceAmountDueCents: number;
  moneyWentBack: boolean;
  date: string;
  refundAccountCode: string;
  reference: string;
  /**
   * Amounts Magento returned to a gift card or the customer's store credit (credit memo extension_attributes
   * gift_cards_amount, customer_balance_amount): refund payments into their liability accounts, which then owe them again.
   */
  liabilityRefunds?: LiabilityRefund[] | undefined;
}

export interface LiabilityRefund {
  kind: 'gift_card' | 'store_credit';
  accountCode: string;
  cents: number;
  reference: string;
}

export interface SettlementPlan {
  allocateCents: number;
  /** Refund payments into liability accounts, in the order given (each no more than what is left). */
  liabilityRefunds: LiabilityRefund[];
  refundCents: number;
  /** Credit that stays on the contact's account. */
  remainingCreditCents: number;
}

export function planSettlement(input: SettlementInput): SettlementPlan {
  const credit = Math.max(0, input.creditTotalCents);
  const allocateCents = Math.min(credit, Math.max(0, input.invoiceAmountDueCents));
  let rest = credit - allocateCents;
  const liabilityRefunds: LiabilityRefund[] = [];
  for (const r of input.liabilityRefunds ?? []) {
    const cents = Math.min(rest, Math.max(0, r.cents));
    if (cents <= 0) continue;
    liabilityRefunds.push({ ...r, cents });
    rest -= cents;
  }
  const refundCents = input.moneyWentBack ? rest : 0;
  return { allocateCents, liabilityRefunds, refundCents, remainingCreditCents: rest - refundCents };
}

export function allocationPayload(plan: SettlementPlan, xeroInvoiceId: string, date: string): XeroAllocationPayload | undefined {
  if (plan.allocateCents <= 0) return undefined;
  return { Invoice: { InvoiceID: xeroInvoiceId }, Amount: fromMinor(plan.allocateCents), Date: date };
}

/** The refund: a payment on the credit note (Xero records it as ARCREDITPAYMENT) from the bank account. */
export function refundPayload(plan: SettlementPlan, input: SettlementInput, xeroCreditNoteId: string): XeroPaymentPayload | undefined {
  if (plan.refundCents <= 0) return undefined;
  return {
    CreditNote: { CreditNoteID: xeroCreditNoteId },
    Account: { Code: input.refundAccountCode },
    Date: input.date,
    Amount: fromMinor(plan.refundCents),
    Reference: input.reference,
  };
}

/** A refund payment on the credit note into a liability account: the gift card or store credit is owed again. */
export function liabilityRefundPayload(refund: LiabilityRefund, date: string, xeroCreditNoteId: string): XeroPaymentPayload {
  return {
    CreditNote: { CreditNoteID: xeroCreditNoteId },
    Account: { Code: refund.accountCode },
    Date: date,
    Amount: fromMinor(refund.cents),
    Reference: refund.reference,
  };
}
