/**
 * How Xero treats a PUT/POST batch. With `summarizeErrors` true (the real default) one bad element fails the request with
 * 400 and nothing is saved; with false every good element is saved and each answers with its own status.
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
}

export function runBatch(
  request: ApiRequest,
  plural: string,
  elements: Record<string, unknown>[],
  prepare: Preparer,
  options: BatchOptions,
): ApiResult {
  const summarize = flag(request.query['summarizeErrors']) ?? true;
  const batch = new BatchContext();
  if (summarize) {
    const prepared = elements.map((e) => prepare(e, batch));
    const failed = prepared
      .map((p, i) => ({ p, element: elements[i] ?? {} }))
      .filter(({ p }) => p.errors.length > 0)
      .map(({ p, element }) => ({
        ...(p.echo ?? element),
        [options.errorFlag]: true,
        ValidationErrors: p.errors.map((Message) => ({ Message })),
      }));
    if (failed.length > 0) return validationException(failed);
    const records = prepared.map((p) => ('commit' in p ? saved(p, options) : {}));
    return ok(request.now, plural, records);
  }
  const records = elements.map((element) => {
    const p = prepare(element, batch);
    if ('commit' in p) return saved(p, options);
    return {
      ...(p.echo ?? element),
      [options.errorFlag]: true,
      StatusAttributeString: 'ERROR',
      ValidationErrors: p.errors.map((Message) => ({ Message })),
    };
  });
  return ok(request.now, plural, records);
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
