import { isDatabaseConnectionError } from '../storage/connection-errors.js';
import { XeroConnections } from '../connections/xero-connections.js';
import {
  isNotConnected,
  isReconnectNeeded,
  NotConnectedError,
  ReconnectNeededError,
  type XeroTokens,
} from '../connections/xero-grant.js';
import { XeroTokenStore } from '../connections/xero-token-store.js';
import type { Config } from '../config/config.js';
import type { MagentoHttpOptions } from '../magento/http.js';
import { MagentoClient } from '../magento/client.js';
import type { Logger } from '../observability/logger.js';
import { createSecretBox, type SecretBox } from '../security/secrets.js';
import type { TenantLimits } from '../storage/rate-limit-repository.js';
import type { Storage } from '../storage/storage.js';
import { ChangeCapture } from '../sync/change-capture.js';
import { systemClock, type Clock } from '../domain/clock.js';
import { ContactWriter } from '../sync/contact-writer.js';
import type { SyncContext } from '../sync/context.js';
import type { EntityHandler } from '../sync/handler.js';
import { customersHandler } from '../sync/handlers/customers.js';
import { productsHandler } from '../sync/handlers/products.js';
import { MagentoRecords } from '../sync/magento-records.js';
import { RateLimiter, XERO_LIMITS } from '../sync/rate-limiter.js';
import { loadMappingSettings } from '../sync/settings-loader.js';
import { readStores } from '../settings/stores.js';
import { MappingError } from '../domain/errors.js';
import { SettingsService } from '../settings/service.js';
import { storesCheck } from '../sync/store-settings.js';
import { isLive, mayCreateTaxRate, readGoLive } from '../settings/go-live.js';
import { isGoLivePending } from '../domain/go-live.js';
import { Worker } from '../sync/worker.js';
import { XeroAccounting, type XeroExchange } from '../xero/accounting.js';
import { exchangeKeys } from '../xero/exchange-keys.js';
import { linkTarget, xeroLink } from '../xero/links.js';
import { XeroOAuth } from '../xero/oauth.js';
import { crashKindOfCollection, NO_CRASH_POINTS, type CrashPoints } from './crash-points.js';
import { salesHandlers } from './sales-handlers.js';
import { xeroPaymentsHandler } from '../sync/handlers/xero-payments.js';
import { refreshStores } from './store-refresh.js';
import { MAGENTO_TAX_RATES_KEY } from '../sync/magento-tax-rates.js';
import { keptFor } from '../sync/kept-answer.js';

import { XERO_GRANT_ID } from '../connections/xero-grant.js';
import { AlertSecrets } from '../connections/alert-secrets.js';
import { AlertDispatcher } from './alerts.js';

/** How long Magento's customer groups and tax classes are kept before they are read again. */
const TAX_CLASSES_KEPT_MS = 60_000;

/** How long what was sent to Xero and what came back stays on the record pages. */
export const EXCHANGE_DAYS = 30;

/** Xero's own sign-in address (XERO_LOGIN_URL's default): links then go to Xero's web app. */
const XERO_DEFAULT_LOGIN = 'https://login.xero.com';

export interface RuntimeOptions {
  config: Config;
  storage: Storage;
  logger: Logger;
  clock?: Clock;
  /** The sandbox uses a fixed development key; everywhere else SECRET_KEY is required. */
  secretKey?: string;
  /** Xero's per-tenant limits (a smaller tier's, or unlimited for an emulator benchmark). */
  limits?: TenantLimits;
  /** Builds Xero links against another host (the sandbox's emulator); default Xero's own. */
  linkBase?: string;
  /** Test-only: kill the process after the N-th write of a kind (MAGENTO_XERO_CRASH_AFTER, see crash-points.ts). */
  crashPoints?: CrashPoints;
}

/**
 * The composition root's parts, wired once and shared by `serve`, `worker`, `sandbox` and the one-shot commands. Nothing
 * here decides anything about accounting: it only connects the pieces.
 */
export class Runtime {
  readonly config: Config;
  readonly storage: Storage;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly box: SecretBox;
  readonly tokens: XeroTokenStore;
  readonly oauth: XeroOAuth | undefined;
  readonly connections: XeroConnections | undefined;
  readonly limiter: RateLimiter;
  readonly magentoHttp: MagentoHttpOptions | undefined;
  readonly magento: MagentoClient | undefined;
  readonly records: MagentoRecords | undefined;
  readonly capture: ChangeCapture | undefined;
  readonly context: SyncContext;
  readonly handlers: EntityHandler[];
  /** The alert settings' secrets (webhook secret, SMTP password), sealed like the Xero tokens. */
  readonly alertSecrets: AlertSecrets;
  private readonly accounting = new Map<string, XeroAccounting>();
  private readonly shortCodes = new Map<string, string | undefined>();
  private readonly crashPoints: CrashPoints;

  constructor(options: RuntimeOptions) {
    const { config, storage, logger } = options;
    this.config = config;
    this.storage = storage;
    this.logger = logger;
    this.clock = options.clock ?? systemClock;
    this.crashPoints = options.crashPoints ?? NO_CRASH_POINTS;
    const key = options.secretKey ?? config.secretKeys.current;
    if (!key) throw new Error('SECRET_KEY is not set: it encrypts stored credentials (at least 32 characters)');
    this.box = createSecretBox(key, config.secretKeys.previous);
    this.alertSecrets = new AlertSecrets(storage, this.box, () => this.clock.now());

    const { clientId, clientSecret, apiUrl, identityUrl, loginUrl } = config.xero;
    // "View on Xero" opens Xero's web app; with XERO_LOGIN_URL pointed elsewhere (an emulator, a proxy) it opens there.
    const linkBase = options.linkBase ?? (loginUrl.replace(/\/+$/, '') !== XERO_DEFAULT_LOGIN ? loginUrl.replace(/\/+$/, '') : undefined);
    this.oauth = clientId
      ? new XeroOAuth({ clientId, ...(clientSecret ? { clientSecret } : {}), apiUrl, identityUrl, loginUrl, now: () => this.clock.now() })
      : undefined;
    this.tokens = new XeroTokenStore({
      storage,
      box: this.box,
      clock: this.clock,
      renew: (current) => this.renew(current),
    });
    const limits = options.limits ?? config.xero.limits ?? XERO_LIMITS;
    this.limiter = new RateLimiter({
      repository: storage.rateLimits,
      clock: this.clock,
      limits: () => limits,
      recordCall: (tenantId, at, rateLimited) =>
        storage.apiUsage.record(tenantId, at, { calls: 1, rateLimited: rateLimited ? 1 : 0 }),
    });
    this.connections = this.oauth
      ? new XeroConnections({
          storage,
          clock: this.clock,
          oauth: this.oauth,
          tokens: this.tokens,
          xero: (t) => this.xero(t),
          ...(linkBase ? { webUrl: linkBase } : {}),
        })
      : undefined;

    if (config.magento) {
      this.magentoHttp = { baseUrl: config.magento.baseUrl, auth: config.magento.auth };
      this.magento = new MagentoClient(this.magentoHttp);
      this.records = new MagentoRecords(this.magentoHttp);
      this.capture = new ChangeCapture({ storage, magento: this.records, clock: this.clock, logger });
    } else {
      this.magentoHttp = undefined;
      this.magento = undefined;
      this.records = undefined;
      this.capture = undefined;
    }

    this.context = {
      storage,
      clock: this.clock,
      logger,
      magento: {
        fetch: (entity, ids, signal) => {
          if (!this.records) throw new Error('Magento is not configured: set MAGENTO_BASE_URL and its credentials');
          return this.records.fetch(entity, ids, signal);
        },
        related: (entity, field, values, signal) => {
          if (!this.records) throw new Error('Magento is not configured: set MAGENTO_BASE_URL and its credentials');
          return this.records.related(entity, field, values, signal);
        },
        // Customer groups and tax classes are read at most once a minute, not per batch: a merchant's change to a group's
        // tax class reaches the orders posted a minute later at the latest.
        taxClasses: keptFor(TAX_CLASSES_KEPT_MS, this.clock, (signal?: AbortSignal) => {
          if (!this.records) throw new Error('Magento is not configured: set MAGENTO_BASE_URL and its credentials');
          return this.records.taxClasses(signal);
        }),
        taxRates: (signal) => {
          if (!this.records) throw new Error('Magento is not configured: set MAGENTO_BASE_URL and its credentials');
          return this.records.taxRates(signal);
        },
      },
      ...(this.magento ? { magentoInvoicer: this.magento } : {}),
      settings: () => loadMappingSettings(storage, () => this.defaultTenant().catch(() => undefined)),
      tenantFor: (storeId) => this.tenantFor(storeId),
      isLive: (tenantId) => isLive(storage.settings, tenantId),
      mayCreateTaxRate: (tenantId, codes) => mayCreateTaxRate(storage.settings, tenantId, codes),
      xero: (tenantId) => this.xero(tenantId),
      link: (tenantId, kind, xeroId) => {
        const target = linkTarget(kind, xeroId);
        const code = this.shortCodes.get(tenantId);
        return target ? xeroLink(code, target, linkBase ?? undefined) : undefined;
      },
    };
    const contacts = new ContactWriter();
    this.handlers = [
      customersHandler(this.context, contacts),
      productsHandler(this.context),
      ...salesHandlers(this.context, contacts),
      xeroPaymentsHandler(this.context),
    ];
  }

  /**
   * The one way settings are read and changed (Configuration and Stores pages, admin API, `magento-xero settings`):
   * schemas, then the checks against Xero and what was posted, with the same messages everywhere.
   */
  settingsService(): SettingsService {
    const connections = this.connections;
    return new SettingsService(this.storage.settings, () => this.clock.now(), [
      storesCheck({
        storage: this.storage,
        defaultTenant: () => this.defaultTenant().catch(() => undefined),
        ...(connections
          ? {
              organisations: async () => (await connections.organisations()).map((o) => ({ tenantId: o.tenantId, name: o.name, status: o.status })),
              xero: (tenantId: string) => this.xero(tenantId),
            }
          : {}),
      }),
    ], this.alertSecrets);
  }

  /** Delivers the alerts outbox by webhook and email (docs/alerts.md). */
  alerts(): AlertDispatcher {
    return new AlertDispatcher({
      storage: this.storage,
      clock: this.clock,
      logger: this.logger,
      secrets: this.alertSecrets,
      baseUrl: this.config.publicUrlSet ? this.config.publicUrl : undefined,
    });
  }

  /** The Accounting API of one organisation: authorised, rate-limited and counted. */
  xero(tenantId: string): XeroAccounting {
    let api = this.accounting.get(tenantId);
    if (!api) {
      api = new XeroAccounting({
        apiUrl: this.config.xero.apiUrl,
        tenantId,
        tokens: this.tokens,
        limiter: this.limiter,
        onResponse: (info) => {
          if (info.tenantId && (info.status === 0 || (info.status >= 400 && info.status !== 429))) {
            void this.storage.apiUsage.record(info.tenantId, this.clock.now(), { errors: 1 }).catch(() => undefined);
          }
        },
        onWritten: (collection) => {
          const kind = crashKindOfCollection(collection);
          if (kind) this.crashPoints.hit(kind);
        },
        onExchange: (exchange) => this.recordExchange(tenantId, exchange),
      });
      this.accounting.set(tenantId, api);
    }
    return api;
  }

  private lastPrune = 0;

  /**
   * Keeps what was sent to Xero and what came back, per document, for the record pages (EXCHANGE_DAYS days). Written
   * beside the work, never in its way: a failed write loses a page's detail, not the post.
   */
  private recordExchange(tenantId: string, exchange: XeroExchange): void {
    const at = this.clock.now();
    const rows = exchange.documents.map((d) => ({
      at,
      tenantId,
      collection: exchange.collection,
      method: exchange.method,
      keys: exchangeKeys(d.sent, d.answer),
      ok: d.ok,
      sent: d.sent,
      answer: d.answer,
    }));
    const prune = at - this.lastPrune > 3_600_000;
    if (prune) this.lastPrune = at;
    void (async () => {
      await this.storage.exchanges.add(rows);
      if (prune) await this.storage.exchanges.prune(at - EXCHANGE_DAYS * 86_400_000);
    })().catch((err: unknown) => this.logger.debug({ err }, 'the exchange with Xero was not kept for the record page'));
  }

  worker(owner?: string): Worker {
    return new Worker({
      storage: this.storage,
      handlers: this.handlers,
      clock: this.clock,
      logger: this.logger,
      ...(owner ? { owner } : {}),
      onOutcomesStored: () => this.crashPoints.hit('outcome'),
      // Xero needs reconnecting or is not connected: hold the work (nothing is lost) and look again in a minute.
      // Xero needs reconnecting: wait a minute. The database dropped its connection: wait a moment for the pool to
      // reconnect; neither is the records' fault, so neither earns them a backoff.
      // An organisation that has not gone live: its records wait a minute at a time (a "Start syncing" wakes the worker).
      pauseFor: (error) =>
        isReconnectNeeded(error) || isNotConnected(error) || isGoLivePending(error)
          ? 60_000
          : isDatabaseConnectionError(error)
            ? 2_000
            : undefined,
      gate: () => this.postingGate(),
      waitingFor: (error) =>
        isGoLivePending(error)
          ? error.message
          : isReconnectNeeded(error) || isNotConnected(error)
            ? `waiting for Xero to be connected: ${error instanceof Error ? error.message : String(error)}`
            : undefined,
    });
  }

  /**
   * Why nothing is posted now, or undefined: posting starts when a person confirms an organisation's mapping ("Start
   * syncing", `magento-xero go-live`). Organisations that went live are then checked one by one as their records come.
   */
  async postingGate(): Promise<string | undefined> {
    const live = Object.keys(await readGoLive(this.storage.settings));
    if (live.length > 0) return undefined;
    return 'waiting for "Start syncing": review the account, tax and payment mapping on the dashboard (or run `magento-xero go-live`); records queue until then';
  }

  /** The organisations work goes to (connected ones), for the background looks at Xero. */
  async connectedTenants(): Promise<string[]> {
    if (!this.connections) return [];
    return (await this.connections.organisations()).filter((o) => o.status === 'connected').map((o) => o.tenantId);
  }

  async defaultTenant(): Promise<string> {
    if (!this.connections) throw new NotConnectedError('Xero is not configured: set XERO_CLIENT_ID and XERO_CLIENT_SECRET');
    const tenant = await this.connections.defaultTenant();
    await this.rememberShortCodes();
    return tenant;
  }

  private async tenantFor(storeId: number | null | undefined): Promise<string> {
    const stores = await readStores(this.storage.settings);
    const store = storeId !== null && storeId !== undefined ? stores[String(storeId)] : undefined;
    if (store && store.tenantId === null) {
      throw new MappingError(
        'store_not_synced',
        `store ${storeId} "${store.name ?? store.code}" is set to "not synced"; nothing was posted.`,
        'To post its records, choose an organisation for it on the Stores page (or `magento-xero settings set stores ...`) and add them to the queue again.',
      );
    }
    return store?.tenantId ?? this.defaultTenant();
  }

  private async rememberShortCodes(): Promise<void> {
    if (this.shortCodes.size > 0 || !this.connections) return;
    for (const org of await this.connections.organisations()) this.shortCodes.set(org.tenantId, org.shortCode);
  }

  private async renew(current: XeroTokens): Promise<XeroTokens> {
    if (!this.oauth) throw new Error('Xero is not configured: set XERO_CLIENT_ID and XERO_CLIENT_SECRET');
    if (this.config.xero.auth === 'client_credentials') return this.oauth.clientCredentials();
    if (!current.refreshToken) throw new ReconnectNeededError();
    return this.oauth.refresh(current.refreshToken);
  }

  /**
   * What must be in place before posting: a custom connection is connected without anyone pressing a button, and the
   * stores (time zones, currencies) are read from Magento once. Failures here are reported by the work that needs them.
   */
  async ensureReady(): Promise<void> {
    if (this.connections && this.config.xero.auth === 'client_credentials') {
      const grant = await this.storage.connections.get(XERO_GRANT_ID);
      if (!grant) await this.connections.connectClientCredentials();
    }
    if (this.magento && (Object.keys(await readStores(this.storage.settings)).length === 0 || (await this.storage.settings.get(MAGENTO_TAX_RATES_KEY)) === undefined)) {
      await refreshStores(this.magento, this.storage);
    }
  }

  async close(): Promise<void> {
    await this.storage.close();
  }
}

