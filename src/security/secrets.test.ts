import { createCipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, SecretError } from './secrets.js';

const KEY_A = 'a'.repeat(32);
const KEY_B = 'b'.repeat(32);
const PLACE = 'connections/xero/secret';

/** A value as the previous release wrote it: v1, no associated data. Written out here so the format stays readable. */
function sealV1(secret: string, plain: string): string {
  const key = Buffer.from(hkdfSync('sha256', secret, 'magento-xero', 'credentials at rest v1', 32));
  const id = createHash('sha256').update(key).digest('base64url').slice(0, 8);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

describe('secret box', () => {
  it('round-trips and never shows the clear text', () => {
    const box = createSecretBox(KEY_A);
    const sealed = box.seal('refresh-token-123', PLACE);
    expect(sealed).not.toContain('refresh-token-123');
    expect(box.open(sealed, PLACE)).toBe('refresh-token-123');
    expect(box.seal('x', PLACE)).not.toBe(box.seal('x', PLACE));
  });

  it('refuses a tampered ciphertext', () => {
    const box = createSecretBox(KEY_A);
    const parts = box.seal('secret', PLACE).split('.');
    parts[4] = Buffer.from('other').toString('base64url');
    expect(() => box.open(parts.join('.'), PLACE)).toThrow(SecretError);
  });

  it('refuses a tag cut short: GCM alone would check only the bytes given (4 bytes = 2^32 tries to forge)', () => {
    const box = createSecretBox(KEY_A);
    for (const sealed of [box.seal('secret', PLACE), sealV1(KEY_A, 'secret')]) {
      const parts = sealed.split('.');
      for (const bytes of [4, 8, 12, 15]) {
        parts[3] = Buffer.from(sealed.split('.')[3]!, 'base64url').subarray(0, bytes).toString('base64url');
        expect(() => box.open(parts.join('.'), PLACE), `${bytes}-byte tag`).toThrow(/integrity/);
      }
    }
  });

  it('binds a value to its row: a ciphertext copied to another row does not open there', () => {
    const box = createSecretBox(KEY_A);
    const sealed = box.seal('token of row xero', 'connections/xero/secret');
    expect(() => box.open(sealed, 'connections/magento/secret')).toThrow(/integrity/);
    expect(box.open(sealed, 'connections/xero/secret')).toBe('token of row xero');
  });

  it('still opens values of the previous format (no row bound) and calls them stale, so the start-up re-seal binds them', () => {
    const box = createSecretBox(KEY_A);
    const old = sealV1(KEY_A, 'legacy token');
    expect(box.open(old, PLACE)).toBe('legacy token');
    expect(box.isStale(old)).toBe(true);
    expect(box.isStale(box.seal('legacy token', PLACE))).toBe(false);
  });

  it('rotates keys: the old key still opens, and says it is stale', () => {
    const sealedWithA = createSecretBox(KEY_A).seal('token', PLACE);
    const rotated = createSecretBox(KEY_B, [KEY_A]);
    expect(rotated.open(sealedWithA, PLACE)).toBe('token');
    expect(rotated.isStale(sealedWithA)).toBe(true);
    expect(rotated.isStale(rotated.seal('token', PLACE))).toBe(false);
    expect(() => createSecretBox(KEY_B).open(sealedWithA, PLACE)).toThrow(/different SECRET_KEY/);
  });
});
