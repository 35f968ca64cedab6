import type { Storage } from '../storage/storage.js';
import type { Clock } from '../domain/clock.js';
import type { XeroAccounting } from '../xero/accounting.js';
import type { XeroOAuth } from '../xero/oauth.js';
import {
  CONNECTION_STATUS,
  NotConnectedError,
  XERO_GRANT_ID,
  xeroTenantConnectionId,
} from './xero-grant.js';
import type { XeroTokenStore } from './xero-token-store.js';

/** What is shown about a connected organisation; none of it is secret. */
export interface OrganisationMeta {
  name: string;
  shortCode?: string;
  baseCurrency?: string;
  countryCode?: string;
  /** Organisation.Version (AU, NZ, UK, US, GLOBAL...): which tax system the organisation files under. */
  version?: string;
  timezone?: string;
  periodLockDate?: string;
  endOfYearLockDate?: string;
  /** The store this organisation was chosen for by default. */
  isDefault?: boolean;
}

export interface ConnectedOrganisation extends OrganisationMeta {
  tenantId: string;
  status: string;
}

interface PendingConsent {
  codeVerifier: string;
  redirectUri: string;
  createdAt: number;
  /** The admin session that started the flow (a digest); only that session may finish it. */
  session?: string;
}

const PENDING_TTL_MS = 10 * 60_000;

/**
 * Connecting and disconnecting Xero: the consent flow (state and PKCE kept server side until the callback), the
 * organisations the consent reached, custom connections, and revocation on disconnect.
 */
export class XeroConnections {
  constructor(
    private readonly deps: {
      storage: Storage;
      clock: Clock;
      oauth: XeroOAuth;
      tokens: XeroTokenStore;
      xero: (tenantId: string) => XeroAccounting;
      /** Xero's web address for "View on Xero" when it is not go.xero.com (the sandbox's emulator). */
      webUrl?: string;
    },
  ) {}

  /**
   * Starts the consent flow: the Xero URL to send the merchant to. Given the admin session that asked, only that session
   * can finish the flow, so a callback URL with someone else's code and state (sent as a link) connects nothing.
   */
  async start(redirectUri: string, session?: string): Promise<{ url: string; state: string }> {
    const { url, state, codeVerifier } = await this.deps.oauth.authorizationUrl({ redirectUri });
    const pending: PendingConsent = { codeVerifier, redirectUri, createdAt: this.deps.clock.now(), ...(session ? { session } : {}) };
    await this.deps.storage.settings.set(`oauth-pending:${state}`, pending);
    return { url, state };
  }

  /** Finishes the consent flow from the callback URL: stores the tokens and the organisations it reached. */
  async callback(callbackUrl: string, session?: string): Promise<ConnectedOrganisation[]> {
    const state = new URL(callbackUrl).searchParams.get('state') ?? '';
    const key = `oauth-pending:${state}`;
    const pending = await this.deps.storage.settings.get<PendingConsent>(key);
    // Single use: a replayed callback finds nothing.
    await this.deps.storage.settings.delete(key);
    if (!pending || this.deps.clock.now() - pending.createdAt > PENDING_TTL_MS) {
      throw new Error('This Xero sign-in has expired or was already used: press Connect again');
    }
    if (pending.session !== undefined && pending.session !== session) {
      throw new Error('This Xero sign-in was started in another browser session: press Connect again here');
    }
    const tokens = await this.deps.oauth.exchangeCode({
      callbackUrl,
      redirectUri: pending.redirectUri,
      codeVerifier: pending.codeVerifier,
      expectedState: state,
    });
    await this.deps.tokens.save(tokens);
    return this.refreshOrganisations(tokens.accessToken);
  }

  /** Custom connection (client credentials): one organisation, no consent page. */
  async connectClientCredentials(): Promise<ConnectedOrganisation[]> {
    const tokens = await this.deps.oauth.clientCredentials();
    await this.deps.tokens.save(tokens, { flow: 'client_credentials' });
    return this.refreshOrganisations(tokens.accessToken);
  }

  /** Reads /connections and each organisation's details; keeps the rows of organisations still reached. */
  async refreshOrganisations(accessToken?: string): Promise<ConnectedOrganisation[]> {
    const token = accessToken ?? (await this.deps.tokens.accessToken());
    const connections = await this.deps.oauth.connections(token);
    const result: ConnectedOrganisation[] = [];
    const existing = await this.organisations();
    const hasDefault = existing.some((o) => o.isDefault && connections.some((c) => c.tenantId === o.tenantId));
    for (const [index, c] of connections.entries()) {
      const org = await this.deps.xero(c.tenantId).getOrganisation();
      const meta: OrganisationMeta = {
        name: org.Name ?? c.tenantName ?? c.tenantId,
        ...(org.ShortCode ? { shortCode: org.ShortCode } : {}),
        ...(org.BaseCurrency ? { baseCurrency: org.BaseCurrency } : {}),
        ...(org.CountryCode ? { countryCode: org.CountryCode } : {}),
        ...(org.Version ? { version: org.Version } : {}),
        ...(org.Timezone ? { timezone: org.Timezone } : {}),
        ...(org.PeriodLockDate ? { periodLockDate: String(org.PeriodLockDate) } : {}),
        ...(org.EndOfYearLockDate ? { endOfYearLockDate: String(org.EndOfYearLockDate) } : {}),
        isDefault: existing.find((o) => o.tenantId === c.tenantId)?.isDefault ?? (!hasDefault && index === 0),
      };
      await this.deps.storage.connections.save({
        id: xeroTenantConnectionId(c.tenantId),
        kind: 'xero',
        tenant_id: c.tenantId,
        name: meta.name,
        status: CONNECTION_STATUS.connected,
        secret: null,
        meta_json: JSON.stringify({ ...meta, connectionId: c.id, ...(this.deps.webUrl ? { webUrl: this.deps.webUrl } : {}) }),
        access_expires_at: null,
      });
      result.push({ tenantId: c.tenantId, status: CONNECTION_STATUS.connected, ...meta });
    }
    for (const gone of existing.filter((o) => !connections.some((c) => c.tenantId === o.tenantId))) {
      await this.deps.storage.connections.delete(xeroTenantConnectionId(gone.tenantId));
    }
    return result;
  }

  /** Connected organisations, the grant's state applied (a grant that needs reconnecting shows on each). */
  async organisations(): Promise<ConnectedOrganisation[]> {
    const grant = await this.deps.storage.connections.get(XERO_GRANT_ID);
    const rows = (await this.deps.storage.connections.list('xero')).filter((r) => r.id !== XERO_GRANT_ID && r.tenant_id);
    return rows.map((r) => {
      const meta = JSON.parse(r.meta_json) as OrganisationMeta;
      return {
        ...meta,
        tenantId: r.tenant_id!,
        status: grant?.status === CONNECTION_STATUS.reconnectNeeded ? grant.status : r.status,
      };
    });
  }

  /** Makes one organisation the default for stores that name none. */
  async chooseDefault(tenantId: string): Promise<void> {
    for (const org of await this.organisations()) {
      const row = await this.deps.storage.connections.get(xeroTenantConnectionId(org.tenantId));
      if (!row) continue;
      const meta = JSON.parse(row.meta_json) as OrganisationMeta;
      await this.deps.storage.connections.save({ ...row, meta_json: JSON.stringify({ ...meta, isDefault: org.tenantId === tenantId }) });
    }
  }

  /** The organisation a store posts to when it names none. */
  async defaultTenant(): Promise<string> {
    const orgs = (await this.organisations()).filter((o) => o.status !== CONNECTION_STATUS.disconnected);
    const chosen = orgs.find((o) => o.isDefault) ?? orgs[0];
    if (!chosen) throw new NotConnectedError();
    return chosen.tenantId;
  }

  /** Revokes the grant at Xero (best effort: a dead token is disconnected all the same) and forgets it. */
  async disconnect(): Promise<void> {
    const tokens = await this.deps.tokens.tokens().catch(() => undefined);
    if (tokens?.refreshToken) await this.deps.oauth.revoke(tokens.refreshToken).catch(() => undefined);
    for (const row of await this.deps.storage.connections.list('xero')) await this.deps.storage.connections.delete(row.id);
  }
}
