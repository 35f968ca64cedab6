// Reconciliation of Xero against Magento (issue 11): what the host, the admin UI and the command line use.
export { compareDocuments, type CompareInput, type Comparison } from './compare.js';
export {
  dailyReconciliationLoop,
  lastReconciliation,
  reconciliationSettings,
  reconciliationSettingsSchema,
  runDailyReconciliation,
  summarize,
  RECONCILIATION_LAST_KEY,
  RECONCILIATION_SETTINGS_KEY,
  type DailyDeps,
  type ReconciliationSettings,
  type ReconciliationSummary,
} from './daily.js';
export { readMagentoSide, type MagentoSearch } from './magento-side.js';
export { Reconciler, issueKey, oursFor, type ReconcileOptions, type ReconcilerDeps, type RepairResult } from './reconciler.js';
export type { ExpectedDocument, IssueKind, ReconcileIssue, ReconcileResult, RepairPlan, XeroDocument } from './types.js';
export { CACHE_KEY_PREFIX, PAGE_SIZE, readXeroSide, type XeroReader } from './xero-side.js';
