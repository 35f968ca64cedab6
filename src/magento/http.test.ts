import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { decideRetry } from '../xero/retry-policy.js';
import { startStub, type RecordedRequest, type StubServer } from '../xero/testing/stub-server.js';
import { authorizationHeader } from './auth.js';
import {
  MagentoNetworkError,
  MagentoNotFoundError,
  MagentoRateLimitError,
  MagentoRequestError,
  MagentoServerError,
  MagentoUnauthorizedError,
  MagentoUnreachableError,
  serializeMagentoError,
} from './errors.js';
import { magentoRequest } from './http.js';
import { searchCriteriaParams } from './search-criteria.js';

let stub: StubServer | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

const oauth1 = {
  kind: 'oauth1' as const,
  consumerKey: 'ck',
  consumerSecret: 'cs&x',
  accessToken: 'at',
  accessTokenSecret: 'ats',
};

const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Recomputes the signature the way Magento does: raw query pairs rawurldecoded, RFC 3986 re-encoded, sorted. */
function verifyOAuth1(request: RecordedRequest, host: string, secrets: { consumerSecret: string; tokenSecret: string }): boolean {
  const header = String(request.headers.authorization ?? '');
  if (!header.startsWith('OAuth ')) return false;
  const oauthParams = new Map<string, string>();
  for (const part of header.slice(6).split(',')) {
    const match = /^\s*([^=]+)="([^"]*)"\s*$/.exec(part);
    if (match) oauthParams.set(decodeURIComponent(match[1]!), decodeURIComponent(match[2]!));
  }
  const signature = oauthParams.get('oauth_signature');
  oauthParams.delete('oauth_signature');
  oauthParams.delete('realm');
  const [path, rawQuery = ''] = request.url.split('?') as [string, string?];
  const params: [string, string][] = [...oauthParams];
  for (const pair of rawQuery.split('&').filter(Boolean)) {
    const [k, v = ''] = pair.split('=');
    params.push([decodeURIComponent(k!), decodeURIComponent(v)]);
  }
  const normalized = params
    .map(([k, v]) => [enc(k), enc(v)] as const)
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const base = [request.method, enc(`http://${host}${path}`), enc(normalized)].join('&');
  const key = `${enc(secrets.consumerSecret)}&${enc(secrets.tokenSecret)}`;
  const expected = createHmac('sha256', key).update(base).digest('base64');
  return oauthParams.get('oauth_signature_method') === 'HMAC-SHA256' && signature === expected;
}

describe('Magento OAuth 1.0a', () => {
  it('signs a search request, bracketed searchCriteria included, as the server recomputes it', async () => {
    stub = await startStub((r) => {
      const ok = verifyOAuth1(r, String(r.headers.host), { consumerSecret: oauth1.consumerSecret, tokenSecret: oauth1.accessTokenSecret });
      return ok ? { body: { items: [], total_count: 0 } } : { status: 401, body: { message: 'The signature is invalid. Verify and try again.' } };
    });
    const query = searchCriteriaParams({
      filterGroups: [[{ field: 'email', value: '%o\'brien+1@example.com', condition: 'like' }]],
      sortOrders: [{ field: 'updated_at', direction: 'ASC' }],
      pageSize: 10,
      currentPage: 1,
    });
    await expect(magentoRequest({ baseUrl: stub.url, auth: oauth1 }, { path: '/customers/search', query })).resolves.toEqual({ items: [], total_count: 0 });
    expect(String(stub.requests[0]!.headers.authorization)).toMatch(/oauth_consumer_key="ck".*oauth_token="at"/);
  });

  it('a signature over a different query does not verify (the check can fail)', async () => {
    stub = await startStub(() => ({ body: {} }));
    const url = new URL(`${stub.url}/rest/V1/orders?a=1`);
    const header = authorizationHeader(oauth1, 'GET', url, { nonce: 'n', timestamp: 1 })!;
    const forged: RecordedRequest = { method: 'GET', url: '/rest/V1/orders?a=2', headers: { authorization: header }, body: '' };
    expect(verifyOAuth1(forged, url.host, { consumerSecret: oauth1.consumerSecret, tokenSecret: oauth1.accessTokenSecret })).toBe(false);
    const genuine: RecordedRequest = { ...forged, url: '/rest/V1/orders?a=1' };
    expect(verifyOAuth1(genuine, url.host, { consumerSecret: oauth1.consumerSecret, tokenSecret: oauth1.accessTokenSecret })).toBe(true);
  });
});

describe('magentoRequest', () => {
  it('sends a bearer token to /rest[/<store>]/V1 under the base path', async () => {
    stub = await startStub(() => ({ body: { ok: 1 } }));
    await magentoRequest({ baseUrl: `${stub.url}/shop/`, auth: { kind: 'bearer', token: 'tok' }, storeCode: 'fr' }, { path: '/orders/3' });
    expect(stub.requests[0]!.url).toBe('/shop/rest/fr/V1/orders/3');
    expect(stub.requests[0]!.headers.authorization).toBe('Bearer tok');
    expect(stub.requests[0]!.headers.accept).toBe('application/json');
  });

  it('explains a bearer 401 with the 2.4.4 setting and the OAuth 1.0a alternative', async () => {
    stub = await startStub(() => ({ status: 401, body: { message: 'The consumer isn\'t authorized to access %resources.', parameters: { resources: 'Magento_Sales::actions_view' } } }));
    const permission = await magentoRequest({ baseUrl: stub.url, auth: { kind: 'bearer', token: 't' } }, { path: '/orders/1' }).catch((e: unknown) => e);
    expect(permission).toBeInstanceOf(MagentoUnauthorizedError);
    expect((permission as Error).message).toContain("The consumer isn't authorized to access Magento_Sales::actions_view.");
    // Magento says the same for a wrong token: before other resources are asked (diagnoseRefusal), the hint names both.
    expect((permission as MagentoUnauthorizedError).hint).toMatch(/MAGENTO_ACCESS_TOKEN is wrong/);
    expect((permission as MagentoUnauthorizedError).hint).toMatch(/lacks this resource/);

    stub.handle(() => ({ status: 401, body: { message: 'The request is allowed for %1 only', parameters: ['admin'] } }));
    const bearer = await magentoRequest({ baseUrl: stub.url, auth: { kind: 'bearer', token: 't' } }, { path: '/orders/1' }).catch((e: unknown) => e);
    expect((bearer as MagentoUnauthorizedError).hint).toContain('oauth/consumer/enable_integration_as_bearer');
    expect((bearer as MagentoUnauthorizedError).hint).toContain('OAuth 1.0a');
    expect((bearer as Error).message).toContain('The request is allowed for admin only');
  });

  it('tells a missing record from a wrong address', async () => {
    stub = await startStub((r) =>
      r.url.includes('/orders/')
        ? { status: 404, body: { message: "The entity that was requested doesn't exist. Verify the entity and try again." } }
        : { status: 404, body: '<html>Not found</html>' },
    );
    const missing = await magentoRequest({ baseUrl: stub.url, auth: { kind: 'none' } }, { path: '/orders/9' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(MagentoNotFoundError);
    const wrong = await magentoRequest({ baseUrl: stub.url, auth: { kind: 'none' } }, { path: '/nothing' }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(MagentoUnreachableError);
    expect((wrong as Error).message).toContain('MAGENTO_BASE_URL');
  });

  it('calls an HTML page answered with 200 a wrong address', async () => {
    stub = await startStub(() => ({ body: '<!doctype html><title>Luma</title>' }));
    const error = await magentoRequest({ baseUrl: stub.url, auth: { kind: 'none' } }, { path: '/store/storeConfigs' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MagentoUnreachableError);
  });

  it('a refused connection is a wrong (or down) address', async () => {
    stub = await startStub(() => ({}));
    const url = stub.url;
    await stub.close();
    stub = undefined;
    const error = await magentoRequest({ baseUrl: url, auth: { kind: 'none' } }, { path: '/x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MagentoUnreachableError);
    expect((error as Error).message).toContain('connection refused');
  });

  it('maps 429, 5xx, other 4xx and timeouts, and the retry policy reads them', async () => {
    stub = await startStub((r) => {
      if (r.url.includes('busy')) return { status: 429, headers: { 'Retry-After': '3' }, body: { message: 'Too Many Requests' } };
      if (r.url.includes('boom')) return { status: 500, body: { message: 'Internal Error. Details are available in Magento log file. Report ID: webapi-1' } };
      if (r.url.includes('slow')) return { hang: true };
      return { status: 400, body: { message: '%fieldName is a required field.', parameters: { fieldName: 'searchCriteria' } } };
    });
    // A generous time limit for the answers that come (a loaded machine may take a while), a short one for the hang.
    const options = { baseUrl: stub.url, auth: { kind: 'none' as const }, timeoutMs: 30_000 };
    const busy = await magentoRequest(options, { path: '/busy' }).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(MagentoRateLimitError);
    expect(decideRetry(busy, { attempt: 1 })).toEqual({ retry: true, reason: 'rate-limit', waitMs: 3000 });
    const boom = await magentoRequest(options, { path: '/boom' }).catch((e: unknown) => e);
    expect(boom).toBeInstanceOf(MagentoServerError);
    expect((boom as Error).message).toContain('Report ID: webapi-1');
    expect(decideRetry(boom, { attempt: 1 }).retry).toBe(true);
    const bad = await magentoRequest(options, { path: '/products' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(MagentoRequestError);
    expect((bad as Error).message).toContain('searchCriteria is a required field.');
    expect(decideRetry(bad, { attempt: 1 }).retry).toBe(false);
    const slow = await magentoRequest({ ...options, timeoutMs: 50 }, { path: '/slow' }).catch((e: unknown) => e);
    expect(slow).toBeInstanceOf(MagentoNetworkError);
    expect(decideRetry(slow, { attempt: 1 })).toMatchObject({ retry: true, reason: 'network' });
  });

  it('keeps credentials out of errors', async () => {
    stub = await startStub(() => ({ status: 401, body: { message: 'nope' } }));
    const error = await magentoRequest({ baseUrl: stub.url, auth: { kind: 'bearer', token: 'very-secret-token' } }, { path: '/x' }).catch((e: unknown) => e);
    expect(JSON.stringify(serializeMagentoError(error))).not.toContain('very-secret-token');
  });
});

describe('opt-in retries', () => {
  it('retries a read after 503 and 429 (honouring Retry-After), but never a write', async () => {
    stub = await startStub((r, i) => {
      if (r.method === 'POST') return { status: 503 };
      if (i === 0) return { status: 503, body: { message: 'busy' } };
      if (i === 1) return { status: 429, headers: { 'Retry-After': '2' } };
      return { body: { ok: true } };
    });
    const waits: number[] = [];
    const options = { baseUrl: stub.url, auth: { kind: 'none' as const }, retry: { random: () => 0, sleep: async (ms: number) => void waits.push(ms) } };
    await expect(magentoRequest(options, { path: '/orders/1' })).resolves.toEqual({ ok: true });
    expect(waits).toEqual([500, 2000]);
    await expect(magentoRequest(options, { method: 'POST', path: '/order/1/invoice', body: {} })).rejects.toBeInstanceOf(MagentoServerError);
    expect(stub.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('does not retry what cannot change (401, 404, 400)', async () => {
    stub = await startStub(() => ({ status: 404, body: { message: "The entity that was requested doesn't exist. Verify the entity and try again." } }));
    const options = { baseUrl: stub.url, auth: { kind: 'none' as const }, retry: { sleep: async () => {} } };
    await expect(magentoRequest(options, { path: '/orders/9' })).rejects.toBeInstanceOf(MagentoNotFoundError);
    expect(stub.requests).toHaveLength(1);
  });
});
