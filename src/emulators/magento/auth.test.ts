import { createHmac } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import { afterAll, describe, expect, it } from 'vitest';
import { buildMagentoEmulator, startMagentoEmulator } from './index.js';

const credentials = { consumerKey: 'ck-123', consumerSecret: 'cs-456', accessToken: 'at-789', accessTokenSecret: 'ats-000' };
const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);

function signer(method: 'HMAC-SHA256' | 'HMAC-SHA1' = 'HMAC-SHA256') {
  return new OAuth({
    consumer: { key: credentials.consumerKey, secret: credentials.consumerSecret },
    signature_method: method,
    hash_function: (base, key) => createHmac(method === 'HMAC-SHA256' ? 'sha256' : 'sha1', key).update(base).digest('base64'),
  });
}

/** Signs with the oauth-1.0a package, an implementation independent of the emulator's verifier. */
function authorization(
  url: string,
  method = 'GET',
  options: { timestamp?: number; nonce?: string; sig?: 'HMAC-SHA256' | 'HMAC-SHA1' } = {},
): string {
  const oauth = signer(options.sig);
  const data = oauth.authorize({ url, method }, { key: credentials.accessToken, secret: credentials.accessTokenSecret });
  const { oauth_signature: _old, ...unsigned } = data;
  void _old;
  const resigned = {
    ...unsigned,
    oauth_timestamp: options.timestamp ?? Math.floor(NOW / 1000),
    oauth_nonce: options.nonce ?? data.oauth_nonce,
  };
  return oauth.toHeader({ ...resigned, oauth_signature: oauth.getSignature({ url, method }, credentials.accessTokenSecret, resigned) })
    .Authorization;
}

const UNAUTHORIZED = {
  message: "The consumer isn't authorized to access %resources.",
  parameters: { resources: 'Magento_Sales::actions_view' },
};

describe('authentication', () => {
  const app = buildMagentoEmulator({ token: 'tok', oauth: credentials, seed: 1, customers: 3, products: 12, orders: 5, clock: () => NOW });
  const bearerless = buildMagentoEmulator({ token: 'tok', oauth: credentials, bearerAllowed: false, empty: true, clock: () => NOW });
  afterAll(async () => {
    await app.close();
    await bearerless.close();
  });

  it('accepts the integration token as a bearer token', async () => {
    const res = await app.inject({ url: '/rest/V1/orders?searchCriteria=', headers: { authorization: 'Bearer tok' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().total_count).toBe(5);
  });

  it('answers a wrong token, or none, with the ACL 401', async () => {
    for (const headers of [{ authorization: 'Bearer nope' }, {}]) {
      const res = await app.inject({ url: '/rest/V1/orders?searchCriteria=', headers });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual(UNAUTHORIZED);
    }
  });

  it('refuses bearer integration tokens like 2.4.4+ when bearerAllowed is false, but takes OAuth', async () => {
    const res = await bearerless.inject({ url: '/rest/V1/orders?searchCriteria=', headers: { authorization: 'Bearer tok' } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual(UNAUTHORIZED);
    const url = 'http://localhost/rest/V1/orders?searchCriteria=';
    const signed = await bearerless.inject({ url: '/rest/V1/orders?searchCriteria=', headers: { authorization: authorization(url) } });
    expect(signed.statusCode).toBe(200);
  });

  it('verifies an OAuth 1.0a HMAC-SHA256 signature over the query string, including bracketed keys', async () => {
    // Brackets stay literal, as fetch leaves them: the oauth-1.0a package does not decode query keys before signing.
    const path =
      '/rest/V1/orders?searchCriteria[filter_groups][0][filters][0][field]=state&searchCriteria[filter_groups][0][filters][0][value]=new&searchCriteria[pageSize]=2';
    const res = await app.inject({ url: path, headers: { authorization: authorization(`http://localhost${path}`) } });
    expect(res.statusCode).toBe(200);
    expect(res.json().search_criteria.page_size).toBe(2);
    const sha1 = await app.inject({ url: path, headers: { authorization: authorization(`http://localhost${path}`, 'GET', { sig: 'HMAC-SHA1' }) } });
    expect(sha1.statusCode).toBe(200);
  });

  it('rejects a signature made for a different query', async () => {
    const header = authorization('http://localhost/rest/V1/orders?searchCriteria%5BpageSize%5D=1');
    const res = await app.inject({ url: '/rest/V1/orders?searchCriteria%5BpageSize%5D=100', headers: { authorization: header } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['x-emulator-auth-reason']).toBe('signature mismatch');
  });

  it('rejects a replayed nonce and a stale timestamp', async () => {
    const url = 'http://localhost/rest/V1/orders?searchCriteria=';
    const header = authorization(url, 'GET', { timestamp: Math.floor(NOW / 1000), nonce: 'once-only' });
    const first = await app.inject({ url: '/rest/V1/orders?searchCriteria=', headers: { authorization: header } });
    expect(first.headers['x-emulator-auth-reason']).toBeUndefined();
    expect(first.statusCode).toBe(200);
    const replay = await app.inject({ url: '/rest/V1/orders?searchCriteria=', headers: { authorization: header } });
    expect(replay.statusCode).toBe(401);
    expect(replay.headers['x-emulator-auth-reason']).toBe('nonce already used');
    const stale = authorization(url, 'GET', { timestamp: Math.floor(NOW / 1000) - 3600, nonce: 'old' });
    const late = await app.inject({ url: '/rest/V1/orders?searchCriteria=', headers: { authorization: stale } });
    expect(late.statusCode).toBe(401);
    expect(late.json()).toEqual(UNAUTHORIZED);
  });

  it('signs writes too: the JSON body is not part of the signature, the store code path is', async () => {
    // Order 3 of every generated store is partly invoiced, so the rest can still be invoiced.
    const id = 3;
    const path = `/rest/default/V1/order/${String(id)}/invoice`;
    const res = await bearerless.inject({ method: 'POST', url: path, payload: {}, headers: { authorization: authorization(`http://localhost${path}`, 'POST') } });
    // The bearerless store is empty: authentication passes and the order is simply not there.
    expect(res.statusCode).toBe(404);
    const wrongPath = await bearerless.inject({
      method: 'POST',
      url: path,
      payload: {},
      headers: { authorization: authorization(`http://localhost/rest/uk/V1/order/${String(id)}/invoice`, 'POST') },
    });
    expect(wrongPath.statusCode).toBe(401);
    const signed = await app.inject({
      method: 'POST',
      url: path,
      payload: { capture: true },
      headers: { authorization: authorization(`http://localhost${path}`, 'POST') },
    });
    expect(signed.statusCode).toBe(200);
  });

  it('signs against the real host and port of a listening server', async () => {
    const started = await startMagentoEmulator({ token: 'tok', oauth: credentials, bearerAllowed: false, empty: true });
    try {
      const url = `${started.url}/rest/V1/store/storeViews`;
      const oauth = signer();
      const header = oauth.toHeader(oauth.authorize({ url, method: 'GET' }, { key: credentials.accessToken, secret: credentials.accessTokenSecret }));
      const res = await fetch(url, { headers: { authorization: header.Authorization } });
      expect(res.status).toBe(200);
      const views = (await res.json()) as Array<{ code: string }>;
      expect(views.map((v) => v.code)).toContain('uk');
    } finally {
      await started.close();
    }
  });
});
