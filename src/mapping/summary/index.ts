// Daily summary posting: what a day of a store's Magento invoices and credit memos becomes in Xero (pure).
export { dayClosesAt, isDayClosed, lastClosedDay, storeToday } from './close.js';
export {
  convertLine,
  emptyContribution,
  isEmptyContribution,
  lineKind,
  refundContribution,
  saleContribution,
  subtractContributions,
  type Contribution,
  type ContributionLine,
  type ContributionMoney,
  type SummaryLineKind,
} from './contribution.js';
export {
  aggregateLines,
  buildDaySummaries,
  buildRefundSummary,
  buildSalesSummary,
  summaryMode,
  type DaySummary,
  type PlannedSummaryMoney,
  type SummaryDocument,
  type SummaryEntry,
  type SummaryInput,
  type SummaryLine,
  type SummaryRef,
} from './document.js';
export {
  SUMMARY_REFERENCE,
  summaryContact,
  summaryCreditNoteNumber,
  summaryCreditNoteReference,
  summaryInvoiceNumber,
  summaryInvoiceReference,
} from './numbers.js';
