import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildXeroEmulator } from './index.js';

const basic = `Basic ${Buffer.from('emulator-client-id:emulator-client-secret').toString('base64')}`;
const verifier = 'a-very-long-code-verifier-that-is-at-least-43-characters-long';
const challenge = createHash('sha256').update(verifier).digest('base64url');

function authorizeUrl(extra: Record<string, string> = {}) {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: 'emulator-client-id',
    redirect_uri: 'http://localhost:3000/callback',
    scope: 'openid offline_access accounting.transactions',
    state: 's-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  });
  return `/identity/connect/authorize?${params.toString()}`;
}

function setup(autoConsent: boolean) {
  const now = { value: Date.UTC(2025, 5, 1) };
  const app = buildXeroEmulator({ clock: () => now.value, autoConsent, tenants: [{ name: 'Shop UK', region: 'UK' }, { name: 'Shop AU', region: 'AU' }] });
  const token = (form: Record<string, string>, headers: Record<string, string> = { authorization: basic }) =>
    app.inject({ method: 'POST', url: '/connect/token', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: new URLSearchParams(form).toString() });
  return { app, now, token };
}

async function codeFrom(app: ReturnType<typeof setup>['app']) {
  const r = await app.inject({ method: 'GET', url: authorizeUrl() });
  expect(r.statusCode).toBe(302);
  const location = new URL(String(r.headers.location));
  expect(location.searchParams.get('state')).toBe('s-1');
  return location.searchParams.get('code') ?? '';
}

describe('Xero emulator: identity', () => {
  it('shows a consent page with the organisations and redirects with a code on Allow access', async () => {
    const { app } = setup(false);
    const page = await app.inject({ method: 'GET', url: authorizeUrl() });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Allow access');
    expect(page.body).toContain('Shop UK');
    const form = new URLSearchParams({
      response_type: 'code', client_id: 'emulator-client-id', redirect_uri: 'http://localhost:3000/callback', scope: 'offline_access accounting.transactions',
      state: 's-9', consent: 'allow', code_challenge: challenge, code_challenge_method: 'S256',
    });
    const tenants = (await app.inject({ method: 'POST', url: '/__emulator/reset', headers: { authorization: basic } })).json().organisations;
    form.append('tenant', tenants[1].tenantId);
    const allowed = await app.inject({ method: 'POST', url: '/identity/connect/authorize', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
    expect(allowed.statusCode).toBe(302);
    const location = new URL(String(allowed.headers.location));
    expect(location.origin + location.pathname).toBe('http://localhost:3000/callback');
    expect(location.searchParams.get('state')).toBe('s-9');
    expect(location.searchParams.get('code')).toBeTruthy();
  });

  it('exchanges a code once, with PKCE, and lists the connections', async () => {
    const { app, token } = setup(true);
    const code = await codeFrom(app);
    const wrong = await token({ grant_type: 'authorization_code', code, redirect_uri: 'http://localhost:3000/callback', code_verifier: 'wrong' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toEqual({ error: 'invalid_grant' });

    const code2 = await codeFrom(app);
    const ok = await token({ grant_type: 'authorization_code', code: code2, redirect_uri: 'http://localhost:3000/callback', code_verifier: verifier });
    expect(ok.statusCode).toBe(200);
    const body = ok.json();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 1800 });
    expect(body.refresh_token).toBeTruthy();
    expect(body.id_token).toBeTruthy();
    const payload = JSON.parse(Buffer.from(body.access_token.split('.')[1], 'base64url').toString());
    expect(payload.authentication_event_id).toBeTruthy();

    const again = await token({ grant_type: 'authorization_code', code: code2, code_verifier: verifier });
    expect(again.json()).toEqual({ error: 'invalid_grant' });

    const connections = await app.inject({ method: 'GET', url: '/connections', headers: { authorization: `Bearer ${body.access_token}` } });
    expect(connections.json()).toHaveLength(2);
    expect(connections.json()[0]).toMatchObject({ tenantType: 'ORGANISATION', tenantName: 'Shop UK', authEventId: payload.authentication_event_id });
  });

  it('expires codes after five minutes and access tokens after thirty', async () => {
    const { app, now, token } = setup(true);
    const code = await codeFrom(app);
    now.value += 5 * 60_000 + 1;
    expect((await token({ grant_type: 'authorization_code', code, code_verifier: verifier })).json()).toEqual({ error: 'invalid_grant' });
    const fresh = (await token({ grant_type: 'authorization_code', code: await codeFrom(app), code_verifier: verifier })).json();
    const headers = { authorization: `Bearer ${fresh.access_token}` };
    const connections = (await app.inject({ method: 'GET', url: '/connections', headers })).json();
    const api = () => app.inject({ method: 'GET', url: '/api.xro/2.0/Organisation', headers: { ...headers, 'xero-tenant-id': connections[0].tenantId } });
    expect((await api()).statusCode).toBe(200);
    now.value += 30 * 60_000;
    const expiredAtMs = now.value;
    const expired = await api();
    expect(expired.statusCode).toBe(401);
    // threads/pyxero337-token-expired: the expiry's month/day/year and UTC time, an Instance id, empty Extensions.
    const stamp = new Date(expiredAtMs);
    const two = (n: number) => String(n).padStart(2, '0');
    expect(expired.json()).toEqual({
      Type: null,
      Title: 'Unauthorized',
      Status: 401,
      Detail: `TokenExpired: token expired at ${two(stamp.getUTCMonth() + 1)}/${two(stamp.getUTCDate())}/${stamp.getUTCFullYear()} ${two(stamp.getUTCHours())}:${two(stamp.getUTCMinutes())}:${two(stamp.getUTCSeconds())}`,
      Instance: expect.stringMatching(/^[0-9a-f-]{36}$/),
      Extensions: {},
    });
  });

  it('rotates refresh tokens with a 30-minute grace that returns the same pair', async () => {
    const { app, now, token } = setup(true);
    const first = (await token({ grant_type: 'authorization_code', code: await codeFrom(app), code_verifier: verifier })).json();
    const second = (await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token })).json();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    now.value += 10 * 60_000;
    const replay = (await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token })).json();
    expect(replay).toEqual(second);
    now.value += 21 * 60_000;
    expect((await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token })).json()).toEqual({ error: 'invalid_grant' });
    const third = await token({ grant_type: 'refresh_token', refresh_token: second.refresh_token });
    expect(third.statusCode).toBe(200);
  });

  it('authenticates the client in the body too, and refuses a wrong secret', async () => {
    const { app, token } = setup(true);
    const code = await codeFrom(app);
    const bad = await token({ grant_type: 'authorization_code', code, client_id: 'emulator-client-id', client_secret: 'nope', code_verifier: verifier }, {});
    expect(bad.json()).toEqual({ error: 'invalid_client' });
    const good = await token({ grant_type: 'authorization_code', code: await codeFrom(app), client_id: 'emulator-client-id', client_secret: 'emulator-client-secret', code_verifier: verifier }, {});
    expect(good.statusCode).toBe(200);
  });

  it('gives custom connections a token without a scope and refuses an explicit scope', async () => {
    const { token } = setup(true);
    expect((await token({ grant_type: 'client_credentials', scope: 'accounting.transactions' })).json()).toEqual({ error: 'invalid_scope' });
    const ok = await token({ grant_type: 'client_credentials', scopes: '' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().refresh_token).toBeUndefined();
  });

  it('revokes a refresh token and with it the connections; DELETE /connections disconnects one tenant', async () => {
    const { app, token } = setup(true);
    const t = (await token({ grant_type: 'authorization_code', code: await codeFrom(app), code_verifier: verifier })).json();
    const headers = { authorization: `Bearer ${t.access_token}` };
    const connections = (await app.inject({ method: 'GET', url: '/connections', headers })).json();
    const del = await app.inject({ method: 'DELETE', url: `/connections/${connections[0].id}`, headers });
    expect(del.statusCode).toBe(204);
    const forbidden = await app.inject({ method: 'GET', url: '/api.xro/2.0/Organisation', headers: { ...headers, 'xero-tenant-id': connections[0].tenantId } });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json()).toMatchObject({ Title: 'Forbidden', Detail: 'AuthenticationUnsuccessful' });
    const revoke = await app.inject({ method: 'POST', url: '/connect/revocation', headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' }, payload: `token=${t.refresh_token}` });
    expect(revoke.statusCode).toBe(200);
    expect((await token({ grant_type: 'refresh_token', refresh_token: t.refresh_token })).json()).toEqual({ error: 'invalid_grant' });
    expect((await app.inject({ method: 'GET', url: '/connections', headers })).statusCode).toBe(401);
  });

  it('redirects an authorisation request without a scope with invalid_scope', async () => {
    const { app } = setup(true);
    const r = await app.inject({ method: 'GET', url: authorizeUrl({ scope: '' }) });
    expect(new URL(String(r.headers.location)).searchParams.get('error')).toBe('invalid_scope');
  });
});
