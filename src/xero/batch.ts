// Batch answers, where-clauses and paging: the small pieces every accounting method shares.
import type { z } from 'zod';
import { InvalidPayloadError } from '../domain/errors.js';
import type { XeroValidationError } from './errors.js';
import { elementMessages } from './messages.js';

/** One element of a batch write, in request order: accepted (with Xero's warnings) or refused (with its messages). */
export type BatchResult<T> =
  | { ok: true; record: T; warnings: string[] }
  | { ok: false; messages: string[]; record: Record<string, unknown> };

interface ElementStatus {
  HasErrors?: boolean | null;
  StatusAttributeString?: string | null;
  ValidationErrors?: readonly { Message: string }[] | null;
  Warnings?: readonly { Message: string }[] | null;
}

/**
 * Splits a summarizeErrors=false answer into per-element results. A refused element is kept as Xero echoed it (it may
 * lack the id fields a stored record has); an accepted one is validated with `schema`.
 */
export function toBatchResults<S extends z.ZodType>(
  schema: S,
  elements: readonly unknown[],
  expected: number,
  what: string,
): BatchResult<z.output<S>>[] {
  if (elements.length !== expected) {
    throw new InvalidPayloadError('xero', what, [`sent ${expected} elements, Xero answered ${elements.length}`]);
  }
  return elements.map((raw, index) => {
    const element = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown> & ElementStatus;
    const messages = elementMessages(element);
    const failed = element.HasErrors === true || element.StatusAttributeString === 'ERROR' || messages.length > 0;
    if (failed) {
      return { ok: false as const, messages: messages.length > 0 ? messages : ['Xero refused this element without a message'], record: element };
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      throw new InvalidPayloadError(
        'xero',
        `${what} element ${index}`,
        parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
      );
    }
    const warnings = Array.isArray(element.Warnings) ? element.Warnings.map((w) => w.Message) : [];
    return { ok: true as const, record: parsed.data as z.output<S>, warnings };
  });
}

/** How a refused batch is looked into: each element's own key, and a read of what Xero holds under those keys. */
export interface BatchRecovery<T> {
  /** The element's key Xero can be searched by (invoice or credit note number, contact number, payment identity). */
  keyOf(element: unknown): string | undefined;
  /** Looks the keys up in Xero: the records it holds under them (one read per batch). */
  find(elements: readonly unknown[], keys: readonly string[]): Promise<Map<string, T>>;
}

/**
 * After a 400 on a batch. Xero saves the good elements of a refused batch and does not return their ids
 * (threads/so52706101-partial-save-on-400 in test/replay): sending the batch again would make them twice. Nothing is sent
 * again here; each element is answered from what Xero said and holds: an element Xero echoed as refused fails with its
 * messages; one Xero now holds under its key was kept, and is adopted; any other fails with the batch's messages and
 * goes back to the queue, whose next attempt looks Xero up before it sends.
 */
export async function recoverRefusedBatch<T>(
  elements: readonly unknown[],
  error: XeroValidationError,
  recovery: BatchRecovery<T>,
): Promise<BatchResult<T>[]> {
  const refused = new Map<string, readonly string[]>();
  const unkeyed: string[] = [];
  for (const e of error.elements) {
    const key = recovery.keyOf(e.record);
    if (key === undefined) unkeyed.push(...e.messages);
    else refused.set(key, [...(refused.get(key) ?? []), ...e.messages]);
  }
  const keys = elements.map((e) => recovery.keyOf(e));
  const lookFor = [...new Set(keys.filter((k): k is string => k !== undefined && !refused.has(k)))];
  const kept = lookFor.length > 0 ? await recovery.find(elements, lookFor) : new Map<string, T>();
  const batchMessages = error.messages.length > 0 ? error.messages : ['Xero refused the batch without a message'];
  return elements.map((element, index) => {
    const key = keys[index];
    const record = (typeof element === 'object' && element !== null ? element : {}) as Record<string, unknown>;
    const own = key === undefined ? undefined : refused.get(key);
    if (own) return { ok: false as const, messages: [...own], record };
    const found = key === undefined ? undefined : kept.get(key);
    if (found !== undefined) {
      return { ok: true as const, record: found, warnings: ['Xero refused the batch (400) but had saved this element; it was looked up and adopted, not sent again.'] };
    }
    return { ok: false as const, messages: [...(unkeyed.length > 0 ? unkeyed : batchMessages)], record };
  });
}

/**
 * A string literal for a where-clause. Xero's filter is Dynamic LINQ's expression language, which Xero does not
 * document beyond examples: a quote inside a literal is written twice, and a backslash is an ordinary character.
 * Evidence: Xero answers `\"` with "QueryParseException: Syntax error" (XeroAPI/Xero-Java#347, a contact name with
 * quotes) and passes Dynamic LINQ's own messages through ("Character literal must contain exactly one character",
 * waynerobinson/xeroizer#454); Dynamic LINQ reads `""` inside a literal as one `"` (ExpressionParser.ParseStringLiteral,
 * zzzprojects/System.Linq.Dynamic). Non-ASCII text needs nothing here: the query string is percent-encoded as UTF-8.
 */
export function whereString(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** `Field=="a" OR Field=="b"`, for lookups by our own keys (contact numbers, item codes, document numbers). */
export function whereAnyEquals(field: string, values: readonly string[]): string | undefined {
  if (values.length === 0) return undefined;
  return values.map((v) => `${field}==${whereString(v)}`).join(' OR ');
}

/** Joins optional clauses with AND, each in parentheses. */
export function whereAll(...clauses: (string | undefined)[]): string | undefined {
  const present = clauses.filter((c): c is string => c !== undefined && c.trim() !== '');
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  return present.map((c) => `(${c})`).join(' AND ');
}

/**
 * Pages of a paged GET (Contacts, Invoices, CreditNotes, Payments), starting at page 1 and stopping at the first short
 * page, so a listing costs exactly the calls it needs.
 */
export async function* pages<T>(
  fetchPage: (page: number, pageSize: number) => Promise<readonly T[]>,
  options: { pageSize?: number; firstPage?: number } = {},
): AsyncGenerator<T[], void, undefined> {
  const pageSize = options.pageSize ?? 100;
  for (let page = options.firstPage ?? 1; ; page++) {
    const records = await fetchPage(page, pageSize);
    if (records.length > 0) yield [...records];
    if (records.length < pageSize) return;
  }
}
