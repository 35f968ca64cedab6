// Xero's OAuth 2.0 through oauth4webapi, with every endpoint built from our configured base URLs (the emulator's in the
// sandbox): authorization code with PKCE (S256) and state, refresh with rotation, client credentials for custom
// connections, revocation, and the /connections list. Plain http is allowed only when the configured URL is http.
import * as oauth from 'oauth4webapi';
import { z } from 'zod';
import { parseXero } from '../domain/xero.js';
import { NetworkError, ReconnectNeededError, classifyNetworkFailure } from './errors.js';
import { xeroRequest } from './http.js';

export interface XeroOAuthConfig {
  clientId: string;
  /** Absent for a PKCE-only app (public client). Required for client credentials. */
  clientSecret?: string;
  apiUrl: string;
  identityUrl: string;
  loginUrl: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/** What the token endpoint gave us; `expiresAt` in ms since the epoch. Fits src/connections' XeroTokens. */
export interface XeroTokenSet {
  accessToken: string;
  refreshToken?: string;
  expiresAt: number;
  scope?: string;
  /** Passed through unverified (see withoutIdToken). */
  idToken?: string;
}

/**
 * Granular scopes (required for apps created from March 2026): settings for accounts, tax rates, items and tracking;
 * contacts; invoices (and credit notes); payments. offline_access for a refresh token.
 */
export const XERO_DEFAULT_SCOPES = [
  'offline_access',
  'accounting.settings',
  'accounting.contacts',
  'accounting.invoices',
  'accounting.payments',
] as const;

/** An OAuth failure other than a needed reconnect: the error code from Xero, and what to do. */
export class XeroOAuthError extends Error {
  override readonly name = 'XeroOAuthError';
  constructor(
    readonly error: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
export const isXeroOAuthError = (e: unknown): e is XeroOAuthError => e instanceof XeroOAuthError;

export const xeroConnectionSchema = z.looseObject({
  id: z.string(),
  authEventId: z.string().nullish(),
  tenantId: z.string(),
  tenantType: z.string().nullish(),
  tenantName: z.string().nullish(),
  createdDateUtc: z.string().nullish(),
  updatedDateUtc: z.string().nullish(),
});
export type XeroConnection = z.infer<typeof xeroConnectionSchema>;

/** Plain http only for an http URL (the emulator on localhost): a configured https endpoint is never spoken to in clear. */
export function allowsPlainHttp(url: string): boolean {
  return new URL(url).protocol === 'http:';
}

/**
 * Takes the ID token out of a successful token response before oauth4webapi sees it. The connector never uses it to
 * identify anyone (it only needs the access and refresh tokens), and validating its claims would tie the connection to
 * details that differ between Xero and the emulator (issuer URL, signing algorithm) without protecting anything.
 */
async function withoutIdToken(response: Response): Promise<{ response: Response; idToken: string | undefined }> {
  if (!response.ok) return { response, idToken: undefined };
  let body: unknown;
  try {
    body = await response.clone().json();
  } catch {
    return { response, idToken: undefined };
  }
  if (typeof body !== 'object' || body === null || !('id_token' in body)) return { response, idToken: undefined };
  const { id_token: idToken, ...rest } = body as Record<string, unknown>;
  const stripped = new Response(JSON.stringify(rest), { status: response.status, headers: response.headers });
  return { response: stripped, idToken: typeof idToken === 'string' ? idToken : undefined };
}

export class XeroOAuth {
  private readonly as: oauth.AuthorizationServer;
  private readonly client: oauth.Client;
  private readonly now: () => number;

  constructor(private readonly config: XeroOAuthConfig) {
    const identity = config.identityUrl.replace(/\/+$/, '');
    this.as = {
      issuer: identity,
      authorization_endpoint: `${config.loginUrl.replace(/\/+$/, '')}/identity/connect/authorize`,
      token_endpoint: `${identity}/connect/token`,
      revocation_endpoint: `${identity}/connect/revocation`,
    };
    this.client = { client_id: config.clientId };
    this.now = config.now ?? Date.now;
  }

  /** The URL to send the merchant to, with the state and PKCE verifier to keep (server side) until the callback. */
  async authorizationUrl(options: { redirectUri: string; scopes?: readonly string[]; state?: string }): Promise<{
    url: string;
    state: string;
    codeVerifier: string;
  }> {
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const state = options.state ?? oauth.generateRandomState();
    const url = new URL(this.as.authorization_endpoint!);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.config.clientId);
    url.searchParams.set('redirect_uri', options.redirectUri);
    url.searchParams.set('scope', (options.scopes ?? XERO_DEFAULT_SCOPES).join(' '));
    url.searchParams.set('state', state);
    url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
    url.searchParams.set('code_challenge_method', 'S256');
    return { url: url.href, state, codeVerifier };
  }

  /** Checks the callback (state, error) and exchanges the code for tokens. */
  async exchangeCode(options: {
    callbackUrl: string | URL;
    redirectUri: string;
    codeVerifier: string;
    expectedState: string;
  }): Promise<XeroTokenSet> {
    let params: URLSearchParams;
    try {
      params = oauth.validateAuthResponse(this.as, this.client, new URL(options.callbackUrl), options.expectedState);
    } catch (error) {
      if (error instanceof oauth.AuthorizationResponseError) {
        throw new XeroOAuthError(error.error, `Xero did not authorise the connection (${error.error}): press Connect to try again`);
      }
      throw new XeroOAuthError('invalid_callback', 'The Xero callback did not match the request (state): press Connect to try again');
    }
    return this.token('code', () =>
      oauth.authorizationCodeGrantRequest(this.as, this.client, this.auth(), params, options.redirectUri, options.codeVerifier, this.http()),
      (response) => oauth.processAuthorizationCodeResponse(this.as, this.client, response),
    );
  }

  /** A new access token; Xero rotates the refresh token, so store the one returned. invalid_grant → ReconnectNeededError. */
  async refresh(refreshToken: string): Promise<XeroTokenSet> {
    return this.token('refresh', () => oauth.refreshTokenGrantRequest(this.as, this.client, this.auth(), refreshToken, this.http()),
      (response) => oauth.processRefreshTokenResponse(this.as, this.client, response),
    );
  }

  /** Custom connections: no scope parameter (new custom connections reject one; the app's configured scopes apply). */
  async clientCredentials(): Promise<XeroTokenSet> {
    if (!this.config.clientSecret) throw new XeroOAuthError('invalid_client', 'A custom connection needs XERO_CLIENT_SECRET');
    return this.token('client_credentials', () => oauth.clientCredentialsGrantRequest(this.as, this.client, this.auth(), {}, this.http()),
      (response) => oauth.processClientCredentialsResponse(this.as, this.client, response),
    );
  }

  /** Revokes a refresh token (and with it the access tokens issued from it). */
  async revoke(refreshToken: string): Promise<void> {
    await this.guard('revoke', async () => {
      const response = await oauth.revocationRequest(this.as, this.client, this.auth(), refreshToken, {
        ...this.http(),
        additionalParameters: { token_type_hint: 'refresh_token' },
      });
      await oauth.processRevocationResponse(response);
    });
  }

  /** The organisations this token reaches (optionally only those of one consent: `authEventId` from the access token). */
  async connections(accessToken: string, options: { authEventId?: string } = {}): Promise<XeroConnection[]> {
    const res = await xeroRequest(this.apiHttp(), {
      method: 'GET',
      path: '/connections',
      query: { authEventId: options.authEventId },
      accessToken,
    });
    return parseXero(z.array(xeroConnectionSchema), res.body ?? [], 'connections');
  }

  async deleteConnection(accessToken: string, connectionId: string): Promise<void> {
    await xeroRequest(this.apiHttp(), { method: 'DELETE', path: `/connections/${encodeURIComponent(connectionId)}`, accessToken });
  }

  // ---------- plumbing ----------
  private auth(): oauth.ClientAuth {
    return this.config.clientSecret ? oauth.ClientSecretBasic(this.config.clientSecret) : oauth.None();
  }

  private http(): oauth.HttpRequestOptions<'POST', URLSearchParams> {
    const options: oauth.HttpRequestOptions<'POST', URLSearchParams> = {
      signal: () => AbortSignal.timeout(this.config.timeoutMs ?? 30_000),
    };
    if (allowsPlainHttp(this.config.identityUrl)) options[oauth.allowInsecureRequests] = true;
    const custom = this.config.fetch;
    if (custom) options[oauth.customFetch] = (url, init) => custom(url, init as RequestInit);
    return options;
  }

  private apiHttp() {
    return {
      apiUrl: this.config.apiUrl,
      ...(this.config.timeoutMs !== undefined ? { timeoutMs: this.config.timeoutMs } : {}),
      ...(this.config.fetch ? { fetch: this.config.fetch } : {}),
    };
  }

  private async token(
    grant: 'code' | 'refresh' | 'client_credentials',
    request: () => Promise<Response>,
    process: (response: Response) => Promise<oauth.TokenEndpointResponse>,
  ): Promise<XeroTokenSet> {
    const requestedAt = this.now();
    let idToken: string | undefined;
    const result = await this.guard(grant, async () => {
      const split = await withoutIdToken(await request());
      idToken = split.idToken;
      return process(split.response);
    });
    const set: XeroTokenSet = {
      accessToken: result.access_token,
      // Xero's access tokens live 30 minutes; assume so if it does not say.
      expiresAt: requestedAt + (result.expires_in ?? 1800) * 1000,
    };
    if (result.refresh_token !== undefined) set.refreshToken = result.refresh_token;
    if (result.scope !== undefined) set.scope = result.scope;
    if (idToken !== undefined) set.idToken = idToken;
    return set;
  }

  /** Maps oauth4webapi's and fetch's failures to ours, with no token in any message. */
  private async guard<T>(grant: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof oauth.ResponseBodyError) {
        if (error.error === 'invalid_grant' && grant !== 'code') throw new ReconnectNeededError();
        if (error.error === 'invalid_grant') {
          throw new XeroOAuthError('invalid_grant', 'The Xero authorisation code expired or was already used: press Connect again', error.status);
        }
        if (error.error === 'invalid_client') {
          throw new XeroOAuthError('invalid_client', 'Xero did not recognise the client id and secret: check XERO_CLIENT_ID and XERO_CLIENT_SECRET', error.status);
        }
        throw new XeroOAuthError(error.error, `Xero's token endpoint refused the ${grant} request (${error.error})`, error.status);
      }
      if (error instanceof oauth.OperationProcessingError || error instanceof oauth.WWWAuthenticateChallengeError) {
        const code = (error as { code?: string }).code ?? 'invalid_response';
        const status = error instanceof oauth.WWWAuthenticateChallengeError ? error.status : undefined;
        if (status === 401) {
          throw new XeroOAuthError('invalid_client', 'Xero did not recognise the client id and secret: check XERO_CLIENT_ID and XERO_CLIENT_SECRET', 401);
        }
        throw new XeroOAuthError(code, `Unexpected answer from Xero's identity service (${code}): ${error.message}`, status);
      }
      if (error instanceof TypeError || (error instanceof DOMException && error.name === 'TimeoutError')) {
        const timeout = error instanceof DOMException;
        const { failure, code } = timeout ? { failure: 'timeout' as const, code: undefined } : classifyNetworkFailure(error);
        throw new NetworkError(failure, { method: 'POST', path: grant === 'revoke' ? '/connect/revocation' : '/connect/token' }, code);
      }
      throw error;
    }
  }
}
