// Who may call the emulator: a bearer integration token (refused when the store behaves like 2.4.4+ without
// "integration tokens as bearer"), or an OAuth 1.0a request signed with the integration's four credentials.
// Like Magento, any failed authentication just leaves the caller anonymous, which the ACL then answers with 401.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface OAuthCredentials {
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessTokenSecret: string;
}

export interface AuthConfig {
  token: string;
  bearerAllowed: boolean;
  oauth?: OAuthCredentials | undefined;
  /** How far an oauth_timestamp may be from now, in seconds (Magento: 600). */
  timestampWindowSeconds?: number;
}

export interface SignedRequest {
  method: string;
  /** scheme://host/path, without query string. */
  baseUrl: string;
  /** The raw query string after `?`, or ''. */
  rawQuery: string;
  authorization: string | undefined;
}

export type AuthOutcome = { ok: true; via: 'bearer' | 'oauth' } | { ok: false; reason: string };

/** RFC 3986 percent-encoding, as OAuth 1.0a requires. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decodeQueryPart(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return part;
  }
}

export function parseOAuthHeader(header: string): Map<string, string> | undefined {
  const m = /^OAuth\s+(.*)$/is.exec(header.trim());
  if (!m) return undefined;
  const params = new Map<string, string>();
  const re = /([A-Za-z0-9_\-.]+)\s*=\s*"([^"]*)"/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(m[1] as string)) !== null) {
    params.set(match[1] as string, decodeQueryPart(match[2] as string));
  }
  return params;
}

/** The signature base string: method, base URL and the sorted, encoded parameters. */
export function signatureBaseString(method: string, baseUrl: string, params: Array<[string, string]>): string {
  const normalized = params
    .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  return [method.toUpperCase(), percentEncode(baseUrl), percentEncode(normalized)].join('&');
}

export class NonceLedger {
  private readonly seen = new Map<string, number>();

  /** Records a nonce; false when this consumer already used it. Old entries are forgotten after the window. */
  use(consumerKey: string, nonce: string, timestamp: number, nowSeconds: number, windowSeconds: number): boolean {
    if (this.seen.size > 10_000) {
      for (const [key, ts] of this.seen) if (ts < nowSeconds - windowSeconds) this.seen.delete(key);
    }
    const key = `${consumerKey}\u0000${nonce}`;
    if (this.seen.has(key)) return false;
    this.seen.set(key, timestamp);
    return true;
  }
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function verifyOAuth(
  request: SignedRequest,
  credentials: OAuthCredentials,
  ledger: NonceLedger,
  nowMs: number,
  windowSeconds = 600,
): AuthOutcome {
  const header = parseOAuthHeader(request.authorization ?? '');
  if (!header) return { ok: false, reason: 'no OAuth authorization header' };
  const get = (k: string): string | undefined => header.get(k);
  const method = get('oauth_signature_method');
  if (method !== 'HMAC-SHA256' && method !== 'HMAC-SHA1') return { ok: false, reason: `unsupported signature method ${method ?? '(none)'}` };
  if (get('oauth_consumer_key') !== credentials.consumerKey) return { ok: false, reason: 'unknown consumer key' };
  if (get('oauth_token') !== credentials.accessToken) return { ok: false, reason: 'unknown access token' };
  const version = get('oauth_version');
  if (version !== undefined && version !== '1.0') return { ok: false, reason: 'oauth_version must be 1.0' };
  const signature = get('oauth_signature');
  const nonce = get('oauth_nonce');
  const timestampText = get('oauth_timestamp');
  if (!signature || !nonce || !timestampText || !/^\d+$/.test(timestampText)) {
    return { ok: false, reason: 'oauth_signature, oauth_nonce and oauth_timestamp are required' };
  }

  const params: Array<[string, string]> = [];
  for (const [k, v] of header) if (k !== 'oauth_signature' && k !== 'realm') params.push([k, v]);
  if (request.rawQuery !== '') {
    for (const part of request.rawQuery.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const k = eq < 0 ? part : part.slice(0, eq);
      const v = eq < 0 ? '' : part.slice(eq + 1);
      params.push([decodeQueryPart(k), decodeQueryPart(v)]);
    }
  }
  const base = signatureBaseString(request.method, request.baseUrl, params);
  const key = `${percentEncode(credentials.consumerSecret)}&${percentEncode(credentials.accessTokenSecret)}`;
  const expected = createHmac(method === 'HMAC-SHA256' ? 'sha256' : 'sha1', key).update(base).digest('base64');
  if (!safeEqual(expected, signature)) return { ok: false, reason: 'signature mismatch' };

  const nowSeconds = Math.floor(nowMs / 1000);
  const timestamp = Number(timestampText);
  if (Math.abs(nowSeconds - timestamp) > windowSeconds) return { ok: false, reason: 'timestamp outside the allowed window' };
  if (!ledger.use(credentials.consumerKey, nonce, timestamp, nowSeconds, windowSeconds)) {
    return { ok: false, reason: 'nonce already used' };
  }
  return { ok: true, via: 'oauth' };
}

export function authenticate(request: SignedRequest, config: AuthConfig, ledger: NonceLedger, nowMs: number): AuthOutcome {
  const header = request.authorization ?? '';
  const bearer = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (bearer) {
    if (!config.bearerAllowed) return { ok: false, reason: 'integration tokens are not accepted as bearer tokens' };
    return safeEqual(bearer[1] as string, config.token) ? { ok: true, via: 'bearer' } : { ok: false, reason: 'unknown bearer token' };
  }
  if (/^OAuth\s/i.test(header.trim())) {
    if (!config.oauth) return { ok: false, reason: 'OAuth is not configured on this emulator' };
    return verifyOAuth(request, config.oauth, ledger, nowMs, config.timestampWindowSeconds ?? 600);
  }
  return { ok: false, reason: 'no credentials' };
}
