import type { EntityType } from '../domain/entity-types.js';

/**
 * What the admin pages need from Magento and Xero, as small interfaces the composition root implements with the real API
 * clients (or leaves out: the pages then say the connection is not configured). Nothing here posts to Xero; posting goes
 * through the SyncService.
 */

export interface MagentoListQuery {
  /** 1-based. */
  page: number;
  pageSize: number;
  /** Free text: number, name or email, as the merchant types it. */
  search?: string;
}

export interface MagentoRecordSummary {
  /** The Magento entity id as a string (customer id, SKU for products, entity_id for sales documents). */
  id: string;
  /** What people call it: increment_id for sales documents, SKU for products, the id for customers. */
  number: string;
  name: string;
  email?: string;
  /** Grand total in major units as Magento sends it (display only, never arithmetic). */
  total?: string;
  currency?: string;
  status?: string;
  /** ISO 8601, UTC. */
  updatedAt: string;
  storeId?: number;
}

export interface MagentoStoreFacts {
  storeName: string;
  baseCurrency: string;
  timezone: string;
}

export interface MagentoTaxRate {
  code: string;
  /** Percent, e.g. 20 or 7.25. */
  rate: number;
  country?: string;
  /** Magento's region code (NY, ON...), for regional rates. */
  regionCode?: string;
}

/** A Magento tax class (GET /V1/taxClasses/search): products and customer groups point at one each. */
export interface MagentoTaxClass {
  id: string;
  name: string;
  type: 'PRODUCT' | 'CUSTOMER';
}

export interface MagentoPaymentMethod {
  code: string;
  title: string;
}

export interface MagentoBrowser {
  list(entity: EntityType, query: MagentoListQuery): Promise<{ items: MagentoRecordSummary[]; total: number }>;
  /** Never throws for an unreachable or refusing store: says what went wrong in words a merchant can act on. */
  testConnection(): Promise<({ ok: true } & MagentoStoreFacts) | { ok: false; error: string }>;
  /** For the tax mapping page; optional until the client can list them. */
  taxRates?(): Promise<MagentoTaxRate[]>;
  /** For the tax mapping page's untaxed lines by class. */
  taxClasses?(): Promise<MagentoTaxClass[]>;
  /** For the payment-method mapping page. */
  paymentMethods?(): Promise<MagentoPaymentMethod[]>;
  readonly baseUrl?: string;
}

export interface XeroOrganisationSummary {
  tenantId: string;
  name: string;
  shortCode?: string;
  baseCurrency?: string;
  /** Organisation.CountryCode and Version: which tax system the organisation files under. */
  countryCode?: string;
  version?: string;
  /** The connection's state: connected, reconnect-needed, ... */
  status: string;
  /** The organisation a store that names none posts to. */
  isDefault?: boolean;
  /** YYYY-MM-DD, when set in Xero. */
  lockDates?: { periodLockDate?: string; endOfYearLockDate?: string };
}

export interface XeroAccountSummary {
  code: string;
  name: string;
  /** Xero account Type: BANK, SALES, REVENUE, INVENTORY, DIRECTCOSTS, CURRLIAB... */
  type: string;
  status?: string;
}

export interface XeroTaxRateSummary {
  taxType: string;
  name: string;
  effectiveRate: number;
  canApplyToRevenue: boolean;
  status?: string;
  reportTaxType?: string;
}

export interface XeroConnect {
  /**
   * Builds the authorize URL; state and the PKCE verifier stay server-side (keyed by state) until the callback, bound to
   * `session` (a digest of the admin session that pressed Connect).
   */
  start(redirectUri: string, session: string): Promise<{ url: string }>;
  /**
   * Checks state (and that the same session finishes what it started), exchanges the code, stores the tokens; returns
   * the organisations the grant covers.
   */
  callback(
    query: Record<string, string>,
    redirectUri: string,
    session: string,
  ): Promise<{ tenants: Array<{ tenantId: string; name: string }> }>;
  chooseTenant(tenantId: string): Promise<void>;
  disconnect(tenantId: string): Promise<void>;
  organisations(): Promise<XeroOrganisationSummary[]>;
  accounts(): Promise<XeroAccountSummary[]>;
  taxRates(): Promise<XeroTaxRateSummary[]>;
}

/** Magento's websites and store views, for the Stores page. */
export interface MagentoStores {
  /**
   * Reads Magento's websites, store views and their configuration (GET /V1/store/websites, storeViews, storeConfigs)
   * into the stored store list, keeping what the merchant chose for each store; returns the websites.
   */
  refresh(): Promise<{ websites: Array<{ id: number; code: string; name: string }> }>;
}

// The reconciliation owns its vocabulary; the pages and the API read it from there.
export type { ReconciliationDay, ReconciliationIssue, ReconciliationPort as Reconciler } from '../reconcile/types.js';

/** "Send a test alert": one outcome per channel set up (none: no channel is). */
export interface AlertTester {
  test(by: string): Promise<Array<{ channel: string; ok: boolean; target: string; error?: string }>>;
}
