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
  /** After a probe of other resources (refinedRefusal): true when the credentials are refused, false when only access is missing. */
  readonly credentials: boolean | undefined;
  constructor(magentoMessage: string, authKind: 'bearer' | 'oauth1' | 'none', call: string, refined?: { message: string; hint: string; credentials: boolean }) {
    const hint = refined?.hint ?? unauthorizedHint(magentoMessage, authKind);
    super(refined?.message ?? `Magento refused access (${magentoMessage}). ${hint}`, call);
    this.hint = hint;
    this.credentials = refined?.credentials;
  }
}

/**
 * Magento answers an unknown token and an integration without access to a resource alike: an unauthenticated caller is
 * a guest, and the ACL check (RequestValidator::checkPermissions) refuses both with "The consumer isn't authorized to
 * access %resources." (magento/magento2 issues #36811, #39289). Only asking for other resources tells them apart
 * (MagentoClient.diagnoseRefusal); until then the hint names both causes.
 */
function unauthorizedHint(message: string, authKind: 'bearer' | 'oauth1' | 'none'): string {
  if (/isn't authorized to access/i.test(message) && authKind !== 'none') {
    return `Either the credentials are refused (${authKind === 'bearer' ? 'MAGENTO_ACCESS_TOKEN is wrong, the integration is not active, or Magento 2.4.4+ does not take integration tokens as bearer tokens' : 'one of the four MAGENTO_* OAuth keys is wrong or the integration is not active'}), or the integration lacks this resource: System > Extensions > Integrations, edit it, API tab.`;
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

/** What a probe of several resources found: every one refused (the credentials), or only some (the integration's access). */
export interface RefusalDiagnosis {
  refused: string[];
  allowed: string[];
}

/** A 401 made precise by asking for other resources: the credentials themselves, or missing access to named resources. */
export function refinedRefusal(error: MagentoUnauthorizedError, diagnosis: RefusalDiagnosis, authKind: 'bearer' | 'oauth1' | 'none'): MagentoUnauthorizedError {
  let message: string;
  let hint: string;
  if (diagnosis.allowed.length === 0) {
    hint =
      authKind === 'bearer'
        ? 'Check MAGENTO_ACCESS_TOKEN (System > Extensions > Integrations > the integration > Integration Details: Access Token) and that the integration is active. ' +
          'On Magento 2.4.4+ a correct token is still refused as a bearer token unless Stores > Configuration > Services > OAuth > Consumer Settings > "Allow OAuth Access Tokens to be used as standalone Bearer tokens" is Yes; ' +
          'or sign with OAuth 1.0a: MAGENTO_CONSUMER_KEY, MAGENTO_CONSUMER_SECRET and MAGENTO_ACCESS_TOKEN_SECRET beside MAGENTO_ACCESS_TOKEN.'
        : authKind === 'oauth1'
          ? 'Check MAGENTO_CONSUMER_KEY, MAGENTO_CONSUMER_SECRET, MAGENTO_ACCESS_TOKEN and MAGENTO_ACCESS_TOKEN_SECRET against the integration, that it is active, and that this machine\'s clock is right.'
          : 'Set MAGENTO_ACCESS_TOKEN (or the four OAuth 1.0a keys) from the integration.';
    message = `Magento refused the credentials on every resource asked (${diagnosis.refused.join(', ')}): ${hint}`;
  } else {
    hint = `In System > Extensions > Integrations, edit the integration, on its API tab grant ${diagnosis.refused.join(', ')}, save, and activate it again (the token stays the same).`;
    message = `The Magento integration lacks access to ${diagnosis.refused.join(', ')} (it may read ${diagnosis.allowed.join(', ')}): ${hint}`;
  }
  return new MagentoUnauthorizedError('', authKind, error.call, { message, hint, credentials: diagnosis.allowed.length === 0 });
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
