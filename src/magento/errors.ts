// Named errors for Magento REST calls, each with a message a merchant can act on. Magento's own messages carry %1 / %name
// placeholders; they are filled in here. Every error has `status` (undefined when no answer came) and `retryable`, which
// the shared retry policy (src/xero/retry-policy.ts) reads.
import { magentoErrorSchema, renderMagentoMessage } from '../domain/magento.js';

abstract class MagentoCallError extends Error {
  abstract readonly status: number | undefined;
  abstract readonly retryable: boolean;
  /** Method and path of the call; never the query or headers. */
  readonly call: string;
  constructor(message: string, call: string) {
    super(message);
    this.call = call;
  }
}

/** 401. `hint` says what to change: the bearer-token setting since 2.4.4, or the integration's resource access. */
export class MagentoUnauthorizedError extends MagentoCallError {
  override readonly name = 'MagentoUnauthorizedError';
  readonly status = 401;
  readonly retryable = false;
  readonly hint: string;
  constructor(magentoMessage: string, authKind: 'bearer' | 'oauth1' | 'none', call: string) {
    const hint = unauthorizedHint(magentoMessage, authKind);
    super(`Magento refused the credentials (${magentoMessage}). ${hint}`, call);
    this.hint = hint;
  }
}

function unauthorizedHint(message: string, authKind: 'bearer' | 'oauth1' | 'none'): string {
  if (/isn't authorized to access/i.test(message)) {
    return 'The integration lacks access to these resources: in System > Extensions > Integrations, edit it, grant access to Sales, Customers, Catalog, Stores and Taxes, and activate it again.';
  }
  if (authKind === 'bearer') {
    return (
      'Since Magento 2.4.4 an integration access token is refused as a bearer token unless ' +
      'Stores > Configuration > Services > OAuth > Consumer Settings > "Allow OAuth Access Tokens to be used as standalone Bearer tokens" is Yes ' +
      '(bin/magento config:set oauth/consumer/enable_integration_as_bearer 1). ' +
      'Or sign requests with OAuth 1.0a: set MAGENTO_CONSUMER_KEY, MAGENTO_CONSUMER_SECRET, MAGENTO_ACCESS_TOKEN and MAGENTO_ACCESS_TOKEN_SECRET from the integration.'
    );
  }
  if (authKind === 'oauth1') {
    return 'Check the four integration keys (consumer key and secret, access token and secret) and that the integration is active; the server clock must be right too.';
  }
  return 'Set the integration credentials (MAGENTO_ACCESS_TOKEN, or the four OAuth 1.0a keys).';
}

export class MagentoNotFoundError extends MagentoCallError {
  override readonly name = 'MagentoNotFoundError';
  readonly status = 404;
  readonly retryable = false;
  constructor(magentoMessage: string, call: string) {
    super(`Magento has no such record: ${magentoMessage}`, call);
  }
}

/** The address does not lead to a Magento REST API: unknown host, refused connection, HTML instead of JSON, no route. */
export class MagentoUnreachableError extends MagentoCallError {
  override readonly name = 'MagentoUnreachableError';
  readonly status: number | undefined;
  readonly retryable: boolean;
  constructor(problem: string, call: string, options: { status?: number; retryable?: boolean } = {}) {
    super(`${problem}: check MAGENTO_BASE_URL (the store's base URL, e.g. https://shop.example.com, without /rest)`, call);
    this.status = options.status;
    this.retryable = options.retryable ?? false;
  }
}

/** Timeout or reset connection: Magento may be busy; reads are safe to try again. */
export class MagentoNetworkError extends MagentoCallError {
  override readonly name = 'MagentoNetworkError';
  readonly status = undefined;
  readonly retryable = true;
  readonly failure: 'timeout' | 'reset' | 'other';
  constructor(failure: 'timeout' | 'reset' | 'other', call: string) {
    super(`Magento did not answer ${call} (${failure})`, call);
    this.failure = failure;
  }
}

export class MagentoRateLimitError extends MagentoCallError {
  override readonly name = 'MagentoRateLimitError';
  readonly status = 429;
  readonly retryable = true;
  readonly retryAfterMs: number | undefined;
  constructor(retryAfterMs: number | undefined, call: string) {
    super('Magento answered Too Many Requests; slowing down', call);
    this.retryAfterMs = retryAfterMs;
  }
}

/** 5xx. Production mode masks the cause ("Report ID: webapi-..."): the report id is in the message for the merchant's developer. */
export class MagentoServerError extends MagentoCallError {
  override readonly name = 'MagentoServerError';
  readonly status: number;
  readonly retryable = true;
  constructor(status: number, magentoMessage: string, call: string) {
    super(`Magento failed with HTTP ${status}: ${magentoMessage}`, call);
    this.status = status;
  }
}

/** Any other 4xx (a bad searchCriteria, a missing field): our request is wrong, trying again will not help. */
export class MagentoRequestError extends MagentoCallError {
  override readonly name = 'MagentoRequestError';
  readonly status: number;
  readonly retryable = false;
  constructor(status: number, magentoMessage: string, call: string) {
    super(`Magento refused the request (HTTP ${status}): ${magentoMessage}`, call);
    this.status = status;
  }
}

export type MagentoError =
  | MagentoUnauthorizedError
  | MagentoNotFoundError
  | MagentoUnreachableError
  | MagentoNetworkError
  | MagentoRateLimitError
  | MagentoServerError
  | MagentoRequestError;

export const isMagentoError = (e: unknown): e is MagentoError => e instanceof MagentoCallError;
export const isMagentoUnauthorized = (e: unknown): e is MagentoUnauthorizedError => e instanceof MagentoUnauthorizedError;
export const isMagentoNotFound = (e: unknown): e is MagentoNotFoundError => e instanceof MagentoNotFoundError;
export const isMagentoUnreachable = (e: unknown): e is MagentoUnreachableError => e instanceof MagentoUnreachableError;
export const isMagentoNetworkError = (e: unknown): e is MagentoNetworkError => e instanceof MagentoNetworkError;
export const isMagentoRateLimit = (e: unknown): e is MagentoRateLimitError => e instanceof MagentoRateLimitError;
export const isMagentoServerError = (e: unknown): e is MagentoServerError => e instanceof MagentoServerError;
export const isMagentoRequestError = (e: unknown): e is MagentoRequestError => e instanceof MagentoRequestError;

/** Magento's `{message, parameters}` as one readable sentence; undefined when the body is not a Magento error. */
export function magentoErrorMessage(body: unknown): string | undefined {
  const parsed = magentoErrorSchema.safeParse(body);
  return parsed.success ? renderMagentoMessage(parsed.data) : undefined;
}

/** The fields of an error that may be logged or shown, and only those. */
export function serializeMagentoError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { name: 'Error', message: 'non-error thrown' };
  const out: Record<string, unknown> = { name: error.name, message: error.message };
  for (const key of ['status', 'retryable', 'call', 'hint', 'failure', 'retryAfterMs']) {
    const value = (error as unknown as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
