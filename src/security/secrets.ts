import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Credentials at rest: AES-256-GCM (authenticated) with a key derived from SECRET_KEY by HKDF. Each ciphertext names the
 * key it was made with (a short fingerprint), so SECRET_KEY can be rotated: old keys listed in SECRET_KEY_PREVIOUS still
 * open, and `reseal` re-encrypts with the current key.
 *
 * Every value is sealed for one place: the caller names it (e.g. `connections/xero/secret`) and the name is GCM's
 * associated data, so a ciphertext copied into another row, or another column, does not open there.
 *
 * Formats, each part base64url:
 * - v2.<key fingerprint>.<iv>.<tag>.<ciphertext>, bound to its place (what `seal` writes);
 * - v1.<key fingerprint>.<iv>.<tag>.<ciphertext>, from before places were bound: still opened, always stale, so the
 *   start-up re-seal rewrites it as v2.
 * The tag is always the full 16 bytes: GCM would otherwise accept a tag cut to 4 bytes, and a forger needs only 2^32 tries.
 * `open` refuses any other length itself, before GCM sees the tag, so it needs no `authTagLength` (and `seal` gets 16 bytes,
 * Node's GCM default, which the tests pin).
 */
export interface SecretBox {
  /** Seals `plain` for `place` (the row and column it will be stored in). */
  seal(plain: string, place: string): string;
  /** Opens a value sealed for `place`; a value sealed for another place, tampered with or with a short tag is refused. */
  open(sealed: string, place: string): string;
  /** True when `sealed` was made with an older key, or in the old unbound format, and should be sealed again. */
  isStale(sealed: string): boolean;
}

export class SecretError extends Error {
  override readonly name = 'SecretError';
}

export const GCM_TAG_BYTES = 16;
const IV_BYTES = 12;

interface Key {
  id: string;
  bytes: Buffer;
}

function deriveKey(secret: string): Key {
  const bytes = Buffer.from(hkdfSync('sha256', secret, 'magento-xero', 'credentials at rest v1', 32));
  const id = createHash('sha256').update(bytes).digest('base64url').slice(0, 8);
  return { id, bytes };
}

export function createSecretBox(current: string, previous: readonly string[] = []): SecretBox {
  const key = deriveKey(current);
  const keys = new Map([key, ...previous.map(deriveKey)].map((k) => [k.id, k]));
  return {
    seal(plain, place) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key.bytes, iv);
      // Text is UTF-8 throughout: Buffer.from's default encoding.
      cipher.setAAD(Buffer.from(place));
      const body = Buffer.concat([cipher.update(Buffer.from(plain)), cipher.final()]);
      const tag = cipher.getAuthTag();
      return ['v2', key.id, iv.toString('base64url'), tag.toString('base64url'), body.toString('base64url')].join('.');
    },
    open(sealed, place) {
      const [version, keyId, ivText, tagText, bodyText, ...rest] = sealed.split('.');
      if ((version !== 'v1' && version !== 'v2') || !keyId || !ivText || !tagText || bodyText === undefined || rest.length > 0) {
        throw new SecretError('stored credentials are not in a format this version can read');
      }
      const k = keys.get(keyId);
      if (!k) {
        throw new SecretError(
          'stored credentials were encrypted with a different SECRET_KEY: set it back, or list the old key in SECRET_KEY_PREVIOUS',
        );
      }
      const iv = Buffer.from(ivText, 'base64url');
      const tag = Buffer.from(tagText, 'base64url');
      if (iv.length !== IV_BYTES || tag.length !== GCM_TAG_BYTES) {
        throw new SecretError('stored credentials failed their integrity check (a tag or nonce of the wrong length: tampered with)');
      }
      try {
        // The tag's length was checked above, so a shorter one never reaches GCM; authTagLength says so to GCM as well
        // (Node's crypto docs: for GCM it restricts the tags accepted to that length; DEP0182 deprecates short tags
        // without it), so that no later edit of the check above can let a truncated tag through.
        // Stryker disable next-line ObjectLiteral: equivalent while the length check above stands (defence in depth).
        const decipher = createDecipheriv('aes-256-gcm', k.bytes, iv, { authTagLength: GCM_TAG_BYTES });
        if (version === 'v2') decipher.setAAD(Buffer.from(place));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(Buffer.from(bodyText, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretError('stored credentials failed their integrity check (tampered with, moved from another row, or a wrong key)');
      }
    },
    isStale(sealed) {
      const [version, keyId] = sealed.split('.');
      return version !== 'v2' || keyId !== key.id;
    },
  };
}

/** The place a connection row's secret is sealed for: its table, its id and its column. */
export const connectionSecretPlace = (connectionId: string): string => `connections/${connectionId}/secret`;
