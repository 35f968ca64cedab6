/**
 * OAuth 2.0 state of the emulated identity server: authorisation codes, grants (one per consent, Xero's "auth event"),
 * their connections to organisations, access tokens (30 minutes) and rotating refresh tokens (60 days unused, the
 * previous one honoured for a 30-minute grace window with the same answer).
 */
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';

export const ACCESS_TOKEN_MS = 30 * 60_000;
export const REFRESH_TOKEN_MS = 60 * 86_400_000;
export const REFRESH_GRACE_MS = 30 * 60_000;
export const CODE_MS = 5 * 60_000;

export interface Connection {
  id: string;
  authEventId: string;
  tenantId: string;
  tenantType: 'ORGANISATION';
  tenantName: string;
  createdDateUtc: string;
  updatedDateUtc: string;
}

export interface Grant {
  authEventId: string;
  clientId: string;
  scope: string;
  userId: string;
  connections: Map<string, Connection>;
  custom: boolean;
}

interface CodeRecord {
  clientId: string;
  redirectUri: string;
  scope: string;
  codeChallenge?: string;
  tenantIds: string[];
  expiresAt: number;
  used: boolean;
  nonce?: string;
}

export interface TokenResponse {
  access_token: string;
  expires_in: number;
  token_type: 'Bearer';
  refresh_token?: string;
  scope: string;
  id_token?: string;
}

interface AccessRecord {
  authEventId: string;
  expiresAt: number;
}

interface RefreshRecord {
  authEventId: string;
  expiresAt: number;
  rotatedAt?: number;
  successor?: TokenResponse;
  revoked: boolean;
}

export type TokenError = { error: 'invalid_grant' | 'invalid_request' | 'invalid_scope' | 'unauthorized_client' };

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

export class TokenStore {
  private readonly codes = new Map<string, CodeRecord>();
  readonly grants = new Map<string, Grant>();
  private readonly access = new Map<string, AccessRecord>();
  private readonly refresh = new Map<string, RefreshRecord>();

  constructor(
    private readonly now: () => number,
    private readonly signingKey: string,
    private readonly issuer: string,
  ) {}

  issueCode(record: Omit<CodeRecord, 'expiresAt' | 'used'>): string {
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, { ...record, expiresAt: this.now() + CODE_MS, used: false });
    return code;
  }

  exchangeCode(
    code: string,
    clientId: string,
    redirectUri: string | undefined,
    verifier: string | undefined,
    tenants: Map<string, string>,
  ): TokenResponse | TokenError {
    const record = this.codes.get(code);
    if (!record || record.used || record.expiresAt <= this.now() || record.clientId !== clientId) {
      return { error: 'invalid_grant' };
    }
    record.used = true;
    if (redirectUri !== undefined && redirectUri !== record.redirectUri) return { error: 'invalid_grant' };
    if (record.codeChallenge !== undefined) {
      if (verifier === undefined) return { error: 'invalid_grant' };
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (challenge !== record.codeChallenge) return { error: 'invalid_grant' };
    }
    const grant = this.createGrant(clientId, record.scope, record.tenantIds, tenants, false);
    return this.issueTokens(grant, record.scope.split(' ').includes('offline_access'), record.nonce);
  }

  clientCredentials(clientId: string, tenantId: string, tenantName: string): TokenResponse {
    const scope = 'accounting.settings accounting.transactions accounting.contacts';
    const grant = this.createGrant(clientId, scope, [tenantId], new Map([[tenantId, tenantName]]), true);
    return this.issueTokens(grant, false);
  }

  refreshTokens(token: string, clientId: string): TokenResponse | TokenError {
    const record = this.refresh.get(token);
    const now = this.now();
    if (!record || record.revoked || record.expiresAt <= now) return { error: 'invalid_grant' };
    const grant = this.grants.get(record.authEventId);
    if (!grant || grant.clientId !== clientId) return { error: 'invalid_grant' };
    if (record.successor && record.rotatedAt !== undefined) {
      if (now - record.rotatedAt <= REFRESH_GRACE_MS) return record.successor;
      return { error: 'invalid_grant' };
    }
    const next = this.issueTokens(grant, true);
    record.rotatedAt = now;
    record.successor = next;
    return next;
  }

  /** Revoking a refresh token ends its grant: its access tokens stop working and its connections go. */
  revoke(token: string, clientId: string): void {
    const record = this.refresh.get(token);
    if (!record) return;
    const grant = this.grants.get(record.authEventId);
    if (!grant || grant.clientId !== clientId) return;
    for (const [t, r] of this.refresh) if (r.authEventId === grant.authEventId) r.revoked = true;
    for (const [t, a] of this.access) if (a.authEventId === grant.authEventId) this.access.delete(t);
    grant.connections.clear();
  }

  /** When a known access token expired (undefined for one never issued, revoked, or still valid). */
  expiredAt(token: string | undefined): number | undefined {
    const record = token ? this.access.get(token) : undefined;
    return record && record.expiresAt <= this.now() ? record.expiresAt : undefined;
  }

  /** The grant behind a bearer token, or why there is none. */
  authenticate(token: string | undefined): Grant | undefined {
    if (!token) return undefined;
    const record = this.access.get(token);
    if (!record || record.expiresAt <= this.now()) return undefined;
    return this.grants.get(record.authEventId);
  }

  private createGrant(
    clientId: string,
    scope: string,
    tenantIds: string[],
    tenants: Map<string, string>,
    custom: boolean,
  ): Grant {
    const authEventId = randomUUID();
    const stamp = new Date(this.now()).toISOString();
    const connections = new Map<string, Connection>();
    for (const tenantId of tenantIds) {
      const tenantName = tenants.get(tenantId);
      if (tenantName === undefined) continue;
      connections.set(tenantId, {
        id: randomUUID(),
        authEventId,
        tenantId,
        tenantType: 'ORGANISATION',
        tenantName,
        createdDateUtc: stamp,
        updatedDateUtc: stamp,
      });
    }
    const grant: Grant = { authEventId, clientId, scope, userId: randomUUID(), connections, custom };
    this.grants.set(authEventId, grant);
    return grant;
  }

  private issueTokens(grant: Grant, withRefresh: boolean, nonce?: string): TokenResponse {
    const now = this.now();
    const seconds = Math.floor(now / 1000);
    const accessToken = this.jwt({
      nbf: seconds,
      exp: seconds + ACCESS_TOKEN_MS / 1000,
      iss: this.issuer,
      aud: `${this.issuer}/resources`,
      client_id: grant.clientId,
      sub: grant.userId,
      auth_time: seconds,
      xero_userid: grant.userId,
      global_session_id: grant.authEventId,
      jti: randomUUID(),
      authentication_event_id: grant.authEventId,
      scope: grant.scope.split(' ').filter((s) => s !== ''),
    });
    this.access.set(accessToken, { authEventId: grant.authEventId, expiresAt: now + ACCESS_TOKEN_MS });
    const response: TokenResponse = {
      access_token: accessToken,
      expires_in: ACCESS_TOKEN_MS / 1000,
      token_type: 'Bearer',
      scope: grant.scope,
    };
    if (withRefresh) {
      const refreshToken = randomBytes(32).toString('hex');
      this.refresh.set(refreshToken, { authEventId: grant.authEventId, expiresAt: now + REFRESH_TOKEN_MS, revoked: false });
      response.refresh_token = refreshToken;
    }
    if (grant.scope.split(' ').includes('openid')) {
      response.id_token = this.jwt({
        nbf: seconds,
        exp: seconds + 300,
        iss: this.issuer,
        aud: grant.clientId,
        sub: grant.userId,
        auth_time: seconds,
        xero_userid: grant.userId,
        global_session_id: grant.authEventId,
        ...(nonce !== undefined ? { nonce } : {}),
        email: 'emulator.user@example.com',
        given_name: 'Emulator',
        family_name: 'User',
        preferred_username: 'emulator.user@example.com',
      });
    }
    return response;
  }

  private jwt(payload: Record<string, unknown>): string {
    const head = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const body = base64url(JSON.stringify(payload));
    const signature = createHmac('sha256', this.signingKey).update(`${head}.${body}`).digest('base64url');
    return `${head}.${body}.${signature}`;
  }
}
