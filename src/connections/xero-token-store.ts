import { randomUUID } from 'node:crypto';
import { connectionSecretPlace, type SecretBox } from '../security/secrets.js';
import type { Storage } from '../storage/storage.js';
import type { Clock } from '../domain/clock.js';
import { XERO_CONNECTION_KEY, xeroDisconnectedAlert } from '../domain/alerts.js';
import {
  CONNECTION_STATUS,
  isReconnectNeeded,
  NotConnectedError,
  ReconnectNeededError,
  XERO_GRANT_ID,
  xeroTokensSchema,
  type XeroTokens,
} from './xero-grant.js';

const GRANT_PLACE = connectionSecretPlace(XERO_GRANT_ID);

export interface XeroTokenStoreOptions {
  storage: Storage;
  box: SecretBox;
  clock: Clock;
  /**
   * Gets fresh tokens from Xero: a refresh-token grant (code flow) or a new client-credentials token (custom connection).
   * It must throw a ReconnectNeededError (or an error named so) when Xero answers invalid_grant.
   */
  renew(current: XeroTokens): Promise<XeroTokens>;
  /** Refresh this long before the access token expires (Xero's live 30 minutes). */
  marginMs?: number;
}

/**
 * Access tokens for every process on the database. Refreshing is serialised by a database lock, and the rotated refresh
 * token is written only against the row version that was read, so two workers never spend the same refresh token and a
 * refresh that loses a race adopts the winner's tokens instead of overwriting them.
 */
export class XeroTokenStore {
  private readonly owner = `tokens-${randomUUID().slice(0, 8)}`;
  private cached: { tokens: XeroTokens; version: number } | undefined;

  constructor(private readonly options: XeroTokenStoreOptions) {}

  /** A valid access token (the tenant id is for the interface: one grant serves all its organisations). */
  async accessToken(_tenantId?: string): Promise<string> {
    const margin = this.options.marginMs ?? 120_000;
    const now = this.options.clock.now();
    if (this.cached && this.cached.tokens.expiresAt - margin > now) return this.cached.tokens.accessToken;
    const current = await this.read();
    if (current.tokens.expiresAt - margin > now) {
      this.cached = current;
      return current.tokens.accessToken;
    }
    return (await this.refresh(current.version)).accessToken;
  }

  /** Xero said 401 for a token we thought valid: refresh once, whatever its expiry says. */
  async invalidate(_tenantId?: string): Promise<void> {
    const current = await this.read();
    await this.refresh(current.version, true);
  }

  /** Stores tokens from a new consent (or client-credentials connection), replacing any earlier grant. */
  async save(tokens: XeroTokens, meta: Record<string, unknown> = {}): Promise<void> {
    await this.options.storage.connections.save({
      id: XERO_GRANT_ID,
      kind: 'xero',
      tenant_id: null,
      name: 'Xero',
      status: CONNECTION_STATUS.connected,
      secret: this.options.box.seal(JSON.stringify(tokens), GRANT_PLACE),
      meta_json: JSON.stringify(meta),
      access_expires_at: tokens.expiresAt,
    });
    // Connected again: a later refusal is news again.
    await this.options.storage.alerts.clear([XERO_CONNECTION_KEY]);
    this.cached = undefined;
  }

  async tokens(): Promise<XeroTokens | undefined> {
    const row = await this.options.storage.connections.get(XERO_GRANT_ID);
    if (!row?.secret) return undefined;
    return xeroTokensSchema.parse(JSON.parse(this.options.box.open(row.secret, GRANT_PLACE)));
  }

  private async read(): Promise<{ tokens: XeroTokens; version: number }> {
    const row = await this.options.storage.connections.get(XERO_GRANT_ID);
    if (!row?.secret || row.status === CONNECTION_STATUS.disconnected) throw new NotConnectedError();
    if (row.status === CONNECTION_STATUS.reconnectNeeded) throw new ReconnectNeededError();
    return { tokens: xeroTokensSchema.parse(JSON.parse(this.options.box.open(row.secret, GRANT_PLACE))), version: row.version };
  }

  private async refresh(readVersion: number, force = false): Promise<XeroTokens> {
    const { storage, clock, box } = this.options;
    const margin = this.options.marginMs ?? 120_000;
    const deadline = clock.now() + 60_000;
    for (;;) {
      if (await storage.locks.acquire('xero-token-refresh', this.owner, 30_000, clock.now())) break;
      if (clock.now() > deadline) throw new Error('timed out waiting for another process to refresh the Xero token');
      await clock.sleep(100);
    }
    try {
      const current = await this.read();
      // Someone else refreshed while we waited for the lock: use theirs.
      if (current.version !== readVersion && current.tokens.expiresAt - margin > clock.now()) {
        this.cached = current;
        return current.tokens;
      }
      if (!force && current.tokens.expiresAt - margin > clock.now()) {
        this.cached = current;
        return current.tokens;
      }
      let fresh: XeroTokens;
      try {
        fresh = await this.options.renew(current.tokens);
      } catch (error) {
        if (isReconnectNeeded(error)) {
          // A person must connect again: the alert is written with the status, in one transaction.
          const reason = 'it refused the refresh token (invalid_grant: the authorisation expired, was revoked, or the app was disconnected in Xero)';
          await storage.connections.setStatus(XERO_GRANT_ID, CONNECTION_STATUS.reconnectNeeded, clock.now(), xeroDisconnectedAlert(reason, clock.now()));
          this.cached = undefined;
          throw error instanceof ReconnectNeededError ? error : new ReconnectNeededError();
        }
        throw error;
      }
      const sealed = box.seal(JSON.stringify(fresh), GRANT_PLACE);
      if (!(await storage.connections.rotateSecret(XERO_GRANT_ID, current.version, sealed, fresh.expiresAt, clock.now()))) {
        // Cannot happen while we hold the lock, unless the lock expired under a very slow refresh: keep what is stored.
        const winner = await this.read();
        this.cached = winner;
        return winner.tokens;
      }
      this.cached = { tokens: fresh, version: current.version + 1 };
      return fresh;
    } finally {
      await storage.locks.release('xero-token-refresh', this.owner);
    }
  }
}
