// Small named errors. Each carries a stable `code` for the queue and UI, and a message a bookkeeper can act on:
// what record, what is wrong, and what to do about it.

export type MappingErrorCode =
  | 'unmapped_tax_rate'
  /** An untaxed reason (zero-rated, exempt, export) whose Xero type must be looked up in the organisation first. */
  | 'unresolved_tax_type'
  | 'rounding_beyond_tolerance'
  /** Magento's grand total holds an amount in no total the connector reads (an extension's fee); nothing is posted. */
  | 'unexplained_difference'
  | 'missing_account_mapping'
  | 'invalid_amount'
  | 'invalid_record'
  | 'unsupported_currency'
  | 'missing_store_context'
  /** The store is set to "not synced" (the Stores page): its records are skipped. */
  | 'store_not_synced'
  | 'unknown_order_item'
  | 'locked_document'
  | 'archived_contact'
  /** A store's daily summary cannot be posted as it stands (it would not tie out, or would be negative). */
  | 'invalid_summary';

export interface RecordRef {
  /** e.g. 'order', 'invoice', 'creditmemo', 'customer', 'product' */
  entity: string;
  /** Magento increment_id, sku or id: what the merchant recognises. */
  id: string;
  storeId?: number;
}

export function describeRecord(ref: RecordRef): string {
  const store = ref.storeId === undefined ? '' : ` (store ${ref.storeId})`;
  return `Magento ${ref.entity} ${ref.id}${store}`;
}

/** A Magento record cannot be turned into a Xero document as configured; the message says why and how to fix it. */
export class MappingError extends Error {
  override readonly name = 'MappingError';
  readonly code: MappingErrorCode;
  readonly record: RecordRef | undefined;
  readonly remedy: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: MappingErrorCode,
    problem: string,
    remedy: string,
    options: { record?: RecordRef; details?: Record<string, unknown> } = {},
  ) {
    const prefix = options.record ? `${describeRecord(options.record)}: ` : '';
    super(`${prefix}${problem} ${remedy}`.trim());
    this.code = code;
    this.record = options.record;
    this.remedy = remedy;
    this.details = options.details ?? {};
  }
}

export function isMappingError(value: unknown): value is MappingError {
  return value instanceof MappingError;
}

/** A payload from Magento or Xero did not have the shape we depend on (a zod failure at a boundary). */
export class InvalidPayloadError extends Error {
  override readonly name = 'InvalidPayloadError';
  readonly source: 'magento' | 'xero';
  readonly what: string;
  readonly issues: readonly string[];

  constructor(source: 'magento' | 'xero', what: string, issues: readonly string[]) {
    super(`Unexpected ${source === 'magento' ? 'Magento' : 'Xero'} ${what}: ${issues.slice(0, 5).join('; ')}`);
    this.source = source;
    this.what = what;
    this.issues = issues;
  }
}

export function isInvalidPayloadError(value: unknown): value is InvalidPayloadError {
  return value instanceof InvalidPayloadError;
}

/**
 * Magento's store configuration has a value the connector cannot work with (a currency that is not an ISO 4217 code, an
 * unknown time zone): one line naming the store view, the field and where to fix it. Nothing was saved or posted.
 */
export class MagentoStoreConfigError extends Error {
  override readonly name = 'MagentoStoreConfigError';
  constructor(
    readonly store: { id: number; code: string },
    readonly field: string,
    problem: string,
    remedy: string,
  ) {
    super(`Magento store view "${store.code}" (id ${store.id}): ${field} ${problem}. ${remedy}`);
  }
}

export function isMagentoStoreConfigError(value: unknown): value is MagentoStoreConfigError {
  return value instanceof MagentoStoreConfigError;
}
