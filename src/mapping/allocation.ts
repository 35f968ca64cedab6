// After a credit note: allocate it to the order's invoice up to what is still owed, then, if money went back to the
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
}

export interface SettlementPlan {
  allocateCents: number;
  refundCents: number;
  /** Credit that stays on the contact's account. */
  remainingCreditCents: number;
}

export function planSettlement(input: SettlementInput): SettlementPlan {
  const credit = Math.max(0, input.creditTotalCents);
  const allocateCents = Math.min(credit, Math.max(0, input.invoiceAmountDueCents));
  const rest = credit - allocateCents;
  const refundCents = input.moneyWentBack ? rest : 0;
  return { allocateCents, refundCents, remainingCreditCents: rest - refundCents };
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
