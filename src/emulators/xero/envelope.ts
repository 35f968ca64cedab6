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

export function postDataInvalid(message: string): ApiResult {
  return { status: 400, body: { ErrorNumber: 17, Type: 'PostDataInvalidException', Message: message } };
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
