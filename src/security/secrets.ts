import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Credentials at rest: AES-256-GCM (authenticated) with a key derived from SECRET_KEY by HKDF. Each ciphertext names the
 * key it was made with (a short fingerprint), so SECRET_KEY can be rotated: old keys listed in SECRET_KEY_PREVIOUS still
 * decrypt, and `reseal` re-encrypts with the current key.
 *
 * Format: v1.<key fingerprint>.<iv>.<tag>.<ciphertext>, each part base64url.
 */
export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
  /** True when `sealed` was made with an older key and should be re-encrypted. */
  isStale(sealed: string): boolean;
}

export class SecretError extends Error {
  override readonly name = 'SecretError';
}

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
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key.bytes, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return ['v1', key.id, iv.toString('base64url'), tag.toString('base64url'), body.toString('base64url')].join('.');
    },
    open(sealed) {
      const [version, keyId, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !keyId || !iv || !tag || body === undefined) {
        throw new SecretError('stored credentials are not in a format this version can read');
      }
      const k = keys.get(keyId);
      if (!k) {
        throw new SecretError(
          'stored credentials were encrypted with a different SECRET_KEY: set it back, or list the old key in SECRET_KEY_PREVIOUS',
        );
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', k.bytes, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretError('stored credentials failed their integrity check (tampered with, or a wrong key)');
      }
    },
    isStale(sealed) {
      return sealed.split('.')[1] !== key.id;
    },
  };
}

/** Seals a JSON value; opens it back. */
export const sealJson = (box: SecretBox, value: unknown): string => box.seal(JSON.stringify(value));
export const openJson = <T>(box: SecretBox, sealed: string): T => JSON.parse(box.open(sealed)) as T;
