import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { isReconnectNeeded } from './errors.js';
import { XeroOAuth, XeroOAuthError, allowsPlainHttp } from './oauth.js';
import { startStub, type StubServer } from './testing/stub-server.js';

let stub: StubServer | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

const tokens = (refresh: string) => ({
  access_token: 'access-1',
  refresh_token: refresh,
  expires_in: 1800,
  token_type: 'Bearer',
  scope: 'offline_access accounting.settings',
});

const oauthFor = (url: string, extra: { clientSecret?: string } = { clientSecret: 'shh' }) =>
  new XeroOAuth({ clientId: 'client-1', ...extra, apiUrl: url, identityUrl: url, loginUrl: `${url}/login`, now: () => 1_000_000 });

const form = (body: string) => Object.fromEntries(new URLSearchParams(body));

describe('XeroOAuth', () => {
  it('builds an authorization URL on the configured login host with PKCE S256 and state', async () => {
    const xero = oauthFor('https://login.example.test');
    const { url, state, codeVerifier } = await xero.authorizationUrl({ redirectUri: 'https://app.test/cb', scopes: ['offline_access', 'accounting.contacts'] });
    const parsed = new URL(url);
    expect(parsed.origin + parsed.pathname).toBe('https://login.example.test/login/identity/connect/authorize');
    expect(parsed.searchParams.get('client_id')).toBe('client-1');
    expect(parsed.searchParams.get('scope')).toBe('offline_access accounting.contacts');
    expect(parsed.searchParams.get('state')).toBe(state);
    expect(parsed.searchParams.get('code_challenge_method')).toBe('S256');
    expect(parsed.searchParams.get('code_challenge')).toBe(createHash('sha256').update(codeVerifier).digest('base64url'));
  });

  it('exchanges the code with the verifier and basic client authentication', async () => {
    stub = await startStub(() => ({ body: tokens('refresh-1') }));
    const xero = oauthFor(stub.url);
    const set = await xero.exchangeCode({
      callbackUrl: 'https://app.test/cb?code=the-code&state=s1',
      redirectUri: 'https://app.test/cb',
      codeVerifier: 'v'.repeat(43),
      expectedState: 's1',
    });
    expect(set).toEqual({ accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: 1_000_000 + 1_800_000, scope: 'offline_access accounting.settings' });
    const sent = stub.requests[0]!;
    expect(sent.url).toBe('/connect/token');
    expect(form(sent.body)).toMatchObject({ grant_type: 'authorization_code', code: 'the-code', redirect_uri: 'https://app.test/cb', code_verifier: 'v'.repeat(43) });
    // RFC 6749 2.3.1: id and secret are form-encoded before base64.
    const basic = Buffer.from(String(sent.headers.authorization).replace(/^Basic /, ''), 'base64').toString('utf8');
    expect(basic.split(':').map(decodeURIComponent)).toEqual(['client-1', 'shh']);
  });

  it('passes an ID token through without depending on its issuer or algorithm', async () => {
    // Xero returns one when openid is asked for; the connector never uses it, so its details must not break a connection.
    stub = await startStub(() => ({ body: { ...tokens('refresh-1'), id_token: 'eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJlbHNld2hlcmUifQ.sig' } }));
    const set = await oauthFor(stub.url).refresh('r');
    expect(set.accessToken).toBe('access-1');
    expect(set.idToken).toBe('eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJlbHNld2hlcmUifQ.sig');
  });

  it('refuses a callback whose state does not match, before calling Xero', async () => {
    stub = await startStub(() => ({ body: tokens('r') }));
    const error = await oauthFor(stub.url)
      .exchangeCode({ callbackUrl: 'https://app.test/cb?code=c&state=other', redirectUri: 'https://app.test/cb', codeVerifier: 'v'.repeat(43), expectedState: 's1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(XeroOAuthError);
    expect(stub.requests).toHaveLength(0);
  });

  it('reports a denied consent by its error code', async () => {
    const error = await oauthFor('https://x.test')
      .exchangeCode({ callbackUrl: 'https://app.test/cb?error=access_denied&state=s1', redirectUri: 'https://app.test/cb', codeVerifier: 'v'.repeat(43), expectedState: 's1' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'XeroOAuthError', error: 'access_denied' });
  });

  it('refreshes and returns the rotated refresh token', async () => {
    stub = await startStub(() => ({ body: tokens('refresh-2') }));
    const set = await oauthFor(stub.url).refresh('refresh-1');
    expect(set.refreshToken).toBe('refresh-2');
    expect(form(stub.requests[0]!.body)).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'refresh-1' });
  });

  it('turns invalid_grant on refresh into ReconnectNeededError, with no token in the message', async () => {
    stub = await startStub(() => ({ status: 400, body: { error: 'invalid_grant' } }));
    const error = await oauthFor(stub.url).refresh('refresh-secret-value').catch((e: unknown) => e);
    expect(isReconnectNeeded(error)).toBe(true);
    expect((error as Error).message).not.toContain('refresh-secret-value');
  });

  it('asks for client credentials without a scope parameter', async () => {
    stub = await startStub(() => ({ body: { access_token: 'cc', expires_in: 1800, token_type: 'Bearer' } }));
    const set = await oauthFor(stub.url).clientCredentials();
    expect(set).toEqual({ accessToken: 'cc', expiresAt: 1_000_000 + 1_800_000 });
    const body = form(stub.requests[0]!.body);
    expect(body.grant_type).toBe('client_credentials');
    expect('scope' in body).toBe(false);
  });

  it('revokes a refresh token at the revocation endpoint', async () => {
    stub = await startStub(() => ({ status: 200 }));
    await oauthFor(stub.url).revoke('refresh-9');
    expect(stub.requests[0]!.url).toBe('/connect/revocation');
    expect(form(stub.requests[0]!.body)).toMatchObject({ token: 'refresh-9', token_type_hint: 'refresh_token' });
  });

  it('lists and deletes connections on the API host', async () => {
    stub = await startStub((r) =>
      r.method === 'GET'
        ? { body: [{ id: 'conn-1', authEventId: 'ev', tenantId: 'tenant-1', tenantType: 'ORGANISATION', tenantName: 'Demo' }] }
        : { status: 204 },
    );
    const xero = oauthFor(stub.url);
    const connections = await xero.connections('tok', { authEventId: 'ev' });
    expect(connections).toMatchObject([{ id: 'conn-1', tenantId: 'tenant-1', tenantName: 'Demo' }]);
    await xero.deleteConnection('tok', 'conn-1');
    expect(stub.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /connections?authEventId=ev', 'DELETE /connections/conn-1']);
    expect(stub.requests[0]!.headers['xero-tenant-id']).toBeUndefined();
  });

  it('allows plain http only when the configured URL is http', async () => {
    expect(allowsPlainHttp('http://127.0.0.1:4000')).toBe(true);
    expect(allowsPlainHttp('https://identity.xero.com')).toBe(false);
    // An https URL is spoken to over TLS only: against a plain server nothing gets through.
    stub = await startStub(() => ({ body: tokens('r') }));
    const https = stub.url.replace('http:', 'https:');
    await expect(oauthFor(https).refresh('r')).rejects.toThrow();
    expect(stub.requests).toHaveLength(0);
  });
});
