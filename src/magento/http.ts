// One Magento REST call: `${baseUrl}/rest[/<store code>]/V1<path>?<query>`, a timeout, the credentials, and the answer
// turned into JSON or into one of the named errors. Nothing here retries.
import { sleep } from '../xero/caller.js';
import { anySignal, parseRetryAfter } from '../xero/http.js';
import { decideRetry, type RetryContext } from '../xero/retry-policy.js';
import { authorizationHeader, type MagentoAuth } from './auth.js';
import {
  MagentoNetworkError,
  MagentoNotFoundError,
  MagentoRateLimitError,
  MagentoRequestError,
  MagentoServerError,
  MagentoUnauthorizedError,
  MagentoUnreachableError,
  magentoErrorMessage,
} from './errors.js';
import { encodeQuery } from './search-criteria.js';

export interface MagentoHttpOptions {
  /** The store's base URL, e.g. https://shop.example.com (a path prefix is kept). */
  baseUrl: string;
  auth: MagentoAuth;
  /** Store view code for `/rest/<code>/V1`; absent → `/rest/V1` (the default store view). */
  storeCode?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  onResponse?: (info: { method: string; path: string; status: number; durationMs: number }) => void;
  /**
   * Opt-in retries of reads (GET) on 429, 5xx, timeouts and resets, with the shared policy (Retry-After honoured, capped
   * backoff with jitter). Writes are never retried here.
   */
  retry?: Omit<RetryContext, 'attempt' | 'tokenRefreshed'> & { sleep?: (ms: number, signal?: AbortSignal) => Promise<void> };
}

export interface MagentoRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Under /V1, e.g. `/orders/3`. Encode path segments yourself (SKUs). */
  path: string;
  /** Unencoded pairs, encoded RFC 3986 here (and signed the same way). */
  query?: readonly (readonly [string, string])[];
  body?: unknown;
  storeCode?: string;
  signal?: AbortSignal;
}

export function magentoUrl(options: Pick<MagentoHttpOptions, 'baseUrl' | 'storeCode'>, request: MagentoRequest): URL {
  const base = options.baseUrl.replace(/\/+$/, '');
  const store = request.storeCode ?? options.storeCode;
  const prefix = store ? `/rest/${encodeURIComponent(store)}/V1` : '/rest/V1';
  const query = request.query && request.query.length > 0 ? `?${encodeQuery(request.query)}` : '';
  return new URL(`${base}${prefix}${request.path}${query}`);
}

export async function magentoRequest(options: MagentoHttpOptions, request: MagentoRequest): Promise<unknown> {
  const retry = options.retry;
  if (!retry || (request.method ?? 'GET') !== 'GET') return magentoRequestOnce(options, request);
  for (let attempt = 1; ; attempt++) {
    try {
      return await magentoRequestOnce(options, request);
    } catch (error) {
      const decision = decideRetry(error, { ...retry, attempt });
      if (!decision.retry) throw error;
      await (retry.sleep ?? sleep)(decision.waitMs, request.signal);
    }
  }
}

async function magentoRequestOnce(options: MagentoHttpOptions, request: MagentoRequest): Promise<unknown> {
  const method = request.method ?? 'GET';
  const call = `${method} ${request.path}`;
  const url = magentoUrl(options, request);
  const headers: Record<string, string> = { Accept: 'application/json' };
  const authorization = authorizationHeader(options.auth, method, url);
  if (authorization) headers.Authorization = authorization;
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';

  const timeout = AbortSignal.timeout(options.timeoutMs ?? 60_000);
  const signal = request.signal ? anySignal([request.signal, timeout]) : timeout;
  const started = Date.now();
  let response: Response;
  let text: string;
  try {
    // The URL object would re-encode nothing here, but pass the string so the signed query is byte-for-byte what is sent.
    response = await (options.fetch ?? fetch)(url.href, {
      method,
      headers,
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      signal,
      redirect: 'manual',
    });
    text = await response.text();
  } catch (error) {
    if (request.signal?.aborted) throw request.signal.reason ?? error;
    options.onResponse?.({ method, path: request.path, status: 0, durationMs: Date.now() - started });
    if (timeout.aborted) throw new MagentoNetworkError('timeout', call);
    throw networkError(error, call);
  }
  options.onResponse?.({ method, path: request.path, status: response.status, durationMs: Date.now() - started });

  const json = parseJson(text);
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get('location') ?? 'elsewhere';
    throw new MagentoUnreachableError(`Magento redirected ${call} to ${location}`, call, { status: response.status });
  }
  if (response.ok) {
    if (json === NOT_JSON) throw new MagentoUnreachableError('The address answered with HTML or text, not the Magento REST API', call, { status: response.status });
    return json;
  }
  const message = json === NOT_JSON ? undefined : magentoErrorMessage(json);
  throw toError(response, message, options.auth.kind, call);
}

const NOT_JSON = Symbol('not json');

function parseJson(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

function toError(response: Response, message: string | undefined, authKind: MagentoAuth['kind'], call: string): Error {
  const status = response.status;
  if (status === 401) return new MagentoUnauthorizedError(message ?? 'HTTP 401', authKind, call);
  if (status === 429) return new MagentoRateLimitError(parseRetryAfter(response.headers.get('retry-after')), call);
  if (status === 404) {
    // No Magento error body, or Magento's router saying so: the URL is wrong, not the record.
    if (message === undefined || /does not match any route/i.test(message)) {
      return new MagentoUnreachableError(`No Magento REST API at this address (HTTP 404${message ? `: ${message}` : ''})`, call, { status });
    }
    return new MagentoNotFoundError(message, call);
  }
  if (status >= 500) {
    if (message === undefined && (status === 502 || status === 503 || status === 504)) {
      return new MagentoServerError(status, 'the server or its proxy is unavailable', call);
    }
    return new MagentoServerError(status, message ?? 'no details', call);
  }
  return new MagentoRequestError(status, message ?? 'no details', call);
}

function networkError(error: unknown, call: string): Error {
  const code = findCode(error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new MagentoUnreachableError('The Magento host name could not be resolved', call);
  if (code === 'ECONNREFUSED') return new MagentoUnreachableError('Nothing answers at the Magento address (connection refused)', call, { retryable: true });
  if (code !== undefined && /CERT|SSL|TLS/i.test(code)) return new MagentoUnreachableError(`The Magento site's TLS certificate was refused (${code})`, call);
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return new MagentoNetworkError('reset', call);
  if (code !== undefined && code.includes('TIMEOUT')) return new MagentoNetworkError('timeout', call);
  return new MagentoNetworkError('other', call);
}

function findCode(error: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return findCode((error as { cause?: unknown }).cause, depth + 1);
}
