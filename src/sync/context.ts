import type { MappingSettings } from '../mapping/settings.js';
import type { Logger } from '../observability/logger.js';
import type { Storage } from '../storage/storage.js';
import type { XeroAccounting } from '../xero/accounting.js';
import type { Clock } from '../domain/clock.js';
import type { EntityType } from '../domain/entity-types.js';

/**
 * Where handlers read Magento records from. Records come back raw (unvalidated), one per id found, so that one bad record
 * is refused on its own with a clear message instead of failing its whole batch.
 */
export interface MagentoSource {
  fetch(entity: EntityType, ids: readonly string[], signal?: AbortSignal): Promise<Map<string, unknown>>;
  /** Records whose `field` is one of `values` (e.g. the Magento invoices of some orders); absent in some test fakes. */
  related?(entity: EntityType, field: string, values: readonly string[], signal?: AbortSignal): Promise<Array<Record<string, unknown>>>;
  /** Customer group id → its tax class id, and tax class id → name (GET /V1/customerGroups/search, /V1/taxClasses/search). */
  taxClasses?(signal?: AbortSignal): Promise<{ groups: Record<string, string>; names: Record<string, string> }>;
  /** Magento's tax rates (GET /V1/taxRates/search), raw. */
  taxRates?(signal?: AbortSignal): Promise<unknown[]>;
}

/** The one write the connector makes in Magento: invoicing an order whose invoice was paid in full in Xero. */
export interface MagentoInvoicer {
  invoiceOrder(orderId: number | string, request: { capture: boolean; notify: boolean; comment?: string }, opts?: { signal?: AbortSignal }): Promise<number>;
}

/** The queue's store scope: one Magento installation per service; the record's own store_id routes it to a tenant. */
export const MAGENTO_SCOPE = 0;

/** What every handler works with; built once by the composition root. */
export interface SyncContext {
  storage: Storage;
  clock: Clock;
  logger: Logger;
  magento: MagentoSource;
  /** Invoicing orders paid in Xero (absent where Magento is not configured, and in tests that never write to it). */
  magentoInvoicer?: MagentoInvoicer;
  /** The merchant's current settings (read per batch, so a change applies to the next batch). */
  settings(): Promise<MappingSettings>;
  /** The Xero organisation a Magento store posts to. */
  tenantFor(storeId: number | null | undefined): Promise<string>;
  /** The Accounting API of one organisation, rate-limited and authorised. */
  xero(tenantId: string): XeroAccounting;
  /**
   * The go-live gate: false while the organisation's mapping has not been confirmed ("Start syncing"). Absent: always
   * open (tests that drive handlers directly).
   */
  isLive?(tenantId: string): Promise<boolean>;
  /** Whether a person reviewed and allowed these Magento tax rate codes to become a new Xero tax rate. Absent: allowed. */
  mayCreateTaxRate?(tenantId: string, codes: readonly string[]): Promise<boolean>;
  /** "View on Xero" for a document, when the organisation's short code is known. */
  link?(tenantId: string, kind: string, xeroId: string): string | undefined;
}
