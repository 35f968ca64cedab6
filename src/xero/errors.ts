// Named errors for everything a Xero call can end in. Each carries what the retry policy and the queue need (status,
// Retry-After, whether a write may have landed) and nothing else: no tokens, no headers, no request bodies. Logging goes
// through `serializeXeroError`, an allow-list, so a future field cannot leak by accident.
import { ReconnectNeededError, isReconnectNeeded } from '../connections/xero-grant.js';

export { ReconnectNeededError, isReconnectNeeded };

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

/** Where the failed call went: method and path only (the query may hold record numbers, never secrets, but stays out). */
export interface CallRef {
  method: HttpMethod;
  path: string;
}

abstract class XeroCallError extends Error {
  abstract readonly status: number | undefined;
  readonly method: HttpMethod;
  readonly path: string;
  constructor(message: string, call: CallRef) {
    super(message);
    this.method = call.method;
    this.path = call.path;
  }
}

/** One element Xero echoed in a 400, with every message it gave for it (the element's own and its lines'). */
export interface RefusedElement {
  record: Record<string, unknown>;
  messages: readonly string[];
}

/**
 * 400: Xero refused the request; `messages` are every element's ValidationErrors (or the top-level Message), `elements`
 * the refused elements as Xero echoed them. Under summarizeErrors (Xero's default) the elements of the batch that are
 * not among them may have been saved all the same: see XeroAccounting's batch recovery.
 */
export class XeroValidationError extends XeroCallError {
  override readonly name = 'XeroValidationError';
  readonly status = 400;
  readonly messages: readonly string[];
  readonly errorType: string | undefined;
  readonly elements: readonly RefusedElement[];
  constructor(messages: readonly string[], call: CallRef, errorType?: string, elements: readonly RefusedElement[] = []) {
    super(messages.length > 0 ? `Xero refused the request: ${messages.join('; ')}` : 'Xero refused the request', call);
    this.messages = messages;
    this.errorType = errorType;
    this.elements = elements;
  }
}

export type RateLimitProblem = 'minute' | 'day' | 'concurrent' | 'appminute' | 'unknown';

/** 429: a rate limit was hit; `retryAfterMs` from Retry-After when Xero sent it. */
export class XeroRateLimitError extends XeroCallError {
  override readonly name = 'XeroRateLimitError';
  readonly status = 429;
  readonly retryAfterMs: number | undefined;
  readonly problem: RateLimitProblem;
  constructor(problem: RateLimitProblem, retryAfterMs: number | undefined, call: CallRef) {
    const wait = retryAfterMs === undefined ? '' : `; retry after ${Math.ceil(retryAfterMs / 1000)} s`;
    super(`Xero rate limit reached (${problem})${wait}`, call);
    this.problem = problem;
    this.retryAfterMs = retryAfterMs;
  }
}

/** 401: the access token was refused (expired, revoked). */
export class XeroUnauthorizedError extends XeroCallError {
  override readonly name = 'XeroUnauthorizedError';
  readonly status = 401;
  constructor(call: CallRef, detail?: string) {
    super(`Xero refused the access token${detail ? ` (${detail})` : ''}`, call);
  }
}

/** 403: the organisation is not connected to this app, or a scope is missing. */
export class XeroForbiddenError extends XeroCallError {
  override readonly name = 'XeroForbiddenError';
  readonly status = 403;
  constructor(call: CallRef, detail?: string) {
    super(
      `Xero refused access to this organisation${detail ? ` (${detail})` : ''}: it may have been disconnected, or the app lacks a scope; connect it again`,
      call,
    );
  }
}

export class XeroNotFoundError extends XeroCallError {
  override readonly name = 'XeroNotFoundError';
  readonly status = 404;
  constructor(call: CallRef) {
    super(`Xero has no such record (${call.method} ${call.path})`, call);
  }
}

/** 5xx, or any other status we do not expect. */
export class XeroServerError extends XeroCallError {
  override readonly name = 'XeroServerError';
  readonly status: number;
  constructor(status: number, call: CallRef) {
    super(`Xero answered HTTP ${status} to ${call.method} ${call.path}`, call);
    this.status = status;
  }
}

export type NetworkFailure = 'timeout' | 'reset' | 'refused' | 'dns' | 'other';

/**
 * No answer. For a write, the request may have reached Xero before the connection broke (`outcomeUnknown`): retry it only
 * with the same Idempotency-Key, or look the document up first. A refused connection or an unknown host never sent anything.
 */
export class NetworkError extends XeroCallError {
  override readonly name = 'NetworkError';
  readonly status = undefined;
  readonly failure: NetworkFailure;
  readonly outcomeUnknown: boolean;
  constructor(failure: NetworkFailure, call: CallRef, causeCode?: string) {
    const what: Record<NetworkFailure, string> = {
      timeout: 'timed out',
      reset: 'connection was reset',
      refused: 'connection was refused',
      dns: 'host name could not be resolved',
      other: 'failed',
    };
    super(`Xero call ${call.method} ${call.path} ${what[failure]}${causeCode ? ` (${causeCode})` : ''}`, call);
    this.failure = failure;
    this.outcomeUnknown = call.method !== 'GET' && failure !== 'refused' && failure !== 'dns';
  }
}

export type XeroError =
  | XeroValidationError
  | XeroRateLimitError
  | XeroUnauthorizedError
  | XeroForbiddenError
  | XeroNotFoundError
  | XeroServerError
  | NetworkError;

export const isXeroValidationError = (e: unknown): e is XeroValidationError => e instanceof XeroValidationError;
export const isXeroRateLimitError = (e: unknown): e is XeroRateLimitError => e instanceof XeroRateLimitError;
export const isXeroUnauthorizedError = (e: unknown): e is XeroUnauthorizedError => e instanceof XeroUnauthorizedError;
export const isXeroForbiddenError = (e: unknown): e is XeroForbiddenError => e instanceof XeroForbiddenError;
export const isXeroNotFoundError = (e: unknown): e is XeroNotFoundError => e instanceof XeroNotFoundError;
export const isXeroServerError = (e: unknown): e is XeroServerError => e instanceof XeroServerError;
export const isNetworkError = (e: unknown): e is NetworkError => e instanceof NetworkError;
export const isXeroError = (e: unknown): e is XeroError => e instanceof XeroCallError;

/** Maps undici's error codes (on `error.cause.code`) to what went wrong. */
export function classifyNetworkFailure(error: unknown): { failure: NetworkFailure; code: string | undefined } {
  const code = findCode(error);
  if (code === undefined) return { failure: 'other', code };
  if (code === 'ECONNREFUSED') return { failure: 'refused', code };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { failure: 'dns', code };
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') return { failure: 'reset', code };
  if (code.includes('TIMEOUT') || code === 'ETIMEDOUT') return { failure: 'timeout', code };
  return { failure: 'other', code };
}

function findCode(error: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return findCode((error as { cause?: unknown }).cause, depth + 1);
}

/** The fields of an error that may be logged or shown, and only those. */
export function serializeXeroError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { name: 'Error', message: 'non-error thrown' };
  const out: Record<string, unknown> = { name: error.name, message: error.message };
  const allowed = ['status', 'method', 'path', 'messages', 'errorType', 'retryAfterMs', 'problem', 'failure', 'outcomeUnknown'];
  for (const key of allowed) {
    const value = (error as unknown as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
