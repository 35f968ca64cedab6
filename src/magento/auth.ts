// Credentials for Magento's REST API: an integration token as Bearer (needs the 2.4.4+ setting), or every request signed
// with OAuth 1.0a HMAC-SHA256 (signing key `consumerSecret&tokenSecret`) through the oauth-1.0a package. The query
// parameters are part of the signature: they are handed to the signer decoded, and it encodes them with the same
// RFC 3986 rules the query string was built with, which is also how Magento rebuilds the base string.
import { createHmac } from 'node:crypto';
import OAuth from 'oauth-1.0a';

/** The same shape as config's MagentoConfig['auth']. */
export type MagentoAuth =
  | { kind: 'bearer'; token: string }
  | { kind: 'oauth1'; consumerKey: string; consumerSecret: string; accessToken: string; accessTokenSecret: string }
  | { kind: 'none' };

export interface SignOptions {
  /** For tests: fixed nonce and timestamp. */
  nonce?: string;
  timestamp?: number;
}

/** The Authorization header for a request, or undefined when no credentials are configured. */
export function authorizationHeader(
  auth: MagentoAuth,
  method: string,
  url: URL,
  options: SignOptions = {},
): string | undefined {
  switch (auth.kind) {
    case 'none':
      return undefined;
    case 'bearer':
      return `Bearer ${auth.token}`;
    case 'oauth1':
      return oauth1Header(auth, method, url, options);
  }
}

function oauth1Header(
  auth: Extract<MagentoAuth, { kind: 'oauth1' }>,
  method: string,
  url: URL,
  options: SignOptions,
): string {
  const signer = new OAuth({
    consumer: { key: auth.consumerKey, secret: auth.consumerSecret },
    signature_method: 'HMAC-SHA256',
    hash_function: (base, key) => createHmac('sha256', key).update(base).digest('base64'),
  });
  if (options.nonce !== undefined) signer.getNonce = () => options.nonce!;
  if (options.timestamp !== undefined) signer.getTimeStamp = () => options.timestamp!;
  const data: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const existing = data[key];
    data[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  // The signer takes the URL without its query (it would otherwise re-read the already-encoded keys) and the decoded
  // parameters as data; URL() has lower-cased the host and dropped a default port, as the base string requires.
  const baseUrl = `${url.protocol}//${url.host}${url.pathname}`;
  const signed = signer.authorize({ url: baseUrl, method: method.toUpperCase(), data }, { key: auth.accessToken, secret: auth.accessTokenSecret });
  return signer.toHeader(signed).Authorization;
}
