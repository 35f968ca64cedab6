/** Xero's response envelope and error bodies. */
import { randomUUID } from 'node:crypto';
import { envelopeDate } from './dates.js';
import type { Organisation } from './state.js';

export const PROVIDER_NAME = 'Xero Emulator';
export const NOT_FOUND_TEXT = "The resource you're looking for cannot be found";

export interface ApiRequest {
  org: Organisation;
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body: unknown;
  headers: Record<string, string | undefined>;
  now: number;
}

export interface ApiResult {
  status: number;
  body: unknown;
  /** Plain text (Xero's 404) rather than JSON. */
  text?: boolean;
}

export type ApiHandler = (request: ApiRequest) => ApiResult;

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  itemCount: number;
}

export function ok(
  now: number,
  plural: string,
  records: unknown[],
  extras: { pagination?: Pagination; Warnings?: unknown[] } = {},
): ApiResult {
  const body: Record<string, unknown> = {
    Id: randomUUID(),
    Status: 'OK',
    ProviderName: PROVIDER_NAME,
    DateTimeUTC: envelopeDate(now),
  };
  if (extras.pagination) body['pagination'] = extras.pagination;
  if (extras.Warnings) body['Warnings'] = extras.Warnings;
  body[plural] = records;
  return { status: 200, body };
}

export function validationException(elements: unknown[]): ApiResult {
  return {
    status: 400,
    body: { ErrorNumber: 10, Type: 'ValidationException', Message: 'A validation exception occurred', Elements: elements },
  };
}

/** One message, no element: how Xero answers a request-level validation problem. */
export function validationMessage(message: string, element: Record<string, unknown> = {}): ApiResult {
  return validationException([{ ...element, ValidationErrors: [{ Message: message }] }]);
}

export function queryParseException(message: string): ApiResult {
  return { status: 400, body: { ErrorNumber: 16, Type: 'QueryParseException', Message: message } };
}

/**
 * 400 ErrorNumber 14 PostDataInvalidException: the body could not be read into Xero's types. The message starts with
 * "JSON for post data was invalid," as recorded (XeroAPI/xero-php-oauth2#39, replayed as threads/php39-postdata-invalid);
 * what follows is the deserialiser's own text, which the capture cut off: the emulator writes its own.
 */
export const POST_DATA_INVALID_PREFIX = 'JSON for post data was invalid,';
export function postDataInvalid(detail: string): ApiResult {
  return { status: 400, body: { ErrorNumber: 14, Type: 'PostDataInvalidException', Message: `${POST_DATA_INVALID_PREFIX}${detail}` } };
}

/**
 * 400 ErrorNumber 17 NoDataProcessedException: a write with nothing in it. Wording (with Xero's "specifed") recorded in
 * XeroAPI/xero-php-oauth2#48 for Contacts, replayed as threads/php48-no-data-processed.
 */
export function noDataProcessed(singular: string): ApiResult {
  return {
    status: 400,
    body: {
      ErrorNumber: 17,
      Type: 'NoDataProcessedException',
      Message: `No data has been processed for this endpoint. This endpoint is expecting ${singular} data to be specifed in the request body.`,
    },
  };
}

/** Xero's ids are GUIDs: a field named `...ID` holding anything else fails deserialisation (PostDataInvalid, 14). */
export function firstNonGuidId(value: unknown, path = ''): { path: string; value: string } | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstNonGuidId(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const here = path === '' ? key : `${path}.${key}`;
    if (/ID$/.test(key) && typeof v === 'string' && v !== '' && !GUID.test(v)) return { path: here, value: v };
    const found = firstNonGuidId(v, here);
    if (found) return found;
  }
  return undefined;
}

/**
 * 401/403 problem bodies as Xero's gateway sends them since OAuth 2.0: PascalCase with `Type: null`, an `Instance` id and
 * empty `Extensions` (threads/node432-forbidden-tenant, threads/pyxero337-token-expired).
 */
export function unauthorized(detail: string): Record<string, unknown> {
  return { Type: null, Title: 'Unauthorized', Status: 401, Detail: detail, Instance: randomUUID(), Extensions: {} };
}

export function forbidden(): Record<string, unknown> {
  return { Type: null, Title: 'Forbidden', Status: 403, Detail: 'AuthenticationUnsuccessful', Instance: randomUUID(), Extensions: {} };
}

/** No xero-tenant-id at all: the same problem in lower-case keys and without Type/Extensions. */
export function forbiddenWithoutTenant(): Record<string, unknown> {
  return { title: 'Forbidden', status: 403, detail: 'AuthenticationUnsuccessful', instance: randomUUID() };
}

/** `TokenExpired: token expired at 04/09/2023 05:16:59`: month/day/year and UTC time of the expiry (pyxero#337). */
export function tokenExpired(expiredAtMs: number): string {
  const d = new Date(expiredAtMs);
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `TokenExpired: token expired at ${stamp}`;
}

export function notFound(): ApiResult {
  return { status: 404, body: NOT_FOUND_TEXT, text: true };
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: unknown): value is string {
  return typeof value === 'string' && GUID.test(value);
}

/** The array under `plural` in a PUT/POST body, or a single object that is itself the element. */
export function elementsOf(body: unknown, plural: string): Record<string, unknown>[] | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const list = (body as Record<string, unknown>)[plural];
  if (list === undefined) return [body as Record<string, unknown>];
  if (!Array.isArray(list)) return undefined;
  if (!list.every((e) => e !== null && typeof e === 'object' && !Array.isArray(e))) return undefined;
  return list as Record<string, unknown>[];
}

export function flag(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  return value.toLowerCase() === 'true';
}
