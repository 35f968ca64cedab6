// The pure Magento → Xero mapping: what the sync engine calls. No I/O, no clock, no randomness.
export { planMissingAccounts, requiredAccounts, type AccountPlan, type AccountProblem, type AccountRequirement } from './accounts.js';
export { allocationPayload, planSettlement, refundPayload, type SettlementInput, type SettlementPlan } from './allocation.js';
export { canUpdate, decideCancellation, effectiveLockDate, type CancelDecision, type Decision, type LockDates, type XeroDocumentState } from './cancel.js';
export { chooseContactToAdopt, clashFallbackName, contactName, customerToContact, isContactNameClash, type ContactAdoption } from './contact.js';
export { ADJUSTMENT_FEE, ADJUSTMENT_REFUND, creditMemoToCreditNote, isOnlineRefund, type CreditNoteMapping } from './credit-note.js';
export { assertCurrencyEnabled, currencyRate } from './document-common.js';
export { guestToContact, orderContactNumber } from './guest-contact.js';
export { productToItem, type ItemMapping } from './item.js';
export { magentoInvoiceToInvoice, orderToInvoice, statusForOrder, type InvoiceMapping, type PlannedPrepayment } from './invoice.js';
export { requiredTaxRates } from './invoice-lines.js';
export {
  contentHash,
  creditNoteNumber,
  customerContactNumber,
  genericGuestContactNumber,
  guestContactNumber,
  idempotencyKey,
  invoiceNumber,
  itemCodeForSku,
  stableJson,
} from './numbers.js';
export { accountForPaymentMethod, magentoInvoiceToPayment, prepaymentToPayment, type PaymentMapping } from './payment.js';
export { ROUNDING_DESCRIPTION } from './rounding.js';
export {
  DO_NOT_PAY,
  defaultMappingSettings,
  mappingSettingsSchema,
  parseMappingSettings,
  storeContextSchema,
  type MappingSettings,
  type MappingSettingsInput,
  type StoreContext,
} from './settings.js';
export { mappedTaxType, taxRateToCreate, magentoTaxRateAsApplied, type AppliedRate } from './tax.js';
export { decideTaxMapping, decideUntaxedType, type TaxMappingDecision } from './tax-auto-map.js';
export { lineTaxType, destinationOf, isExport, untaxedChoice, type TaxContext } from './line-tax.js';
export { REGIONAL_DEFAULTS, TAX_REGIONS, UNTAXED_REASONS, taxRegionOf, type TaxRegion, type UntaxedReason } from './tax-regions.js';
export { computeDocument, type DocumentArithmetic } from './xero-arithmetic.js';
export { orderPostingMode, postingModeOn, withPostingMode, type PostingMode } from './posting-mode.js';
