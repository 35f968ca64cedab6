/**
 * How Xero treats a PUT/POST batch. With `summarizeErrors` true (the real default) a request with a bad element answers
 * 400 with only the refused elements, yet the good elements of the same request ARE saved, and their ids are not in the
 * answer (threads/so52706101-partial-save-on-400: a Xero developer evangelist confirming it for invoices;
 * corroborated for contacts by XeroAPI/xero-php-oauth2#13). A client that simply sends the batch again duplicates them.
 * With false every good element is saved and each answers with its own status (200).
 */
import { flag, ok, validationException } from './envelope.js';
import type { ApiRequest, ApiResult } from './envelope.js';

/** What a batch has claimed so far, so two elements of one request cannot take the same number or overpay together. */
export class BatchContext {
  private readonly reserved = new Set<string>();
  private readonly pending = new Map<string, bigint>();
  /** Records an earlier element of this batch will create (a contact named by two invoices), by a key of the caller's. */
  readonly created = new Map<string, unknown>();
  reserve(key: string): boolean {
    if (this.reserved.has(key)) return false;
    this.reserved.add(key);
    return true;
  }
  has(key: string): boolean {
    return this.reserved.has(key);
  }
  pendingAmount(key: string): bigint {
    return this.pending.get(key) ?? 0n;
  }
  addPending(key: string, amount: bigint): void {
    this.pending.set(key, this.pendingAmount(key) + amount);
  }
}

export type Prepared =
  | { errors: string[]; echo?: Record<string, unknown>; warnings?: string[] }
  | { errors: []; commit: () => Record<string, unknown>; warnings?: string[]; echo?: undefined };

export type Preparer = (element: Record<string, unknown>, batch: BatchContext) => Prepared;

export interface BatchOptions {
  /** Invoices and credit notes carry HasErrors; other records HasValidationErrors. */
  errorFlag: 'HasErrors' | 'HasValidationErrors';
  /**
   * The element's id field. A refused element that named no id is echoed with the zero GUID there, as Xero does
   * (threads/netstd156-contact-summarize-false; pyxero/bad_request_response.xml; xeroizer/api_exception.xml).
   */
  idField?: string | ((element: Record<string, unknown>) => string);
}

export const ZERO_GUID = '00000000-0000-0000-0000-000000000000';

export function runBatch(
  request: ApiRequest,
  plural: string,
  elements: Record<string, unknown>[],
  prepare: Preparer,
  options: BatchOptions,
): ApiResult {
  const summarize = flag(request.query['summarizeErrors']) ?? true;
  if (summarize) {
    const batch = new BatchContext();
    const prepared = elements.map((e) => prepare(e, batch));
    // Every good element is saved, even when another one is refused.
    const records = prepared.map((p) => ('commit' in p ? saved(p, options) : undefined));
    const failed = prepared
      .map((p, i) => ({ p, element: elements[i] ?? {} }))
      .filter(({ p }) => p.errors.length > 0)
      .map(({ p, element }) => ({
        ...refused(p, element, options),
        ValidationErrors: p.errors.map((Message) => ({ Message })),
      }));
    if (failed.length > 0) return validationException(failed);
    return ok(request.now, plural, records);
  }
  const records = elements.map((element) => {
    // Each good element is saved before the next is looked at, so the next one sees it in the organisation itself; what a
    // batch context holds back for elements not yet saved would count it a second time (two payments on one invoice).
    const p = prepare(element, new BatchContext());
    if ('commit' in p) return saved(p, options);
    return {
      ...refused(p, element, options),
      StatusAttributeString: 'ERROR',
      ValidationErrors: p.errors.map((Message) => ({ Message })),
    };
  });
  return ok(request.now, plural, records);
}

/** A refused element as Xero echoes it: what was sent (or the preparer's reading of it), the zero GUID for a missing id. */
function refused(p: Prepared, element: Record<string, unknown>, options: BatchOptions): Record<string, unknown> {
  const echo: Record<string, unknown> = { ...(p.echo ?? element) };
  const idField = typeof options.idField === 'function' ? options.idField(element) : options.idField;
  if (idField !== undefined && (typeof echo[idField] !== 'string' || echo[idField] === '')) echo[idField] = ZERO_GUID;
  echo[options.errorFlag] = true;
  return echo;
}

/** A saved element as Xero answers it: its record, no errors, and OK (or WARNING with its warnings). */
function saved(p: Extract<Prepared, { commit: unknown }>, options: BatchOptions): Record<string, unknown> {
  const warnings = p.warnings ?? [];
  return {
    ...p.commit(),
    [options.errorFlag]: false,
    StatusAttributeString: warnings.length > 0 ? 'WARNING' : 'OK',
    ...(warnings.length > 0 ? { Warnings: warnings.map((Message) => ({ Message })) } : {}),
  };
}
