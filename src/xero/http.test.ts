import { afterEach, describe, expect, it } from 'vitest';
import {
  NetworkError,
  XeroForbiddenError,
  XeroNotFoundError,
  XeroRateLimitError,
  XeroServerError,
  XeroUnauthorizedError,
  XeroValidationError,
  isNetworkError,
  serializeXeroError,
} from './errors.js';
import { parseRetryAfter, readRateLimitHeaders, xeroRequest, type XeroResponseInfo } from './http.js';
import { startStub, type StubServer } from './testing/stub-server.js';

let stub: StubServer | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

const TOKEN = 'secret-access-token-abc';

describe('xeroRequest', () => {
  it('sends bearer, tenant, accept, idempotency key and JSON body on a PUT', async () => {
    stub = await startStub(() => ({ body: { Status: 'OK' } }));
    const res = await xeroRequest(
      { apiUrl: stub.url },
      {
        method: 'PUT',
        path: '/api.xro/2.0/Contacts',
        query: { summarizeErrors: false, skip: undefined },
        body: { Contacts: [{ Name: 'A' }] },
        accessToken: TOKEN,
        tenantId: 'tenant-1',
        idempotencyKey: 'key-1',
      },
    );
    expect(res.status).toBe(200);
    const sent = stub.requests[0]!;
    expect(sent.method).toBe('PUT');
    expect(sent.url).toBe('/api.xro/2.0/Contacts?summarizeErrors=false');
    expect(sent.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent.headers['xero-tenant-id']).toBe('tenant-1');
    expect(sent.headers.accept).toBe('application/json');
    expect(sent.headers['idempotency-key']).toBe('key-1');
    expect(JSON.parse(sent.body)).toEqual({ Contacts: [{ Name: 'A' }] });
  });

  it('does not send an idempotency key on a GET, and sends If-Modified-Since as ISO', async () => {
    stub = await startStub(() => ({ body: {} }));
    await xeroRequest(
      { apiUrl: stub.url },
      {
        method: 'GET',
        path: '/api.xro/2.0/Invoices',
        accessToken: TOKEN,
        tenantId: 't',
        idempotencyKey: 'k',
        ifModifiedSince: new Date('2026-01-02T03:04:05Z'),
      },
    );
    expect(stub.requests[0]!.headers['idempotency-key']).toBeUndefined();
    expect(stub.requests[0]!.headers['if-modified-since']).toBe('2026-01-02T03:04:05.000Z');
  });

  it('reports rate-limit headers of every answer to onResponse', async () => {
    stub = await startStub(() => ({
      headers: { 'X-MinLimit-Remaining': '57', 'X-DayLimit-Remaining': '4990', 'X-AppMinLimit-Remaining': '9999' },
      body: {},
    }));
    const seen: XeroResponseInfo[] = [];
    await xeroRequest({ apiUrl: stub.url, onResponse: (i) => seen.push(i) }, { method: 'GET', path: '/x', accessToken: TOKEN, tenantId: 't' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ tenantId: 't', status: 200, minuteRemaining: 57, dayRemaining: 4990, appMinuteRemaining: 9999 });
  });

  it('a throwing onResponse hook does not fail the call', async () => {
    stub = await startStub(() => ({ body: { Invoices: [] } }));
    const onResponse = () => {
      throw new Error('metrics down');
    };
    await expect(xeroRequest({ apiUrl: stub.url, onResponse }, { method: 'PUT', path: '/p', accessToken: TOKEN, body: {} })).resolves.toMatchObject({ status: 200 });
  });

  it('turns a 400 into XeroValidationError with every element message', async () => {
    stub = await startStub(() => ({
      status: 400,
      body: {
        ErrorNumber: 10,
        Type: 'ValidationException',
        Message: 'A validation exception occurred',
        Elements: [{ ValidationErrors: [{ Message: 'Invoice # must be unique.' }] }, { ValidationErrors: [{ Message: 'Second' }] }],
      },
    }));
    const error = await xeroRequest({ apiUrl: stub.url }, { method: 'PUT', path: '/p', accessToken: TOKEN, body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(XeroValidationError);
    expect((error as XeroValidationError).messages).toEqual(['Invoice # must be unique.', 'Second']);
    expect((error as XeroValidationError).errorType).toBe('ValidationException');
  });

  it('turns a 429 into XeroRateLimitError with Retry-After and the problem', async () => {
    stub = await startStub(() => ({ status: 429, headers: { 'Retry-After': '17', 'X-Rate-Limit-Problem': 'minute' } }));
    const seen: XeroResponseInfo[] = [];
    const error = await xeroRequest({ apiUrl: stub.url, onResponse: (i) => seen.push(i) }, { method: 'GET', path: '/p', accessToken: TOKEN }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(XeroRateLimitError);
    expect((error as XeroRateLimitError).retryAfterMs).toBe(17_000);
    expect((error as XeroRateLimitError).problem).toBe('minute');
    expect(seen[0]).toMatchObject({ status: 429, retryAfterMs: 17_000, problem: 'minute' });
  });

  it.each([
    [401, XeroUnauthorizedError, { Title: 'Unauthorized', Status: 401, Detail: 'AuthenticationUnsuccessful' }],
    [403, XeroForbiddenError, { Title: 'Forbidden', Detail: 'AuthenticationUnsuccessful' }],
    [404, XeroNotFoundError, 'The resource you\'re looking for cannot be found'],
    [503, XeroServerError, '<html>down</html>'],
  ])('turns HTTP %i into its named error', async (status, cls, body) => {
    stub = await startStub(() => ({ status, body }));
    const error = await xeroRequest({ apiUrl: stub.url }, { method: 'GET', path: '/p', accessToken: TOKEN }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(cls);
    expect((error as { status: number }).status).toBe(status);
    expect(String((error as Error).message)).not.toContain(TOKEN);
  });

  it('reads the problem detail in either key case: PascalCase (TokenExpired) and the lower-case 403 without a tenant', async () => {
    const bodies: Array<[number, unknown, RegExp]> = [
      // threads/pyxero337-token-expired and threads/nango203-missing-tenant-header (test/replay)
      [401, { Type: null, Title: 'Unauthorized', Status: 401, Detail: 'TokenExpired: token expired at 04/09/2023 05:16:59', Instance: 'x', Extensions: {} }, /TokenExpired: token expired at 04\/09\/2023/],
      [403, { title: 'Forbidden', status: 403, detail: 'AuthenticationUnsuccessful', instance: 'x' }, /\(AuthenticationUnsuccessful\)/],
    ];
    for (const [status, body, message] of bodies) {
      stub = await startStub(() => ({ status, body }));
      const error = await xeroRequest({ apiUrl: stub.url }, { method: 'GET', path: '/p', accessToken: TOKEN }).catch((e: unknown) => e);
      expect(String((error as Error).message)).toMatch(message);
      await stub.close();
      stub = undefined;
    }
  });

  it('a reset connection on a write is a NetworkError whose outcome is unknown', async () => {
    stub = await startStub(() => ({ hangUp: true }));
    const error = await xeroRequest({ apiUrl: stub.url }, { method: 'PUT', path: '/p', accessToken: TOKEN, body: {} }).catch((e: unknown) => e);
    expect(isNetworkError(error)).toBe(true);
    expect((error as NetworkError).outcomeUnknown).toBe(true);
  });

  it('a timeout is a NetworkError of kind timeout; on a GET the outcome is known', async () => {
    stub = await startStub(() => ({ hang: true }));
    const error = await xeroRequest({ apiUrl: stub.url, timeoutMs: 50 }, { method: 'GET', path: '/p', accessToken: TOKEN }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).failure).toBe('timeout');
    expect((error as NetworkError).outcomeUnknown).toBe(false);
  });

  it('a refused connection never reached Xero, even for a write', async () => {
    stub = await startStub(() => ({}));
    const url = stub.url;
    await stub.close();
    stub = undefined;
    const error = await xeroRequest({ apiUrl: url }, { method: 'POST', path: '/p', accessToken: TOKEN, body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).failure).toBe('refused');
    expect((error as NetworkError).outcomeUnknown).toBe(false);
  });

  it('a caller abort is passed on as the caller reason, not as a network error', async () => {
    stub = await startStub(() => ({ hang: true }));
    const controller = new AbortController();
    const pending = xeroRequest({ apiUrl: stub.url }, { method: 'GET', path: '/p', accessToken: TOKEN, signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    await new Promise((r) => setTimeout(r, 20));
    controller.abort(new Error('shutting down'));
    const error = await pending;
    expect(isNetworkError(error)).toBe(false);
    expect((error as Error).message).toBe('shutting down');
  });

  it('does not read an HTML page answered with 200 as an empty list', async () => {
    stub = await startStub(() => ({ body: '<html>Sign in to the Wi-Fi</html>' }));
    await expect(xeroRequest({ apiUrl: stub.url }, { method: 'GET', path: '/api.xro/2.0/Items', accessToken: TOKEN })).rejects.toThrow(/not JSON/);
  });

  it('refuses an idempotency key longer than 128 characters, and sends one of exactly 128', async () => {
    await expect(
      xeroRequest({ apiUrl: 'http://127.0.0.1:1' }, { method: 'PUT', path: '/p', accessToken: TOKEN, idempotencyKey: 'k'.repeat(129) }),
    ).rejects.toThrow(new RangeError('Idempotency-Key must be at most 128 characters'));
    stub = await startStub(() => ({ body: {} }));
    await xeroRequest({ apiUrl: stub.url }, { method: 'PUT', path: '/p', accessToken: TOKEN, idempotencyKey: 'k'.repeat(128) });
    expect(stub.requests[0]!.headers['idempotency-key']).toBe('k'.repeat(128));
  });

  it('sends the idempotency key on a POST (an update) as on a PUT', async () => {
    stub = await startStub(() => ({ body: {} }));
    await xeroRequest({ apiUrl: stub.url }, { method: 'POST', path: '/api.xro/2.0/Invoices', body: { Invoices: [] }, accessToken: TOKEN, idempotencyKey: 'update-1' });
    expect(stub.requests[0]!.headers['idempotency-key']).toBe('update-1');
  });
});

describe('rate-limit headers', () => {
  it('reads numbers, an HTTP-date Retry-After and normalises the problem', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const info = readRateLimitHeaders(
      new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:01:00 GMT', 'x-rate-limit-problem': 'Day', 'x-minlimit-remaining': 'junk' }),
      now,
    );
    expect(info).toEqual({ retryAfterMs: 60_000, problem: 'day' });
    expect(parseRetryAfter('2.5')).toBe(2500);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('serializeXeroError', () => {
  it('keeps only allow-listed fields', () => {
    const error = new XeroRateLimitError('minute', 1000, { method: 'GET', path: '/p' });
    (error as unknown as Record<string, unknown>).accessToken = TOKEN;
    const out = serializeXeroError(error);
    expect(out).toMatchObject({ name: 'XeroRateLimitError', status: 429, retryAfterMs: 1000, problem: 'minute' });
    expect(JSON.stringify(out)).not.toContain(TOKEN);
  });
});
