// The one way this project talks to the Xero API: global fetch, a timeout, the tenant and bearer headers, an
// Idempotency-Key on writes, and the rate-limit headers of every answer handed to `onResponse` (the engine records usage
// and feeds its limiter from them). Failures become the named errors of errors.ts; nothing here retries.
import { InvalidPayloadError } from '../domain/errors.js';
import { elementMessages } from './messages.js';
import {
  NetworkError,
  XeroForbiddenError,
  XeroNotFoundError,
  XeroRateLimitError,
  XeroServerError,
  XeroUnauthorizedError,
  XeroValidationError,
  classifyNetworkFailure,
  type CallRef,
  type HttpMethod,
  type RateLimitProblem,
  type RefusedElement,
} from './errors.js';

export const XERO_DEFAULT_URLS = {
  apiUrl: 'https://api.xero.com',
  identityUrl: 'https://identity.xero.com',
  loginUrl: 'https://login.xero.com',
} as const;

/** What Xero said about its limits in one answer (any field may be missing). */
export interface RateLimitInfo {
  minuteRemaining?: number;
  dayRemaining?: number;
  appMinuteRemaining?: number;
  retryAfterMs?: number;
  problem?: RateLimitProblem;
}

export interface XeroResponseInfo extends RateLimitInfo {
  tenantId: string | undefined;
  method: HttpMethod;
  path: string;
  /** 0 when no answer came (network failure). */
  status: number;
  durationMs: number;
}

export interface XeroHttpOptions {
  /** e.g. https://api.xero.com (no trailing path); the emulator's URL in the sandbox. */
  apiUrl: string;
  /** Per call; default 30 s. */
  timeoutMs?: number;
  onResponse?: (info: XeroResponseInfo) => void;
  /** For tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** For durations; defaults to Date.now. */
  now?: () => number;
}

export type QueryValue = string | number | boolean | undefined;

export interface XeroRequest {
  method: HttpMethod;
  /** Path under the API URL, e.g. `/api.xro/2.0/Invoices` or `/connections`. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  accessToken: string;
  /** Absent only for tenant-less endpoints (/connections). */
  tenantId?: string;
  /** Sent on PUT/POST; Xero keeps it about 6 minutes and answers a repeat with the first answer. ≤ 128 characters. */
  idempotencyKey?: string;
  ifModifiedSince?: Date | string;
  signal?: AbortSignal;
}

export interface XeroResponse {
  status: number;
  /** Parsed JSON, or undefined for an empty body (204, 304). */
  body: unknown;
  rate: RateLimitInfo;
}

export function buildUrl(base: string, path: string, query: Record<string, QueryValue> = {}): URL {
  const url = new URL(base.replace(/\/+$/, '') + path);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url;
}

/** Reads X-MinLimit-Remaining, X-DayLimit-Remaining, X-AppMinLimit-Remaining, Retry-After and X-Rate-Limit-Problem. */
export function readRateLimitHeaders(headers: Headers, now: number = Date.now()): RateLimitInfo {
  const info: RateLimitInfo = {};
  const int = (name: string): number | undefined => {
    const raw = headers.get(name);
    if (raw === null || !/^\s*\d+\s*$/.test(raw)) return undefined;
    return Number(raw);
  };
  const minute = int('x-minlimit-remaining');
  const day = int('x-daylimit-remaining');
  const app = int('x-appminlimit-remaining');
  if (minute !== undefined) info.minuteRemaining = minute;
  if (day !== undefined) info.dayRemaining = day;
  if (app !== undefined) info.appMinuteRemaining = app;
  const retryAfter = parseRetryAfter(headers.get('retry-after'), now);
  if (retryAfter !== undefined) info.retryAfterMs = retryAfter;
  const problem = headers.get('x-rate-limit-problem');
  if (problem !== null) info.problem = parseRateLimitProblem(problem);
  return info;
}

/** Retry-After is seconds, or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

export function parseRateLimitProblem(value: string): RateLimitProblem {
  const v = value.trim().toLowerCase();
  if (v.startsWith('app')) return 'appminute';
  if (v.startsWith('day') || v === 'daily') return 'day';
  if (v.startsWith('min')) return 'minute';
  if (v.startsWith('concurren')) return 'concurrent';
  return 'unknown';
}

export async function xeroRequest(options: XeroHttpOptions, request: XeroRequest): Promise<XeroResponse> {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const call: CallRef = { method: request.method, path: request.path };
  const url = buildUrl(options.apiUrl, request.path, request.query);
  const headers: Record<string, string> = {
    Authorization: `Bearer ${request.accessToken}`,
    Accept: 'application/json',
  };
  if (request.tenantId !== undefined) headers['xero-tenant-id'] = request.tenantId;
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  if (request.idempotencyKey !== undefined && (request.method === 'PUT' || request.method === 'POST')) {
    if (request.idempotencyKey.length > 128) throw new RangeError('Idempotency-Key must be at most 128 characters');
    headers['Idempotency-Key'] = request.idempotencyKey;
  }
  if (request.ifModifiedSince !== undefined) {
    headers['If-Modified-Since'] =
      typeof request.ifModifiedSince === 'string' ? request.ifModifiedSince : request.ifModifiedSince.toISOString();
  }

  const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  const signal = request.signal ? anySignal([request.signal, timeout]) : timeout;
  const started = now();
  const report = (status: number, rate: RateLimitInfo) => {
    try {
      options.onResponse?.({ tenantId: request.tenantId, method: request.method, path: request.path, status, durationMs: now() - started, ...rate });
    } catch {
      // Bookkeeping must not turn a delivered answer into a failure (a write would then look unsent).
    }
  };

  let response: Response;
  let text: string;
  try {
    response = await doFetch(url, {
      method: request.method,
      headers,
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      signal,
    });
    text = await response.text();
  } catch (error) {
    // The caller cancelled: not a network failure, pass their reason on.
    if (request.signal?.aborted) throw request.signal.reason ?? error;
    report(0, {});
    if (timeout.aborted) throw new NetworkError('timeout', call);
    const { failure, code } = classifyNetworkFailure(error);
    throw new NetworkError(failure, call, code);
  }

  const rate = readRateLimitHeaders(response.headers, now());
  report(response.status, rate);
  const body = parseJson(text);

  if (response.ok || response.status === 304) {
    // A proxy's or captive portal's HTML page must not read as "no records".
    if (body === NOT_JSON) throw new InvalidPayloadError('xero', `answer to ${call.method} ${call.path}`, ['not JSON']);
    return { status: response.status, body, rate };
  }
  // Xero answers some failures with HTML or plain text; the status says enough.
  throw toXeroError(response.status, body === NOT_JSON ? { Message: text.slice(0, 200) } : body, rate, call);
}

const NOT_JSON = Symbol('not json');

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

/**
 * The problem's Detail: PascalCase as Xero's gateway answers a token it refuses (threads/pyxero337-token-expired), lower
 * case when the xero-tenant-id header is missing (threads/nango203-missing-tenant-header).
 */
function problemDetail(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const text = [b['Detail'], b['detail'], b['Title'], b['title']].find((v) => typeof v === 'string' && v !== '');
  return typeof text === 'string' ? text : undefined;
}

function toXeroError(status: number, body: unknown, rate: RateLimitInfo, call: CallRef): Error {
  const detail = problemDetail(body);
  switch (status) {
    case 400: {
      const b = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
      const elements: RefusedElement[] = (Array.isArray(b['Elements']) ? b['Elements'] : [])
        .filter((e): e is Record<string, unknown> => e !== null && typeof e === 'object' && !Array.isArray(e))
        .map((record) => ({ record, messages: elementMessages(record) }));
      const messages = elements.flatMap((e) => e.messages);
      const top = typeof b['Message'] === 'string' ? b['Message'] : undefined;
      const type = typeof b['Type'] === 'string' ? b['Type'] : undefined;
      return new XeroValidationError(messages.length > 0 ? messages : top ? [top] : [], call, type, elements);
    }
    case 401:
      return new XeroUnauthorizedError(call, detail);
    case 403:
      return new XeroForbiddenError(call, detail);
    case 404:
      return new XeroNotFoundError(call);
    case 429:
      return new XeroRateLimitError(rate.problem ?? 'unknown', rate.retryAfterMs, call);
    default:
      return new XeroServerError(status, call);
  }
}

/** AbortSignal.any (Node 20.3+), with a fallback for earlier Node 20 releases. */
export function anySignal(signals: readonly AbortSignal[]): AbortSignal {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([...signals]);
  const controller = new AbortController();
  for (const signal of signals) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}
